// SPDX-License-Identifier: GPL-2.0-only
// Delayed credit: a decision's reward waits for its queries' outcomes; lost
// and late queries count as failures once their deadlines pass.
#include "ns3/aset-credit-ledger.h"

#include <gtest/gtest.h>

#include <memory>

using namespace ns3;

namespace
{
/// A decision whose observation is tagged by its one context feature.
AsetCreditLedger::Decision
D(float tag, uint32_t action = 0)
{
    auto observation = std::make_shared<AsetObservation>();
    observation->context = {tag};
    observation->actionWidth = 1;
    observation->actions.assign(action + 1, 0.0f);
    return {observation, action};
}

/// The tag of a settled decision's observation (-1 without one).
float
Tag(const AsetCreditLedger::Decision& d)
{
    return d.observation ? d.observation->context.at(0) : -1.0f;
}
} // namespace

TEST(CreditLedger, RewardIsTheShareOfSuccessesOnceAllAreKnown)
{
    AsetCreditLedger ledger;
    ledger.Open(D(1, 2));
    ledger.Place(0, 1, MilliSeconds(100));
    ledger.Place(0, 2, MilliSeconds(100));
    ledger.Place(1, 1, MilliSeconds(100));
    ledger.PlaceFailure(); // rejected: a failure at once
    ledger.Open(D(2));
    ledger.Observe(0, 1, true);
    ledger.Observe(0, 2, true);
    EXPECT_TRUE(ledger.Settle(MilliSeconds(10)).empty()) << "one query still out";
    ledger.Observe(1, 1, false);
    const auto settled = ledger.Settle(MilliSeconds(10));
    ASSERT_EQ(settled.size(), 1u);
    EXPECT_EQ(settled[0].queries, 4u);
    EXPECT_EQ(settled[0].successes, 2u);
    EXPECT_DOUBLE_EQ(settled[0].reward, 0.5);
    EXPECT_EQ(settled[0].decision.action, 2u);
    EXPECT_EQ(Tag(settled[0].next), 2.0f) << "paired with its successor";
    EXPECT_EQ(Tag(settled[0].decision), 1.0f);
}

TEST(CreditLedger, LostQueriesFailAtTheirDeadline)
{
    AsetCreditLedger ledger;
    ledger.Open(D(1));
    ledger.Place(0, 1, MilliSeconds(50));
    ledger.Place(0, 2, MilliSeconds(80)); // never comes back
    ledger.Open(D(2));
    ledger.Observe(0, 1, true);
    EXPECT_TRUE(ledger.Settle(MilliSeconds(79)).empty());
    const auto settled = ledger.Settle(MilliSeconds(80));
    ASSERT_EQ(settled.size(), 1u);
    EXPECT_EQ(settled[0].successes, 1u);
    EXPECT_DOUBLE_EQ(settled[0].reward, 0.5);
    EXPECT_EQ(ledger.GetUnsettledQueryCount(), 0u) << "the lost query is forgotten";
    ledger.Observe(0, 2, true); // a response after settling changes nothing
    EXPECT_EQ(ledger.GetUnsettledQueryCount(), 0u);
}

TEST(CreditLedger, DecisionsSettleInOrderAndTheNewestStaysOpen)
{
    AsetCreditLedger ledger;
    ledger.Open(D(1));
    ledger.Place(0, 1, MilliSeconds(100)); // slow
    ledger.Open(D(2));
    ledger.Place(0, 2, MilliSeconds(10)); // fast
    ledger.Open(D(3));
    ledger.Observe(0, 2, true);
    EXPECT_TRUE(ledger.Settle(MilliSeconds(20)).empty()) << "the second waits for the first";
    ledger.Observe(0, 1, false);
    const auto settled = ledger.Settle(MilliSeconds(20));
    ASSERT_EQ(settled.size(), 2u);
    EXPECT_EQ(Tag(settled[0].decision), 1.0f);
    EXPECT_EQ(Tag(settled[0].next), 2.0f);
    EXPECT_DOUBLE_EQ(settled[0].reward, 0.0);
    EXPECT_EQ(Tag(settled[1].decision), 2.0f);
    EXPECT_EQ(Tag(settled[1].next), 3.0f);
    EXPECT_DOUBLE_EQ(settled[1].reward, 1.0);
    EXPECT_EQ(ledger.GetOpenDecisionCount(), 1u);
    EXPECT_TRUE(ledger.Settle(Seconds(100)).empty()) << "the newest never settles alone";
}

TEST(CreditLedger, ADecisionWithoutQueriesSettlesWithoutReward)
{
    AsetCreditLedger ledger;
    ledger.Open(D(1));
    ledger.Open(D(2));
    const auto settled = ledger.Settle(Time(0));
    ASSERT_EQ(settled.size(), 1u);
    EXPECT_EQ(settled[0].queries, 0u);
}

TEST(CreditLedger, UnknownOutcomesAreIgnored)
{
    AsetCreditLedger ledger;
    ledger.Open(D(1));
    ledger.Place(3, 7, MilliSeconds(10));
    ledger.Observe(7, 3, true); // another query
    ledger.Observe(3, 8, true);
    EXPECT_EQ(ledger.GetUnsettledQueryCount(), 1u);
}

TEST(CreditLedger, ObservationsAreSharedNotCopied)
{
    // A decision's successor is the next decision's own observation, the one
    // the policy encoded: the ledger keeps pointers, never copies.
    AsetCreditLedger ledger;
    const AsetCreditLedger::Decision first = D(1, 3);
    const AsetCreditLedger::Decision second = D(2, 1);
    ledger.Open(first);
    ledger.Place(0, 1, MilliSeconds(10));
    ledger.Open(second);
    ledger.Place(0, 2, MilliSeconds(10));
    ledger.Open(D(3));
    const auto settled = ledger.Settle(MilliSeconds(10));
    ASSERT_EQ(settled.size(), 2u);
    EXPECT_EQ(settled[0].decision.observation.get(), first.observation.get());
    EXPECT_EQ(settled[0].decision.action, 3u);
    EXPECT_EQ(settled[0].next.observation.get(), second.observation.get());
    EXPECT_EQ(settled[1].decision.observation.get(), second.observation.get());
    EXPECT_EQ(settled[1].decision.action, 1u);
    EXPECT_DOUBLE_EQ(settled[0].reward, 0.0) << "unobserved at its credit time: failed";
}

TEST(CreditLedger, DecisionsWithoutObservationsStillEarnRewards)
{
    // Acting greedily, AsetPolicy keeps no observation in the ledger; the
    // rewards (its mean reward) settle all the same.
    AsetCreditLedger ledger;
    ledger.Open({nullptr, 2});
    ledger.Place(4, 1, MilliSeconds(30));
    ledger.Place(4, 2, MilliSeconds(30));
    ledger.Open({nullptr, 0});
    ledger.Observe(4, 1, true);
    ledger.Observe(4, 2, true);
    const auto settled = ledger.Settle(MilliSeconds(5));
    ASSERT_EQ(settled.size(), 1u);
    EXPECT_EQ(settled[0].decision.observation, nullptr);
    EXPECT_EQ(settled[0].next.observation, nullptr);
    EXPECT_EQ(settled[0].decision.action, 2u);
    EXPECT_DOUBLE_EQ(settled[0].reward, 1.0);
}

TEST(CreditLedger, EnergyWeightChargesTheMeanEnergyOfThePlacements)
{
    for (const double weight : {0.0, 0.1})
    {
        AsetCreditLedger ledger;
        ledger.SetEnergyWeight(weight);
        ledger.Open(D(1));
        ledger.Place(0, 1, MilliSeconds(100), 2.0); // a success that cost 2 J
        ledger.Place(0, 2, MilliSeconds(100), 4.0); // a failure that cost 4 J
        ledger.PlaceFailure();                      // rejected: no energy
        ledger.Open(D(2));
        ledger.Observe(0, 1, true);
        ledger.Observe(0, 2, false);
        const auto settled = ledger.Settle(MilliSeconds(10));
        ASSERT_EQ(settled.size(), 1u);
        EXPECT_DOUBLE_EQ(settled[0].energyJoules, 6.0);
        // 1 success in 3 queries, less weight x 6 J / 3 queries.
        EXPECT_DOUBLE_EQ(settled[0].reward, 1.0 / 3 - weight * 2.0) << "weight " << weight;
    }
}
