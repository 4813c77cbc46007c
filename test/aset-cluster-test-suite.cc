// SPDX-License-Identifier: GPL-2.0-only
// An edge cluster's queue and batching: bounded queues drop the excess and
// say so; batches fill up to their size or start when the oldest query has
// waited BatchTimeout, and take the catalogue's (interpolated) batch time.
#include "aset-test-compat.h"
#include "aset-test-network.h"

using namespace ns3;
using namespace ns3::asettest;

namespace
{
/// A burst of queries into one cluster, with everything recorded.
class BurstRun
{
  public:
    BurstRun(uint32_t burst, uint16_t maxBatch, uint32_t queueCapacity)
    {
        StarNetwork net({DataRate("10Gbps"), MicroSeconds(10)}, {{DataRate("10Gbps"), MicroSeconds(10)}});
        // 10 ms alone, 16 ms for a batch of four.
        auto catalogue = MakeCatalogue("cls,m,70,gpu,1,10,1,test\ncls,m,70,gpu,4,16,1,test\n");
        SchedulerHelper(catalogue, "ns3::ClosestPolicy").Install(net.gateway);
        EdgeClusterHelper clusterHelper(catalogue, ClusterTier::FAR_EDGE);
        clusterHelper.AddInstance("m", HardwareClass::GPU, 1, queueCapacity);
        clusterHelper.AddBeaconDestination(InetSocketAddress(net.gatewayAddress, 9001));
        clusterHelper.SetAttribute("ServiceTimeModel", EnumValue(EdgeClusterApplication::DETERMINISTIC));
        clusterHelper.SetAttribute("MaxBatchSize", UintegerValue(maxBatch));
        clusterHelper.SetAttribute("BatchTimeout", TimeValue(MilliSeconds(5)));
        auto clusters = clusterHelper.Install(net.clusters[0]);
        clusters.Get(0)->TraceConnectWithoutContext("ServiceStart", MakeCallback(&BurstRun::Started, this));
        clusters.Get(0)->TraceConnectWithoutContext("ServiceEnd", MakeCallback(&BurstRun::Ended, this));
        clusters.Get(0)->TraceConnectWithoutContext("Enqueue", MakeCallback(&BurstRun::Enqueued, this));

        InferenceClientHelper client(net.gatewayAddress);
        client.SetAttribute("ArrivalProcess", EnumValue(InferenceClientApplication::CONSTANT));
        client.SetAttribute("Rate", DoubleValue(100000)); // 10 us apart: a burst
        client.SetAttribute("MaxQueries", UintegerValue(burst));
        client.AddApplication(MakeProfile(Seconds(1), 0, 300, 200));
        auto clients = client.Install(net.client);
        clients.Start(MilliSeconds(100));
        clients.Get(0)->TraceConnectWithoutContext("Outcome", MakeCallback(&BurstRun::Concluded, this));

        Simulator::Stop(Seconds(3));
        Simulator::Run();
        cluster = DynamicCast<EdgeClusterApplication>(clusters.Get(0));
        Simulator::Destroy();
    }

    void Started(const InferenceQueryHeader& h, uint16_t batch)
    {
        starts.emplace_back(h, batch);
    }

    void Ended(const InferenceQueryHeader& h)
    {
        ends.push_back(h);
    }

    void Enqueued(const InferenceQueryHeader& h)
    {
        enqueued.push_back(h);
    }

    void Concluded(const QueryRecord& r)
    {
        ++outcomes[static_cast<uint8_t>(r.outcome)];
    }

    Ptr<EdgeClusterApplication> cluster;
    std::vector<std::pair<InferenceQueryHeader, uint16_t>> starts;
    std::vector<InferenceQueryHeader> ends;
    std::vector<InferenceQueryHeader> enqueued;
    OutcomeCounts outcomes{};
};

class QueueLimitTestCase : public TestCase
{
  public:
    QueueLimitTestCase()
        : TestCase("a full queue drops the excess and the client hears of each drop")
    {
    }

  private:
    void DoRun() override
    {
        // One replica busy with the first query, two waiting, seven dropped.
        BurstRun run(10, 1, 2);
        NS_TEST_ASSERT_MSG_EQ(run.cluster->GetServedCount(), 3u, "served");
        NS_TEST_ASSERT_MSG_EQ(run.cluster->GetDroppedCount(), 7u, "dropped at the cluster");
        NS_TEST_ASSERT_MSG_EQ(run.outcomes[static_cast<uint8_t>(QueryOutcome::DROPPED)], 7u, "dropped at the client");
        NS_TEST_ASSERT_MSG_EQ(run.outcomes[static_cast<uint8_t>(QueryOutcome::SUCCEEDED)], 3u, "succeeded");
    }
};

class FullBatchTestCase : public TestCase
{
  public:
    FullBatchTestCase()
        : TestCase("eight queries make two full batches of four, 16 ms each")
    {
    }

  private:
    void DoRun() override
    {
        BurstRun run(8, 4, 100);
        NS_TEST_ASSERT_MSG_EQ(run.starts.size(), 8u, "every query started");
        NS_TEST_ASSERT_MSG_EQ(run.ends.size(), 8u, "every query finished");
        if (run.starts.size() != 8 || run.ends.size() != 8)
        {
            return;
        }
        for (const auto& [h, batch] : run.starts)
        {
            NS_TEST_ASSERT_MSG_EQ(batch, 4, "batch size");
        }
        for (const auto& h : run.ends)
        {
            NS_TEST_ASSERT_MSG_EQ(h.serviceEndTime - h.serviceStartTime, MilliSeconds(16), "batch of four");
        }
        // The first batch starts as its fourth query arrives, not at a time-out.
        NS_TEST_ASSERT_MSG_EQ(run.starts[0].first.serviceStartTime, run.enqueued[3].clusterArrivalTime, "start");
        // The second waits for the only replica.
        NS_TEST_ASSERT_MSG_EQ(run.starts[4].first.serviceStartTime, run.ends[0].serviceEndTime, "second batch");
    }
};

class BatchTimeoutTestCase : public TestCase
{
  public:
    BatchTimeoutTestCase()
        : TestCase("three queries wait BatchTimeout, then run as a batch of three")
    {
    }

  private:
    void DoRun() override
    {
        BurstRun run(3, 4, 100);
        NS_TEST_ASSERT_MSG_EQ(run.starts.size(), 3u, "every query started");
        if (run.starts.size() != 3 || run.ends.size() != 3)
        {
            return;
        }
        const InferenceQueryHeader& first = run.starts[0].first;
        NS_TEST_ASSERT_MSG_EQ(run.starts[0].second, 3, "batch size");
        NS_TEST_ASSERT_MSG_EQ(first.serviceStartTime - run.enqueued[0].clusterArrivalTime,
                              MilliSeconds(5),
                              "the oldest waits exactly BatchTimeout");
        // Linear between the catalogue's batch 1 (10 ms) and batch 4 (16 ms): 14 ms at 3.
        NS_TEST_ASSERT_MSG_EQ(run.ends[0].serviceEndTime - run.ends[0].serviceStartTime,
                              MilliSeconds(14),
                              "interpolated batch time");
    }
};

class AsetClusterTestSuite : public TestSuite
{
  public:
    AsetClusterTestSuite()
        : TestSuite("aset-cluster", ASET_UNIT_SUITE)
    {
        AddTestCase(new QueueLimitTestCase(), ASET_QUICK);
        AddTestCase(new FullBatchTestCase(), ASET_QUICK);
        AddTestCase(new BatchTimeoutTestCase(), ASET_QUICK);
    }
};

AsetClusterTestSuite g_asetClusterTestSuite;
} // namespace
