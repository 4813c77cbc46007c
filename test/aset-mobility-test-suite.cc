// SPDX-License-Identifier: GPL-2.0-only
// Moving users: every query still ends in exactly one outcome under
// handovers, per client and in total; the same seed gives byte-identical
// results; a handover changes the scheduler that receives the user's next
// queries, and without handovers it does not.
#include "aset-test-compat.h"
#include "aset-test-network.h"

#include "ns3/mobility-module.h"

#include <map>

using namespace ns3;

namespace
{
using asettest::RunScenario;
using asettest::ShortScenario;
using asettest::SummaryText;

/// A group of \p count users of \p model at [minSpeed, maxSpeed] m/s, each sending
/// \p rate queries a second.
MovingUsersSpec
Group(std::string name,
      uint32_t count,
      std::string model,
      double minSpeed,
      double maxSpeed,
      double rate)
{
    MovingUsersSpec group;
    group.name = std::move(name);
    group.count = count;
    group.model = std::move(model);
    group.minSpeed = minSpeed;
    group.maxSpeed = maxSpeed;
    group.rate = rate;
    return group;
}

/// The default network, its access nodes 50 m apart, with fast vehicles and
/// slower users, so that a 2 s run sees handovers within and across sites.
AsetScenario
MovingScenario()
{
    AsetScenario s = ShortScenario(2);
    s.ratePerAccessNode = 50;
    s.mobility.accessSpacing = 50;
    s.mobility.users = {Group("vehicles", 8, "constant-velocity", 40, 60, 40),
                        Group("cyclists", 6, "random-waypoint", 5, 10, 20),
                        Group("walkers", 4, "random-walk", 1, 2, 20)};
    return s;
}

uint64_t
Sum(const OutcomeCounts& counts)
{
    uint64_t sum = 0;
    for (uint64_t c : counts)
    {
        sum += c;
    }
    return sum;
}

class HandoverAccountingTestCase : public TestCase
{
  public:
    HandoverAccountingTestCase()
        : TestCase("under handovers every query ends in exactly one outcome, per client and in "
                   "total, also on lossy access links")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = MovingScenario();
        s.topology.access.lossRate = 0.02; // forwarded responses can be lost too
        const uint32_t accessNodes = s.topology.accessNodes;
        const uint32_t users = s.mobility.GetUserCount();
        for (const char* policy : {"closest", "least-loaded"})
        {
            const PolicyRunResult r = RunScenario(s, policy);
            NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", policy);
            NS_TEST_ASSERT_MSG_EQ(r.movingUsers, users, policy);
            NS_TEST_ASSERT_MSG_GT(r.handovers, 10u, policy << ": the vehicles cross cells");
            NS_TEST_ASSERT_MSG_GT(r.forwardedResponses, 0u, policy);
            const uint64_t handedOver = Sum(r.handedOverCounts);
            NS_TEST_ASSERT_MSG_GT(handedOver, 0u, policy << ": queries open at a handover");
            NS_TEST_ASSERT_MSG_GT(r.handedOverCounts[uint8_t(QueryOutcome::LOST)] +
                                      r.counts[uint8_t(QueryOutcome::LOST)],
                                  0u,
                                  policy << ": losses happen on the lossy links");
            for (uint8_t o = 0; o < kQueryOutcomeCount; ++o)
            {
                NS_TEST_ASSERT_MSG_LT_OR_EQ(r.handedOverCounts[o], r.counts[o], policy);
            }
            // Per client: ids 0, 1, ... each ended once, so each client's records are its sends.
            std::map<uint32_t, uint64_t> perClient;
            for (const auto& record : r.records)
            {
                NS_TEST_ASSERT_MSG_EQ(record.queryId,
                                      perClient[record.clientId]++,
                                      policy << ": client " << record.clientId);
            }
            NS_TEST_ASSERT_MSG_EQ(perClient.size(), std::size_t(accessNodes + users), policy);
            NS_TEST_ASSERT_MSG_GT(perClient.at(accessNodes + users - 1), 0u, policy);
        }
    }
};

class HandoverDeterminismTestCase : public TestCase
{
  public:
    HandoverDeterminismTestCase()
        : TestCase("with moving users, the same seed gives byte-identical results, another seed "
                   "other results")
    {
    }

  private:
    void DoRun() override
    {
        const AsetScenario s = MovingScenario();
        const PolicyRunResult first = RunScenario(s, "random");
        RunScenario(s, "aset"); // a policy with streams of its own in between
        const PolicyRunResult again = RunScenario(s, "random");
        const PolicyRunResult otherSeed = RunScenario(s, "random", 2, 1);
        NS_TEST_ASSERT_MSG_EQ(SummaryText(first), SummaryText(again), "same seed, other bytes");
        NS_TEST_ASSERT_MSG_EQ(first.handovers, again.handovers, "handovers");
        NS_TEST_ASSERT_MSG_GT(first.handovers, 0u, "the users moved");
        NS_TEST_ASSERT_MSG_NE(SummaryText(first),
                              SummaryText(otherSeed),
                              "another seed, same bytes");
    }
};

/// For each client, how often consecutive answered queries came from different schedulers.
std::map<uint32_t, uint32_t>
SchedulerChanges(const PolicyRunResult& r)
{
    std::map<uint32_t, uint32_t> changes;
    std::map<uint32_t, int32_t> last;
    for (const auto& record : r.records)
    {
        if (record.schedulerId < 0)
        {
            continue;
        }
        const auto it = last.find(record.clientId);
        if (it != last.end() && it->second != record.schedulerId)
        {
            ++changes[record.clientId];
        }
        last[record.clientId] = record.schedulerId;
    }
    return changes;
}

class HandoverChangesSchedulerTestCase : public TestCase
{
  public:
    HandoverChangesSchedulerTestCase()
        : TestCase("a handover to another site's access node sends the next queries to that "
                   "site's scheduler; without handovers no client changes scheduler")
    {
    }

  private:
    void DoRun() override
    {
        const AsetScenario s = MovingScenario();
        const uint32_t accessNodes = s.topology.accessNodes;
        const auto moving = SchedulerChanges(RunScenario(s, "closest"));
        NS_TEST_ASSERT_MSG_EQ(moving.empty(), false, "some user crossed between the sites");
        for (const auto& [client, changes] : moving)
        {
            NS_TEST_ASSERT_MSG_GT_OR_EQ(client, accessNodes, "access node clients stay put");
        }
        // The same users, whose handovers are never checked for: they stay where they start.
        Config::SetDefault("ns3::NearestAccessHandover::CheckInterval", TimeValue(Seconds(1000)));
        const PolicyRunResult still = RunScenario(s, "closest");
        Config::SetDefault("ns3::NearestAccessHandover::CheckInterval",
                           TimeValue(MilliSeconds(100)));
        NS_TEST_ASSERT_MSG_EQ(still.handovers, 0u, "no handover checks, no handovers");
        NS_TEST_ASSERT_MSG_EQ(SchedulerChanges(still).size(), 0u, "no handover, same scheduler");
        NS_TEST_ASSERT_MSG_EQ(still.CheckAccounting(), "", "accounting without handovers");
    }
};

/// Records when the Handover trace fired.
void
RecordHandover(std::vector<std::pair<Time, uint32_t>>* handovers, uint32_t, uint32_t, uint32_t to)
{
    handovers->emplace_back(Simulator::Now(), to);
}

class HysteresisTestCase : public TestCase
{
  public:
    HysteresisTestCase()
        : TestCase("a user driving from one access node to the next is handed over once, when "
                   "the next is nearer by more than the hysteresis")
    {
    }

  private:
    void DoRun() override
    {
        // Access nodes at x = 0 and x = 100 m; the user drives from x = 0 at 10 m/s. The
        // next node is nearer by more than 20 m past x = 60 m, at 6 s; the check every
        // 100 ms finds it at 6.1 s, the first check after.
        NodeContainer access(2);
        InternetStackHelper().Install(access);
        for (uint32_t i = 0; i < 2; ++i)
        {
            auto position = CreateObject<ConstantPositionMobilityModel>();
            position->SetPosition(Vector(100.0 * i, 0, 0));
            access.Get(i)->AggregateObject(position);
        }
        Ptr<Node> user = CreateObject<Node>();
        auto driving = CreateObject<ConstantVelocityMobilityModel>();
        driving->SetPosition(Vector(0, 0, 0));
        driving->SetVelocity(Vector(10, 0, 0));
        user->AggregateObject(driving);
        auto client = CreateObject<InferenceClientApplication>();
        client->SetStartTime(Seconds(100)); // attached, never sending: only the handover counts
        user->AddApplication(client);
        auto handover = CreateObject<NearestAccessHandover>();
        handover->SetAttribute("Hysteresis", DoubleValue(20));
        for (uint32_t i = 0; i < 2; ++i)
        {
            handover->AddAccessNode(access.Get(i), Ipv4Address("10.0.0.1"));
        }
        handover->SetUser(client, driving);
        std::vector<std::pair<Time, uint32_t>> handovers;
        handover->TraceConnectWithoutContext("Handover",
                                             MakeBoundCallback(&RecordHandover, &handovers));
        handover->Start();
        NS_TEST_ASSERT_MSG_EQ(client->GetAccessNode(), access.Get(0), "starts at the nearest");
        Simulator::Stop(Seconds(9.95));
        Simulator::Run();
        NS_TEST_ASSERT_MSG_EQ(handovers.size(), 1u, "one handover, no flapping");
        NS_TEST_ASSERT_MSG_EQ(handovers.at(0).first, MilliSeconds(6100), "past the hysteresis");
        NS_TEST_ASSERT_MSG_EQ(handovers.at(0).second, 1u, "to the next node");
        NS_TEST_ASSERT_MSG_EQ(client->GetAccessNode(), access.Get(1), "the client moved with it");
        NS_TEST_ASSERT_MSG_EQ(client->GetHandoverCount(), 1u, "the client counts it");
        Simulator::Destroy();
    }
};

class AsetMobilityTestSuite : public TestSuite
{
  public:
    AsetMobilityTestSuite()
        : TestSuite("aset-mobility", ASET_SYSTEM_SUITE)
    {
        AddTestCase(new HandoverAccountingTestCase(), ASET_QUICK);
        AddTestCase(new HandoverDeterminismTestCase(), ASET_QUICK);
        AddTestCase(new HandoverChangesSchedulerTestCase(), ASET_QUICK);
        AddTestCase(new HysteresisTestCase(), ASET_QUICK);
    }
};

AsetMobilityTestSuite g_asetMobilityTestSuite;
} // namespace
