// SPDX-License-Identifier: GPL-2.0-only
// The JSON form of a fault timeline: what it reads, and the one-line errors
// naming the element and field of what it refuses.
#include "ns3/aset-fault-timeline.h"
#include "ns3/aset-scenario.h"
#include "ns3/model-catalogue.h"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;

namespace
{
/// Parses \p json (a document whose "faults" key holds the timeline) as a scenario parser would.
std::vector<FaultEvent>
Parse(const std::string& json)
{
    std::istringstream in(json);
    boost::property_tree::ptree document;
    boost::property_tree::read_json(in, document);
    return ParseFaultTimeline(document.get_child("faults"), "faults");
}

/// The message Parse() throws for \p json, or "" if it throws nothing.
std::string
ParseError(const std::string& json)
{
    try
    {
        Parse(json);
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}

std::string
Timeline(const std::string& events)
{
    return R"({"faults": [)" + events + "]}";
}
} // namespace

TEST(FaultTimeline, ReadsEveryKind)
{
    const auto faults = Parse(Timeline(R"(
        {"at": "5s", "kind": "cluster-down", "target": "far-edge-0"},
        {"at": "8s", "kind": "cluster-up", "target": "far-edge-0"},
        {"at": "250ms", "kind": "link-down", "target": "far-edge-gateway-1--near-edge-gateway-0"},
        {"at": "1.5 s", "kind": "link-up", "target": "near-edge-gateway-0--far-edge-gateway-1"},
        {"at": "6s", "kind": "capacity", "target": "near-edge-0", "slowdown": 2},
        {"at": "0.5min", "kind": "capacity", "target": "near-edge-0", "variant": "yolov5m",
         "replicas": 1, "slowdown": "1"})"));
    ASSERT_EQ(faults.size(), 6u);
    EXPECT_EQ(faults[0].at, Seconds(5));
    EXPECT_EQ(faults[0].kind, FaultEvent::CLUSTER_DOWN);
    EXPECT_EQ(faults[0].target, "far-edge-0");
    EXPECT_EQ(faults[1].kind, FaultEvent::CLUSTER_UP);
    EXPECT_EQ(faults[2].at, MilliSeconds(250));
    EXPECT_EQ(faults[2].kind, FaultEvent::LINK_DOWN);
    EXPECT_EQ(faults[2].target, "far-edge-gateway-1--near-edge-gateway-0");
    EXPECT_EQ(faults[3].at, MilliSeconds(1500));
    EXPECT_EQ(faults[3].kind, FaultEvent::LINK_UP);
    EXPECT_EQ(faults[4].kind, FaultEvent::CAPACITY);
    EXPECT_DOUBLE_EQ(faults[4].slowdown, 2);
    EXPECT_EQ(faults[4].replicas, 0);
    EXPECT_EQ(faults[5].at, Seconds(30));
    EXPECT_EQ(faults[5].replicas, 1);
    EXPECT_EQ(faults[5].variant, "yolov5m");
    EXPECT_DOUBLE_EQ(faults[5].slowdown, 1);
}

TEST(FaultTimeline, EmptyArrayIsNoFault)
{
    EXPECT_TRUE(Parse(R"({"faults": []})").empty());
}

TEST(FaultTimeline, ErrorsNameTheElementAndField)
{
    EXPECT_EQ(ParseError(Timeline(R"({"at": "1s", "kind": "cluster-down", "target": "far-edge-0"},
                                    {"at": "2s", "kind": "x", "target": "far-edge-0"})")),
              "faults[1].kind: expected one of cluster-down, cluster-up, link-down, link-up, "
              "capacity; got 'x'");
    EXPECT_EQ(ParseError(Timeline(R"({"kind": "cluster-down", "target": "far-edge-0"})")),
              "faults[0].at: is required");
    EXPECT_EQ(ParseError(Timeline(R"({"at": "1s", "kind": "cluster-down"})")),
              "faults[0].target: is required");
    EXPECT_EQ(ParseError(Timeline(R"({"at": "1s", "target": "far-edge-0"})")),
              "faults[0].kind: is required");
    EXPECT_EQ(ParseError(Timeline(R"({"at": 5, "kind": "cluster-down", "target": "far-edge-0"})")),
              "faults[0].at: expected a time with a unit (ns, us, ms, s, min, h) up to 1e9 s, "
              "e.g. '30ms'; got '5'");
    EXPECT_EQ(ParseError(Timeline(
                  R"({"at": "1s", "kind": "cluster-down", "target": "far-edge-0", "when": 1})")),
              "faults[0]: unknown key 'when'; expected at, kind, target, slowdown, replicas, "
              "variant");
    EXPECT_EQ(ParseError(Timeline(
                  R"({"at": "1s", "at": "2s", "kind": "cluster-down", "target": "far-edge-0"})")),
              "faults[0].at: is given twice");
    EXPECT_EQ(
        ParseError(Timeline(R"({"at": {"s": 1}, "kind": "cluster-down", "target": "far-edge-0"})")),
        "faults[0].at: expected a value, not an object or array");
    EXPECT_EQ(ParseError(Timeline(R"("far-edge-0")")),
              "faults[0]: expected an object with at, kind and target; got 'far-edge-0'");
    EXPECT_EQ(ParseError(R"({"faults": {"at": "1s"}})"),
              "faults: expected an array of fault events; got an object (key 'at')");
    EXPECT_EQ(ParseError(R"({"faults": "none"})"),
              "faults: expected an array of fault events; got 'none'");
}

TEST(FaultTimeline, KindSpecificFieldsAreChecked)
{
    EXPECT_EQ(ParseError(Timeline(
                  R"({"at": "1s", "kind": "link-down", "target": "near-edge-gateway-0"})")),
              "faults[0].target: a link is named '<nodeA>--<nodeB>'; got 'near-edge-gateway-0'");
    EXPECT_EQ(ParseError(Timeline(R"({"at": "1s", "kind": "link-up", "target": "a--b--c"})")),
              "faults[0].target: a link is named '<nodeA>--<nodeB>'; got 'a--b--c'");
    EXPECT_EQ(ParseError(Timeline(R"({"at": "1s", "kind": "cluster-down", )"
                                  R"("target": "far-edge-gateway-0--far-edge-0"})")),
              "faults[0].target: a cluster-down event names a cluster, not a link; got "
              "'far-edge-gateway-0--far-edge-0'");
    EXPECT_EQ(
        ParseError(Timeline(
            R"({"at": "1s", "kind": "cluster-down", "target": "far-edge-0", "slowdown": 2})")),
        "faults[0].slowdown: only a capacity event takes it");
    EXPECT_EQ(ParseError(Timeline(R"({"at": "1s", "kind": "capacity", "target": "near-edge-0"})")),
              "faults[0]: a capacity event needs slowdown, replicas or both");
    EXPECT_EQ(
        ParseError(Timeline(
            R"({"at": "1s", "kind": "capacity", "target": "near-edge-0", "slowdown": "fast"})")),
        "faults[0].slowdown: expected a positive number; got 'fast'");
    EXPECT_EQ(
        ParseError(Timeline(
            R"({"at": "1s", "kind": "capacity", "target": "near-edge-0", "slowdown": 5000})")),
        "faults[0].slowdown: must be within [0.01, 1000]");
    EXPECT_EQ(ParseError(Timeline(
                  R"({"at": "1s", "kind": "capacity", "target": "near-edge-0", "replicas": 2})")),
              "faults[0].variant: replicas needs the variant whose instances change");
    EXPECT_EQ(ParseError(Timeline(R"({"at": "1s", "kind": "capacity", "target": "near-edge-0",
                                     "variant": "yolov5m", "replicas": 0})")),
              "faults[0].replicas: expected a whole number from 1 to 65535; got '0'");
    EXPECT_EQ(ParseError(Timeline(R"({"at": "1s", "kind": "capacity", "target": "near-edge-0",
                                     "variant": "yolov5m", "replicas": 1.5})")),
              "faults[0].replicas: expected a whole number from 1 to 65535; got '1.5'");
}

TEST(FaultTimeline, ScenarioValidationChecksVariantsAgainstTheCatalogue)
{
    auto catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    AsetScenario s = AsetScenario::Variant("far-edge-outage");
    EXPECT_NO_THROW(s.Validate(*catalogue));
    FaultEvent capacity{Seconds(1), FaultEvent::CAPACITY, "near-edge-0"};
    capacity.replicas = 2;
    capacity.variant = "no-such-net";
    s.faults.push_back(capacity);
    try
    {
        s.Validate(*catalogue);
        FAIL() << "an unknown variant was accepted";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_EQ(std::string(e.what()),
                  "scenario 'far-edge-outage': faults[2].variant: the catalogue has no variant "
                  "'no-such-net'");
    }
}
