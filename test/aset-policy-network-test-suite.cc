// SPDX-License-Identifier: GPL-2.0-only
// Each static policy on a real three-cluster network, learnt only from
// beacons and responses: where do its queries go?
//
//   client --1 ms-- gateway --1 ms--  far-edge cluster: resnet18, 1 CPU (11.2 ms)
//                           --4 ms--  near-edge cluster: resnet50, 1 GPU (1.0 ms)
//                           --19 ms-- cloud cluster: resnet101, 4 GPUs (1.9 ms)
#include "aset-test-compat.h"
#include "aset-test-network.h"

#include <map>

using namespace ns3;
using namespace ns3::asettest;

namespace
{
class PolicyPlacementTestCase : public TestCase
{
  public:
    /// \param check judges the number of queries forwarded to each cluster id (0, 1, 2)
    PolicyPlacementTestCase(std::string policy,
                            double rate,
                            std::function<std::string(const std::map<uint16_t, uint64_t>&)> check)
        : TestCase("placements of " + policy),
          m_policy(std::move(policy)),
          m_rate(rate),
          m_check(std::move(check))
    {
    }

  private:
    void Decision(const InferenceQueryHeader& h)
    {
        ++m_placements[h.clusterId];
    }

    void DoRun() override
    {
        RngSeedManager::SetSeed(5);
        RngSeedManager::SetRun(1);
        StarNetwork net({DataRate("1Gbps"), MilliSeconds(1)},
                        {{DataRate("10Gbps"), MilliSeconds(1)},
                         {DataRate("10Gbps"), MilliSeconds(4)},
                         {DataRate("10Gbps"), MilliSeconds(19)}});
        auto catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());

        SchedulerHelper scheduler(catalogue, m_policy);
        auto schedulers = scheduler.Install(net.gateway);
        auto app = DynamicCast<SchedulerApplication>(schedulers.Get(0));
        app->AssignStreams(7);
        app->TraceConnectWithoutContext("Decision",
                                        MakeCallback(&PolicyPlacementTestCase::Decision, this));

        const std::tuple<const char*, HardwareClass, uint16_t, ClusterTier> deployments[] = {
            {"resnet18", HardwareClass::CPU, 1, ClusterTier::FAR_EDGE},
            {"resnet50", HardwareClass::GPU, 1, ClusterTier::NEAR_EDGE},
            {"resnet101", HardwareClass::GPU, 4, ClusterTier::CLOUD},
        };
        EdgeClusterHelper clusters(catalogue, ClusterTier::FAR_EDGE);
        clusters.AddBeaconDestination(InetSocketAddress(net.gatewayAddress, 9001));
        for (std::size_t i = 0; i < 3; ++i)
        {
            const auto& [variant, hardware, replicas, tier] = deployments[i];
            clusters.ClearInstances();
            clusters.AddInstance(variant, hardware, replicas, 1000);
            clusters.SetTier(tier);
            clusters.Install(net.clusters[i]);
        }

        uint16_t task = 0;
        catalogue->FindTask("image-classification", task);
        ApplicationProfile profile = MakeProfile(MilliSeconds(200), 70, 15000, 200);
        profile.taskId = task;
        InferenceClientHelper client(net.gatewayAddress);
        client.SetAttribute("Rate", DoubleValue(m_rate));
        client.SetAttribute("MaxQueries", UintegerValue(300));
        client.AddApplication(profile);
        auto clients = client.Install(net.client);
        DynamicCast<InferenceClientApplication>(clients.Get(0))->AssignStreams(11);
        clients.Start(MilliSeconds(200));

        Simulator::Stop(Seconds(300 / m_rate + 3));
        Simulator::Run();
        Simulator::Destroy();

        uint64_t total = 0;
        for (const auto& [cluster, count] : m_placements)
        {
            total += count;
        }
        NS_TEST_ASSERT_MSG_EQ(total, 300, "every query placed once");
        const std::string problem = m_check(m_placements);
        NS_TEST_ASSERT_MSG_EQ(problem, "", m_policy);
    }

    std::string m_policy;
    double m_rate;
    std::function<std::string(const std::map<uint16_t, uint64_t>&)> m_check;
    std::map<uint16_t, uint64_t> m_placements;
};

uint64_t
At(const std::map<uint16_t, uint64_t>& placements, uint16_t cluster)
{
    const auto it = placements.find(cluster);
    return it == placements.end() ? 0 : it->second;
}

/// A check that every query went to \p cluster.
std::function<std::string(const std::map<uint16_t, uint64_t>&)>
AllTo(uint16_t cluster)
{
    return [cluster](const std::map<uint16_t, uint64_t>& p) {
        return At(p, cluster) == 300 ? "" : "expected all 300 at cluster " + std::to_string(cluster);
    };
}

class AsetPolicyNetworkTestSuite : public TestSuite
{
  public:
    AsetPolicyNetworkTestSuite()
        : TestSuite("aset-policy-network", ASET_SYSTEM_SUITE)
    {
        // Closest: the far edge, 4 ms round trip, every time.
        AddTestCase(new PolicyPlacementTestCase("ns3::ClosestPolicy", 20, AllTo(0)), ASET_QUICK);
        // Cloud-only: the cloud, though it is the farthest.
        AddTestCase(new PolicyPlacementTestCase("ns3::CloudOnlyPolicy", 20, AllTo(2)), ASET_QUICK);
        // Earliest expected completion: the near-edge GPU (10 ms + 1 ms) beats the
        // far-edge CPU (4 ms + 11.2 ms) and the cloud (40 ms + 1.9 ms).
        AddTestCase(new PolicyPlacementTestCase("ns3::EarliestExpectedCompletionPolicy", 20, AllTo(1)),
                    ASET_QUICK);
        // Round-robin: strictly in turn, so 100 each.
        AddTestCase(new PolicyPlacementTestCase("ns3::RoundRobinPolicy",
                                                20,
                                                [](const std::map<uint16_t, uint64_t>& p) {
                                                    return At(p, 0) == 100 && At(p, 1) == 100 &&
                                                                   At(p, 2) == 100
                                                               ? ""
                                                               : "expected 100 at each cluster";
                                                }),
                    ASET_QUICK);
        // Random: each cluster about a third (binomial, 300 draws: within +-30 is > 3 sigma).
        AddTestCase(new PolicyPlacementTestCase("ns3::RandomPolicy",
                                                20,
                                                [](const std::map<uint16_t, uint64_t>& p) {
                                                    for (uint16_t c = 0; c < 3; ++c)
                                                    {
                                                        if (At(p, c) < 70 || At(p, c) > 130)
                                                        {
                                                            return "cluster " + std::to_string(c) +
                                                                   " got " + std::to_string(At(p, c));
                                                        }
                                                    }
                                                    return std::string();
                                                }),
                    ASET_QUICK);
        // Least-loaded at 150 queries/s: the far edge's one CPU (89/s) saturates,
        // its beacons show a queue, and the overflow goes to the idle near edge next door.
        AddTestCase(new PolicyPlacementTestCase("ns3::LeastLoadedPolicy",
                                                150,
                                                [](const std::map<uint16_t, uint64_t>& p) {
                                                    return At(p, 0) > 0 && At(p, 1) > 0 &&
                                                                   At(p, 0) + At(p, 1) > At(p, 2)
                                                               ? ""
                                                               : "expected the far and near edge to share";
                                                }),
                    ASET_QUICK);
    }
};

AsetPolicyNetworkTestSuite g_asetPolicyNetworkTestSuite;
} // namespace
