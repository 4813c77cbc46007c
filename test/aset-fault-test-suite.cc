// SPDX-License-Identifier: GPL-2.0-only
// Fault timelines: clusters down and up, links down and up, capacity
// changes. Every query still ends in one outcome; schedulers leave a failed
// cluster once its beacons are stale and return when it is back; queries
// across a failed link are lost; routes go around a failed link where they
// can; capacity changes act in the expected direction; runs are repeatable.
#include "aset-test-compat.h"
#include "aset-test-network.h"

#include <functional>
#include <sstream>

using namespace ns3;

namespace
{
/// The default scenario with \p seconds of queries (queries start at its 200 ms warmup).
AsetScenario
FaultScenario(double seconds)
{
    AsetScenario s = AsetScenario::Default();
    s.name = "faults";
    s.duration = Seconds(seconds);
    return s;
}

/// An event \p after the start of the queries.
FaultEvent
At(const AsetScenario& s, double after, FaultEvent::Kind kind, const std::string& target)
{
    return FaultEvent{s.warmup + Seconds(after), kind, target};
}

PolicyRunResult
RunPolicy(const AsetScenario& scenario, const std::string& policy)
{
    return AsetExperiment(scenario, ModelCatalogue::LoadFromFile(scenario.cataloguePath))
        .Run(policy, 1, 1);
}

/// Queries of \p r sent in [from, to) (times after the start of the queries) that satisfy \p match.
uint64_t
CountSent(const PolicyRunResult& r,
          const AsetScenario& s,
          double from,
          double to,
          const std::function<bool(const QueryRecord&)>& match)
{
    uint64_t n = 0;
    for (const auto& q : r.records)
    {
        n += q.sendTime >= s.warmup + Seconds(from) && q.sendTime < s.warmup + Seconds(to) &&
             match(q);
    }
    return n;
}

bool
IsLost(const QueryRecord& q)
{
    return q.outcome == QueryOutcome::LOST;
}

/// Answered by cluster \p id (far-edge-0 is cluster 0, far-edge-1 1, near-edge-0 2, cloud-0 3).
std::function<bool(const QueryRecord&)>
AnsweredBy(int32_t id)
{
    return [id](const QueryRecord& q) { return q.HasLatency() && q.clusterId == id; };
}

uint64_t
Outcome(const PolicyRunResult& r, QueryOutcome o)
{
    return r.counts[static_cast<uint8_t>(o)];
}

class EveryPolicyTestCase : public TestCase
{
  public:
    EveryPolicyTestCase()
        : TestCase("a fault timeline changes every static policy's outcomes and loses no query")
    {
    }

  private:
    void DoRun() override
    {
        const AsetScenario plain = FaultScenario(1);
        AsetScenario faulty = plain;
        FaultEvent slower = At(plain, 0.3, FaultEvent::CAPACITY, "near-edge-0");
        slower.slowdown = 4;
        faulty.faults = {
            At(plain, 0.2, FaultEvent::CLUSTER_DOWN, "far-edge-0"),
            At(plain, 0.3, FaultEvent::CLUSTER_DOWN, "cloud-0"),
            slower,
            At(plain, 0.4, FaultEvent::LINK_DOWN, "access-3--far-edge-gateway-1"),
            At(plain, 0.5, FaultEvent::LINK_UP, "far-edge-gateway-1--access-3"),
            At(plain, 0.6, FaultEvent::CLUSTER_UP, "cloud-0"),
            At(plain, 0.7, FaultEvent::CLUSTER_UP, "far-edge-0"),
        };
        for (const auto& [name, typeName] : GetStaticPolicyNames())
        {
            const PolicyRunResult before = RunPolicy(plain, name);
            const PolicyRunResult after = RunPolicy(faulty, name);
            NS_TEST_ASSERT_MSG_EQ(before.CheckAccounting(), "", name);
            NS_TEST_ASSERT_MSG_EQ(after.CheckAccounting(), "", name << " with faults");
            NS_TEST_ASSERT_MSG_EQ(after.sent,
                                  before.sent,
                                  name << ": the faults change no arrival");
            NS_TEST_ASSERT_MSG_EQ((after.counts != before.counts), true, name << ": no effect");
            NS_TEST_ASSERT_MSG_EQ(Outcome(before, QueryOutcome::LOST), 0u, name);
            NS_TEST_ASSERT_MSG_GT(Outcome(after, QueryOutcome::LOST), 0u, name);
            NS_TEST_ASSERT_MSG_GT_OR_EQ(Outcome(after, QueryOutcome::LOST),
                                        after.discardedByFaults,
                                        name << ": a discarded query ends as lost");
            NS_TEST_ASSERT_MSG_EQ(Outcome(after, QueryOutcome::IN_FLIGHT), 0u, name);
            NS_TEST_ASSERT_MSG_EQ(after.malformedPackets, 0u, name);
        }
    }
};

/**
 * Far-edge cluster 0 out of the pool from 1 s to 2 s into the queries, by a
 * cluster-down/up pair or by a failed site link: closest, which sends most
 * of site 0's queries there, loses the queries it sends until the cluster's
 * beacons are StaleAfter old, then sends none there, and returns to it as
 * soon as its next beacon arrives.
 */
class LeaveAndReturnTestCase : public TestCase
{
  public:
    LeaveAndReturnTestCase(FaultEvent::Kind down, FaultEvent::Kind up, const std::string& target)
        : TestCase("schedulers leave far-edge-0 StaleAfter after a " +
                   FaultEvent::GetKindName(down) + " of " + target + " and return after the " +
                   FaultEvent::GetKindName(up)),
          m_down(down),
          m_up(up),
          m_target(target)
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = FaultScenario(3);
        s.faults = {At(s, 1, m_down, m_target), At(s, 2, m_up, m_target)};
        const double stale = (s.beaconInterval * 3).GetSeconds(); // AsetExperiment's StaleAfter
        const PolicyRunResult r = RunPolicy(s, "closest");
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "accounting");
        const auto farEdge0 = AnsweredBy(0);
        NS_TEST_ASSERT_MSG_GT(CountSent(r, s, 0, 1, farEdge0), 100u, "closest uses it while up");
        // Until its beacons are stale, queries still go there and are lost.
        NS_TEST_ASSERT_MSG_GT(CountSent(r, s, 1, 1 + stale, IsLost),
                              0u,
                              "queries sent there are lost");
        // A failed cluster discards them (a failed link drops them instead).
        const uint64_t discardable =
            m_down == FaultEvent::CLUSTER_DOWN ? Outcome(r, QueryOutcome::LOST) : 0;
        NS_TEST_ASSERT_MSG_EQ(r.discardedByFaults,
                              discardable,
                              "every lost query was one the failed cluster discarded");
        // Then the schedulers avoid it: nothing else is lost, and it answers nothing.
        NS_TEST_ASSERT_MSG_EQ(CountSent(r, s, 1 + stale + 0.02, 3, IsLost),
                              0u,
                              "lost after StaleAfter");
        NS_TEST_ASSERT_MSG_EQ(CountSent(r, s, 1, 1.99, farEdge0), 0u, "answered while down");
        // Its first beacon after coming up brings it back.
        NS_TEST_ASSERT_MSG_GT(CountSent(r, s, 2, 2.2, farEdge0), 30u, "closest returns to it");
    }

    FaultEvent::Kind m_down;
    FaultEvent::Kind m_up;
    std::string m_target;
};

class ResponseTimeoutTestCase : public TestCase
{
  public:
    ResponseTimeoutTestCase()
        : TestCase("with beacons once a second, a response time-out finds a failed cluster sooner")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = FaultScenario(3);
        s.beaconInterval = Seconds(1); // StaleAfter 3 s
        s.faults = {At(s, 0.5, FaultEvent::CLUSTER_DOWN, "far-edge-0"),
                    At(s, 2.5, FaultEvent::CLUSTER_UP, "far-edge-0")};
        const PolicyRunResult stale = RunPolicy(s, "closest");
        s.responseTimeout = MilliSeconds(100);
        const PolicyRunResult timeout = RunPolicy(s, "closest");
        NS_TEST_ASSERT_MSG_EQ(stale.CheckAccounting(), "", "accounting");
        NS_TEST_ASSERT_MSG_EQ(timeout.CheckAccounting(), "", "accounting with the time-out");
        const uint64_t lostStale = Outcome(stale, QueryOutcome::LOST);
        const uint64_t lostTimeout = Outcome(timeout, QueryOutcome::LOST);
        // Without it, closest sends site 0's queries there for the whole outage.
        NS_TEST_ASSERT_MSG_GT(lostStale, 300u, "lost until the beacons are stale");
        NS_TEST_ASSERT_MSG_GT(lostTimeout, 0u, "lost within the time-out");
        NS_TEST_ASSERT_MSG_LT(lostTimeout * 5, lostStale, "the time-out loses far fewer");
        NS_TEST_ASSERT_MSG_EQ(CountSent(timeout, s, 0.7, 3, IsLost), 0u, "none lost after it");
        NS_TEST_ASSERT_MSG_GT(CountSent(timeout, s, 2.5, 2.7, AnsweredBy(0)), 30u, "back after cluster-up");
    }
};

class AccessLinkTestCase : public TestCase
{
  public:
    AccessLinkTestCase()
        : TestCase("an access link down loses exactly its client's queries until it is up again")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = FaultScenario(1.5);
        s.faults = {At(s, 0.5, FaultEvent::LINK_DOWN, "access-0--far-edge-gateway-0"),
                    At(s, 1, FaultEvent::LINK_UP, "access-0--far-edge-gateway-0")};
        const PolicyRunResult r = RunPolicy(s, "earliest-expected-completion");
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "accounting");
        const auto client0 = [](const QueryRecord& q) { return q.clientId == 0; };
        const uint64_t sentAcross = CountSent(r, s, 0.5, 1, client0);
        NS_TEST_ASSERT_MSG_GT(sentAcross, 30u, "client 0 kept sending");
        NS_TEST_ASSERT_MSG_EQ(CountSent(r,
                                        s,
                                        0.5,
                                        1,
                                        [](const QueryRecord& q) {
                                            return q.clientId == 0 &&
                                                   q.outcome == QueryOutcome::LOST;
                                        }),
                              sentAcross,
                              "every query sent across the failed link is lost");
        // A query sent just before the failure may still be on its way back.
        NS_TEST_ASSERT_MSG_EQ(CountSent(r, s, 0, 0.45, IsLost) + CountSent(r, s, 1, 1.5, IsLost),
                              0u,
                              "queries before and after the failure are answered");
        NS_TEST_ASSERT_MSG_EQ(
            CountSent(r,
                      s,
                      0,
                      1.5,
                      [](const QueryRecord& q) { return q.clientId != 0 && IsLost(q); }),
            0u,
            "other clients lose nothing");
        NS_TEST_ASSERT_MSG_EQ(r.discardedByFaults, 0u, "no cluster failed");
    }
};

/// Receives on port 9 and records each datagram's one-way delay (its payload is the send time).
class DelayProbe
{
  public:
    std::vector<Time> delays;

    void Receive(Ptr<Socket> socket)
    {
        while (Ptr<Packet> packet = socket->Recv())
        {
            int64_t sent = 0;
            packet->CopyData(reinterpret_cast<uint8_t*>(&sent), sizeof(sent));
            delays.push_back(Simulator::Now() - NanoSeconds(sent));
        }
    }
};

void
SendStamped(Ptr<Socket> socket)
{
    const int64_t now = Simulator::Now().GetNanoSeconds();
    socket->Send(Create<Packet>(reinterpret_cast<const uint8_t*>(&now), sizeof(now)));
}

class RerouteTestCase : public TestCase
{
  public:
    explicit RerouteTestCase(TieredRouting routing)
        : TestCase(std::string(routing == TieredRouting::GLOBAL ? "global" : "next-hop") +
                   " routing: routes go around a failed link where another path exists, and "
                   "back when it is up"),
          m_routing(routing)
    {
    }

  private:
    void DoRun() override
    {
        // A triangle a - b - c with a direct a - c link of the same delay.
        Ipv4AddressGenerator::Reset();
        NodeContainer nodes;
        nodes.Create(3);
        InternetStackHelper internet; // global routing after static routing by default
        if (m_routing == TieredRouting::NEXT_HOP)
        {
            internet.SetRoutingHelper(AsetNextHopRoutingHelper());
        }
        internet.Install(nodes);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        Ipv4AddressHelper addresses("10.9.0.0", "255.255.255.252");
        const NetDeviceContainer ab = p2p.Install(nodes.Get(0), nodes.Get(1));
        const NetDeviceContainer bc = p2p.Install(nodes.Get(1), nodes.Get(2));
        const NetDeviceContainer ac = p2p.Install(nodes.Get(0), nodes.Get(2));
        for (const auto& link : {ab, bc, ac})
        {
            addresses.Assign(link);
            addresses.NewNetwork();
        }
        if (m_routing == TieredRouting::NEXT_HOP)
        {
            AsetNextHopRoutingHelper::PopulateRoutingTables();
            NS_TEST_ASSERT_MSG_EQ(AsetNextHopRoutingHelper::GetNRoutes(nodes.Get(0)),
                                  2u,
                                  "a routes to b and c");
        }
        else
        {
            Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        }
        const Ipv4Address c = nodes.Get(2)->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();

        DelayProbe probe;
        Ptr<Socket> server = Socket::CreateSocket(nodes.Get(2), UdpSocketFactory::GetTypeId());
        server->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        server->SetRecvCallback(MakeCallback(&DelayProbe::Receive, &probe));
        Ptr<Socket> client = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        client->Connect(InetSocketAddress(c, 9));

        Simulator::Schedule(Seconds(0.5), &SendStamped, client);
        Simulator::Schedule(Seconds(1), &SetLinkUp, ac, false);
        Simulator::Schedule(Seconds(1.5), &SendStamped, client);
        Simulator::Schedule(Seconds(2), &SetLinkUp, ac, true);
        Simulator::Schedule(Seconds(2.5), &SendStamped, client);
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(probe.delays.size(), 3u, "every datagram arrives");
        if (probe.delays.size() != 3)
        {
            return;
        }
        const Time hop = MilliSeconds(1);
        const Time slack = MicroSeconds(10); // serialisation of a small datagram at 1 Gb/s
        NS_TEST_ASSERT_MSG_EQ((probe.delays[0] >= hop && probe.delays[0] < hop + slack),
                              true,
                              "direct before the failure: " << probe.delays[0]);
        NS_TEST_ASSERT_MSG_EQ((probe.delays[1] >= 2 * hop && probe.delays[1] < 2 * hop + slack),
                              true,
                              "through b while a - c is down: " << probe.delays[1]);
        NS_TEST_ASSERT_MSG_EQ((probe.delays[2] >= hop && probe.delays[2] < hop + slack),
                              true,
                              "direct again once it is up: " << probe.delays[2]);
    }

    TieredRouting m_routing;
};

/// Mean latency, in seconds, of the queries answered by cluster \p id sent in [from, to).
double
MeanLatency(const PolicyRunResult& r, const AsetScenario& s, int32_t id, double from, double to)
{
    double sum = 0;
    uint64_t n = 0;
    for (const auto& q : r.records)
    {
        if (AnsweredBy(id)(q) && q.sendTime >= s.warmup + Seconds(from) &&
            q.sendTime < s.warmup + Seconds(to))
        {
            sum += q.latency.GetSeconds();
            ++n;
        }
    }
    return n == 0 ? 0 : sum / double(n);
}

class CapacityTestCase : public TestCase
{
  public:
    CapacityTestCase()
        : TestCase("a slowdown lengthens a cluster's latency from its time on; more replicas "
                   "succeed more")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = FaultScenario(1.5);
        FaultEvent slower = At(s, 0.75, FaultEvent::CAPACITY, "near-edge-0");
        slower.slowdown = 4;
        s.faults = {slower};
        const PolicyRunResult r = RunPolicy(s, "earliest-expected-completion");
        NS_TEST_ASSERT_MSG_EQ(r.CheckAccounting(), "", "accounting");
        const double before = MeanLatency(r, s, 2, 0, 0.75);
        const double after = MeanLatency(r, s, 2, 0.8, 1.5);
        NS_TEST_ASSERT_MSG_GT(before, 0, "the near edge serves queries");
        NS_TEST_ASSERT_MSG_GT(after, before * 1.5, "four times slower hardware answers later");

        // The saturated far edge, with three GPUs instead of one from the start of the queries.
        AsetScenario saturated = AsetScenario::Variant("far-edge-saturated");
        saturated.duration = Seconds(1);
        AsetScenario upgraded = saturated;
        for (const char* site : {"far-edge-0", "far-edge-1"})
        {
            FaultEvent gpus = At(saturated, 0, FaultEvent::CAPACITY, site);
            gpus.variant = "yolov5s";
            gpus.replicas = 3;
            upgraded.faults.push_back(gpus);
        }
        const PolicyRunResult one = RunPolicy(saturated, "closest");
        const PolicyRunResult three = RunPolicy(upgraded, "closest");
        NS_TEST_ASSERT_MSG_EQ(three.CheckAccounting(), "", "accounting");
        const double oneOk = double(Outcome(one, QueryOutcome::SUCCEEDED)) / double(one.sent);
        const double threeOk = double(Outcome(three, QueryOutcome::SUCCEEDED)) / double(three.sent);
        NS_TEST_ASSERT_MSG_GT(threeOk, oneOk + 0.02, "three GPUs serve more queries in time");
    }
};

std::string
RecordsText(const PolicyRunResult& r)
{
    std::ostringstream csv;
    AsetResultsWriter::WriteQueryCsv(
        csv,
        r,
        ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath()));
    return csv.str();
}

class FaultDeterminismTestCase : public TestCase
{
  public:
    FaultDeterminismTestCase()
        : TestCase(
              "a run with faults is repeatable; the far-edge-outage variant fits its catalogue")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = AsetScenario::Variant("far-edge-outage");
        s.duration = Seconds(1.5);
        s.faults.at(0).at = s.warmup + Seconds(0.3); // down, as in the variant but sooner
        s.faults.at(1).at = s.warmup + Seconds(0.8); // up
        FaultEvent link =
            At(s, 0.3, FaultEvent::LINK_DOWN, "far-edge-gateway-1--near-edge-gateway-0");
        s.faults.push_back(link);
        link.kind = FaultEvent::LINK_UP;
        link.at += Seconds(0.2);
        s.faults.push_back(link);
        const PolicyRunResult first = RunPolicy(s, "random");
        RunPolicy(s, "least-loaded"); // a run in between must not leak into the next
        const PolicyRunResult again = RunPolicy(s, "random");
        NS_TEST_ASSERT_MSG_EQ(first.CheckAccounting(), "", "accounting");
        NS_TEST_ASSERT_MSG_GT(Outcome(first, QueryOutcome::LOST), 0u, "the faults were felt");
        NS_TEST_ASSERT_MSG_EQ((RecordsText(first) == RecordsText(again)),
                              true,
                              "same seed and run");
        NS_TEST_ASSERT_MSG_EQ(first.discardedByFaults, again.discardedByFaults, "discards");
    }
};

class SameRoutesTestCase : public TestCase
{
  public:
    explicit SameRoutesTestCase(const std::string& variant)
        : TestCase("the " + variant +
                   " variant's queries end the same under next-hop and global routing"),
          m_variant(variant)
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario s = AsetScenario::Variant(m_variant);
        s.duration = Seconds(1.5);
        for (auto& fault : s.faults) // as in the variant, but within the shorter run
        {
            fault.at = s.warmup + NanoSeconds((fault.at - s.warmup).GetNanoSeconds() / 10);
        }
        const PolicyRunResult global = RunPolicy(s, "least-loaded");
        s.topology.routing = TieredRouting::NEXT_HOP;
        const PolicyRunResult nextHop = RunPolicy(s, "least-loaded");
        NS_TEST_ASSERT_MSG_EQ(nextHop.CheckAccounting(), "", "accounting");
        NS_TEST_ASSERT_MSG_GT(nextHop.sent, 500u, "queries were sent");
        NS_TEST_ASSERT_MSG_EQ((RecordsText(global) == RecordsText(nextHop)),
                              true,
                              "every query's record is the same");
        if (!s.faults.empty())
        {
            NS_TEST_ASSERT_MSG_GT(Outcome(nextHop, QueryOutcome::LOST), 0u, "the faults were felt");
        }
    }

    std::string m_variant;
};

class BadTargetTestCase : public TestCase
{
  public:
    BadTargetTestCase()
        : TestCase("a fault naming no cluster, link or instance of the network is refused with its "
                   "index")
    {
    }

  private:
    void DoRun() override
    {
        const auto error = [](const FaultEvent& event) -> std::string {
            AsetScenario s = FaultScenario(0.1);
            s.faults = {FaultEvent{Seconds(0.1), FaultEvent::CLUSTER_DOWN, "far-edge-1"}, event};
            try
            {
                RunPolicy(s, "closest");
            }
            catch (const std::invalid_argument& e)
            {
                return e.what();
            }
            return "";
        };
        NS_TEST_ASSERT_MSG_EQ(error({Seconds(1), FaultEvent::CLUSTER_DOWN, "far-edge-7"}),
                              "scenario 'faults': faults[1].target: 'far-edge-7' is not a cluster; "
                              "the clusters are far-edge-0, far-edge-1, near-edge-0, cloud-0",
                              "unknown cluster");
        NS_TEST_ASSERT_MSG_EQ(
            error({Seconds(1), FaultEvent::CLUSTER_UP, "near-edge-gateway-0"}),
            "scenario 'faults': faults[1].target: 'near-edge-gateway-0' is not a cluster; "
            "the clusters are far-edge-0, far-edge-1, near-edge-0, cloud-0",
            "a gateway is not a cluster");
        NS_TEST_ASSERT_MSG_EQ(
            error({Seconds(1), FaultEvent::LINK_DOWN, "access-0--near-edge-gateway-0"}),
            "scenario 'faults': faults[1].target: the network has no link "
            "between 'access-0' and 'near-edge-gateway-0'",
            "no such link");
        NS_TEST_ASSERT_MSG_EQ(
            error({Seconds(1), FaultEvent::LINK_DOWN, "access-0--moon-0"}),
            "scenario 'faults': faults[1].target: the network has no node 'moon-0'",
            "no such node");
        NS_TEST_ASSERT_MSG_EQ(
            error({Seconds(1), FaultEvent::LINK_DOWN, "gateway-1--metro-0"}),
            "scenario 'faults': faults[1].target: the network has no node 'gateway-1'; the "
            "gateways are now named far-edge-gateway-<i> and near-edge-gateway-<i> ('gateway-1' "
            "is 'far-edge-gateway-1')",
            "an old gateway name");
        NS_TEST_ASSERT_MSG_EQ(
            error({Seconds(1), FaultEvent::LINK_DOWN, "far-edge-gateway-1--metro-0"}),
            "scenario 'faults': faults[1].target: the network has no node 'metro-0'; the "
            "gateways are now named far-edge-gateway-<i> and near-edge-gateway-<i> ('metro-0' "
            "is 'near-edge-gateway-0')",
            "an old near-edge gateway name");
        FaultEvent capacity{Seconds(1), FaultEvent::CAPACITY, "cloud-0"};
        capacity.variant = "resnet18";
        capacity.replicas = 2;
        NS_TEST_ASSERT_MSG_EQ(error(capacity),
                              "scenario 'faults': faults[1].variant: 'cloud-0' has no instance "
                              "of 'resnet18'",
                              "variant not deployed there");
        // The simulator is left clean: a good run follows.
        AsetScenario s = FaultScenario(0.2);
        NS_TEST_ASSERT_MSG_EQ(RunPolicy(s, "closest").CheckAccounting(),
                              "",
                              "a run after a refused one");
    }
};

/**
 * Ten queries 10 us apart reach one cluster at about 100 ms: one instance,
 * two replicas, 10 ms a query. \p fault is applied to the cluster at
 * \p at; \p repair, if any, at 1 s.
 */
class ClusterFaultRun
{
  public:
    ClusterFaultRun(Time at,
                    const std::function<void(Ptr<EdgeClusterApplication>)>& fault,
                    const std::function<void(Ptr<EdgeClusterApplication>)>& repair = nullptr)
    {
        using namespace ns3::asettest;
        StarNetwork net({DataRate("10Gbps"), MicroSeconds(10)},
                        {{DataRate("10Gbps"), MicroSeconds(10)}});
        auto catalogue = MakeCatalogue("cls,m,70,gpu,1,10,1,test\n");
        ApplicationContainer schedulers =
            SchedulerHelper(catalogue, "ns3::ClosestPolicy").Install(net.gateway);
        EdgeClusterHelper clusterHelper(catalogue, ClusterTier::FAR_EDGE);
        clusterHelper.AddInstance("m", HardwareClass::GPU, 2, 100);
        clusterHelper.AddBeaconDestination(InetSocketAddress(net.gatewayAddress, 9001));
        clusterHelper.SetAttribute("ServiceTimeModel",
                                   EnumValue(EdgeClusterApplication::DETERMINISTIC));
        auto cluster = DynamicCast<EdgeClusterApplication>(clusterHelper.Install(net.clusters[0]).Get(0));
        cluster->TraceConnectWithoutContext("ServiceEnd", MakeCallback(&ClusterFaultRun::Ended, this));
        cluster->TraceConnectWithoutContext("Discard", MakeCallback(&ClusterFaultRun::Discarded, this));
        cluster->TraceConnectWithoutContext("Availability",
                                            MakeCallback(&ClusterFaultRun::Changed, this));
        Simulator::Schedule(at, [fault, cluster] { fault(cluster); });
        if (repair)
        {
            Simulator::Schedule(Seconds(1), [repair, cluster] { repair(cluster); });
        }

        InferenceClientHelper client(net.gatewayAddress);
        client.SetAttribute("ArrivalProcess", EnumValue(InferenceClientApplication::CONSTANT));
        client.SetAttribute("Rate", DoubleValue(100000));
        client.SetAttribute("MaxQueries", UintegerValue(10));
        client.SetAttribute("QueryTimeout", TimeValue(Seconds(1)));
        client.AddApplication(MakeProfile(Seconds(1), 0, 300, 200));
        auto clients = client.Install(net.client);
        clients.Start(MilliSeconds(100));
        clients.Get(0)->TraceConnectWithoutContext("Outcome",
                                                   MakeCallback(&ClusterFaultRun::Concluded, this));

        Simulator::Stop(Seconds(2.5));
        Simulator::Run();
        discarded = cluster->GetDiscardedCount();
        lastBeacon = DynamicCast<SchedulerApplication>(schedulers.Get(0))
                         ->GetPoolView()
                         .FindCluster(0)
                         ->lastBeacon;
        Simulator::Destroy();
    }

    void Ended(const InferenceQueryHeader& h)
    {
        ends.push_back(h.serviceEndTime);
    }

    void Discarded(const InferenceQueryHeader& h)
    {
        ++discardTraced;
    }

    void Changed(bool available)
    {
        changes.push_back(available);
    }

    void Concluded(const QueryRecord& r)
    {
        ++outcomes[static_cast<uint8_t>(r.outcome)];
    }

    std::vector<Time> ends;
    std::vector<bool> changes;
    uint64_t discardTraced{0};
    uint64_t discarded{0};
    Time lastBeacon;
    OutcomeCounts outcomes{};
};

class ClusterCrashTestCase : public TestCase
{
  public:
    ClusterCrashTestCase()
        : TestCase("a cluster going down loses its waiting and in-service queries; up, it beacons again")
    {
    }

  private:
    void DoRun() override
    {
        // At 115 ms: two queries served (ends ~110 ms), two in service, six waiting.
        ClusterFaultRun run(
            MilliSeconds(115),
            [](Ptr<EdgeClusterApplication> c) { c->SetAttribute("Available", BooleanValue(false)); },
            [](Ptr<EdgeClusterApplication> c) { c->SetAvailable(true); });
        NS_TEST_ASSERT_MSG_EQ(run.ends.size(), 2u, "served before the crash");
        NS_TEST_ASSERT_MSG_EQ(run.discarded, 8u, "discarded: in service and waiting");
        NS_TEST_ASSERT_MSG_EQ(run.discardTraced, 8u, "each discard traced");
        NS_TEST_ASSERT_MSG_EQ(run.outcomes[static_cast<uint8_t>(QueryOutcome::SUCCEEDED)], 2u, "ok");
        NS_TEST_ASSERT_MSG_EQ(run.outcomes[static_cast<uint8_t>(QueryOutcome::LOST)], 8u, "lost");
        NS_TEST_ASSERT_MSG_EQ((run.changes == std::vector<bool>{false, true}), true, "traced");
        NS_TEST_ASSERT_MSG_GT(run.lastBeacon, Seconds(2.3), "beacons again after coming up");
    }
};

class ReplicaChangeTestCase : public TestCase
{
  public:
    ReplicaChangeTestCase()
        : TestCase("a replica removed mid-batch finishes it; then one replica serves the queue")
    {
    }

  private:
    void DoRun() override
    {
        ClusterFaultRun run(MilliSeconds(105),
                            [](Ptr<EdgeClusterApplication> c) { c->SetReplicas(0, 1); });
        NS_TEST_ASSERT_MSG_EQ(run.ends.size(), 10u, "all served");
        if (run.ends.size() != 10)
        {
            return;
        }
        // Both replicas end their first query (10 us apart, as they arrived); the
        // rest waits for both, as busy replicas count against the new number.
        NS_TEST_ASSERT_MSG_EQ(run.ends[1] - run.ends[0], MicroSeconds(10), "the removed one finished");
        for (std::size_t i = 2; i < run.ends.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(run.ends[i] - run.ends[i - 1], MilliSeconds(10), "one at a time");
        }
        NS_TEST_ASSERT_MSG_EQ(run.outcomes[static_cast<uint8_t>(QueryOutcome::SUCCEEDED)], 10u, "ok");
    }
};

class AsetFaultTestSuite : public TestSuite
{
  public:
    AsetFaultTestSuite()
        : TestSuite("aset-faults", ASET_SYSTEM_SUITE)
    {
        AddTestCase(new ClusterCrashTestCase(), ASET_QUICK);
        AddTestCase(new ReplicaChangeTestCase(), ASET_QUICK);
        AddTestCase(new EveryPolicyTestCase(), ASET_QUICK);
        AddTestCase(new LeaveAndReturnTestCase(FaultEvent::CLUSTER_DOWN,
                                               FaultEvent::CLUSTER_UP,
                                               "far-edge-0"),
                    ASET_QUICK);
        AddTestCase(new LeaveAndReturnTestCase(FaultEvent::LINK_DOWN,
                                               FaultEvent::LINK_UP,
                                               "far-edge-gateway-0--far-edge-0"),
                    ASET_QUICK);
        AddTestCase(new ResponseTimeoutTestCase(), ASET_QUICK);
        AddTestCase(new AccessLinkTestCase(), ASET_QUICK);
        AddTestCase(new RerouteTestCase(TieredRouting::GLOBAL), ASET_QUICK);
        AddTestCase(new RerouteTestCase(TieredRouting::NEXT_HOP), ASET_QUICK);
        AddTestCase(new SameRoutesTestCase("default"), ASET_QUICK);
        AddTestCase(new SameRoutesTestCase("metro-link-failure"), ASET_QUICK);
        AddTestCase(new CapacityTestCase(), ASET_QUICK);
        AddTestCase(new FaultDeterminismTestCase(), ASET_QUICK);
        AddTestCase(new BadTargetTestCase(), ASET_QUICK);
    }
};

AsetFaultTestSuite g_asetFaultTestSuite;
} // namespace
