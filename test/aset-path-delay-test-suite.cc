// SPDX-License-Identifier: GPL-2.0-only
// One query over a two-hop path: its end-to-end delay must be exactly the
// links' propagation plus transmission delays, both ways, plus service.
#include "aset-test-compat.h"
#include "aset-test-network.h"

#include "ns3/node-list.h"

#include <set>

using namespace ns3;
using namespace ns3::asettest;

namespace
{
/// Bytes a UDP payload occupies on a point-to-point link: PPP (2) + IPv4 (20) + UDP (8).
constexpr uint32_t kOverhead = 2 + 20 + 8;

Time
TransmissionTime(uint32_t payload, DataRate rate)
{
    return rate.CalculateBytesTxTime(payload + kOverhead);
}

class PathDelayTestCase : public TestCase
{
  public:
    PathDelayTestCase(TieredLinkSpec access, TieredLinkSpec lan, uint32_t request, uint32_t response)
        : TestCase("delay of one query over " + std::to_string(request) + " and " +
                   std::to_string(response) + " bytes each way"),
          m_access(access),
          m_lan(lan),
          m_request(request),
          m_response(response)
    {
    }

  private:
    void Outcome(const QueryRecord& r)
    {

        m_records.push_back(r);
    }

    void Served(const InferenceQueryHeader& h)
    {
        m_served.push_back(h);
    }

    void DoRun() override
    {
        StarNetwork net(m_access, {m_lan});
        auto catalogue = MakeCatalogue("cls,m,70,cpu,1,10,1,test\n");
        const Time service = MilliSeconds(10);

        SchedulerHelper scheduler(catalogue, "ns3::ClosestPolicy");
        scheduler.SetAttribute("StaleAfter", TimeValue(Seconds(10)));
        scheduler.Install(net.gateway);

        EdgeClusterHelper clusterHelper(catalogue, ClusterTier::FAR_EDGE);
        clusterHelper.AddInstance("m", HardwareClass::CPU, 1, 10);
        clusterHelper.AddBeaconDestination(InetSocketAddress(net.gatewayAddress, 9001));
        clusterHelper.SetAttribute("ServiceTimeModel", EnumValue(EdgeClusterApplication::DETERMINISTIC));
        // One beacon at t=0, the next long after the query: nothing else shares the links.
        clusterHelper.SetAttribute("BeaconInterval", TimeValue(Seconds(1)));
        auto clusters = clusterHelper.Install(net.clusters[0]);
        clusters.Get(0)->TraceConnectWithoutContext("ServiceEnd",
                                                    MakeCallback(&PathDelayTestCase::Served, this));

        InferenceClientHelper client(net.gatewayAddress);
        client.SetAttribute("ArrivalProcess", EnumValue(InferenceClientApplication::CONSTANT));
        client.SetAttribute("Rate", DoubleValue(10)); // first query 100 ms after start
        client.SetAttribute("MaxQueries", UintegerValue(1));
        client.AddApplication(MakeProfile(MilliSeconds(500), 0, m_request, m_response));
        auto clients = client.Install(net.client);
        clients.Start(MilliSeconds(400));
        clients.Get(0)->TraceConnectWithoutContext("Outcome",
                                                   MakeCallback(&PathDelayTestCase::Outcome, this));

        Simulator::Stop(Seconds(0.95));
        Simulator::Run();
        Simulator::Destroy();

        NS_TEST_ASSERT_MSG_EQ(m_records.size(), 1, "one query, one outcome");
        NS_TEST_ASSERT_MSG_EQ(m_served.size(), 1, "one query served");
        if (m_records.size() != 1 || m_served.size() != 1)
        {
            return;
        }
        const Time oneWayRequest = m_access.delay + m_lan.delay +
                                   TransmissionTime(m_request, m_access.rate) +
                                   TransmissionTime(m_request, m_lan.rate);
        const Time oneWayResponse = m_access.delay + m_lan.delay +
                                    TransmissionTime(m_response, m_access.rate) +
                                    TransmissionTime(m_response, m_lan.rate);
        NS_TEST_ASSERT_MSG_EQ(m_served[0].clusterArrivalTime - m_served[0].clientSendTime,
                              oneWayRequest,
                              "client to cluster = propagation + transmission on both links");
        NS_TEST_ASSERT_MSG_EQ(m_served[0].serviceEndTime - m_served[0].clusterArrivalTime,
                              service,
                              "an idle replica serves at once, for the catalogue's latency");
        NS_TEST_ASSERT_MSG_EQ(m_records[0].latency,
                              oneWayRequest + service + oneWayResponse,
                              "end-to-end delay");
        NS_TEST_ASSERT_MSG_EQ(m_records[0].outcome, QueryOutcome::SUCCEEDED, "within its deadline");
    }

    TieredLinkSpec m_access;
    TieredLinkSpec m_lan;
    uint32_t m_request;
    uint32_t m_response;
    std::vector<QueryRecord> m_records;
    std::vector<InferenceQueryHeader> m_served;
};

/// Every node of a built topology has one name by role, and the name finds it again.
class NodeNamesTestCase : public TestCase
{
  public:
    NodeNamesTestCase()
        : TestCase("tiered topology nodes are named by role and found by name")
    {
    }

  private:
    void DoRun() override
    {
        TieredTopologyParameters p;
        p.accessNodes = 5;
        p.farEdgeSites = 3;
        p.nearEdgeSites = 2;
        p.cloudRegions = 2;
        const TieredTopology t = TieredTopologyHelper(p).Build();
        NS_TEST_ASSERT_MSG_EQ(t.GetNodeName(t.access.Get(4)), "access-4", "access");
        NS_TEST_ASSERT_MSG_EQ(t.GetNodeName(t.gateways.Get(2)), "far-edge-gateway-2", "gateway");
        NS_TEST_ASSERT_MSG_EQ(t.GetNodeName(t.farEdgeClusters.Get(0)), "far-edge-0", "far edge");
        NS_TEST_ASSERT_MSG_EQ(t.GetNodeName(t.nearEdgeGateways.Get(1)),
                              "near-edge-gateway-1",
                              "near-edge gateway");
        NS_TEST_ASSERT_MSG_EQ(t.GetNodeName(t.nearEdgeClusters.Get(1)), "near-edge-1", "near edge");
        NS_TEST_ASSERT_MSG_EQ(t.GetNodeName(t.coreRouter.Get(0)), "core", "core");
        NS_TEST_ASSERT_MSG_EQ(t.GetNodeName(t.cloudClusters.Get(1)), "cloud-1", "cloud");
        NS_TEST_ASSERT_MSG_EQ(t.GetNodeName(CreateObject<Node>()), "", "a stranger");
        std::set<std::string> names;
        for (uint32_t i = 0; i < NodeList::GetNNodes(); ++i)
        {
            const std::string name = t.GetNodeName(NodeList::GetNode(i));
            if (!name.empty())
            {
                NS_TEST_ASSERT_MSG_EQ(t.FindNode(name), NodeList::GetNode(i), name);
                names.insert(name);
            }
        }
        NS_TEST_ASSERT_MSG_EQ(names.size(), 5u + 3 + 3 + 2 + 2 + 1 + 2, "one name per node");
        NS_TEST_ASSERT_MSG_EQ(t.FindNode("far-edge-3"), Ptr<Node>(), "no such node");
        Simulator::Destroy();
    }
};

class AsetPathDelayTestSuite : public TestSuite
{
  public:
    AsetPathDelayTestSuite()
        : TestSuite("aset-path-delay", ASET_UNIT_SUITE)
    {
        // 8 Mb/s is 1 us per byte and 80 Mb/s 100 ns: every figure is a whole number of ns.
        AddTestCase(new PathDelayTestCase({DataRate("8Mbps"), MilliSeconds(3)},
                                          {DataRate("80Mbps"), MicroSeconds(1500)},
                                          5000,
                                          1000),
                    ASET_QUICK);
        AddTestCase(new PathDelayTestCase({DataRate("100Mbps"), MilliSeconds(7)},
                                          {DataRate("1Gbps"), MicroSeconds(50)},
                                          60000,
                                          2000),
                    ASET_QUICK);
        AddTestCase(new NodeNamesTestCase(), ASET_QUICK);
    }
};

AsetPathDelayTestSuite g_asetPathDelayTestSuite;
} // namespace
