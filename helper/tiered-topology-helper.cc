// SPDX-License-Identifier: GPL-2.0-only
#include "tiered-topology-helper.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

NodeContainer
TieredTopology::GetClusterNodes() const
{
    return NodeContainer(farEdgeClusters, nearEdgeClusters, cloudClusters);
}

Ipv4Address
TieredTopology::GetAddress(Ptr<Node> node)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_UNLESS(ipv4 && ipv4->GetNInterfaces() > 1, "node has no IPv4 interface");
    return ipv4->GetAddress(1, 0).GetLocal();
}

namespace
{
/// The role containers of a topology with the name prefix of their nodes.
std::vector<std::pair<const NodeContainer*, std::string>>
NamedRoles(const TieredTopology& t)
{
    return {{&t.access, "access-"},
            {&t.gateways, "gateway-"},
            {&t.farEdgeClusters, "far-edge-"},
            {&t.metroRouters, "metro-"},
            {&t.nearEdgeClusters, "near-edge-"},
            {&t.coreRouter, "core"},
            {&t.cloudClusters, "cloud-"}};
}

std::string
NameAt(const NodeContainer* nodes, const std::string& prefix, uint32_t index, const TieredTopology& t)
{
    // The one core router has no index.
    return nodes == &t.coreRouter ? prefix : prefix + std::to_string(index);
}
} // namespace

std::string
TieredTopology::GetNodeName(Ptr<Node> node) const
{
    for (const auto& [nodes, prefix] : NamedRoles(*this))
    {
        for (uint32_t i = 0; i < nodes->GetN(); ++i)
        {
            if (nodes->Get(i) == node)
            {
                return NameAt(nodes, prefix, i, *this);
            }
        }
    }
    return "";
}

Ptr<Node>
TieredTopology::FindNode(const std::string& name) const
{
    for (const auto& [nodes, prefix] : NamedRoles(*this))
    {
        for (uint32_t i = 0; i < nodes->GetN(); ++i)
        {
            if (NameAt(nodes, prefix, i, *this) == name)
            {
                return nodes->Get(i);
            }
        }
    }
    return nullptr;
}

TieredTopologyHelper::TieredTopologyHelper(const TieredTopologyParameters& parameters)
    : m_parameters(parameters)
{
}

void
TieredTopologyHelper::Connect(Ptr<Node> a, Ptr<Node> b, const TieredLinkSpec& spec)
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(spec.rate));
    p2p.SetDeviceAttribute("Mtu", UintegerValue(m_parameters.mtu));
    p2p.SetChannelAttribute("Delay", TimeValue(spec.delay));
    NetDeviceContainer devices = p2p.Install(a, b);
    if (spec.lossRate > 0)
    {
        for (uint32_t i = 0; i < devices.GetN(); ++i)
        {
            Ptr<RateErrorModel> loss = CreateObject<RateErrorModel>();
            loss->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            loss->SetAttribute("ErrorRate", DoubleValue(spec.lossRate));
            Ptr<UniformRandomVariable> draw = CreateObject<UniformRandomVariable>();
            loss->SetAttribute("RanVar", PointerValue(draw));
            m_lossStreams.push_back(draw);
            devices.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(loss));
        }
    }
    m_topology.links.push_back(devices);
}

TieredTopology
TieredTopologyHelper::Build()
{
    const auto& p = m_parameters;
    NS_ABORT_MSG_IF(p.accessNodes == 0 || p.farEdgeSites == 0 || p.nearEdgeSites == 0,
                    "a tiered topology needs access nodes, far-edge sites and near-edge sites");
    m_topology = TieredTopology();
    m_lossStreams.clear();
    TieredTopology& t = m_topology;
    t.access.Create(p.accessNodes);
    t.gateways.Create(p.farEdgeSites);
    t.farEdgeClusters.Create(p.farEdgeSites);
    t.metroRouters.Create(p.nearEdgeSites);
    t.nearEdgeClusters.Create(p.nearEdgeSites);
    t.coreRouter.Create(1);
    t.cloudClusters.Create(p.cloudRegions);

    InternetStackHelper internet;
    internet.Install(t.access);
    internet.Install(t.gateways);
    internet.Install(t.farEdgeClusters);
    internet.Install(t.metroRouters);
    internet.Install(t.nearEdgeClusters);
    internet.Install(t.coreRouter);
    internet.Install(t.cloudClusters);

    for (uint32_t i = 0; i < p.accessNodes; ++i)
    {
        const uint32_t site = static_cast<uint32_t>(uint64_t(i) * p.farEdgeSites / p.accessNodes);
        t.gatewayOfAccess.push_back(site);
        Connect(t.access.Get(i), t.gateways.Get(site), p.access);
    }
    for (uint32_t k = 0; k < p.farEdgeSites; ++k)
    {
        Connect(t.gateways.Get(k), t.farEdgeClusters.Get(k), p.siteLan);
        const uint32_t metro = static_cast<uint32_t>(uint64_t(k) * p.nearEdgeSites / p.farEdgeSites);
        Connect(t.gateways.Get(k), t.metroRouters.Get(metro), p.metro);
    }
    for (uint32_t m = 0; m < p.nearEdgeSites; ++m)
    {
        Connect(t.metroRouters.Get(m), t.nearEdgeClusters.Get(m), p.siteLan);
        Connect(t.metroRouters.Get(m), t.coreRouter.Get(0), p.core);
    }
    for (uint32_t c = 0; c < p.cloudRegions; ++c)
    {
        Connect(t.coreRouter.Get(0), t.cloudClusters.Get(c), p.cloud);
    }

    Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.252");
    for (const auto& link : t.links)
    {
        addresses.Assign(link);
        addresses.NewNetwork();
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    return t;
}

int64_t
TieredTopologyHelper::AssignStreams(int64_t stream)
{
    for (std::size_t i = 0; i < m_lossStreams.size(); ++i)
    {
        m_lossStreams[i]->SetStream(stream + int64_t(i));
    }
    return int64_t(m_lossStreams.size());
}

} // namespace ns3
