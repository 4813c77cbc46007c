// SPDX-License-Identifier: GPL-2.0-only
#ifndef TIERED_TOPOLOGY_HELPER_H
#define TIERED_TOPOLOGY_HELPER_H

#include "tiered-topology-description.h"
#include "tiered-topology-parameters.h"

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/random-variable-stream.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief The nodes of a built tiered network, by role.
 */
struct TieredTopology
{
    NodeContainer access;           //!< client nodes, one per access node
    // In a file topology each container holds the nodes of its role, in file order.
    NodeContainer gateways;         //!< far-edge gateways (schedulers), one per far-edge site
    NodeContainer farEdgeClusters;  //!< one per far-edge site
    NodeContainer nearEdgeGateways; //!< one per near-edge site
    NodeContainer nearEdgeClusters; //!< one per near-edge site
    NodeContainer coreRouter;       //!< one node (any number in a file topology)
    NodeContainer cloudClusters;    //!< one per cloud region

    /// Index in gateways of each access node's scheduler: its nearest far-edge gateway by path
    /// delay.
    std::vector<uint32_t> gatewayOfAccess;
    std::vector<NetDeviceContainer> links; //!< every link's two devices, for tracing
    /// Capacity multiplier of each cluster, in GetClusterNodes() order.
    std::vector<double> clusterCapacity;
    /// Every node with its name, in creation order.
    std::vector<std::pair<Ptr<Node>, std::string>> names;
    /// The background traffic's senders (OnOffApplication) and sinks (PacketSink).
    ApplicationContainer backgroundSenders;
    ApplicationContainer backgroundSinks;

    /// All nodes hosting a cluster, far edge first, then near edge, then cloud.
    NodeContainer GetClusterNodes() const;
    /// The first non-loopback IPv4 address of \p node.
    static Ipv4Address GetAddress(Ptr<Node> node);

    /**
     * The node's name. In a generated network, by role and index within its
     * role: access-<i>, far-edge-gateway-<i>, far-edge-<i>,
     * near-edge-gateway-<i>, near-edge-<i>, core, cloud-<i>; in a network
     * read from a file, the file's name.
     * Fault timelines, traces and animations use these names; empty if the
     * node is not part of this topology.
     */
    std::string GetNodeName(Ptr<Node> node) const;

    /// The node named \p name (see GetNodeName), or null.
    Ptr<Node> FindNode(const std::string& name) const;
};

/**
 * \ingroup aset
 * \brief Builds a tiered operator network of point-to-point links, either
 * generated from TieredTopologyParameters:
 *
 *     access[i] -- far-edge gateway[site of i] -- far-edge cluster
 *                        |  (metro links)
 *               near-edge gateway ------------ near-edge cluster
 *                        |
 *                   core router -------------- cloud cluster(s)
 *
 * (access nodes spread over the far-edge sites, and far-edge sites over the
 * near-edge sites, in contiguous blocks), or from a TieredTopologyDescription
 * read from a file. Installs the Internet stack, addresses every link from
 * 10.0.0.0/30 blocks, gives every interface a routing metric of its link's
 * delay (in 10 us, at least 1) so that routes follow the shortest delay,
 * fills the routes (global routing, or next-hop tables with
 * TieredTopologyParameters::routing NEXT_HOP), and starts the links'
 * background traffic.
 */
class TieredTopologyHelper
{
  public:
    explicit TieredTopologyHelper(const TieredTopologyParameters& parameters = {});

    /// Builds the network the parameters describe (TieredTopologyDescription::Generate).
    TieredTopology Build();
    /**
     * Builds \p description's network: its link rates and delays, or its
     * links' classes in the parameters; the parameters' capacities and
     * background traffic. Throws std::invalid_argument if the parameters do
     * not fit it (TieredTopologyDescription::CheckParameters).
     */
    TieredTopology Build(const TieredTopologyDescription& description);

    /// Assigns fixed random streams to the links' loss models, then to the background
    /// traffic; returns how many were used.
    int64_t AssignStreams(int64_t stream);

  private:
    void Connect(Ptr<Node> a, Ptr<Node> b, const TieredLinkSpec& spec);
    /// Background traffic both ways on the link \p devices at \p share of \p rate.
    void AddBackground(const NetDeviceContainer& devices, DataRate rate, double share);

    TieredTopologyParameters m_parameters;
    TieredTopology m_topology;
    std::vector<Ptr<RandomVariableStream>> m_lossStreams;
};

} // namespace ns3

#endif // TIERED_TOPOLOGY_HELPER_H
