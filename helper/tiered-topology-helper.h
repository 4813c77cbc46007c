// SPDX-License-Identifier: GPL-2.0-only
#ifndef TIERED_TOPOLOGY_HELPER_H
#define TIERED_TOPOLOGY_HELPER_H

#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/random-variable-stream.h"
#include "ns3/nstime.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief One class of point-to-point link: rate, one-way delay, packet loss.
 */
struct TieredLinkSpec
{
    DataRate rate;
    Time delay;
    double lossRate{0}; //!< probability that a packet is lost on the link, each way
};

/**
 * \ingroup aset
 * \brief Shape of a tiered operator network. Defaults are the small network
 * of the default scenario; doc/aset.rst gives the public figures behind them.
 */
struct TieredTopologyParameters
{
    uint32_t accessNodes{4};   //!< where clients attach (a cell site, a street cabinet)
    uint32_t farEdgeSites{2};  //!< each: a gateway (runs a scheduler) and a cluster
    uint32_t nearEdgeSites{1}; //!< metro sites: a router and a cluster
    uint32_t cloudRegions{1};  //!< behind the core router: a cluster each

    /// Radio/fixed access plus backhaul to the far-edge site: a few ms one way.
    TieredLinkSpec access{DataRate("1Gbps"), MilliSeconds(3)};
    /// Inside a site, gateway to cluster.
    TieredLinkSpec siteLan{DataRate("10Gbps"), MicroSeconds(50)};
    /// Far edge to metro: ~100 km of fibre at 5 us/km.
    TieredLinkSpec metro{DataRate("10Gbps"), MicroSeconds(500)};
    /// Metro to core: ~200 km of fibre.
    TieredLinkSpec core{DataRate("10Gbps"), MilliSeconds(1)};
    /// Core to a cloud region: ~2000 km of fibre.
    TieredLinkSpec cloud{DataRate("10Gbps"), MilliSeconds(10)};

    /// Link MTU; at its 65535 maximum a query of up to 64 KiB is one packet, never fragmented.
    uint16_t mtu{65535};
};

/**
 * \ingroup aset
 * \brief The nodes of a built tiered network, by role.
 */
struct TieredTopology
{
    NodeContainer access;           //!< client nodes, one per access node
    NodeContainer gateways;         //!< far-edge gateways (schedulers), one per far-edge site
    NodeContainer farEdgeClusters;  //!< one per far-edge site
    NodeContainer metroRouters;     //!< one per near-edge site
    NodeContainer nearEdgeClusters; //!< one per near-edge site
    NodeContainer coreRouter;       //!< one node
    NodeContainer cloudClusters;    //!< one per cloud region

    std::vector<uint32_t> gatewayOfAccess; //!< far-edge site index serving each access node
    std::vector<NetDeviceContainer> links; //!< every link's two devices, for tracing

    /// All nodes hosting a cluster, far edge first, then near edge, then cloud.
    NodeContainer GetClusterNodes() const;
    /// The first non-loopback IPv4 address of \p node.
    static Ipv4Address GetAddress(Ptr<Node> node);

    /**
     * The node's name by role and index within its role: access-<i>,
     * gateway-<i>, far-edge-<i>, metro-<i>, near-edge-<i>, core,
     * cloud-<i>. Fault timelines, traces and animations use these names;
     * empty if the node is not part of this topology.
     */
    std::string GetNodeName(Ptr<Node> node) const;

    /// The node named \p name (see GetNodeName), or null.
    Ptr<Node> FindNode(const std::string& name) const;
};

/**
 * \ingroup aset
 * \brief Builds a tiered operator network of point-to-point links:
 *
 *     access[i] -- gateway[site of i] -- far-edge cluster
 *                        |
 *                  metro router ------- near-edge cluster
 *                        |
 *                   core router ------- cloud cluster(s)
 *
 * Access nodes are spread over the far-edge sites, and far-edge sites over
 * the metro sites, in contiguous blocks. Installs the Internet stack,
 * addresses every link from 10.0.0.0/30 blocks and fills global routes.
 */
class TieredTopologyHelper
{
  public:
    explicit TieredTopologyHelper(const TieredTopologyParameters& parameters = {});

    TieredTopology Build();

    /// Assigns fixed random streams to the links' loss models; returns how many were used.
    int64_t AssignStreams(int64_t stream);

  private:
    void Connect(Ptr<Node> a, Ptr<Node> b, const TieredLinkSpec& spec);

    TieredTopologyParameters m_parameters;
    TieredTopology m_topology;
    std::vector<Ptr<RandomVariableStream>> m_lossStreams;
};

} // namespace ns3

#endif // TIERED_TOPOLOGY_HELPER_H
