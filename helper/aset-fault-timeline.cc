// SPDX-License-Identifier: GPL-2.0-only
#include "aset-fault-timeline.h"

#include "ns3/aset-input-error.h"

#include "ns3/aset-next-hop-routing-helper.h"
#include "ns3/double.h"
#include "ns3/edge-cluster-application.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <boost/algorithm/string/join.hpp>
#include <boost/property_tree/ptree.hpp>
#include <cmath>
#include <functional>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AsetFaultTimeline");

namespace
{
const char* const kKindNames[] = {"cluster-down", "cluster-up", "link-down", "link-up", "capacity"};
const char* const kLinkSeparator = "--";
// EdgeClusterApplication's Slowdown checker.
const double kMinSlowdown = 0.01;
const double kMaxSlowdown = 1000.0;

[[noreturn]] void
Fail(const std::string& where, const std::string& field, const std::string& problem)
{
    throw std::invalid_argument(where + (field.empty() ? "" : "." + field) + ": " + problem);
}

/// Splits "a--b" into its two node names; false unless both are non-empty.
bool
SplitLinkName(const std::string& target, std::string& a, std::string& b)
{
    const auto separator = target.find(kLinkSeparator);
    if (separator == std::string::npos)
    {
        return false;
    }
    a = target.substr(0, separator);
    b = target.substr(separator + 2);
    return !a.empty() && !b.empty() && b.find(kLinkSeparator) == std::string::npos;
}

std::string
Quote(const std::string& text)
{
    return "'" + text + "'";
}
} // namespace

FaultEvent::FaultEvent(Time at, Kind kind, std::string target)
    : at(at),
      kind(kind),
      target(std::move(target))
{
}

std::string
FaultEvent::GetKindName(Kind kind)
{
    return kKindNames[kind];
}

std::vector<std::string>
FaultEvent::GetKindNames()
{
    return {std::begin(kKindNames), std::end(kKindNames)};
}

bool
FaultEvent::IsLinkEvent() const
{
    return kind == LINK_DOWN || kind == LINK_UP;
}

std::string
FaultEvent::ToString() const
{
    std::ostringstream os;
    os << at.GetSeconds() << " s " << GetKindName(kind) << " " << target;
    if (slowdown != 0)
    {
        os << " slowdown " << slowdown;
    }
    if (replicas != 0)
    {
        os << " " << variant << " replicas " << replicas;
    }
    return os.str();
}

void
FaultEvent::Check(const std::string& where, const ModelCatalogue* catalogue) const
{
    if (at.IsStrictlyNegative())
    {
        Fail(where, "at", "must not be negative");
    }
    if (target.empty())
    {
        Fail(where, "target", "names no node");
    }
    std::string a;
    std::string b;
    if (IsLinkEvent() && !SplitLinkName(target, a, b))
    {
        Fail(where, "target", "a link is named '<nodeA>--<nodeB>'; got " + Quote(target));
    }
    if (!IsLinkEvent() && target.find(kLinkSeparator) != std::string::npos)
    {
        Fail(where,
             "target",
             "a " + GetKindName(kind) + " event names a cluster, not a link; got " + Quote(target));
    }
    if (kind != CAPACITY)
    {
        if (slowdown != 0 || replicas != 0 || !variant.empty())
        {
            Fail(where,
                 slowdown != 0 ? "slowdown" : (replicas != 0 ? "replicas" : "variant"),
                 "only a capacity event takes it");
        }
        return;
    }
    if (slowdown == 0 && replicas == 0)
    {
        Fail(where, "", "a capacity event needs slowdown, replicas or both");
    }
    if (slowdown != 0 && !(slowdown >= kMinSlowdown && slowdown <= kMaxSlowdown))
    {
        Fail(where, "slowdown", "must be within [0.01, 1000]");
    }
    if (replicas != 0 && variant.empty())
    {
        Fail(where, "variant", "replicas needs the variant whose instances change");
    }
    if (replicas == 0 && !variant.empty())
    {
        Fail(where, "variant", "is used only with replicas");
    }
    uint16_t id;
    if (catalogue && !variant.empty() && !catalogue->FindVariant(variant, id))
    {
        Fail(where, "variant", "the catalogue has no variant " + Quote(variant));
    }
}

std::vector<FaultEvent>
ParseFaultTimeline(const boost::property_tree::ptree& faults, const std::string& where)
{
    static const std::vector<std::string> keys =
        {"at", "kind", "target", "slowdown", "replicas", "variant"};
    if (faults.empty() && !faults.data().empty())
    {
        Fail(where, "", "expected an array of fault events; got " + Quote(faults.data()));
    }
    std::vector<FaultEvent> timeline;
    std::size_t index = 0;
    for (const auto& [arrayKey, element] : faults)
    {
        const std::string at = where + "[" + std::to_string(index++) + "]";
        if (!arrayKey.empty())
        {
            Fail(where,
                 "",
                 "expected an array of fault events; got an object (key " + Quote(arrayKey) + ")");
        }
        if (element.empty())
        {
            Fail(at,
                 "",
                 "expected an object with at, kind and target; got " + Quote(element.data()));
        }
        for (const auto& [key, value] : element)
        {
            if (std::find(keys.begin(), keys.end(), key) == keys.end())
            {
                Fail(at,
                     "",
                     "unknown key " + Quote(key) + "; expected " +
                         boost::algorithm::join(keys, ", "));
            }
            if (element.count(key) > 1)
            {
                Fail(at, key, "is given twice");
            }
            if (!value.empty())
            {
                Fail(at, key, "expected a value, not an object or array");
            }
        }
        // By an init-capture: clang before C++20 captures no structured binding.
        const auto text = [&at, &object = element](const std::string& key,
                                                  bool required) -> std::string {
            const auto value = object.get_optional<std::string>(key);
            if (!value && required)
            {
                Fail(at, key, "is required");
            }
            return value ? *value : "";
        };

        FaultEvent event;
        const std::string time = text("at", true);
        if (!ParseTimeWithUnit(time, event.at))
        {
            Fail(at, "at", "expected " + DescribeTimeWithUnit() + "; got " + Quote(time));
        }
        const std::string kind = text("kind", true);
        const auto names = FaultEvent::GetKindNames();
        const auto found = std::find(names.begin(), names.end(), kind);
        if (found == names.end())
        {
            Fail(at,
                 "kind",
                 "expected one of " + boost::algorithm::join(names, ", ") + "; got " + Quote(kind));
        }
        event.kind = static_cast<FaultEvent::Kind>(found - names.begin());
        event.target = text("target", true);
        const std::string slowdown = text("slowdown", false);
        if (!slowdown.empty())
        {
            std::size_t used = 0;
            try
            {
                event.slowdown = std::stod(slowdown, &used);
            }
            catch (const std::exception&)
            {
                used = 0;
            }
            if (used != slowdown.size() || !(event.slowdown > 0))
            {
                Fail(at, "slowdown", "expected a positive number; got " + Quote(slowdown));
            }
        }
        const std::string replicas = text("replicas", false);
        if (!replicas.empty())
        {
            if (!std::regex_match(replicas, std::regex("[0-9]{1,5}")) ||
                std::stoul(replicas) == 0 || std::stoul(replicas) > 65535)
            {
                Fail(at,
                     "replicas",
                     "expected a whole number from 1 to 65535; got " + Quote(replicas));
            }
            event.replicas = static_cast<uint16_t>(std::stoul(replicas));
        }
        event.variant = text("variant", false);
        event.Check(at);
        timeline.push_back(event);
    }
    return timeline;
}

void
SetLinkUp(const NetDeviceContainer& link, bool up)
{
    for (uint32_t i = 0; i < link.GetN(); ++i)
    {
        Ptr<NetDevice> device = link.Get(i);
        Ptr<Ipv4> ipv4 = device->GetNode()->GetObject<Ipv4>();
        const int32_t interface = ipv4->GetInterfaceForDevice(device);
        NS_ABORT_MSG_IF(interface < 0, "a link device without an IPv4 interface");
        if (up)
        {
            ipv4->SetUp(interface);
        }
        else
        {
            ipv4->SetDown(interface);
        }
    }
    // Each recomputes only the nodes that use its routing.
    Ipv4GlobalRoutingHelper::RecomputeRoutingTables();
    AsetNextHopRoutingHelper::RecomputeRoutingTables();
}

namespace
{
/// The cluster application on \p node, or null.
Ptr<EdgeClusterApplication>
FindCluster(Ptr<Node> node)
{
    for (uint32_t i = 0; node && i < node->GetNApplications(); ++i)
    {
        if (auto cluster = DynamicCast<EdgeClusterApplication>(node->GetApplication(i)))
        {
            return cluster;
        }
    }
    return nullptr;
}

std::string
ClusterNames(const TieredTopology& topology)
{
    std::vector<std::string> names;
    const NodeContainer nodes = topology.GetClusterNodes();
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        if (FindCluster(nodes.Get(i)))
        {
            names.push_back(topology.GetNodeName(nodes.Get(i)));
        }
    }
    return boost::algorithm::join(names, ", ");
}

void
ApplyCapacity(Ptr<EdgeClusterApplication> cluster,
              FaultEvent event,
              std::vector<uint16_t> instances)
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " capacity of " << event.target);
    if (event.slowdown != 0)
    {
        cluster->SetAttribute("Slowdown", DoubleValue(event.slowdown));
    }
    for (const uint16_t instance : instances)
    {
        cluster->SetReplicas(instance, event.replicas);
    }
}

void
ApplyLink(NetDeviceContainer link, bool up, std::string target)
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " link " << target << (up ? " up" : " down"));
    SetLinkUp(link, up);
}
} // namespace

void
ScheduleFaultTimeline(const std::vector<FaultEvent>& faults,
                      const TieredTopology& topology,
                      const std::string& where)
{
    std::vector<std::function<void()>> actions;
    for (std::size_t i = 0; i < faults.size(); ++i)
    {
        const FaultEvent& event = faults[i];
        const std::string at = where + "[" + std::to_string(i) + "]";
        event.Check(at);
        if (event.IsLinkEvent())
        {
            std::string a;
            std::string b;
            SplitLinkName(event.target, a, b);
            Ptr<Node> nodeA = topology.FindNode(a);
            Ptr<Node> nodeB = topology.FindNode(b);
            if (!nodeA || !nodeB)
            {
                const std::string& unknown = nodeA ? b : a;
                Fail(at,
                     "target",
                     "the network has no node " + Quote(unknown) + GetRenamedNodeHint(unknown));
            }
            const NetDeviceContainer* link = nullptr;
            for (const auto& devices : topology.links)
            {
                const Ptr<Node> end0 = devices.Get(0)->GetNode();
                const Ptr<Node> end1 = devices.Get(1)->GetNode();
                if ((end0 == nodeA && end1 == nodeB) || (end0 == nodeB && end1 == nodeA))
                {
                    link = &devices;
                    break;
                }
            }
            if (!link)
            {
                Fail(at,
                     "target",
                     "the network has no link between " + Quote(a) + " and " + Quote(b));
            }
            actions.emplace_back([devices = *link,
                                  up = event.kind == FaultEvent::LINK_UP,
                                  target = event.target] { ApplyLink(devices, up, target); });
            continue;
        }
        Ptr<EdgeClusterApplication> cluster = FindCluster(topology.FindNode(event.target));
        if (!cluster)
        {
            Fail(at,
                 "target",
                 Quote(event.target) + " is not a cluster; the clusters are " +
                     ClusterNames(topology));
        }
        if (event.kind != FaultEvent::CAPACITY)
        {
            const bool up = event.kind == FaultEvent::CLUSTER_UP;
            actions.emplace_back([cluster, up] { cluster->SetAvailable(up); });
            continue;
        }
        std::vector<uint16_t> instances;
        if (!event.variant.empty())
        {
            uint16_t variantId = 0;
            const bool known = cluster->GetCatalogue()->FindVariant(event.variant, variantId);
            for (std::size_t k = 0; known && k < cluster->GetInstanceCount(); ++k)
            {
                if (cluster->GetInstanceConfig(static_cast<uint16_t>(k)).variantId == variantId)
                {
                    instances.push_back(static_cast<uint16_t>(k));
                }
            }
            if (instances.empty())
            {
                Fail(at,
                     "variant",
                     Quote(event.target) + " has no instance of " + Quote(event.variant));
            }
        }
        actions.emplace_back(
            [cluster, event, instances] { ApplyCapacity(cluster, event, instances); });
    }
    for (std::size_t i = 0; i < faults.size(); ++i)
    {
        Simulator::Schedule(std::max(Time(0), faults[i].at - Simulator::Now()), actions[i]);
    }
}

} // namespace ns3
