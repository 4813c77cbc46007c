// SPDX-License-Identifier: GPL-2.0-only
#include "nearby-first-policy.h"

#include "ns3/static-scheduling-policies.h"

namespace ns3
{

// Registers the TypeId as the program starts or, built as a plugin, as
// --policy-library loads it. From then on "ns3::NearbyFirstPolicy" names the
// policy (--policy, SchedulerApplication's Policy attribute) and
// --ns3::NearbyFirstPolicy::MaxRoundTrip=<time> sets its attribute.
NS_OBJECT_ENSURE_REGISTERED(NearbyFirstPolicy);

TypeId
NearbyFirstPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::NearbyFirstPolicy")
            .SetParent<SchedulingPolicy>()
            .SetGroupName("Aset")
            // Schedulers create their policy from its TypeId: no constructor, no policy.
            .AddConstructor<NearbyFirstPolicy>()
            .AddAttribute("MaxRoundTrip",
                          "Estimated round trip within which an instance counts as nearby. "
                          "The default takes in the far-edge and near-edge sites of the "
                          "default network (about 0.1 to 2 ms from a gateway) and leaves out "
                          "the cloud (about 23 ms).",
                          TimeValue(MilliSeconds(5)),
                          MakeTimeAccessor(&NearbyFirstPolicy::m_maxRoundTrip),
                          MakeTimeChecker(Seconds(0)));
    return tid;
}

std::string
NearbyFirstPolicy::GetName() const
{
    // Names the policy's row in tables and summary.json, and its files
    // (queries-nearby-first.csv): keep it short and free of '/'.
    return "nearby-first";
}

std::optional<std::size_t>
NearbyFirstPolicy::DoChoose(const QueryContext& /* query: task, deadline, ...; unused here */,
                            const std::vector<Candidate>& feasible)
{
    // SchedulingPolicy::Decide() has already kept only the feasible instances
    // (live clusters, a variant of the query's task, accurate enough), and
    // rejected the query itself if none is left: feasible is never empty.
    // A Candidate is what this scheduler learnt over the network (smoothed
    // round trips, the latest load beacon), so it may be out of date.
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < feasible.size(); ++i)
    {
        const Candidate& c = feasible[i];
        // Strictly earlier only: ties go to the first instance, so that runs
        // are deterministic.
        if (c.rtt <= m_maxRoundTrip &&
            (!best || c.GetExpectedCompletion() < feasible[*best].GetExpectedCompletion()))
        {
            best = i;
        }
    }
    // Nothing nearby: closest's rule (a static function any policy may call).
    // Returning std::nullopt instead would reject the query.
    return best ? best : ClosestPolicy::Nearest(feasible);
}

} // namespace ns3
