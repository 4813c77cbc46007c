// SPDX-License-Identifier: GPL-2.0-only
// ASET's state: layout, scaling and slots, against hand-computed features.
#include "ns3/aset-state-encoder.h"
#include "ns3/cluster-beacon-header.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

using namespace ns3;

namespace
{
Ptr<ModelCatalogue>
Catalogue()
{
    std::istringstream in("task,variant,accuracy,hardware,batch_size,latency_ms,memory_mb,source\n"
                          "cls,small,70,cpu,1,10,1,src\n"
                          "det,big,40,gpu,1,8,1,src\n");
    return ModelCatalogue::Parse(in, "encoder.csv");
}

ClusterBeaconHeader
Beacon(uint16_t id, ClusterTier tier, uint32_t queued, uint16_t busy, uint16_t replicas)
{
    ClusterBeaconHeader b;
    b.clusterId = id;
    b.tier = tier;
    b.queryPort = 9100;
    b.instances.push_back({0, HardwareClass::CPU, replicas, 1, busy, queued, 100, 5000});
    return b;
}
} // namespace

TEST(StateEncoder, LayoutSizes)
{
    AsetStateEncoder::Layout layout;
    EXPECT_EQ(layout.GetSize(), 4u * 3 + 8u * 7);
    layout.queryFeatures = true;
    EXPECT_EQ(layout.GetSize(), 4u * 3 + 8u * 7 + 4 + 3);
    layout.queryFeatures = false;
    layout.outlook = true;
    EXPECT_EQ(layout.GetSize(), 4u * 3 + 8u * 7 + 3);
}

TEST(StateEncoder, OutlookIsTheSlackAtTheNearestAndBestInstancesAndOnAverage)
{
    AsetStateEncoder::Layout layout;
    layout.maxApplications = 1;
    layout.maxClusters = 1;
    layout.outlook = true;
    AsetStateEncoder encoder(layout);
    PoolView pool(Catalogue(), MilliSeconds(300), 0.125, 0.05);
    const auto idle = [](uint16_t cluster, Time rtt, Time service) {
        Candidate c;
        c.clusterId = cluster;
        c.rtt = rtt;
        c.serviceTime = service;
        c.load.replicas = 1;
        return c;
    };
    // Deadline 100 ms, 5 ms spent on the way here (so 10 ms both ways): the slack at an idle
    // instance is 90 ms - rtt - service.
    const std::vector<Candidate> feasible{idle(0, MilliSeconds(10), MilliSeconds(30)),  // nearest: 50 ms
                                          idle(1, MilliSeconds(20), MilliSeconds(5)),   // best: 65 ms
                                          idle(2, MilliSeconds(60), MilliSeconds(100))}; // -70 ms
    QueryContext q;
    q.deadline = MilliSeconds(100);
    q.elapsed = MilliSeconds(5);
    q.now = MilliSeconds(20);
    std::vector<float> state(layout.GetSize(), -9.0f);
    encoder.Encode(pool, q, feasible, state.data());
    const float* outlook = &state[3 + 7];
    EXPECT_NEAR(outlook[0], 0.50, 1e-6);
    EXPECT_NEAR(outlook[1], 0.65, 1e-6);
    EXPECT_NEAR(outlook[2], (0.50 + 0.65 - 0.70) / 3, 1e-6);
    // A 10 ms deadline leaves -40 ms at the nearest: -4 deadlines, clipped at -1.
    q.deadline = MilliSeconds(10);
    encoder.Encode(pool, q, feasible, state.data());
    EXPECT_FLOAT_EQ(outlook[0], -1.0f);
    // No feasible instance: no outlook.
    encoder.Encode(pool, q, {}, state.data());
    EXPECT_EQ(std::vector<float>(outlook, outlook + 3), std::vector<float>(3, 0.0f));
}

TEST(StateEncoder, FeaturesAreScaledAndSlotted)
{
    AsetStateEncoder::Layout layout;
    layout.maxApplications = 2;
    layout.maxClusters = 2;
    layout.maxTasks = 2;
    layout.queryFeatures = true;
    AsetStateEncoder encoder(layout);
    PoolView pool(Catalogue(), MilliSeconds(300), 0.125, 0.05);
    // Beacons sent at 1 ms, received at 11 ms: a 20 ms round trip estimate (0.2 x 100 ms).
    ClusterBeaconHeader near = Beacon(3, ClusterTier::FAR_EDGE, 6, 2, 2);
    near.sendTime = MilliSeconds(1);
    pool.ObserveBeacon(near, Ipv4Address("10.0.0.1"), MilliSeconds(11));
    ClusterBeaconHeader far = Beacon(9, ClusterTier::CLOUD, 200, 4, 4);
    far.sendTime = MilliSeconds(1);
    pool.ObserveBeacon(far, Ipv4Address("10.0.0.2"), MilliSeconds(11));
    ClusterBeaconHeader unseen = Beacon(12, ClusterTier::CLOUD, 0, 0, 1); // beyond 2 slots
    pool.ObserveBeacon(unseen, Ipv4Address("10.0.0.3"), MilliSeconds(11));

    QueryContext q;
    q.applicationId = 1;
    q.taskId = 1;
    q.minAccuracy = 40;
    q.deadline = MilliSeconds(60);
    q.elapsed = MilliSeconds(5);
    q.now = MilliSeconds(20);
    encoder.CountArrival(q);
    std::vector<float> state(layout.GetSize(), -1.0f);
    encoder.Encode(pool, q, {}, state.data());

    // Workload: application 0 unseen; application 1 one arrival just now.
    EXPECT_FLOAT_EQ(state[0], 0.0f);
    EXPECT_NEAR(state[3], 1.0 / 0.05 / 1000, 1e-6); // 1 arrival / 50 ms tau, in 1000/s
    EXPECT_NEAR(state[4], 1.0 / 1.0 / 1000, 1e-6);
    EXPECT_NEAR(state[5], 0.06, 1e-6); // deadline in s
    // Cluster slot 0 (id 3): live, (6 queued + 2 busy) / 2 replicas = 4 -> 0.4, util 0.5,
    // rtt 20 ms -> 0.2, success 1, far edge 1/4, service as catalogued (1 in units of 10).
    const float* c0 = &state[6];
    EXPECT_FLOAT_EQ(c0[0], 1.0f);
    EXPECT_NEAR(c0[1], 0.4, 1e-6);
    EXPECT_NEAR(c0[2], 0.5, 1e-6);
    EXPECT_NEAR(c0[3], 0.2, 1e-6);
    EXPECT_FLOAT_EQ(c0[4], 1.0f);
    EXPECT_NEAR(c0[5], 0.25, 1e-6);
    EXPECT_NEAR(c0[6], 0.1, 1e-6);
    // Slot 1 (id 9): (200 + 4) / 4 = 51 queries per replica, 5.1 units of 10: clipped at 4.
    const float* c1 = &state[13];
    EXPECT_FLOAT_EQ(c1[1], 4.0f);
    EXPECT_FLOAT_EQ(c1[5], 1.0f);
    // Query: task 1 one-hot, accuracy 0.4, deadline 0.06 s, elapsed 5 ms -> 0.05.
    const float* qf = &state[20];
    EXPECT_FLOAT_EQ(qf[0], 0.0f);
    EXPECT_FLOAT_EQ(qf[1], 1.0f);
    EXPECT_NEAR(qf[2], 0.4, 1e-6);
    EXPECT_NEAR(qf[3], 0.06, 1e-6);
    EXPECT_NEAR(qf[4], 0.05, 1e-6);
    EXPECT_EQ(state.size(), 25u);
}

TEST(StateEncoder, ArrivalRatesDecay)
{
    AsetStateEncoder::Layout layout;
    AsetStateEncoder encoder(layout);
    PoolView pool(Catalogue(), MilliSeconds(300), 0.125, 0.05);
    QueryContext q;
    q.deadline = MilliSeconds(30);
    q.now = Seconds(1);
    encoder.CountArrival(q);
    q.now = Seconds(1) + MilliSeconds(50); // one short time constant later
    std::vector<float> state(layout.GetSize());
    encoder.Encode(pool, q, {}, state.data());
    EXPECT_NEAR(state[0], std::exp(-1.0) / 0.05 / 1000, 1e-6);
    EXPECT_NEAR(state[1], std::exp(-0.05) / 1.0 / 1000, 1e-6);
}
