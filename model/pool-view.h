// SPDX-License-Identifier: GPL-2.0-only
#ifndef POOL_VIEW_H
#define POOL_VIEW_H

#include "aset-types.h"
#include "cluster-beacon-header.h"
#include "inference-query-header.h"
#include "model-catalogue.h"

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <map>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief One place a query could go, as a scheduler sees it: an instance
 * and what the scheduler last learnt about it.
 */
struct Candidate
{
    uint16_t clusterId{0};
    uint16_t instanceIndex{0};
    uint16_t variantId{0};
    HardwareClass hardware{HardwareClass::CPU};
    ClusterTier tier{ClusterTier::FAR_EDGE};
    double accuracy{0};      //!< percent
    Time rtt;                //!< estimated network round trip to the cluster
    Time serviceTime;        //!< catalogue latency of one query at batch 1
    InstanceLoad load;       //!< as of the last beacon
    /// Queries this scheduler sent there since that beacon and has not seen answered yet.
    uint32_t unansweredSinceBeacon{0};
    Time beaconAge;
    /// Growth of the queries ahead, per replica and second, between the last two beacons.
    double loadGrowth{0};
    /// The cluster's measured service time over the catalogue's (PoolView::ClusterState::serviceRatio).
    double serviceRatio{1.0};
    /// The cluster's smoothed share of observed successes (PoolView::ClusterState::successRatio).
    double successRatio{1.0};

    /// Queries ahead of a new one, per replica, by the last beacon only.
    double GetBeaconLoadPerReplica() const;
    /// Queries ahead of a new one, per replica: the beacon's plus those this scheduler sent since.
    double GetLoadPerReplica() const;
    /**
     * Expected time from forwarding to the response's arrival back here:
     * round trip, plus the wait behind the queries known to be ahead (the
     * beacon's, plus those this scheduler sent since), plus service, at the
     * catalogue's service time.
     */
    Time GetExpectedCompletion() const;
    /**
     * The same at the service time this scheduler measured there (the
     * catalogue's times serviceRatio): hardware slower than catalogued, which
     * the catalogue cannot tell, shows in the wait and the service.
     */
    Time GetMeasuredExpectedCompletion() const;

  private:
    Time ExpectedCompletionAt(Time service) const;
};

/**
 * \ingroup aset
 * \brief A scheduler's knowledge of the cluster pool, built only from what
 * reaches it over the network: load beacons, and the responses it relays
 * (which give round-trip samples and observed outcomes).
 */
class PoolView
{
  public:
    /// What the scheduler knows of one cluster.
    struct ClusterState
    {
        uint16_t clusterId{0};
        ClusterTier tier{ClusterTier::FAR_EDGE};
        Ipv4Address address;
        uint16_t queryPort{0};
        bool up{true};
        Time lastBeacon;
        Time rtt;
        bool rttFromResponses{false};
        double successRatio{1.0}; //!< smoothed share of relayed responses that met their requirements
        /// Smoothed ratio of measured service time (from the responses' timestamps) to the
        /// catalogue's for the batch served: 1 as catalogued, above 1 for slower hardware.
        double serviceRatio{1.0};
        std::vector<InstanceLoad> instances;
        std::vector<uint32_t> unansweredSinceBeacon;
        /// Per instance: growth of queue plus busy replicas, per replica and second, between
        /// the last two beacons. The queries every scheduler sends show in it, ours and others'.
        std::vector<double> loadGrowth;
        /// Dispatch time of the first query sent since the last response or beacon; negative if none.
        Time firstUnanswered{-1};
    };

    PoolView() = default;
    PoolView(Ptr<ModelCatalogue> catalogue, Time staleAfter, double rttGain, double successGain);

    /**
     * With a positive \p timeout, a cluster that has answered nothing for
     * \p timeout after the first query sent to it since its last response or
     * beacon is not live until its next response or beacon (a time-out on
     * top of the beacons' StaleAfter). Zero, the default, disables it.
     */
    void SetResponseTimeout(Time timeout);

    void ObserveBeacon(const ClusterBeaconHeader& beacon, Ipv4Address from, Time now);
    /// Records that a query was sent to an instance at \p now (counted until answered or the next beacon).
    void NoteDispatch(uint16_t clusterId, uint16_t instanceIndex, Time now);
    /// Learns from a response relayed back: round-trip sample, outcome, one query fewer ahead.
    /// \returns whether the response means success: served within the deadline, accurately enough.
    bool ObserveResponse(const InferenceQueryHeader& response, Time now);

    /// Instances of live clusters whose variant serves \p taskId, ordered by (cluster, instance).
    void GetCandidates(uint16_t taskId, Time now, std::vector<Candidate>& out) const;
    bool HasLiveCluster(Time now) const;
    bool IsLive(const ClusterState& cluster, Time now) const;
    const ClusterState* FindCluster(uint16_t clusterId) const;
    const std::map<uint16_t, ClusterState>& GetClusters() const;
    Ptr<ModelCatalogue> GetCatalogue() const;

  private:
    /// Sets \p cluster's loadGrowth from its current loads to \p next, a beacon received at \p now.
    static void NoteLoadGrowth(ClusterState& cluster, const std::vector<InstanceLoad>& next, Time now);

    Ptr<ModelCatalogue> m_catalogue;
    Time m_staleAfter;
    double m_rttGain{0.125};
    double m_successGain{0.05};
    Time m_responseTimeout{0};
    std::map<uint16_t, ClusterState> m_clusters;
};

} // namespace ns3

#endif // POOL_VIEW_H
