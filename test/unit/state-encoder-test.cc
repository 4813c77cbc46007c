// SPDX-License-Identifier: GPL-2.0-only
// ASET's observation: the context and the instance rows against features
// computed by hand for a small pool; scaling and clipping; arrival rates;
// independence from how clusters are numbered; a pool of 200 clusters is
// counted whole.
#include "ns3/aset-state-encoder.h"
#include "ns3/cluster-beacon-header.h"
#include "ns3/inference-query-header.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>

using namespace ns3;

namespace
{
constexpr uint32_t kC = AsetStateEncoder::kContextFeatures;
constexpr uint32_t kI = AsetStateEncoder::kInstanceFeatures;

// Context offsets (the header comment's order).
constexpr uint32_t kQuery = 0;
constexpr uint32_t kWorkload = 3;
constexpr uint32_t kOutlook = 8;
constexpr uint32_t kGroups = 14;
constexpr uint32_t kPool = kGroups + AsetStateEncoder::kTierGroups * AsetStateEncoder::kTierGroupFeatures;

// Catalogue: cls-small (70%, CPU 10 ms), cls-big (90%, GPU 4 ms), det-d (40%, GPU 8 ms).
Ptr<ModelCatalogue>
Catalogue()
{
    std::istringstream in("task,variant,accuracy,hardware,batch_size,latency_ms,memory_mb,source\n"
                          "cls,cls-small,70,cpu,1,10,1,src\n"
                          "cls,cls-big,90,gpu,1,4,1,src\n"
                          "det,det-d,40,gpu,1,8,1,src\n");
    return ModelCatalogue::Parse(in, "encoder.csv");
}

constexpr uint16_t kSmall = 0;
constexpr uint16_t kBig = 1;
constexpr uint16_t kDet = 2;

InstanceLoad
Load(uint16_t variant,
     HardwareClass hw,
     uint16_t replicas,
     uint16_t busy,
     uint32_t queue,
     uint32_t capacity,
     uint16_t utilisation)
{
    return {variant, hw, replicas, 1, busy, queue, capacity, utilisation};
}

/// Delivers a beacon of cluster \p id sent at \p sent and received at \p received.
void
Beacon(PoolView& pool,
       uint16_t id,
       ClusterTier tier,
       Time sent,
       Time received,
       std::vector<InstanceLoad> instances,
       bool up = true)
{
    ClusterBeaconHeader b;
    b.clusterId = id;
    b.tier = tier;
    b.queryPort = 9100;
    b.up = up ? 1 : 0;
    b.sendTime = sent;
    b.instances = std::move(instances);
    pool.ObserveBeacon(b, Ipv4Address("10.0.0.1"), received);
}

/**
 * The hand-computed pool, with cluster ids renamed by \p id. Gains: RTT and
 * service ratio 0.5, success 0.25.
 * - A (3), far edge, beacon 10 -> 12 ms (rtt 4 ms): cls-small on CPU, 2
 *   replicas both busy, 3 waiting of 10, 80% busy; one query sent since.
 * - B (7), near edge, 10 -> 15 ms (rtt 10 ms): cls-big on GPU, 1 replica busy, 2
 *   waiting of 50, 20% busy; det-d on GPU, 4 replicas, 1 busy, 10% busy. One
 *   response served cls-big in 20 ms (catalogued 4 ms: ratio 5, smoothed to
 *   3) below the query's minimum accuracy (success ratio 0.75); its round
 *   trip sample is 10 ms.
 * - C (1), cloud, 0 -> 20 ms (rtt 40 ms): cls-big on GPU, 8 idle replicas.
 * - D (5), far edge, down.
 * - E (9), far edge, 40 -> 43 ms (rtt 6 ms): det-d only, 2 replicas, 1 busy, 50% busy.
 */
PoolView
HandPool(const std::function<uint16_t(uint16_t)>& id = [](uint16_t i) { return i; })
{
    PoolView pool(Catalogue(), MilliSeconds(300), 0.5, 0.25);
    Beacon(pool, id(3), ClusterTier::FAR_EDGE, MilliSeconds(10), MilliSeconds(12),
           {Load(kSmall, HardwareClass::CPU, 2, 2, 3, 10, 8000)});
    Beacon(pool, id(7), ClusterTier::NEAR_EDGE, MilliSeconds(10), MilliSeconds(15),
           {Load(kBig, HardwareClass::GPU, 1, 1, 2, 50, 2000), Load(kDet, HardwareClass::GPU, 4, 1, 0, 20, 1000)});
    Beacon(pool, id(1), ClusterTier::CLOUD, MilliSeconds(0), MilliSeconds(20),
           {Load(kBig, HardwareClass::GPU, 8, 0, 0, 100, 0)});
    Beacon(pool, id(5), ClusterTier::FAR_EDGE, MilliSeconds(10), MilliSeconds(12),
           {Load(kSmall, HardwareClass::CPU, 1, 0, 0, 10, 0)}, false);
    Beacon(pool, id(9), ClusterTier::FAR_EDGE, MilliSeconds(40), MilliSeconds(43),
           {Load(kDet, HardwareClass::GPU, 2, 1, 0, 20, 5000)});
    pool.NoteDispatch(id(3), 0, MilliSeconds(45));

    InferenceQueryHeader r;
    r.kind = InferenceQueryHeader::Kind::RESPONSE;
    r.status = InferenceQueryHeader::Status::SERVED;
    r.clusterId = id(7);
    r.instanceIndex = 0;
    r.variantId = kBig;
    r.batchSize = 1;
    r.deadline = MilliSeconds(100);
    r.minAccuracyCenti = 9500;
    r.servedAccuracyCenti = 9000; // below the minimum: a failure
    r.clientSendTime = MilliSeconds(12);
    r.schedulerForwardTime = MilliSeconds(14);
    r.clusterArrivalTime = MilliSeconds(19);
    r.serviceStartTime = MilliSeconds(19);
    r.serviceEndTime = MilliSeconds(39); // 20 ms in the cluster, all of it service
    pool.ObserveResponse(r, MilliSeconds(44)); // round trip 44 - 14 - 20 = 10 ms
    return pool;
}

/// A cls query of application 1: deadline 100 ms, 60% minimum, 5 ms in the network, at 50 ms.
QueryContext
HandQuery()
{
    QueryContext q;
    q.applicationId = 1;
    q.taskId = 0;
    q.minAccuracy = 60;
    q.deadline = MilliSeconds(100);
    q.elapsed = MilliSeconds(5);
    q.now = MilliSeconds(50);
    return q;
}

std::vector<Candidate>
Feasible(const PoolView& pool, const QueryContext& q)
{
    std::vector<Candidate> all;
    pool.GetCandidates(q.taskId, q.now, all);
    std::vector<Candidate> feasible;
    for (const auto& c : all)
    {
        if (c.accuracy >= q.minAccuracy)
        {
            feasible.push_back(c);
        }
    }
    return feasible;
}

std::vector<float>
Row(const AsetObservation& o, uint32_t k)
{
    return std::vector<float>(o.GetAction(k), o.GetAction(k) + o.actionWidth);
}

void
ExpectFeatures(const std::vector<float>& actual, const std::vector<double>& expected, const std::string& what)
{
    ASSERT_EQ(actual.size(), expected.size()) << what;
    for (std::size_t i = 0; i < expected.size(); ++i)
    {
        EXPECT_NEAR(actual[i], expected[i], 1e-5) << what << ", feature " << i;
    }
}

double
L2(double x)
{
    return std::log2(x);
}
} // namespace

TEST(StateEncoder, TierGroupsAndLogRate)
{
    EXPECT_EQ(AsetStateEncoder::GetTierGroup(ClusterTier::ACCESS), 0u);
    EXPECT_EQ(AsetStateEncoder::GetTierGroup(ClusterTier::FAR_EDGE), 0u);
    EXPECT_EQ(AsetStateEncoder::GetTierGroup(ClusterTier::NEAR_EDGE), 1u);
    EXPECT_EQ(AsetStateEncoder::GetTierGroup(ClusterTier::CORE), 1u);
    EXPECT_EQ(AsetStateEncoder::GetTierGroup(ClusterTier::CLOUD), 2u);
    EXPECT_EQ(AsetStateEncoder::GetTierGroupNames(), (std::vector<std::string>{"far-edge", "near-edge", "cloud"}));
    EXPECT_FLOAT_EQ(AsetStateEncoder::LogRate(0), 0.0f);
    EXPECT_FLOAT_EQ(AsetStateEncoder::LogRate(-5), 0.0f);
    EXPECT_FLOAT_EQ(AsetStateEncoder::LogRate(9999), 1.0f);
    EXPECT_NEAR(AsetStateEncoder::LogRate(99), 0.5, 1e-6);
    EXPECT_FLOAT_EQ(AsetStateEncoder::LogRate(1e9), 1.25f);
}

TEST(StateEncoder, HandComputedContext)
{
    PoolView pool = HandPool();
    const QueryContext q = HandQuery();
    AsetStateEncoder encoder;
    // Arrivals: one of application 0 one short time constant (50 ms) ago, this one now.
    QueryContext earlier = q;
    earlier.applicationId = 0;
    earlier.now = Time(0);
    encoder.CountArrival(earlier);
    encoder.CountArrival(q);

    uint16_t id = 99;
    ASSERT_TRUE(pool.GetCatalogue()->FindVariant("cls-big", id));
    ASSERT_EQ(id, kBig);
    ASSERT_TRUE(pool.GetCatalogue()->FindVariant("det-d", id));
    ASSERT_EQ(id, kDet);
    const std::vector<Candidate> feasible = Feasible(pool, q);
    ASSERT_EQ(feasible.size(), 3u) << "C's and B's cls-big, A's cls-small; D is down, E has no cls";
    std::vector<float> context(kC + 1, -9.0f);
    encoder.EncodeContext(pool, q, feasible, context.data());
    EXPECT_EQ(context[kC], -9.0f) << "wrote past kContextFeatures";
    EXPECT_EQ(encoder.GetClustersCounted(), 5u);

    const double e1 = std::exp(-1.0);
    const double e05 = std::exp(-0.05);
    std::vector<double> expected = {
        // Query: deadline 0.1 s, 60%, 5 ms of 100 ms.
        0.1,
        0.6,
        0.05,
        // Workload: all (two arrivals), then application 1 (one, now); LogRate = log10(1 + rate) / 4.
        std::log10(1 + (1 + e1) / 0.05) / 4,
        std::log10(1 + (1 + e05) / 1.0) / 4,
        std::log10(1 + 1 / 0.05) / 4,
        std::log10(1 + 1 / 1.0) / 4,
        1 / (1 + e05),
        // Outlook. Budget 100 - 2 x 5 = 90 ms. By the catalogue: C 90 - 40 - 4 = 46;
        // A 90 - 4 - (6 ahead - 2 replicas + 1) x 10 / 2 - 10 = 51 (nearest); B 90 - 10 - 3 x 4 - 4 = 64 (best).
        0.51,
        0.64,
        (0.46 + 0.51 + 0.64) / 3,
        // Measured (B at 3 times the catalogue): B 90 - 10 - 3 x 12 - 12 = 32; A is the best.
        0.51,
        0.51,
        (0.46 + 0.51 + 0.32) / 3,
        // Far edge: A and E live (D down). Peak loads A (3 + 2 + 1) / 2 = 3, E 1 / 2;
        // utilisation 0.8 and 0.5; lowest round trip 4 ms; as catalogued; all successes.
        L2(3) / 5,
        (3 + 0.5) / 2 / 10,
        0.5 / 10,
        0.65,
        0.04,
        0,
        1,
        // Near edge: B. Peak (2 + 1) / 1 = 3; utilisation (0.2 + 0.1) / 2; 10 ms; ratio 3; 0.75.
        L2(2) / 5,
        0.3,
        0.3,
        0.15,
        0.1,
        L2(3) / 4,
        0.75,
        // Cloud: C, idle, 40 ms.
        L2(2) / 5,
        0,
        0,
        0,
        0.4,
        0,
        1,
        // Pool: 4 of 5 live; 3 feasible; beacon ages 38, 35, 30 and 7 ms.
        0.8,
        L2(4) / 8,
        (38 + 35 + 30 + 7) / 4.0 / 100,
    };
    ASSERT_EQ(expected.size(), kC);
    ExpectFeatures(std::vector<float>(context.begin(), context.begin() + kC), expected, "context");

    // No feasible instance: no outlook, and none counted; the rest stands.
    std::vector<float> empty(kC, -9.0f);
    encoder.EncodeContext(pool, q, {}, empty.data());
    for (uint32_t i = kOutlook; i < kOutlook + 6; ++i)
    {
        EXPECT_EQ(empty[i], 0.0f) << i;
    }
    EXPECT_EQ(empty[kPool + 1], 0.0f);
    EXPECT_NEAR(empty[kGroups], L2(3) / 5, 1e-6);
}

TEST(StateEncoder, HandComputedInstanceRows)
{
    PoolView pool = HandPool();
    const QueryContext q = HandQuery();
    AsetStateEncoder encoder;
    encoder.CountArrival(q);
    const std::vector<Candidate> feasible = Feasible(pool, q);
    ASSERT_EQ(feasible.size(), 3u);
    AsetObservation o;
    encoder.EncodeInstanceObservation(pool, q, feasible, o);
    ASSERT_EQ(o.context.size(), kC);
    EXPECT_EQ(o.actionWidth, kI);
    ASSERT_EQ(o.GetActionCount(), 3u);
    std::vector<float> context(kC);
    AsetStateEncoder again;
    again.CountArrival(q);
    again.EncodeContext(pool, q, feasible, context.data());
    EXPECT_EQ(o.context, context) << "the same context as EncodeContext's";

    // Rows in the candidates' order: cluster 1 (C), 3 (A), 7 (B). Slack best by the
    // catalogue 0.64 (B), measured 0.51 (A); nearest round trip 4 ms (A).
    // Features: slack, measured slack, each minus the best; measured slack with the queue's
    // trend (one beacon each: no trend) and the trend; round trip, its excess, service;
    // log2(ratio) / 4; load per replica / 10, queue fill, utilisation, log2(1 + replicas) / 6,
    // success, beacon age / 100 ms, accuracy margin; tier group; hardware.
    ExpectFeatures(Row(o, 0),
                   {0.46, 0.46, -0.18, -0.05, 0.46, 0, 0.4, 0.36, 0.04, 0, 0, 0, 0, L2(9) / 6, 1, 0.3, 0.3,
                    0, 0, 1, 0, 1, 0},
                   "C: cloud cls-big");
    ExpectFeatures(Row(o, 1),
                   {0.51, 0.51, -0.13, 0, 0.51, 0, 0.04, 0, 0.1, 0, 0.3, 0.3, 0.8, L2(3) / 6, 1, 0.38, 0.1,
                    1, 0, 0, 1, 0, 0},
                   "A: far-edge cls-small");
    ExpectFeatures(Row(o, 2),
                   {0.64, 0.32, 0, -0.19, 0.32, 0, 0.1, 0.06, 0.04, L2(3) / 4, 0.3, 0.04, 0.2, L2(2) / 6, 0.75, 0.35, 0.3,
                    0, 1, 0, 0, 1, 0},
                   "B: near-edge cls-big");
}

TEST(StateEncoder, FeaturesAreClipped)
{
    // A 10 ms deadline with 5 ms spent: the budget is gone, every slack is
    // below -1 deadline, and the cloud's 40 ms round trip is 4 deadlines.
    PoolView pool = HandPool();
    QueryContext q = HandQuery();
    q.deadline = MilliSeconds(10);
    AsetStateEncoder encoder;
    const std::vector<Candidate> feasible = Feasible(pool, q);
    AsetObservation o;
    encoder.EncodeInstanceObservation(pool, q, feasible, o);
    ASSERT_EQ(o.GetActionCount(), 3u);
    const std::vector<float> cloud = Row(o, 0);
    EXPECT_FLOAT_EQ(cloud[0], -1.0f);
    EXPECT_FLOAT_EQ(cloud[1], -1.0f);
    EXPECT_FLOAT_EQ(cloud[6], 2.0f) << "round trip, clipped at 2 deadlines";
    EXPECT_FLOAT_EQ(cloud[7], 2.0f) << "excess round trip (36 ms), clipped at 2";
    // Slack minus the best: C -44 - (-26) = -18 ms, -1.8 deadlines, clipped at -1.
    EXPECT_FLOAT_EQ(cloud[2], -1.0f);
    EXPECT_FLOAT_EQ(o.context[kQuery + 2], 0.5f) << "5 of 10 ms spent";
    for (uint32_t i = kOutlook; i < kOutlook + 6; ++i)
    {
        EXPECT_GE(o.context[i], -1.0f) << i;
        EXPECT_LE(o.context[i], 1.0f) << i;
    }
    EXPECT_FLOAT_EQ(o.context[kOutlook], -1.0f) << "nearest: 0 - 39 ms";
    // Cloud's lowest round trip in deadlines: 4, clipped at 2.
    EXPECT_FLOAT_EQ(o.context[kGroups + 2 * AsetStateEncoder::kTierGroupFeatures + 4], 2.0f);
    // Far-edge load: a cluster with 200 queries per replica is 20 units of 10, clipped at 4.
    Beacon(pool, 3, ClusterTier::FAR_EDGE, MilliSeconds(40), MilliSeconds(42),
           {Load(kSmall, HardwareClass::CPU, 1, 1, 199, 200, 10000)});
    encoder.EncodeInstanceObservation(pool, q, Feasible(pool, q), o);
    EXPECT_FLOAT_EQ(o.context[kGroups + 1], 4.0f) << "mean far-edge load: (200 + 0.5) / 2, clipped";
    EXPECT_NEAR(o.context[kGroups + 2], 0.05, 1e-6) << "lowest far-edge load: E's";
    EXPECT_FLOAT_EQ(Row(o, 1)[10], 4.0f) << "A's load per replica, clipped";
    EXPECT_FLOAT_EQ(Row(o, 1)[11], 199.0f / 200) << "queue fill";
    EXPECT_FLOAT_EQ(Row(o, 1)[12], 1.0f);
    // From 5 to 200 queries ahead of its one replica in 30 ms: 6,500 per replica and second.
    EXPECT_FLOAT_EQ(Row(o, 1)[5], 4.0f) << "load growth, clipped";
    EXPECT_FLOAT_EQ(Row(o, 1)[4], -1.0f) << "trend slack, clipped";
}

TEST(StateEncoder, LoadGrowthBetweenBeaconsExtrapolatesTheQueue)
{
    // cls-big on 2 GPU replicas (4 ms) at the near edge, 10 ms round trip: 0
    // ahead at 0 ms, then 2 busy and 18 waiting at 100 ms (100 per replica
    // and second, 1 unit), beacon 20 ms old when the query comes.
    PoolView pool(Catalogue(), MilliSeconds(300), 0.125, 0.05);
    Beacon(pool, 7, ClusterTier::NEAR_EDGE, MilliSeconds(-5), MilliSeconds(0),
           {Load(kBig, HardwareClass::GPU, 2, 0, 0, 50, 0)});
    Beacon(pool, 7, ClusterTier::NEAR_EDGE, MilliSeconds(95), MilliSeconds(100),
           {Load(kBig, HardwareClass::GPU, 2, 2, 18, 50, 10000)});
    QueryContext q = HandQuery();
    q.elapsed = Time(0);
    q.now = MilliSeconds(120);
    AsetStateEncoder encoder;
    const std::vector<Candidate> feasible = Feasible(pool, q);
    ASSERT_EQ(feasible.size(), 1u);
    EXPECT_DOUBLE_EQ(feasible[0].loadGrowth, 100.0);
    AsetObservation o;
    encoder.EncodeInstanceObservation(pool, q, feasible, o);
    const std::vector<float> r = Row(o, 0);
    // 20 ahead: 19 rounds / 2 replicas + 1 = 10.5 services (42 ms); 100 - 10 - 42 = 48 ms.
    EXPECT_NEAR(r[1], 0.48, 1e-5) << "measured slack";
    // 100 per replica and second over 20 ms: 2 more rounds of 4 ms each, 8 ms less.
    EXPECT_NEAR(r[4], 0.40, 1e-5) << "trend slack";
    EXPECT_NEAR(r[5], 1.0, 1e-6) << "growth, units of 100";
    // A queue that shrinks is not extrapolated below what the beacon said.
    Beacon(pool, 7, ClusterTier::NEAR_EDGE, MilliSeconds(195), MilliSeconds(200),
           {Load(kBig, HardwareClass::GPU, 2, 2, 8, 50, 10000)});
    q.now = MilliSeconds(220);
    encoder.EncodeInstanceObservation(pool, q, Feasible(pool, q), o);
    EXPECT_EQ(Row(o, 0)[4], Row(o, 0)[1]);
    EXPECT_NEAR(Row(o, 0)[5], -0.5, 1e-6);
}

TEST(StateEncoder, ArrivalRatesDecay)
{
    PoolView pool(Catalogue(), MilliSeconds(300), 0.125, 0.05);
    AsetStateEncoder encoder;
    QueryContext q;
    q.applicationId = 2;
    q.deadline = MilliSeconds(30);
    q.now = Seconds(1);
    encoder.CountArrival(q);
    q.now = Seconds(1) + MilliSeconds(50); // one short time constant later
    std::vector<float> context(kC);
    encoder.EncodeContext(pool, q, {}, context.data());
    EXPECT_NEAR(context[kWorkload + 0], std::log10(1 + std::exp(-1.0) / 0.05) / 4, 1e-6);
    EXPECT_NEAR(context[kWorkload + 1], std::log10(1 + std::exp(-0.05) / 1.0) / 4, 1e-6);
    EXPECT_NEAR(context[kWorkload + 2], context[kWorkload + 0], 1e-7) << "the only application";
    EXPECT_NEAR(context[kWorkload + 4], 1.0, 1e-6) << "its share";
    // Another application, never seen: no rate of its own, no share.
    q.applicationId = 3;
    encoder.EncodeContext(pool, q, {}, context.data());
    EXPECT_EQ(context[kWorkload + 2], 0.0f);
    EXPECT_EQ(context[kWorkload + 3], 0.0f);
    EXPECT_EQ(context[kWorkload + 4], 0.0f);
    EXPECT_GT(context[kWorkload + 0], 0.0f);
}

TEST(StateEncoder, ObservationDoesNotDependOnClusterNumbering)
{
    // The same pool with every cluster renumbered (which also reorders the candidates).
    const std::map<uint16_t, uint16_t> renamed{{3, 40}, {7, 2}, {1, 31}, {5, 4}, {9, 1}};
    PoolView original = HandPool();
    PoolView renumbered = HandPool([&renamed](uint16_t i) { return renamed.at(i); });
    const QueryContext q = HandQuery();
    AsetStateEncoder a;
    AsetStateEncoder b;
    a.CountArrival(q);
    b.CountArrival(q);
    const std::vector<Candidate> fa = Feasible(original, q);
    const std::vector<Candidate> fb = Feasible(renumbered, q);
    ASSERT_EQ(fa.size(), fb.size());
    ASSERT_NE(renamed.at(fa[0].clusterId), fb[0].clusterId) << "the order must change for the check";
    AsetObservation oa;
    AsetObservation ob;
    a.EncodeInstanceObservation(original, q, fa, oa);
    b.EncodeInstanceObservation(renumbered, q, fb, ob);
    ASSERT_EQ(oa.context.size(), ob.context.size());
    for (std::size_t i = 0; i < oa.context.size(); ++i)
    {
        EXPECT_NEAR(oa.context[i], ob.context[i], 1e-6) << "context feature " << i;
    }
    // The same rows, as a multiset.
    std::vector<std::vector<float>> rowsA;
    std::vector<std::vector<float>> rowsB;
    for (uint32_t k = 0; k < oa.GetActionCount(); ++k)
    {
        rowsA.push_back(Row(oa, k));
        rowsB.push_back(Row(ob, k));
    }
    EXPECT_NE(rowsA, rowsB) << "the rows come in another order";
    std::sort(rowsA.begin(), rowsA.end());
    std::sort(rowsB.begin(), rowsB.end());
    ASSERT_EQ(rowsA.size(), rowsB.size());
    for (std::size_t k = 0; k < rowsA.size(); ++k)
    {
        for (std::size_t f = 0; f < kI; ++f)
        {
            EXPECT_NEAR(rowsA[k][f], rowsB[k][f], 1e-6) << "row " << k << " feature " << f;
        }
    }
}

TEST(StateEncoder, APoolOf200ClustersIsCountedWhole)
{
    // 150 far-edge clusters, 40 near-edge, 10 cloud, each with one cls-big replica.
    PoolView pool(Catalogue(), MilliSeconds(300), 0.125, 0.05);
    for (uint16_t i = 0; i < 200; ++i)
    {
        const ClusterTier tier = i < 150 ? ClusterTier::FAR_EDGE : i < 190 ? ClusterTier::NEAR_EDGE : ClusterTier::CLOUD;
        const Time oneWay = MicroSeconds(100 + 50 * i);
        Beacon(pool, 1000 + 7 * i, tier, MilliSeconds(20) - oneWay, MilliSeconds(20),
               {Load(kBig, HardwareClass::GPU, 1, i % 2, i % 5, 50, 100 * (i % 10))});
    }
    QueryContext q = HandQuery();
    AsetStateEncoder encoder;
    encoder.CountArrival(q);
    const std::vector<Candidate> feasible = Feasible(pool, q);
    ASSERT_EQ(feasible.size(), 200u);
    AsetObservation o;
    encoder.EncodeInstanceObservation(pool, q, feasible, o);
    EXPECT_EQ(encoder.GetClustersCounted(), 200u);
    EXPECT_EQ(o.GetActionCount(), 200u) << "a row per feasible instance";
    EXPECT_EQ(o.actions.size(), 200u * kI);
    const uint32_t g = AsetStateEncoder::kTierGroupFeatures;
    EXPECT_NEAR(o.context[kGroups], L2(151) / 5, 1e-6) << "far-edge live count: all 150";
    EXPECT_NEAR(o.context[kGroups + g], L2(41) / 5, 1e-6) << "near-edge live count: all 40";
    EXPECT_NEAR(o.context[kGroups + 2 * g], L2(11) / 5, 1e-6) << "cloud live count: all 10";
    EXPECT_FLOAT_EQ(o.context[kPool], 1.0f) << "all live";
    EXPECT_NEAR(o.context[kPool + 1], L2(201) / 8, 1e-6);
    // The last cluster's lowest round trip (cloud: the 190th one, 2 x 9.6 ms) shows.
    EXPECT_NEAR(o.context[kGroups + 2 * g + 4], 2 * (100 + 50 * 190) * 1e-6 / 0.1, 1e-5);
    // Every row is a cls-big GPU one; exactly one of them is the nearest (excess round trip 0).
    int nearest = 0;
    for (uint32_t k = 0; k < 200; ++k)
    {
        const std::vector<float> r = Row(o, k);
        nearest += r[7] == 0.0f ? 1 : 0;
        EXPECT_EQ(r[kI - kHardwareClassCount + 1], 1.0f) << k;
    }
    EXPECT_EQ(nearest, 1);

    // Half of them say they are down: still counted, no longer live.
    for (uint16_t i = 0; i < 200; i += 2)
    {
        Beacon(pool, 1000 + 7 * i, ClusterTier::FAR_EDGE, MilliSeconds(55), MilliSeconds(55),
               {Load(kBig, HardwareClass::GPU, 1, 0, 0, 50, 0)}, false);
    }
    q.now = MilliSeconds(60);
    encoder.EncodeInstanceObservation(pool, q, Feasible(pool, q), o);
    EXPECT_EQ(encoder.GetClustersCounted(), 200u);
    EXPECT_EQ(o.GetActionCount(), 100u);
    EXPECT_FLOAT_EQ(o.context[kPool], 0.5f);
}
