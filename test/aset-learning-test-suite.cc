// SPDX-License-Identifier: GPL-2.0-only
// ASET in simulation: it runs in both action spaces, learns, settles its
// credit, loses no query, and trains deterministically for a fixed seed.
#include "aset-test-compat.h"
#include "aset-test-network.h"

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
        // One decision per scheduler per period in which a query arrives: at
        // 300 queries/s per scheduler, nearly every period of the 2 s.
        TimeValue period;
        CreateObject<AsetPolicy>()->GetAttribute("DecisionPeriod", period);
        const auto periods = static_cast<uint64_t>(2 * 2.0 / period.Get().GetSeconds());
        NS_TEST_ASSERT_MSG_GT(r.decisions, periods / 2, "decisions made");
        NS_TEST_ASSERT_MSG_LT(r.decisions, periods + 3, "at most one per period and scheduler");
        uint64_t counted = 0;
        for (const auto c : r.actionCounts)
        {
            counted += c;
        }
        NS_TEST_ASSERT_MSG_EQ(counted, r.decisions, "every decision chose one action");
    }
};

class LearningRunTestCase : public TestCase
{
  public:
    LearningRunTestCase()
        : TestCase("learning mode explores, stores settled decisions and trains")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<std::shared_ptr<AsetDqnAgent>> agents;
        const PolicyRunResult r = RunAset(ShortScenario(), 1, [&agents](Ptr<AsetPolicy> p) {
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
        NS_TEST_ASSERT_MSG_GT(r.meanReward, 0.0, "some decisions earned reward");
        NS_TEST_ASSERT_MSG_LT(r.meanReward, 1.0001, "a reward is a ratio");
    }
};

class InstanceSpaceTestCase : public TestCase
{
  public:
    InstanceSpaceTestCase()
        : TestCase("the per-query action space places only on feasible instances")
    {
    }

  private:
    void DoRun() override
    {
        const PolicyRunResult r = RunAset(ShortScenario(), 2, [](Ptr<AsetPolicy> p) {
            p->SetAttribute("ActionSpace", EnumValue(AsetPolicy::INSTANCE));
            p->SetAttribute("Learning", BooleanValue(true));
        });
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "accounting");
        NS_TEST_ASSERT_MSG_EQ(r.decisions, r.sent, "one decision per query");
        const auto count = [&r](QueryOutcome o) { return r.counts[static_cast<uint8_t>(o)]; };
        NS_TEST_ASSERT_MSG_EQ(count(QueryOutcome::FAILED_ACCURACY), 0u, "masking keeps accuracy");
        NS_TEST_ASSERT_MSG_EQ(count(QueryOutcome::REJECTED), 0u, "every query had a slot");
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
        auto agent = std::make_shared<AsetDqnAgent>(prototype->GetAgentConfig());
        for (uint64_t episode = 1; episode <= 2; ++episode)
        {
            RunAset(ShortScenario(1), episode, [&agent](Ptr<AsetPolicy> p) {
                p->SetAttribute("Learning", BooleanValue(true));
                p->SetAgent(agent);
            });
        }
        std::vector<float> probe(prototype->GetAgentConfig().stateSize, 0.5f);
        return agent->GetQValues(probe);
    }

    void DoRun() override
    {
        const auto first = Train(5);
        const auto second = Train(5);
        const auto other = Train(6);
        NS_TEST_ASSERT_MSG_EQ((first == second), true, "same seed, same Q-values");
        NS_TEST_ASSERT_MSG_EQ((first == other), false, "another seed, other Q-values");
    }
};

class AsetLearningTestSuite : public TestSuite
{
  public:
    AsetLearningTestSuite()
        : TestSuite("aset-learning", ASET_SYSTEM_SUITE)
    {
        AddTestCase(new PretrainedRunTestCase(), ASET_QUICK);
        AddTestCase(new LearningRunTestCase(), ASET_QUICK);
        AddTestCase(new InstanceSpaceTestCase(), ASET_QUICK);
        AddTestCase(new DeterministicTrainingTestCase(), ASET_QUICK);
    }
};

AsetLearningTestSuite g_asetLearningTestSuite;
} // namespace
