// SPDX-License-Identifier: GPL-2.0-only
// The DQN agent: it learns a contextual bandit and a chain with a delayed
// reward; its replay, target network, masking, checkpoints and fast path
// behave as specified; and training is deterministic for a fixed seed.
#include "ns3/aset-dqn-agent.h"
#include "ns3/aset-input-error.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>

using namespace ns3;

namespace
{
std::vector<float>
OneHot(uint32_t size, uint32_t index)
{
    std::vector<float> v(size, 0.0f);
    v[index] = 1.0f;
    return v;
}

AsetDqnConfig
SmallConfig(uint32_t states, uint32_t actions)
{
    AsetDqnConfig c;
    c.stateSize = states;
    c.actionCount = actions;
    c.hiddenLayers = {32, 32};
    c.warmupTransitions = 64;
    c.epsilonDecaySteps = 1500;
    c.targetSyncInterval = 100;
    c.seed = 42;
    return c;
}

/// Four contexts, four arms; the arm matching the context pays 1, the others 0.
void
TrainBandit(AsetDqnAgent& agent, int steps, uint64_t seed)
{
    std::mt19937 rng(seed);
    for (int i = 0; i < steps; ++i)
    {
        const uint32_t context = rng() % 4;
        const auto state = OneHot(4, context);
        const uint32_t action = agent.Act(state, {}, true);
        agent.Remember({state, action, action == context ? 1.0f : 0.0f, {}, true, {}});
        agent.Learn();
    }
}

std::string
TempPath(const std::string& name)
{
    return ::testing::TempDir() + "aset-" + name;
}
} // namespace

TEST(Dqn, SolvesAContextualBandit)
{
    AsetDqnAgent agent(SmallConfig(4, 4));
    TrainBandit(agent, 2500, 1);
    for (uint32_t context = 0; context < 4; ++context)
    {
        const auto state = OneHot(4, context);
        EXPECT_EQ(agent.Greedy(state.data()), context) << "context " << context;
        // Terminal rewards: Q of the right arm near 1, of the others near 0.
        const auto q = agent.GetQValues(state);
        EXPECT_NEAR(q[context], 1.0, 0.15);
        EXPECT_NEAR(q[(context + 1) % 4], 0.0, 0.15);
    }
    EXPECT_LT(agent.GetEpsilon(), 0.06);
}

TEST(Dqn, LearnsADelayedRewardAlongAChain)
{
    // Positions 0..5; "right" moves on, "left" moves back; only reaching 5 pays 1.
    const uint32_t length = 6;
    AsetDqnConfig c = SmallConfig(length, 2);
    c.discount = 0.9;
    c.epsilonDecaySteps = 3000;
    AsetDqnAgent agent(c);
    std::mt19937 rng(3);
    uint32_t position = 0;
    for (int i = 0; i < 6000; ++i)
    {
        const auto state = OneHot(length, position);
        const uint32_t action = agent.Act(state, {}, true);
        const uint32_t next = action == 1 ? position + 1 : (position == 0 ? 0 : position - 1);
        const bool end = next == length - 1;
        agent.Remember({state, action, end ? 1.0f : 0.0f, OneHot(length, next), end, {}});
        agent.Learn();
        position = end || i % 50 == 49 ? rng() % (length - 1) : next;
    }
    for (uint32_t p = 0; p + 1 < length; ++p)
    {
        EXPECT_EQ(agent.Greedy(OneHot(length, p).data()), 1u) << "position " << p;
        // Q*(p, right) = gamma^(steps to the end - 1).
        const double expected = std::pow(c.discount, double(length - 2 - p));
        EXPECT_NEAR(agent.GetQValues(OneHot(length, p))[1], expected, 0.12) << "position " << p;
    }
}

TEST(Dqn, ReplayKeepsTheNewestUpToItsCapacity)
{
    AsetDqnConfig c = SmallConfig(2, 2);
    c.replayCapacity = 50;
    AsetDqnAgent agent(c);
    for (int i = 0; i < 80; ++i)
    {
        agent.Remember({{1, 0}, 0, 0, {}, true, {}});
        EXPECT_EQ(agent.GetReplaySize(), std::min<std::size_t>(i + 1, 50));
    }
    EXPECT_LT(agent.Learn(), 1e9); // enough for a batch: a real loss comes back
}

TEST(Dqn, NoLearningBeforeWarmUp)
{
    AsetDqnAgent agent(SmallConfig(2, 2));
    for (int i = 0; i < 63; ++i)
    {
        agent.Remember({{1, 0}, 0, 1, {}, true, {}});
        EXPECT_LT(agent.Learn(), 0);
    }
    agent.Remember({{1, 0}, 0, 1, {}, true, {}});
    EXPECT_GE(agent.Learn(), 0);
    EXPECT_EQ(agent.GetLearnSteps(), 1u);
}

TEST(Dqn, TargetNetworkFollowsOnlyAtSyncPoints)
{
    AsetDqnConfig c = SmallConfig(4, 4);
    c.targetSyncInterval = 10;
    AsetDqnAgent agent(c);
    const auto probe = OneHot(4, 2);
    EXPECT_EQ(agent.GetQValues(probe), agent.GetQValues(probe, true)) << "equal at the start";
    for (int i = 0; i < 100; ++i)
    {
        agent.Remember({OneHot(4, i % 4), uint32_t(i % 4), 1.0f, {}, true, {}});
    }
    for (int step = 1; step <= 10; ++step)
    {
        agent.Learn();
        if (step < 10)
        {
            EXPECT_NE(agent.GetQValues(probe), agent.GetQValues(probe, true)) << "step " << step;
        }
    }
    EXPECT_EQ(agent.GetQValues(probe), agent.GetQValues(probe, true)) << "synced at step 10";
}

TEST(Dqn, SmallerLearningRateTakesSmallerSteps)
{
    // Two identical agents learn from the same minibatches, one at a tenth of the other's rate.
    // Adam's first step moves every weight by about the rate, so the Q-values move about ten
    // times less; the rate set is the one reported.
    const AsetDqnConfig c = SmallConfig(4, 4);
    AsetDqnAgent fast(c);
    AsetDqnAgent slow(c);
    slow.SetLearningRate(c.learningRate / 10);
    EXPECT_DOUBLE_EQ(fast.GetLearningRate(), c.learningRate);
    EXPECT_DOUBLE_EQ(slow.GetLearningRate(), c.learningRate / 10);
    for (int i = 0; i < 100; ++i)
    {
        fast.Remember({OneHot(4, i % 4), uint32_t(i % 4), 1.0f, {}, true, {}});
        slow.Remember({OneHot(4, i % 4), uint32_t(i % 4), 1.0f, {}, true, {}});
    }
    const auto probe = OneHot(4, 1);
    const auto before = fast.GetQValues(probe);
    ASSERT_EQ(before, slow.GetQValues(probe));
    fast.Learn();
    slow.Learn();
    double fastMove = 0;
    double slowMove = 0;
    for (std::size_t a = 0; a < before.size(); ++a)
    {
        fastMove += std::abs(fast.GetQValues(probe)[a] - before[a]);
        slowMove += std::abs(slow.GetQValues(probe)[a] - before[a]);
    }
    EXPECT_GT(slowMove, 0.0);
    EXPECT_LT(slowMove, fastMove / 5) << "moves " << slowMove << " and " << fastMove;
    EXPECT_GT(slowMove, fastMove / 20) << "moves " << slowMove << " and " << fastMove;
}

TEST(Dqn, MaskedActionsAreNeverChosen)
{
    AsetDqnAgent agent(SmallConfig(4, 5));
    TrainBandit(agent, 300, 2); // some learning, so greedy values are not all equal
    const std::vector<bool> allowed{false, true, false, true, false};
    std::mt19937 rng(9);
    for (int i = 0; i < 2000; ++i)
    {
        const auto state = OneHot(4, rng() % 4);
        const uint32_t explored = agent.Act(state, allowed, true);
        const uint32_t greedy = agent.Act(state, allowed, false);
        EXPECT_TRUE(allowed[explored]) << explored;
        EXPECT_TRUE(allowed[greedy]) << greedy;
    }
}

TEST(Dqn, FastPathMatchesTorch)
{
    AsetDqnAgent agent(SmallConfig(4, 4));
    TrainBandit(agent, 800, 4);
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> value(-2, 2);
    const float margin = 0.2f;
    const std::vector<uint32_t> cost{3, 0, 2, 1};
    int compared = 0;
    int ties = 0;
    for (int i = 0; i < 200; ++i)
    {
        std::vector<float> state(4);
        for (auto& x : state)
        {
            x = value(rng);
        }
        const auto torchQ = agent.GetQValues(state);
        const auto& fastQ = agent.GetFastNetwork().Evaluate(state.data());
        ASSERT_EQ(fastQ.size(), torchQ.size());
        for (std::size_t a = 0; a < fastQ.size(); ++a)
        {
            EXPECT_NEAR(fastQ[a], torchQ[a], 1e-5);
        }
        // Greedy decisions with a tie margin choose alike from either path's values,
        // unless a value sits within rounding of the margin's edge.
        const float best = *std::max_element(torchQ.begin(), torchQ.end());
        const bool onEdge = std::any_of(torchQ.begin(), torchQ.end(), [&](float q) {
            return std::abs(q - (best - margin)) < 1e-4f;
        });
        if (!onEdge)
        {
            const uint32_t fast = agent.Greedy(state.data(), {}, margin, cost);
            EXPECT_EQ(fast, AsetMlp::PickAction(torchQ, {}, margin, cost));
            ties += fast != AsetMlp::PickAction(torchQ, {}) ? 1 : 0;
            ++compared;
        }
    }
    EXPECT_GT(compared, 150);
    EXPECT_GT(ties, 0) << "the margin never changed a decision: the check proves nothing";
}

TEST(Dqn, TieMarginPicksTheCheapestNearBestAction)
{
    const std::vector<float> q{1.0f, 0.98f, 0.5f, 0.99f};
    const std::vector<uint32_t> cost{2, 1, 0, 1};
    // No margin: plain argmax.
    EXPECT_EQ(AsetMlp::PickAction(q, {}), 0u);
    EXPECT_EQ(AsetMlp::PickAction(q, {}, 0.0f, cost), 0u);
    // 0.05: actions 0, 1 and 3 tie; 1 and 3 are the cheapest, 3 has the larger value.
    EXPECT_EQ(AsetMlp::PickAction(q, {}, 0.05f, cost), 3u);
    // 0.015: only 0 and 3 tie.
    EXPECT_EQ(AsetMlp::PickAction(q, {}, 0.015f, cost), 3u);
    // 0.005: nothing ties with 0.
    EXPECT_EQ(AsetMlp::PickAction(q, {}, 0.005f, cost), 0u);
    // 0.6: all tie, the cheapest wins although its value is far lower.
    EXPECT_EQ(AsetMlp::PickAction(q, {}, 0.6f, cost), 2u);
    // Masked actions never compete, not even as the best.
    EXPECT_EQ(AsetMlp::PickAction(q, {false, true, false, false}, 0.6f, cost), 1u);
    EXPECT_EQ(AsetMlp::PickAction(q, {true, true, false, false}, 0.05f, cost), 1u);
    EXPECT_EQ(AsetMlp::PickAction(q, {false, false, false, false}, 0.05f, cost), 4u);
    // Equal costs and values: the lower index.
    EXPECT_EQ(AsetMlp::PickAction({0.5f, 0.5f}, {}, 0.1f, {1, 1}), 0u);
}

TEST(Dqn, SaveAndLoadGiveTheSameDecisions)
{
    AsetDqnAgent trained(SmallConfig(4, 4));
    TrainBandit(trained, 800, 5);
    const std::string path = TempPath("checkpoint.pt");
    trained.Save(path);

    AsetDqnConfig other = SmallConfig(4, 4);
    other.seed = 7; // different initial weights, overwritten by the load
    AsetDqnAgent loaded(other);
    loaded.Load(path);
    EXPECT_EQ(loaded.GetLearnSteps(), trained.GetLearnSteps());
    EXPECT_EQ(loaded.GetActSteps(), trained.GetActSteps());
    std::mt19937 rng(13);
    std::uniform_real_distribution<float> value(-1, 2);
    for (int i = 0; i < 100; ++i)
    {
        std::vector<float> state(4);
        for (auto& x : state)
        {
            x = value(rng);
        }
        EXPECT_EQ(loaded.Greedy(state.data()), trained.Greedy(state.data()));
        EXPECT_EQ(loaded.GetQValues(state), trained.GetQValues(state));
    }
    std::remove(path.c_str());
}

TEST(Dqn, LoadRefusesAnotherShapeOrAnotherFile)
{
    AsetDqnAgent small(SmallConfig(4, 4));
    const std::string path = TempPath("shape.pt");
    small.Save(path);
    AsetDqnAgent bigger(SmallConfig(5, 4));
    try
    {
        bigger.Load(path);
        ADD_FAILURE() << "a 4-input network loaded into a 5-input agent";
    }
    catch (const AsetInputError& e)
    {
        EXPECT_EQ(e.GetField(), "shape");
        EXPECT_NE(std::string(e.what()).find("4-32-32-4"), std::string::npos) << e.what();
    }
    std::remove(path.c_str());
    const std::string garbage = TempPath("garbage.pt");
    FILE* f = std::fopen(garbage.c_str(), "w");
    std::fputs("not a checkpoint", f);
    std::fclose(f);
    EXPECT_THROW(bigger.Load(garbage), AsetInputError);
    EXPECT_THROW(bigger.Load(TempPath("missing.pt")), AsetInputError);
    std::remove(garbage.c_str());
}

TEST(Dqn, TrainingWithAFixedSeedIsDeterministic)
{
    AsetDqnAgent a(SmallConfig(4, 4));
    AsetDqnAgent b(SmallConfig(4, 4));
    TrainBandit(a, 600, 6);
    TrainBandit(b, 600, 6);
    for (uint32_t context = 0; context < 4; ++context)
    {
        EXPECT_EQ(a.GetQValues(OneHot(4, context)), b.GetQValues(OneHot(4, context)));
    }
    // The checkpoints too, byte for byte, optimizer state included (libtorch files
    // Adam's state by tensor address; the agent files it by parameter index).
    const std::string path = TempPath("same.pt");
    const auto saved = [&path](const AsetDqnAgent& agent) {
        agent.Save(path);
        std::ifstream in(path, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    const std::string bytesA = saved(a);
    const std::string bytesB = saved(b);
    std::remove(path.c_str());
    EXPECT_FALSE(bytesA.empty());
    EXPECT_TRUE(bytesA == bytesB) << "checkpoints of identical trainings differ";
    AsetDqnConfig other = SmallConfig(4, 4);
    other.seed = 43;
    AsetDqnAgent c(other);
    TrainBandit(c, 600, 6);
    EXPECT_NE(a.GetQValues(OneHot(4, 0)), c.GetQValues(OneHot(4, 0)));
}
