// SPDX-License-Identifier: GPL-2.0-only
#include "aset-tracing-helper.h"

#include "tiered-topology-helper.h"

#include "ns3/channel.h"
#include "ns3/flow-monitor-helper.h"
#include "ns3/log.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <stdexcept>

#ifdef ASET_HAVE_NETANIM
#include "ns3/animation-interface.h"
#else
namespace ns3
{
/// Stands in for NetAnim's class when the build has no netanim module (an
/// ns-3 source tree that does not enable it): m_animation stays empty.
class AnimationInterface
{
};
} // namespace ns3
#endif

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AsetTracingHelper");

namespace
{
/// Animation layout: distance between tier columns and between nodes of a column.
const double kColumnSpacing = 30;
const double kRowSpacing = 15;

/// Node colours in the animation, by role.
struct RoleColour
{
    const char* role;
    uint8_t r, g, b;
};

const RoleColour kRoleColours[] = {
    {"client", 52, 152, 219},
    {"gateway", 230, 126, 34},
    {"cluster", 39, 174, 96},
    {"router", 127, 140, 141},
    {"cloud", 142, 68, 173},
};

std::vector<std::string>
SplitList(const std::string& text)
{
    std::vector<std::string> items;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty())
        {
            items.push_back(item);
        }
    }
    return items;
}
} // namespace

bool
AsetTracingOptions::IsEnabled() const
{
    return !pcap.empty() || netanim || flowmon;
}

AsetTracingHelper::AsetTracingHelper(const AsetTracingOptions& options, const std::string& prefix)
    : m_options(options),
      m_prefix(prefix)
{
}

AsetTracingHelper::~AsetTracingHelper() = default;

void
AsetTracingHelper::AddNode(Ptr<Node> node,
                           const std::string& name,
                           const std::string& role,
                           uint32_t column,
                           uint32_t row)
{
    m_nodes.push_back({node, name, role, column, row});
}

void
AsetTracingHelper::AddTopology(const TieredTopology& topology)
{
    const struct
    {
        const NodeContainer* nodes;
        const char* role;
    } tiers[] = {
        {&topology.access, "client"},
        {&topology.gateways, "gateway"},
        {&topology.farEdgeClusters, "cluster"},
        {&topology.nearEdgeGateways, "gateway"},
        {&topology.nearEdgeClusters, "cluster"},
        {&topology.coreRouter, "router"},
        {&topology.cloudClusters, "cloud"},
    };

    uint32_t column = 0;
    for (const auto& tier : tiers)
    {
        for (uint32_t i = 0; i < tier.nodes->GetN(); ++i)
        {
            Ptr<Node> node = tier.nodes->Get(i);
            AddNode(node, topology.GetNodeName(node), tier.role, column, i);
        }
        ++column;
    }
}

std::string
AsetTracingHelper::GetName(Ptr<Node> node) const
{
    for (const auto& n : m_nodes)
    {
        if (n.node == node)
        {
            return n.name;
        }
    }
    return "node" + std::to_string(node->GetId());
}

std::vector<const AsetTracingHelper::NamedNode*>
AsetTracingHelper::SelectPcapNodes() const
{
    std::vector<const NamedNode*> selected;
    for (const auto& item : SplitList(m_options.pcap))
    {
        bool matched = false;
        for (const auto& n : m_nodes)
        {
            if (item == "all" || n.name == item || n.role == item ||
                (item == "access" && n.role == "client"))
            {
                matched = true;
                if (std::find(selected.begin(), selected.end(), &n) == selected.end())
                {
                    selected.push_back(&n);
                }
            }
        }
        if (!matched)
        {
            std::string known = "all, access, client, gateway, cluster, router, cloud";
            for (const auto& n : m_nodes)
            {
                known += ", " + n.name;
            }
            throw std::invalid_argument("pcap: '" + item + "' is no node name or role (known: " +
                                        known + ")" + GetRenamedNodeHint(item));
        }
    }
    return selected;
}

void
AsetTracingHelper::Start()
{
    if (!m_options.pcap.empty())
    {
        PointToPointHelper pointToPoint;
        for (const NamedNode* n : SelectPcapNodes())
        {
            for (uint32_t d = 0; d < n->node->GetNDevices(); ++d)
            {
                Ptr<NetDevice> device = n->node->GetDevice(d);
                if (!DynamicCast<PointToPointNetDevice>(device))
                {
                    continue; // the loopback device
                }
                // Named after the link's two ends: <prefix>-<node>-<peer>.pcap.
                Ptr<Channel> channel = device->GetChannel();
                Ptr<NetDevice> peer = channel->GetDevice(channel->GetDevice(0) == device ? 1 : 0);
                const std::string file =
                    m_prefix + "-" + n->name + "-" + GetName(peer->GetNode()) + ".pcap";
                pointToPoint.EnablePcap(file, device, false, true);
                m_files.push_back(file);
            }
        }
    }
    if (m_options.netanim)
    {
#ifndef ASET_HAVE_NETANIM
        throw std::invalid_argument("--netanim: this build of aset has no NetAnim: ns-3's "
                                    "netanim module is not enabled in its ns-3 tree");
#else
        // Positions first: the animation writes its nodes when it is created.
        std::map<uint32_t, uint32_t> rowsPerColumn;
        uint32_t tallest = 0;
        for (const auto& n : m_nodes)
        {
            rowsPerColumn[n.column] = std::max(rowsPerColumn[n.column], n.row + 1);
            tallest = std::max(tallest, rowsPerColumn[n.column]);
        }
        for (const auto& n : m_nodes)
        {
            // Each column centred on the tallest one.
            const double offset = (tallest - rowsPerColumn[n.column]) * kRowSpacing / 2;
            AnimationInterface::SetConstantPosition(n.node,
                                                    10 + n.column * kColumnSpacing,
                                                    10 + offset + n.row * kRowSpacing);
        }
        const std::string file = m_prefix + "-netanim.xml";
        m_animation = std::make_unique<AnimationInterface>(file);
        m_animation->SetStopTime(m_options.animationStop);
        for (const auto& n : m_nodes)
        {
            m_animation->UpdateNodeDescription(n.node, n.name + " (" + n.role + ")");
            for (const auto& colour : kRoleColours)
            {
                if (n.role == colour.role)
                {
                    m_animation->UpdateNodeColor(n.node, colour.r, colour.g, colour.b);
                }
            }
        }
        m_files.push_back(file);
#endif
    }
    if (m_options.flowmon)
    {
        m_flowMonitor = std::make_unique<FlowMonitorHelper>();
        m_flowMonitor->InstallAll();
        m_files.push_back(m_prefix + "-flowmon.xml");
    }
    NS_LOG_INFO("tracing to " << m_files.size() << " files with prefix " << m_prefix);
}

void
AsetTracingHelper::Finish()
{
    if (m_flowMonitor)
    {
        m_flowMonitor->GetMonitor()->CheckForLostPackets();
        m_flowMonitor->SerializeToXmlFile(m_prefix + "-flowmon.xml", false, false);
        m_flowMonitor.reset();
    }
    m_animation.reset(); // closes the XML document
}

const std::vector<std::string>&
AsetTracingHelper::GetFiles() const
{
    return m_files;
}

} // namespace ns3
