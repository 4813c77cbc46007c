// SPDX-License-Identifier: GPL-2.0-only
// Topology files: the text format, its error messages, link classes, nearest
// far-edge gateways by Dijkstra, the shipped default file against the
// generator, and the old gateway names refused with their new ones.
#include "ns3/aset-input-error.h"
#include "ns3/aset-scenario.h"
#include "ns3/tiered-topology-description.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace ns3;

namespace
{
/// A valid little network; tests append or replace lines.
const std::string kSmall = "node a access\n"
                           "node g far-edge-gateway\n"
                           "node f far-edge\n"
                           "link a g 1Gbps 2ms\n"
                           "link g f 10Gbps 50us\n";

TieredTopologyDescription
ParseText(const std::string& text)
{
    std::istringstream in(text);
    return TieredTopologyDescription::Parse(in, "t.topo");
}

/// The one-line error of parsing \p text, or "" if it parses.
std::string
ParseError(const std::string& text)
{
    try
    {
        ParseText(text);
    }
    catch (const AsetInputError& e)
    {
        return e.what();
    }
    return "";
}
} // namespace

TEST(Topology, ParsesNodesLinksOptionsAndComments)
{
    const auto d = ParseText("# a comment\n\n" + kSmall +
                             "node n near-edge capacity=2.5  # trailing comment\n"
                             "link g n - - loss=0.01 background=0.25\n");
    ASSERT_EQ(d.GetNodes().size(), 4u);
    ASSERT_EQ(d.GetLinks().size(), 3u);
    EXPECT_EQ(d.GetNodes()[3].name, "n");
    EXPECT_EQ(d.GetNodes()[3].role, TieredRole::NEAR_EDGE);
    EXPECT_EQ(d.GetNodes()[3].capacity, 2.5);
    EXPECT_EQ(d.GetNodes()[3].line, 8u);
    const TieredTopologyParameters p;
    const TieredLinkSpec first = d.GetLinkSpec(0, p);
    EXPECT_EQ(first.rate, DataRate("1Gbps"));
    EXPECT_EQ(first.delay, MilliSeconds(2));
    // '-' takes the class's figures: a far-edge gateway linked straight to a near-edge cluster
    // (no near-edge gateway between them) is in the metro class.
    const TieredLinkSpec third = d.GetLinkSpec(2, p);
    EXPECT_EQ(third.rate, p.metro.rate);
    EXPECT_EQ(third.delay, p.metro.delay);
    EXPECT_DOUBLE_EQ(third.lossRate, 0.01);
    EXPECT_DOUBLE_EQ(third.background, 0.25);
    // Units as ns-3 spells them, fractions and exponents; Windows line ends.
    const auto units = ParseText(kSmall + "node c cloud\r\nlink g c 1.5Gb/s 1e-3s\r\n");
    EXPECT_EQ(units.GetLinkSpec(2, p).rate, DataRate("1500Mbps"));
    EXPECT_EQ(units.GetLinkSpec(2, p).delay, MilliSeconds(1));
}

TEST(Topology, EachErrorNamesFileLineAndField)
{
    const std::pair<std::string, std::string> cases[] = {
        {kSmall + "link a f 1Gbps x\n", "t.topo:6: field 'delay': expected a time like 2ms, up to 10s, got 'x'"},
        {kSmall + "link a f 1Gbps 2\n", "t.topo:6: field 'delay': expected a time like 2ms, up to 10s, got '2'"},
        {kSmall + "link a f fast 2ms\n",
         "t.topo:6: field 'rate': expected a data rate with a unit (bps, kbps, Mbps, Gbps, ...) "
         "from 1bps to 10000Gbps, e.g. '10Gbps', got 'fast'"},
        {kSmall + "link a f 0bps 2ms\n",
         "t.topo:6: field 'rate': expected a data rate with a unit (bps, kbps, Mbps, Gbps, ...) "
         "from 1bps to 10000Gbps, e.g. '10Gbps', got '0bps'"},
        {kSmall + "link a f 1Gbps 2ms loss=1\n",
         "t.topo:6: field 'loss': expected a probability in [0, 1), got '1'"},
        {kSmall + "link a f 1Gbps 2ms background=-0.1\n",
         "t.topo:6: field 'background': expected a share of the rate in [0, 1), got '-0.1'"},
        {kSmall + "link a f 1Gbps 2ms jitter=1ms\n",
         "t.topo:6: field 'jitter': unknown option: a link line takes loss=<p> and background=<u>"},
        {kSmall + "link a f 1Gbps\n",
         "t.topo:6: field 'delay': missing: expected 'link <a> <b> <rate|-> <delay|-> [loss=<p>] "
         "[background=<u>]'"},
        {kSmall + "link a x 1Gbps 2ms\n", "t.topo:6: field 'b': unknown node 'x'"},
        {kSmall + "link q a 1Gbps 2ms\n", "t.topo:6: field 'a': unknown node 'q'"},
        {kSmall + "link a a 1Gbps 2ms\n",
         "t.topo:6: field 'b': a link joins two different nodes, got 'a' twice"},
        {kSmall + "link g a 1Gbps 2ms\n",
         "t.topo:6: field 'b': 'g' and 'a' are already linked on line 4"},
        {kSmall + "node g near-edge-gateway\n",
         "t.topo:6: field 'name': node 'g' is already defined on line 2"},
        {kSmall + "node m router\n",
         "t.topo:6: field 'role': expected one of access, far-edge-gateway, far-edge, "
         "near-edge-gateway, near-edge, core, cloud, got 'router'"},
        {kSmall + "node m\n",
         "t.topo:6: field 'role': missing: expected one of access, far-edge-gateway, far-edge, "
         "near-edge-gateway, near-edge, core, cloud"},
        {kSmall + "node m metro\n",
         "t.topo:6: field 'role': role 'metro' is now 'near-edge-gateway'"},
        {kSmall + "node h gateway\n",
         "t.topo:6: field 'role': role 'gateway' is now 'far-edge-gateway'"},
        {kSmall + "node c cloud capacity=0\n",
         "t.topo:6: field 'capacity': expected a positive number, got '0'"},
        {kSmall + "node m near-edge-gateway capacity=2\n",
         "t.topo:6: field 'capacity': only clusters (far-edge, near-edge, cloud) have a capacity"},
        {kSmall + "node c cloud size=2\n",
         "t.topo:6: field 'size': unknown option: a node line takes only capacity=<x>"},
        {kSmall + "edge a g\n", "t.topo:6: expected a 'node' or 'link' statement, got 'edge'"},
        {kSmall + "node c cloud\n", "t.topo:6: field 'name': cluster 'c' is attached to no link"},
        {kSmall + "node r core\n", "t.topo:6: field 'name': node 'r' is attached to no link"},
        {"node a access\nnode f far-edge\nlink a f 1Gbps 2ms\n",
         "t.topo: the topology has no far-edge-gateway node"},
        {"node a access\nnode g far-edge-gateway\nlink a g 1Gbps 2ms\n",
         "t.topo: the topology has no cluster (far-edge, near-edge or cloud node)"},
        {"node g far-edge-gateway\nnode f far-edge\nlink g f 1Gbps 2ms\n",
         "t.topo: the topology has no access node"},
        {kSmall + "node b access\nnode c cloud\nlink b c 1Gbps 2ms\n",
         "t.topo:6: field 'name': access node 'b' cannot reach any far-edge gateway"},
        {kSmall + "node r core\nnode c cloud\nlink r c 1Gbps 2ms\n",
         "t.topo:6: field 'name': node 'r' cannot be reached from 'a': the network is not "
         "connected"},
    };
    for (const auto& [text, error] : cases)
    {
        EXPECT_EQ(ParseError(text), error) << text;
    }
    EXPECT_EQ(ParseError(kSmall), "");
}

TEST(Topology, LoadNamesUnreadableFilesAndFormats)
{
    const auto error = [](const std::string& format, const std::string& path, const std::string& roles) {
        try
        {
            TieredTopologyDescription::Load(format, path, roles);
        }
        catch (const AsetInputError& e)
        {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_EQ(error("aset", "/nonexistent.topo", ""),
              "/nonexistent.topo: cannot open the file for reading");
    // A folder opens as a stream but cannot be read: refused by name.
    EXPECT_EQ(error("aset", "/tmp", ""), "/tmp: expected a file, got a folder");
    EXPECT_EQ(error("inet", "/tmp", "/tmp"), "/tmp: expected a file, got a folder");
    EXPECT_EQ(error("gml", "x.gml", ""),
              "x.gml: field 'format': expected aset, inet, orbis or rocketfuel, got 'gml'");
    EXPECT_EQ(error("inet", "x.inet", ""),
              "x.inet: the inet format has no node roles: give a roles file of node lines too");
    const std::string defaultTopo = TieredTopologyDescription::GetShippedPath("default.topo");
    EXPECT_EQ(error("aset", defaultTopo, ""), "");
}

TEST(Topology, LinkClassesFollowTheRolesOfTheEnds)
{
    TieredTopologyParameters p;
    using R = TieredRole;
    const auto cls = [&p](R a, R b) { return &TieredTopologyDescription::GetLinkClass(a, b, p); };
    EXPECT_EQ(cls(R::ACCESS, R::FAR_EDGE_GATEWAY), &p.access);
    EXPECT_EQ(cls(R::CORE, R::ACCESS), &p.access);
    EXPECT_EQ(cls(R::CORE, R::CLOUD), &p.cloud);
    EXPECT_EQ(cls(R::FAR_EDGE, R::FAR_EDGE_GATEWAY), &p.siteLan);
    EXPECT_EQ(cls(R::NEAR_EDGE_GATEWAY, R::NEAR_EDGE), &p.siteLan);
    EXPECT_EQ(cls(R::NEAR_EDGE_GATEWAY, R::CORE), &p.core);
    EXPECT_EQ(cls(R::CORE, R::CORE), &p.core);
    EXPECT_EQ(cls(R::FAR_EDGE_GATEWAY, R::NEAR_EDGE_GATEWAY), &p.metro);
    EXPECT_EQ(cls(R::FAR_EDGE_GATEWAY, R::FAR_EDGE_GATEWAY), &p.metro);
    EXPECT_EQ(cls(R::NEAR_EDGE_GATEWAY, R::FAR_EDGE), &p.metro);
}

TEST(Topology, OldGatewayNodeNamesGetTheirNewOnes)
{
    EXPECT_EQ(GetRenamedNodeHint("metro-0"),
              "; the gateways are now named far-edge-gateway-<i> and near-edge-gateway-<i> "
              "('metro-0' is 'near-edge-gateway-0')");
    EXPECT_EQ(GetRenamedNodeHint("gateway-12"),
              "; the gateways are now named far-edge-gateway-<i> and near-edge-gateway-<i> "
              "('gateway-12' is 'far-edge-gateway-12')");
    for (const char* other : {"metro", "gateway", "metro-", "metro-x", "metro-west", "core",
                              "far-edge-gateway-0", "near-edge-0", "gateway-1--metro-0"})
    {
        EXPECT_EQ(GetRenamedNodeHint(other), "") << other;
    }
}

TEST(Topology, NearestGatewayByPathDelay)
{
    // a1 is 1 ms from g0 and 3 ms from g1; a2 reaches g0 only through r (2 + 2 ms) and g1
    // directly (5 ms); a3 reaches both at 4 ms, g1 in one hop and g0 in two.
    const auto d = ParseText("node a1 access\nnode a2 access\nnode a3 access\n"
                             "node g0 far-edge-gateway\nnode g1 far-edge-gateway\nnode r core\n"
                             "node f far-edge\n"
                             "link a1 g0 1Gbps 1ms\nlink a1 g1 1Gbps 3ms\n"
                             "link a2 r 1Gbps 2ms\nlink r g0 1Gbps 2ms\nlink a2 g1 1Gbps 5ms\n"
                             "link a3 r 1Gbps 2ms\nlink a3 g1 1Gbps 4ms\n"
                             "link g0 f 1Gbps 1ms\n");
    const TieredTopologyParameters p;
    EXPECT_EQ(d.GetGatewayOfAccess(p), (std::vector<uint32_t>{0, 0, 1}));
    EXPECT_EQ(d.GetPathDelay("a2", "g0", p), MilliSeconds(4));
    EXPECT_EQ(d.GetPathDelay("a3", "g0", p), MilliSeconds(4));
    EXPECT_EQ(d.GetPathDelay("a1", "f", p), MilliSeconds(2));
}

TEST(Topology, ShippedDefaultFileIsTheGeneratedDefault)
{
    const TieredTopologyParameters p;
    const auto generated = TieredTopologyDescription::Generate(p);
    const auto file =
        TieredTopologyDescription::Load("aset", TieredTopologyDescription::GetShippedPath("default.topo"));
    ASSERT_EQ(file.GetNodes().size(), generated.GetNodes().size());
    ASSERT_EQ(file.GetLinks().size(), generated.GetLinks().size());
    for (std::size_t i = 0; i < file.GetNodes().size(); ++i)
    {
        EXPECT_EQ(file.GetNodes()[i].name, generated.GetNodes()[i].name);
        EXPECT_EQ(file.GetNodes()[i].role, generated.GetNodes()[i].role);
    }
    for (std::size_t i = 0; i < file.GetLinks().size(); ++i)
    {
        EXPECT_EQ(file.GetLinks()[i].a, generated.GetLinks()[i].a);
        EXPECT_EQ(file.GetLinks()[i].b, generated.GetLinks()[i].b);
        EXPECT_EQ(file.GetLinkSpec(i, p).rate, generated.GetLinkSpec(i, p).rate);
        EXPECT_EQ(file.GetLinkSpec(i, p).delay, generated.GetLinkSpec(i, p).delay);
    }
    for (const auto& a : file.GetNodes())
    {
        for (const auto& b : file.GetNodes())
        {
            EXPECT_EQ(file.GetPathDelay(a.name, b.name, p), generated.GetPathDelay(a.name, b.name, p))
                << a.name << " to " << b.name;
        }
    }
    // The doc's figures: 3.05 ms to the own far edge, 3.55 ms to the near edge, 4.05 ms to
    // the other far edge and 14.5 ms to the cloud (no site LAN there), one way.
    EXPECT_EQ(file.GetPathDelay("access-0", "far-edge-0", p), MicroSeconds(3050));
    EXPECT_EQ(file.GetPathDelay("access-0", "near-edge-0", p), MicroSeconds(3550));
    EXPECT_EQ(file.GetPathDelay("access-0", "far-edge-1", p), MicroSeconds(4050));
    EXPECT_EQ(file.GetPathDelay("access-0", "cloud-0", p), MicroSeconds(14500));
    EXPECT_EQ(file.GetGatewayOfAccess(p), (std::vector<uint32_t>{0, 0, 1, 1}));
    EXPECT_EQ(generated.GetGatewayOfAccess(p), file.GetGatewayOfAccess(p));
}

TEST(Topology, MetroRingSample)
{
    const auto d = TieredTopologyDescription::Load(
        "aset",
        TieredTopologyDescription::GetShippedPath("metro-ring.topo"));
    const TieredTopologyParameters p;
    // acc-c2: 4 ms to gw-c, 6 ms to gw-b: gw-c (index 2).
    EXPECT_EQ(d.GetGatewayOfAccess(p), (std::vector<uint32_t>{0, 0, 1, 2, 2}));
    EXPECT_DOUBLE_EQ(d.GetCapacity(size_t(d.FindNode("ne-east")), p), 2);
    EXPECT_DOUBLE_EQ(d.GetCapacity(size_t(d.FindNode("fe-c")), p), 0.5);
    EXPECT_DOUBLE_EQ(d.GetCapacity(size_t(d.FindNode("fe-a")), p), 1);
}

TEST(Topology, BeaconAudienceByScope)
{
    // isp-metro's shape: 20 far-edge sites, 5 under each of 4 near-edge sites, 1 cloud region.
    TieredTopologyParameters p;
    p.accessNodes = 100;
    p.farEdgeSites = 20;
    p.nearEdgeSites = 4;
    const auto d = TieredTopologyDescription::Generate(p);
    const auto all = d.GetBeaconAudience(p);
    ASSERT_EQ(all.size(), 25u);
    for (const auto& hearers : all)
    {
        EXPECT_EQ(hearers.size(), 20u);
    }
    p.beaconScope = TieredBeaconScope::REGION;
    const auto region = d.GetBeaconAudience(p);
    ASSERT_EQ(region.size(), 25u);
    EXPECT_EQ(region[0], (std::vector<uint32_t>{0, 1, 2, 3, 4}));
    EXPECT_EQ(region[7], (std::vector<uint32_t>{5, 6, 7, 8, 9}));
    EXPECT_EQ(region[19], (std::vector<uint32_t>{15, 16, 17, 18, 19}));
    EXPECT_EQ(region[20], (std::vector<uint32_t>{0, 1, 2, 3, 4})); // near-edge-0: its region
    EXPECT_EQ(region[23], (std::vector<uint32_t>{15, 16, 17, 18, 19}));
    EXPECT_EQ(region[24], all[24]); // the cloud: shared by every region
    const auto heardBy = [](const std::vector<std::vector<uint32_t>>& audience) {
        std::vector<uint32_t> heard(20, 0);
        for (const auto& hearers : audience)
        {
            for (uint32_t g : hearers)
            {
                ++heard[g];
            }
        }
        return heard;
    };
    EXPECT_EQ(heardBy(region), std::vector<uint32_t>(20, 7)) << "5 far-edge, 1 near-edge, 1 cloud";

    p.beaconScope = TieredBeaconScope::FAR_EDGE_REGION;
    const auto farEdgeRegion = d.GetBeaconAudience(p);
    ASSERT_EQ(farEdgeRegion.size(), 25u);
    for (std::size_t c = 0; c < 20; ++c)
    {
        EXPECT_EQ(farEdgeRegion[c], region[c]) << "cluster " << c;
    }
    for (std::size_t c = 20; c < 25; ++c) // near-edge and cloud: shared by every region
    {
        EXPECT_EQ(farEdgeRegion[c], all[c]) << "cluster " << c;
    }
    EXPECT_EQ(heardBy(farEdgeRegion), std::vector<uint32_t>(20, 10))
        << "5 far-edge, 4 near-edge, 1 cloud";

    // One near-edge site is one region: every scheduler hears every cluster, as with ALL.
    TieredTopologyParameters small;
    small.beaconScope = TieredBeaconScope::REGION;
    const auto defaults = TieredTopologyDescription::Generate(small);
    small.beaconScope = TieredBeaconScope::ALL;
    const auto defaultAll = defaults.GetBeaconAudience(small);
    small.beaconScope = TieredBeaconScope::REGION;
    EXPECT_EQ(defaults.GetBeaconAudience(small), defaultAll);
}

TEST(Topology, BeaconRegionsOfAFileNetworkByPathDelay)
{
    // metro-ring: gw-a (300 us to metro-west) and gw-b (200 us) are west, gw-c (250 us to
    // metro-east) is east.
    const auto d = TieredTopologyDescription::Load(
        "aset",
        TieredTopologyDescription::GetShippedPath("metro-ring.topo"));
    TieredTopologyParameters p;
    EXPECT_EQ(d.GetNearest(TieredRole::FAR_EDGE_GATEWAY, TieredRole::NEAR_EDGE_GATEWAY, p),
              (std::vector<uint32_t>{0, 0, 1}));
    p.beaconScope = TieredBeaconScope::REGION;
    const auto audience = d.GetBeaconAudience(p);
    ASSERT_EQ(audience.size(), 6u); // fe-a, fe-b, fe-c, ne-west, ne-east, cloud-eu
    EXPECT_EQ(audience[0], (std::vector<uint32_t>{0, 1}));
    EXPECT_EQ(audience[1], (std::vector<uint32_t>{0, 1}));
    EXPECT_EQ(audience[2], (std::vector<uint32_t>{2}));
    EXPECT_EQ(audience[3], (std::vector<uint32_t>{0, 1})); // ne-west: the west region
    EXPECT_EQ(audience[4], (std::vector<uint32_t>{2}));    // ne-east: the east region
    EXPECT_EQ(audience[5], (std::vector<uint32_t>{0, 1, 2}));
    p.beaconScope = TieredBeaconScope::FAR_EDGE_REGION;
    EXPECT_EQ(d.GetBeaconAudience(p)[3], (std::vector<uint32_t>{0, 1, 2}));
}

TEST(Topology, BeaconRegionWithoutSchedulersIsHeardByAll)
{
    // Two near-edge gateways, both far-edge gateways nearest to ne-gw-a: ne-b's region has no
    // scheduler, so ne-b beacons to every scheduler rather than to none.
    const auto d = ParseText("node access-0 access\n"
                             "node gw-0 far-edge-gateway\n"
                             "node gw-1 far-edge-gateway\n"
                             "node fe-0 far-edge\n"
                             "node fe-1 far-edge\n"
                             "node ne-gw-a near-edge-gateway\n"
                             "node ne-gw-b near-edge-gateway\n"
                             "node ne-a near-edge\n"
                             "node ne-b near-edge\n"
                             "node core core\n"
                             "link access-0 gw-0 - -\n"
                             "link gw-0 fe-0 - -\n"
                             "link gw-1 fe-1 - -\n"
                             "link gw-0 ne-gw-a - -\n"
                             "link gw-1 ne-gw-a - -\n"
                             "link ne-gw-a ne-a - -\n"
                             "link ne-gw-b ne-b - -\n"
                             "link ne-gw-a core - -\n"
                             "link ne-gw-b core - -\n");
    TieredTopologyParameters p;
    p.beaconScope = TieredBeaconScope::REGION;
    const auto audience = d.GetBeaconAudience(p);
    ASSERT_EQ(audience.size(), 4u); // fe-0, fe-1, ne-a, ne-b
    EXPECT_EQ(audience[2], (std::vector<uint32_t>{0, 1}));
    EXPECT_EQ(audience[3], (std::vector<uint32_t>{0, 1}));
}

TEST(Topology, RoutingAndBeaconScopeNames)
{
    EXPECT_EQ(FindByName(GetRoutingNames(), "next-hop"), TieredRouting::NEXT_HOP);
    EXPECT_EQ(FindByName(GetBeaconScopeNames(), "region"), TieredBeaconScope::REGION);
    try
    {
        FindByName(GetRoutingNames(), "nix");
        FAIL() << "no error for an unknown routing";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_STREQ(e.what(), "expected global or next-hop, got 'nix'");
    }
}

TEST(Topology, CapacitiesAndTheirChecks)
{
    const auto d = ParseText(kSmall + "node c cloud capacity=3\nlink g c 1Gbps 5ms\n");
    TieredTopologyParameters p;
    p.farEdgeCapacity = 1.5;
    p.cloudCapacity = 4;
    EXPECT_DOUBLE_EQ(d.GetCapacity(2, p), 1.5); // f: the tier's
    EXPECT_DOUBLE_EQ(d.GetCapacity(3, p), 3);   // c: its own
    p.clusterCapacity["c"] = 0.5;
    EXPECT_DOUBLE_EQ(d.GetCapacity(3, p), 0.5); // by name, over its own
    EXPECT_NO_THROW(d.CheckParameters(p));
    p.clusterCapacity["g"] = 2;
    EXPECT_THROW(d.CheckParameters(p), std::invalid_argument); // not a cluster
    p.clusterCapacity.erase("g");
    p.clusterCapacity["c"] = 0;
    EXPECT_THROW(d.CheckParameters(p), std::invalid_argument);

    DeploymentSpec spec{"m", HardwareClass::GPU, 4, 64};
    EXPECT_EQ(spec.GetReplicas(1), 4);
    EXPECT_EQ(spec.GetReplicas(2), 8);
    EXPECT_EQ(spec.GetReplicas(0.5), 2);
    EXPECT_EQ(spec.GetReplicas(0.1), 1); // at least one
    EXPECT_EQ(spec.GetReplicas(1.3), 5); // 5.2 rounds to 5
}

TEST(Topology, OnOffBackgroundMayNotOutrunTheLink)
{
    const auto d = ParseText(kSmall);
    TieredTopologyParameters p;
    p.access.background = 0.6;
    EXPECT_NO_THROW(d.CheckParameters(p));
    p.backgroundTraffic.onOff = true; // on half the time: 1.2 of the rate while on
    EXPECT_THROW(d.CheckParameters(p), std::invalid_argument);
    p.access.background = 0.5;
    EXPECT_NO_THROW(d.CheckParameters(p));
}
