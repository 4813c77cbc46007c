// SPDX-License-Identifier: GPL-2.0-only
#include "tiered-topology-description.h"

#include "ns3/aset-input-error.h"
#include "ns3/names.h"
#include "ns3/node-container.h"
#include "ns3/topology-reader-helper.h"
#include "ns3/topology-reader.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{
const std::pair<TieredRole, const char*> kRoleNames[] = {
    {TieredRole::ACCESS, "access"},
    {TieredRole::FAR_EDGE_GATEWAY, "far-edge-gateway"},
    {TieredRole::FAR_EDGE, "far-edge"},
    {TieredRole::NEAR_EDGE_GATEWAY, "near-edge-gateway"},
    {TieredRole::NEAR_EDGE, "near-edge"},
    {TieredRole::CORE, "core"},
    {TieredRole::CLOUD, "cloud"},
};

/// The old names of the gateway roles, and the names that replaced them.
const std::pair<const char*, TieredRole> kOldRoleNames[] = {
    {"gateway", TieredRole::FAR_EDGE_GATEWAY},
    {"metro", TieredRole::NEAR_EDGE_GATEWAY},
};

/// The role that replaced \p oldRole, an old role name; empty for any other name.
std::string
RenamedRole(const std::string& oldRole)
{
    for (const auto& [old, role] : kOldRoleNames)
    {
        if (oldRole == old)
        {
            return ToString(role);
        }
    }
    return "";
}

/// ns-3's TopologyReaderHelper file types of the formats Load() accepts besides "aset".
const std::pair<const char*, const char*> kReaderFormats[] = {
    {"inet", "Inet"},
    {"orbis", "Orbis"},
    {"rocketfuel", "Rocketfuel"},
};

/// Shortest-path distances pack the delay in ns above 16 bits of hop count.
constexpr int kHopBits = 16;

/**
 * The longest line handed to ns-3's readers. The Rocketfuel reader matches
 * each line with std::regex, which recurses per character: lines of some
 * 100000 characters overflow the stack. Real Rocketfuel lines, a router and
 * its neighbours, stay far below.
 */
constexpr std::size_t kMaxReaderLineLength = 8192;

/// The most links a network may have: each gets a /30 of 10.0.0.0/8 (4194304 of them),
/// and ns-3's global routing grows with their number.
constexpr std::size_t kMaxLinks = 20000;

std::string
RoleList()
{
    std::string list;
    for (const auto& [role, name] : kRoleNames)
    {
        list += (list.empty() ? "" : ", ") + std::string(name);
    }
    return list;
}

/// One statement of the text format, split into words, with its line number.
struct Statement
{
    std::size_t line;
    std::vector<std::string> words;
};

/// Reads the statements of \p in: '#' starts a comment, blank lines are skipped.
std::vector<Statement>
ReadStatements(std::istream& in)
{
    std::vector<Statement> statements;
    std::string text;
    std::size_t line = 0;
    while (std::getline(in, text))
    {
        ++line;
        std::istringstream words(text.substr(0, text.find('#')));
        Statement s{line, {}};
        for (std::string word; words >> word;)
        {
            s.words.push_back(word);
        }
        if (!s.words.empty())
        {
            statements.push_back(std::move(s));
        }
    }
    return statements;
}

/// A finite number in [min, max) (or [min, max] when \p closed); false otherwise.
bool
ParseNumber(const std::string& text, double min, double max, bool closed, double& value)
{
    std::size_t used = 0;
    try
    {
        value = std::stod(text, &used);
    }
    catch (const std::exception&)
    {
        return false;
    }
    return used == text.size() && std::isfinite(value) && value >= min &&
           (value < max || (closed && value == max));
}

/// Parses the node statement \p s into \p description's nodes (the names are checked later).
TieredTopologyDescription::Node
ParseNode(const Statement& s, const std::string& source)
{
    const auto fail = [&](const std::string& field, const std::string& problem) {
        throw AsetInputError(source, s.line, field, problem);
    };
    if (s.words.size() < 2)
    {
        fail("name", "missing: expected 'node <name> <role> [capacity=<x>]'");
    }
    if (s.words.size() < 3)
    {
        fail("role", "missing: expected one of " + RoleList());
    }
    TieredTopologyDescription::Node node;
    node.name = s.words[1];
    node.line = s.line;
    bool known = false;
    for (const auto& [role, name] : kRoleNames)
    {
        if (s.words[2] == name)
        {
            node.role = role;
            known = true;
        }
    }
    if (!known)
    {
        const std::string renamed = RenamedRole(s.words[2]);
        fail("role",
             renamed.empty()
                 ? "expected one of " + RoleList() + ", got '" + s.words[2] + "'"
                 : "role '" + s.words[2] + "' is now '" + renamed + "'");
    }
    for (std::size_t i = 3; i < s.words.size(); ++i)
    {
        const std::string& word = s.words[i];
        const std::size_t eq = word.find('=');
        const std::string key = word.substr(0, eq);
        if (eq == std::string::npos || key != "capacity")
        {
            fail(key, "unknown option: a node line takes only capacity=<x>");
        }
        const std::string value = word.substr(eq + 1);
        if (!ParseNumber(value, 0, std::numeric_limits<double>::max(), true, node.capacity) ||
            node.capacity == 0)
        {
            fail("capacity", "expected a positive number, got '" + value + "'");
        }
        if (!IsCluster(node.role))
        {
            fail("capacity", "only clusters (far-edge, near-edge, cloud) have a capacity");
        }
    }
    return node;
}

/// Raw link statement: node names still unresolved.
struct RawLink
{
    std::string a;
    std::string b;
    TieredTopologyDescription::Link link;
};

RawLink
ParseLink(const Statement& s, const std::string& source)
{
    const auto fail = [&](const std::string& field, const std::string& problem) {
        throw AsetInputError(source, s.line, field, problem);
    };
    static const char* const positional[] = {"a", "b", "rate", "delay"};
    const std::size_t given = s.words.size() - 1;
    for (std::size_t i = given; i < 4; ++i)
    {
        fail(positional[i], "missing: expected 'link <a> <b> <rate|-> <delay|-> [loss=<p>] "
                            "[background=<u>]'");
    }
    RawLink raw{s.words[1], s.words[2], {}};
    raw.link.line = s.line;
    if (raw.a == raw.b)
    {
        fail("b", "a link joins two different nodes, got '" + raw.b + "' twice");
    }
    if (s.words[3] != "-")
    {
        DataRate rate;
        if (!ParseRateWithUnit(s.words[3], rate))
        {
            fail("rate", "expected " + DescribeRateWithUnit() + ", got '" + s.words[3] + "'");
        }
        raw.link.rate = rate;
    }
    if (s.words[4] != "-")
    {
        Time delay;
        if (!ParseTimeWithUnit(s.words[4], delay) ||
            delay > Seconds(TieredTopologyDescription::kMaxLinkDelaySeconds))
        {
            fail("delay", "expected a time like 2ms, up to 10s, got '" + s.words[4] + "'");
        }
        raw.link.delay = delay;
    }
    for (std::size_t i = 5; i < s.words.size(); ++i)
    {
        const std::string& word = s.words[i];
        const std::size_t eq = word.find('=');
        const std::string key = word.substr(0, eq);
        const std::string value = eq == std::string::npos ? "" : word.substr(eq + 1);
        double number = 0;
        if (eq != std::string::npos && key == "loss")
        {
            if (!ParseNumber(value, 0, 1, false, number))
            {
                fail("loss", "expected a probability in [0, 1), got '" + value + "'");
            }
            raw.link.loss = number;
        }
        else if (eq != std::string::npos && key == "background")
        {
            if (!ParseNumber(value, 0, 1, false, number))
            {
                fail("background", "expected a share of the rate in [0, 1), got '" + value + "'");
            }
            raw.link.background = number;
        }
        else
        {
            fail(key, "unknown option: a link line takes loss=<p> and background=<u>");
        }
    }
    return raw;
}

using DelayGraph = boost::adjacency_list<boost::vecS,
                                         boost::vecS,
                                         boost::undirectedS,
                                         boost::no_property,
                                         boost::property<boost::edge_weight_t, int64_t>>;
} // namespace

std::string
ToString(TieredRole role)
{
    for (const auto& [r, name] : kRoleNames)
    {
        if (r == role)
        {
            return name;
        }
    }
    return "unknown";
}

std::string
GetRenamedNodeHint(const std::string& name)
{
    const std::size_t dash = name.rfind('-');
    if (dash == std::string::npos || dash + 1 == name.size() ||
        name.find_first_not_of("0123456789", dash + 1) != std::string::npos)
    {
        return "";
    }
    const std::string renamed = RenamedRole(name.substr(0, dash));
    if (renamed.empty())
    {
        return "";
    }
    return "; the gateways are now named far-edge-gateway-<i> and near-edge-gateway-<i> ('" + name +
           "' is '" + renamed + name.substr(dash) + "')";
}

bool
IsCluster(TieredRole role)
{
    return role == TieredRole::FAR_EDGE || role == TieredRole::NEAR_EDGE ||
           role == TieredRole::CLOUD;
}

const std::vector<std::pair<std::string, TieredRouting>>&
GetRoutingNames()
{
    static const std::vector<std::pair<std::string, TieredRouting>> names = {
        {"global", TieredRouting::GLOBAL},
        {"next-hop", TieredRouting::NEXT_HOP},
    };
    return names;
}

const std::vector<std::pair<std::string, TieredBeaconScope>>&
GetBeaconScopeNames()
{
    static const std::vector<std::pair<std::string, TieredBeaconScope>> names = {
        {"all", TieredBeaconScope::ALL},
        {"region", TieredBeaconScope::REGION},
        {"far-edge-region", TieredBeaconScope::FAR_EDGE_REGION},
    };
    return names;
}

TieredTopologyDescription
TieredTopologyDescription::Generate(const TieredTopologyParameters& p)
{
    if (p.accessNodes == 0 || p.farEdgeSites == 0 || p.nearEdgeSites == 0)
    {
        throw std::invalid_argument(
            "a tiered topology needs access nodes, far-edge sites and near-edge sites");
    }
    TieredTopologyDescription d;
    d.m_sourceName = "generated";
    // Nodes by role, in the order the helper creates them; indices follow.
    const auto add = [&d](TieredRole role, uint32_t count, const std::string& prefix) {
        const uint32_t first = uint32_t(d.m_nodes.size());
        for (uint32_t i = 0; i < count; ++i)
        {
            d.m_nodes.push_back({role == TieredRole::CORE ? prefix : prefix + std::to_string(i),
                                 role,
                                 0,
                                 0});
        }
        return first;
    };
    const uint32_t access = add(TieredRole::ACCESS, p.accessNodes, "access-");
    const uint32_t farEdgeGateway =
        add(TieredRole::FAR_EDGE_GATEWAY, p.farEdgeSites, "far-edge-gateway-");
    const uint32_t farEdge = add(TieredRole::FAR_EDGE, p.farEdgeSites, "far-edge-");
    const uint32_t nearEdgeGateway =
        add(TieredRole::NEAR_EDGE_GATEWAY, p.nearEdgeSites, "near-edge-gateway-");
    const uint32_t nearEdge = add(TieredRole::NEAR_EDGE, p.nearEdgeSites, "near-edge-");
    const uint32_t core = add(TieredRole::CORE, 1, "core");
    const uint32_t cloud = add(TieredRole::CLOUD, p.cloudRegions, "cloud-");
    const auto link = [&d](uint32_t a, uint32_t b) {
        Link l;
        l.a = a;
        l.b = b;
        d.m_links.push_back(l);
    };
    // Access nodes over the far-edge sites, and those over the near-edge sites, in contiguous
    // blocks.
    for (uint32_t i = 0; i < p.accessNodes; ++i)
    {
        link(access + i, farEdgeGateway + uint32_t(uint64_t(i) * p.farEdgeSites / p.accessNodes));
    }
    for (uint32_t k = 0; k < p.farEdgeSites; ++k)
    {
        link(farEdgeGateway + k, farEdge + k);
        link(farEdgeGateway + k,
             nearEdgeGateway + uint32_t(uint64_t(k) * p.nearEdgeSites / p.farEdgeSites));
    }
    for (uint32_t m = 0; m < p.nearEdgeSites; ++m)
    {
        link(nearEdgeGateway + m, nearEdge + m);
        link(nearEdgeGateway + m, core);
    }
    for (uint32_t c = 0; c < p.cloudRegions; ++c)
    {
        link(core, cloud + c);
    }
    return d;
}

TieredTopologyDescription
TieredTopologyDescription::Parse(std::istream& in, const std::string& sourceName)
{
    TieredTopologyDescription d;
    d.m_sourceName = sourceName;
    std::vector<RawLink> raw;
    for (const Statement& s : ReadStatements(in))
    {
        if (s.words[0] == "node")
        {
            d.AddNode(ParseNode(s, sourceName), sourceName);
        }
        else if (s.words[0] == "link")
        {
            raw.push_back(ParseLink(s, sourceName));
        }
        else
        {
            throw AsetInputError(sourceName,
                                 s.line,
                                 "",
                                 "expected a 'node' or 'link' statement, got '" + s.words[0] + "'");
        }
    }
    // Links may name nodes defined further down.
    std::map<std::pair<uint32_t, uint32_t>, std::size_t> linked;
    for (RawLink& r : raw)
    {
        for (auto [field, name, index] : {std::make_tuple("a", &r.a, &r.link.a),
                                          std::make_tuple("b", &r.b, &r.link.b)})
        {
            const int64_t found = d.FindNode(*name);
            if (found < 0)
            {
                throw AsetInputError(sourceName, r.link.line, field, "unknown node '" + *name + "'");
            }
            *index = uint32_t(found);
        }
        const auto key = std::minmax(r.link.a, r.link.b);
        const auto [it, fresh] = linked.emplace(key, r.link.line);
        if (!fresh)
        {
            throw AsetInputError(sourceName,
                                 r.link.line,
                                 "b",
                                 "'" + r.a + "' and '" + r.b + "' are already linked on line " +
                                     std::to_string(it->second));
        }
        d.m_links.push_back(r.link);
    }
    d.Validate();
    return d;
}

TieredTopologyDescription
TieredTopologyDescription::Load(const std::string& format,
                                const std::string& path,
                                const std::string& rolesPath)
{
    if (format == "aset")
    {
        if (!rolesPath.empty())
        {
            throw AsetInputError(rolesPath, 0, "", "an aset topology file names its roles itself");
        }
        return Parse(*OpenInputFile(path), path);
    }
    const char* fileType = nullptr;
    for (const auto& [name, type] : kReaderFormats)
    {
        if (format == name)
        {
            fileType = type;
        }
    }
    if (!fileType)
    {
        throw AsetInputError(path, 0, "format", "expected aset, inet, orbis or rocketfuel, got '" +
                                                    format + "'");
    }
    if (rolesPath.empty())
    {
        throw AsetInputError(path,
                             0,
                             "",
                             "the " + format +
                                 " format has no node roles: give a roles file of node lines too");
    }
    {
        auto in = OpenInputFile(path); // ns-3's readers only log a file they cannot open
        std::string text;
        for (std::size_t line = 1; std::getline(*in, text); ++line)
        {
            if (text.size() > kMaxReaderLineLength)
            {
                throw AsetInputError(path,
                                     line,
                                     "",
                                     "a line of " + std::to_string(text.size()) +
                                         " characters, more than the " +
                                         std::to_string(kMaxReaderLineLength) +
                                         " ns-3's readers take");
            }
        }
    }

    // The roles file: node statements only.
    TieredTopologyDescription roles;
    auto rolesIn = OpenInputFile(rolesPath);
    for (const Statement& s : ReadStatements(*rolesIn))
    {
        if (s.words[0] != "node")
        {
            throw AsetInputError(rolesPath,
                                 s.line,
                                 "",
                                 "a roles file has node statements only (the links come from " +
                                     path + "), got '" + s.words[0] + "'");
        }
        roles.AddNode(ParseNode(s, rolesPath), rolesPath);
    }

    TopologyReaderHelper helper;
    helper.SetFileName(path);
    helper.SetFileType(fileType);
    Ptr<TopologyReader> reader = helper.GetTopologyReader();
    try
    {
        reader->Read(); // its ns-3 nodes stay unused: the helper builds its own
    }
    catch (const std::exception& e)
    {
        // ns-3's readers check little: a weight std::stod cannot read escapes from them.
        throw AsetInputError(path,
                             0,
                             "",
                             "ns-3's " + std::string(fileType) + " reader cannot read it (" +
                                 e.what() + "): is it a " + format + " file?");
    }
#if ASET_NS3_MINOR >= 38
    // From ns-3.38 the readers also give every node they create its file name in ns-3's
    // global Names, where a second read of any file naming a node alike would abort.
    Names::Clear();
#endif
    if (reader->LinksEmpty())
    {
        throw AsetInputError(path, 0, "", "no links read: is it a " + format + " file?");
    }
    TieredTopologyDescription d;
    d.m_sourceName = path;
    std::map<std::pair<uint32_t, uint32_t>, bool> linked;
    for (auto it = reader->LinksBegin(); it != reader->LinksEnd(); ++it)
    {
        uint32_t ends[2];
        const std::string names[2] = {it->GetFromNodeName(), it->GetToNodeName()};
        for (int e = 0; e < 2; ++e)
        {
            int64_t index = d.FindNode(names[e]);
            if (index < 0)
            {
                const int64_t listed = roles.FindNode(names[e]);
                index = int64_t(d.m_nodes.size());
                d.m_nodes.push_back(listed >= 0 ? roles.m_nodes[listed]
                                                : Node{names[e], TieredRole::CORE, 0, 0});
            }
            ends[e] = uint32_t(index);
        }
        // A reader may list a link once per direction, or to itself: keep one, drop loops.
        if (ends[0] != ends[1] && linked.emplace(std::minmax(ends[0], ends[1]), true).second)
        {
            Link l;
            l.a = ends[0];
            l.b = ends[1];
            d.m_links.push_back(l);
        }
    }
    for (const Node& node : roles.m_nodes)
    {
        if (d.FindNode(node.name) < 0)
        {
            throw AsetInputError(rolesPath,
                                 node.line,
                                 "name",
                                 "node '" + node.name + "' is on no link of " + path);
        }
    }
    d.Validate();
    return d;
}

void
TieredTopologyDescription::AddNode(const Node& node, const std::string& source)
{
    const int64_t previous = FindNode(node.name);
    if (previous >= 0)
    {
        throw AsetInputError(source,
                             node.line,
                             "name",
                             "node '" + node.name + "' is already defined on line " +
                                 std::to_string(m_nodes[previous].line));
    }
    m_nodes.push_back(node);
}

std::vector<std::string>
TieredTopologyDescription::GetFormatNames()
{
    std::vector<std::string> names{"aset"};
    for (const auto& [name, type] : kReaderFormats)
    {
        names.emplace_back(name);
    }
    return names;
}

std::string
TieredTopologyDescription::GetShippedPath(const std::string& name)
{
    return std::string(ASET_DATA_DIR) + "/topologies/" + name;
}

const std::string&
TieredTopologyDescription::GetSourceName() const
{
    return m_sourceName;
}

const std::vector<TieredTopologyDescription::Node>&
TieredTopologyDescription::GetNodes() const
{
    return m_nodes;
}

const std::vector<TieredTopologyDescription::Link>&
TieredTopologyDescription::GetLinks() const
{
    return m_links;
}

int64_t
TieredTopologyDescription::FindNode(const std::string& name) const
{
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
    {
        if (m_nodes[i].name == name)
        {
            return int64_t(i);
        }
    }
    return -1;
}

bool
TieredTopologyDescription::IsClusterNode(const std::string& name) const
{
    const int64_t node = FindNode(name);
    return node >= 0 && IsCluster(m_nodes[node].role);
}

const TieredLinkSpec&
TieredTopologyDescription::GetLinkClass(TieredRole a,
                                        TieredRole b,
                                        const TieredTopologyParameters& p)
{
    const auto either = [a, b](TieredRole r) { return a == r || b == r; };
    const auto pair = [a, b](TieredRole x, TieredRole y) {
        return (a == x && b == y) || (a == y && b == x);
    };
    if (either(TieredRole::ACCESS))
    {
        return p.access;
    }
    if (either(TieredRole::CLOUD))
    {
        return p.cloud;
    }
    if (pair(TieredRole::FAR_EDGE_GATEWAY, TieredRole::FAR_EDGE) ||
        pair(TieredRole::NEAR_EDGE_GATEWAY, TieredRole::NEAR_EDGE))
    {
        return p.siteLan;
    }
    if (either(TieredRole::CORE))
    {
        return p.core;
    }
    return p.metro;
}

TieredLinkSpec
TieredTopologyDescription::GetLinkSpec(std::size_t link, const TieredTopologyParameters& p) const
{
    const Link& l = m_links.at(link);
    TieredLinkSpec spec = GetLinkClass(m_nodes[l.a].role, m_nodes[l.b].role, p);
    spec.rate = l.rate.value_or(spec.rate);
    spec.delay = l.delay.value_or(spec.delay);
    spec.lossRate = l.loss.value_or(spec.lossRate);
    spec.background = l.background.value_or(spec.background);
    return spec;
}

double
TieredTopologyDescription::GetCapacity(std::size_t node, const TieredTopologyParameters& p) const
{
    const Node& n = m_nodes.at(node);
    const auto named = p.clusterCapacity.find(n.name);
    if (named != p.clusterCapacity.end())
    {
        return named->second;
    }
    if (n.capacity > 0)
    {
        return n.capacity;
    }
    return n.role == TieredRole::FAR_EDGE    ? p.farEdgeCapacity
           : n.role == TieredRole::NEAR_EDGE ? p.nearEdgeCapacity
                                             : p.cloudCapacity;
}

std::vector<int64_t>
TieredTopologyDescription::Distances(std::size_t source, const TieredTopologyParameters& p) const
{
    DelayGraph graph(m_nodes.size());
    for (std::size_t i = 0; i < m_links.size(); ++i)
    {
        const int64_t weight = (GetLinkSpec(i, p).delay.GetNanoSeconds() << kHopBits) + 1;
        boost::add_edge(m_links[i].a, m_links[i].b, weight, graph);
    }
    const int64_t unreachable = std::numeric_limits<int64_t>::max();
    std::vector<int64_t> distance(m_nodes.size(), unreachable);
    boost::dijkstra_shortest_paths(
        graph,
        boost::vertex(source, graph),
        boost::distance_map(
            boost::make_iterator_property_map(distance.begin(),
                                              boost::get(boost::vertex_index, graph)))
            .distance_inf(unreachable));
    for (auto& d : distance)
    {
        d = d == unreachable ? -1 : d;
    }
    return distance;
}

std::vector<uint32_t>
TieredTopologyDescription::GetNearest(TieredRole from,
                                      TieredRole to,
                                      const TieredTopologyParameters& p) const
{
    std::vector<std::size_t> targets;
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
    {
        if (m_nodes[i].role == to)
        {
            targets.push_back(i);
        }
    }
    std::vector<uint32_t> nearest;
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
    {
        if (m_nodes[i].role != from)
        {
            continue;
        }
        const std::vector<int64_t> distance = Distances(i, p);
        int64_t best = -1;
        uint32_t chosen = kNone;
        for (uint32_t t = 0; t < targets.size(); ++t)
        {
            const int64_t d = distance[targets[t]];
            if (d >= 0 && (best < 0 || d < best))
            {
                best = d;
                chosen = t;
            }
        }
        nearest.push_back(chosen);
    }
    return nearest;
}

std::vector<uint32_t>
TieredTopologyDescription::GetGatewayOfAccess(const TieredTopologyParameters& p) const
{
    const std::vector<uint32_t> gatewayOfAccess =
        GetNearest(TieredRole::ACCESS, TieredRole::FAR_EDGE_GATEWAY, p);
    std::size_t access = 0;
    for (const Node& node : m_nodes)
    {
        if (node.role == TieredRole::ACCESS && gatewayOfAccess[access++] == kNone)
        {
            throw AsetInputError(m_sourceName,
                                 node.line,
                                 "name",
                                 "access node '" + node.name +
                                     "' cannot reach any far-edge gateway");
        }
    }
    return gatewayOfAccess;
}

std::vector<std::vector<uint32_t>>
TieredTopologyDescription::GetBeaconAudience(const TieredTopologyParameters& p) const
{
    std::vector<uint32_t> everyGateway;
    for (const Node& node : m_nodes)
    {
        if (node.role == TieredRole::FAR_EDGE_GATEWAY)
        {
            everyGateway.push_back(uint32_t(everyGateway.size()));
        }
    }
    const bool regions = p.beaconScope != TieredBeaconScope::ALL &&
                         std::any_of(m_nodes.begin(), m_nodes.end(), [](const Node& n) {
                             return n.role == TieredRole::NEAR_EDGE_GATEWAY;
                         });
    // Each cluster's region, in audience order (kNone: heard by every scheduler). A far-edge
    // cluster's region is its gateway's, a gateway's its nearest near-edge gateway, a near-edge
    // cluster's its nearest near-edge gateway; the cloud is shared by every region.
    std::vector<uint32_t> regionOfGateway;
    std::vector<uint32_t> regionOfCluster;
    if (regions)
    {
        regionOfGateway = GetNearest(TieredRole::FAR_EDGE_GATEWAY, TieredRole::NEAR_EDGE_GATEWAY, p);
        for (uint32_t gateway : GetNearest(TieredRole::FAR_EDGE, TieredRole::FAR_EDGE_GATEWAY, p))
        {
            regionOfCluster.push_back(gateway == kNone ? kNone : regionOfGateway[gateway]);
        }
        for (uint32_t site : GetNearest(TieredRole::NEAR_EDGE, TieredRole::NEAR_EDGE_GATEWAY, p))
        {
            regionOfCluster.push_back(p.beaconScope == TieredBeaconScope::REGION ? site : kNone);
        }
    }
    regionOfCluster.resize(
        std::count_if(m_nodes.begin(), m_nodes.end(), [](const Node& n) { return IsCluster(n.role); }),
        kNone);

    std::vector<std::vector<uint32_t>> audience;
    for (uint32_t region : regionOfCluster)
    {
        std::vector<uint32_t> hearers;
        for (uint32_t g : everyGateway)
        {
            if (region != kNone && regionOfGateway[g] == region)
            {
                hearers.push_back(g);
            }
        }
        // No region, or a region without schedulers (a near-edge site no far-edge site is
        // nearest to): every scheduler hears it, so that no cluster goes unheard.
        audience.push_back(hearers.empty() ? everyGateway : hearers);
    }
    return audience;
}

Time
TieredTopologyDescription::GetPathDelay(const std::string& a,
                                        const std::string& b,
                                        const TieredTopologyParameters& p) const
{
    const int64_t from = FindNode(a);
    const int64_t to = FindNode(b);
    if (from < 0 || to < 0)
    {
        throw std::invalid_argument("no node named '" + (from < 0 ? a : b) + "'");
    }
    const int64_t d = Distances(std::size_t(from), p)[std::size_t(to)];
    if (d < 0)
    {
        throw std::invalid_argument("'" + a + "' cannot reach '" + b + "'");
    }
    return NanoSeconds(d >> kHopBits);
}

void
TieredTopologyDescription::CheckParameters(const TieredTopologyParameters& p) const
{
    const auto fail = [this](const std::string& problem) {
        throw std::invalid_argument("topology '" + m_sourceName + "': " + problem);
    };
    for (const auto& [name, capacity] : p.clusterCapacity)
    {
        if (!IsClusterNode(name))
        {
            fail("clusterCapacity names '" + name + "', which is no cluster of this topology");
        }
    }
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
    {
        if (IsCluster(m_nodes[i].role) && !(GetCapacity(i, p) > 0 && std::isfinite(GetCapacity(i, p))))
        {
            fail("cluster '" + m_nodes[i].name + "' needs a positive capacity");
        }
    }
    const TieredBackgroundTraffic& bg = p.backgroundTraffic;
    if (bg.packetSize == 0 || bg.packetSize > 65507 ||
        (bg.onOff && !(bg.meanOn.IsStrictlyPositive() && bg.meanOff.IsStrictlyPositive())))
    {
        fail("background traffic needs a packet size in [1, 65507] and positive on/off means");
    }
    for (std::size_t i = 0; i < m_links.size(); ++i)
    {
        const TieredLinkSpec spec = GetLinkSpec(i, p);
        if (!(spec.background >= 0 && spec.background < 1) ||
            !(spec.lossRate >= 0 && spec.lossRate < 1) || spec.rate.GetBitRate() == 0 ||
            spec.delay.IsStrictlyNegative()) // IsNegative() is true for 0 too
        {
            fail("link '" + m_nodes[m_links[i].a].name + "' - '" + m_nodes[m_links[i].b].name +
                 "' needs a positive rate, a delay of at least 0 and loss and background in [0, 1)");
        }
        // On/off traffic sends at background / (on share) while on: no faster than the link.
        if (bg.onOff && spec.background * (bg.meanOn + bg.meanOff).GetSeconds() >
                            bg.meanOn.GetSeconds())
        {
            fail("link '" + m_nodes[m_links[i].a].name + "' - '" + m_nodes[m_links[i].b].name +
                 "': a background share above meanOn / (meanOn + meanOff) would send faster than "
                 "the link while on");
        }
    }
}

void
TieredTopologyDescription::Validate() const
{
    const auto fail = [this](const Node& node, const std::string& problem) {
        throw AsetInputError(m_sourceName, node.line, node.line ? "name" : "", problem);
    };
    const auto atMost = [this](std::size_t count, std::size_t limit, const char* what) {
        if (count > limit)
        {
            throw AsetInputError(m_sourceName,
                                 0,
                                 "",
                                 "the topology has " + std::to_string(count) + " " + what +
                                     ", more than the " + std::to_string(limit) +
                                     " a run can simulate");
        }
    };
    atMost(m_nodes.size(), kMaxNodes, "nodes");
    atMost(m_links.size(), kMaxLinks, "links");
    for (TieredRole needed : {TieredRole::ACCESS, TieredRole::FAR_EDGE_GATEWAY})
    {
        bool found = false;
        for (const Node& n : m_nodes)
        {
            found = found || n.role == needed;
        }
        if (!found)
        {
            throw AsetInputError(m_sourceName, 0, "", "the topology has no " + ToString(needed) +
                                                          " node");
        }
    }
    bool anyCluster = false;
    std::vector<uint32_t> degree(m_nodes.size(), 0);
    for (const Link& l : m_links)
    {
        ++degree[l.a];
        ++degree[l.b];
    }
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
    {
        const Node& n = m_nodes[i];
        anyCluster = anyCluster || IsCluster(n.role);
        if (degree[i] == 0)
        {
            fail(n,
                 (IsCluster(n.role) ? "cluster '" : "node '") + n.name +
                     "' is attached to no link");
        }
    }
    if (!anyCluster)
    {
        throw AsetInputError(m_sourceName, 0, "", "the topology has no cluster (far-edge, "
                                                  "near-edge or cloud node)");
    }
    // Connectivity does not depend on link delays: any parameters will do.
    const TieredTopologyParameters any;
    GetGatewayOfAccess(any); // names an access node that reaches no far-edge gateway
    const std::vector<int64_t> distance = Distances(0, any);
    for (std::size_t i = 0; i < m_nodes.size(); ++i)
    {
        if (distance[i] < 0)
        {
            fail(m_nodes[i],
                 "node '" + m_nodes[i].name + "' cannot be reached from '" + m_nodes[0].name +
                     "': the network is not connected");
        }
    }
}

} // namespace ns3
