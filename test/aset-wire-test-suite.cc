// SPDX-License-Identifier: GPL-2.0-only
// The wire format, and packets off the wire that no application may trust:
// each is counted and dropped, and the simulation carries on.
#include "aset-test-compat.h"
#include "aset-test-network.h"

#if ASET_NS3_MINOR >= 37 // ns-3's header round-trip checker arrived in 3.37
#include "ns3/header-serialization-test.h"
#endif

using namespace ns3;
using namespace ns3::asettest;

namespace
{
#if ASET_NS3_MINOR >= 37
/// Serialization round trip through ns-3's own header test helper.
class QueryHeaderSerializationTestCase : public HeaderSerializationTestCase
{
  public:
    QueryHeaderSerializationTestCase()
        : HeaderSerializationTestCase("query header round trip through ns-3's checker")
    {
    }

  private:
    void DoRun() override
    {
        InferenceQueryHeader h;
        h.queryId = 42;
        h.deadline = MilliSeconds(10);
        h.requestSize = 1000;
        h.responseSize = 200;
        TestHeaderSerialization(h);
    }
};
#endif

/**
 * A rogue node sends garbage, truncated headers, a beacon with an impossible
 * field and a response the scheduler never forwarded. Real queries flow at
 * the same time and must all still succeed.
 */
class MalformedPacketsTestCase : public TestCase
{
  public:
    MalformedPacketsTestCase()
        : TestCase("malformed packets are counted and dropped, never trusted")
    {
    }

  private:
    void Send(Ptr<Socket> socket, Ptr<Packet> packet, InetSocketAddress to)
    {
        socket->SendTo(packet, 0, to);
    }

    void DoRun() override
    {
        StarNetwork net({DataRate("1Gbps"), MilliSeconds(1)},
                        {{DataRate("1Gbps"), MilliSeconds(1)}, {DataRate("1Gbps"), MilliSeconds(1)}});
        auto catalogue = MakeCatalogue("cls,m,70,cpu,1,5,1,test\n");
        auto schedulers = SchedulerHelper(catalogue, "ns3::ClosestPolicy").Install(net.gateway);
        EdgeClusterHelper clusterHelper(catalogue, ClusterTier::FAR_EDGE);
        clusterHelper.AddInstance("m", HardwareClass::CPU, 2, 100);
        clusterHelper.AddBeaconDestination(InetSocketAddress(net.gatewayAddress, 9001));
        auto clusters = clusterHelper.Install(net.clusters[0]);

        InferenceClientHelper client(net.gatewayAddress);
        client.SetAttribute("Rate", DoubleValue(50));
        client.SetAttribute("MaxQueries", UintegerValue(50));
        client.AddApplication(MakeProfile(MilliSeconds(100), 0, 500, 200));
        auto clients = client.Install(net.client);
        clients.Start(MilliSeconds(100));

        // The rogue sits on the second cluster node.
        Ptr<Socket> rogue = Socket::CreateSocket(net.clusters[1], UdpSocketFactory::GetTypeId());
        rogue->Bind();
        const Ipv4Address clusterAddress = TieredTopology::GetAddress(net.clusters[0]);
        const InetSocketAddress schedulerPort(net.gatewayAddress, 9000);
        const InetSocketAddress beaconPort(net.gatewayAddress, 9001);
        const InetSocketAddress clusterPort(clusterAddress, 9100);

        uint8_t garbage[300];
        for (std::size_t i = 0; i < sizeof(garbage); ++i)
        {
            garbage[i] = static_cast<uint8_t>(i * 37 + 11);
        }
        InferenceQueryHeader valid;
        valid.deadline = MilliSeconds(50);
        valid.requestSize = 500;
        valid.responseSize = 200;
        Ptr<Packet> full = valid.MakePacket(500);
        Ptr<Packet> truncated = full->CreateFragment(0, InferenceQueryHeader::kSerializedSize - 1);
        InferenceQueryHeader forged = valid;
        forged.kind = InferenceQueryHeader::Kind::RESPONSE;
        forged.status = InferenceQueryHeader::Status::SERVED;
        forged.schedulerId = 99; // not this scheduler's
        forged.clientPort = 1234;
        InferenceQueryHeader wrongInstance = valid;
        wrongInstance.instanceIndex = 7; // the cluster has one instance
        ClusterBeaconHeader badBeacon;
        badBeacon.instances.push_back({0, HardwareClass::CPU, 1, 1, 5, 0, 10, 0}); // 5 busy of 1
        Ptr<Packet> beaconPacket = Create<Packet>();
        beaconPacket->AddHeader(badBeacon);

        struct Shot
        {
            Ptr<Packet> packet;
            InetSocketAddress to;
        };
        const std::vector<Shot> shots = {
            {Create<Packet>(garbage, 300), schedulerPort},
            {Create<Packet>(garbage, 3), schedulerPort},
            {truncated, schedulerPort},
            {forged.MakePacket(200), schedulerPort},
            {Create<Packet>(garbage, 300), beaconPort},
            {beaconPacket, beaconPort},
            {Create<Packet>(garbage, 120), clusterPort},
            {truncated->Copy(), clusterPort},
            {wrongInstance.MakePacket(500), clusterPort},
        };
        for (std::size_t i = 0; i < shots.size(); ++i)
        {
            Simulator::Schedule(MilliSeconds(150 + 50 * i),
                                &MalformedPacketsTestCase::Send,
                                this,
                                rogue,
                                shots[i].packet,
                                shots[i].to);
        }

        Simulator::Stop(Seconds(4));
        Simulator::Run();
        auto scheduler = DynamicCast<SchedulerApplication>(schedulers.Get(0));
        auto cluster = DynamicCast<EdgeClusterApplication>(clusters.Get(0));
        auto app = DynamicCast<InferenceClientApplication>(clients.Get(0));
        NS_TEST_ASSERT_MSG_EQ(scheduler->GetMalformedCount(), 6u, "refused at the scheduler");
        NS_TEST_ASSERT_MSG_EQ(cluster->GetMalformedCount(), 3u, "refused at the cluster");
        NS_TEST_ASSERT_MSG_EQ(app->GetSentCount(), 50u, "queries sent");
        // Responses go straight to the client; the scheduler sees each pass its gateway.
        NS_TEST_ASSERT_MSG_EQ(scheduler->GetObservedResponseCount(), 50u, "responses observed");
        const PoolView::ClusterState* learnt = scheduler->GetPoolView().FindCluster(0);
        NS_TEST_ASSERT_MSG_EQ((learnt && learnt->rttFromResponses), true, "RTT from responses");
        NS_TEST_ASSERT_MSG_EQ(app->GetOutcomeCounts()[static_cast<uint8_t>(QueryOutcome::SUCCEEDED)],
                              50u,
                              "real traffic unharmed");
        Simulator::Destroy();
    }
};

class AsetWireTestSuite : public TestSuite
{
  public:
    AsetWireTestSuite()
        : TestSuite("aset-wire", ASET_UNIT_SUITE)
    {
#if ASET_NS3_MINOR >= 37
        AddTestCase(new QueryHeaderSerializationTestCase(), ASET_QUICK);
#endif
        AddTestCase(new MalformedPacketsTestCase(), ASET_QUICK);
    }
};

AsetWireTestSuite g_asetWireTestSuite;
} // namespace
