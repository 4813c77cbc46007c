// SPDX-License-Identifier: GPL-2.0-only
#include "scheduling-policy.h"

#include "ns3/boolean.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SchedulingPolicy");
NS_OBJECT_ENSURE_REGISTERED(SchedulingPolicy);

TypeId
SchedulingPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SchedulingPolicy")
            .SetParent<Object>()
            .SetGroupName("Aset")
            .AddAttribute("AccuracyFallback",
                          "When no live variant meets a query's minimum accuracy, serve it "
                          "with the most accurate ones (it ends failed_accuracy) instead of "
                          "rejecting it.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SchedulingPolicy::m_accuracyFallback),
                          MakeBooleanChecker());
    return tid;
}

SchedulingPolicy::SchedulingPolicy() = default;
SchedulingPolicy::~SchedulingPolicy() = default;

int64_t
SchedulingPolicy::AssignStreams(int64_t)
{
    return 0;
}

Time
SchedulingPolicy::GetExpectedSlack(const QueryContext& query, const Candidate& c)
{
    // The way back to the client is taken to be as long as the way here was.
    return query.deadline - query.elapsed * 2 - c.GetExpectedCompletion();
}

Time
SchedulingPolicy::GetMeasuredExpectedSlack(const QueryContext& query, const Candidate& c)
{
    return query.deadline - query.elapsed * 2 - c.GetMeasuredExpectedCompletion();
}

bool
SchedulingPolicy::CanChoose(const std::vector<Candidate>& feasible) const
{
    return !feasible.empty();
}

std::optional<std::size_t>
SchedulingPolicy::Choose(const QueryContext& query, const std::vector<Candidate>& feasible)
{
    return DoChoose(query, feasible);
}

void
SchedulingPolicy::NotifyDecision(const QueryContext&, const SchedulingDecision&)
{
}

void
SchedulingPolicy::DoPrepare(const QueryContext&, const PoolView&)
{
}

void
SchedulingPolicy::NotifyOutcome(uint32_t, uint64_t, bool, Time)
{
}

SchedulingDecision
SchedulingPolicy::Decide(const QueryContext& query, const PoolView& pool)
{
    DoPrepare(query, pool);
    SchedulingDecision decision;
    Ptr<ModelCatalogue> catalogue = pool.GetCatalogue();
    if (query.taskId >= catalogue->GetTaskCount())
    {
        decision.reason = RejectReason::UNKNOWN_TASK;
        return decision;
    }
    if (!pool.HasLiveCluster(query.now))
    {
        decision.reason = RejectReason::NO_POOL_INFORMATION;
        return decision;
    }
    pool.GetCandidates(query.taskId, query.now, m_candidates);
    if (m_candidates.empty())
    {
        decision.reason = RejectReason::NO_INSTANCE_FOR_TASK;
        return decision;
    }
    m_feasible.clear();
    for (const auto& c : m_candidates)
    {
        if (c.accuracy >= query.minAccuracy)
        {
            m_feasible.push_back(c);
        }
    }
    if (m_feasible.empty())
    {
        if (!m_accuracyFallback)
        {
            decision.reason = RejectReason::NO_ACCURATE_VARIANT;
            return decision;
        }
        const double best = std::max_element(m_candidates.begin(),
                                             m_candidates.end(),
                                             [](const Candidate& a, const Candidate& b) {
                                                 return a.accuracy < b.accuracy;
                                             })
                                ->accuracy;
        for (const auto& c : m_candidates)
        {
            if (c.accuracy == best)
            {
                m_feasible.push_back(c);
            }
        }
    }
    const std::optional<std::size_t> choice = Choose(query, m_feasible);
    if (!choice)
    {
        decision.reason = RejectReason::NO_INSTANCE_FOR_TASK;
        return decision;
    }
    decision.placed = true;
    decision.target = m_feasible[*choice];
    return decision;
}

} // namespace ns3
