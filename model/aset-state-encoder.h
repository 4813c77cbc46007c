// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_STATE_ENCODER_H
#define ASET_STATE_ENCODER_H

#include "pool-view.h"
#include "scheduling-policy.h"

#include "ns3/nstime.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Encodes what a scheduler knows into ASET's continuous state vector.
 *
 * Every feature is scaled to about [0, 1] (clipped at a few units), so no
 * input dominates the network. In order:
 *
 * - workload, per application slot (MaxApplications): arrival rate over
 *   the last ~50 ms and over the last ~1 s (exponentially decayed counts,
 *   in units of 1000 queries/s), and the application's deadline (in s);
 * - pool, per cluster slot (MaxClusters, clusters in id order): live (0/1),
 *   queries per replica at its most loaded instance (beacon queue and busy
 *   replicas plus the ones this scheduler sent since, in units of 10),
 *   mean utilisation in the last beacon, estimated round trip (in units of
 *   100 ms), smoothed success ratio of its observed responses, tier
 *   (0 access .. 1 cloud), and the smoothed ratio of its measured service
 *   time to the catalogue's (in units of 10: 0.1 as catalogued, 0.6 for
 *   hardware six times slower), which tells secretly slowed hardware apart
 *   from a merely busy cluster;
 * - with the outlook (the policy action space): the query's expected slack
 *   (SchedulingPolicy::GetExpectedSlack, as a fraction of its deadline, in
 *   [-1, 1]) at its nearest feasible instance (closest's choice), at its
 *   best one (earliest-expected-completion's) and on average over them all
 *   (random's expectation): whether keeping queries near is safe right now,
 *   and what moving them would gain;
 * - with query features (the per-query action space): the query's task,
 *   one-hot over MaxTasks, its minimum accuracy (in units of 100%), deadline
 *   (s) and time already spent in the network (units of 100 ms).
 *
 * Applications, clusters and tasks beyond the slots are not seen.
 */
class AsetStateEncoder
{
  public:
    struct Layout
    {
        uint32_t maxApplications{4};
        uint32_t maxClusters{8};
        uint32_t maxTasks{4};
        bool queryFeatures{false};
        bool outlook{false};

        uint32_t GetSize() const;
    };

    static constexpr uint32_t kWorkloadFeatures = 3;
    static constexpr uint32_t kClusterFeatures = 7;
    static constexpr uint32_t kQueryFeatures = 3; //!< besides the task one-hot
    static constexpr uint32_t kOutlookFeatures = 3;

    explicit AsetStateEncoder(const Layout& layout);

    const Layout& GetLayout() const;

    /// Counts a query arrival of \p query's application (call for every query).
    void CountArrival(const QueryContext& query);
    /**
     * Writes Layout::GetSize() features into \p out. \p feasible are the
     * query's feasible instances, for the outlook (none: zeros).
     */
    void Encode(const PoolView& pool,
                const QueryContext& query,
                const std::vector<Candidate>& feasible,
                float* out);

  private:
    /// Exponentially decayed arrival count: count / tau estimates the rate.
    struct DecayedCount
    {
        double count{0};
        Time last;

        void Decay(Time now, double tauSeconds);
    };

    Layout m_layout;
    std::vector<DecayedCount> m_short;
    std::vector<DecayedCount> m_long;
    std::vector<double> m_deadlines;
};

} // namespace ns3

#endif // ASET_STATE_ENCODER_H
