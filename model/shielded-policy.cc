// SPDX-License-Identifier: GPL-2.0-only
#include "shielded-policy.h"

#include "static-scheduling-policies.h"

#include "ns3/double.h"
#include "ns3/object-factory.h"
#include "ns3/string.h"

#include <stdexcept>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(ShieldedPolicy);

TypeId
ShieldedPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ShieldedPolicy")
            .SetParent<SchedulingPolicy>()
            .SetGroupName("Aset")
            .AddConstructor<ShieldedPolicy>()
            .AddAttribute("Delegate",
                          "The static policy whose choices the shield checks, by its short name.",
                          StringValue("closest"),
                          MakeStringAccessor(&ShieldedPolicy::SetDelegate, &ShieldedPolicy::GetDelegate),
                          MakeStringChecker())
            .AddAttribute("ShieldMargin",
                          "The expected slack, as a fraction of the query's deadline, under which the "
                          "shield moves a query (AsetPolicy's ShieldMargin).",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&ShieldedPolicy::SetMargin, &ShieldedPolicy::GetMargin),
                          MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

ShieldedPolicy::ShieldedPolicy() = default;

void
ShieldedPolicy::SetDelegate(const std::string& name)
{
    try
    {
        m_delegate = CreateStaticPolicy(name); // an unknown name is reported when set, not mid-run
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(std::string("ns3::ShieldedPolicy::Delegate: ") + e.what());
    }
    m_delegateName = name;
}

std::string
ShieldedPolicy::GetDelegate() const
{
    return m_delegateName;
}

void
ShieldedPolicy::SetMargin(double margin)
{
    m_shield.SetMargin(margin);
}

double
ShieldedPolicy::GetMargin() const
{
    return m_shield.GetMargin();
}

std::string
ShieldedPolicy::GetName() const
{
    return m_delegateName + "+shield";
}

int64_t
ShieldedPolicy::AssignStreams(int64_t stream)
{
    return m_delegate->AssignStreams(stream);
}

bool
ShieldedPolicy::CanChoose(const std::vector<Candidate>& feasible) const
{
    return m_delegate->CanChoose(feasible);
}

uint64_t
ShieldedPolicy::GetShieldedCount() const
{
    return m_shieldedCount;
}

void
ShieldedPolicy::DoDispose()
{
    m_delegate = nullptr;
    SchedulingPolicy::DoDispose();
}

std::optional<std::size_t>
ShieldedPolicy::DoChoose(const QueryContext& query, const std::vector<Candidate>& feasible)
{
    const auto choice = m_delegate->Choose(query, feasible);
    if (!choice)
    {
        return choice;
    }
    const std::size_t shielded = m_shield.Check(query, feasible, *choice);
    m_shieldedCount += shielded != *choice ? 1 : 0;
    return shielded;
}

} // namespace ns3
