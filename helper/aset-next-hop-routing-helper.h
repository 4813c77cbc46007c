// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_NEXT_HOP_ROUTING_HELPER_H
#define ASET_NEXT_HOP_ROUTING_HELPER_H

#include "ns3/ipv4-routing-helper.h"

namespace ns3
{

/**
 * \ingroup aset
 * \brief Gives nodes next-hop-table routing: the shortest paths of
 * Ipv4GlobalRoutingHelper (by interface metric, over the links that are up),
 * computed once, with a per-packet lookup whose cost does not grow with the
 * network (global routing scans a list with a route to every router
 * interface on every hop).
 *
 * Use it as Ipv4GlobalRoutingHelper: InternetStackHelper::SetRoutingHelper(),
 * then PopulateRoutingTables() once the links have their addresses and
 * metrics, and RecomputeRoutingTables() after links go down or up. Where
 * several paths are equally short, it takes the one with fewer hops, then
 * the first it finds, which may not be global routing's choice.
 */
class AsetNextHopRoutingHelper : public Ipv4RoutingHelper
{
  public:
    AsetNextHopRoutingHelper* Copy() const override;
    Ptr<Ipv4RoutingProtocol> Create(Ptr<Node> node) const override;

    /// Computes the routes of every node that has this routing, from every node's links.
    static void PopulateRoutingTables();
    /// Computes them again, from the links that are up now.
    static void RecomputeRoutingTables();
    /// The number of nodes \p node has a route to; 0 if it does not have this routing.
    static uint32_t GetNRoutes(Ptr<Node> node);
};

} // namespace ns3

#endif // ASET_NEXT_HOP_ROUTING_HELPER_H
