// SPDX-License-Identifier: GPL-2.0-only
// Every query ends in exactly one outcome, under overload, link loss and an
// early stop; and the same seed and run give byte-identical results.
#include "aset-test-compat.h"
#include "aset-test-network.h"

#include <cmath>

using namespace ns3;

namespace
{
using asettest::RunScenario;
using asettest::ShortScenario;
using asettest::SummaryText;

uint64_t
Count(const PolicyRunResult& r, QueryOutcome o)
{
    return r.counts[static_cast<uint8_t>(o)];
}

class OverloadTestCase : public TestCase
{
  public:
    OverloadTestCase()
        : TestCase("outcomes add up for every policy at four times the default load")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = ShortScenario();
        s.load = 4;
        uint64_t congested = 0;
        for (const auto& [name, typeName] : GetStaticPolicyNames())
        {
            const PolicyRunResult r = RunScenario(s, name);
            NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", name);
            NS_TEST_ASSERT_MSG_GT(r.sent, 4000u, name << " sent too few queries to mean anything");
            congested += Count(r, QueryOutcome::DROPPED) + Count(r, QueryOutcome::FAILED_DEADLINE);
        }
        NS_TEST_ASSERT_MSG_GT(congested, 0u, "four times the load must overload some policy");
    }
};

class LossTestCase : public TestCase
{
  public:
    LossTestCase()
        : TestCase("lossy access links: lost queries match 1 - (1 - p)^2 and nothing else goes missing")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = ShortScenario();
        const double p = 0.05;
        s.topology.access.lossRate = p;
        const PolicyRunResult r = RunScenario(s, "earliest-expected-completion");
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "accounting under loss");
        // A query crosses its access link once each way; nothing else is lossy.
        const double expected = 1 - (1 - p) * (1 - p);
        const double lostShare = double(Count(r, QueryOutcome::LOST)) / double(r.sent);
        const double sigma = std::sqrt(expected * (1 - expected) / double(r.sent));
        NS_TEST_ASSERT_MSG_EQ_TOL(lostShare, expected, 4 * sigma, "share of lost queries");
        NS_TEST_ASSERT_MSG_EQ(Count(r, QueryOutcome::IN_FLIGHT), 0u, "the drain outlasts the time-out");
    }
};

class EarlyStopTestCase : public TestCase
{
  public:
    EarlyStopTestCase()
        : TestCase("a run stopped with queries open reports them in flight")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = ShortScenario();
        s.drain = Time(0);
        const PolicyRunResult r = RunScenario(s, "closest");
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "accounting with open queries");
        NS_TEST_ASSERT_MSG_GT(Count(r, QueryOutcome::IN_FLIGHT), 0u, "queries were open at the stop");
    }
};

class DeterminismTestCase : public TestCase
{
  public:
    DeterminismTestCase()
        : TestCase("same seed and run give identical results; another run differs")
    {
    }

  private:
    void DoRun() override
    {
        const AsetScenario s = ShortScenario();
        const std::string first = SummaryText(RunScenario(s, "random"));
        RunScenario(s, "least-loaded"); // a run in between must not leak into the next
        const std::string again = SummaryText(RunScenario(s, "random"));
        const std::string otherRun = SummaryText(RunScenario(s, "random", 1, 2));
        const std::string otherSeed = SummaryText(RunScenario(s, "random", 2, 1));
        NS_TEST_ASSERT_MSG_EQ((first == again), true, "same seed and run, different output");
        NS_TEST_ASSERT_MSG_EQ((first == otherRun), false, "another run number gave the same output");
        NS_TEST_ASSERT_MSG_EQ((first == otherSeed), false, "another seed gave the same output");
    }
};

class CommonWorkloadTestCase : public TestCase
{
  public:
    CommonWorkloadTestCase()
        : TestCase("every policy sees the same arrivals")
    {
    }

  private:
    void DoRun() override
    {
        const AsetScenario s = ShortScenario();
        const PolicyRunResult a = RunScenario(s, "closest");
        const PolicyRunResult b = RunScenario(s, "cloud-only");
        NS_TEST_ASSERT_MSG_EQ(a.sent, b.sent, "same number of queries");
        NS_TEST_ASSERT_MSG_EQ(asettest::SameArrivals(a, b),
                              true,
                              "send times and applications must match");
    }
};

class AsetAccountingTestSuite : public TestSuite
{
  public:
    AsetAccountingTestSuite()
        : TestSuite("aset-accounting", ASET_SYSTEM_SUITE)
    {
        AddTestCase(new OverloadTestCase(), ASET_QUICK);
        AddTestCase(new LossTestCase(), ASET_QUICK);
        AddTestCase(new EarlyStopTestCase(), ASET_QUICK);
        AddTestCase(new DeterminismTestCase(), ASET_QUICK);
        AddTestCase(new CommonWorkloadTestCase(), ASET_QUICK);
    }
};

AsetAccountingTestSuite g_asetAccountingTestSuite;
} // namespace
