// SPDX-License-Identifier: GPL-2.0-only
// The installers never build a wrong network silently: no default tier, no
// cluster that no scheduler hears of, no id given twice.
#include "ns3/edge-cluster-application.h"
#include "ns3/enum.h"
#include "ns3/edge-cluster-helper.h"
#include "ns3/inference-client-helper.h"
#include "ns3/model-catalogue.h"
#include "ns3/simulator.h"
#include "ns3/tiered-topology-helper.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>

#include <map>

using namespace ns3;

namespace
{
/// A default tiered network and a cluster helper that beacons to its schedulers.
struct Installers : public ::testing::Test
{
    void SetUp() override
    {
        catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
        network = TieredTopologyHelper().Build();
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    uint32_t ClusterIdOf(Ptr<Application> application)
    {
        return DynamicCast<EdgeClusterApplication>(application)->GetClusterId();
    }

    Ptr<ModelCatalogue> catalogue;
    TieredTopology network;
};
} // namespace

TEST_F(Installers, NetworkInstallGivesEachClusterItsNodesTier)
{
    EdgeClusterHelper clusters(catalogue);
    clusters.AddInstance("resnet18", HardwareClass::CPU, 2, 64);
    clusters.AddBeaconDestinations(network.gateways);
    const ApplicationContainer installed = clusters.Install(network);
    ASSERT_EQ(installed.GetN(), network.GetClusterNodes().GetN());
    std::map<ClusterTier, uint32_t> tiers;
    for (uint32_t i = 0; i < installed.GetN(); ++i)
    {
        ++tiers[DynamicCast<EdgeClusterApplication>(installed.Get(i))->GetTier()];
        EXPECT_EQ(ClusterIdOf(installed.Get(i)), i);
    }
    EXPECT_EQ(tiers[ClusterTier::FAR_EDGE], network.farEdgeClusters.GetN());
    EXPECT_EQ(tiers[ClusterTier::NEAR_EDGE], network.nearEdgeClusters.GetN());
    EXPECT_EQ(tiers[ClusterTier::CLOUD], network.cloudClusters.GetN());
}

TEST_F(Installers, ClusterIdsContinueAcrossHelpersAndRestartWithTheSimulation)
{
    EdgeClusterHelper farEdge(catalogue, ClusterTier::FAR_EDGE);
    farEdge.AddBeaconDestinations(network.gateways);
    EdgeClusterHelper cloud(catalogue, ClusterTier::CLOUD);
    cloud.AddBeaconDestinations(network.gateways);
    const auto first = farEdge.Install(network.farEdgeClusters);
    const auto second = cloud.Install(network.cloudClusters);
    EXPECT_EQ(ClusterIdOf(second.Get(0)), first.GetN()); // not 0 again
    Simulator::Destroy();
    network = TieredTopologyHelper().Build();
    EXPECT_EQ(ClusterIdOf(cloud.Install(network.cloudClusters).Get(0)), 0u);
}

TEST_F(Installers, RefuseWhatWouldBuildAWrongNetwork)
{
    EdgeClusterHelper noTier(catalogue);
    noTier.AddBeaconDestinations(network.gateways);
    EXPECT_DEATH(noTier.Install(network.nearEdgeClusters), "which tier are these clusters in");
    noTier.SetAttribute("Tier", EnumValue(ClusterTier::NEAR_EDGE)); // as good as SetTier
    EXPECT_EQ(noTier.Install(network.nearEdgeClusters).GetN(), network.nearEdgeClusters.GetN());

    EdgeClusterHelper unheard(catalogue, ClusterTier::CLOUD);
    EXPECT_DEATH(unheard.Install(network.cloudClusters), "no scheduler would hear of this cluster");

    EdgeClusterHelper again(catalogue, ClusterTier::FAR_EDGE);
    again.AddBeaconDestinations(network.gateways);
    again.SetNextId(0); // the near-edge cluster above has it
    EXPECT_DEATH(again.Install(network.farEdgeClusters), "ClusterId 0 is given twice");

    InferenceClientHelper client(Ipv4Address("10.0.0.1"));
    client.SetNextId(3);
    client.Install(network.access.Get(0));
    client.SetNextId(3);
    EXPECT_DEATH(client.Install(network.access.Get(1)), "ClientId 3 is given twice");
}
