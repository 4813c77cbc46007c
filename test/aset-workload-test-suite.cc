// SPDX-License-Identifier: GPL-2.0-only
// Workloads against theory: the mean rate of on/off bursts and of a
// Markov-modulated process, a diurnal profile's mean and shape over a
// period, a flash crowd's count in its window and on the chosen access
// nodes only, per-node rates, trace replay (exactly the trace's queries at
// their times, outcomes adding up), and the same workload for every policy.
#include "aset-test-compat.h"
#include "aset-test-network.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>

using namespace ns3;

namespace
{
void
KeepSendTime(std::vector<Time>* times, const InferenceQueryHeader& header)
{
    times->push_back(header.clientSendTime);
}

/**
 * Send times of one client, configured by \p configure, sending from 0 for
 * \p duration. Its queries go to an address without a route, so that only
 * the arrival process costs time.
 */
std::vector<Time>
SendTimes(const std::function<void(Ptr<InferenceClientApplication>)>& configure, Time duration)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    Ptr<Node> node = CreateObject<Node>();
    InternetStackHelper().Install(node);
    auto client = CreateObject<InferenceClientApplication>();
    client->SetAttribute("Remote", AddressValue(Ipv4Address("10.255.255.1")));
    client->AddApplication(asettest::MakeProfile(Seconds(1),
                                                 0,
                                                 InferenceQueryHeader::kSerializedSize,
                                                 InferenceQueryHeader::kSerializedSize));
    configure(client);
    node->AddApplication(client);
    client->AssignStreams(1);
    std::vector<Time> times;
    client->TraceConnectWithoutContext("Tx", MakeBoundCallback(&KeepSendTime, &times));
    client->SetStartTime(Seconds(0));
    client->SetStopTime(duration);
    Simulator::Stop(duration);
    Simulator::Run();
    client->FinishInFlight();
    Simulator::Destroy();
    return times;
}

std::size_t
CountIn(const std::vector<Time>& times, double from, double to)
{
    return std::count_if(times.begin(), times.end(), [&](Time t) {
        return t.GetSeconds() >= from && t.GetSeconds() < to;
    });
}

class OnOffMeanTestCase : public TestCase
{
  public:
    OnOffMeanTestCase()
        : TestCase("on-off bursts: mean rate = rate x on divided by (on + off)")
    {
    }

  private:
    void DoRun() override
    {
        const double rate = 2000;
        const double on = 0.02;
        const double off = 0.06;
        const double seconds = 100;
        const auto times = SendTimes(
            [&](Ptr<InferenceClientApplication> c) {
                c->SetAttribute("ArrivalProcess", StringValue("on-off"));
                c->SetAttribute("Rate", DoubleValue(rate));
                c->SetAttribute("OnTime", StringValue("ns3::ExponentialRandomVariable[Mean=0.02]"));
                c->SetAttribute("OffTime",
                                StringValue("ns3::ExponentialRandomVariable[Mean=0.06]"));
            },
            Seconds(seconds));
        const double expected = rate * on / (on + off) * seconds; // 50 000
        // The on-time's share varies by about 3% over 1250 cycles: 10% is 3 deviations.
        NS_TEST_EXPECT_MSG_EQ_TOL(double(times.size()), expected, 0.1 * expected, "on/off mean");
        // And it is bursty: many 10 ms slots are empty, as Poisson at the mean rate would not be.
        std::size_t empty = 0;
        for (int slot = 0; slot < 1000; ++slot)
        {
            empty += CountIn(times, slot * 0.01, (slot + 1) * 0.01) == 0;
        }
        NS_TEST_EXPECT_MSG_GT(empty, 500u, "silent off-periods");
    }
};

class MmppMeanTestCase : public TestCase
{
  public:
    MmppMeanTestCase()
        : TestCase("MMPP: mean rate = rate x sum(factor_i x mean_i) divided by sum(mean_i)")
    {
    }

  private:
    void DoRun() override
    {
        const double rate = 1000;
        const double seconds = 40;
        const auto times = SendTimes(
            [&](Ptr<InferenceClientApplication> c) {
                c->SetAttribute("ArrivalProcess", StringValue("mmpp"));
                c->SetAttribute("Rate", DoubleValue(rate));
                c->SetAttribute("MmppStates", StringValue("1:0.05,5:0.02,0:0.03"));
            },
            Seconds(seconds));
        // With the next state uniform among the others, the states' embedded
        // chain is uniform, so each state holds for its share of mean durations.
        const double expected =
            rate * (1 * 0.05 + 5 * 0.02 + 0 * 0.03) / (0.05 + 0.02 + 0.03) * seconds;
        NS_TEST_EXPECT_MSG_EQ_TOL(double(times.size()), expected, 0.05 * expected, "MMPP mean");
    }
};

class DiurnalTestCase : public TestCase
{
  public:
    DiurnalTestCase()
        : TestCase("diurnal profile: mean over a period and the hourly shape")
    {
    }

  private:
    void DoRun() override
    {
        const double rate = 2000;
        const double period = 10;
        const int periods = 3;
        const auto profile = InferenceClientApplication::GetDefaultDiurnalProfile();
        NS_TEST_ASSERT_MSG_EQ(profile.size(), 24u, "hourly steps");
        const auto times = SendTimes(
            [&](Ptr<InferenceClientApplication> c) {
                c->SetAttribute("Rate", DoubleValue(rate));
                c->SetAttribute("DiurnalPeriod", TimeValue(Seconds(period)));
            },
            Seconds(period * periods));
        double mean = 0;
        for (double m : profile)
        {
            mean += m / profile.size();
        }
        NS_TEST_EXPECT_MSG_EQ_TOL(mean, 0.658, 0.001, "the documented mean of the shape");
        const double expected = rate * mean * period * periods; // 39 475
        NS_TEST_EXPECT_MSG_EQ_TOL(double(times.size()),
                                  expected,
                                  0.02 * expected,
                                  "mean over periods");
        // Each hour's count: the mean of its two end points (linear steps).
        const double hour = period / 24;
        for (int h : {4, 12, 20})
        {
            std::size_t count = 0;
            for (int p = 0; p < periods; ++p)
            {
                count += CountIn(times, p * period + h * hour, p * period + (h + 1) * hour);
            }
            const double expectedHour =
                rate * (profile[h] + profile[(h + 1) % 24]) / 2 * hour * periods;
            NS_TEST_EXPECT_MSG_EQ_TOL(double(count),
                                      expectedHour,
                                      0.15 * expectedHour,
                                      "hour " << h);
        }
    }
};

class FlashCrowdTestCase : public TestCase
{
  public:
    FlashCrowdTestCase()
        : TestCase("flash crowd: the count in its window, ramps included")
    {
    }

  private:
    void DoRun() override
    {
        const double rate = 500;
        const double k = 4;
        const double start = 5;
        const double ramp = 1;
        const double hold = 2;
        const auto times = SendTimes(
            [&](Ptr<InferenceClientApplication> c) {
                c->SetAttribute("Rate", DoubleValue(rate));
                c->SetAttribute("FlashCrowdStart", TimeValue(Seconds(start)));
                c->SetAttribute("FlashCrowdRamp", TimeValue(Seconds(ramp)));
                c->SetAttribute("FlashCrowdDuration", TimeValue(Seconds(hold)));
                c->SetAttribute("FlashCrowdFactor", DoubleValue(k));
            },
            Seconds(12));
        const double end = start + 2 * ramp + hold;
        // Rate x window, plus (k - 1) x rate over the hold and half of each ramp.
        const double inWindow = rate * (end - start) + (k - 1) * rate * (hold + ramp); // 6500
        NS_TEST_EXPECT_MSG_EQ_TOL(double(CountIn(times, start, end)),
                                  inWindow,
                                  0.05 * inWindow,
                                  "window");
        const double atTop = k * rate * hold;
        NS_TEST_EXPECT_MSG_EQ_TOL(double(CountIn(times, start + ramp, start + ramp + hold)),
                                  atTop,
                                  0.05 * atTop,
                                  "height");
        const double outside = rate * (12 - (end - start)); // 4000
        NS_TEST_EXPECT_MSG_EQ_TOL(double(CountIn(times, 0, start) + CountIn(times, end, 12)),
                                  outside,
                                  0.06 * outside,
                                  "outside the crowd");
    }
};

using asettest::ShortScenario;

PolicyRunResult
RunOnce(const AsetScenario& scenario, const std::string& policy = "closest")
{
    return asettest::RunScenario(scenario, policy);
}

/// Send times per client.
std::vector<std::vector<Time>>
ByClient(const PolicyRunResult& r)
{
    std::vector<std::vector<Time>> times;
    for (const auto& record : r.records)
    {
        times.resize(std::max<std::size_t>(times.size(), record.clientId + 1));
        times[record.clientId].push_back(record.sendTime);
    }
    return times;
}

class FlashCrowdNodesTestCase : public TestCase
{
  public:
    FlashCrowdNodesTestCase()
        : TestCase("flash crowd on chosen access nodes only; the others' arrivals unchanged")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario calm = ShortScenario(3);
        AsetScenario crowd = calm;
        crowd.flashCrowd.start = Seconds(1);
        crowd.flashCrowd.duration = Seconds(1);
        crowd.flashCrowd.factor = 3;
        crowd.flashCrowd.accessNodes = {1};
        const PolicyRunResult a = RunOnce(calm);
        const PolicyRunResult b = RunOnce(crowd);
        NS_TEST_ASSERT_MSG_EQ(b.CheckAccounting(), "", "outcomes add up");
        const auto ta = ByClient(a);
        const auto tb = ByClient(b);
        for (uint32_t i : {0u, 2u, 3u})
        {
            NS_TEST_EXPECT_MSG_EQ((ta[i] == tb[i]), true, "client " << i << " unchanged");
        }
        // Client 1: 150/s for 3 s, plus 2 x 150/s for the 1 s crowd.
        NS_TEST_EXPECT_MSG_EQ_TOL(double(tb[1].size()), 750.0, 100.0, "client 1 in the crowd");
        const double warmup = calm.warmup.GetSeconds();
        NS_TEST_EXPECT_MSG_EQ_TOL(double(CountIn(tb[1], warmup + 1, warmup + 2)),
                                  450.0,
                                  70.0,
                                  "three times the rate during the crowd");
    }
};

class PerNodeRatesTestCase : public TestCase
{
  public:
    PerNodeRatesTestCase()
        : TestCase("per-node rates: each access node sends at its own rate")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = ShortScenario(4);
        s.accessRates = {25, 50, 100, 200};
        s.load = 2;
        const PolicyRunResult r = RunOnce(s);
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "outcomes add up");
        const auto times = ByClient(r);
        for (uint32_t i = 0; i < 4; ++i)
        {
            const double expected = s.accessRates[i] * s.load * 4;
            // Poisson: within four standard deviations.
            NS_TEST_EXPECT_MSG_EQ_TOL(double(times[i].size()),
                                      expected,
                                      4 * std::sqrt(expected),
                                      "access node " << i);
        }
    }
};

class TraceReplayTestCase : public TestCase
{
  public:
    TraceReplayTestCase()
        : TestCase("trace replay: exactly the trace's queries, at their times, outcomes adding up")
    {
    }

  private:
    void DoRun() override
    {
        const std::string path = CreateTempDirFilename("aset-trace.csv");
        {
            std::ofstream out(path);
            out << "time_s,application,access\n";
            // Out of order on purpose, two at the same instant, every access node.
            out << "0.75,video-analytics,access-2\n";
            out << "0.001,cognitive-assistance,0\n";
            out << "0.5,ar-object-detection,3\n";
            out << "0.5,cognitive-assistance,3\n";
            out << "1.25,ar-object-detection,1\n";
            for (int i = 0; i < 40; ++i)
            {
                out << 0.02 * i + 0.005 << ",cognitive-assistance," << i % 4 << "\n";
            }
        }
        AsetScenario s = ShortScenario(1.5);
        s.arrivals = InferenceClientApplication::TRACE;
        s.traceFile = path;
        const auto trace = AsetWorkloadTrace::Load(path, s.applications, s.duration);
        for (const auto& policy : {"closest", "cloud-only"})
        {
            const PolicyRunResult r = RunOnce(s, policy);
            NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", policy);
            NS_TEST_ASSERT_MSG_EQ(r.sent, trace.size(), policy << ": every query of the trace");
            // Each client's records, in query order, are its trace rows in time order.
            std::vector<std::size_t> next(4, 0);
            std::vector<std::vector<AsetTraceQuery>> perClient(4);
            for (const auto& q : trace)
            {
                perClient[q.accessNode].push_back(q);
            }
            for (const auto& record : r.records)
            {
                const AsetTraceQuery& q = perClient[record.clientId][next[record.clientId]++];
                NS_TEST_ASSERT_MSG_EQ(record.sendTime,
                                      s.warmup + q.time,
                                      "send time, line " << q.line);
                NS_TEST_ASSERT_MSG_EQ(record.applicationId,
                                      q.application,
                                      "application, line " << q.line);
            }
        }
        std::remove(path.c_str());
    }
};

class SameWorkloadTestCase : public TestCase
{
  public:
    SameWorkloadTestCase()
        : TestCase("modulated workloads are the same for every policy")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = ShortScenario(2);
        s.arrivals = InferenceClientApplication::MMPP;
        s.mmppStates = {{1, 0.2}, {3, 0.1}};
        s.diurnalPeriod = Seconds(1);
        s.flashCrowd.start = Seconds(0.5);
        s.flashCrowd.ramp = Seconds(0.2);
        s.flashCrowd.factor = 2;
        s.rateDistribution.kind = "lognormal";
        const PolicyRunResult a = RunOnce(s, "closest");
        const PolicyRunResult b = RunOnce(s, "cloud-only");
        NS_TEST_ASSERT_MSG_EQ(a.CheckAccounting(), "", "closest");
        NS_TEST_ASSERT_MSG_EQ(b.CheckAccounting(), "", "cloud-only");
        NS_TEST_ASSERT_MSG_EQ(a.sent, b.sent, "same number of queries");
        NS_TEST_EXPECT_MSG_EQ(asettest::SameArrivals(a, b),
                              true,
                              "same send times and applications");
    }
};

class AsetWorkloadTestSuite : public TestSuite
{
  public:
    AsetWorkloadTestSuite()
        : TestSuite("aset-workload", ASET_SYSTEM_SUITE)
    {
        AddTestCase(new OnOffMeanTestCase(), ASET_QUICK);
        AddTestCase(new MmppMeanTestCase(), ASET_QUICK);
        AddTestCase(new DiurnalTestCase(), ASET_QUICK);
        AddTestCase(new FlashCrowdTestCase(), ASET_QUICK);
        AddTestCase(new FlashCrowdNodesTestCase(), ASET_QUICK);
        AddTestCase(new PerNodeRatesTestCase(), ASET_QUICK);
        AddTestCase(new TraceReplayTestCase(), ASET_QUICK);
        AddTestCase(new SameWorkloadTestCase(), ASET_QUICK);
    }
};

AsetWorkloadTestSuite g_asetWorkloadTestSuite;
} // namespace
