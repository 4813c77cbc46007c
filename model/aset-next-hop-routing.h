// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_NEXT_HOP_ROUTING_H
#define ASET_NEXT_HOP_ROUTING_H

#include "aset-ns3-compat.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"

#include <memory>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Unicast IPv4 routing by a next-hop table computed once from the
 * links, whose per-packet cost does not grow with the network. Internal:
 * AsetNextHopRoutingHelper installs it.
 *
 * Ipv4GlobalRouting finds a route by scanning a list with a host route to
 * every router interface of the network, on every hop of every packet.
 * This protocol computes the same shortest paths (Dijkstra over the links
 * whose interfaces are up at both ends, each hop weighing its outgoing
 * interface's routing metric, as global routing does) and keeps, per node,
 * the next hop towards every other node in a vector indexed by node id; a
 * hash map shared by all nodes gives the node that owns an address. A
 * lookup is two constant-time steps.
 *
 * Where several paths are equally short, this protocol takes the one with
 * fewer hops, then the one it found first; global routing may take another.
 * The tables are filled by PopulateRoutingTables() and refilled by
 * RecomputeRoutingTables() after links go down or up; like global routing
 * with its default RespondToInterfaceEvents=false, they do not follow
 * interface events by themselves.
 */
class AsetNextHopRouting : public Ipv4RoutingProtocol
{
  public:
    static TypeId GetTypeId();

    /**
     * Computes the next-hop tables of every node whose IPv4 routing protocol
     * is an AsetNextHopRouting, from the point-to-point links and interface
     * metrics of every node in the NodeList.
     */
    static void PopulateRoutingTables();
    /// Recomputes them all, e.g. after interfaces went down or up.
    static void RecomputeRoutingTables();

    /// The number of destination nodes this node has a route to.
    uint32_t GetNRoutes() const;

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    ASET_ROUTE_CALLBACK(UnicastForwardCallback) ucb,
                    ASET_ROUTE_CALLBACK(MulticastForwardCallback) mcb,
                    ASET_ROUTE_CALLBACK(LocalDeliverCallback) lcb,
                    ASET_ROUTE_CALLBACK(ErrorCallback) ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    /// The first hop towards a node: out of interface, to gateway; interface -1: no route.
    struct Hop
    {
        int32_t interface{-1};
        Ipv4Address gateway;
    };
    /// Node id of the owner of every address on an interface that is up.
    using AddressOwners = std::unordered_map<uint32_t, uint32_t>;

    /// The route to \p destination, restricted to \p oif if given; null if none.
    Ptr<Ipv4Route> Lookup(Ipv4Address destination, Ptr<NetDevice> oif) const;

    Ptr<Ipv4> m_ipv4;
    std::shared_ptr<const AddressOwners> m_owners; //!< shared by every node of a population
    std::vector<Hop> m_hops;                       //!< by destination node id
    uint32_t m_nodeId{0};                          //!< this node's id, as in m_owners
};

} // namespace ns3

#endif // ASET_NEXT_HOP_ROUTING_H
