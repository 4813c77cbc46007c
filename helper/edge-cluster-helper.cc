// SPDX-License-Identifier: GPL-2.0-only
#include "edge-cluster-helper.h"

#include "tiered-topology-helper.h"

#include "ns3/abort.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"

namespace ns3
{

EdgeClusterHelper::EdgeClusterHelper(Ptr<ModelCatalogue> catalogue)
    : AsetApplicationHelper(EdgeClusterApplication::GetTypeId(), "ClusterId"),
      m_catalogue(catalogue)
{
}

EdgeClusterHelper::EdgeClusterHelper(Ptr<ModelCatalogue> catalogue, ClusterTier tier)
    : EdgeClusterHelper(catalogue)
{
    SetTier(tier);
}

void
EdgeClusterHelper::SetTier(ClusterTier tier)
{
    SetAttribute("Tier", EnumValue(tier));
}

void
EdgeClusterHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_tierSet |= name == "Tier";
    AsetApplicationHelper::SetAttribute(name, value);
}

ApplicationContainer
EdgeClusterHelper::Install(const TieredTopology& network)
{
    const bool tierSet = m_tierSet;
    ApplicationContainer clusters;
    for (const auto& [nodes, tier] : {std::make_pair(network.farEdgeClusters, ClusterTier::FAR_EDGE),
                                      std::make_pair(network.nearEdgeClusters, ClusterTier::NEAR_EDGE),
                                      std::make_pair(network.cloudClusters, ClusterTier::CLOUD)})
    {
        SetTier(tier);
        clusters.Add(Install(nodes));
    }
    m_tierSet = tierSet; // Install(nodes) still needs a tier of its own
    return clusters;
}

void
EdgeClusterHelper::AddInstance(const std::string& variantName,
                               HardwareClass hardware,
                               uint16_t replicas,
                               uint32_t queueCapacity)
{
    EdgeClusterApplication::InstanceConfig config;
    NS_ABORT_MSG_UNLESS(m_catalogue->FindVariant(variantName, config.variantId),
                        "the catalogue has no variant named '" << variantName << "'");
    config.hardware = hardware;
    config.replicas = replicas;
    config.queueCapacity = queueCapacity;
    m_instances.push_back(config);
}

void
EdgeClusterHelper::ClearInstances()
{
    m_instances.clear();
}

void
EdgeClusterHelper::AddBeaconDestination(const Address& scheduler)
{
    m_beaconDestinations.push_back(scheduler);
}

void
EdgeClusterHelper::AddBeaconDestinations(const NodeContainer& schedulers, uint16_t port)
{
    for (uint32_t i = 0; i < schedulers.GetN(); ++i)
    {
        AddBeaconDestination(
            InetSocketAddress(TieredTopology::GetAddress(schedulers.Get(i)), port));
    }
}

void
EdgeClusterHelper::ClearBeaconDestinations()
{
    m_beaconDestinations.clear();
}

void
EdgeClusterHelper::Configure(Ptr<Application> application)
{
    NS_ABORT_MSG_UNLESS(m_tierSet,
                        "EdgeClusterHelper: which tier are these clusters in? SetTier() (far "
                        "edge, near edge or cloud) before Install(nodes), or Install(network) "
                        "to give each cluster its node's tier");
    NS_ABORT_MSG_IF(m_beaconDestinations.empty(),
                    "EdgeClusterHelper: no scheduler would hear of this cluster; call "
                    "AddBeaconDestination() or AddBeaconDestinations() before Install()");
    Ptr<EdgeClusterApplication> cluster = DynamicCast<EdgeClusterApplication>(application);
    cluster->SetCatalogue(m_catalogue);
    for (const auto& instance : m_instances)
    {
        cluster->AddInstance(instance);
    }
    for (const auto& destination : m_beaconDestinations)
    {
        cluster->AddBeaconDestination(destination);
    }
}

} // namespace ns3
