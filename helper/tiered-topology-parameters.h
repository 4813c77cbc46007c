// SPDX-License-Identifier: GPL-2.0-only
#ifndef TIERED_TOPOLOGY_PARAMETERS_H
#define TIERED_TOPOLOGY_PARAMETERS_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <map>
#include <string>

namespace ns3
{

/**
 * \ingroup aset
 * \brief One class of point-to-point link: rate, one-way delay, packet loss
 * and background (cross) traffic.
 */
struct TieredLinkSpec
{
    DataRate rate;
    Time delay;
    double lossRate{0}; //!< probability that a packet is lost on the link, each way
    /// Share of the link's rate taken by background UDP traffic, each way, in [0, 1); 0: none.
    double background{0};
};

/**
 * \ingroup aset
 * \brief Shape of the background traffic on links whose TieredLinkSpec::background is above 0.
 *
 * Each end of such a link sends UDP datagrams to the other end's port
 * \c port, where a PacketSink takes them: the traffic crosses that link
 * only and never meets the query applications' ports.
 */
struct TieredBackgroundTraffic
{
    uint32_t packetSize{1000}; //!< UDP payload bytes of a background datagram
    /// false: constant bit rate; true: exponential on and off periods, same mean load.
    bool onOff{false};
    Time meanOn{MilliSeconds(100)};  //!< mean on period when onOff
    Time meanOff{MilliSeconds(100)}; //!< mean off period when onOff
    uint16_t port{9};                //!< the discard port
};

/**
 * \ingroup aset
 * \brief How the nodes of a tiered network find their IPv4 routes.
 */
enum class TieredRouting : uint8_t
{
    GLOBAL,   //!< ns-3's global routing (Ipv4GlobalRoutingHelper): a route list as long as the network
    NEXT_HOP, //!< next-hop tables (AsetNextHopRoutingHelper): the same shortest paths, constant-time lookups
};

/**
 * \ingroup aset
 * \brief Which schedulers hear a cluster's load beacons.
 */
enum class TieredBeaconScope : uint8_t
{
    ALL,    //!< every scheduler hears every cluster
    REGION, //!< far-edge and near-edge clusters beacon to the schedulers of their region (a
            //!< near-edge site and the far-edge sites it serves); cloud clusters to every scheduler
    FAR_EDGE_REGION, //!< only far-edge clusters beacon within their region; near-edge and cloud
                     //!< clusters to every scheduler
};

/**
 * \ingroup aset
 * \brief Shape of a tiered operator network. Defaults are the small network
 * of the default scenario; doc/aset.rst ("Topology") gives the public
 * figures behind them.
 */
struct TieredTopologyParameters
{
    uint32_t accessNodes{4};   //!< where clients attach (a cell site, a street cabinet)
    uint32_t farEdgeSites{2};  //!< each: a far-edge gateway (runs a scheduler) and a cluster
    uint32_t nearEdgeSites{1}; //!< each: a near-edge gateway and a cluster
    uint32_t cloudRegions{1};  //!< behind the core router: a cluster each

    /// Radio/fixed access plus backhaul to the far-edge site: a few ms one way.
    TieredLinkSpec access{DataRate("1Gbps"), MilliSeconds(3)};
    /// Inside a far-edge or near-edge site, its gateway to its cluster.
    TieredLinkSpec siteLan{DataRate("10Gbps"), MicroSeconds(50)};
    /// The metro network between far-edge and near-edge gateways (and any link that no other
    /// class takes): ~100 km of fibre at 5 us/km. A class of links, not a tier.
    TieredLinkSpec metro{DataRate("10Gbps"), MicroSeconds(500)};
    /// Near-edge gateway to core: ~200 km of fibre.
    TieredLinkSpec core{DataRate("10Gbps"), MilliSeconds(1)};
    /// Core to a cloud region: ~2000 km of fibre.
    TieredLinkSpec cloud{DataRate("10Gbps"), MilliSeconds(10)};

    /// Link MTU; at its 65535 maximum a query of up to 64 KiB is one packet, never fragmented.
    uint16_t mtu{65535};

    /// Capacity multipliers of every cluster of a tier: they scale the replicas of each
    /// deployment (DeploymentSpec::GetReplicas). 2 is "twice the hardware".
    double farEdgeCapacity{1};
    double nearEdgeCapacity{1};
    double cloudCapacity{1};
    /// Capacity multipliers of single clusters by node name (e.g. "near-edge-0"), over the above.
    std::map<std::string, double> clusterCapacity;

    /// Shape of the background traffic of links with TieredLinkSpec::background above 0.
    TieredBackgroundTraffic backgroundTraffic;

    /// How routes are found; both take the shortest paths by link delay.
    TieredRouting routing{TieredRouting::GLOBAL};
    /// Which schedulers hear each cluster (TieredTopologyDescription::GetBeaconAudience).
    TieredBeaconScope beaconScope{TieredBeaconScope::ALL};
};

} // namespace ns3

#endif // TIERED_TOPOLOGY_PARAMETERS_H
