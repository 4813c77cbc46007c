// SPDX-License-Identifier: GPL-2.0-only
// A cluster with one replica is a single-server FIFO queue: with Poisson
// arrivals its mean sojourn time must match the M/M/1 and M/D/1 formulas,
// and its busy share of the time, and so its mean power, the utilisation rho.
// A cluster's utilisation, as the experiment runner reports it, must match
// the offered load lambda E[S] / replicas.
#include "aset-test-compat.h"
#include "aset-test-network.h"

using namespace ns3;
using namespace ns3::asettest;

namespace
{
/**
 * Poisson queries at rate lambda into one instance with one replica and mean
 * service time 1/mu; measures the mean time from arrival at the cluster to
 * the end of service over many queries and compares it with theory.
 */
class SojournTimeTestCase : public TestCase
{
  public:
    SojournTimeTestCase(EdgeClusterApplication::ServiceTimeModel model,
                        double expectedMeanSeconds,
                        const std::string& name)
        : TestCase(name),
          m_model(model),
          m_expected(expectedMeanSeconds)
    {
    }

  private:
    void Sojourn(const InferenceQueryHeader& h)
    {
        m_sum += (h.serviceEndTime - h.clusterArrivalTime).GetSeconds();
        ++m_count;
    }

    void DoRun() override
    {
        RngSeedManager::SetSeed(3);
        RngSeedManager::SetRun(1);
        // Fast links and tiny packets: the network adds a constant delay, so
        // arrivals at the cluster stay Poisson.
        StarNetwork net({DataRate("10Gbps"), MicroSeconds(100)}, {{DataRate("10Gbps"), MicroSeconds(100)}});
        auto catalogue = MakeCatalogue("cls,m,70,cpu,1,10,1,test\n"); // 10 ms: mu = 100/s

        SchedulerHelper scheduler(catalogue, "ns3::ClosestPolicy");
        scheduler.Install(net.gateway).Start(Seconds(0));

        EdgeClusterHelper clusterHelper(catalogue, ClusterTier::FAR_EDGE);
        clusterHelper.AddInstance("m", HardwareClass::CPU, 1, 1000000);
        clusterHelper.AddBeaconDestination(InetSocketAddress(net.gatewayAddress, 9001));
        clusterHelper.SetAttribute("ServiceTimeModel", EnumValue(m_model));
        clusterHelper.SetAttribute("PowerModel", PointerValue(MakePowerModel("cpu,test,8,32,test\n")));
        auto clusters = clusterHelper.Install(net.clusters[0]);
        auto cluster = DynamicCast<EdgeClusterApplication>(clusters.Get(0));
        cluster->AssignStreams(100);
        cluster->TraceConnectWithoutContext("ServiceEnd",
                                            MakeCallback(&SojournTimeTestCase::Sojourn, this));

        const double lambda = 50; // rho = 0.5
        const uint64_t queries = 100000;
        InferenceClientHelper client(net.gatewayAddress);
        client.SetAttribute("Rate", DoubleValue(lambda));
        client.SetAttribute("MaxQueries", UintegerValue(queries));
        client.AddApplication(MakeProfile(Seconds(100), 0, 200, 200));
        auto clients = client.Install(net.client);
        DynamicCast<InferenceClientApplication>(clients.Get(0))->AssignStreams(200);
        clients.Start(MilliSeconds(100));

        // While queries still arrive (they stop at queries / lambda): busy share and power.
        const Time read = Seconds(queries / lambda * 0.9);
        double busyShare = 0;
        double meanWatts = 0;
        Simulator::Schedule(read, [&] {
            busyShare = cluster->GetBusyTime(0).GetSeconds() / cluster->GetPoweredTime(0).GetSeconds();
            meanWatts = cluster->GetEnergy() / read.GetSeconds();
        });
        Simulator::Stop(Seconds(queries / lambda * 1.2 + 10));
        Simulator::Run();
        Simulator::Destroy();

        const double rho = lambda * 0.010; // 10 ms of service per query
        NS_TEST_ASSERT_MSG_EQ_TOL(busyShare, rho, 0.03 * rho, "busy share of the powered time");
        const double theory = rho * 32 + (1 - rho) * 8; // busy and idle watts
        NS_TEST_ASSERT_MSG_EQ_TOL(meanWatts, theory, 0.03 * theory, "mean power in watts");

        NS_TEST_ASSERT_MSG_EQ(m_count, queries, "every query must be served");
        const double mean = m_sum / double(m_count);
        NS_TEST_ASSERT_MSG_EQ_TOL(mean,
                                  m_expected,
                                  0.03 * m_expected,
                                  "mean sojourn " << mean * 1000 << " ms vs theory "
                                                  << m_expected * 1000 << " ms");
    }

    EdgeClusterApplication::ServiceTimeModel m_model;
    double m_expected;
    double m_sum{0};
    uint64_t m_count{0};
};

/**
 * The default scenario with one application and one instance (resnet18 on 4
 * CPU replicas, 11.2 ms) on each far-edge cluster, under the closest policy:
 * each far-edge cluster serves its own access nodes' Poisson queries, so its
 * utilisation is rho = lambda E[S] / c, and the other tiers stay idle.
 */
class UtilisationTestCase : public TestCase
{
  public:
    UtilisationTestCase()
        : TestCase("utilisation per cluster and tier is lambda E[S] over replicas within 3 percent")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = AsetScenario::Default();
        s.applications = {{"classify", "image-classification", Seconds(1), 0, 1000, 200, 1}};
        const uint16_t replicas = 4;
        s.farEdge = {{"resnet18", HardwareClass::CPU, replicas, 100000}};
        s.load = 0.6;
        s.duration = Seconds(40);
        auto catalogue = ModelCatalogue::LoadFromFile(s.cataloguePath);
        const PolicyRunResult r = AsetExperiment(s, catalogue).Run("closest", 1, 1);
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "outcomes");

        uint16_t variant = 0;
        NS_TEST_ASSERT_MSG_EQ(catalogue->FindVariant("resnet18", variant), true, "catalogue");
        const auto& points = catalogue->GetVariant(variant).latencies[HardwareClass::CPU];
        NS_TEST_ASSERT_MSG_EQ(points.front().batchSize, 1, "batch 1 first");
        const double service = points.front().latency.GetSeconds(); // 11.2 ms; the jitter keeps the mean
        const double lambdaPerSite = s.ratePerAccessNode * s.load * s.topology.accessNodes /
                                     s.topology.farEdgeSites;
        const double rho = lambdaPerSite * service / replicas; // 0.504
        uint32_t farEdge = 0;
        for (const auto& c : r.clusters)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(c.windowSeconds, 40, 1e-9, "the window is the query window");
            if (c.tier == ClusterTier::FAR_EDGE)
            {
                ++farEdge;
                NS_TEST_ASSERT_MSG_EQ(c.replicas, replicas, "replicas of cluster " << c.clusterId);
                NS_TEST_ASSERT_MSG_EQ_TOL(c.GetUtilisation(),
                                          rho,
                                          0.03 * rho,
                                          "cluster " << c.clusterId << " utilisation vs theory");
            }
            else
            {
                NS_TEST_ASSERT_MSG_EQ(c.GetUtilisation(), 0, "closest leaves cluster " << c.clusterId << " idle");
            }
        }
        NS_TEST_ASSERT_MSG_EQ(farEdge, s.topology.farEdgeSites, "one cluster per far-edge site");

        const PolicySummary summary = PolicySummary::FromRun(r);
        NS_TEST_ASSERT_MSG_EQ(summary.tierUtilisation.size(), 3, "far edge, near edge, cloud");
        NS_TEST_ASSERT_MSG_EQ(summary.tierUtilisation[0].first, ClusterTier::FAR_EDGE, "nearest tier first");
        NS_TEST_ASSERT_MSG_EQ_TOL(summary.tierUtilisation[0].second, rho, 0.03 * rho, "far-edge tier");
        NS_TEST_ASSERT_MSG_EQ(summary.tierUtilisation[2].first, ClusterTier::CLOUD, "cloud last");
    }
};

class AsetQueueingTestSuite : public TestSuite
{
  public:
    AsetQueueingTestSuite()
        : TestSuite("aset-queueing", ASET_SYSTEM_SUITE)
    {
        const double mu = 100;
        const double lambda = 50;
        const double rho = lambda / mu;
        // M/M/1: W = 1 / (mu - lambda).
        AddTestCase(new SojournTimeTestCase(EdgeClusterApplication::EXPONENTIAL,
                                            1.0 / (mu - lambda),
                                            "M-M-1 mean sojourn time, busy share and power within 3 percent"),
                    ASET_QUICK);
        // M/D/1 (Pollaczek-Khinchine): W = 1/mu + rho / (2 mu (1 - rho)).
        AddTestCase(new SojournTimeTestCase(EdgeClusterApplication::DETERMINISTIC,
                                            1.0 / mu + rho / (2 * mu * (1 - rho)),
                                            "M-D-1 mean sojourn time, busy share and power within 3 percent"),
                    ASET_QUICK);
        AddTestCase(new UtilisationTestCase(), ASET_QUICK);
    }
};

AsetQueueingTestSuite g_asetQueueingTestSuite;
} // namespace
