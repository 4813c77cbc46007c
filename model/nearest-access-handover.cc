// SPDX-License-Identifier: GPL-2.0-only
#include "nearest-access-handover.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("NearestAccessHandover");
NS_OBJECT_ENSURE_REGISTERED(NearestAccessHandover);

TypeId
NearestAccessHandover::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::NearestAccessHandover")
            .SetParent<Object>()
            .SetGroupName("Aset")
            .AddConstructor<NearestAccessHandover>()
            .AddAttribute("CheckInterval",
                          "How often the user's nearest access node is looked for, like a "
                          "radio's measurement reports.",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&NearestAccessHandover::m_checkInterval),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("Hysteresis",
                          "Metres by which another access node must be nearer than the current "
                          "one for a handover.",
                          DoubleValue(20),
                          MakeDoubleAccessor(&NearestAccessHandover::m_hysteresis),
                          MakeDoubleChecker<double>(0))
            .AddTraceSource("Handover",
                            "The client was handed over from one access node to another.",
                            MakeTraceSourceAccessor(&NearestAccessHandover::m_handoverTrace),
                            "ns3::NearestAccessHandover::HandoverTracedCallback");
    return tid;
}

NearestAccessHandover::NearestAccessHandover() = default;
NearestAccessHandover::~NearestAccessHandover() = default;

void
NearestAccessHandover::DoDispose()
{
    Simulator::Cancel(m_checkEvent);
    m_nodes.clear();
    m_positions.clear();
    m_client = nullptr;
    m_user = nullptr;
    Object::DoDispose();
}

void
NearestAccessHandover::AddAccessNode(Ptr<Node> node, const Address& scheduler)
{
    Ptr<MobilityModel> position = node->GetObject<MobilityModel>();
    NS_ABORT_MSG_UNLESS(position,
                        "NearestAccessHandover: access node " << node->GetId()
                                                              << " has no MobilityModel");
    m_nodes.push_back(node);
    m_positions.push_back(position);
    m_schedulers.push_back(scheduler);
}

void
NearestAccessHandover::SetUser(Ptr<InferenceClientApplication> client, Ptr<MobilityModel> user)
{
    m_client = client;
    m_user = user;
}

void
NearestAccessHandover::Start()
{
    NS_ABORT_MSG_IF(m_nodes.empty() || !m_client || !m_user,
                    "NearestAccessHandover::Start needs access nodes and a user");
    m_current = FindNearest();
    m_client->Attach(m_nodes[m_current], m_schedulers[m_current]);
    m_checkEvent = Simulator::Schedule(m_checkInterval, &NearestAccessHandover::Check, this);
}

uint32_t
NearestAccessHandover::GetAccessIndex() const
{
    return m_current;
}

uint64_t
NearestAccessHandover::GetHandoverCount() const
{
    return m_handovers;
}

double
NearestAccessHandover::DistanceTo(uint32_t access) const
{
    return m_user->GetDistanceFrom(m_positions[access]);
}

uint32_t
NearestAccessHandover::FindNearest() const
{
    uint32_t nearest = 0;
    for (uint32_t i = 1; i < m_nodes.size(); ++i)
    {
        if (DistanceTo(i) < DistanceTo(nearest)) // ties: the first node, for determinism
        {
            nearest = i;
        }
    }
    return nearest;
}

void
NearestAccessHandover::Check()
{
    const uint32_t nearest = FindNearest();
    if (nearest != m_current && DistanceTo(m_current) - DistanceTo(nearest) > m_hysteresis)
    {
        const uint32_t from = m_current;
        m_current = nearest;
        ++m_handovers;
        NS_LOG_INFO("client " << m_client->GetClientId() << " handed over from access " << from
                              << " to " << nearest);
        m_client->Attach(m_nodes[m_current], m_schedulers[m_current]);
        m_handoverTrace(m_client->GetClientId(), from, nearest);
    }
    m_checkEvent = Simulator::Schedule(m_checkInterval, &NearestAccessHandover::Check, this);
}

} // namespace ns3
