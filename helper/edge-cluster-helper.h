// SPDX-License-Identifier: GPL-2.0-only
#ifndef EDGE_CLUSTER_HELPER_H
#define EDGE_CLUSTER_HELPER_H

#include "aset-application-helper.h"
#include "tiered-topology-helper.h"

#include "ns3/edge-cluster-application.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Installs EdgeClusterApplications that host the same deployment
 * and beacon to the same schedulers, each with its own ClusterId.
 *
 * Schedulers and policies weigh clusters by their tier, so there is no
 * default one: Install(TieredTopology) gives each cluster its node's tier,
 * and Install(nodes) stops the program unless the tier was set (constructor,
 * SetTier or the Tier attribute). Install also stops it if no beacon
 * destination was added, as such clusters would never be heard of.
 * ClusterIds continue across every EdgeClusterHelper of a simulation
 * (AsetApplicationHelper).
 */
class EdgeClusterHelper : public AsetApplicationHelper
{
  public:
    /// Clusters with their variants' figures from \p catalogue, tier to be set.
    explicit EdgeClusterHelper(Ptr<ModelCatalogue> catalogue);
    /// Clusters of \p tier.
    EdgeClusterHelper(Ptr<ModelCatalogue> catalogue, ClusterTier tier);

    /// The tier of the clusters installed from now on by Install(nodes).
    void SetTier(ClusterTier tier);
    /// As AsetApplicationHelper's; setting "Tier" counts as SetTier.
    void SetAttribute(const std::string& name, const AttributeValue& value);

    using AsetApplicationHelper::Install;
    /**
     * Installs a cluster on each of \p network's far-edge, near-edge and
     * cloud cluster nodes, each of its node's tier.
     */
    ApplicationContainer Install(const TieredTopology& network);

    /**
     * Deploys \p replicas of variant \p variantName on \p hardware, with a
     * queue of \p queueCapacity, on every cluster installed from now on.
     * Aborts if the catalogue does not know the variant.
     */
    void AddInstance(const std::string& variantName,
                     HardwareClass hardware,
                     uint16_t replicas,
                     uint32_t queueCapacity);
    /// Removes the deployment, to install clusters that host something else.
    void ClearInstances();

    /// Every cluster installed from now on sends its beacons to \p scheduler.
    void AddBeaconDestination(const Address& scheduler);
    /**
     * Every cluster installed from now on sends its beacons to each node of
     * \p schedulers, at the node's first IPv4 address and \p port (the
     * SchedulerApplication's BeaconPort).
     */
    void AddBeaconDestinations(const NodeContainer& schedulers, uint16_t port = 9001);
    /// Removes the beacon destinations, to install clusters heard by other schedulers.
    void ClearBeaconDestinations();

  private:
    void Configure(Ptr<Application> application) override;

    Ptr<ModelCatalogue> m_catalogue;
    bool m_tierSet{false};
    std::vector<EdgeClusterApplication::InstanceConfig> m_instances;
    std::vector<Address> m_beaconDestinations;
};

} // namespace ns3

#endif // EDGE_CLUSTER_HELPER_H
