// SPDX-License-Identifier: GPL-2.0-only
// The DQN agent, which scores every action row of an observation with the
// same weights: the fast network agrees with libtorch for any number of rows
// and any layer widths; greedy and tie-margin picks; epsilon exploration;
// learning over observations of varying sizes, with bootstrapping from next
// observations of other sizes; replay, warm-up, target network; checkpoints;
// and determinism for a fixed seed.
#include "ns3/aset-dqn-agent.h"
#include "ns3/aset-input-error.h"
#include "ns3/aset-mlp.h"
#include "ns3/aset-observation.h"
#include "ns3/aset-state-encoder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>

using namespace ns3;

namespace
{
AsetDqnConfig
SmallConfig(uint32_t context, uint32_t action, std::vector<uint32_t> hidden = {32, 32})
{
    AsetDqnConfig c;
    c.contextSize = context;
    c.actionSize = action;
    c.hiddenLayers = std::move(hidden);
    c.learningRate = 1e-3; // toy problems: Adam's usual step, whatever AsetPolicy's default
    c.warmupTransitions = 64;
    c.epsilonDecaySteps = 1500;
    c.targetSyncInterval = 100;
    c.seed = 42;
    return c;
}

/**
 * An observation of \p rows action rows, features drawn from [low, high);
 * about a third of them zero, as one-hot features and clipped values are in
 * the real encoding (the fast path skips zero inputs).
 */
std::shared_ptr<AsetObservation>
RandomObservation(uint32_t context, uint32_t width, uint32_t rows, std::mt19937& rng, float low = -2, float high = 2)
{
    std::uniform_real_distribution<float> value(low, high);
    std::uniform_int_distribution<int> zero(0, 2);
    auto o = std::make_shared<AsetObservation>();
    o->context.resize(context);
    for (auto& x : o->context)
    {
        x = zero(rng) == 0 ? 0.0f : value(rng);
    }
    o->actionWidth = width;
    o->actions.resize(std::size_t(rows) * width);
    for (auto& x : o->actions)
    {
        x = zero(rng) == 0 ? 0.0f : value(rng);
    }
    return o;
}

uint32_t
ArgMax(const std::vector<float>& q)
{
    return static_cast<uint32_t>(std::max_element(q.begin(), q.end()) - q.begin());
}

/// The toy problem: each row's reward is its first feature, in [0, 1); 1 to 12 rows.
std::shared_ptr<AsetObservation>
ToyObservation(std::mt19937& rng)
{
    auto o = RandomObservation(3, 4, std::uniform_int_distribution<uint32_t>(1, 12)(rng), rng, 0, 1);
    for (uint32_t k = 0; k < o->GetActionCount(); ++k)
    {
        o->actions[std::size_t(k) * 4] = std::uniform_real_distribution<float>(0, 1)(rng);
    }
    return o;
}

float
ToyReward(const AsetObservation& o, uint32_t row)
{
    return o.GetAction(row)[0];
}

/// Trains \p agent on the toy problem, acting with Act(explore); returns each step's loss.
std::vector<double>
TrainToy(AsetDqnAgent& agent, int steps, uint64_t seed)
{
    std::mt19937 rng(seed);
    std::vector<double> losses;
    for (int i = 0; i < steps; ++i)
    {
        auto o = ToyObservation(rng);
        const uint32_t action = agent.Act(*o, true);
        agent.Remember({o, action, ToyReward(*o, action), nullptr, true});
        const double loss = agent.Learn();
        if (loss >= 0)
        {
            losses.push_back(loss);
        }
    }
    return losses;
}

std::string
TempPath(const std::string& name)
{
    return ::testing::TempDir() + "aset-" + name;
}
} // namespace

// ---- The fast network ----

TEST(Dqn, FastNetworkScoresEachRowWithTheSameWeightsByHand)
{
    // One context feature c, one action feature x, two hidden units:
    // h = relu(0.5 + c + 2x, -2 + c - x), q = 0.1 + h0 - 2 h1.
    AsetMlp::Layer first;
    first.inputs = 2;
    first.outputs = 2;
    first.weights = {1, 2, 1, -1}; // rows: outputs; columns: the context, then the action
    first.biases = {0.5f, -2};
    AsetMlp::Layer out;
    out.inputs = 2;
    out.outputs = 1;
    out.weights = {1, -2};
    out.biases = {0.1f};
    const AsetMlp mlp(1, {first, out});
    EXPECT_EQ(mlp.GetContextSize(), 1u);
    EXPECT_EQ(mlp.GetActionSize(), 1u);
    AsetObservation o;
    o.context = {1};
    o.actionWidth = 1;
    o.actions = {0, 2, -1};
    // c = 1. x = 0: h = (1.5, 0); x = 2: h = (5.5, 0); x = -1: h = (0, 0).
    const std::vector<float> q = mlp.Score(o);
    ASSERT_EQ(q.size(), 3u);
    EXPECT_FLOAT_EQ(q[0], 1.6f);
    EXPECT_FLOAT_EQ(q[1], 5.6f);
    EXPECT_FLOAT_EQ(q[2], 0.1f);
    EXPECT_EQ(mlp.Pick(o, 0.0f, {}), 1u);
    // c = 3, the same rows. x = 0: h = (3.5, 1); x = 2: h = (7.5, 0); x = -1: h = (1.5, 2).
    o.context = {3};
    const std::vector<float> q3 = mlp.Score(o);
    ASSERT_EQ(q3.size(), 3u);
    EXPECT_FLOAT_EQ(q3[0], 1.6f);
    EXPECT_FLOAT_EQ(q3[1], 7.6f);
    EXPECT_FLOAT_EQ(q3[2], -2.4f);
    // Margin 7 with row 0 the cheapest: rows 0 (1.6) and 1 tie, row 2 does not.
    EXPECT_EQ(mlp.Pick(o, 7.0f, {0, 1, 0}), 0u);
    EXPECT_EQ(mlp.Pick(o, 5.0f, {1, 1, 0}), 1u);
    // No rows, no values.
    o.actions.clear();
    EXPECT_TRUE(mlp.Score(o).empty());
}

class DqnFastPath : public ::testing::TestWithParam<std::vector<uint32_t>>
{
};

TEST_P(DqnFastPath, AgreesWithTorchForAnyNumberOfRows)
{
    // The real encoder's sizes, so that the first layer is as in AsetPolicy.
    const uint32_t context = AsetStateEncoder::kContextFeatures;
    const uint32_t width = AsetStateEncoder::kInstanceFeatures;
    AsetDqnConfig c = SmallConfig(context, width, GetParam());
    c.warmupTransitions = 32;
    AsetDqnAgent agent(c);
    std::mt19937 rng(11);
    // A few learning steps first, so that the fast copy must follow the online network.
    for (int i = 0; i < 40; ++i)
    {
        auto o = RandomObservation(context, width, 1 + i % 9, rng);
        agent.Remember({o, uint32_t(i % o->GetActionCount()), float(i % 2), nullptr, true});
    }
    for (int i = 0; i < 5; ++i)
    {
        ASSERT_GE(agent.Learn(), 0);
    }
    for (const uint32_t rows : {1u, 7u, 200u})
    {
        for (int trial = 0; trial < 5; ++trial)
        {
            const auto o = RandomObservation(context, width, rows, rng);
            const std::vector<float> torchQ = agent.GetQValues(*o);
            const std::vector<float> fastQ = agent.GetFastNetwork().Score(*o);
            ASSERT_EQ(torchQ.size(), rows);
            ASSERT_EQ(fastQ.size(), rows);
            for (uint32_t k = 0; k < rows; ++k)
            {
                EXPECT_NEAR(fastQ[k], torchQ[k], 1e-5) << rows << " rows, row " << k;
            }
            // Not a constant network: the rows differ.
            if (rows > 1)
            {
                EXPECT_NE(*std::max_element(torchQ.begin(), torchQ.end()),
                          *std::min_element(torchQ.begin(), torchQ.end()));
            }
            EXPECT_EQ(agent.Greedy(*o), ArgMax(torchQ)) << rows << " rows";
        }
    }
}

INSTANTIATE_TEST_SUITE_P(HiddenLayers,
                         DqnFastPath,
                         ::testing::Values(std::vector<uint32_t>{32},
                                           std::vector<uint32_t>{32, 32},
                                           std::vector<uint32_t>{48, 24},
                                           std::vector<uint32_t>{20},
                                           std::vector<uint32_t>{64, 64},
                                           std::vector<uint32_t>{5, 13, 7}));

TEST(Dqn, GreedyWithATieMarginChoosesAsTorchsValuesDo)
{
    AsetDqnAgent agent(SmallConfig(4, 3));
    std::mt19937 rng(4);
    const float margin = 0.05f;
    int compared = 0;
    int changed = 0;
    for (int i = 0; i < 300; ++i)
    {
        const auto o = RandomObservation(4, 3, 2 + i % 6, rng);
        std::vector<uint32_t> cost(o->GetActionCount());
        for (auto& x : cost)
        {
            x = rng() % 3;
        }
        const auto torchQ = agent.GetQValues(*o);
        // Skip values within rounding of the margin's edge.
        const float best = *std::max_element(torchQ.begin(), torchQ.end());
        if (std::any_of(torchQ.begin(), torchQ.end(), [&](float q) { return std::abs(q - (best - margin)) < 1e-4f; }))
        {
            continue;
        }
        const uint32_t fast = agent.Greedy(*o, margin, cost);
        EXPECT_EQ(fast, AsetMlp::PickAction(torchQ, margin, cost));
        changed += fast != ArgMax(torchQ) ? 1 : 0;
        ++compared;
    }
    EXPECT_GT(compared, 250);
    EXPECT_GT(changed, 0) << "the margin never changed a decision: the check proves nothing";
}

TEST(Dqn, TieMarginPicksTheCheapestNearBestAction)
{
    const std::vector<float> q{1.0f, 0.98f, 0.5f, 0.99f};
    const std::vector<uint32_t> cost{2, 1, 0, 1};
    // No margin, or no costs: plain argmax.
    EXPECT_EQ(AsetMlp::PickAction(q), 0u);
    EXPECT_EQ(AsetMlp::PickAction(q, 0.0f, cost), 0u);
    EXPECT_EQ(AsetMlp::PickAction(q, 0.6f, {}), 0u);
    // 0.05: actions 0, 1 and 3 tie; 1 and 3 are the cheapest, 3 has the larger value.
    EXPECT_EQ(AsetMlp::PickAction(q, 0.05f, cost), 3u);
    // 0.015: only 0 and 3 tie.
    EXPECT_EQ(AsetMlp::PickAction(q, 0.015f, cost), 3u);
    // 0.005: nothing ties with 0.
    EXPECT_EQ(AsetMlp::PickAction(q, 0.005f, cost), 0u);
    // 0.6: all tie, the cheapest wins although its value is far lower.
    EXPECT_EQ(AsetMlp::PickAction(q, 0.6f, cost), 2u);
    // Exactly on the margin's edge still competes: 1.0 - 0.5 = 0.5.
    EXPECT_EQ(AsetMlp::PickAction({1.0f, 0.5f}, 0.5f, {1, 0}), 1u);
    // Equal values: the lower index; equal costs and values: the lower index.
    EXPECT_EQ(AsetMlp::PickAction({0.5f, 0.7f, 0.7f}), 1u);
    EXPECT_EQ(AsetMlp::PickAction({0.5f, 0.5f}, 0.1f, {1, 1}), 0u);
    // One action: that one. None: q.size().
    EXPECT_EQ(AsetMlp::PickAction({-3.0f}, 0.1f, {5}), 0u);
    EXPECT_EQ(AsetMlp::PickAction({}), 0u);
}

// ---- Exploration ----

TEST(Dqn, ExplorationDrawsUniformlyAmongTheRows)
{
    AsetDqnAgent agent(SmallConfig(4, 3));
    agent.SetEpsilon(1.0);
    std::mt19937 rng(5);
    const auto o = RandomObservation(4, 3, 5, rng);
    std::vector<int> counts(5, 0);
    const int draws = 10000;
    for (int i = 0; i < draws; ++i)
    {
        const uint32_t a = agent.Act(*o, true);
        ASSERT_LT(a, 5u);
        ++counts[a];
    }
    // Chi-square with 4 degrees of freedom: 18.5 is its 0.999 quantile.
    double chi2 = 0;
    for (const int n : counts)
    {
        chi2 += std::pow(n - draws / 5.0, 2) / (draws / 5.0);
    }
    EXPECT_LT(chi2, 18.5) << counts[0] << " " << counts[1] << " " << counts[2] << " " << counts[3] << " "
                          << counts[4];
    EXPECT_EQ(agent.GetActSteps(), uint64_t(draws));

    // Without exploration (explore false, or epsilon 0): always the greedy row.
    const uint32_t greedy = agent.Greedy(*o);
    agent.SetEpsilon(0.0);
    for (int i = 0; i < 200; ++i)
    {
        EXPECT_EQ(agent.Act(*o, true), greedy);
        EXPECT_EQ(agent.Act(*o, false), greedy);
    }
    // Observations with other row counts draw among their own rows.
    agent.SetEpsilon(1.0);
    const auto two = RandomObservation(4, 3, 2, rng);
    std::vector<int> twoCounts(2, 0);
    for (int i = 0; i < 1000; ++i)
    {
        const uint32_t a = agent.Act(*two, true);
        ASSERT_LT(a, 2u);
        ++twoCounts[a];
    }
    EXPECT_GT(twoCounts[0], 400);
    EXPECT_GT(twoCounts[1], 400);
}

TEST(Dqn, EpsilonDecaysLinearlyUnlessHeld)
{
    AsetDqnConfig c = SmallConfig(4, 3);
    c.epsilonStart = 1.0;
    c.epsilonEnd = 0.1;
    c.epsilonDecaySteps = 100;
    AsetDqnAgent agent(c);
    std::mt19937 rng(6);
    const auto o = RandomObservation(4, 3, 3, rng);
    EXPECT_DOUBLE_EQ(agent.GetEpsilon(), 1.0);
    for (int i = 0; i < 50; ++i)
    {
        agent.Act(*o, true);
    }
    EXPECT_NEAR(agent.GetEpsilon(), 0.55, 1e-12);
    agent.Act(*o, false); // greedy acts do not count
    EXPECT_NEAR(agent.GetEpsilon(), 0.55, 1e-12);

    // Held: it stays, however many steps pass, and the draws follow it.
    agent.SetEpsilon(0.3);
    EXPECT_DOUBLE_EQ(agent.GetEpsilon(), 0.3);
    const uint32_t greedy = agent.Greedy(*o);
    int explored = 0;
    const int draws = 6000;
    for (int i = 0; i < draws; ++i)
    {
        explored += agent.Act(*o, true) != greedy ? 1 : 0;
    }
    EXPECT_DOUBLE_EQ(agent.GetEpsilon(), 0.3);
    // A uniform draw among 3 rows leaves the greedy one 2 times in 3: 0.2 of the acts.
    EXPECT_NEAR(double(explored) / draws, 0.3 * 2 / 3, 0.025);
    for (int i = 0; i < 200; ++i)
    {
        agent.Act(*o, true);
    }
    EXPECT_DOUBLE_EQ(agent.GetEpsilon(), 0.3) << "the decay does not resume";
}

// ---- Learning ----

TEST(Dqn, LearnsToPickTheBestRowWhateverTheRowCount)
{
    AsetDqnConfig c = SmallConfig(3, 4, {32});
    c.epsilonDecaySteps = 400;
    AsetDqnAgent agent(c);
    std::mt19937 heldOut(99);
    const auto accuracy = [&agent](std::mt19937 rng) {
        int right = 0;
        double error = 0;
        int rows = 0;
        for (int i = 0; i < 400; ++i)
        {
            const auto o = ToyObservation(rng);
            std::vector<float> truth(o->GetActionCount());
            for (uint32_t k = 0; k < truth.size(); ++k)
            {
                truth[k] = ToyReward(*o, k);
            }
            right += agent.Greedy(*o) == ArgMax(truth) ? 1 : 0;
            const auto q = agent.GetQValues(*o);
            for (uint32_t k = 0; k < truth.size(); ++k)
            {
                error += std::abs(q[k] - truth[k]);
                ++rows;
            }
        }
        return std::make_pair(right / 400.0, error / rows);
    };
    const auto before = accuracy(heldOut);
    const std::vector<double> losses = TrainToy(agent, 700, 1);
    ASSERT_GT(losses.size(), 500u);
    const auto after = accuracy(heldOut);
    double early = 0;
    double late = 0;
    for (std::size_t i = 0; i < 50; ++i)
    {
        early += losses[i];
        late += losses[losses.size() - 1 - i];
    }
    EXPECT_LT(late, early / 4) << "the loss fell from " << early / 50 << " to " << late / 50;
    // Held-out observations of 1 to 12 rows: the greedy row is the best one
    // (chance is under a half), and the values are near the rewards.
    EXPECT_GT(after.first, 0.9) << "before training: " << before.first;
    EXPECT_LT(after.second, 0.06) << "before training: " << before.second;
    EXPECT_GT(before.second, 2 * after.second);
}

TEST(Dqn, BootstrapsFromTheBestRealRowOfNextObservationsOfAnySize)
{
    // Two steps. First an observation with one row, whose context says how
    // many rows the next one has (1 or 12), reward 0; then the next, each of
    // whose rows pays 1 - its first feature (in [0.2, 1)), and ends. So
    // Q(first) = gamma E[max over the next rows] = 0.9 x 0.4 with one row and
    // 0.9 x 0.8 x 12/13 with twelve. Minibatches mix both, so next
    // observations are padded to 12 rows; an all-zero padding row would score
    // about 1, and counting it would lift the one-row value to about 0.9.
    AsetDqnConfig c = SmallConfig(2, 3, {32});
    c.discount = 0.9;
    c.targetSyncInterval = 50;
    c.warmupTransitions = 200;
    AsetDqnAgent agent(c);
    agent.SetEpsilon(1.0);
    std::mt19937 rng(21);
    std::uniform_real_distribution<float> feature(0.2f, 1.0f);
    const auto next = [&](uint32_t rows) {
        auto o = std::make_shared<AsetObservation>();
        o->context = {0, 1};
        o->actionWidth = 3;
        for (uint32_t k = 0; k < rows; ++k)
        {
            o->actions.insert(o->actions.end(), {feature(rng), feature(rng), 1.0f});
        }
        return o;
    };
    const auto first = [](uint32_t rows) {
        auto o = std::make_shared<AsetObservation>();
        o->context = {rows / 12.0f, 0};
        o->actionWidth = 3;
        o->actions = {0, 0, 0};
        return o;
    };
    for (int i = 0; i < 2500; ++i)
    {
        const uint32_t rows = i % 2 == 0 ? 1 : 12;
        auto start = first(rows);
        auto then = next(rows);
        agent.Remember({start, 0, 0.0f, then, false});
        const uint32_t a = agent.Act(*then, true);
        agent.Remember({then, a, 1.0f - then->GetAction(a)[0], nullptr, true});
        agent.Learn();
    }
    EXPECT_NEAR(agent.GetQValues(*first(1))[0], 0.9 * 0.4, 0.1);
    EXPECT_NEAR(agent.GetQValues(*first(12))[0], 0.9 * 0.8 * 12 / 13, 0.1);
}

TEST(Dqn, ReplayKeepsTheNewestUpToItsCapacity)
{
    AsetDqnConfig c = SmallConfig(2, 2);
    c.replayCapacity = 50;
    c.warmupTransitions = 40;
    AsetDqnAgent agent(c);
    std::mt19937 rng(7);
    for (int i = 0; i < 80; ++i)
    {
        agent.Remember({RandomObservation(2, 2, 1 + i % 4, rng), 0, 0, nullptr, true});
        EXPECT_EQ(agent.GetReplaySize(), std::min<std::size_t>(i + 1, 50));
    }
    EXPECT_GE(agent.Learn(), 0); // enough for a batch: a real loss comes back
}

TEST(Dqn, NoLearningBeforeWarmUp)
{
    AsetDqnAgent agent(SmallConfig(2, 2));
    std::mt19937 rng(8);
    for (int i = 0; i < 63; ++i)
    {
        agent.Remember({RandomObservation(2, 2, 3, rng), 1, 1, nullptr, true});
        EXPECT_LT(agent.Learn(), 0);
    }
    agent.Remember({RandomObservation(2, 2, 3, rng), 1, 1, nullptr, true});
    EXPECT_GE(agent.Learn(), 0);
    EXPECT_EQ(agent.GetLearnSteps(), 1u);
}

TEST(Dqn, TargetNetworkFollowsOnlyAtSyncPoints)
{
    AsetDqnConfig c = SmallConfig(4, 4);
    c.targetSyncInterval = 10;
    AsetDqnAgent agent(c);
    std::mt19937 rng(9);
    const auto probe = RandomObservation(4, 4, 6, rng);
    EXPECT_EQ(agent.GetQValues(*probe), agent.GetQValues(*probe, true)) << "equal at the start";
    for (int i = 0; i < 100; ++i)
    {
        auto o = RandomObservation(4, 4, 1 + i % 5, rng);
        agent.Remember({o, uint32_t(i % o->GetActionCount()), 1.0f, nullptr, true});
    }
    for (int step = 1; step <= 10; ++step)
    {
        agent.Learn();
        if (step < 10)
        {
            EXPECT_NE(agent.GetQValues(*probe), agent.GetQValues(*probe, true)) << "step " << step;
        }
    }
    EXPECT_EQ(agent.GetQValues(*probe), agent.GetQValues(*probe, true)) << "synced at step 10";
    agent.Learn();
    EXPECT_NE(agent.GetQValues(*probe), agent.GetQValues(*probe, true));
    agent.SyncTarget();
    EXPECT_EQ(agent.GetQValues(*probe), agent.GetQValues(*probe, true)) << "synced on demand";
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
    std::mt19937 rng(10);
    for (int i = 0; i < 100; ++i)
    {
        auto o = RandomObservation(4, 4, 1 + i % 4, rng);
        fast.Remember({o, 0, 1.0f, nullptr, true});
        slow.Remember({o, 0, 1.0f, nullptr, true});
    }
    const auto probe = RandomObservation(4, 4, 4, rng);
    const auto before = fast.GetQValues(*probe);
    ASSERT_EQ(before, slow.GetQValues(*probe));
    fast.Learn();
    slow.Learn();
    double fastMove = 0;
    double slowMove = 0;
    for (std::size_t a = 0; a < before.size(); ++a)
    {
        fastMove += std::abs(fast.GetQValues(*probe)[a] - before[a]);
        slowMove += std::abs(slow.GetQValues(*probe)[a] - before[a]);
    }
    EXPECT_GT(slowMove, 0.0);
    EXPECT_LT(slowMove, fastMove / 5) << "moves " << slowMove << " and " << fastMove;
    EXPECT_GT(slowMove, fastMove / 20) << "moves " << slowMove << " and " << fastMove;
}

// ---- Checkpoints ----

TEST(Dqn, SaveAndLoadGiveTheSameValues)
{
    AsetDqnAgent trained(SmallConfig(3, 4, {48, 24}));
    TrainToy(trained, 300, 5);
    const std::string path = TempPath("checkpoint.pt");
    trained.Save(path);

    AsetDqnConfig other = SmallConfig(3, 4, {48, 24});
    other.seed = 7; // different initial weights, overwritten by the load
    AsetDqnAgent loaded(other);
    std::mt19937 rng(13);
    const auto first = RandomObservation(3, 4, 5, rng);
    ASSERT_NE(loaded.GetQValues(*first), trained.GetQValues(*first)) << "the seeds must differ for the check";
    loaded.Load(path);
    EXPECT_EQ(loaded.GetLearnSteps(), trained.GetLearnSteps());
    EXPECT_EQ(loaded.GetActSteps(), trained.GetActSteps());
    EXPECT_DOUBLE_EQ(loaded.GetEpsilon(), trained.GetEpsilon());
    for (int i = 0; i < 50; ++i)
    {
        const auto o = RandomObservation(3, 4, 1 + i % 20, rng);
        EXPECT_EQ(loaded.GetQValues(*o), trained.GetQValues(*o));
        EXPECT_EQ(loaded.GetQValues(*o, true), trained.GetQValues(*o, true));
        EXPECT_EQ(loaded.GetFastNetwork().Score(*o), trained.GetFastNetwork().Score(*o));
        EXPECT_EQ(loaded.Greedy(*o), trained.Greedy(*o));
    }
    // The optimiser state came along too: saved again (to the same path, which
    // names the archive's folder), the loaded agent writes the same bytes. The
    // seed and the random generator are not in a checkpoint.
    const auto bytes = [&path]() {
        std::ifstream in(path, std::ios::binary);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    const std::string saved = bytes();
    loaded.Save(path);
    EXPECT_FALSE(saved.empty());
    EXPECT_TRUE(bytes() == saved) << "a loaded agent saves another checkpoint";
    std::remove(path.c_str());
}

TEST(Dqn, LoadRefusesAnotherShapeOrAnotherFile)
{
    AsetDqnAgent small(SmallConfig(4, 3));
    const std::string path = TempPath("shape.pt");
    small.Save(path);
    const auto refused = [&path](const AsetDqnConfig& c, const std::string& why) {
        AsetDqnAgent agent(c);
        try
        {
            agent.Load(path);
            ADD_FAILURE() << "a 4-3-32-32-1 network loaded into an agent with " << why;
        }
        catch (const AsetInputError& e)
        {
            EXPECT_EQ(e.GetFile(), path) << why;
            EXPECT_EQ(e.GetField(), "shape") << why;
            const std::string what = e.what();
            EXPECT_NE(what.find(path), std::string::npos) << what;
            EXPECT_NE(what.find("shape"), std::string::npos) << what;
            EXPECT_NE(what.find("4-3-32-32-1"), std::string::npos) << what;
        }
    };
    refused(SmallConfig(5, 3), "another context size");
    refused(SmallConfig(4, 6), "another action size");
    refused(SmallConfig(4, 3, {32}), "one hidden layer fewer");
    refused(SmallConfig(4, 3, {32, 20}), "another hidden width");
    std::remove(path.c_str());

    AsetDqnAgent agent(SmallConfig(4, 3));
    const std::string garbage = TempPath("garbage.pt");
    FILE* f = std::fopen(garbage.c_str(), "w");
    std::fputs("not a checkpoint", f);
    std::fclose(f);
    for (const std::string& bad : {garbage, TempPath("missing.pt")})
    {
        try
        {
            agent.Load(bad);
            ADD_FAILURE() << bad << " loaded";
        }
        catch (const AsetInputError& e)
        {
            EXPECT_EQ(e.GetFile(), bad);
            EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
        }
    }
    std::remove(garbage.c_str());
}

// ---- Determinism ----

TEST(Dqn, TrainingWithAFixedSeedIsDeterministic)
{
    AsetDqnAgent a(SmallConfig(3, 4));
    AsetDqnAgent b(SmallConfig(3, 4));
    TrainToy(a, 400, 6);
    TrainToy(b, 400, 6);
    std::mt19937 rng(14);
    for (int i = 0; i < 20; ++i)
    {
        const auto o = RandomObservation(3, 4, 1 + i, rng);
        EXPECT_EQ(a.GetQValues(*o), b.GetQValues(*o));
        EXPECT_EQ(a.GetFastNetwork().Score(*o), b.GetFastNetwork().Score(*o));
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
    AsetDqnConfig other = SmallConfig(3, 4);
    other.seed = 43;
    AsetDqnAgent c(other);
    TrainToy(c, 400, 6);
    const auto probe = RandomObservation(3, 4, 3, rng);
    EXPECT_NE(a.GetQValues(*probe), c.GetQValues(*probe));
}
