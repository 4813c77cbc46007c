// SPDX-License-Identifier: GPL-2.0-only
// Topologies in simulation: a file that writes out the default network runs
// exactly like the generated one; an Inet file with a roles file builds and
// runs; capacity multipliers add replicas, counted in served queries; and
// background traffic delays queries on a link as queueing arithmetic says.
#include "aset-test-compat.h"
#include "aset-test-network.h"

#include "ns3/packet-sink.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace ns3;
using namespace ns3::asettest;

namespace
{
PolicyRunResult
RunOnce(const AsetScenario& scenario, const std::string& policy, uint64_t run = 1)
{
    auto catalogue = ModelCatalogue::LoadFromFile(scenario.cataloguePath);
    return AsetExperiment(scenario, catalogue).Run(policy, 1, run);
}

/// Writes \p text to a fresh file in the temporary folder and returns its path.
std::string
WriteTemporary(const std::string& name, const std::string& text)
{
    const std::string path = "/tmp/aset-topology-test-" + std::to_string(getpid()) + "-" + name;
    std::ofstream(path) << text;
    return path;
}

/// The same outcome, latency and placement for every query.
bool
SameRecords(const PolicyRunResult& a, const PolicyRunResult& b)
{
    if (a.records.size() != b.records.size() || a.counts != b.counts)
    {
        return false;
    }
    for (std::size_t i = 0; i < a.records.size(); ++i)
    {
        const QueryRecord& x = a.records[i];
        const QueryRecord& y = b.records[i];
        if (x.outcome != y.outcome || x.latency != y.latency || x.clusterId != y.clusterId ||
            x.sendTime != y.sendTime)
        {
            return false;
        }
    }
    return true;
}

class DefaultFileTestCase : public TestCase
{
  public:
    DefaultFileTestCase()
        : TestCase("the shipped default.topo runs exactly like the generated default network")
    {
    }

  private:
    void DoRun() override
    {
        AsetScenario generated = AsetScenario::Default();
        generated.duration = Seconds(1);
        AsetScenario file = generated;
        file.topologyFile = TieredTopologyDescription::GetShippedPath("default.topo");
        for (const std::string policy : {"least-loaded", "earliest-expected-completion"})
        {
            const PolicyRunResult g = RunOnce(generated, policy);
            const PolicyRunResult f = RunOnce(file, policy);
            NS_TEST_ASSERT_MSG_EQ(f.CheckAccounting(), "", policy);
            NS_TEST_ASSERT_MSG_GT(f.sent, 500u, policy);
            NS_TEST_ASSERT_MSG_EQ(f.sent, g.sent, policy);
            NS_TEST_ASSERT_MSG_EQ(SameRecords(f, g), true, policy << ": every query the same");
        }
    }
};

class ReaderFormatTestCase : public TestCase
{
  public:
    ReaderFormatTestCase()
        : TestCase("Inet, Orbis and Rocketfuel files with a roles file: nodes by role and name, "
                   "nearest far-edge gateways, a run that adds up and repeats")
    {
    }

  private:
    void DoRun() override
    {
        const auto d = TieredTopologyDescription::Load(
            "inet",
            TieredTopologyDescription::GetShippedPath("small.inet"),
            TieredTopologyDescription::GetShippedPath("small.inet.roles"));
        NS_TEST_ASSERT_MSG_EQ(d.GetNodes().size(), 12u, "every Inet node is on a link");
        NS_TEST_ASSERT_MSG_EQ(d.GetLinks().size(), 12u, "every Inet link");
        const TieredTopologyParameters p;
        const TieredTopology t = TieredTopologyHelper(p).Build(d);
        NS_TEST_ASSERT_MSG_EQ(t.access.GetN(), 4u, "access");
        NS_TEST_ASSERT_MSG_EQ(t.gateways.GetN(), 2u, "gateways");
        NS_TEST_ASSERT_MSG_EQ(t.coreRouter.GetN(), 1u, "node 10, unnamed in the roles file");
        NS_TEST_ASSERT_MSG_EQ(t.GetNodeName(t.gateways.Get(1)), "5", "the file's names");
        NS_TEST_ASSERT_MSG_EQ(t.FindNode("10"), t.coreRouter.Get(0), "found by name");
        NS_TEST_ASSERT_MSG_EQ(t.gatewayOfAccess.size(), 4u, "one far-edge gateway per access node");
        NS_TEST_ASSERT_MSG_EQ(t.gatewayOfAccess[1], 0u, "node 1 is linked to gateway 4");
        NS_TEST_ASSERT_MSG_EQ(t.gatewayOfAccess[2], 1u, "node 2 is linked to gateway 5");
        NS_TEST_ASSERT_MSG_EQ(t.clusterCapacity.size(), 4u, "two far-edge, one near-edge, one cloud");
        NS_TEST_ASSERT_MSG_EQ(t.clusterCapacity[2], 2.0, "node 9's capacity=2");
        Simulator::Destroy();

        // The same links as Orbis ("a b") and Rocketfuel weights ("a b weight") files.
        const std::string roles = TieredTopologyDescription::GetShippedPath("small.inet.roles");
        std::string orbisText;
        std::string rocketfuelText;
        for (const auto& l : d.GetLinks())
        {
            const std::string ends = d.GetNodes()[l.a].name + " " + d.GetNodes()[l.b].name;
            orbisText += ends + "\n";
            rocketfuelText += ends + " 1.5\n";
        }
        for (const auto& [format, text] : {std::make_pair("orbis", orbisText),
                                           std::make_pair("rocketfuel", rocketfuelText)})
        {
            const std::string path = WriteTemporary(format, text);
            const auto other = TieredTopologyDescription::Load(format, path, roles);
            std::remove(path.c_str());
            NS_TEST_EXPECT_MSG_EQ(other.GetNodes().size(), 12u, format);
            NS_TEST_EXPECT_MSG_EQ(other.GetLinks().size(), 12u, format);
            NS_TEST_EXPECT_MSG_EQ((other.GetGatewayOfAccess(p) == d.GetGatewayOfAccess(p)), true, format);
            NS_TEST_EXPECT_MSG_EQ(other.GetPathDelay("0", "11", p), d.GetPathDelay("0", "11", p), format);
        }
        Simulator::Destroy(); // the readers' nodes

        // A roles file's mistakes are named by its file and line.
        const std::string inet = TieredTopologyDescription::GetShippedPath("small.inet");
        const std::pair<std::string, std::string> wrongRoles[] = {
            {"node 0 access\nlink 0 4 1Gbps 1ms\n",
             ":2: a roles file has node statements only (the links come from " + inet +
                 "), got 'link'"},
            {"node 0 access\nnode 99 far-edge-gateway\n",
             ":2: field 'name': node '99' is on no link of " + inet},
            {"node 0 access\n", ": the topology has no far-edge-gateway node"},
            {"node 0 access\nnode 4 gateway\n",
             ":2: field 'role': role 'gateway' is now 'far-edge-gateway'"},
        };
        for (const auto& [text, error] : wrongRoles)
        {
            const std::string wrong = WriteTemporary("roles", text);
            std::string what;
            try
            {
                TieredTopologyDescription::Load("inet", inet, wrong);
            }
            catch (const AsetInputError& e)
            {
                what = e.what();
            }
            std::remove(wrong.c_str());
            const std::string expected = (error[1] != ' ' ? wrong : inet) + error;
            NS_TEST_EXPECT_MSG_EQ(what, expected, text);
        }
        Simulator::Destroy(); // the readers' nodes

        AsetScenario s = AsetScenario::Default();
        s.duration = Seconds(1);
        s.topologyFile = inet;
        s.topologyFormat = "inet";
        s.topologyRolesFile = roles;
        auto catalogue = ModelCatalogue::LoadFromFile(s.cataloguePath);
        AsetExperiment experiment(s, catalogue);
        const PolicyRunResult a = experiment.Run("least-loaded", 1, 1);
        const PolicyRunResult b = experiment.Run("least-loaded", 1, 1);
        NS_TEST_ASSERT_MSG_EQ(a.CheckAccounting(), "", "outcomes add up");
        NS_TEST_ASSERT_MSG_GT(a.counts[uint8_t(QueryOutcome::SUCCEEDED)], a.sent / 2, "mostly served");
        NS_TEST_ASSERT_MSG_EQ(SameRecords(a, b), true, "the same seed and run, the same queries");
    }
};

/**
 * One access node, one gateway, one far-edge cluster serving a 10 ms
 * variant from a queue of 16, flooded at 400 queries/s for 2 s: the
 * cluster serves replicas x 200 queries while clients send, then empties
 * its queue. The capacity multiplier must set the replicas.
 */
class CapacityTestCase : public TestCase
{
  public:
    CapacityTestCase()
        : TestCase("capacity multipliers scale replicas: served queries are replicas x duration "
                   "over service time, plus the queue")
    {
    }

  private:
    uint64_t Served(const std::string& capacityOption,
                    double tierCapacity,
                    const std::map<std::string, double>& byName)
    {
        const std::string path =
            WriteTemporary("capacity.topo",
                           "node a access\nnode g far-edge-gateway\nnode f far-edge " +
                               capacityOption +
                               "\nlink a g 1Gbps 1ms\nlink g f 10Gbps 50us\n");
        const std::string cataloguePath =
            WriteTemporary("catalogue.csv",
                           "task,variant,accuracy,hardware,batch_size,latency_ms,memory_mb,source\n"
                           "cls,m,70,cpu,1,10,1,test\n");
        AsetScenario s;
        s.cataloguePath = cataloguePath;
        s.topologyFile = path;
        s.topology.farEdgeCapacity = tierCapacity;
        s.topology.clusterCapacity = byName;
        s.farEdge = {{"m", HardwareClass::CPU, 1, 16}};
        s.applications = {{"flood", "cls", Seconds(1), 0, 1000, 200, 1}};
        s.ratePerAccessNode = 400;
        s.duration = Seconds(2);
        const PolicyRunResult r = RunOnce(s, "closest");
        std::remove(path.c_str());
        std::remove(cataloguePath.c_str());
        NS_TEST_EXPECT_MSG_EQ(r.CheckAccounting(), "", "outcomes add up");
        return r.counts[uint8_t(QueryOutcome::SUCCEEDED)];
    }

    void Check(uint64_t served, uint32_t replicas, const std::string& how)
    {
        const double expected = replicas * 2.0 / 0.010 + 16;
        NS_TEST_EXPECT_MSG_EQ_TOL(double(served), expected, 0.05 * expected, how);
    }

    void DoRun() override
    {
        Check(Served("", 1, {}), 1, "capacity 1: one replica");
        Check(Served("", 2, {}), 2, "far-edge tier capacity 2: two replicas");
        Check(Served("capacity=3", 1, {}), 3, "the file's capacity=3: three replicas");
        Check(Served("capacity=3", 1, {{"f", 1.5}}), 2, "by name, 1.5 over the file's 3: two");
    }
};

/**
 * client --10 Mb/s, 1 ms-- gateway --1 Gb/s-- cluster, Poisson queries of
 * 1000 bytes. Constant-rate background traffic of 1470-byte datagrams (1500
 * bytes on the link, T = 1.2 ms each) takes a share rho of the access link:
 * a Poisson query finds a background packet being sent with probability
 * rho (PASTA) and waits for the rest of it, T/2 on average: rho T / 2 more
 * delay from client to cluster. On/off background traffic must carry the
 * same mean load.
 */
class BackgroundTestCase : public TestCase
{
  public:
    BackgroundTestCase()
        : TestCase("background traffic on a link: utilisation rho and rho x T over 2 more delay")
    {
    }

  private:
    struct Measure
    {
        double meanDelay{0}; //!< client to cluster, seconds
        double minDelay{1e9};
        uint64_t queries{0};
        double utilisation{0}; //!< background bits on the link's wire, each way, over its rate
    };

    void Served(const InferenceQueryHeader& h)
    {
        m_delays.push_back((h.clusterArrivalTime - h.clientSendTime).GetSeconds());
    }

    Measure Run(double rho, bool onOff)
    {
        m_delays.clear();
        Ipv4AddressGenerator::Reset();
        std::istringstream in("node a access\nnode g far-edge-gateway\nnode f far-edge\n"
                              "link a g 10Mbps 1ms background=" +
                              std::to_string(rho) + "\nlink g f 1Gbps 50us\n");
        TieredTopologyParameters p;
        p.backgroundTraffic.packetSize = 1470;
        p.backgroundTraffic.onOff = onOff;
        TieredTopologyHelper helper(p);
        TieredTopology t = helper.Build(TieredTopologyDescription::Parse(in, "bg.topo"));
        helper.AssignStreams(100);

        auto catalogue = MakeCatalogue("cls,m,70,cpu,1,1,1,test\n");
        const Ipv4Address gateway = TieredTopology::GetAddress(t.gateways.Get(0));
        SchedulerHelper scheduler(catalogue, "ns3::ClosestPolicy");
        scheduler.Install(t.gateways);
        EdgeClusterHelper cluster(catalogue, ClusterTier::FAR_EDGE);
        cluster.AddInstance("m", HardwareClass::CPU, 4, 64);
        cluster.AddBeaconDestination(InetSocketAddress(gateway, 9001));
        auto clusters = cluster.Install(t.farEdgeClusters);
        clusters.Get(0)->TraceConnectWithoutContext("ServiceEnd",
                                                    MakeCallback(&BackgroundTestCase::Served, this));
        InferenceClientHelper client(gateway);
        client.SetAttribute("Rate", DoubleValue(50));
        client.AddApplication(MakeProfile(Seconds(1), 0, 1000, 100));
        auto clients = client.Install(t.access);
        DynamicCast<InferenceClientApplication>(clients.Get(0))->AssignStreams(7);
        const Time start = MilliSeconds(200);
        const Time stop = Seconds(40);
        clients.Start(start);
        clients.Stop(stop);
        Simulator::Stop(stop);
        Simulator::Run();

        Measure m;
        m.queries = m_delays.size();
        for (double d : m_delays)
        {
            m.meanDelay += d / double(m_delays.size());
            m.minDelay = std::min(m.minDelay, d);
        }
        uint64_t bytes = 0;
        for (uint32_t i = 0; i < t.backgroundSinks.GetN(); ++i)
        {
            bytes += DynamicCast<PacketSink>(t.backgroundSinks.Get(i))->GetTotalRx();
        }
        // Both directions; payload plus 30 bytes of headers per datagram.
        const double wireBits = double(bytes) * (1470 + 30) / 1470 * 8;
        m.utilisation = wireBits / 2 / (10e6 * stop.GetSeconds());
        Simulator::Destroy();
        return m;
    }

    void DoRun() override
    {
        const Measure idle = Run(0, false);
        // 1000 + 30 bytes at 10 Mb/s, 1 ms; 1030 bytes at 1 Gb/s, 50 us.
        const double exact = 1e-3 + 1030 * 8 / 10e6 + 50e-6 + 1030 * 8 / 1e9;
        NS_TEST_ASSERT_MSG_GT(idle.queries, 1800u, "about 2000 queries");
        // Queries rarely meet each other (4 % load): the quickest one crossed idle links.
        NS_TEST_ASSERT_MSG_EQ_TOL(idle.minDelay, exact, 1e-9, "idle links: propagation + transmission");
        NS_TEST_ASSERT_MSG_LT(idle.meanDelay - exact, 50e-6, "queries seldom wait for each other");
        NS_TEST_ASSERT_MSG_EQ(idle.utilisation, 0.0, "no background, no background bytes");

        const double rho = 0.5;
        const double packetTime = 1500 * 8 / 10e6;
        const Measure loaded = Run(rho, false);
        NS_TEST_ASSERT_MSG_EQ_TOL(loaded.utilisation, rho, 0.01, "constant rate: the link at rho");
        const double extra = loaded.meanDelay - idle.meanDelay;
        NS_TEST_ASSERT_MSG_EQ_TOL(extra, rho * packetTime / 2, 0.15 * rho * packetTime / 2,
                                  "waiting for the background packet on the wire: rho T / 2");

        const Measure bursty = Run(0.4, true);
        NS_TEST_ASSERT_MSG_EQ_TOL(bursty.utilisation, 0.4, 0.06, "on/off: the same mean load");
        NS_TEST_ASSERT_MSG_GT(bursty.meanDelay, idle.meanDelay, "bursts delay queries too");
    }

    std::vector<double> m_delays;
};

class AsetTopologyTestSuite : public TestSuite
{
  public:
    AsetTopologyTestSuite()
        : TestSuite("aset-topology", ASET_UNIT_SUITE)
    {
        AddTestCase(new DefaultFileTestCase(), ASET_QUICK);
        AddTestCase(new ReaderFormatTestCase(), ASET_QUICK);
        AddTestCase(new CapacityTestCase(), ASET_QUICK);
        AddTestCase(new BackgroundTestCase(), ASET_QUICK);
    }
};

AsetTopologyTestSuite g_asetTopologyTestSuite;
} // namespace
