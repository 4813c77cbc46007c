// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_STATE_ENCODER_H
#define ASET_STATE_ENCODER_H

#include "aset-observation.h"
#include "pool-view.h"
#include "scheduling-policy.h"

#include "ns3/nstime.h"

#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Encodes what a scheduler knows into ASET's observation: a context
 * vector and one feature row per feasible instance.
 *
 * Nothing depends on how many clusters, applications or tasks there are, nor
 * on how they are numbered: clusters count through aggregates per tier group
 * (every known cluster contributes), an instance is described relative to
 * the query and to the other feasible instances, and the workload through
 * the query's own application. Times are in units of the query's deadline
 * where that is what matters, and every feature is scaled to about [-1, 1]
 * (clipped at a few units), so that no input dominates the network.
 *
 * Context (kContextFeatures), in order:
 * - query: deadline (s), minimum accuracy (in units of 100%), time already
 *   spent in the network (in deadlines);
 * - workload at this scheduler: arrival rate over the last ~50 ms and ~1 s,
 *   of all queries and of the query's application (LogRate: 0 at none, 1 at
 *   10,000 queries/s), and the application's share of the arrivals;
 * - outlook: the query's expected slack (in deadlines, in [-1, 1]) at its
 *   nearest feasible instance (closest's choice), at its best one and on
 *   average, by the catalogue's service times
 *   (SchedulingPolicy::GetExpectedSlack) and by the measured ones
 *   (GetMeasuredExpectedSlack): whether keeping the query near is safe, and
 *   whether the catalogue still holds;
 * - per tier group (far edge; near edge and core; cloud), over the known
 *   clusters: live ones (log2(1 + n) / 5), mean and lowest queries per
 *   replica at a cluster's most loaded instance (in units of 10), mean
 *   utilisation, lowest round trip (in deadlines), mean measured/catalogued
 *   service time (log2, in units of 4: 0 as catalogued), mean observed
 *   success ratio; zeros for a group with no live cluster;
 * - the pool: share of the known clusters that are live, feasible instances
 *   (log2(1 + n) / 8), mean beacon age of the live clusters (units of 100 ms).
 *
 * Instance (kInstanceFeatures), for each feasible instance:
 * - expected slack by the catalogue and measured (in deadlines, [-1, 1]),
 *   and each minus the best of the feasible instances (in [-1, 0]);
 * - the measured slack again, with the queue extrapolated over the beacon's
 *   age at the growth seen between the last two beacons (what the other
 *   schedulers have sent there since, as far as a scheduler can tell), and
 *   that growth (queries per replica per second, units of 100);
 * - round trip and its excess over the nearest instance's, catalogue service
 *   time (all in deadlines, up to 2), measured/catalogued service time (log2,
 *   units of 4, in [-1, 1]);
 * - queries per replica ahead (beacon plus sent since, units of 10), queue
 *   fill, utilisation, replicas (log2(1 + n) / 6), the cluster's observed
 *   success ratio, beacon age (units of 100 ms), accuracy above the query's
 *   minimum (units of 100%);
 * - tier group and hardware class, one-hot.
 *
 * closest's choice is the instance whose round trip exceeds the nearest's by
 * zero, earliest-expected-completion's the one whose slack falls short of
 * the best by zero: the network sees both without flags of their own.
 */
class AsetStateEncoder
{
  public:
    static constexpr uint32_t kTierGroups = 3;
    static constexpr uint32_t kTierGroupFeatures = 7;
    static constexpr uint32_t kContextFeatures = 3 + 5 + 6 + kTierGroups * kTierGroupFeatures + 3;
    static constexpr uint32_t kInstanceFeatures = 17 + kTierGroups + kHardwareClassCount;

    /// The tier group of \p tier: 0 far edge (and access), 1 near edge and core, 2 cloud.
    static uint32_t GetTierGroup(ClusterTier tier);
    /// Names of the tier groups, for tables and plots: far-edge, near-edge, cloud.
    static const std::vector<std::string>& GetTierGroupNames();
    /// log10(1 + rate) / 4, at most 1.25: a rate in queries/s on a scale from 1 to 10^5.
    static float LogRate(double rate);

    /// Counts a query arrival (call for every query, feasible or not).
    void CountArrival(const QueryContext& query);

    /**
     * Writes kContextFeatures features into \p out. \p feasible are the
     * query's feasible instances (none: no outlook, zeros).
     */
    void EncodeContext(const PoolView& pool,
                       const QueryContext& query,
                       const std::vector<Candidate>& feasible,
                       float* out);
    /**
     * Encodes the context and, as its action rows, kInstanceFeatures
     * features for each of \p feasible (the instance action space).
     */
    void EncodeInstanceObservation(const PoolView& pool,
                                   const QueryContext& query,
                                   const std::vector<Candidate>& feasible,
                                   AsetObservation& out);

    /// The clusters the last context counted: every cluster the scheduler knows of.
    uint32_t GetClustersCounted() const;

  private:
    /// A feasible instance's times, in seconds, as SchedulingPolicy's slack estimates have them.
    struct Times
    {
        double rtt{0};
        double service{0};  //!< the catalogue's, at batch 1
        double slack{0};    //!< GetExpectedSlack
        double measured{0}; //!< GetMeasuredExpectedSlack
        double trend{0};    //!< measured, with the queue grown at the beacons' trend
    };

    /// Fills m_times for \p feasible, and which of them closest and the slack pick.
    void EstimateTimes(const QueryContext& query, const std::vector<Candidate>& feasible);
    /// The context, from m_times for the outlook.
    void WriteContext(const PoolView& pool, const QueryContext& query, float* out);
    /// The instances' rows, from m_times.
    void WriteInstances(const QueryContext& query, const std::vector<Candidate>& feasible, float* out) const;

    /// Exponentially decayed arrival count: count / tau estimates the rate.
    struct DecayedCount
    {
        double count{0};
        Time last;

        void Add(Time now, double tauSeconds);
        double RateAt(Time now, double tauSeconds);
    };

    struct Arrivals
    {
        DecayedCount recent; //!< over ~50 ms
        DecayedCount steady; //!< over ~1 s
    };

    Arrivals m_all;
    std::unordered_map<uint16_t, Arrivals> m_byApplication;
    uint32_t m_clustersCounted{0};
    std::vector<Times> m_times; //!< per feasible instance; reused: a decision allocates nothing
    std::size_t m_nearest{0};          //!< closest's choice
    std::size_t m_earliest{0};         //!< the most expected slack, by the catalogue
    std::size_t m_earliestMeasured{0}; //!< the most expected slack, measured
};

} // namespace ns3

#endif // ASET_STATE_ENCODER_H
