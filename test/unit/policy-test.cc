// SPDX-License-Identifier: GPL-2.0-only
// Scheduler logic: PoolView from crafted beacons, Decide's feasibility rules, each static policy.
#include "ns3/aset-experiment.h"
#include "ns3/aset-policy.h"
#include "ns3/aset-state-encoder.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/cluster-beacon-header.h"
#include "ns3/inference-query-header.h"
#include "ns3/model-catalogue.h"
#include "ns3/object-factory.h"
#include "ns3/pool-view.h"
#include "ns3/scheduling-policy.h"
#include "ns3/shielded-policy.h"
#include "ns3/static-scheduling-policies.h"
#include "ns3/string.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>
#include <sstream>
#include <utility>
#include <vector>

using namespace ns3;

namespace
{
// Latencies are batch-1 times in ms. det-large does not run on CPU; seg is in
// the catalogue but deployed nowhere; cls is deployed at the far edge only.
const char* const kCatalogueCsv =
    "task,variant,accuracy,hardware,batch_size,latency_ms,memory_mb,source\n"
    "det,det-small,30,cpu,1,3,10,test\n"
    "det,det-small,30,gpu,1,2,10,test\n"
    "det,det-large,50,gpu,1,10,100,test\n"
    "cls,cls-net,70,cpu,1,5,20,test\n"
    "seg,seg-net,60,gpu,1,15,50,test\n";

// Cluster ids run from far to near, so that "first in (cluster, instance)
// order" is never the same as "closest".
constexpr uint16_t kCloud = 1;
constexpr uint16_t kMetro = 2;
constexpr uint16_t kFarEdge = 3;

// Instance indices inside each cluster's beacon.
constexpr uint16_t kCloudLarge = 0; //!< det-large on GPU, 4 replicas
constexpr uint16_t kCloudSmall = 1; //!< det-small on GPU, 2 replicas
constexpr uint16_t kMetroLarge = 0; //!< det-large on GPU, 1 replica
constexpr uint16_t kMetroSmall = 1; //!< det-small on GPU, 1 replica
constexpr uint16_t kEdgeSmall = 0;  //!< det-small on CPU, 1 replica
constexpr uint16_t kEdgeCls = 1;    //!< cls-net on CPU, 1 replica

// One-way beacon delays: the RTT estimates are twice these, 20, 6 and 2 ms.
const Time kCloudDelay = MilliSeconds(10);
const Time kMetroDelay = MilliSeconds(3);
const Time kEdgeDelay = MilliSeconds(1);

const Time kNow = Seconds(1);
const Time kStaleAfter = MilliSeconds(150);
const double kRttGain = 0.25;
const double kSuccessGain = 0.05;

using Where = std::pair<uint16_t, uint16_t>; //!< (cluster, instance)

Where
WhereOf(const SchedulingDecision& d)
{
    return {d.target.clusterId, d.target.instanceIndex};
}

Ptr<SchedulingPolicy>
MakePolicy(const std::string& typeName)
{
    ObjectFactory factory;
    factory.SetTypeId(typeName);
    return factory.Create<SchedulingPolicy>();
}

/// Shield trace sink: keeps the action of each query the shield moved.
void
RecordShield(std::vector<uint32_t>* actions, Time, uint32_t action)
{
    actions->push_back(action);
}

class PolicyTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        std::istringstream in(kCatalogueCsv);
        m_catalogue = ModelCatalogue::Parse(in, "policy-test.csv");
        m_pool = PoolView(m_catalogue, kStaleAfter, kRttGain, kSuccessGain);
        ASSERT_TRUE(m_catalogue->FindTask("det", m_det));
        ASSERT_TRUE(m_catalogue->FindTask("cls", m_cls));
        ASSERT_TRUE(m_catalogue->FindTask("seg", m_seg));
        ASSERT_TRUE(m_catalogue->FindVariant("det-small", m_detSmall));
        ASSERT_TRUE(m_catalogue->FindVariant("det-large", m_detLarge));
        ASSERT_TRUE(m_catalogue->FindVariant("cls-net", m_clsNet));
    }

    static InstanceLoad Instance(uint16_t variant,
                                 HardwareClass hw,
                                 uint16_t replicas,
                                 uint16_t busy = 0,
                                 uint32_t queue = 0)
    {
        InstanceLoad load;
        load.variantId = variant;
        load.hardware = hw;
        load.replicas = replicas;
        load.maxBatch = 1;
        load.busyReplicas = busy;
        load.queueLength = queue;
        load.queueCapacity = 100;
        return load;
    }

    /// Delivers a beacon that left the cluster \p oneWay before \p now.
    void Feed(uint16_t clusterId,
              ClusterTier tier,
              Time oneWay,
              const std::vector<InstanceLoad>& instances,
              Time now = kNow,
              bool up = true)
    {
        ClusterBeaconHeader beacon;
        beacon.clusterId = clusterId;
        beacon.queryPort = 5000 + clusterId;
        beacon.tier = tier;
        beacon.up = up ? 1 : 0;
        beacon.sendTime = now - oneWay;
        beacon.instances = instances;
        std::ostringstream address;
        address << "10.0." << clusterId << ".1";
        m_pool.ObserveBeacon(beacon, Ipv4Address(address.str().c_str()), now);
    }

    void FeedCloud(uint16_t largeBusy,
                   uint32_t largeQueue,
                   uint16_t smallBusy,
                   uint32_t smallQueue,
                   Time now = kNow)
    {
        Feed(kCloud,
             ClusterTier::CLOUD,
             kCloudDelay,
             {Instance(m_detLarge, HardwareClass::GPU, 4, largeBusy, largeQueue),
              Instance(m_detSmall, HardwareClass::GPU, 2, smallBusy, smallQueue)},
             now);
    }

    void FeedMetro(uint16_t largeBusy,
                   uint32_t largeQueue,
                   uint16_t smallBusy,
                   uint32_t smallQueue,
                   Time now = kNow)
    {
        Feed(kMetro,
             ClusterTier::NEAR_EDGE,
             kMetroDelay,
             {Instance(m_detLarge, HardwareClass::GPU, 1, largeBusy, largeQueue),
              Instance(m_detSmall, HardwareClass::GPU, 1, smallBusy, smallQueue)},
             now);
    }

    void FeedFarEdge(uint16_t smallBusy, uint32_t smallQueue, Time now = kNow, bool up = true)
    {
        Feed(kFarEdge,
             ClusterTier::FAR_EDGE,
             kEdgeDelay,
             {Instance(m_detSmall, HardwareClass::CPU, 1, smallBusy, smallQueue),
              Instance(m_clsNet, HardwareClass::CPU, 1)},
             now,
             up);
    }

    void FeedIdlePool(Time now = kNow)
    {
        FeedCloud(0, 0, 0, 0, now);
        FeedMetro(0, 0, 0, 0, now);
        FeedFarEdge(0, 0, now);
    }

    /// An unshielded ASET that explores at random and learns.
    static Ptr<AsetPolicy> ExploringAset()
    {
        Ptr<AsetPolicy> aset = CreateObject<AsetPolicy>();
        aset->SetAttribute("Learning", BooleanValue(true));
        aset->SetAttribute("EpsilonStart", DoubleValue(1.0));
        aset->SetAttribute("EpsilonEnd", DoubleValue(1.0));
        aset->SetAttribute("Shield", BooleanValue(false));
        return aset;
    }

    static QueryContext Query(uint16_t task, double minAccuracy, Time now = kNow)
    {
        QueryContext q;
        q.taskId = task;
        q.minAccuracy = minAccuracy;
        q.deadline = MilliSeconds(100);
        q.elapsed = MilliSeconds(1);
        q.now = now;
        return q;
    }

    /// The candidate for (cluster, instance) serving \p task, or fails the test.
    Candidate FindCandidate(uint16_t task, Where where, Time now = kNow) const
    {
        std::vector<Candidate> all;
        m_pool.GetCandidates(task, now, all);
        for (const auto& c : all)
        {
            if (c.clusterId == where.first && c.instanceIndex == where.second)
            {
                return c;
            }
        }
        ADD_FAILURE() << "no candidate at cluster " << where.first << " instance " << where.second;
        return Candidate();
    }

    /// A response the scheduler relays back from \p clusterId.
    static InferenceQueryHeader Response(uint16_t clusterId,
                                         InferenceQueryHeader::Status status,
                                         Time clientSend,
                                         Time forward,
                                         Time arrival,
                                         Time serviceEnd)
    {
        InferenceQueryHeader h;
        h.kind = InferenceQueryHeader::Kind::RESPONSE;
        h.status = status;
        h.clusterId = clusterId;
        h.deadline = MilliSeconds(100);
        h.minAccuracyCenti = 4000;
        h.servedAccuracyCenti = 5000;
        h.clientSendTime = clientSend;
        h.schedulerForwardTime = forward;
        h.clusterArrivalTime = arrival;
        h.serviceStartTime = arrival + (serviceEnd - arrival) / 2; // queued, then served
        h.serviceEndTime = serviceEnd;
        return h;
    }

    /**
     * Makes the scheduler measure \p clusterId's service at \p ratio times the
     * catalogue's: one response of instance \p instance (variant \p variant,
     * catalogued at \p catalogued on \p hw) served that much slower, smoothed
     * in with the gain kRttGain from 1. Its round-trip sample equals
     * \p rtt, so the round-trip estimate does not move. Sent at \p forward.
     */
    void Slow(uint16_t clusterId,
              uint16_t instance,
              uint16_t variant,
              Time catalogued,
              double ratio,
              Time rtt,
              Time forward)
    {
        // Smoothed from 1: 1 + (sample - 1) x gain = ratio.
        const double sample = 1 + (ratio - 1) / kRttGain;
        const Time service = NanoSeconds(std::llround(catalogued.GetNanoSeconds() * sample));
        InferenceQueryHeader h;
        h.kind = InferenceQueryHeader::Kind::RESPONSE;
        h.status = InferenceQueryHeader::Status::SERVED;
        h.clusterId = clusterId;
        h.instanceIndex = instance;
        h.variantId = variant;
        h.batchSize = 1;
        h.deadline = MilliSeconds(100);
        h.minAccuracyCenti = 0;
        h.servedAccuracyCenti = 5000;
        h.clientSendTime = forward;
        h.schedulerForwardTime = forward;
        h.clusterArrivalTime = forward + rtt / 2;
        h.serviceStartTime = h.clusterArrivalTime;
        h.serviceEndTime = h.serviceStartTime + service;
        m_pool.ObserveResponse(h, h.serviceEndTime + rtt / 2);
        ASSERT_NEAR(m_pool.FindCluster(clusterId)->serviceRatio, ratio, 1e-9);
        ASSERT_EQ(m_pool.FindCluster(clusterId)->rtt, rtt);
    }

    Ptr<ModelCatalogue> m_catalogue;
    PoolView m_pool;
    uint16_t m_det{0};
    uint16_t m_cls{0};
    uint16_t m_seg{0};
    uint16_t m_detSmall{0};
    uint16_t m_detLarge{0};
    uint16_t m_clsNet{0};
};
} // namespace

// ---- PoolView ----

TEST_F(PolicyTest, BeaconRttIsTwiceTheOneWayDelay)
{
    FeedIdlePool();
    ASSERT_NE(m_pool.FindCluster(kCloud), nullptr);
    ASSERT_NE(m_pool.FindCluster(kMetro), nullptr);
    ASSERT_NE(m_pool.FindCluster(kFarEdge), nullptr);
    EXPECT_EQ(m_pool.FindCluster(kCloud)->rtt, MilliSeconds(20));
    EXPECT_EQ(m_pool.FindCluster(kMetro)->rtt, MilliSeconds(6));
    EXPECT_EQ(m_pool.FindCluster(kFarEdge)->rtt, MilliSeconds(2));
    EXPECT_FALSE(m_pool.FindCluster(kCloud)->rttFromResponses);
    EXPECT_EQ(m_pool.FindCluster(kMetro)->address, Ipv4Address("10.0.2.1"));
    EXPECT_EQ(m_pool.FindCluster(kMetro)->queryPort, 5000 + kMetro);
    EXPECT_EQ(m_pool.FindCluster(7), nullptr);

    std::vector<Candidate> det;
    m_pool.GetCandidates(m_det, kNow, det);
    const std::vector<Where> expected = {{kCloud, kCloudLarge},
                                         {kCloud, kCloudSmall},
                                         {kMetro, kMetroLarge},
                                         {kMetro, kMetroSmall},
                                         {kFarEdge, kEdgeSmall}};
    ASSERT_EQ(det.size(), expected.size());
    for (std::size_t i = 0; i < det.size(); ++i)
    {
        EXPECT_EQ(Where(det[i].clusterId, det[i].instanceIndex), expected[i]) << i;
        EXPECT_EQ(det[i].rtt, m_pool.FindCluster(det[i].clusterId)->rtt) << i;
        EXPECT_EQ(det[i].beaconAge, Time(0)) << i;
    }
    // Service times come from the catalogue, per variant and hardware.
    EXPECT_EQ(det[0].serviceTime, MilliSeconds(10));
    EXPECT_EQ(det[1].serviceTime, MilliSeconds(2));
    EXPECT_EQ(det[4].serviceTime, MilliSeconds(3));
    EXPECT_EQ(det[4].hardware, HardwareClass::CPU);
    EXPECT_EQ(det[0].tier, ClusterTier::CLOUD);
    EXPECT_EQ(det[2].tier, ClusterTier::NEAR_EDGE);
    EXPECT_EQ(det[4].tier, ClusterTier::FAR_EDGE);
    EXPECT_DOUBLE_EQ(det[0].accuracy, 50.0);
    EXPECT_DOUBLE_EQ(det[1].accuracy, 30.0);

    std::vector<Candidate> cls;
    m_pool.GetCandidates(m_cls, kNow, cls);
    ASSERT_EQ(cls.size(), 1u);
    EXPECT_EQ(Where(cls[0].clusterId, cls[0].instanceIndex), Where(kFarEdge, kEdgeCls));
}

TEST_F(PolicyTest, CandidatesSkipWrongHardwareUnknownVariantsAndDeadClusters)
{
    // det-large has no CPU figure; variant 99 is not in our catalogue.
    InstanceLoad unknown = Instance(0, HardwareClass::GPU, 1);
    unknown.variantId = 99;
    Feed(9,
         ClusterTier::CORE,
         MilliSeconds(5),
         {Instance(m_detLarge, HardwareClass::CPU, 1),
          unknown,
          Instance(m_detSmall, HardwareClass::GPU, 1)});
    std::vector<Candidate> det;
    m_pool.GetCandidates(m_det, kNow, det);
    ASSERT_EQ(det.size(), 1u);
    EXPECT_EQ(Where(det[0].clusterId, det[0].instanceIndex), Where(9, 2));

    // A cluster that says it is down offers nothing, even with a fresh beacon.
    FeedFarEdge(0, 0, kNow, false);
    std::vector<Candidate> cls;
    m_pool.GetCandidates(m_cls, kNow, cls);
    EXPECT_TRUE(cls.empty());
    FeedFarEdge(0, 0, kNow, true);
    m_pool.GetCandidates(m_cls, kNow, cls);
    EXPECT_EQ(cls.size(), 1u);

    // A beacon exactly StaleAfter old is still trusted; one nanosecond more is not.
    m_pool.GetCandidates(m_cls, kNow + kStaleAfter, cls);
    ASSERT_EQ(cls.size(), 1u);
    EXPECT_EQ(cls[0].beaconAge, kStaleAfter);
    m_pool.GetCandidates(m_cls, kNow + kStaleAfter + NanoSeconds(1), cls);
    EXPECT_TRUE(cls.empty());
}

TEST_F(PolicyTest, FirstResponseReplacesBeaconRttThenEwma)
{
    FeedIdlePool();
    ASSERT_EQ(m_pool.FindCluster(kMetro)->rtt, MilliSeconds(6));

    // Forwarded at 2.000 s, in the cluster from 2.004 to 2.019 s (15 ms that are
    // not network delay), back at 2.026 s: sample = 26 - 15 = 11 ms.
    m_pool.ObserveResponse(Response(kMetro,
                                    InferenceQueryHeader::Status::SERVED,
                                    MilliSeconds(1990),
                                    MilliSeconds(2000),
                                    MilliSeconds(2004),
                                    MilliSeconds(2019)),
                           MilliSeconds(2026));
    EXPECT_EQ(m_pool.FindCluster(kMetro)->rtt, MilliSeconds(11)); // replaced, not smoothed
    EXPECT_TRUE(m_pool.FindCluster(kMetro)->rttFromResponses);

    // Sample = 8 - (6 - 1) = 3 ms; EWMA: 11 + (3 - 11) * 0.25 = 9 ms.
    m_pool.ObserveResponse(Response(kMetro,
                                    InferenceQueryHeader::Status::SERVED,
                                    MilliSeconds(2995),
                                    MilliSeconds(3000),
                                    MilliSeconds(3001),
                                    MilliSeconds(3006)),
                           MilliSeconds(3008));
    const double expectedNs = 11e6 + kRttGain * (3e6 - 11e6);
    EXPECT_NEAR(double(m_pool.FindCluster(kMetro)->rtt.GetNanoSeconds()), expectedNs, 1.0);

    // Later beacons no longer overwrite a measured RTT.
    Feed(kMetro,
         ClusterTier::NEAR_EDGE,
         MilliSeconds(40),
         {Instance(m_detLarge, HardwareClass::GPU, 1), Instance(m_detSmall, HardwareClass::GPU, 1)},
         Seconds(4));
    EXPECT_NEAR(double(m_pool.FindCluster(kMetro)->rtt.GetNanoSeconds()), expectedNs, 1.0);
    EXPECT_NEAR(
        double(FindCandidate(m_det, {kMetro, kMetroSmall}, Seconds(4)).rtt.GetNanoSeconds()),
        expectedNs,
        1.0);
    // Other clusters keep their beacon estimates.
    EXPECT_EQ(m_pool.FindCluster(kCloud)->rtt, MilliSeconds(20));
    EXPECT_EQ(m_pool.FindCluster(kFarEdge)->rtt, MilliSeconds(2));
}

TEST_F(PolicyTest, DroppedResponseIsAPureNetworkSampleAndOthersAreIgnored)
{
    FeedIdlePool();
    // A dropped query never entered service: the whole 5 ms is network.
    m_pool.ObserveResponse(Response(kFarEdge,
                                    InferenceQueryHeader::Status::DROPPED,
                                    MilliSeconds(1999),
                                    MilliSeconds(2000),
                                    MilliSeconds(2002),
                                    Time(0)),
                           MilliSeconds(2005));
    EXPECT_EQ(m_pool.FindCluster(kFarEdge)->rtt, MilliSeconds(5));

    // A scheduler rejection says nothing about the network.
    m_pool.ObserveResponse(Response(kCloud,
                                    InferenceQueryHeader::Status::REJECTED,
                                    MilliSeconds(1999),
                                    MilliSeconds(2000),
                                    Time(0),
                                    Time(0)),
                           MilliSeconds(2100));
    EXPECT_EQ(m_pool.FindCluster(kCloud)->rtt, MilliSeconds(20));
    EXPECT_FALSE(m_pool.FindCluster(kCloud)->rttFromResponses);

    // A response from a cluster never heard of creates nothing.
    m_pool.ObserveResponse(Response(42,
                                    InferenceQueryHeader::Status::SERVED,
                                    MilliSeconds(1999),
                                    MilliSeconds(2000),
                                    MilliSeconds(2001),
                                    MilliSeconds(2002)),
                           MilliSeconds(2005));
    EXPECT_EQ(m_pool.FindCluster(42), nullptr);
    EXPECT_EQ(m_pool.GetClusters().size(), 3u);
}

TEST_F(PolicyTest, ServiceRatioMeasuresHowSlowTheHardwareRuns)
{
    FeedIdlePool();
    ASSERT_DOUBLE_EQ(m_pool.FindCluster(kMetro)->serviceRatio, 1.0);
    // det-small on the metro GPU is catalogued at 2 ms; this one took 12 ms
    // (6 times slower). Smoothed with the RTT gain: 1 + (6 - 1) * 0.25.
    InferenceQueryHeader served = Response(kMetro,
                                           InferenceQueryHeader::Status::SERVED,
                                           MilliSeconds(1990),
                                           MilliSeconds(2000),
                                           MilliSeconds(2002),
                                           MilliSeconds(2020));
    served.instanceIndex = kMetroSmall;
    served.variantId = m_detSmall;
    served.batchSize = 1;
    served.serviceStartTime = MilliSeconds(2008);
    m_pool.ObserveResponse(served, MilliSeconds(2024));
    const double expected = 1.0 + kRttGain * (6.0 - 1.0);
    EXPECT_NEAR(m_pool.FindCluster(kMetro)->serviceRatio, expected, 1e-9);
    EXPECT_DOUBLE_EQ(m_pool.FindCluster(kCloud)->serviceRatio, 1.0);

    // Responses the catalogue cannot judge change nothing: a variant other than
    // the instance's, a batch beyond the catalogue's largest, a dropped query.
    InferenceQueryHeader otherVariant = served;
    otherVariant.variantId = m_detLarge;
    m_pool.ObserveResponse(otherVariant, MilliSeconds(2030));
    InferenceQueryHeader bigBatch = served;
    bigBatch.batchSize = 2;
    m_pool.ObserveResponse(bigBatch, MilliSeconds(2031));
    InferenceQueryHeader dropped = served;
    dropped.status = InferenceQueryHeader::Status::DROPPED;
    m_pool.ObserveResponse(dropped, MilliSeconds(2032));
    EXPECT_NEAR(m_pool.FindCluster(kMetro)->serviceRatio, expected, 1e-9);
}

TEST_F(PolicyTest, SuccessRatioFollowsObservedOutcomes)
{
    FeedIdlePool();
    double expected = 1.0;
    ASSERT_DOUBLE_EQ(m_pool.FindCluster(kMetro)->successRatio, expected);

    // Client sent at 1.950 s, the scheduler forwarded at 2.000 s (50 ms in), the
    // response is back at the scheduler at 2.026 s: the client sees about
    // 76 + 50 = 126 ms > 100 ms deadline, a failure.
    m_pool.ObserveResponse(Response(kMetro,
                                    InferenceQueryHeader::Status::SERVED,
                                    MilliSeconds(1950),
                                    MilliSeconds(2000),
                                    MilliSeconds(2004),
                                    MilliSeconds(2019)),
                           MilliSeconds(2026));
    expected += (0.0 - expected) * kSuccessGain;
    EXPECT_NEAR(m_pool.FindCluster(kMetro)->successRatio, expected, 1e-12);

    // 18 + 10 = 28 ms <= 100 ms and 50% >= 40%: a success.
    m_pool.ObserveResponse(Response(kMetro,
                                    InferenceQueryHeader::Status::SERVED,
                                    MilliSeconds(2990),
                                    MilliSeconds(3000),
                                    MilliSeconds(3001),
                                    MilliSeconds(3006)),
                           MilliSeconds(3008));
    expected += (1.0 - expected) * kSuccessGain;
    EXPECT_NEAR(m_pool.FindCluster(kMetro)->successRatio, expected, 1e-12);

    // In time, but served below the minimum accuracy: a failure.
    InferenceQueryHeader inaccurate = Response(kMetro,
                                               InferenceQueryHeader::Status::SERVED,
                                               MilliSeconds(3990),
                                               MilliSeconds(4000),
                                               MilliSeconds(4001),
                                               MilliSeconds(4006));
    inaccurate.servedAccuracyCenti = 3000;
    m_pool.ObserveResponse(inaccurate, MilliSeconds(4008));
    expected += (0.0 - expected) * kSuccessGain;
    EXPECT_NEAR(m_pool.FindCluster(kMetro)->successRatio, expected, 1e-12);

    // Dropped: a failure too. Other clusters are untouched.
    m_pool.ObserveResponse(Response(kMetro,
                                    InferenceQueryHeader::Status::DROPPED,
                                    MilliSeconds(4990),
                                    MilliSeconds(5000),
                                    MilliSeconds(5001),
                                    Time(0)),
                           MilliSeconds(5004));
    expected += (0.0 - expected) * kSuccessGain;
    EXPECT_NEAR(m_pool.FindCluster(kMetro)->successRatio, expected, 1e-12);
    EXPECT_LT(m_pool.FindCluster(kMetro)->successRatio, 0.9);
    EXPECT_DOUBLE_EQ(m_pool.FindCluster(kCloud)->successRatio, 1.0);
}

TEST_F(PolicyTest, ResponseTimeoutTakesASilentClusterForDownUntilItAnswers)
{
    const auto live = [this](uint16_t id, Time now) {
        return m_pool.IsLive(*m_pool.FindCluster(id), now);
    };
    // Times stay within kStaleAfter (150 ms) of the latest beacons.
    FeedIdlePool();
    m_pool.NoteDispatch(kFarEdge, kEdgeSmall, kNow);
    EXPECT_TRUE(live(kFarEdge, kNow + MilliSeconds(140))) << "no time-out by default";

    m_pool.SetResponseTimeout(MilliSeconds(100));
    m_pool.NoteDispatch(kFarEdge, kEdgeSmall, kNow + MilliSeconds(50)); // not the first: no restart
    EXPECT_TRUE(live(kFarEdge, kNow + MilliSeconds(100)));
    EXPECT_FALSE(live(kFarEdge, kNow + MilliSeconds(101)));
    EXPECT_TRUE(live(kMetro, kNow + MilliSeconds(101))) << "nothing was sent there";
    EXPECT_TRUE(m_pool.HasLiveCluster(kNow + MilliSeconds(101)));

    // A response, even to an old query, shows the cluster alive.
    const Time t = kNow + MilliSeconds(120);
    m_pool.ObserveResponse(Response(kFarEdge, InferenceQueryHeader::Status::SERVED, kNow, kNow, kNow, t),
                           t);
    EXPECT_TRUE(live(kFarEdge, kNow + MilliSeconds(140)));

    // So does a beacon.
    const Time later = kNow + MilliSeconds(200);
    FeedIdlePool(later);
    m_pool.NoteDispatch(kFarEdge, kEdgeSmall, later);
    EXPECT_FALSE(live(kFarEdge, later + MilliSeconds(101)));
    FeedFarEdge(0, 0, later + MilliSeconds(101));
    EXPECT_TRUE(live(kFarEdge, later + MilliSeconds(101)));
}

TEST_F(PolicyTest, NoteDispatchCountsUntilTheNextBeacon)
{
    FeedIdlePool();
    for (int i = 0; i < 3; ++i)
    {
        m_pool.NoteDispatch(kFarEdge, kEdgeSmall, kNow);
    }
    m_pool.NoteDispatch(kCloud, kCloudSmall, kNow);
    m_pool.NoteDispatch(42, 0, kNow);     // unknown cluster: ignored
    m_pool.NoteDispatch(kMetro, 7, kNow); // unknown instance: ignored

    EXPECT_EQ(FindCandidate(m_det, {kFarEdge, kEdgeSmall}).unansweredSinceBeacon, 3u);
    EXPECT_EQ(FindCandidate(m_det, {kCloud, kCloudSmall}).unansweredSinceBeacon, 1u);
    EXPECT_EQ(FindCandidate(m_det, {kCloud, kCloudLarge}).unansweredSinceBeacon, 0u);
    EXPECT_EQ(FindCandidate(m_det, {kMetro, kMetroSmall}).unansweredSinceBeacon, 0u);
    EXPECT_EQ(FindCandidate(m_det, {kMetro, kMetroLarge}).unansweredSinceBeacon, 0u);
    EXPECT_EQ(FindCandidate(m_cls, {kFarEdge, kEdgeCls}).unansweredSinceBeacon, 0u);

    // Three queries sent to an idle one-replica instance: the next one waits for
    // all three (3 x 3 ms) before its own 3 ms, after a 2 ms round trip. The
    // beacon's load figure does not include them.
    const Candidate edge = FindCandidate(m_det, {kFarEdge, kEdgeSmall});
    EXPECT_EQ(edge.GetExpectedCompletion(), MilliSeconds(2 + 9 + 3));
    EXPECT_DOUBLE_EQ(edge.GetBeaconLoadPerReplica(), 0.0);

    // The far edge's next beacon accounts for them; the cloud's count stays.
    FeedFarEdge(1, 2, kNow + MilliSeconds(50));
    EXPECT_EQ(FindCandidate(m_det, {kFarEdge, kEdgeSmall}, kNow + MilliSeconds(50)).unansweredSinceBeacon,
              0u);
    EXPECT_EQ(FindCandidate(m_det, {kCloud, kCloudSmall}, kNow + MilliSeconds(50)).unansweredSinceBeacon,
              1u);
}

TEST(Candidate, ExpectedCompletionByHand)
{
    Candidate c;
    c.rtt = MilliSeconds(10);
    c.serviceTime = MilliSeconds(4);
    c.load.replicas = 2;

    // A replica is free: round trip plus service only.
    c.load.busyReplicas = 1;
    EXPECT_EQ(c.GetExpectedCompletion(), MilliSeconds(10 + 4));
    EXPECT_DOUBLE_EQ(c.GetBeaconLoadPerReplica(), 0.5);

    // Both replicas busy, nothing waiting: one completion frees a replica; two
    // replicas complete one query every 4 / 2 = 2 ms.
    c.load.busyReplicas = 2;
    EXPECT_EQ(c.GetExpectedCompletion(), MilliSeconds(10 + 2 + 4));

    // Both busy, 3 waiting, 1 more sent since the beacon: the new query starts
    // after 2 + 3 + 1 - 2 + 1 = 5 completions, 5 x 2 ms = 10 ms.
    c.load.queueLength = 3;
    c.unansweredSinceBeacon = 1;
    EXPECT_EQ(c.GetExpectedCompletion(), MilliSeconds(10 + 10 + 4));
    // The beacon's own load per replica ignores what was sent since: (3 + 2) / 2.
    EXPECT_DOUBLE_EQ(c.GetBeaconLoadPerReplica(), 2.5);
    // With them: (3 + 2 + 1) / 2.
    EXPECT_DOUBLE_EQ(c.GetLoadPerReplica(), 3.0);

    // Measured: as catalogued by default; at 2.5 times the catalogue's 4 ms the
    // wait and the service both stretch: 10 + 5 x 10 / 2 + 10 ms.
    EXPECT_EQ(c.GetMeasuredExpectedCompletion(), c.GetExpectedCompletion());
    c.serviceRatio = 2.5;
    EXPECT_EQ(c.GetMeasuredExpectedCompletion(), MilliSeconds(10 + 25 + 10));
    EXPECT_EQ(c.GetExpectedCompletion(), MilliSeconds(10 + 10 + 4)) << "the catalogue's estimate stays";
    // Slack: deadline less twice the time already spent, less the completion.
    QueryContext q;
    q.deadline = MilliSeconds(100);
    q.elapsed = MilliSeconds(5);
    EXPECT_EQ(SchedulingPolicy::GetExpectedSlack(q, c), MilliSeconds(90 - 24));
    EXPECT_EQ(SchedulingPolicy::GetMeasuredExpectedSlack(q, c), MilliSeconds(90 - 45));
    c.serviceRatio = 0.5; // faster than catalogued: 10 + 5 x 2 / 2 + 2
    EXPECT_EQ(c.GetMeasuredExpectedCompletion(), MilliSeconds(10 + 5 + 2));

    // One replica, 2 waiting, 1 in service: 3 completions of 4 ms each.
    Candidate single;
    single.rtt = MilliSeconds(2);
    single.serviceTime = MilliSeconds(4);
    single.load.replicas = 1;
    single.load.busyReplicas = 1;
    single.load.queueLength = 2;
    EXPECT_EQ(single.GetExpectedCompletion(), MilliSeconds(2 + 12 + 4));
}

// ---- Feasibility shared by every policy (SchedulingPolicy::Decide) ----

TEST_F(PolicyTest, UnknownTaskIsRejected)
{
    FeedIdlePool();
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::ClosestPolicy");
    const auto unknown = static_cast<uint16_t>(m_catalogue->GetTaskCount());
    const SchedulingDecision d = policy->Decide(Query(unknown, 0), m_pool);
    EXPECT_FALSE(d.placed);
    EXPECT_EQ(d.reason, RejectReason::UNKNOWN_TASK);
}

TEST_F(PolicyTest, NoBeaconMeansNoPoolInformation)
{
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::ClosestPolicy");
    const SchedulingDecision d = policy->Decide(Query(m_det, 0), m_pool);
    EXPECT_FALSE(d.placed);
    EXPECT_EQ(d.reason, RejectReason::NO_POOL_INFORMATION);
}

TEST_F(PolicyTest, OnlyStaleBeaconsMeanNoPoolInformation)
{
    FeedIdlePool();
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::ClosestPolicy");
    const SchedulingDecision fresh = policy->Decide(Query(m_det, 0, kNow + kStaleAfter), m_pool);
    EXPECT_TRUE(fresh.placed);
    EXPECT_EQ(fresh.reason, RejectReason::NONE);
    const SchedulingDecision stale =
        policy->Decide(Query(m_det, 0, kNow + kStaleAfter + MicroSeconds(1)), m_pool);
    EXPECT_FALSE(stale.placed);
    EXPECT_EQ(stale.reason, RejectReason::NO_POOL_INFORMATION);
}

TEST_F(PolicyTest, TaskDeployedNowhereLiveHasNoInstance)
{
    FeedIdlePool();
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::ClosestPolicy");
    const SchedulingDecision seg = policy->Decide(Query(m_seg, 0), m_pool);
    EXPECT_FALSE(seg.placed);
    EXPECT_EQ(seg.reason, RejectReason::NO_INSTANCE_FOR_TASK);

    // cls lives at the far edge only: once its beacon is stale while the
    // others are fresh, there is pool information but no instance.
    const Time later = kNow + kStaleAfter + MilliSeconds(50);
    FeedCloud(0, 0, 0, 0, later);
    FeedMetro(0, 0, 0, 0, later);
    const SchedulingDecision cls = policy->Decide(Query(m_cls, 0, later), m_pool);
    EXPECT_FALSE(cls.placed);
    EXPECT_EQ(cls.reason, RejectReason::NO_INSTANCE_FOR_TASK);
    // And det goes to the nearest live cluster, not the stale far edge.
    const SchedulingDecision det = policy->Decide(Query(m_det, 0, later), m_pool);
    ASSERT_TRUE(det.placed);
    EXPECT_EQ(det.target.clusterId, kMetro);
}

TEST_F(PolicyTest, TooStrictAccuracyIsRejected)
{
    FeedIdlePool();
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::ClosestPolicy");
    // The best det variant reaches 50%.
    const SchedulingDecision strict = policy->Decide(Query(m_det, 50.5), m_pool);
    EXPECT_FALSE(strict.placed);
    EXPECT_EQ(strict.reason, RejectReason::NO_ACCURATE_VARIANT);
    // Exactly the variant's accuracy is enough.
    const SchedulingDecision exact = policy->Decide(Query(m_det, 50.0), m_pool);
    ASSERT_TRUE(exact.placed);
    EXPECT_EQ(exact.target.variantId, m_detLarge);
}

TEST_F(PolicyTest, AccuracyFallbackServesTheMostAccurateVariant)
{
    FeedIdlePool();
    for (const auto& [shortName, typeName] : GetStaticPolicyNames())
    {
        Ptr<SchedulingPolicy> policy = MakePolicy(typeName);
        policy->AssignStreams(11);
        policy->SetAttribute("AccuracyFallback", BooleanValue(true));
        for (int i = 0; i < 20; ++i)
        {
            const SchedulingDecision d = policy->Decide(Query(m_det, 60), m_pool);
            ASSERT_TRUE(d.placed) << shortName;
            EXPECT_EQ(d.reason, RejectReason::NONE) << shortName;
            EXPECT_EQ(d.target.variantId, m_detLarge) << shortName;
            EXPECT_DOUBLE_EQ(d.target.accuracy, 50.0) << shortName;
        }
    }
    // Closest without the fallback would serve det-small at the far edge; with
    // it, the nearest det-large is the metro's.
    Ptr<SchedulingPolicy> closest = MakePolicy("ns3::ClosestPolicy");
    closest->SetAttribute("AccuracyFallback", BooleanValue(true));
    EXPECT_EQ(WhereOf(closest->Decide(Query(m_det, 60), m_pool)), Where(kMetro, kMetroLarge));
    // The fallback does not invent instances for tasks deployed nowhere.
    const SchedulingDecision seg = closest->Decide(Query(m_seg, 99), m_pool);
    EXPECT_FALSE(seg.placed);
    EXPECT_EQ(seg.reason, RejectReason::NO_INSTANCE_FOR_TASK);
}

TEST_F(PolicyTest, NoPolicyChoosesAnAccuracyInfeasibleInstance)
{
    // det-small (30%) is the closest, least loaded and fastest everywhere; the
    // cloud's det-large is swamped. A 40% query may only go to det-large.
    FeedCloud(4, 10, 0, 0);
    FeedMetro(0, 0, 0, 0);
    FeedFarEdge(0, 0);
    for (const auto& [shortName, typeName] : GetStaticPolicyNames())
    {
        Ptr<SchedulingPolicy> policy = MakePolicy(typeName);
        EXPECT_EQ(policy->GetName(), shortName);
        policy->AssignStreams(3);
        for (int i = 0; i < 50; ++i)
        {
            const SchedulingDecision d = policy->Decide(Query(m_det, 40), m_pool);
            ASSERT_TRUE(d.placed) << shortName;
            EXPECT_EQ(d.target.variantId, m_detLarge) << shortName;
            EXPECT_GE(d.target.accuracy, 40.0) << shortName;
        }
        // Without the bound every policy does pick det-small at times: the
        // bound is what kept it out above.
        bool sawSmall = false;
        for (int i = 0; i < 50; ++i)
        {
            const SchedulingDecision loose = policy->Decide(Query(m_det, 0), m_pool);
            ASSERT_TRUE(loose.placed) << shortName;
            sawSmall = sawSmall || loose.target.variantId == m_detSmall;
        }
        EXPECT_TRUE(sawSmall) << shortName;
    }
}

// ---- The static policies ----

TEST_F(PolicyTest, ClosestPicksTheLowestRtt)
{
    // The far edge is the closest even when it is the most loaded.
    FeedCloud(0, 0, 0, 0);
    FeedMetro(0, 0, 0, 0);
    FeedFarEdge(1, 20);
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::ClosestPolicy");
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 0), m_pool)), Where(kFarEdge, kEdgeSmall));

    // Far edge down: the metro (6 ms) beats the cloud (20 ms), and of the
    // metro's two det instances the faster variant (det-small, 2 ms) wins.
    FeedFarEdge(0, 0, kNow, false);
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 0), m_pool)), Where(kMetro, kMetroSmall));
    // With 40% required only det-large qualifies: the metro's, not the cloud's.
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 40), m_pool)), Where(kMetro, kMetroLarge));

    // Measured RTTs count, not beacon ones: a slow measured path to the metro
    // sends queries to the cloud.
    m_pool.ObserveResponse(Response(kMetro,
                                    InferenceQueryHeader::Status::DROPPED,
                                    MilliSeconds(999),
                                    MilliSeconds(1000),
                                    Time(0),
                                    Time(0)),
                           MilliSeconds(1030));
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 40, MilliSeconds(1030)), m_pool)),
              Where(kCloud, kCloudLarge));
}

TEST_F(PolicyTest, LeastLoadedPicksTheFewestQueriesPerReplica)
{
    // (queue + busy) / replicas: cloud large (2 + 4) / 4 = 1.5, cloud small
    // (0 + 1) / 2 = 0.5, metro large (3 + 1) / 1 = 4, metro small (1 + 1) / 1 = 2,
    // far edge (0 + 1) / 1 = 1.
    FeedCloud(4, 2, 1, 0);
    FeedMetro(1, 3, 1, 1);
    FeedFarEdge(1, 0);
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::LeastLoadedPolicy");
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 0), m_pool)), Where(kCloud, kCloudSmall));
    // With 40% required: cloud large 1.5 against metro large 4.
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 40), m_pool)), Where(kCloud, kCloudLarge));

    // A new beacon that loads the cloud moves the choice to the far edge (1).
    FeedCloud(4, 2, 2, 2);
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 0), m_pool)), Where(kFarEdge, kEdgeSmall));
}

TEST_F(PolicyTest, LeastLoadedTiesGoToTheClosest)
{
    // Cloud small (0 + 1) / 2 = 0.5 and a two-replica far-edge instance
    // (0 + 1) / 2 = 0.5 tie; the cloud comes first in the list, the far edge is
    // closer (2 ms against 20 ms).
    FeedCloud(4, 4, 1, 0);
    FeedMetro(1, 1, 1, 1);
    Feed(kFarEdge,
         ClusterTier::FAR_EDGE,
         kEdgeDelay,
         {Instance(m_detSmall, HardwareClass::CPU, 2, 1, 0),
          Instance(m_clsNet, HardwareClass::CPU, 1)});
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::LeastLoadedPolicy");
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 0), m_pool)), Where(kFarEdge, kEdgeSmall));

    // With 40% required: metro large (1 + 1) / 1 = 2 against cloud large
    // (4 + 4) / 4 = 2, a tie the metro (6 ms) wins although the cloud comes first.
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 40), m_pool)), Where(kMetro, kMetroLarge));
}

TEST_F(PolicyTest, CloudOnlyPicksTheCloudInstanceExpectedToFinishFirst)
{
    FeedIdlePool();
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::CloudOnlyPolicy");
    // Idle cloud: det-small 20 + 2 = 22 ms against det-large 20 + 10 = 30 ms.
    SchedulingDecision d = policy->Decide(Query(m_det, 0), m_pool);
    ASSERT_TRUE(d.placed);
    EXPECT_EQ(d.target.tier, ClusterTier::CLOUD);
    EXPECT_EQ(WhereOf(d), Where(kCloud, kCloudSmall));

    // det-small with both replicas busy and 20 waiting: 22 - 2 + 1 = 21
    // completions at 2 ms / 2 replicas: 20 + 21 + 2 = 43 ms > 30 ms.
    FeedCloud(0, 0, 2, 20);
    d = policy->Decide(Query(m_det, 0), m_pool);
    ASSERT_TRUE(d.placed);
    EXPECT_EQ(d.target.tier, ClusterTier::CLOUD);
    EXPECT_EQ(WhereOf(d), Where(kCloud, kCloudLarge));
}

TEST_F(PolicyTest, CloudOnlyRejectsATaskTheCloudDoesNotServe)
{
    FeedIdlePool();
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::CloudOnlyPolicy");
    // cls runs at the far edge only.
    const SchedulingDecision cls = policy->Decide(Query(m_cls, 0), m_pool);
    EXPECT_FALSE(cls.placed);
    EXPECT_EQ(cls.reason, RejectReason::NO_INSTANCE_FOR_TASK);
    // Other policies do place it.
    const SchedulingDecision closest =
        MakePolicy("ns3::ClosestPolicy")->Decide(Query(m_cls, 0), m_pool);
    EXPECT_TRUE(closest.placed);

    // A cloud that is down serves nothing either.
    Feed(kCloud,
         ClusterTier::CLOUD,
         kCloudDelay,
         {Instance(m_detLarge, HardwareClass::GPU, 4), Instance(m_detSmall, HardwareClass::GPU, 2)},
         kNow,
         false);
    const SchedulingDecision det = policy->Decide(Query(m_det, 0), m_pool);
    EXPECT_FALSE(det.placed);
    EXPECT_EQ(det.reason, RejectReason::NO_INSTANCE_FOR_TASK);
}

// ---- ASET ----

TEST_F(PolicyTest, AsetInstanceSpaceScoresEveryFeasibleInstanceOfEachQuery)
{
    FeedIdlePool();
    Ptr<AsetPolicy> aset = CreateObject<AsetPolicy>();
    EXPECT_EQ(aset->GetActionSpace(), AsetPolicy::INSTANCE) << "the default";
    EXPECT_EQ(aset->GetActionNames(), AsetStateEncoder::GetTierGroupNames());
    const AsetDqnConfig config = aset->GetAgentConfig();
    EXPECT_EQ(config.contextSize, AsetStateEncoder::kContextFeatures);
    EXPECT_EQ(config.actionSize, AsetStateEncoder::kInstanceFeatures);
    aset->SetAttribute("Shield", BooleanValue(false));

    // det: five instances; at 40%, the two det-large ones; cls: one; seg: none.
    const SchedulingDecision det = aset->Decide(Query(m_det, 0), m_pool);
    ASSERT_TRUE(det.placed);
    EXPECT_EQ(aset->GetActionsScored(), 5u);
    EXPECT_EQ(aset->GetClustersInState(), 3u);
    const SchedulingDecision accurate = aset->Decide(Query(m_det, 40), m_pool);
    ASSERT_TRUE(accurate.placed);
    EXPECT_EQ(accurate.target.variantId, m_detLarge);
    EXPECT_EQ(aset->GetActionsScored(), 2u);
    const SchedulingDecision cls = aset->Decide(Query(m_cls, 0), m_pool);
    EXPECT_EQ(WhereOf(cls), Where(kFarEdge, kEdgeCls));
    EXPECT_EQ(aset->GetActionsScored(), 1u);
    const SchedulingDecision seg = aset->Decide(Query(m_seg, 0), m_pool);
    EXPECT_FALSE(seg.placed);
    EXPECT_EQ(seg.reason, RejectReason::NO_INSTANCE_FOR_TASK);
    // One decision per query that had a feasible instance, counted by tier group.
    EXPECT_EQ(aset->GetDecisionCount(), 3u);
    const std::vector<uint64_t>& counts = aset->GetActionCounts();
    ASSERT_EQ(counts.size(), 3u);
    EXPECT_EQ(std::accumulate(counts.begin(), counts.end(), uint64_t(0)), 3u);
    EXPECT_GE(counts[0], 1u) << "cls can only go to the far edge";

    // A cluster that goes quiet still counts in the state, not among the actions.
    FeedCloud(0, 0, 0, 0, kNow + MilliSeconds(100));
    FeedMetro(0, 0, 0, 0, kNow + MilliSeconds(100));
    aset->Decide(Query(m_det, 0, kNow + kStaleAfter + MilliSeconds(1)), m_pool);
    EXPECT_EQ(aset->GetActionsScored(), 4u) << "the far edge's beacon is stale";
    EXPECT_EQ(aset->GetClustersInState(), 3u);
}

TEST_F(PolicyTest, AsetInstanceSpaceExploresEveryInstanceAndLearnsPerQuery)
{
    FeedIdlePool();
    Ptr<AsetPolicy> aset = ExploringAset();
    std::map<Where, int> seen;
    const int queries = 500;
    for (int k = 0; k < queries; ++k)
    {
        QueryContext q = Query(m_det, 0, kNow + MicroSeconds(10 * k));
        q.clientId = 1;
        q.queryId = k;
        const SchedulingDecision d = aset->Decide(q, m_pool);
        ASSERT_TRUE(d.placed);
        ++seen[WhereOf(d)];
        aset->NotifyDecision(q, d);
        aset->NotifyOutcome(1, k, k % 4 == 0, q.now);
    }
    ASSERT_EQ(seen.size(), 5u) << "every feasible instance explored";
    for (const auto& [where, n] : seen)
    {
        EXPECT_GT(n, 60) << where.first << "/" << where.second;
    }
    // Every decision but the newest is settled, each with its one query's outcome.
    EXPECT_EQ(aset->GetDecisionCount(), uint64_t(queries));
    EXPECT_EQ(aset->GetAgent()->GetReplaySize(), std::size_t(queries - 1));
    EXPECT_NEAR(aset->GetMeanReward(), 125.0 / 499, 1e-12);
    EXPECT_GT(aset->GetAgent()->GetLearnSteps(), 0u);
}

TEST_F(PolicyTest, AsetInstanceSpaceLeavesOutInstancesTheQueryCannotReachInTime)
{
    // The cloud's round trip (20 ms) alone exceeds what is left of an 18 ms
    // deadline (18 - 2 x 1 ms spent): exploring at random, the agent never
    // sends a query there, nor scores it; with SkipUnreachable off it does.
    for (const bool skip : {true, false})
    {
        SCOPED_TRACE(skip ? "skipping" : "scoring everything");
        FeedIdlePool();
        Ptr<AsetPolicy> aset = ExploringAset();
        aset->SetAttribute("SkipUnreachable", BooleanValue(skip));
        int toCloud = 0;
        for (int k = 0; k < 200; ++k)
        {
            QueryContext q = Query(m_det, 0, kNow + MicroSeconds(10 * k));
            q.deadline = MilliSeconds(18);
            const SchedulingDecision d = aset->Decide(q, m_pool);
            ASSERT_TRUE(d.placed);
            toCloud += d.target.clusterId == kCloud ? 1 : 0;
            EXPECT_EQ(aset->GetActionsScored(), skip ? 3u : 5u);
        }
        if (skip)
        {
            EXPECT_EQ(toCloud, 0);
        }
        else
        {
            EXPECT_GT(toCloud, 40);
        }
    }
    // With nothing reachable, every instance is scored: the least bad one is still a choice.
    Ptr<AsetPolicy> aset = CreateObject<AsetPolicy>();
    QueryContext q = Query(m_det, 0);
    q.deadline = MilliSeconds(2);
    EXPECT_TRUE(aset->Decide(q, m_pool).placed);
    EXPECT_EQ(aset->GetActionsScored(), 5u);
}

TEST_F(PolicyTest, AsetPolicySpaceMasksTheDelegatesThatWouldReject)
{
    FeedIdlePool();
    std::vector<Candidate> det;
    std::vector<Candidate> cls;
    m_pool.GetCandidates(m_det, kNow, det);
    m_pool.GetCandidates(m_cls, kNow, cls);
    EXPECT_TRUE(MakePolicy("ns3::CloudOnlyPolicy")->CanChoose(det));
    EXPECT_FALSE(MakePolicy("ns3::CloudOnlyPolicy")->CanChoose(cls)) << "cls runs at the far edge only";
    EXPECT_TRUE(MakePolicy("ns3::ClosestPolicy")->CanChoose(cls));

    // Exploring at random (epsilon 1) over 300 periods of cls queries, ASET
    // tries every static policy but cloud-only, which would reject them all.
    Ptr<AsetPolicy> aset = CreateObject<AsetPolicy>();
    aset->SetAttribute("ActionSpace", EnumValue(AsetPolicy::POLICY));
    aset->SetAttribute("Learning", BooleanValue(true));
    aset->SetAttribute("EpsilonStart", DoubleValue(1.0));
    aset->SetAttribute("EpsilonEnd", DoubleValue(1.0));
    EXPECT_EQ(aset->GetAgentConfig().actionSize, GetStaticPolicyNames().size()) << "a one-hot row per policy";
    const std::vector<std::string> names = aset->GetActionNames();
    ASSERT_EQ(names.size(), GetStaticPolicyNames().size());
    for (int k = 0; k < 300; ++k)
    {
        const Time now = kNow + MilliSeconds(11 * k); // a new 10 ms period each time
        FeedIdlePool(now);
        const SchedulingDecision d = aset->Decide(Query(m_cls, 0, now), m_pool);
        ASSERT_TRUE(d.placed) << "query " << k;
        ASSERT_EQ(aset->GetActionsScored(), names.size() - 1) << "cloud-only is not among the rows";
    }
    EXPECT_EQ(aset->GetDecisionCount(), 300u);
    const std::vector<uint64_t>& counts = aset->GetActionCounts();
    ASSERT_EQ(counts.size(), names.size());
    for (std::size_t a = 0; a < counts.size(); ++a)
    {
        if (names[a] == "cloud-only")
        {
            EXPECT_EQ(counts[a], 0u);
        }
        else
        {
            EXPECT_GT(counts[a], 20u) << names[a];
        }
    }
    // det queries: every delegate may place them.
    const Time now = kNow + MilliSeconds(11 * 300);
    FeedIdlePool(now);
    ASSERT_TRUE(aset->Decide(Query(m_det, 0, now), m_pool).placed);
    EXPECT_EQ(aset->GetActionsScored(), names.size());
    // Queries within a period share its decision.
    ASSERT_TRUE(aset->Decide(Query(m_det, 0, now + MilliSeconds(5)), m_pool).placed);
    EXPECT_EQ(aset->GetDecisionCount(), 301u);
}

TEST_F(PolicyTest, AsetPolicySpaceShieldsOnlyTheShieldedDelegates)
{
    // Far edge with one query in service and two waiting: det-small expected
    // in 2 + 3 x 3 + 3 = 14 ms; the metro's det-small in 6 + 2 = 8 ms.
    FeedIdlePool();
    FeedFarEdge(1, 2);
    const auto query = [this](Time deadline) {
        QueryContext q = Query(m_det, 0);
        q.deadline = deadline; // slack = deadline - 2 x 1 ms elapsed - expected completion
        return q;
    };
    const auto shielded = [](const std::string& delegates, bool on = true) {
        Ptr<AsetPolicy> aset = CreateObject<AsetPolicy>();
        aset->SetAttribute("ActionSpace", EnumValue(AsetPolicy::POLICY));
        aset->SetAttribute("ShieldedDelegates", StringValue(delegates));
        aset->SetAttribute("ShieldMargin", DoubleValue(0.2));
        aset->SetAttribute("Shield", BooleanValue(on));
        aset->SetAttribute("TieMargin", DoubleValue(1e9)); // every period goes to closest
        return aset;
    };
    std::vector<uint32_t> actions;
    Ptr<AsetPolicy> aset = shielded("closest,random,round-robin");
    aset->TraceConnectWithoutContext("Shield", MakeBoundCallback(&RecordShield, &actions));

    // 100 ms: the far edge is in time, and closest's choice stands.
    EXPECT_EQ(WhereOf(aset->Decide(query(MilliSeconds(100)), m_pool)), Where(kFarEdge, kEdgeSmall));
    // 12 ms: the far edge is 4 ms late; nowhere keeps 20% (2.4 ms), the metro 2 ms:
    // the query goes to the most slack.
    EXPECT_EQ(WhereOf(aset->Decide(query(MilliSeconds(12)), m_pool)), Where(kMetro, kMetroSmall));
    // 6 ms: late everywhere (metro by 4 ms): closest's choice stands.
    EXPECT_EQ(WhereOf(aset->Decide(query(MilliSeconds(6)), m_pool)), Where(kFarEdge, kEdgeSmall));
    // ShieldMargin (20% of the deadline): 19 ms leaves the far edge 3 ms, under
    // 3.8 ms, and the query moves; 20 ms leaves it 4 ms, not under 4 ms.
    EXPECT_EQ(WhereOf(aset->Decide(query(MilliSeconds(19)), m_pool)), Where(kMetro, kMetroSmall));
    EXPECT_EQ(WhereOf(aset->Decide(query(MilliSeconds(20)), m_pool)), Where(kFarEdge, kEdgeSmall));
    EXPECT_EQ(aset->GetShieldedCount(), 2u);
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(aset->GetActionNames()[actions[0]], "closest");
    EXPECT_EQ(aset->GetDecisionCount(), 1u) << "one period";

    // Without closest among the shielded delegates, or with the shield off, the late query stays near.
    for (const auto& open : {shielded("random,cloud-only"), shielded(""), shielded("closest", false)})
    {
        EXPECT_EQ(WhereOf(open->Decide(query(MilliSeconds(12)), m_pool)), Where(kFarEdge, kEdgeSmall));
        EXPECT_EQ(open->GetShieldedCount(), 0u);
    }
}

TEST_F(PolicyTest, AsetInstanceSpaceShieldMovesPlacementsWithTooLittleMeasuredSlack)
{
    // The far edge as above (14 ms for det-small, 2 ms round trip). TieMargin
    // makes the untrained agent place every query on the nearest instance
    // (its cost is the round trip): the far edge.
    FeedIdlePool();
    FeedFarEdge(1, 2);
    const auto query = [this](Time deadline) {
        QueryContext q = Query(m_det, 0);
        q.deadline = deadline;
        return q;
    };
    const auto make = [](bool shield) {
        Ptr<AsetPolicy> aset = CreateObject<AsetPolicy>();
        aset->SetAttribute("Shield", BooleanValue(shield));
        aset->SetAttribute("ShieldMargin", DoubleValue(0.2));
        aset->SetAttribute("TieMargin", DoubleValue(1e9));
        return aset;
    };
    Ptr<AsetPolicy> unshielded = make(false);
    Ptr<AsetPolicy> aset = make(true);
    std::vector<uint32_t> traced;
    aset->TraceConnectWithoutContext("Shield", MakeBoundCallback(&RecordShield, &traced));
    for (const int deadline : {100, 12, 6, 19, 20})
    {
        EXPECT_EQ(WhereOf(unshielded->Decide(query(MilliSeconds(deadline)), m_pool)), Where(kFarEdge, kEdgeSmall))
            << "the agent's own choice, " << deadline << " ms";
    }
    EXPECT_EQ(unshielded->GetShieldedCount(), 0u);
    EXPECT_EQ(WhereOf(aset->Decide(query(MilliSeconds(100)), m_pool)), Where(kFarEdge, kEdgeSmall));
    EXPECT_EQ(WhereOf(aset->Decide(query(MilliSeconds(12)), m_pool)), Where(kMetro, kMetroSmall));
    EXPECT_EQ(WhereOf(aset->Decide(query(MilliSeconds(6)), m_pool)), Where(kFarEdge, kEdgeSmall));
    // The margin's boundary: 3 ms of 19 is under 20%, 4 ms of 20 is not.
    EXPECT_EQ(WhereOf(aset->Decide(query(MilliSeconds(19)), m_pool)), Where(kMetro, kMetroSmall));
    EXPECT_EQ(WhereOf(aset->Decide(query(MilliSeconds(20)), m_pool)), Where(kFarEdge, kEdgeSmall));
    EXPECT_EQ(aset->GetShieldedCount(), 2u);
    EXPECT_EQ(traced.size(), 2u);
    // The action counted is where the query went: the metro twice.
    EXPECT_EQ(aset->GetActionCounts()[1], 2u);
    EXPECT_EQ(aset->GetActionCounts()[0], 3u);

    // Measured, not catalogued: the metro measured 20 times slower than its
    // catalogue (det-small 40 ms, det-large 200 ms) is no refuge. With 12 ms
    // nothing is in time and the far edge is the least late by measured slack
    // (-4 ms against the metro's -36 ms): the query stays.
    Slow(kMetro, kMetroSmall, m_detSmall, MilliSeconds(2), 20, MilliSeconds(6), kNow - MilliSeconds(400));
    EXPECT_EQ(WhereOf(aset->Decide(query(MilliSeconds(12)), m_pool)), Where(kFarEdge, kEdgeSmall));
    // With 40 ms (margin 8 ms): the far edge keeps 24 ms, in time.
    EXPECT_EQ(WhereOf(aset->Decide(query(MilliSeconds(40)), m_pool)), Where(kFarEdge, kEdgeSmall));
    // The far edge more loaded (12 waiting: 2 + 13 x 3 + 3 = 44 ms, late by 6 ms):
    // by the catalogue the metro's det-small (8 ms) would be the nearest safe
    // instance; measured (46 ms) it is late, and the query goes to the cloud.
    FeedFarEdge(1, 12);
    const SchedulingDecision moved = aset->Decide(query(MilliSeconds(40)), m_pool);
    ASSERT_TRUE(moved.placed);
    EXPECT_EQ(moved.target.clusterId, kCloud);
    EXPECT_EQ(WhereOf(unshielded->Decide(query(MilliSeconds(40)), m_pool)), Where(kFarEdge, kEdgeSmall));
}

TEST_F(PolicyTest, ShieldMovesToTheNearestSafeInstanceBeforeTheOneWithMostSlack)
{
    // The far edge late (12 waiting: 44 ms); the metro loaded but in time (26 ms
    // both), the idle cloud's det-small (22 ms) with the most slack. Deadline 50 ms,
    // margin 10 ms: the metro (slack 22 ms) is the nearest instance that keeps it.
    FeedCloud(0, 0, 0, 0);
    FeedMetro(1, 0, 1, 8);
    FeedFarEdge(1, 12);
    QueryContext q = Query(m_det, 0);
    q.deadline = MilliSeconds(50);
    std::vector<Candidate> feasible;
    m_pool.GetCandidates(m_det, kNow, feasible);
    ASSERT_EQ(feasible.size(), 5u);
    const AsetShield shield(0.2);
    const std::size_t edge = 4;
    ASSERT_EQ(Where(feasible[edge].clusterId, feasible[edge].instanceIndex), Where(kFarEdge, kEdgeSmall));
    EXPECT_EQ(SchedulingPolicy::GetMeasuredExpectedSlack(q, feasible[edge]), MilliSeconds(48 - 44));
    const std::size_t earliest = AsetShield::Earliest(q, feasible);
    EXPECT_EQ(Where(feasible[earliest].clusterId, feasible[earliest].instanceIndex), Where(kCloud, kCloudSmall));
    const std::size_t checked = shield.Check(q, feasible, edge);
    EXPECT_EQ(feasible[checked].clusterId, kMetro);
    EXPECT_GE(SchedulingPolicy::GetMeasuredExpectedSlack(q, feasible[checked]), MilliSeconds(10));
    // A choice with enough slack stands, wherever it is.
    EXPECT_EQ(shield.Check(q, feasible, earliest), earliest);
    EXPECT_EQ(shield.Check(q, feasible, 0), 0u) << "the cloud's det-large keeps 18 ms";
    // Margin 0: only an expected-late placement moves; 4 ms of slack stays.
    EXPECT_EQ(AsetShield(0.0).Check(q, feasible, edge), edge);
    // Margin 1: nothing is safe; the most slack (the cloud's 26 ms) is in time.
    EXPECT_EQ(AsetShield(1.0).Check(q, feasible, edge), earliest);
    // With a preference (a learner's Q-values), the safe instance it ranks
    // highest, whatever the distance; never an unsafe one, however preferred.
    std::vector<float> preference(feasible.size(), 0.0f);
    preference[earliest] = 0.5f;
    preference[edge] = 0.9f;
    EXPECT_TRUE(shield.IsSafe(q, feasible[earliest]));
    EXPECT_FALSE(shield.IsSafe(q, feasible[edge]));
    EXPECT_EQ(shield.Check(q, feasible, edge, &preference), earliest);
    preference.assign(feasible.size(), 0.0f);
    EXPECT_EQ(shield.Check(q, feasible, edge, &preference), checked) << "ties go to the nearest";
}

TEST_F(PolicyTest, ClosestWithTheShieldKeepsClosestsChoiceUnlessItIsLate)
{
    FeedIdlePool();
    FeedFarEdge(1, 2);
    Ptr<SchedulingPolicy> policy = MakePolicy(AsetExperiment::ResolvePolicyTypeName("closest+shield"));
    Ptr<ShieldedPolicy> shielded = DynamicCast<ShieldedPolicy>(policy);
    ASSERT_NE(PeekPointer(shielded), nullptr);
    EXPECT_EQ(policy->GetName(), "closest+shield");
    StringValue delegate;
    policy->GetAttribute("Delegate", delegate);
    EXPECT_EQ(delegate.Get(), "closest");
    const auto query = [this](Time deadline) {
        QueryContext q = Query(m_det, 0);
        q.deadline = deadline;
        return q;
    };
    Ptr<SchedulingPolicy> closest = MakePolicy("ns3::ClosestPolicy");
    for (const int deadline : {100, 20, 19, 12, 6})
    {
        EXPECT_EQ(WhereOf(closest->Decide(query(MilliSeconds(deadline)), m_pool)), Where(kFarEdge, kEdgeSmall));
    }
    EXPECT_EQ(WhereOf(policy->Decide(query(MilliSeconds(100)), m_pool)), Where(kFarEdge, kEdgeSmall));
    EXPECT_EQ(WhereOf(policy->Decide(query(MilliSeconds(20)), m_pool)), Where(kFarEdge, kEdgeSmall));
    EXPECT_EQ(WhereOf(policy->Decide(query(MilliSeconds(19)), m_pool)), Where(kMetro, kMetroSmall));
    EXPECT_EQ(WhereOf(policy->Decide(query(MilliSeconds(12)), m_pool)), Where(kMetro, kMetroSmall));
    EXPECT_EQ(WhereOf(policy->Decide(query(MilliSeconds(6)), m_pool)), Where(kFarEdge, kEdgeSmall));
    EXPECT_EQ(shielded->GetShieldedCount(), 2u);

    // Its margin is an attribute too: at 0 only expected-late queries move (19 ms keeps 3 ms).
    policy->SetAttribute("ShieldMargin", DoubleValue(0.0));
    EXPECT_EQ(WhereOf(policy->Decide(query(MilliSeconds(19)), m_pool)), Where(kFarEdge, kEdgeSmall));
    EXPECT_EQ(WhereOf(policy->Decide(query(MilliSeconds(12)), m_pool)), Where(kMetro, kMetroSmall));

    // Another delegate: its name, its masking.
    policy->SetAttribute("Delegate", StringValue("cloud-only"));
    EXPECT_EQ(policy->GetName(), "cloud-only+shield");
    std::vector<Candidate> cls;
    m_pool.GetCandidates(m_cls, kNow, cls);
    EXPECT_FALSE(policy->CanChoose(cls));
    EXPECT_FALSE(policy->Decide(Query(m_cls, 0), m_pool).placed);
}

TEST_F(PolicyTest, ClosestWithTheShieldJudgesASlowedClusterByItsMeasuredTimes)
{
    // The far edge's CPU measured 10 times slower than catalogued: det-small
    // 30 ms instead of 3. Deadline 40 ms (38 ms after 1 ms each way), margin 8 ms.
    FeedIdlePool(kNow - MilliSeconds(300));
    Slow(kFarEdge, kEdgeSmall, m_detSmall, MilliSeconds(3), 10, MilliSeconds(2), kNow - MilliSeconds(290));
    FeedIdlePool();
    QueryContext q = Query(m_det, 0);
    q.deadline = MilliSeconds(40);
    const Candidate edge = FindCandidate(m_det, {kFarEdge, kEdgeSmall});
    EXPECT_DOUBLE_EQ(edge.serviceRatio, 10.0);
    // By the catalogue, 38 - 2 - 3 = 33 ms to spare; measured, 38 - 2 - 30 = 6 ms.
    EXPECT_EQ(SchedulingPolicy::GetExpectedSlack(q, edge), MilliSeconds(33));
    EXPECT_EQ(SchedulingPolicy::GetMeasuredExpectedSlack(q, edge), MilliSeconds(6));
    EXPECT_EQ(WhereOf(MakePolicy("ns3::ClosestPolicy")->Decide(q, m_pool)), Where(kFarEdge, kEdgeSmall));
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::ShieldedPolicy");
    const SchedulingDecision d = policy->Decide(q, m_pool);
    ASSERT_TRUE(d.placed);
    EXPECT_EQ(d.target.clusterId, kMetro) << "the nearest instance that keeps 8 ms, measured";
    // A longer deadline leaves the slowed far edge enough: 100 ms keeps 66 ms.
    q.deadline = MilliSeconds(100);
    EXPECT_EQ(WhereOf(policy->Decide(q, m_pool)), Where(kFarEdge, kEdgeSmall));
}

TEST(AsetAttributes, BadNamesThrowNamingTheAttribute)
{
    Ptr<AsetPolicy> aset = CreateObject<AsetPolicy>();
    try
    {
        aset->SetAttribute("ShieldedDelegates", StringValue("closest,nearest"));
        FAIL() << "an unknown delegate was accepted";
    }
    catch (const std::invalid_argument& e)
    {
        const std::string what = e.what();
        EXPECT_NE(what.find("ns3::AsetPolicy::ShieldedDelegates"), std::string::npos) << what;
        EXPECT_NE(what.find("\"nearest\""), std::string::npos) << what;
        EXPECT_NE(what.find("earliest-expected-completion)"), std::string::npos) << what;
    }
    StringValue kept;
    aset->GetAttribute("ShieldedDelegates", kept);
    EXPECT_EQ(kept.Get(), "closest,random,round-robin,least-loaded") << "a refused value leaves the old one";
    EXPECT_NO_THROW(aset->SetAttribute("ShieldedDelegates", StringValue("")));

    for (const std::string& layers : {"64,x", "", "0", ",32", "32,,32", "-4", "5000"})
    {
        aset->SetAttribute("HiddenLayers", StringValue(layers));
        try
        {
            aset->GetAgentConfig();
            ADD_FAILURE() << "HiddenLayers \"" << layers << "\" was accepted";
        }
        catch (const std::invalid_argument& e)
        {
            EXPECT_NE(std::string(e.what()).find("ns3::AsetPolicy::HiddenLayers"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("\"" + layers + "\""), std::string::npos) << e.what();
        }
    }
    aset->SetAttribute("HiddenLayers", StringValue("48,24"));
    EXPECT_EQ(aset->GetAgentConfig().hiddenLayers, (std::vector<uint32_t>{48, 24}));

    Ptr<ShieldedPolicy> shielded = CreateObject<ShieldedPolicy>();
    try
    {
        shielded->SetAttribute("Delegate", StringValue("nearest"));
        FAIL() << "an unknown delegate was accepted";
    }
    catch (const std::invalid_argument& e)
    {
        const std::string what = e.what();
        EXPECT_NE(what.find("ns3::ShieldedPolicy::Delegate"), std::string::npos) << what;
        EXPECT_NE(what.find("\"nearest\""), std::string::npos) << what;
    }
    EXPECT_EQ(shielded->GetName(), "closest+shield") << "a refused value leaves the old one";
    EXPECT_THROW(shielded->SetAttribute("Delegate", StringValue("")), std::invalid_argument);
    EXPECT_THROW(shielded->SetAttribute("Delegate", StringValue("aset")), std::invalid_argument)
        << "only static policies";

    EXPECT_EQ(GetStaticPolicyIndex("closest"), 0u);
    EXPECT_EQ(GetStaticPolicyIndex("earliest-expected-completion"), GetStaticPolicyNames().size() - 1);
    EXPECT_THROW(GetStaticPolicyIndex("Closest"), std::invalid_argument);
    EXPECT_EQ(CreateStaticPolicy("least-loaded")->GetName(), "least-loaded");
    EXPECT_THROW(CreateStaticPolicy("nearest"), std::invalid_argument);
}

TEST_F(PolicyTest, AsetWithBadHiddenLayersThrowsWhenItFirstDecides)
{
    FeedIdlePool();
    Ptr<AsetPolicy> aset = CreateObject<AsetPolicy>();
    aset->SetAttribute("HiddenLayers", StringValue(""));
    EXPECT_THROW(aset->Decide(Query(m_det, 0), m_pool), std::invalid_argument);
}

TEST_F(PolicyTest, EarliestExpectedCompletionPicksTheLargestSlack)
{
    // Slack = deadline - 2 x elapsed - expected completion; deadline and elapsed
    // are the same for every instance. Idle: far edge 2 + 3 = 5 ms, metro small
    // 6 + 2 = 8 ms, metro large 6 + 10 = 16 ms, cloud small 22 ms, cloud large 30 ms.
    FeedIdlePool();
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::EarliestExpectedCompletionPolicy");
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 0), m_pool)), Where(kFarEdge, kEdgeSmall));

    // Far edge with one query in service and two waiting: 2 + 3 x 3 + 3 = 14 ms;
    // the metro's det-small (8 ms) now wins although it is farther.
    FeedFarEdge(1, 2);
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 0), m_pool)), Where(kMetro, kMetroSmall));
    // Closest still goes to the far edge: the two policies differ here.
    EXPECT_EQ(WhereOf(MakePolicy("ns3::ClosestPolicy")->Decide(Query(m_det, 0), m_pool)),
              Where(kFarEdge, kEdgeSmall));

    // The load is gone: back to the far edge.
    FeedFarEdge(0, 0);
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 0), m_pool)), Where(kFarEdge, kEdgeSmall));

    // Queries this scheduler sent since the beacon count like queued ones.
    for (int i = 0; i < 3; ++i)
    {
        m_pool.NoteDispatch(kFarEdge, kEdgeSmall, kNow);
    }
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 0), m_pool)), Where(kMetro, kMetroSmall));

    // With 40% required: metro large 16 ms against cloud large 30 ms; load the
    // metro (1 + 1 ahead, 2 x 10 ms more: 36 ms) and the cloud wins.
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 40), m_pool)), Where(kMetro, kMetroLarge));
    FeedMetro(1, 1, 0, 0);
    EXPECT_EQ(WhereOf(policy->Decide(Query(m_det, 40), m_pool)), Where(kCloud, kCloudLarge));
}

TEST_F(PolicyTest, RoundRobinCyclesThroughFeasibleInstancesInOrder)
{
    FeedIdlePool();
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::RoundRobinPolicy");
    const std::vector<Where> cycle = {{kCloud, kCloudLarge},
                                      {kCloud, kCloudSmall},
                                      {kMetro, kMetroLarge},
                                      {kMetro, kMetroSmall},
                                      {kFarEdge, kEdgeSmall}};
    for (std::size_t i = 0; i < 3 * cycle.size(); ++i)
    {
        const SchedulingDecision det = policy->Decide(Query(m_det, 0), m_pool);
        ASSERT_TRUE(det.placed);
        EXPECT_EQ(WhereOf(det), cycle[i % cycle.size()]) << "decision " << i;
        // Queries of another task, interleaved, have a turn of their own.
        const SchedulingDecision cls = policy->Decide(Query(m_cls, 0), m_pool);
        ASSERT_TRUE(cls.placed);
        EXPECT_EQ(WhereOf(cls), Where(kFarEdge, kEdgeCls));
    }
}

TEST_F(PolicyTest, RandomPicksOnlyFeasibleInstancesAndEachOfThem)
{
    FeedIdlePool();
    Ptr<SchedulingPolicy> policy = MakePolicy("ns3::RandomPolicy");
    EXPECT_EQ(policy->AssignStreams(5), 1);
    const std::set<Where> all = {{kCloud, kCloudLarge},
                                 {kCloud, kCloudSmall},
                                 {kMetro, kMetroLarge},
                                 {kMetro, kMetroSmall},
                                 {kFarEdge, kEdgeSmall}};
    const std::set<Where> accurate = {{kCloud, kCloudLarge}, {kMetro, kMetroLarge}};
    std::set<Where> seenAll;
    std::set<Where> seenAccurate;
    std::vector<Where> sequence;
    for (int i = 0; i < 400; ++i)
    {
        const SchedulingDecision d = policy->Decide(Query(m_det, 0), m_pool);
        ASSERT_TRUE(d.placed);
        EXPECT_EQ(all.count(WhereOf(d)), 1u);
        seenAll.insert(WhereOf(d));
        sequence.push_back(WhereOf(d));
        const SchedulingDecision a = policy->Decide(Query(m_det, 40), m_pool);
        ASSERT_TRUE(a.placed);
        EXPECT_EQ(accurate.count(WhereOf(a)), 1u);
        seenAccurate.insert(WhereOf(a));
    }
    EXPECT_EQ(seenAll, all);
    EXPECT_EQ(seenAccurate, accurate);

    // The same stream gives the same draws.
    Ptr<SchedulingPolicy> again = MakePolicy("ns3::RandomPolicy");
    again->AssignStreams(5);
    for (std::size_t i = 0; i < sequence.size(); ++i)
    {
        EXPECT_EQ(WhereOf(again->Decide(Query(m_det, 0), m_pool)), sequence[i]) << i;
        again->Decide(Query(m_det, 40), m_pool);
    }
}

TEST(StaticPolicies, EveryNameCreatesItsPolicy)
{
    const auto& names = GetStaticPolicyNames();
    EXPECT_EQ(names.size(), 6u);
    std::set<std::string> shortNames;
    for (const auto& [shortName, typeName] : names)
    {
        Ptr<SchedulingPolicy> policy = MakePolicy(typeName);
        ASSERT_NE(PeekPointer(policy), nullptr) << typeName;
        EXPECT_EQ(policy->GetName(), shortName);
        shortNames.insert(shortName);
    }
    EXPECT_EQ(shortNames.size(), names.size());
}

TEST(PolicyNames, ShortAndTypeIdNamesOfPoliciesOnly)
{
    EXPECT_EQ(AsetExperiment::CheckPolicyName("closest"), "");
    EXPECT_EQ(AsetExperiment::CheckPolicyName("closest+shield"), "");
    EXPECT_EQ(AsetExperiment::CheckPolicyName("ns3::LeastLoadedPolicy"), "");
    EXPECT_EQ(AsetExperiment::CheckPolicyName("ns3::AsetPolicy"), "");
    const std::string unknown = AsetExperiment::CheckPolicyName("nearest");
    EXPECT_NE(unknown.find("unknown policy 'nearest' (known: all, closest,"), std::string::npos)
        << unknown;
    const std::string unregistered = AsetExperiment::CheckPolicyName("ns3::NoSuchPolicy");
    EXPECT_NE(unregistered.find("no TypeId named 'ns3::NoSuchPolicy'"), std::string::npos);
    EXPECT_NE(unregistered.find("--policy-library"), std::string::npos) << unregistered;
    // TypeIds that are not policies, or that a scheduler could not create.
    for (const char* name : {"ns3::Node", "ns3::SchedulingPolicy"})
    {
        EXPECT_NE(AsetExperiment::CheckPolicyName(name).find("is not a SchedulingPolicy"),
                  std::string::npos)
            << name;
    }

    EXPECT_EQ(AsetExperiment::ParsePolicyList("closest,ns3::RandomPolicy", "--policy"),
              (std::vector<std::string>{"closest", "ns3::RandomPolicy"}));
    EXPECT_EQ(AsetExperiment::ParsePolicyList("all", "--policy"), AsetExperiment::GetPolicyNames());
    for (const char* bad : {"closest,ns3::Node", "closest,,random", "random,random"})
    {
        try
        {
            AsetExperiment::ParsePolicyList(bad, "--policies");
            ADD_FAILURE() << bad << " was accepted";
        }
        catch (const std::invalid_argument& e)
        {
            EXPECT_EQ(std::string(e.what()).rfind("--policies: ", 0), 0u) << e.what();
        }
    }
}

TEST(PolicyNames, ARunRefusesANameItCannotRunBeforeBuildingAnything)
{
    AsetExperiment experiment(AsetScenario::Default());
    EXPECT_THROW(experiment.Run("ns3::Node", 1, 1), std::invalid_argument);
    EXPECT_THROW(experiment.Run("ns3::NoSuchPolicy", 1, 1), std::invalid_argument);
}
