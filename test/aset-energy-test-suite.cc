// SPDX-License-Identifier: GPL-2.0-only
// A cluster's energy must equal busy time x busy watts + idle time x idle
// watts exactly, with the busy time measured here, independently, from the
// cluster's ServiceStart, ServiceEnd and Discard traces; with faults (a
// replica removed, the cluster down and up) the idle time follows the
// replicas it has while it is up. And a whole experiment must report each
// cluster's energy in the query window, pooled per tier, and ASET's
// EnergyWeight must charge its rewards for the energy of its placements. (The busy share
// at utilisation rho is checked against queueing theory in aset-queueing.)
#include "aset-test-compat.h"
#include "aset-test-network.h"

#include <map>

using namespace ns3;
using namespace ns3::asettest;

namespace
{
/// Watts that are exact in binary, so that nothing but the time could differ.
const char* const kPowerRows = "cpu,test-cpu,8,32,test\ngpu,test-gpu,48,256,test\n";

/**
 * One cluster with a CPU instance (2 replicas) and a GPU instance (1), fed
 * Poisson queries; energy is read at the end and compared with the figure
 * rebuilt from the traces. With faults, one CPU replica is removed at 3 s and
 * the cluster is down from 5 s to 6 s.
 */
class ExactEnergyTestCase : public TestCase
{
  public:
    explicit ExactEnergyTestCase(bool faults)
        : TestCase(faults ? "energy is exact with a replica removed and the cluster down and up"
                          : "energy is busy x busy watts + idle x idle watts, exactly"),
          m_faults(faults)
    {
    }

  private:
    /// Busy replicas and replicas of one instance as step functions, integrated as they change.
    struct Ledger
    {
        uint16_t replicas{0};
        uint16_t busy{0};
        bool up{true};
        Time last;
        Time busyTime;
        Time poweredTime;

        void Advance()
        {
            const Time elapsed = Simulator::Now() - last;
            if (up)
            {
                busyTime += TimeStep(elapsed.GetTimeStep() * busy);
                poweredTime += TimeStep(elapsed.GetTimeStep() * std::max(replicas, busy));
            }
            last = Simulator::Now();
        }
    };

    void Start(const InferenceQueryHeader& h, uint16_t)
    {
        Ledger& l = m_ledgers[h.instanceIndex];
        l.Advance();
        ++l.busy;
        m_inService[{h.clientId, h.queryId}] = h.instanceIndex;
    }

    void End(const InferenceQueryHeader& h)
    {
        Ledger& l = m_ledgers[h.instanceIndex];
        l.Advance();
        --l.busy;
        m_inService.erase({h.clientId, h.queryId});
    }

    void Discarded(const InferenceQueryHeader& h)
    {
        // A query discarded while in service ends its busy interval now.
        const auto it = m_inService.find({h.clientId, h.queryId});
        if (it != m_inService.end())
        {
            m_ledgers[it->second].Advance();
            --m_ledgers[it->second].busy;
            m_inService.erase(it);
        }
    }

    void SetUp(bool up)
    {
        for (auto& l : m_ledgers)
        {
            l.Advance();
            l.up = up;
        }
        m_cluster->SetAvailable(up);
    }

    void RemoveReplica()
    {
        m_ledgers[0].Advance();
        m_ledgers[0].replicas = 1;
        m_cluster->SetReplicas(0, 1);
    }

    void Read()
    {
        for (auto& l : m_ledgers)
        {
            l.Advance();
        }
        m_energy = m_cluster->GetEnergy();
        for (uint16_t i = 0; i < 2; ++i)
        {
            m_busy[i] = m_cluster->GetBusyTime(i);
            m_powered[i] = m_cluster->GetPoweredTime(i);
        }
    }

    void DoRun() override
    {
        RngSeedManager::SetSeed(5);
        RngSeedManager::SetRun(1);
        StarNetwork net({DataRate("10Gbps"), MicroSeconds(100)}, {{DataRate("10Gbps"), MicroSeconds(100)}});
        auto catalogue = MakeCatalogue("cls,m,70,cpu,1,10,1,test\ncls,m,70,gpu,1,3,1,test\n");
        SchedulerHelper scheduler(catalogue, "ns3::RandomPolicy");
        scheduler.Install(net.gateway).Start(Seconds(0));

        EdgeClusterHelper clusterHelper(catalogue, ClusterTier::FAR_EDGE);
        clusterHelper.AddInstance("m", HardwareClass::CPU, 2, 1000);
        clusterHelper.AddInstance("m", HardwareClass::GPU, 1, 1000);
        clusterHelper.AddBeaconDestination(InetSocketAddress(net.gatewayAddress, 9001));
        clusterHelper.SetAttribute("PowerModel", PointerValue(MakePowerModel(kPowerRows)));
        auto clusters = clusterHelper.Install(net.clusters[0]);
        m_cluster = DynamicCast<EdgeClusterApplication>(clusters.Get(0));
        m_cluster->AssignStreams(100);
        m_cluster->TraceConnectWithoutContext("ServiceStart", MakeCallback(&ExactEnergyTestCase::Start, this));
        m_cluster->TraceConnectWithoutContext("ServiceEnd", MakeCallback(&ExactEnergyTestCase::End, this));
        m_cluster->TraceConnectWithoutContext("Discard", MakeCallback(&ExactEnergyTestCase::Discarded, this));
        const Time start = MilliSeconds(7); // not on a service boundary
        const Time end = Seconds(8);
        clusters.Start(start);
        m_ledgers[0].replicas = 2;
        m_ledgers[1].replicas = 1;
        Simulator::Schedule(start, [this] {
            for (auto& l : m_ledgers)
            {
                l.last = Simulator::Now();
            }
        });
        if (m_faults)
        {
            Simulator::Schedule(Seconds(3), &ExactEnergyTestCase::RemoveReplica, this);
            Simulator::Schedule(Seconds(5), &ExactEnergyTestCase::SetUp, this, false);
            Simulator::Schedule(Seconds(6), &ExactEnergyTestCase::SetUp, this, true);
        }

        InferenceClientHelper client(net.gatewayAddress);
        client.SetAttribute("Rate", DoubleValue(150)); // busy most of the time, idle some of it
        client.AddApplication(MakeProfile(Seconds(100), 0, 200, 200));
        auto clients = client.Install(net.client);
        DynamicCast<InferenceClientApplication>(clients.Get(0))->AssignStreams(200);
        clients.Start(MilliSeconds(100));
        clients.Stop(end);
        Simulator::Schedule(end, &ExactEnergyTestCase::Read, this);
        Simulator::Stop(end + MilliSeconds(1));
        Simulator::Run();
        Simulator::Destroy();

        double expected = 0;
        const double watts[2][2] = {{32, 8}, {256, 48}}; // {busy, idle} of cpu, gpu
        for (uint16_t i = 0; i < 2; ++i)
        {
            const Ledger& l = m_ledgers[i];
            NS_TEST_ASSERT_MSG_EQ(m_busy[i], l.busyTime, "busy time of instance " << i);
            NS_TEST_ASSERT_MSG_EQ(m_powered[i], l.poweredTime, "powered time of instance " << i);
            NS_TEST_ASSERT_MSG_GT(l.busyTime, Seconds(0.5), "instance " << i << " served");
            NS_TEST_ASSERT_MSG_GT(l.poweredTime - l.busyTime, Seconds(0.5), "instance " << i << " idled");
            expected += l.busyTime.GetSeconds() * watts[i][0] +
                        (l.poweredTime - l.busyTime).GetSeconds() * watts[i][1];
        }
        NS_TEST_ASSERT_MSG_EQ(m_energy, expected, "energy in joules, exactly");
        if (m_faults)
        {
            // Down for 1 s of the 7.993 s; 2 CPU replicas for 2.993 s, then 1.
            NS_TEST_ASSERT_MSG_EQ(m_powered[1], MilliSeconds(6993), "the GPU replica while up");
            NS_TEST_ASSERT_MSG_GT(m_cluster->GetDiscardedCount(), 0u, "the crash discarded queries");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(m_powered[0], MilliSeconds(2 * 7993), "both CPU replicas throughout");
        }
    }

    bool m_faults;
    Ptr<EdgeClusterApplication> m_cluster;
    Ledger m_ledgers[2];
    std::map<std::pair<uint32_t, uint64_t>, uint16_t> m_inService;
    double m_energy{0};
    Time m_busy[2];
    Time m_powered[2];
};

/**
 * The default scenario, shortened: each cluster's energy in the query window
 * lies between all-idle and all-busy at its replicas' watts, and the summary
 * pools it per tier and shares it over the successes.
 */
class ExperimentEnergyTestCase : public TestCase
{
  public:
    ExperimentEnergyTestCase()
        : TestCase("an experiment reports each cluster's window energy, per tier and per success")
    {
    }

  private:
    void DoRun() override
    {
        const AsetScenario s = ShortScenario(2);
        const PolicyRunResult r = RunScenario(s, "least-loaded");
        NS_TEST_ASSERT_MSG_EQ(r.hasEnergy, true, "the default scenario has a power model");
        const auto power = HardwarePowerModel::LoadFromFile(s.powerPath);
        double lowest = power->GetPower(HardwareClass::CPU).idleWatts;
        double highest = power->GetPower(HardwareClass::CPU).busyWatts;
        for (const HardwareClass hw : s.GetDeployedHardware())
        {
            lowest = std::min(lowest, power->GetPower(hw).idleWatts);
            highest = std::max(highest, power->GetPower(hw).busyWatts);
        }
        double total = 0;
        for (const auto& c : r.clusters)
        {
            const double replicaSeconds = c.replicas * c.windowSeconds;
            NS_TEST_ASSERT_MSG_GT_OR_EQ(c.energyJoules, lowest * replicaSeconds * (1 - 1e-9),
                                        "cluster " << c.clusterId << " at least all idle");
            NS_TEST_ASSERT_MSG_LT_OR_EQ(c.energyJoules, highest * replicaSeconds * (1 + 1e-9),
                                        "cluster " << c.clusterId << " at most all busy");
            total += c.energyJoules;
        }
        const PolicySummary summary = PolicySummary::FromRun(r);
        NS_TEST_ASSERT_MSG_EQ_TOL(summary.energyJoules, total, 1e-9 * total, "total");
        double tiers = 0;
        for (const auto& [tier, joules] : summary.tierEnergy)
        {
            tiers += joules;
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(tiers, total, 1e-9 * total, "the tiers add up to the total");
        const auto succeeded = r.counts[static_cast<uint8_t>(QueryOutcome::SUCCEEDED)];
        NS_TEST_ASSERT_MSG_GT(succeeded, 0u, "some queries succeed");
        NS_TEST_ASSERT_MSG_EQ_TOL(summary.energyPerSuccessJoules,
                                  total / double(succeeded),
                                  1e-9 * total,
                                  "joules per success");
    }
};

/**
 * ASET's EnergyWeight changes what a decision earns, not (when acting
 * greedily) what it does: the same queries end the same way, and the mean
 * reward drops by the weight x the mean energy of a placement, which lies
 * between the cheapest and the dearest placement the catalogue allows.
 */
class EnergyRewardTestCase : public TestCase
{
  public:
    EnergyRewardTestCase()
        : TestCase("ASET's EnergyWeight lowers the reward by the placements' energy, and only that")
    {
    }

  private:
    void DoRun() override
    {
        const AsetScenario s = ShortScenario(2);
        const double weight = 0.1;
        AsetExperiment plain(s);
        const PolicyRunResult base = plain.Run("aset", 1, 1);
        AsetExperiment weighted(s);
        weighted.SetPolicyConfigurator([weight](Ptr<SchedulingPolicy> policy, uint32_t) {
            policy->SetAttribute("EnergyWeight", DoubleValue(weight));
        });
        const PolicyRunResult charged = weighted.Run("aset", 1, 1);

        const bool sameOutcomes = charged.counts == base.counts;
        NS_TEST_ASSERT_MSG_EQ(sameOutcomes, true, "the same outcomes");
        NS_TEST_ASSERT_MSG_EQ(charged.decisions, base.decisions, "the same decisions");
        NS_TEST_ASSERT_MSG_GT(base.decisions, 0u, "aset decided");
        // Placed queries cost 0.15 J (yolov5n-cls on gpu) to 14 J (yolov5l on cpu).
        const double drop = base.meanReward - charged.meanReward;
        NS_TEST_ASSERT_MSG_GT(drop, weight * 0.15 * 0.5, "the reward pays for energy");
        NS_TEST_ASSERT_MSG_LT(drop, weight * 14, "at most the dearest placement's energy");

        AsetScenario noPower = s;
        noPower.powerPath.clear();
        AsetExperiment unpowered(noPower);
        unpowered.SetPolicyConfigurator([weight](Ptr<SchedulingPolicy> policy, uint32_t) {
            policy->SetAttribute("EnergyWeight", DoubleValue(weight));
        });
        bool refused = false;
        try
        {
            unpowered.Run("aset", 1, 1);
        }
        catch (const std::invalid_argument& e)
        {
            refused = std::string(e.what()).find("EnergyWeight needs a power model") !=
                      std::string::npos;
        }
        NS_TEST_ASSERT_MSG_EQ(refused, true, "EnergyWeight without a power model is refused");
        const PolicyRunResult unweighted = AsetExperiment(noPower).Run("closest", 1, 1);
        NS_TEST_ASSERT_MSG_EQ(unweighted.hasEnergy, false, "no power model: no energy figures");
    }
};

class AsetEnergyTestSuite : public TestSuite
{
  public:
    AsetEnergyTestSuite()
        : TestSuite("aset-energy", ASET_SYSTEM_SUITE)
    {
        AddTestCase(new ExactEnergyTestCase(false), ASET_QUICK);
        AddTestCase(new ExactEnergyTestCase(true), ASET_QUICK);
        AddTestCase(new ExperimentEnergyTestCase(), ASET_QUICK);
        AddTestCase(new EnergyRewardTestCase(), ASET_QUICK);
    }
};

AsetEnergyTestSuite g_asetEnergyTestSuite;
} // namespace
