// SPDX-License-Identifier: GPL-2.0-only
#include "pool-view.h"

#include "ns3/log.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PoolView");

double
Candidate::GetBeaconLoadPerReplica() const
{
    return double(load.queueLength + load.busyReplicas) / load.replicas;
}

double
Candidate::GetLoadPerReplica() const
{
    return double(load.queueLength + load.busyReplicas + uint64_t(unansweredSinceBeacon)) / load.replicas;
}

Time
Candidate::ExpectedCompletionAt(Time service) const
{
    const uint64_t jobsAhead = uint64_t(load.queueLength) + unansweredSinceBeacon + load.busyReplicas;
    const uint64_t waitingRounds = jobsAhead >= load.replicas ? jobsAhead - load.replicas + 1 : 0;
    return rtt + service * int64_t(waitingRounds) / int64_t(load.replicas) + service;
}

Time
Candidate::GetExpectedCompletion() const
{
    return ExpectedCompletionAt(serviceTime);
}

Time
Candidate::GetMeasuredExpectedCompletion() const
{
    // Whole nanoseconds: a ratio times a Time of at most seconds stays far inside int64.
    return ExpectedCompletionAt(NanoSeconds(std::llround(serviceTime.GetNanoSeconds() * serviceRatio)));
}

PoolView::PoolView(Ptr<ModelCatalogue> catalogue, Time staleAfter, double rttGain, double successGain)
    : m_catalogue(catalogue),
      m_staleAfter(staleAfter),
      m_rttGain(rttGain),
      m_successGain(successGain)
{
}

void
PoolView::SetResponseTimeout(Time timeout)
{
    m_responseTimeout = timeout;
}

void
PoolView::ObserveBeacon(const ClusterBeaconHeader& beacon, Ipv4Address from, Time now)
{
    auto [it, isNew] = m_clusters.try_emplace(beacon.clusterId);
    ClusterState& cluster = it->second;
    cluster.clusterId = beacon.clusterId;
    cluster.tier = beacon.tier;
    cluster.address = from;
    cluster.queryPort = beacon.queryPort;
    cluster.up = beacon.up != 0;
    NoteLoadGrowth(cluster, beacon.instances, now);
    cluster.lastBeacon = now;
    // Until responses give real samples, twice the beacon's one-way delay
    // (simulation clocks are synchronised, as with PTP) stands for the round trip.
    if (!cluster.rttFromResponses)
    {
        cluster.rtt = (now - beacon.sendTime) * 2;
    }
    cluster.instances = beacon.instances;
    cluster.unansweredSinceBeacon.assign(cluster.instances.size(), 0);
    cluster.firstUnanswered = Time(-1); // it is alive: the response time-out starts again
    NS_LOG_DEBUG("beacon from cluster " << beacon.clusterId << " at " << from << (isNew ? " (new)" : ""));
}

void
PoolView::NoteLoadGrowth(ClusterState& cluster, const std::vector<InstanceLoad>& next, Time now)
{
    const double seconds = (now - cluster.lastBeacon).GetSeconds();
    const bool comparable = cluster.instances.size() == next.size() && seconds > 0;
    cluster.loadGrowth.assign(next.size(), 0.0);
    for (std::size_t i = 0; comparable && i < next.size(); ++i)
    {
        const InstanceLoad& before = cluster.instances[i];
        const InstanceLoad& after = next[i];
        if (before.variantId == after.variantId && after.replicas > 0)
        {
            const double ahead = double(after.queueLength) + after.busyReplicas;
            const double aheadBefore = double(before.queueLength) + before.busyReplicas;
            cluster.loadGrowth[i] = (ahead - aheadBefore) / after.replicas / seconds;
        }
    }
}

void
PoolView::NoteDispatch(uint16_t clusterId, uint16_t instanceIndex, Time now)
{
    auto it = m_clusters.find(clusterId);
    if (it != m_clusters.end() && instanceIndex < it->second.unansweredSinceBeacon.size())
    {
        ++it->second.unansweredSinceBeacon[instanceIndex];
        if (it->second.firstUnanswered.IsStrictlyNegative())
        {
            it->second.firstUnanswered = now;
        }
    }
}

bool
PoolView::ObserveResponse(const InferenceQueryHeader& response, Time now)
{
    // The way back to the client is about as long as the way here from it.
    const Time elapsedAtClient = (now - response.clientSendTime) +
                                 (response.schedulerForwardTime - response.clientSendTime);
    const bool success = response.status == InferenceQueryHeader::Status::SERVED &&
                         elapsedAtClient <= response.deadline &&
                         response.servedAccuracyCenti >= response.minAccuracyCenti;
    auto it = m_clusters.find(response.clusterId);
    if (it == m_clusters.end())
    {
        return success;
    }
    ClusterState& cluster = it->second;
    cluster.firstUnanswered = Time(-1);
    // A query forwarded after the last beacon is not in that beacon's counts
    // but in ours: now that it is answered, it is no longer ahead of anyone.
    if (response.instanceIndex < cluster.unansweredSinceBeacon.size() &&
        response.schedulerForwardTime >= cluster.lastBeacon &&
        cluster.unansweredSinceBeacon[response.instanceIndex] > 0)
    {
        --cluster.unansweredSinceBeacon[response.instanceIndex];
    }
    if (response.status == InferenceQueryHeader::Status::SERVED ||
        response.status == InferenceQueryHeader::Status::DROPPED)
    {
        // Time spent inside the cluster is not network delay.
        const Time residence = response.status == InferenceQueryHeader::Status::SERVED
                                   ? response.serviceEndTime - response.clusterArrivalTime
                                   : Time(0);
        const Time sample = now - response.schedulerForwardTime - residence;
        // Scaled by its magnitude: ns-3's Time * double shifts a negative integer
        // left (undefined behaviour); int64x64_t's product and rounding are
        // symmetric, so the estimate is the same Time either way.
        const Time step = sample - cluster.rtt;
        const Time scaledStep =
            step.IsNegative() ? Time(0) - (Time(0) - step) * m_rttGain : step * m_rttGain;
        cluster.rtt = cluster.rttFromResponses ? cluster.rtt + scaledStep : sample;
        cluster.rttFromResponses = true;
    }
    cluster.successRatio += ((success ? 1.0 : 0.0) - cluster.successRatio) * m_successGain;
    // How fast the hardware really serves: the response's service time against the
    // catalogue's, when the instance, variant and batch are ones the catalogue knows.
    if (response.status == InferenceQueryHeader::Status::SERVED &&
        response.variantId < m_catalogue->GetVariantCount() &&
        response.instanceIndex < cluster.instances.size() &&
        cluster.instances[response.instanceIndex].variantId == response.variantId &&
        response.serviceEndTime > response.serviceStartTime)
    {
        const HardwareClass hardware = cluster.instances[response.instanceIndex].hardware;
        // GetMaxBatch is 0 where the variant does not run on that hardware.
        if (response.batchSize >= 1 &&
            response.batchSize <= m_catalogue->GetVariant(response.variantId).GetMaxBatch(hardware))
        {
            const Time catalogued =
                m_catalogue->GetBatchLatency(response.variantId, hardware, response.batchSize);
            if (catalogued.IsStrictlyPositive())
            {
                const double ratio = (response.serviceEndTime - response.serviceStartTime).GetSeconds() /
                                     catalogued.GetSeconds();
                cluster.serviceRatio += (ratio - cluster.serviceRatio) * m_rttGain;
            }
        }
    }
    return success;
}

bool
PoolView::IsLive(const ClusterState& cluster, Time now) const
{
    return cluster.up && now - cluster.lastBeacon <= m_staleAfter &&
           !(m_responseTimeout.IsStrictlyPositive() && !cluster.firstUnanswered.IsStrictlyNegative() &&
             now - cluster.firstUnanswered > m_responseTimeout);
}

bool
PoolView::HasLiveCluster(Time now) const
{
    return std::any_of(m_clusters.begin(), m_clusters.end(), [&](const auto& entry) {
        return IsLive(entry.second, now);
    });
}

void
PoolView::GetCandidates(uint16_t taskId, Time now, std::vector<Candidate>& out) const
{
    out.clear();
    for (const auto& [id, cluster] : m_clusters)
    {
        if (!IsLive(cluster, now))
        {
            continue;
        }
        for (std::size_t i = 0; i < cluster.instances.size(); ++i)
        {
            const InstanceLoad& load = cluster.instances[i];
            if (load.variantId >= m_catalogue->GetVariantCount())
            {
                continue; // a variant our catalogue does not know: we cannot judge it
            }
            const ModelVariant& variant = m_catalogue->GetVariant(load.variantId);
            if (variant.taskId != taskId || !variant.RunsOn(load.hardware))
            {
                continue;
            }
            Candidate c;
            c.clusterId = id;
            c.instanceIndex = static_cast<uint16_t>(i);
            c.variantId = load.variantId;
            c.hardware = load.hardware;
            c.tier = cluster.tier;
            c.accuracy = variant.accuracy;
            c.rtt = cluster.rtt;
            c.serviceTime = m_catalogue->GetBatchLatency(load.variantId, load.hardware, 1);
            c.load = load;
            c.unansweredSinceBeacon = cluster.unansweredSinceBeacon[i];
            c.beaconAge = now - cluster.lastBeacon;
            c.loadGrowth = i < cluster.loadGrowth.size() ? cluster.loadGrowth[i] : 0.0;
            c.serviceRatio = cluster.serviceRatio;
            c.successRatio = cluster.successRatio;
            out.push_back(c);
        }
    }
}

const PoolView::ClusterState*
PoolView::FindCluster(uint16_t clusterId) const
{
    const auto it = m_clusters.find(clusterId);
    return it == m_clusters.end() ? nullptr : &it->second;
}

const std::map<uint16_t, PoolView::ClusterState>&
PoolView::GetClusters() const
{
    return m_clusters;
}

Ptr<ModelCatalogue>
PoolView::GetCatalogue() const
{
    return m_catalogue;
}

} // namespace ns3
