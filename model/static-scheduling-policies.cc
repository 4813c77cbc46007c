// SPDX-License-Identifier: GPL-2.0-only
#include "static-scheduling-policies.h"

#include "ns3/object-factory.h"

#include <algorithm>
#include <stdexcept>
#include <tuple>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(ClosestPolicy);
NS_OBJECT_ENSURE_REGISTERED(RandomPolicy);
NS_OBJECT_ENSURE_REGISTERED(RoundRobinPolicy);
NS_OBJECT_ENSURE_REGISTERED(LeastLoadedPolicy);
NS_OBJECT_ENSURE_REGISTERED(CloudOnlyPolicy);
NS_OBJECT_ENSURE_REGISTERED(EarliestExpectedCompletionPolicy);

namespace
{
/// Index of the smallest element by \p key; the first wins ties, so choices are deterministic.
template <typename Key>
std::size_t
ArgMin(const std::vector<Candidate>& candidates, Key key)
{
    return std::min_element(candidates.begin(),
                            candidates.end(),
                            [&](const Candidate& a, const Candidate& b) { return key(a) < key(b); }) -
           candidates.begin();
}
} // namespace

// ---- closest ----

TypeId
ClosestPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::ClosestPolicy")
                            .SetParent<SchedulingPolicy>()
                            .SetGroupName("Aset")
                            .AddConstructor<ClosestPolicy>();
    return tid;
}

std::string
ClosestPolicy::GetName() const
{
    return "closest";
}

std::size_t
ClosestPolicy::Nearest(const std::vector<Candidate>& feasible)
{
    return ArgMin(feasible, [](const Candidate& c) { return std::make_tuple(c.rtt, c.serviceTime); });
}

std::optional<std::size_t>
ClosestPolicy::DoChoose(const QueryContext&, const std::vector<Candidate>& feasible)
{
    return Nearest(feasible);
}

// ---- random ----

TypeId
RandomPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RandomPolicy")
                            .SetParent<SchedulingPolicy>()
                            .SetGroupName("Aset")
                            .AddConstructor<RandomPolicy>();
    return tid;
}

RandomPolicy::RandomPolicy()
    : m_uniform(CreateObject<UniformRandomVariable>())
{
}

std::string
RandomPolicy::GetName() const
{
    return "random";
}

int64_t
RandomPolicy::AssignStreams(int64_t stream)
{
    m_uniform->SetStream(stream);
    return 1;
}

std::optional<std::size_t>
RandomPolicy::DoChoose(const QueryContext&, const std::vector<Candidate>& feasible)
{
    return m_uniform->GetInteger(0, static_cast<uint32_t>(feasible.size() - 1));
}

// ---- round-robin ----

TypeId
RoundRobinPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RoundRobinPolicy")
                            .SetParent<SchedulingPolicy>()
                            .SetGroupName("Aset")
                            .AddConstructor<RoundRobinPolicy>();
    return tid;
}

std::string
RoundRobinPolicy::GetName() const
{
    return "round-robin";
}

std::optional<std::size_t>
RoundRobinPolicy::DoChoose(const QueryContext& query, const std::vector<Candidate>& feasible)
{
    return m_nextByTask[query.taskId]++ % feasible.size();
}

// ---- least-loaded ----

TypeId
LeastLoadedPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::LeastLoadedPolicy")
                            .SetParent<SchedulingPolicy>()
                            .SetGroupName("Aset")
                            .AddConstructor<LeastLoadedPolicy>();
    return tid;
}

std::string
LeastLoadedPolicy::GetName() const
{
    return "least-loaded";
}

std::optional<std::size_t>
LeastLoadedPolicy::DoChoose(const QueryContext&, const std::vector<Candidate>& feasible)
{
    return ArgMin(feasible, [](const Candidate& c) {
        return std::make_tuple(c.GetBeaconLoadPerReplica(), c.rtt);
    });
}

// ---- cloud-only ----

TypeId
CloudOnlyPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::CloudOnlyPolicy")
                            .SetParent<SchedulingPolicy>()
                            .SetGroupName("Aset")
                            .AddConstructor<CloudOnlyPolicy>();
    return tid;
}

std::string
CloudOnlyPolicy::GetName() const
{
    return "cloud-only";
}

/// The instances cloud-only keeps to; CanChoose() and DoChoose() agree through it.
static bool
InCloud(const Candidate& c)
{
    return c.tier == ClusterTier::CLOUD;
}

bool
CloudOnlyPolicy::CanChoose(const std::vector<Candidate>& feasible) const
{
    return std::any_of(feasible.begin(), feasible.end(), InCloud);
}

std::optional<std::size_t>
CloudOnlyPolicy::DoChoose(const QueryContext&, const std::vector<Candidate>& feasible)
{
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < feasible.size(); ++i)
    {
        if (InCloud(feasible[i]) &&
            (!best || feasible[i].GetExpectedCompletion() < feasible[*best].GetExpectedCompletion()))
        {
            best = i;
        }
    }
    return best;
}

// ---- earliest-expected-completion ----

TypeId
EarliestExpectedCompletionPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::EarliestExpectedCompletionPolicy")
                            .SetParent<SchedulingPolicy>()
                            .SetGroupName("Aset")
                            .AddConstructor<EarliestExpectedCompletionPolicy>();
    return tid;
}

std::string
EarliestExpectedCompletionPolicy::GetName() const
{
    return "earliest-expected-completion";
}

std::size_t
EarliestExpectedCompletionPolicy::Earliest(const QueryContext& query, const std::vector<Candidate>& feasible)
{
    // Largest slack = smallest negated slack.
    return ArgMin(feasible, [&](const Candidate& c) { return Time(0) - GetExpectedSlack(query, c); });
}

std::optional<std::size_t>
EarliestExpectedCompletionPolicy::DoChoose(const QueryContext& query,
                                         const std::vector<Candidate>& feasible)
{
    return Earliest(query, feasible);
}

const std::vector<std::pair<std::string, std::string>>&
GetStaticPolicyNames()
{
    static const std::vector<std::pair<std::string, std::string>> names = {
        {"closest", "ns3::ClosestPolicy"},
        {"random", "ns3::RandomPolicy"},
        {"round-robin", "ns3::RoundRobinPolicy"},
        {"least-loaded", "ns3::LeastLoadedPolicy"},
        {"cloud-only", "ns3::CloudOnlyPolicy"},
        {"earliest-expected-completion", "ns3::EarliestExpectedCompletionPolicy"},
    };
    return names;
}

std::size_t
GetStaticPolicyIndex(const std::string& name)
{
    const auto& names = GetStaticPolicyNames();
    for (std::size_t i = 0; i < names.size(); ++i)
    {
        if (names[i].first == name)
        {
            return i;
        }
    }
    std::string known;
    for (const auto& n : names)
    {
        known += (known.empty() ? "" : ", ") + n.first;
    }
    throw std::invalid_argument("\"" + name + "\" is not a static policy (" + known + ")");
}

Ptr<SchedulingPolicy>
CreateStaticPolicy(const std::string& name)
{
    ObjectFactory factory(GetStaticPolicyNames()[GetStaticPolicyIndex(name)].second);
    return factory.Create<SchedulingPolicy>();
}

} // namespace ns3
