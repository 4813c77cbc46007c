// SPDX-License-Identifier: GPL-2.0-only
#include "aset-next-hop-routing-helper.h"

#include "../model/aset-next-hop-routing.h" // internal: by relative path
#include "ns3/ipv4.h"
#include "ns3/node.h"

namespace ns3
{

AsetNextHopRoutingHelper*
AsetNextHopRoutingHelper::Copy() const
{
    return new AsetNextHopRoutingHelper(*this);
}

Ptr<Ipv4RoutingProtocol>
AsetNextHopRoutingHelper::Create(Ptr<Node>) const
{
    return CreateObject<AsetNextHopRouting>();
}

void
AsetNextHopRoutingHelper::PopulateRoutingTables()
{
    AsetNextHopRouting::PopulateRoutingTables();
}

void
AsetNextHopRoutingHelper::RecomputeRoutingTables()
{
    AsetNextHopRouting::RecomputeRoutingTables();
}

uint32_t
AsetNextHopRoutingHelper::GetNRoutes(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    Ptr<AsetNextHopRouting> routing =
        ipv4 ? DynamicCast<AsetNextHopRouting>(ipv4->GetRoutingProtocol()) : nullptr;
    return routing ? routing->GetNRoutes() : 0;
}

} // namespace ns3
