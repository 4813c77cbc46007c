// SPDX-License-Identifier: GPL-2.0-only
// Scenario files: every kind of field is read, every error names its file and
// field, unknown keys and JSON syntax errors are refused, and the shipped
// default.json is the embedded default scenario.
#include "temp-folder-test.h"

#include "ns3/aset-experiment.h"
#include "ns3/aset-fault-timeline.h"
#include "ns3/aset-input-error.h"
#include "ns3/aset-scenario-file.h"
#include "ns3/aset-workload-trace.h"
#include "ns3/model-catalogue.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <numeric>
#include <sstream>

using namespace ns3;

namespace
{
std::string
ScenarioDir()
{
    return std::filesystem::path(ModelCatalogue::GetDefaultPath()).parent_path().string() +
           "/scenarios";
}

AsetScenario
ParseText(const std::string& json, const std::string& base = "/base")
{
    std::istringstream in(json);
    return AsetScenarioFile::Parse(in, "x.json", base);
}

/// The one-line error that parsing \p json gives, or "" if it parses.
std::string
ErrorOf(const std::string& json)
{
    try
    {
        ParseText(json);
    }
    catch (const AsetInputError& e)
    {
        const std::string what = e.what();
        EXPECT_EQ(what.find('\n'), std::string::npos) << what;
        return what;
    }
    return "";
}

void
ExpectSameLink(const TieredLinkSpec& a, const TieredLinkSpec& b, const std::string& name)
{
    EXPECT_EQ(a.rate, b.rate) << name;
    EXPECT_EQ(a.delay, b.delay) << name;
    EXPECT_EQ(a.lossRate, b.lossRate) << name;
    EXPECT_EQ(a.background, b.background) << name;
}

void
ExpectSameDeployments(const std::vector<DeploymentSpec>& a,
                      const std::vector<DeploymentSpec>& b,
                      const std::string& tier)
{
    ASSERT_EQ(a.size(), b.size()) << tier;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        EXPECT_EQ(a[i].variant, b[i].variant) << tier << i;
        EXPECT_EQ(a[i].hardware, b[i].hardware) << tier << i;
        EXPECT_EQ(a[i].replicas, b[i].replicas) << tier << i;
        EXPECT_EQ(a[i].queueCapacity, b[i].queueCapacity) << tier << i;
    }
}

/// Every field of two scenarios, one by one, so that a difference names its field.
void
ExpectSameScenario(const AsetScenario& a, const AsetScenario& b)
{
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(std::filesystem::weakly_canonical(a.cataloguePath),
              std::filesystem::weakly_canonical(b.cataloguePath));
    EXPECT_EQ(std::filesystem::weakly_canonical(a.powerPath),
              std::filesystem::weakly_canonical(b.powerPath));
    const auto& ta = a.topology;
    const auto& tb = b.topology;
    EXPECT_EQ(ta.accessNodes, tb.accessNodes);
    EXPECT_EQ(ta.farEdgeSites, tb.farEdgeSites);
    EXPECT_EQ(ta.nearEdgeSites, tb.nearEdgeSites);
    EXPECT_EQ(ta.cloudRegions, tb.cloudRegions);
    EXPECT_EQ(ta.mtu, tb.mtu);
    EXPECT_EQ(ta.routing, tb.routing);
    EXPECT_EQ(ta.beaconScope, tb.beaconScope);
    ExpectSameLink(ta.access, tb.access, "access");
    ExpectSameLink(ta.siteLan, tb.siteLan, "siteLan");
    ExpectSameLink(ta.metro, tb.metro, "metro");
    ExpectSameLink(ta.core, tb.core, "core");
    ExpectSameLink(ta.cloud, tb.cloud, "cloud");
    EXPECT_EQ(a.topologyFile, b.topologyFile);
    EXPECT_EQ(a.topologyFormat, b.topologyFormat);
    EXPECT_EQ(a.topologyRolesFile, b.topologyRolesFile);
    EXPECT_EQ(ta.farEdgeCapacity, tb.farEdgeCapacity);
    EXPECT_EQ(ta.nearEdgeCapacity, tb.nearEdgeCapacity);
    EXPECT_EQ(ta.cloudCapacity, tb.cloudCapacity);
    EXPECT_EQ(ta.clusterCapacity, tb.clusterCapacity);
    EXPECT_EQ(ta.backgroundTraffic.packetSize, tb.backgroundTraffic.packetSize);
    EXPECT_EQ(ta.backgroundTraffic.onOff, tb.backgroundTraffic.onOff);
    EXPECT_EQ(ta.backgroundTraffic.meanOn, tb.backgroundTraffic.meanOn);
    EXPECT_EQ(ta.backgroundTraffic.meanOff, tb.backgroundTraffic.meanOff);
    EXPECT_EQ(ta.backgroundTraffic.port, tb.backgroundTraffic.port);
    ExpectSameDeployments(a.farEdge, b.farEdge, "farEdge");
    ExpectSameDeployments(a.nearEdge, b.nearEdge, "nearEdge");
    ExpectSameDeployments(a.cloud, b.cloud, "cloud");
    ASSERT_EQ(a.clusterDeployments.size(), b.clusterDeployments.size());
    for (const auto& [cluster, deployments] : a.clusterDeployments)
    {
        ASSERT_EQ(b.clusterDeployments.count(cluster), 1u) << cluster;
        ExpectSameDeployments(deployments, b.clusterDeployments.at(cluster), cluster);
    }
    EXPECT_EQ(a.farEdgeSlowdown, b.farEdgeSlowdown);
    EXPECT_EQ(a.nearEdgeSlowdown, b.nearEdgeSlowdown);
    EXPECT_EQ(a.cloudSlowdown, b.cloudSlowdown);
    ASSERT_EQ(a.applications.size(), b.applications.size());
    for (std::size_t i = 0; i < a.applications.size(); ++i)
    {
        const auto& x = a.applications[i];
        const auto& y = b.applications[i];
        EXPECT_EQ(x.name, y.name);
        EXPECT_EQ(x.task, y.task);
        EXPECT_EQ(x.deadline, y.deadline);
        EXPECT_EQ(x.minAccuracy, y.minAccuracy);
        EXPECT_EQ(x.requestSize, y.requestSize);
        EXPECT_EQ(x.responseSize, y.responseSize);
        EXPECT_EQ(x.weight, y.weight);
    }
    EXPECT_EQ(a.ratePerAccessNode, b.ratePerAccessNode);
    EXPECT_EQ(a.load, b.load);
    EXPECT_EQ(a.arrivals, b.arrivals);
    EXPECT_EQ(a.accessRates, b.accessRates);
    EXPECT_EQ(a.rateDistribution.kind, b.rateDistribution.kind);
    EXPECT_EQ(a.rateDistribution.exponent, b.rateDistribution.exponent);
    EXPECT_EQ(a.rateDistribution.sigma, b.rateDistribution.sigma);
    EXPECT_EQ(a.rateDistribution.seed, b.rateDistribution.seed);
    EXPECT_EQ(a.onTime, b.onTime);
    EXPECT_EQ(a.offTime, b.offTime);
    ASSERT_EQ(a.mmppStates.size(), b.mmppStates.size());
    for (std::size_t i = 0; i < a.mmppStates.size(); ++i)
    {
        EXPECT_EQ(a.mmppStates[i].rateFactor, b.mmppStates[i].rateFactor) << i;
        EXPECT_EQ(a.mmppStates[i].meanSeconds, b.mmppStates[i].meanSeconds) << i;
    }
    EXPECT_EQ(a.diurnalPeriod, b.diurnalPeriod);
    EXPECT_EQ(a.diurnalProfile, b.diurnalProfile);
    EXPECT_EQ(a.flashCrowd.start, b.flashCrowd.start);
    EXPECT_EQ(a.flashCrowd.ramp, b.flashCrowd.ramp);
    EXPECT_EQ(a.flashCrowd.duration, b.flashCrowd.duration);
    EXPECT_EQ(a.flashCrowd.factor, b.flashCrowd.factor);
    EXPECT_EQ(a.flashCrowd.accessNodes, b.flashCrowd.accessNodes);
    EXPECT_EQ(a.traceFile, b.traceFile);
    EXPECT_EQ(a.warmup, b.warmup);
    EXPECT_EQ(a.duration, b.duration);
    EXPECT_EQ(a.drain, b.drain);
    EXPECT_EQ(a.queryTimeout, b.queryTimeout);
    EXPECT_EQ(a.beaconInterval, b.beaconInterval);
    EXPECT_EQ(a.responseTimeout, b.responseTimeout);
    ASSERT_EQ(a.faults.size(), b.faults.size());
    for (std::size_t i = 0; i < a.faults.size(); ++i)
    {
        EXPECT_EQ(a.faults[i].ToString(), b.faults[i].ToString()) << i;
    }
    EXPECT_EQ(a.maxBatchSize, b.maxBatchSize);
    EXPECT_EQ(a.policies, b.policies);
    EXPECT_EQ(a.seeds, b.seeds);
    EXPECT_EQ(a.run, b.run);
}
} // namespace

TEST(ScenarioFile, DefaultJsonIsTheEmbeddedDefault)
{
    const AsetScenario file = AsetScenarioFile::Load(ScenarioDir() + "/default.json");
    ExpectSameScenario(file, AsetScenario::Default());

    // And it runs the same: identical records for a short run.
    AsetScenario a = AsetScenario::Default();
    AsetScenario b = file;
    a.duration = b.duration = Seconds(1);
    auto catalogue = ModelCatalogue::LoadFromFile(a.cataloguePath);
    const PolicyRunResult ra = AsetExperiment(a, catalogue).Run("closest", 1, 1);
    const PolicyRunResult rb = AsetExperiment(b, catalogue).Run("closest", 1, 1);
    ASSERT_EQ(ra.records.size(), rb.records.size());
    ASSERT_GT(ra.records.size(), 400u);
    EXPECT_EQ(ra.counts, rb.counts);
    for (std::size_t i = 0; i < ra.records.size(); ++i)
    {
        ASSERT_EQ(ra.records[i].sendTime, rb.records[i].sendTime) << i;
        ASSERT_EQ(ra.records[i].latency, rb.records[i].latency) << i;
        ASSERT_EQ(ra.records[i].clusterId, rb.records[i].clusterId) << i;
    }
}

TEST(ScenarioFile, EmptyObjectIsTheDefaultNamedAfterTheFile)
{
    AsetScenario expected = AsetScenario::Default();
    expected.name = "x";
    ExpectSameScenario(ParseText("{}"), expected);
}

TEST(ScenarioFile, ShippedScenariosFitTheCatalogue)
{
    // Every file of data/scenarios and its conditions/ folder (aset-evaluate's), each built
    // as AsetExperiment builds it: its catalogue, topology file and cluster names checked.
    std::size_t files = 0;
    std::size_t conditions = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(ScenarioDir()))
    {
        if (entry.path().extension() != ".json")
        {
            continue;
        }
        const std::string path = entry.path().string();
        SCOPED_TRACE(path);
        ++files;
        conditions += entry.path().parent_path().filename() == "conditions";
        AsetScenario s;
        ASSERT_NO_THROW(s = AsetScenarioFile::Load(path));
        EXPECT_EQ(s.name, entry.path().stem());
        EXPECT_TRUE(std::filesystem::exists(s.cataloguePath));
        EXPECT_NO_THROW(AsetExperiment{s});
    }
    EXPECT_GE(files, 10u);
    EXPECT_GE(conditions, 6u);
}

/// Loads a shipped ISP scenario, checks its site counts; returns the queries it is expected to send.
double
ExpectedIspQueries(const std::string& file, const std::vector<uint32_t>& sites)
{
    const AsetScenario s = AsetScenarioFile::Load(ScenarioDir() + "/" + file);
    const auto& t = s.topology;
    EXPECT_EQ((std::vector<uint32_t>{t.accessNodes, t.farEdgeSites, t.nearEdgeSites, t.cloudRegions}),
              sites)
        << file;
    const auto rates = s.GetAccessRates(t.accessNodes);
    return std::accumulate(rates.begin(), rates.end(), 0.0) * s.duration.GetSeconds();
}

TEST(ScenarioFile, IspMetroHasItsSizeAndAMillionQueries)
{
    // Poisson: a million and more with a margin of many deviations.
    EXPECT_GT(ExpectedIspQueries("isp-metro.json", {100, 20, 4, 1}), 1.03e6);
}

TEST(ScenarioFile, IspNationalHasItsSizeAndScalesByRegion)
{
    const double queries = ExpectedIspQueries("isp-national.json", {1000, 200, 20, 3});
    EXPECT_GT(queries, 0.9e6);
    EXPECT_LT(queries, 1.2e6);
    const AsetScenario s = AsetScenarioFile::Load(ScenarioDir() + "/isp-national.json");
    EXPECT_EQ(s.topology.routing, TieredRouting::NEXT_HOP);
    EXPECT_EQ(s.topology.beaconScope, TieredBeaconScope::REGION);
    EXPECT_EQ(s.duration, Seconds(10));
}

TEST(ScenarioFile, ReadsEveryKindOfField)
{
    const AsetScenario s = ParseText(R"({
      "name": "every-field",
      "description": "text for the reader",
      "catalogue": "../cat.csv",
      "power": "watts.csv",
      "topology": {"accessNodes": 6, "farEdgeSites": 3, "nearEdgeSites": 2, "cloudRegions": 2,
                   "mtu": 9000, "routing": "next-hop", "beaconScope": "region",
                   "links": {"access": {"rate": "100Mbps", "delay": "2.5ms", "loss": 0.01},
                             "cloud": {"delay": "20ms"}},
                   "file": "net.txt", "format": "aset"},
      "deployments": {"farEdge": [{"variant": "resnet18"}],
                      "nearEdge": [{"variant": "yolov5m", "hardware": "gpu", "replicas": 3,
                                    "queueCapacity": 10}],
                      "cloud": [],
                      "clusters": {"far-edge-1": [{"variant": "yolov5n", "hardware": "gpu"}]}},
      "slowdown": {"farEdge": 2, "nearEdge": 1.5, "cloud": 1},
      "applications": [{"name": "a", "task": "object-detection", "deadline": "1s",
                        "requestSize": 1000, "responseSize": 100},
                       {"name": "b", "task": "image-classification", "deadline": "25ms",
                        "minAccuracy": 60, "requestSize": 2000, "responseSize": 200, "weight": 0.5}],
      "workload": {"process": "mmpp", "rate": 80, "load": 1.5,
                   "rates": [1, 2, 3, 4, 5, 6],
                   "rateDistribution": {"kind": "zipf", "exponent": 0.8, "sigma": 0.3, "seed": 9},
                   "onOff": {"on": "2s", "off": "500ms"},
                   "mmpp": [{"factor": 1, "meanDuration": "10s"}, {"factor": 4, "meanDuration": "2s"}],
                   "diurnal": {"period": "2min", "profile": [0.5, 1]},
                   "flashCrowd": {"start": "10s", "ramp": "1s", "duration": "5s", "factor": 3,
                                  "accessNodes": [0, "access-2"]},
                   "trace": "/abs/trace.csv"},
      "timing": {"warmup": "1s", "duration": "1h", "drain": "4s", "queryTimeout": "3s",
                 "beaconInterval": "50ms"},
      "maxBatchSize": 4,
      "policies": ["closest", "aset"],
      "seeds": [3, 4],
      "run": 2
    })",
                                     "/base/scenarios");
    EXPECT_EQ(s.name, "every-field");
    EXPECT_EQ(s.cataloguePath, "/base/cat.csv");
    EXPECT_EQ(s.powerPath, "/base/scenarios/watts.csv");
    EXPECT_EQ(s.topology.accessNodes, 6u);
    EXPECT_EQ(s.topology.farEdgeSites, 3u);
    EXPECT_EQ(s.topology.nearEdgeSites, 2u);
    EXPECT_EQ(s.topology.cloudRegions, 2u);
    EXPECT_EQ(s.topology.mtu, 9000);
    EXPECT_EQ(s.topology.routing, TieredRouting::NEXT_HOP);
    EXPECT_EQ(s.topology.beaconScope, TieredBeaconScope::REGION);
    EXPECT_EQ(s.topology.access.rate, DataRate("100Mbps"));
    EXPECT_EQ(s.topology.access.delay, MicroSeconds(2500));
    EXPECT_DOUBLE_EQ(s.topology.access.lossRate, 0.01);
    EXPECT_EQ(s.topology.cloud.delay, MilliSeconds(20));
    EXPECT_EQ(s.topology.cloud.rate, DataRate("10Gbps")); // the default, where not given
    EXPECT_EQ(s.topologyFile, "/base/scenarios/net.txt");
    EXPECT_EQ(s.topologyFormat, "aset");
    ASSERT_EQ(s.farEdge.size(), 1u);
    EXPECT_EQ(s.farEdge[0].hardware, HardwareClass::CPU);
    EXPECT_EQ(s.farEdge[0].replicas, 1);
    EXPECT_EQ(s.farEdge[0].queueCapacity, 64u);
    ASSERT_EQ(s.nearEdge.size(), 1u);
    EXPECT_EQ(s.nearEdge[0].hardware, HardwareClass::GPU);
    EXPECT_EQ(s.nearEdge[0].replicas, 3);
    EXPECT_EQ(s.nearEdge[0].queueCapacity, 10u);
    EXPECT_TRUE(s.cloud.empty());
    ASSERT_EQ(s.clusterDeployments.count("far-edge-1"), 1u);
    EXPECT_EQ(s.clusterDeployments.at("far-edge-1")[0].variant, "yolov5n");
    EXPECT_EQ(s.farEdgeSlowdown, 2);
    EXPECT_EQ(s.nearEdgeSlowdown, 1.5);
    ASSERT_EQ(s.applications.size(), 2u);
    EXPECT_EQ(s.applications[0].minAccuracy, 0);
    EXPECT_EQ(s.applications[0].weight, 1);
    EXPECT_EQ(s.applications[0].deadline, Seconds(1));
    EXPECT_EQ(s.applications[1].deadline, MilliSeconds(25));
    EXPECT_EQ(s.applications[1].weight, 0.5);
    EXPECT_EQ(s.applications[1].requestSize, 2000u);
    EXPECT_EQ(s.arrivals, InferenceClientApplication::MMPP);
    EXPECT_EQ(s.ratePerAccessNode, 80);
    EXPECT_EQ(s.load, 1.5);
    EXPECT_EQ(s.accessRates, (std::vector<double>{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(s.rateDistribution.kind, "zipf");
    EXPECT_EQ(s.rateDistribution.exponent, 0.8);
    EXPECT_EQ(s.rateDistribution.sigma, 0.3);
    EXPECT_EQ(s.rateDistribution.seed, 9u);
    EXPECT_EQ(s.onTime, Seconds(2));
    EXPECT_EQ(s.offTime, MilliSeconds(500));
    ASSERT_EQ(s.mmppStates.size(), 2u);
    EXPECT_EQ(s.mmppStates[1].rateFactor, 4);
    EXPECT_EQ(s.mmppStates[1].meanSeconds, 2);
    EXPECT_EQ(s.diurnalPeriod, Minutes(2));
    EXPECT_EQ(s.diurnalProfile, (std::vector<double>{0.5, 1}));
    EXPECT_EQ(s.flashCrowd.start, Seconds(10));
    EXPECT_EQ(s.flashCrowd.ramp, Seconds(1));
    EXPECT_EQ(s.flashCrowd.duration, Seconds(5));
    EXPECT_EQ(s.flashCrowd.factor, 3);
    EXPECT_EQ(s.flashCrowd.accessNodes, (std::vector<uint32_t>{0, 2}));
    EXPECT_EQ(s.traceFile, "/abs/trace.csv");
    EXPECT_EQ(s.warmup, Seconds(1));
    EXPECT_EQ(s.duration, Hours(1));
    EXPECT_EQ(s.drain, Seconds(4));
    EXPECT_EQ(s.queryTimeout, Seconds(3));
    EXPECT_EQ(s.beaconInterval, MilliSeconds(50));
    EXPECT_EQ(s.maxBatchSize, 4);
    EXPECT_EQ(s.policies, (std::vector<std::string>{"closest", "aset"}));
    EXPECT_EQ(s.seeds, (std::vector<uint32_t>{3, 4}));
    EXPECT_EQ(s.run, 2u);
}

TEST(ScenarioFile, ReadsTopologyExtrasFaultsAndResponseTimeout)
{
    const AsetScenario s = ParseText(R"({
      "topology": {
        "file": "net.topo", "format": "inet", "roles": "net.roles",
        "links": {"access": {"background": 0.3}},
        "capacity": {"farEdge": 0.5, "nearEdge": 2, "cloud": 4,
                     "clusters": {"near-edge-0": 3}},
        "background": {"packetSize": 500, "onOff": true, "meanOn": "50ms",
                       "meanOff": "150ms", "port": 19}
      },
      "timing": {"responseTimeout": "100ms"},
      "faults": [{"at": "5s", "kind": "cluster-down", "target": "far-edge-0"},
                 {"at": "6s", "kind": "capacity", "target": "near-edge-0", "slowdown": 2}]
    })");
    EXPECT_EQ(s.topologyFile, "/base/net.topo");
    EXPECT_EQ(s.topologyFormat, "inet");
    EXPECT_EQ(s.topologyRolesFile, "/base/net.roles");
    EXPECT_DOUBLE_EQ(s.topology.access.background, 0.3);
    EXPECT_DOUBLE_EQ(s.topology.farEdgeCapacity, 0.5);
    EXPECT_DOUBLE_EQ(s.topology.nearEdgeCapacity, 2);
    EXPECT_DOUBLE_EQ(s.topology.cloudCapacity, 4);
    ASSERT_EQ(s.topology.clusterCapacity.size(), 1u);
    EXPECT_DOUBLE_EQ(s.topology.clusterCapacity.at("near-edge-0"), 3);
    EXPECT_EQ(s.topology.backgroundTraffic.packetSize, 500u);
    EXPECT_TRUE(s.topology.backgroundTraffic.onOff);
    EXPECT_EQ(s.topology.backgroundTraffic.meanOn, MilliSeconds(50));
    EXPECT_EQ(s.topology.backgroundTraffic.meanOff, MilliSeconds(150));
    EXPECT_EQ(s.topology.backgroundTraffic.port, 19);
    EXPECT_EQ(s.responseTimeout, MilliSeconds(100));
    ASSERT_EQ(s.faults.size(), 2u);
    EXPECT_EQ(s.faults[0].at, Seconds(5));
    EXPECT_EQ(s.faults[0].kind, FaultEvent::CLUSTER_DOWN);
    EXPECT_EQ(s.faults[1].target, "near-edge-0");
    EXPECT_DOUBLE_EQ(s.faults[1].slowdown, 2);
}

TEST(ScenarioFile, OutageJsonIsTheOutageVariant)
{
    const AsetScenario file = AsetScenarioFile::Load(ScenarioDir() + "/far-edge-outage.json");
    const AsetScenario variant = AsetScenario::Variant("far-edge-outage");
    ExpectSameScenario(file, variant);
    ASSERT_EQ(file.faults.size(), variant.faults.size());
    for (std::size_t i = 0; i < file.faults.size(); ++i)
    {
        EXPECT_EQ(file.faults[i].ToString(), variant.faults[i].ToString()) << i;
    }
}

TEST(ScenarioFile, ClusterOverridesMustNameClustersOfTheNetwork)
{
    auto catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    AsetScenario s = AsetScenario::Default();
    s.clusterDeployments["near-edge-0"] = s.nearEdge;
    EXPECT_NO_THROW(AsetExperiment(s, catalogue));
    s.clusterDeployments["far-edge-gateway-0"] = s.farEdge;
    s.clusterDeployments["near-edge-7"] = s.nearEdge;
    try
    {
        AsetExperiment experiment(s, catalogue);
        FAIL() << "an override of no cluster was accepted";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find(
                      "deployments.clusters: no cluster named far-edge-gateway-0, near-edge-7"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ScenarioFile, TimesNeedAUnit)
{
    Time t;
    EXPECT_TRUE(ParseTimeWithUnit("30ms", t));
    EXPECT_EQ(t, MilliSeconds(30));
    EXPECT_TRUE(ParseTimeWithUnit("1.5s", t));
    EXPECT_EQ(t, MilliSeconds(1500));
    EXPECT_TRUE(ParseTimeWithUnit("50us", t));
    EXPECT_EQ(t, MicroSeconds(50));
    EXPECT_TRUE(ParseTimeWithUnit("2min", t));
    EXPECT_EQ(t, Seconds(120));
    EXPECT_TRUE(ParseTimeWithUnit("1e3ns", t));
    EXPECT_EQ(t, NanoSeconds(1000));
    EXPECT_TRUE(ParseTimeWithUnit("20 ms", t));
    EXPECT_EQ(t, MilliSeconds(20));
    EXPECT_TRUE(ParseTimeWithUnit("1h", t));
    EXPECT_EQ(t, Seconds(3600));
    EXPECT_TRUE(ParseTimeWithUnit("1e9s", t));
    EXPECT_EQ(t, Seconds(1e9));
    // Beyond 1e9 s (1e9 h overflowed ns-3's Time), and digits enough to overflow std::regex.
    for (const std::string& bad : std::vector<std::string>{"30", "ms", "-1s", "1 parsec", "1.5", "",
                                                           "1s ", "5 sec", "5s5", "1e12s", "1e9h",
                                                           "300000h",
                                                           std::string(100000, '1') + "s"})
    {
        EXPECT_FALSE(ParseTimeWithUnit(bad, t)) << bad.substr(0, 20);
    }
}

TEST(ScenarioFile, RatesNeedAUnitAndARange)
{
    DataRate r;
    EXPECT_TRUE(ParseRateWithUnit("10Gbps", r));
    EXPECT_EQ(r, DataRate("10Gbps"));
    EXPECT_TRUE(ParseRateWithUnit("1.5Mbps", r));
    EXPECT_EQ(r.GetBitRate(), 1500000u);
    EXPECT_TRUE(ParseRateWithUnit("10000Gbps", r));
    EXPECT_TRUE(ParseRateWithUnit("1bps", r));
    for (const std::string& bad : std::vector<std::string>{"", "fast", "0bps", "0.5bps", "10001Gbps", "1Tbps",
                                                           "1e3bps", "10 Gbps", "1..5Mbps", ".Mbps",
                                                           "18446744073709551616Gbps",
                                                           std::string(100000, '9') + "bps"})
    {
        EXPECT_FALSE(ParseRateWithUnit(bad, r)) << bad.substr(0, 20);
    }
}

TEST(ScenarioFile, EveryErrorNamesItsFileAndField)
{
    const std::pair<const char*, const char*> cases[] = {
        {R"({"workload": {"rate": "abc"}})",
         "x.json: field 'workload.rate': expected a positive number, got 'abc'"},
        {R"({"workload": {"rate": 0}})",
         "field 'workload.rate': expected a positive number, got '0'"},
        {R"({"workload": {"rte": 5}})", "field 'workload.rte': unknown key (known here: process,"},
        {R"({"wrkload": {}})", "field 'wrkload': unknown key"},
        {R"({"topology": {"routing": "nix"}})",
         "field 'topology.routing': expected global or next-hop, got 'nix'"},
        {R"({"topology": {"beaconScope": "near"}})",
         "field 'topology.beaconScope': expected all, region or far-edge-region, got 'near'"},
        {R"({"name": "a", "name": "b"})", "field 'name': given twice"},
        {R"({"topology": {"accessNodes": 2.5}})",
         "field 'topology.accessNodes': expected a whole number, got '2.5'"},
        {R"({"topology": {"accessNodes": 0}})",
         "field 'topology.accessNodes': expected a whole number in [1, 100000], got '0'"},
        {R"({"topology": {"links": {"metro": {"rate": "fast"}}}})",
         "field 'topology.links.metro.rate': expected a data rate with a unit"},
        {R"({"topology": {"links": {"core": {"loss": 2}}}})",
         "field 'topology.links.core.loss': expected a number in [0, 1], got '2'"},
        {R"({"topology": {"links": {"wan": {}}}})",
         "field 'topology.links.wan': unknown key (known here: access, siteLan, metro, core, cloud)"},
        {R"({"topology": {"links": {"access": {"background": 1}}}})",
         "field 'topology.links.access.background': expected a share of the rate in [0, 1)"},
        {R"({"topology": {"capacity": {"nearEdge": 0}}})",
         "field 'topology.capacity.nearEdge': expected a positive number, got '0'"},
        {R"({"topology": {"capacity": {"metro": 2}}})",
         "field 'topology.capacity.metro': unknown key (known here: farEdge, nearEdge, cloud, "
         "clusters)"},
        {R"({"topology": {"nearEdgeCapacity": 2}})",
         "field 'topology.nearEdgeCapacity': unknown key (known here: accessNodes, farEdgeSites, "
         "nearEdgeSites, cloudRegions, mtu, links, file, format, roles, capacity, background, "
         "routing, beaconScope)"},
        {R"({"slowdown": {"metro": 2}})",
         "field 'slowdown.metro': unknown key (known here: farEdge, nearEdge, cloud)"},
        {R"({"deployments": {"metro": []}})",
         "field 'deployments.metro': unknown key (known here: farEdge, nearEdge, cloud, clusters)"},
        {R"({"topology": {"capacity": {"clusters": {"near-edge-0": "x"}}}})",
         "field 'topology.capacity.clusters.near-edge-0': expected a positive number, got 'x'"},
        {R"({"topology": {"background": {"onOff": "yes"}}})",
         "field 'topology.background.onOff': expected true or false, got 'yes'"},
        {R"({"topology": {"format": "graphml"}})",
         "field 'topology.format': expected aset, inet, orbis or rocketfuel, got 'graphml'"},
        {R"({"timing": {"responseTimeout": "soon"}})",
         "field 'timing.responseTimeout': expected a time with a unit"},
        {R"({"faults": [{"at": "1s", "kind": "cluster-down", "target": "far-edge-0"},
                        {"at": "2s", "kind": "melt", "target": "far-edge-0"}]})",
         "x.json: field 'faults[1].kind': expected one of cluster-down, cluster-up, link-down, "
         "link-up, capacity; got 'melt'"},
        {R"({"faults": {"at": "1s"}})", "field 'faults': expected an array of fault events"},
        {R"({"topology": [1, 2]})", "field 'topology': expected an object, got an array"},
        {R"({"deployments": {"farEdge": [{"hardware": "gpu"}]}})",
         "field 'deployments.farEdge[0].variant': missing: this key is required"},
        {R"({"deployments": {"cloud": [{"variant": "v", "hardware": "fpga"}]}})",
         "field 'deployments.cloud[0].hardware': expected cpu, gpu or tpu, got 'fpga'"},
        {R"({"deployments": {"cloud": {"variant": "v"}}})",
         "field 'deployments.cloud': expected an array, got an object"},
        {R"({"deployments": {"clusters": {"near-edge-gateway-1": []}}})",
         "field 'deployments.clusters.near-edge-gateway-1': expected a cluster's name"},
        {R"({"slowdown": {"cloud": 0}})",
         "field 'slowdown.cloud': expected a number in [0.01, 1000]"},
        {R"({"applications": [{"name": "a", "task": "t", "deadline": "30", "requestSize": 100,
            "responseSize": 100}]})",
         "field 'applications[0].deadline': expected a time with a unit (ns, us, ms, s, min, h) up "
         "to 1e9 s, e.g. '30ms', got '30'"},
        {R"({"applications": [{"name": "a", "task": "t", "deadline": "0ms", "requestSize": 100,
            "responseSize": 100}]})",
         "field 'applications[0].deadline': expected a positive time, got '0ms'"},
        {R"({"applications": [{"name": "a", "task": "t", "deadline": "1s", "requestSize": 100,
            "responseSize": 100, "minAccuracy": 101}]})",
         "field 'applications[0].minAccuracy': expected a number in [0, 100], got '101'"},
        {R"({"applications": [{"name": "a", "task": "t", "deadline": "1s", "requestSize": 100,
            "responseSize": 100}, {"name": "a", "task": "t", "deadline": "1s", "requestSize": 100,
            "responseSize": 100}]})",
         "field 'applications[1].name': application 'a' is named twice"},
        {R"({"workload": {"process": "bursty"}})",
         "field 'workload.process': expected poisson, constant, on-off, mmpp or trace, got "
         "'bursty'"},
        {R"({"workload": {"rates": [1, 2, 3]}})",
         "field 'workload.rates': expected one rate per access node (4), got 3"},
        {R"({"workload": {"rates": [1, 2, -3, 4]}})",
         "field 'workload.rates[2]': expected a positive number, got '-3'"},
        {R"({"workload": {"rateDistribution": {"kind": "pareto"}}})",
         "field 'workload.rateDistribution.kind': expected equal, zipf or lognormal, got 'pareto'"},
        {R"({"workload": {"process": "mmpp", "mmpp": [{"factor": 1, "meanDuration": "1s"}]}})",
         "field 'workload.mmpp': the mmpp process needs at least two states"},
        {R"({"workload": {"mmpp": [{"factor": -1, "meanDuration": "1s"}]}})",
         "field 'workload.mmpp[0].factor': expected a number of at least 0, got '-1'"},
        {R"({"workload": {"process": "trace"}})",
         "field 'workload.trace': the trace process needs a trace file"},
        {R"({"workload": {"process": "constant", "diurnal": {"period": "1min"}}})",
         "field 'workload.process': a diurnal profile or a flash crowd needs"},
        {R"({"workload": {"diurnal": {"profile": [0, 0]}}})",
         "field 'workload.diurnal.profile': multipliers must be at least 0, at least one of them "
         "positive"},
        {R"({"workload": {"flashCrowd": {"factor": 3}}})",
         "field 'workload.flashCrowd': a flash crowd needs a ramp or a duration"},
        {R"({"workload": {"flashCrowd": {"factor": 3, "ramp": "1s", "accessNodes": [7]}}})",
         "field 'workload.flashCrowd.accessNodes[0]': expected an access node below 4, got 7"},
        {R"({"workload": {"flashCrowd": {"factor": 2, "ramp": "1s", "accessNodes": ["edge-1"]}}})",
         "field 'workload.flashCrowd.accessNodes[0]': expected an access node's index or name"},
        {R"({"timing": {"duration": "0s"}})",
         "field 'timing.duration': expected a positive time, got '0s'"},
        {R"({"timing": {"beaconInterval": "10us"}})",
         "field 'timing.beaconInterval': must be at least 0.1 ms"},
        {R"({"policies": ["closest", "fastest"]})",
         "field 'policies[1]': unknown policy 'fastest' (known: all, closest, "},
        {R"({"policies": ["closest", "closest"]})",
         "field 'policies[1]': 'closest' is named twice"},
        {R"({"seeds": [1, 0]})", "field 'seeds[1]': expected a whole number in [1, "},
        {R"({"seeds": []})", "field 'seeds': expected at least one seed"},
        {R"({"maxBatchSize": "x"})", "field 'maxBatchSize': expected a whole number, got 'x'"},
        {R"({"name": {"first": "a"}})", "field 'name': expected a string, got an object"},
        {R"([1, 2])", "x.json: expected an object, got an array"},
        {R"({"mobility": {"users": [{"name": "cars", "model": "teleport"}]}})",
         "x.json: field 'mobility.users[0].model': expected static, random-walk, random-waypoint "
         "or constant-velocity, got 'teleport'"},
        {R"({"mobility": {"users": [{"count": 3}]}})",
         "field 'mobility.users[0].name': missing: this key is required"},
        {R"({"mobility": {"users": [{"name": "a", "count": 0}]}})",
         "field 'mobility.users[0].count': expected a whole number in [1, 100000], got '0'"},
        {R"({"mobility": {"users": [{"name": "a", "minSpeed": 5, "maxSpeed": 2}]}})",
         "field 'mobility.users[0].maxSpeed': expected a speed of at least minSpeed (5), got '2'"},
        {R"({"mobility": {"users": [{"name": "a", "maxSpeed": 300}]}})",
         "field 'mobility.users[0].maxSpeed': expected metres per second in [0, 150], got '300'"},
        {R"({"mobility": {"users": [{"name": "a"}, {"name": "a"}]}})",
         "field 'mobility.users[1].name': user group 'a' is named twice"},
        {R"({"mobility": {"users": [{"name": "a", "speed": 3}]}})",
         "field 'mobility.users[0].speed': unknown key (known here: name, count, model, minSpeed, "
         "maxSpeed, pause, rate)"},
        {R"({"mobility": {"accessSpacing": 0}})",
         "field 'mobility.accessSpacing': expected metres in [1, 1e6], got '0'"},
        {R"({"mobility": {"users": {"name": "a"}}})",
         "field 'mobility.users': expected an array, got an object"},
        {R"({"mobility": {"users": [{"name": "a", "pause": "2"}]}})",
         "field 'mobility.users[0].pause': expected a time with a unit"},
        {R"({"mobility": {"users": [{"name": "a", "rate": 1000, "count": 100000}]}})",
         "field 'mobility.users': about 2.02e+09 queries from moving users, more than the 1e+09 "
         "one run can simulate"},
    };
    for (const auto& [json, expected] : cases)
    {
        EXPECT_NE(ErrorOf(json).find(expected), std::string::npos)
            << "input: " << json << "\nerror: " << ErrorOf(json) << "\nexpected: " << expected;
    }
}

TEST(ScenarioFile, ReadsMovingUsers)
{
    const AsetScenario s = AsetScenarioFile::Load(ScenarioDir() + "/moving-users.json");
    EXPECT_EQ(s.mobility.accessSpacing, 200);
    EXPECT_EQ(s.mobility.accessColumns, 0u);
    ASSERT_EQ(s.mobility.users.size(), 3u);
    EXPECT_EQ(s.mobility.GetUserCount(), 42u);
    const MovingUsersSpec& cyclists = s.mobility.users[1];
    EXPECT_EQ(cyclists.name, "cyclists");
    EXPECT_EQ(cyclists.count, 10u);
    EXPECT_EQ(cyclists.model, "random-waypoint");
    EXPECT_EQ(cyclists.minSpeed, 4);
    EXPECT_EQ(cyclists.maxSpeed, 8);
    EXPECT_EQ(cyclists.pause, Seconds(1));
    EXPECT_EQ(cyclists.rate, 8);
    EXPECT_TRUE(AsetScenario::Default().mobility.users.empty()) << "no moving users by default";
}

TEST(ScenarioFile, SyntaxErrorsGiveTheLine)
{
    const std::string error = ErrorOf("{\n  \"name\": \"x\",\n  \"workload\" {\"rate\": 5}\n}\n");
    EXPECT_NE(error.find("x.json:3: JSON syntax error"), std::string::npos) << error;
    EXPECT_NE(ErrorOf("{\n\"name\": \"x\",\n}").find("x.json:3:"), std::string::npos);
}

TEST(ScenarioFile, NestingBeyondTheLimitIsAnError)
{
    // boost's parser recurses per level: 100000 levels overflowed the stack.
    EXPECT_EQ(ErrorOf("{\"a\":\n" + std::string(100000, '[')),
              "x.json:2: JSON nested more than 64 levels deep (the limit)");
    EXPECT_NE(ErrorOf("{\"description\": \"[[[[\" " + std::string(60, '[')), "")
        << "brackets in strings do not count";
}

TEST(ScenarioFile, ExtremeValuesAreErrorsThatStateTheLimit)
{
    const std::pair<const char*, const char*> cases[] = {
        {R"({"topology": {"farEdgeSites": 5000}})",
         "x.json: field 'topology': the generated network has 10008 nodes (access nodes, 2 per "
         "far-edge and near-edge site, the core and the cloud regions), more than the 2000 a run "
         "can simulate"},
        {R"({"topology": {"links": {"core": {"delay": "1h"}}}})",
         "field 'topology.links.core.delay': expected a delay up to 10s, got '1h'"},
        {R"({"topology": {"links": {"core": {"rate": "99999999999999999999Gbps"}}}})",
         "field 'topology.links.core.rate': expected a data rate with a unit"},
        {R"({"timing": {"duration": "300000h"}})",
         "field 'timing.duration': expected a time with a unit (ns, us, ms, s, min, h) up to 1e9 s"},
        {R"({"workload": {"rate": 1000000, "flashCrowd": {"factor": 1000000, "ramp": "1s"}}})",
         "field 'workload': access node 0's peak rate is 1e+12 queries per second"},
        {R"({"workload": {"diurnal": {"period": "1s", "profile": [1e300, 0]}}})",
         "field 'workload': access node 0's peak rate is"},
        {R"({"workload": {"process": "on-off", "onOff": {"on": "1ns", "off": "1ns"}}})",
         "field 'workload.onOff': about"},
        {R"({"workload": {"process": "mmpp", "mmpp": [{"factor": 1, "meanDuration": "1ns"},
                                                      {"factor": 2, "meanDuration": "1ns"}]}})",
         "field 'workload.mmpp': about"},
        {R"({"timing": {"warmup": "1e9s"}})", "field 'workload': about"},
    };
    for (const auto& [json, expected] : cases)
    {
        const std::string error = ErrorOf(json);
        EXPECT_NE(error.find(expected), std::string::npos) << json << "\n" << error;
    }
}

TEST(ScenarioFile, ControlCharactersInAnErrorAreEscaped)
{
    EXPECT_EQ(ErrorOf(R"({"workload": {"rate": "1\n2"}})"),
              "x.json: field 'workload.rate': expected a positive number, got '1\\n2'");
}

TEST(ScenarioFile, MissingFileIsNamed)
{
    try
    {
        AsetScenarioFile::Load("/nonexistent/s.json");
        FAIL() << "no error";
    }
    catch (const AsetInputError& e)
    {
        EXPECT_EQ(std::string(e.what()),
                  "/nonexistent/s.json: cannot open the file for reading");
    }
    try
    {
        AsetScenarioFile::Load("/tmp");
        FAIL() << "no error";
    }
    catch (const AsetInputError& e)
    {
        EXPECT_EQ(std::string(e.what()), "/tmp: expected a file, got a folder");
    }
}

/// Scenario files in a folder of their own, removed afterwards: for "extends".
class ScenarioFileExtends : public TempFolderTest
{
  protected:
    /// The one-line error that loading \p path gives, or "" if it loads.
    static std::string LoadError(const std::string& path)
    {
        try
        {
            AsetScenarioFile::Load(path);
        }
        catch (const AsetInputError& e)
        {
            const std::string what = e.what();
            EXPECT_EQ(what.find('\n'), std::string::npos) << what;
            return what;
        }
        return "";
    }
};

/// A base that sets a field of every object to something other than the default.
const char* const kBase = R"({
  "name": "base",
  "catalogue": "cat.csv",
  "topology": {"farEdgeSites": 3, "mtu": 9000, "routing": "next-hop", "beaconScope": "region",
               "links": {"access": {"rate": "100Mbps", "delay": "2.5ms", "loss": 0.01,
                                    "background": 0.2}},
               "file": "net.topo", "format": "inet", "roles": "net.roles",
               "capacity": {"farEdge": 0.5, "nearEdge": 2,
                            "clusters": {"near-edge-0": 3, "far-edge-1": 2}},
               "background": {"packetSize": 500, "onOff": true, "port": 19}},
  "deployments": {"farEdge": [{"variant": "resnet18"}],
                  "nearEdge": [{"variant": "yolov5m", "hardware": "gpu", "replicas": 3}],
                  "clusters": {"far-edge-1": [{"variant": "yolov5n", "hardware": "gpu"}]}},
  "slowdown": {"farEdge": 2, "nearEdge": 1.5},
  "applications": [{"name": "a", "task": "object-detection", "deadline": "1s",
                    "requestSize": 1000, "responseSize": 100}],
  "workload": {"process": "on-off", "rate": 80, "load": 1.5, "rates": [1, 2, 3, 4],
               "rateDistribution": {"kind": "zipf", "exponent": 0.8},
               "onOff": {"on": "2s", "off": "500ms"},
               "mmpp": [{"factor": 1, "meanDuration": "10s"}, {"factor": 4, "meanDuration": "2s"}],
               "diurnal": {"period": "2min", "profile": [0.5, 1]},
               "flashCrowd": {"start": "10s", "ramp": "1s", "duration": "5s", "factor": 3,
                              "accessNodes": [0, 2]},
               "trace": "trace.csv"},
  "timing": {"warmup": "1s", "duration": "30s", "drain": "4s", "beaconInterval": "50ms",
             "responseTimeout": "100ms"},
  "faults": [{"at": "5s", "kind": "cluster-down", "target": "far-edge-0"}],
  "maxBatchSize": 4,
  "policies": ["closest", "aset"],
  "seeds": [3, 4],
  "run": 2
})";

TEST_F(ScenarioFileExtends, KeepsEveryFieldTheExtendingFileDoesNotGive)
{
    Write("base.json", kBase);
    const AsetScenario base = AsetScenarioFile::Load(Path("base.json"));
    const DeploymentSpec gpuYolo{"yolov5s", HardwareClass::GPU, 2, 64};
    // One field of each object, then lists (which replace the base's) and top-level keys.
    const std::vector<std::pair<std::string, std::function<void(AsetScenario&)>>> cases = {
        {R"("topology": {"farEdgeSites": 4})", [](auto& s) { s.topology.farEdgeSites = 4; }},
        {R"("topology": {"mtu": 1500})", [](auto& s) { s.topology.mtu = 1500; }},
        {R"("topology": {"routing": "global"})",
         [](auto& s) { s.topology.routing = TieredRouting::GLOBAL; }},
        {R"("topology": {"beaconScope": "all"})",
         [](auto& s) { s.topology.beaconScope = TieredBeaconScope::ALL; }},
        {R"("topology": {"links": {"access": {"delay": "7ms"}}})",
         [](auto& s) { s.topology.access.delay = MilliSeconds(7); }},
        {R"("topology": {"links": {"core": {"loss": 0.1}}})",
         [](auto& s) { s.topology.core.lossRate = 0.1; }},
        {R"("topology": {"capacity": {"cloud": 5}})",
         [](auto& s) { s.topology.cloudCapacity = 5; }},
        {R"("topology": {"capacity": {"clusters": {"far-edge-1": 4}}})",
         [](auto& s) { s.topology.clusterCapacity["far-edge-1"] = 4; }},
        {R"("topology": {"background": {"port": 10}})",
         [](auto& s) { s.topology.backgroundTraffic.port = 10; }},
        {R"("topology": {"roles": "other.roles"})",
         [this](auto& s) { s.topologyRolesFile = Path("ext/other.roles"); }},
        // A new topology file comes with its own format and roles.
        {R"("topology": {"file": "other.topo"})",
         [this](auto& s) {
             s.topologyFile = Path("ext/other.topo");
             s.topologyFormat = "aset";
             s.topologyRolesFile.clear();
         }},
        {R"("deployments": {"nearEdge": [{"variant": "yolov5s", "hardware": "gpu", "replicas": 2}]})",
         [&gpuYolo](auto& s) { s.nearEdge = {gpuYolo}; }},
        {R"("deployments": {"clusters": {"far-edge-0": [{"variant": "yolov5s", "hardware": "gpu", "replicas": 2}]}})",
         [&gpuYolo](auto& s) { s.clusterDeployments["far-edge-0"] = {gpuYolo}; }},
        {R"("slowdown": {"nearEdge": 4})", [](auto& s) { s.nearEdgeSlowdown = 4; }},
        {R"("applications": [{"name": "b", "task": "image-classification", "deadline": "20ms",
                              "requestSize": 10, "responseSize": 10}])",
         [](auto& s) {
             s.applications = {{"b", "image-classification", MilliSeconds(20), 0, 10, 10, 1}};
         }},
        {R"("workload": {"load": 2})", [](auto& s) { s.load = 2; }},
        {R"("workload": {"rates": [4, 3, 2, 1]})",
         [](auto& s) {
             s.accessRates = {4, 3, 2, 1};
         }},
        // A rate or a rate distribution replaces the base's per-node rates, which would win.
        {R"("workload": {"rate": 90})",
         [](auto& s) {
             s.ratePerAccessNode = 90;
             s.accessRates.clear();
         }},
        {R"("workload": {"rateDistribution": {"exponent": 1.2}})",
         [](auto& s) {
             s.rateDistribution.exponent = 1.2;
             s.accessRates.clear();
         }},
        {R"("workload": {"onOff": {"off": "1s"}})", [](auto& s) { s.offTime = Seconds(1); }},
        {R"("workload": {"mmpp": [{"factor": 0, "meanDuration": "1s"}, {"factor": 2, "meanDuration": "1s"}]})",
         [](auto& s) {
             s.mmppStates = {{0, 1}, {2, 1}};
         }},
        {R"("workload": {"diurnal": {"period": "1min"}})",
         [](auto& s) { s.diurnalPeriod = Minutes(1); }},
        {R"("workload": {"flashCrowd": {"start": "12s"}})",
         [](auto& s) { s.flashCrowd.start = Seconds(12); }},
        {R"("timing": {"duration": "5s"})", [](auto& s) { s.duration = Seconds(5); }},
        {R"("faults": [])", [](auto& s) { s.faults.clear(); }},
        {R"("maxBatchSize": 2)", [](auto& s) { s.maxBatchSize = 2; }},
        {R"("policies": "all")", [](auto& s) { s.policies.clear(); }},
        {R"("seeds": [7])", [](auto& s) { s.seeds = {7}; }},
        {R"("run": 5)", [](auto& s) { s.run = 5; }},
        {R"("catalogue": "../other.csv")",
         [this](auto& s) { s.cataloguePath = Path("other.csv"); }},
        {R"("power": "../watts.csv")", [this](auto& s) { s.powerPath = Path("watts.csv"); }},
    };
    for (const auto& [json, change] : cases)
    {
        SCOPED_TRACE(json);
        const std::string path =
            Write("ext/extending.json", R"({"extends": "../base.json", )" + json + "}");
        AsetScenario expected = base;
        expected.name = "extending"; // the extending file's, not the base's
        change(expected);
        ExpectSameScenario(AsetScenarioFile::Load(path), expected);
    }
    // A name in the extending file is its own.
    EXPECT_EQ(
        AsetScenarioFile::Load(Write("e.json", R"({"extends": "base.json", "name": "n"})")).name,
        "n");
}

TEST_F(ScenarioFileExtends, PathsInTheBaseStayRelativeToItsFolder)
{
    Write("b/base.json", R"({"catalogue": "cat.csv", "workload": {"trace": "../t/trace.csv"},
                            "topology": {"file": "net.topo", "roles": "net.roles", "format": "inet"}})");
    const AsetScenario s = AsetScenarioFile::Load(
        Write("e/sub/ext.json", R"({"extends": "../../b/base.json", "topology": {"mtu": 1500}})"));
    EXPECT_EQ(s.cataloguePath, Path("b/cat.csv"));
    EXPECT_EQ(s.traceFile, Path("t/trace.csv"));
    EXPECT_EQ(s.topologyFile, Path("b/net.topo"));
    EXPECT_EQ(s.topologyRolesFile, Path("b/net.roles"));
    EXPECT_EQ(s.topologyFormat, "inet");
    EXPECT_EQ(s.name, "ext");
}

TEST_F(ScenarioFileExtends, ChainsApplyFromTheFarthestBase)
{
    Write("c.json", R"({"slowdown": {"farEdge": 3}, "timing": {"duration": "7s", "drain": "2s"}})");
    Write("sub/b.json",
          R"({"extends": "../c.json", "slowdown": {"nearEdge": 2}, "timing": {"drain": "5s"}})");
    const AsetScenario s = AsetScenarioFile::Load(
        Write("a.json", R"({"extends": "sub/b.json", "timing": {"drain": "1s"}})"));
    EXPECT_EQ(s.name, "a");
    EXPECT_EQ(s.farEdgeSlowdown, 3);
    EXPECT_EQ(s.nearEdgeSlowdown, 2);
    EXPECT_EQ(s.cloudSlowdown, 1);
    EXPECT_EQ(s.duration, Seconds(7));
    EXPECT_EQ(s.drain, Seconds(1));
    EXPECT_EQ(s.warmup, AsetScenario::Default().warmup);
}

TEST_F(ScenarioFileExtends, CyclesAreErrorsNamingTheFileAndField)
{
    Write("a.json", R"({"extends": "b.json"})");
    Write("b.json", R"({"extends": "./a.json"})");
    EXPECT_EQ(LoadError(Path("a.json")),
              Path("b.json") +
                  ": field 'extends': expected a file outside the chain of extends, got "
                  "a cycle: " +
                  Path("a.json") + " -> " + Path("b.json") + " -> " + Path("a.json"));
    Write("self.json", R"({"extends": "self.json"})");
    EXPECT_NE(LoadError(Path("self.json")).find(Path("self.json") + ": field 'extends': "),
              std::string::npos);
}

TEST_F(ScenarioFileExtends, ChainsLongerThanTheLimitAreErrors)
{
    // f0 extends f1 ... extends f9: nine levels from f0, eight from f1.
    for (int i = 0; i < 9; ++i)
    {
        Write("f" + std::to_string(i) + ".json",
              R"({"extends": "f)" + std::to_string(i + 1) + R"(.json"})");
    }
    Write("f9.json", R"({"run": 9})");
    EXPECT_EQ(AsetScenarioFile::Load(Path("f1.json")).run, 9u);
    EXPECT_EQ(LoadError(Path("f0.json")),
              Path("f8.json") + ": field 'extends': expected at most 8 levels of extends from " +
                  Path("f0.json") + ", got more");
}

TEST_F(ScenarioFileExtends, AMissingBaseIsNamedByTheExtendingFile)
{
    const std::string path = Write("a.json", R"({"extends": "none/base.json"})");
    EXPECT_EQ(LoadError(path),
              path + ": field 'extends': the base scenario file '" + Path("none/base.json") +
                  "': cannot open the file for reading");
    // A folder, here the file's own: refused before a read of it throws.
    const std::string folder = LoadError(Write("d.json", R"({"extends": "."})"));
    EXPECT_EQ(folder.rfind(Path("d.json") + ": field 'extends': the base scenario file '", 0), 0u)
        << folder;
    EXPECT_NE(folder.find("': expected a file, got a folder"), std::string::npos) << folder;
    EXPECT_EQ(LoadError(Write("b.json", R"({"extends": ""})")),
              Path("b.json") + ": field 'extends': expected a file path, got ''");
    EXPECT_EQ(LoadError(Write("c.json", R"({"extends": ["a.json"]})")),
              Path("c.json") + ": field 'extends': expected a string, got an array");
}

TEST_F(ScenarioFileExtends, ErrorsInTheBaseNameTheBase)
{
    Write("base.json", R"({"workload": {"rate": "abc"}})");
    EXPECT_EQ(LoadError(Write("ext.json", R"({"extends": "base.json"})")),
              Path("base.json") + ": field 'workload.rate': expected a positive number, got 'abc'");
}

TEST_F(ScenarioFileExtends, AFlashCrowdFieldNeedsAFactorOnlyWithoutABaseCrowd)
{
    Write("crowd.json", R"({"workload": {"flashCrowd": {"factor": 3, "ramp": "1s"}}})");
    const AsetScenario s = AsetScenarioFile::Load(
        Write("ext.json",
              R"({"extends": "crowd.json", "workload": {"flashCrowd": {"start": "2s"}}})"));
    EXPECT_EQ(s.flashCrowd.factor, 3);
    EXPECT_EQ(s.flashCrowd.ramp, Seconds(1));
    EXPECT_EQ(s.flashCrowd.start, Seconds(2));
    EXPECT_EQ(LoadError(Write("none.json", R"({"workload": {"flashCrowd": {"start": "2s"}}})")),
              Path("none.json") +
                  ": field 'workload.flashCrowd.factor': missing: this key is required");
}

TEST(ScenarioFile, CatalogueChecksStayWithValidate)
{
    // The file parses; the catalogue has no such variant, which Validate names.
    const AsetScenario s = ParseText(R"({"deployments": {"cloud": [{"variant": "gpt-9"}]}})");
    auto catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    try
    {
        s.Validate(*catalogue);
        FAIL() << "no error";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("cloud deployment 'gpt-9'"), std::string::npos);
    }
}

TEST(WorkloadTrace, ReadsSortsAndNamesFileLineAndColumn)
{
    const AsetScenario d = AsetScenario::Default();
    std::istringstream good("time_s,application,access\n"
                            "0.5,video-analytics,access-3\n"
                            "# a comment\n"
                            "0.25,cognitive-assistance,0\n");
    const auto q = AsetWorkloadTrace::Parse(good, "t.csv", d.applications, Seconds(1));
    ASSERT_EQ(q.size(), 2u);
    EXPECT_EQ(q[0].time, MilliSeconds(250));
    EXPECT_EQ(q[0].application, 0);
    EXPECT_EQ(q[0].accessNode, 0u);
    EXPECT_EQ(q[0].line, 4u);
    EXPECT_EQ(q[1].application, 2);
    EXPECT_EQ(q[1].accessNode, 3u);

    const std::pair<const char*, const char*> cases[] = {
        {"time_s,application\n", "t.csv:1: field 'access': missing column"},
        {"time_s,application,access\n1x,video-analytics,0\n",
         "t.csv:2: field 'time_s': expected a number, got '1x'"},
        {"time_s,application,access\n-1,video-analytics,0\n", "t.csv:2: field 'time_s':"},
        {"time_s,application,access\n0.1,chess,0\n",
         "t.csv:2: field 'application': expected an application of the scenario"},
        {"time_s,application,access\n0.1,video-analytics,cell-1\n",
         "t.csv:2: field 'access': expected an access node's index or name"},
        {"time_s,application,access\n\n5,video-analytics,1\n",
         "t.csv:3: field 'time_s': a query at 5 s is not within the scenario's duration"},
    };
    for (const auto& [text, expected] : cases)
    {
        std::istringstream in(text);
        std::string error;
        try
        {
            AsetWorkloadTrace::Parse(in, "t.csv", d.applications, Seconds(1));
        }
        catch (const AsetInputError& e)
        {
            error = e.what();
        }
        EXPECT_NE(error.find(expected), std::string::npos) << error << "\nexpected: " << expected;
    }
}

TEST(AccessRates, ListDistributionsAndLoad)
{
    AsetScenario s = AsetScenario::Default();
    s.load = 2;
    EXPECT_EQ(s.GetAccessRates(3), (std::vector<double>{300, 300, 300}));

    s.accessRates = {10, 20, 30};
    EXPECT_EQ(s.GetAccessRates(3), (std::vector<double>{20, 40, 60}));
    EXPECT_THROW(s.GetAccessRates(4), std::invalid_argument);

    s.accessRates.clear();
    s.load = 1;
    s.rateDistribution.kind = "zipf";
    s.rateDistribution.exponent = 1;
    const auto zipf = s.GetAccessRates(4);
    // 1, 1/2, 1/3, 1/4 scaled to a mean of 150.
    const double scale = 150 * 4 / (1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0);
    for (int i = 0; i < 4; ++i)
    {
        EXPECT_NEAR(zipf[i], scale / (i + 1), 1e-9);
    }

    s.rateDistribution.kind = "lognormal";
    s.rateDistribution.sigma = 0.5;
    const auto a = s.GetAccessRates(1000);
    EXPECT_NEAR(std::accumulate(a.begin(), a.end(), 0.0) / 1000, 150, 1e-9);
    EXPECT_EQ(a, s.GetAccessRates(1000)); // same seed, same rates
    // The logarithms of the weights have the standard deviation sigma.
    double mean = 0;
    double square = 0;
    for (double r : a)
    {
        mean += std::log(r) / a.size();
        square += std::log(r) * std::log(r) / a.size();
    }
    EXPECT_NEAR(std::sqrt(square - mean * mean), 0.5, 0.05);
    s.rateDistribution.seed = 2;
    EXPECT_NE(a, s.GetAccessRates(1000));
}
