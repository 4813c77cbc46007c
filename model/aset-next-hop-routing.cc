// SPDX-License-Identifier: GPL-2.0-only
#include "aset-next-hop-routing.h"

#include "ns3/channel.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/net-device.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"

#include <limits>
#include <queue>
#include <tuple>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AsetNextHopRouting");
NS_OBJECT_ENSURE_REGISTERED(AsetNextHopRouting);

namespace
{
/// A usable link from a node: its interface, the neighbour, the neighbour's address, the metric.
struct Edge
{
    uint32_t interface;
    uint32_t neighbour;
    Ipv4Address gateway;
    uint16_t metric;
};

/// The neighbours reachable from \p node over interfaces that are up at both ends.
std::vector<Edge>
EdgesOf(Ptr<Node> node)
{
    std::vector<Edge> edges;
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    for (uint32_t i = 1; ipv4 && i < ipv4->GetNInterfaces(); ++i)
    {
        Ptr<NetDevice> device = ipv4->GetNetDevice(i);
        Ptr<Channel> channel = device->GetChannel();
        if (!ipv4->IsUp(i) || !channel)
        {
            continue;
        }
        for (std::size_t d = 0; d < channel->GetNDevices(); ++d)
        {
            Ptr<NetDevice> peer = channel->GetDevice(d);
            Ptr<Ipv4> peerIpv4 = peer->GetNode()->GetObject<Ipv4>();
            const int32_t j = peerIpv4 ? peerIpv4->GetInterfaceForDevice(peer) : -1;
            if (peer == device || j < 0 || !peerIpv4->IsUp(j) || peerIpv4->GetNAddresses(j) == 0)
            {
                continue;
            }
            edges.push_back({i,
                             peer->GetNode()->GetId(),
                             peerIpv4->GetAddress(j, 0).GetLocal(),
                             ipv4->GetMetric(i)});
        }
    }
    return edges;
}
} // namespace

TypeId
AsetNextHopRouting::GetTypeId()
{
    static TypeId tid = TypeId("ns3::AsetNextHopRouting")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Aset")
                            .AddConstructor<AsetNextHopRouting>();
    return tid;
}

void
AsetNextHopRouting::PopulateRoutingTables()
{
    const uint32_t n = NodeList::GetNNodes();
    std::vector<std::vector<Edge>> graph(n);
    auto owners = std::make_shared<AddressOwners>();
    for (uint32_t v = 0; v < n; ++v)
    {
        Ptr<Node> node = NodeList::GetNode(v);
        graph[v] = EdgesOf(node);
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        for (uint32_t i = 1; ipv4 && i < ipv4->GetNInterfaces(); ++i)
        {
            for (uint32_t a = 0; ipv4->IsUp(i) && a < ipv4->GetNAddresses(i); ++a)
            {
                (*owners)[ipv4->GetAddress(i, a).GetLocal().Get()] = v;
            }
        }
    }

    // One Dijkstra per routing node: distance by metric, ties to fewer hops.
    using Key = std::tuple<uint64_t, uint32_t, uint32_t>; // distance, hops, node
    const uint64_t unreached = std::numeric_limits<uint64_t>::max();
    for (uint32_t source = 0; source < n; ++source)
    {
        Ptr<Ipv4> ipv4 = NodeList::GetNode(source)->GetObject<Ipv4>();
        Ptr<AsetNextHopRouting> routing =
            ipv4 ? DynamicCast<AsetNextHopRouting>(ipv4->GetRoutingProtocol()) : nullptr;
        if (!routing)
        {
            continue;
        }
        std::vector<std::pair<uint64_t, uint32_t>> best(n, {unreached, 0});
        std::vector<Hop> hops(n);
        std::priority_queue<Key, std::vector<Key>, std::greater<>> open;
        best[source] = {0, 0};
        open.emplace(0, 0, source);
        while (!open.empty())
        {
            const auto [distance, count, v] = open.top();
            open.pop();
            if (std::make_pair(distance, count) != best[v])
            {
                continue; // a stale entry
            }
            for (const Edge& e : graph[v])
            {
                const std::pair<uint64_t, uint32_t> through{distance + e.metric, count + 1};
                if (through < best[e.neighbour])
                {
                    best[e.neighbour] = through;
                    hops[e.neighbour] =
                        v == source ? Hop{int32_t(e.interface), e.gateway} : hops[v];
                    open.emplace(through.first, through.second, e.neighbour);
                }
            }
        }
        hops[source] = Hop(); // global routing has no route to the node's own addresses either
        routing->m_hops = std::move(hops);
        routing->m_nodeId = source;
        routing->m_owners = owners;
    }
}

void
AsetNextHopRouting::RecomputeRoutingTables()
{
    PopulateRoutingTables();
}

uint32_t
AsetNextHopRouting::GetNRoutes() const
{
    uint32_t routes = 0;
    for (const Hop& hop : m_hops)
    {
        routes += hop.interface >= 0 ? 1 : 0;
    }
    return routes;
}

Ptr<Ipv4Route>
AsetNextHopRouting::Lookup(Ipv4Address destination, Ptr<NetDevice> oif) const
{
    if (!m_owners)
    {
        return nullptr;
    }
    const auto owner = m_owners->find(destination.Get());
    if (owner == m_owners->end() || owner->second >= m_hops.size())
    {
        return nullptr;
    }
    const Hop& hop = m_hops[owner->second];
    if (hop.interface < 0 || (oif && oif != m_ipv4->GetNetDevice(hop.interface)))
    {
        return nullptr;
    }
    Ptr<Ipv4Route> route = Create<Ipv4Route>();
    route->SetDestination(destination);
    route->SetSource(m_ipv4->GetAddress(hop.interface, 0).GetLocal());
    route->SetGateway(hop.gateway);
    route->SetOutputDevice(m_ipv4->GetNetDevice(hop.interface));
    return route;
}

Ptr<Ipv4Route>
AsetNextHopRouting::RouteOutput(Ptr<Packet> p,
                                const Ipv4Header& header,
                                Ptr<NetDevice> oif,
                                Socket::SocketErrno& sockerr)
{
    NS_LOG_FUNCTION(this << p << header.GetDestination() << oif);
    Ptr<Ipv4Route> route =
        header.GetDestination().IsMulticast() ? nullptr : Lookup(header.GetDestination(), oif);
    sockerr = route ? Socket::ERROR_NOTERROR : Socket::ERROR_NOROUTETOHOST;
    return route;
}

bool
AsetNextHopRouting::RouteInput(Ptr<const Packet> p,
                               const Ipv4Header& header,
                               Ptr<const NetDevice> idev,
                               ASET_ROUTE_CALLBACK(UnicastForwardCallback) ucb,
                               ASET_ROUTE_CALLBACK(MulticastForwardCallback) mcb,
                               ASET_ROUTE_CALLBACK(LocalDeliverCallback) lcb,
                               ASET_ROUTE_CALLBACK(ErrorCallback) ecb)
{
    NS_LOG_FUNCTION(this << p << header.GetDestination() << idev);
    // As Ipv4GlobalRouting: local delivery first, then forwarding if allowed. A
    // unicast address the table gives to another node is not ours, which
    // spares IsDestinationAddress: its weak end-system model scans every
    // interface of the node, a cost per packet that grows with the node's
    // links (the core's grow with the near-edge sites). Anything else (ours,
    // broadcast, multicast, unknown) is for IsDestinationAddress to judge.
    const uint32_t iif = m_ipv4->GetInterfaceForDevice(idev);
    const auto owner = m_owners ? m_owners->find(header.GetDestination().Get())
                                : AddressOwners::const_iterator();
    const bool elsewhere = m_owners && owner != m_owners->end() && owner->second != m_nodeId;
    if (!elsewhere && m_ipv4->IsDestinationAddress(header.GetDestination(), iif))
    {
        if (lcb.IsNull())
        {
            return false; // multicast or broadcast: another protocol's job
        }
        lcb(p, header, iif);
        return true;
    }
    if (!m_ipv4->IsForwarding(iif))
    {
        ecb(p, header, Socket::ERROR_NOROUTETOHOST);
        return true;
    }
    Ptr<Ipv4Route> route = Lookup(header.GetDestination(), nullptr);
    if (!route)
    {
        return false;
    }
    ucb(route, p, header);
    return true;
}

void
AsetNextHopRouting::NotifyInterfaceUp(uint32_t)
{
}

void
AsetNextHopRouting::NotifyInterfaceDown(uint32_t)
{
}

void
AsetNextHopRouting::NotifyAddAddress(uint32_t, Ipv4InterfaceAddress)
{
}

void
AsetNextHopRouting::NotifyRemoveAddress(uint32_t, Ipv4InterfaceAddress)
{
}

void
AsetNextHopRouting::SetIpv4(Ptr<Ipv4> ipv4)
{
    NS_ASSERT(!m_ipv4 && ipv4);
    m_ipv4 = ipv4;
}

void
AsetNextHopRouting::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit) const
{
    std::ostream& os = *stream->GetStream();
    os << "Node: " << m_ipv4->GetObject<Node>()->GetId() << ", next hops by destination node\n"
       << "Node\tGateway\t\tInterface\n";
    for (std::size_t v = 0; v < m_hops.size(); ++v)
    {
        if (m_hops[v].interface >= 0)
        {
            os << v << "\t" << m_hops[v].gateway << "\t" << m_hops[v].interface << "\n";
        }
    }
}

void
AsetNextHopRouting::DoDispose()
{
    m_ipv4 = nullptr;
    m_owners.reset();
    m_hops.clear();
    Ipv4RoutingProtocol::DoDispose();
}

} // namespace ns3
