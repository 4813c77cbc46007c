// SPDX-License-Identifier: GPL-2.0-only
#include "tiered-topology-helper.h"

#include "ns3/abort.h"
#include "ns3/aset-next-hop-routing-helper.h"
#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/on-off-helper.h"
#include "ns3/onoff-application.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

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

std::string
TieredTopology::GetNodeName(Ptr<Node> node) const
{
    for (const auto& [n, name] : names)
    {
        if (n == node)
        {
            return name;
        }
    }
    return "";
}

Ptr<Node>
TieredTopology::FindNode(const std::string& name) const
{
    for (const auto& [node, n] : names)
    {
        if (n == name)
        {
            return node;
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
    return Build(TieredTopologyDescription::Generate(m_parameters));
}

TieredTopology
TieredTopologyHelper::Build(const TieredTopologyDescription& description)
{
    const auto& p = m_parameters;
    description.CheckParameters(p);
    m_topology = TieredTopology();
    m_lossStreams.clear();
    TieredTopology& t = m_topology;
    const std::pair<TieredRole, NodeContainer*> roles[] = {
        {TieredRole::ACCESS, &t.access},
        {TieredRole::FAR_EDGE_GATEWAY, &t.gateways},
        {TieredRole::FAR_EDGE, &t.farEdgeClusters},
        {TieredRole::NEAR_EDGE_GATEWAY, &t.nearEdgeGateways},
        {TieredRole::NEAR_EDGE, &t.nearEdgeClusters},
        {TieredRole::CORE, &t.coreRouter},
        {TieredRole::CLOUD, &t.cloudClusters},
    };
    // Nodes by role, in the description's order within a role.
    const auto& nodes = description.GetNodes();
    std::vector<Ptr<Node>> nodeOf(nodes.size());
    InternetStackHelper internet;
    // One routing protocol alone: every route is computed from the links, and
    // skipping a list's empty static table first saves about 6% of a run's wall time.
    if (p.routing == TieredRouting::NEXT_HOP)
    {
        internet.SetRoutingHelper(AsetNextHopRoutingHelper());
    }
    else
    {
        internet.SetRoutingHelper(Ipv4GlobalRoutingHelper());
    }
    for (const auto& [role, container] : roles)
    {
        for (std::size_t i = 0; i < nodes.size(); ++i)
        {
            if (nodes[i].role == role)
            {
                nodeOf[i] = CreateObject<Node>();
                container->Add(nodeOf[i]);
                t.names.emplace_back(nodeOf[i], nodes[i].name);
            }
        }
    }
    for (const auto& [role, container] : roles)
    {
        internet.Install(*container);
    }
    for (TieredRole role : {TieredRole::FAR_EDGE, TieredRole::NEAR_EDGE, TieredRole::CLOUD})
    {
        for (std::size_t i = 0; i < nodes.size(); ++i)
        {
            if (nodes[i].role == role)
            {
                t.clusterCapacity.push_back(description.GetCapacity(i, p));
            }
        }
    }

    std::vector<TieredLinkSpec> specs;
    for (std::size_t i = 0; i < description.GetLinks().size(); ++i)
    {
        const auto& link = description.GetLinks()[i];
        specs.push_back(description.GetLinkSpec(i, p));
        Connect(nodeOf[link.a], nodeOf[link.b], specs.back());
    }

    Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.252");
    for (std::size_t i = 0; i < t.links.size(); ++i)
    {
        addresses.Assign(t.links[i]);
        addresses.NewNetwork();
        // Global routing adds up interface metrics: make them the link's delay.
        const int64_t metric = std::clamp<int64_t>(specs[i].delay.GetMicroSeconds() / 10, 1, 65535);
        for (uint32_t e = 0; e < 2; ++e)
        {
            Ptr<NetDevice> device = t.links[i].Get(e);
            Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
            ipv4->SetMetric(ipv4->GetInterfaceForDevice(device), uint16_t(metric));
        }
    }
    if (p.routing == TieredRouting::NEXT_HOP)
    {
        AsetNextHopRoutingHelper::PopulateRoutingTables();
    }
    else
    {
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
    t.gatewayOfAccess = description.GetGatewayOfAccess(p);

    for (std::size_t i = 0; i < t.links.size(); ++i)
    {
        if (specs[i].background > 0)
        {
            AddBackground(t.links[i], specs[i].rate, specs[i].background);
        }
    }
    return t;
}

void
TieredTopologyHelper::AddBackground(const NetDeviceContainer& devices, DataRate rate, double share)
{
    const TieredBackgroundTraffic& bg = m_parameters.backgroundTraffic;
    // The share is of the link's bits: PPP (2), IPv4 (20) and UDP (8) headers count.
    const double onShare = bg.onOff ? (bg.meanOn + bg.meanOff).GetSeconds() / bg.meanOn.GetSeconds()
                                    : 1.0;
    const double payloadRate = double(rate.GetBitRate()) * share * onShare * bg.packetSize /
                               (bg.packetSize + 30.0);
    for (uint32_t e = 0; e < 2; ++e)
    {
        Ptr<NetDevice> from = devices.Get(e);
        Ptr<NetDevice> to = devices.Get(1 - e);
        Ptr<Ipv4> toIpv4 = to->GetNode()->GetObject<Ipv4>();
        const Ipv4Address toAddress =
            toIpv4->GetAddress(toIpv4->GetInterfaceForDevice(to), 0).GetLocal();
        OnOffHelper sender("ns3::UdpSocketFactory", InetSocketAddress(toAddress, bg.port));
        sender.SetAttribute("PacketSize", UintegerValue(bg.packetSize));
        sender.SetAttribute("DataRate", DataRateValue(DataRate(uint64_t(std::llround(payloadRate)))));
        if (bg.onOff)
        {
            sender.SetAttribute("OnTime",
                                StringValue("ns3::ExponentialRandomVariable[Mean=" +
                                            std::to_string(bg.meanOn.GetSeconds()) + "]"));
            sender.SetAttribute("OffTime",
                                StringValue("ns3::ExponentialRandomVariable[Mean=" +
                                            std::to_string(bg.meanOff.GetSeconds()) + "]"));
        }
        else
        {
            sender.SetConstantRate(DataRate(uint64_t(std::llround(payloadRate))), bg.packetSize);
        }
        m_topology.backgroundSenders.Add(sender.Install(from->GetNode()));
        // One sink per node and port: a node may end several loaded links.
        Ptr<Node> node = to->GetNode();
        bool hasSink = false;
        for (uint32_t i = 0; i < m_topology.backgroundSinks.GetN(); ++i)
        {
            hasSink = hasSink || m_topology.backgroundSinks.Get(i)->GetNode() == node;
        }
        if (!hasSink)
        {
            PacketSinkHelper sink("ns3::UdpSocketFactory",
                                  InetSocketAddress(Ipv4Address::GetAny(), bg.port));
            m_topology.backgroundSinks.Add(sink.Install(node));
        }
    }
}

int64_t
TieredTopologyHelper::AssignStreams(int64_t stream)
{
    for (std::size_t i = 0; i < m_lossStreams.size(); ++i)
    {
        m_lossStreams[i]->SetStream(stream + int64_t(i));
    }
    int64_t used = int64_t(m_lossStreams.size());
    for (uint32_t i = 0; i < m_topology.backgroundSenders.GetN(); ++i)
    {
        used += DynamicCast<OnOffApplication>(m_topology.backgroundSenders.Get(i))
                    ->AssignStreams(stream + used);
    }
    return used;
}

} // namespace ns3
