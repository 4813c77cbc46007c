// SPDX-License-Identifier: GPL-2.0-only
// ASET in simulation: it runs in both action spaces (instance, the default:
// a decision per query; policy: a decision per period), learns, settles its
// credit, loses no query, trains deterministically for a fixed seed, and
// counts every cluster of isp-metro's pool in its state.
#include "aset-test-compat.h"
#include "aset-test-network.h"

#include <algorithm>
#include <iostream>

using namespace ns3;

namespace
{
using asettest::ShortScenario;

PolicyRunResult
RunAset(const AsetScenario& s,
        uint64_t run,
        const std::function<void(Ptr<AsetPolicy>)>& configure = nullptr)
{
    auto catalogue = ModelCatalogue::LoadFromFile(s.cataloguePath);
    AsetExperiment experiment(s, catalogue);
    experiment.SetPolicyConfigurator([&configure](Ptr<SchedulingPolicy> policy, uint32_t) {
        if (configure)
        {
            configure(DynamicCast<AsetPolicy>(policy));
        }
    });
    return experiment.Run("aset", 1, run);
}

uint64_t
Sum(const std::vector<uint64_t>& counts)
{
    uint64_t sum = 0;
    for (const auto c : counts)
    {
        sum += c;
    }
    return sum;
}

class PretrainedRunTestCase : public TestCase
{
  public:
    PretrainedRunTestCase()
        : TestCase("the shipped agent schedules the default scenario and loses nothing")
    {
    }

  private:
    void DoRun() override
    {
        const PolicyRunResult r = RunAset(ShortScenario(), 1, [](Ptr<AsetPolicy> p) {
            p->SetAttribute("Checkpoint", StringValue(AsetPolicy::GetPretrainedPath()));
        });
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "accounting");
        NS_TEST_ASSERT_MSG_EQ(r.policy, "aset", "policy name");
        // The default action space: a decision per query with a feasible instance.
        NS_TEST_ASSERT_MSG_GT(r.decisions, r.sent / 2, "decisions made");
        NS_TEST_ASSERT_MSG_LT_OR_EQ(r.decisions, r.sent, "at most one per query");
        NS_TEST_ASSERT_MSG_EQ(Sum(r.actionCounts), r.decisions, "every decision chose one action");
    }
};

class PolicySpaceRunTestCase : public TestCase
{
  public:
    PolicySpaceRunTestCase()
        : TestCase("the policy action space decides once per period and loses nothing")
    {
    }

  private:
    void DoRun() override
    {
        const PolicyRunResult r = RunAset(ShortScenario(), 1, [](Ptr<AsetPolicy> p) {
            p->SetAttribute("ActionSpace", EnumValue(AsetPolicy::POLICY));
        });
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "accounting");
        NS_TEST_ASSERT_MSG_EQ(r.actionNames.size(), GetStaticPolicyNames().size(), "actions: the static policies");
        // One decision per scheduler per period in which a query arrives: at
        // 300 queries/s per scheduler, nearly every period of the 2 s.
        TimeValue period;
        CreateObject<AsetPolicy>()->GetAttribute("DecisionPeriod", period);
        const auto periods = static_cast<uint64_t>(2 * 2.0 / period.Get().GetSeconds());
        NS_TEST_ASSERT_MSG_GT(r.decisions, periods / 2, "decisions made");
        NS_TEST_ASSERT_MSG_LT(r.decisions, periods + 3, "at most one per period and scheduler");
        NS_TEST_ASSERT_MSG_LT(r.decisions, r.sent / 2, "far fewer decisions than queries");
        NS_TEST_ASSERT_MSG_EQ(Sum(r.actionCounts), r.decisions, "every decision chose one action");
    }
};

class LearningRunTestCase : public TestCase
{
  public:
    explicit LearningRunTestCase(AsetPolicy::ActionSpace space)
        : TestCase(std::string("learning mode explores, stores settled decisions and trains (") +
                   (space == AsetPolicy::POLICY ? "policy" : "instance") + " space)"),
          m_space(space)
    {
    }

  private:
    void DoRun() override
    {
        std::vector<std::shared_ptr<AsetDqnAgent>> agents;
        const PolicyRunResult r = RunAset(ShortScenario(), 1, [this, &agents](Ptr<AsetPolicy> p) {
            p->SetAttribute("ActionSpace", EnumValue(m_space));
            p->SetAttribute("Learning", BooleanValue(true));
            p->SetAttribute("WarmupTransitions", UintegerValue(50)); // a 2 s run is short
            agents.push_back(p->GetAgent());
        });
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "accounting while learning");
        NS_TEST_ASSERT_MSG_EQ(agents.size(), 2u, "one agent per scheduler by default");
        for (const auto& agent : agents)
        {
            // Settled decisions reach the replay; decisions still within a deadline do not.
            NS_TEST_ASSERT_MSG_GT(agent->GetReplaySize(), r.decisions / 4, "replay filled");
            NS_TEST_ASSERT_MSG_LT(agent->GetReplaySize(), r.decisions, "the last decisions are unsettled");
            NS_TEST_ASSERT_MSG_GT(agent->GetLearnSteps(), 0u, "gradient steps taken");
            NS_TEST_ASSERT_MSG_LT(agent->GetEpsilon(), 1.0, "epsilon decays");
        }
        if (m_space == AsetPolicy::INSTANCE)
        {
            NS_TEST_ASSERT_MSG_GT(r.decisions, r.sent / 2, "a decision per query");
        }
        NS_TEST_ASSERT_MSG_GT(r.meanReward, 0.0, "some decisions earned reward");
        NS_TEST_ASSERT_MSG_LT(r.meanReward, 1.0001, "a reward is a ratio");
    }

    AsetPolicy::ActionSpace m_space;
};

class InstanceSpaceTestCase : public TestCase
{
  public:
    InstanceSpaceTestCase()
        : TestCase("the default, per-query action space places only on feasible instances")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<Ptr<AsetPolicy>> policies;
        const PolicyRunResult r = RunAset(ShortScenario(), 2, [&policies](Ptr<AsetPolicy> p) {
            p->SetAttribute("Learning", BooleanValue(true));
            policies.push_back(p);
        });
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "accounting");
        NS_TEST_ASSERT_MSG_EQ(r.decisions, r.sent, "one decision per query");
        NS_TEST_ASSERT_MSG_EQ(r.actionNames.size(), AsetStateEncoder::GetTierGroupNames().size(),
                              "actions counted by tier group");
        NS_TEST_ASSERT_MSG_EQ(Sum(r.actionCounts), r.decisions, "every decision chose one action");
        const auto count = [&r](QueryOutcome o) { return r.counts[static_cast<uint8_t>(o)]; };
        NS_TEST_ASSERT_MSG_EQ(count(QueryOutcome::FAILED_ACCURACY), 0u, "only accurate instances are rows");
        NS_TEST_ASSERT_MSG_EQ(count(QueryOutcome::REJECTED), 0u, "every query had a feasible instance");
        for (const auto& p : policies)
        {
            NS_TEST_ASSERT_MSG_EQ(p->GetActionSpace(), AsetPolicy::INSTANCE, "the default action space");
        }
    }
};

class DeterministicTrainingTestCase : public TestCase
{
  public:
    DeterministicTrainingTestCase()
        : TestCase("two trainings with the same seed end with the same agent")
    {
    }

  private:
    static std::vector<float> Train(uint64_t seed)
    {
        Ptr<AsetPolicy> prototype = CreateObject<AsetPolicy>();
        prototype->AssignStreams(seed);
        const AsetDqnConfig config = prototype->GetAgentConfig();
        auto agent = std::make_shared<AsetDqnAgent>(config);
        for (uint64_t episode = 1; episode <= 2; ++episode)
        {
            RunAset(ShortScenario(1), episode, [&agent](Ptr<AsetPolicy> p) {
                p->SetAttribute("Learning", BooleanValue(true));
                p->SetAttribute("WarmupTransitions", UintegerValue(50));
                p->SetAgent(agent);
            });
        }
        AsetObservation probe;
        probe.context.assign(config.contextSize, 0.5f);
        probe.actionWidth = config.actionSize;
        for (uint32_t k = 0; k < 3; ++k)
        {
            for (uint32_t f = 0; f < config.actionSize; ++f)
            {
                probe.actions.push_back(0.1f * ((k + f) % 5));
            }
        }
        NS_ABORT_MSG_UNLESS(agent->GetLearnSteps() > 0, "the trainings must learn for the check to mean anything");
        return agent->GetQValues(probe);
    }

    void DoRun() override
    {
        const auto first = Train(5);
        const auto second = Train(5);
        const auto other = Train(6);
        NS_TEST_ASSERT_MSG_EQ(first.size(), 3u, "a value per probe row");
        NS_TEST_ASSERT_MSG_EQ((first == second), true, "same seed, same Q-values");
        NS_TEST_ASSERT_MSG_EQ((first == other), false, "another seed, other Q-values");
    }
};

/// Keeps the most actions any decision of \p policy scored (read when the Action trace fires).
void
RecordActionsScored(const AsetPolicy* policy, uint32_t* most, Time, uint32_t, double)
{
    *most = std::max(*most, policy->GetActionsScored());
}

class IspMetroStateTestCase : public TestCase
{
  public:
    /// With beacons to every scheduler, each hears all 25 clusters; by region, the 5 far-edge
    /// clusters and the near-edge cluster of its region, and the cloud.
    explicit IspMetroStateTestCase(TieredBeaconScope scope)
        : TestCase(std::string("isp-metro, shipped agent, beacons to ") +
                   (scope == TieredBeaconScope::ALL ? "all: every scheduler counts all 25 clusters"
                                                    : "the region: every scheduler counts its 7") +
                   " and scores many instances"),
          m_scope(scope)
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = AsetScenarioFile::Load(asettest::DataPath("scenarios/isp-metro.json"));
        s.topology.beaconScope = m_scope;
        const uint32_t heard = m_scope == TieredBeaconScope::ALL ? 25 : 7;
        s.duration = MilliSeconds(500); // of 105 s: about 5,000 queries
        s.drain = Seconds(1);
        s.queryTimeout = MilliSeconds(800);
        auto catalogue = ModelCatalogue::LoadFromFile(s.cataloguePath);
        AsetExperiment experiment(s, catalogue);
        std::vector<Ptr<AsetPolicy>> policies;
        std::vector<std::unique_ptr<uint32_t>> mostScored;
        experiment.SetPolicyConfigurator([&](Ptr<SchedulingPolicy> policy, uint32_t) {
            Ptr<AsetPolicy> aset = DynamicCast<AsetPolicy>(policy);
            NS_ABORT_MSG_UNLESS(aset, "not an AsetPolicy");
            aset->SetAttribute("Checkpoint", StringValue(AsetPolicy::GetPretrainedPath()));
            mostScored.push_back(std::make_unique<uint32_t>(0));
            // Bound values of exactly the parameters' types: ns-3 3.37's
            // MakeBoundCallback casts to a callback of the values' types.
            const AsetPolicy* counted = PeekPointer(aset);
            aset->TraceConnectWithoutContext(
                "Action",
                MakeBoundCallback(&RecordActionsScored, counted, mostScored.back().get()));
            policies.push_back(aset);
        });
        const PolicyRunResult r = experiment.Run("aset", 1, 1);
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "accounting");
        NS_TEST_ASSERT_MSG_GT(r.sent, 2000u, "isp-metro's queries for 0.5 s");
        NS_TEST_ASSERT_MSG_GT(policies.size(), 1u, "a policy per scheduler");
        uint32_t most = 0;
        for (std::size_t i = 0; i < policies.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_GT(policies[i]->GetDecisionCount(), 0u, "scheduler " << i << " decided");
            NS_TEST_ASSERT_MSG_EQ(policies[i]->GetClustersInState(), heard,
                                  "scheduler " << i << ": the far-edge, near-edge and cloud "
                                               "clusters it hears");
            most = std::max(most, *mostScored[i]);
        }
        NS_TEST_ASSERT_MSG_GT(most, 8u, "some decision scored more than 8 instances");
    }

    TieredBeaconScope m_scope;
};

class AsetLearningTestSuite : public TestSuite
{
  public:
    AsetLearningTestSuite()
        : TestSuite("aset-learning", ASET_SYSTEM_SUITE)
    {
        AddTestCase(new PretrainedRunTestCase(), ASET_QUICK);
        AddTestCase(new PolicySpaceRunTestCase(), ASET_QUICK);
        AddTestCase(new LearningRunTestCase(AsetPolicy::INSTANCE), ASET_QUICK);
        AddTestCase(new LearningRunTestCase(AsetPolicy::POLICY), ASET_QUICK);
        AddTestCase(new InstanceSpaceTestCase(), ASET_QUICK);
        AddTestCase(new DeterministicTrainingTestCase(), ASET_QUICK);
        AddTestCase(new IspMetroStateTestCase(TieredBeaconScope::ALL), ASET_QUICK);
        AddTestCase(new IspMetroStateTestCase(TieredBeaconScope::REGION), ASET_QUICK);
    }
};

AsetLearningTestSuite g_asetLearningTestSuite;
} // namespace
