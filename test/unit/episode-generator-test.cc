// SPDX-License-Identifier: GPL-2.0-only
// Training episodes: every draw is a valid scenario, within the documented
// ranges, reproducible for a seed; --scenario files keep their network.
#include "ns3/aset-episode-generator.h"
#include "ns3/aset-experiment.h"
#include "ns3/aset-input-error.h"
#include "ns3/aset-scenario-file.h"
#include "ns3/tiered-topology-description.h"

#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>

using namespace ns3;

namespace
{
const std::string kTeaching =
    TieredTopologyDescription::GetShippedPath("../scenarios/teaching.json");

AsetEpisodeGenerator
BuiltIn()
{
    return AsetEpisodeGenerator(AsetScenario::GetEvaluationVariantNames(), {});
}

std::vector<AsetScenario>
DrawMany(const AsetEpisodeGenerator& generator, uint64_t seed, std::size_t count)
{
    std::mt19937_64 rng(seed);
    std::vector<AsetScenario> draws;
    for (std::size_t i = 0; i < count; ++i)
    {
        draws.push_back(generator.Draw(rng));
    }
    return draws;
}

bool
StartsWith(const std::string& text, const std::string& prefix)
{
    return text.rfind(prefix, 0) == 0;
}

double
TotalRate(const AsetScenario& s, uint32_t accessNodes)
{
    double total = 0;
    for (double r : s.GetAccessRates(accessNodes))
    {
        total += r;
    }
    return total;
}

void
ExpectWithin(double value, double low, double high, const std::string& what)
{
    EXPECT_GE(value, low) << what;
    EXPECT_LE(value, high) << what;
}
} // namespace

TEST(EpisodeGenerator, DrawsAreDeterministicForASeedAndDifferAcrossSeeds)
{
    const auto generator = BuiltIn();
    const auto a = DrawMany(generator, 7, 30);
    const auto b = DrawMany(generator, 7, 30);
    const auto c = DrawMany(generator, 8, 30);
    std::size_t differ = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        EXPECT_EQ(a[i].name, b[i].name);
        EXPECT_EQ(a[i].duration, b[i].duration);
        EXPECT_EQ(a[i].load, b[i].load);
        differ += a[i].name != c[i].name ? 1 : 0;
    }
    EXPECT_GT(differ, 25u);
}

TEST(EpisodeGenerator, EveryDrawIsAValidScenarioOnItsNetwork)
{
    const auto generator = BuiltIn();
    const auto catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    std::map<std::string, int> parts;
    std::mt19937_64 rng(3);
    for (std::size_t i = 0; i < 230; ++i)
    {
        // 200 training draws, then validation conditions over every part.
        const AsetScenario s =
            i < 200 ? generator.Draw(rng) : generator.DrawForValidation(i - 200, rng);
        SCOPED_TRACE(s.name);
        EXPECT_EQ(generator.GetCatalogue(s), generator.GetCatalogue(AsetScenario::Default()));
        EXPECT_NO_THROW(s.Validate(*catalogue));
        // Builds the network, checks capacities, per-cluster deployments and the trace.
        EXPECT_NO_THROW(AsetExperiment(s, catalogue));
        EXPECT_EQ(s.name.find(','), std::string::npos);
        ++parts[s.name.substr(0, s.name.find(' '))];
    }
    EXPECT_GT(parts["around"], 30);
    EXPECT_GT(parts["gen"], 100);
    EXPECT_GT(parts["small.inet"], 15);
    EXPECT_EQ(parts.size(), 3u);
}

TEST(EpisodeGenerator, GeneratedNetworksAndConditionsStayInTheirRanges)
{
    const auto generator = BuiltIn();
    const AsetScenario defaults = AsetScenario::Default();
    std::set<uint32_t> farEdgeSites;
    std::set<int> processes;
    std::set<std::string> spreads;
    int slowedClusters = 0;
    for (const AsetScenario& s : DrawMany(generator, 11, 300))
    {
        SCOPED_TRACE(s.name);
        if (StartsWith(s.name, "around "))
        {
            continue;
        }
        const TieredTopologyParameters& p = s.topology;
        uint32_t accessNodes = 4; // small.inet's
        if (StartsWith(s.name, "gen "))
        {
            const bool large = p.farEdgeSites > 8;
            ExpectWithin(p.farEdgeSites, 1, 24, "far-edge sites");
            ExpectWithin(p.nearEdgeSites, large ? 2 : 1, large ? 5 : std::min(3u, p.farEdgeSites), "near-edge sites");
            ExpectWithin(p.cloudRegions, 1, 2, "cloud regions");
            ExpectWithin(p.accessNodes, p.farEdgeSites, 3 * p.farEdgeSites, "access nodes");
            farEdgeSites.insert(p.farEdgeSites);
            accessNodes = p.accessNodes;
            EXPECT_TRUE(s.topologyFile.empty());
        }
        ExpectWithin(p.access.delay.GetMilliSeconds(), 1, 8, "access delay");
        ExpectWithin(p.siteLan.delay.GetMicroSeconds(), 20, 100, "site LAN delay");
        ExpectWithin(p.metro.delay.GetMicroSeconds(), 200, 2000, "metro link delay");
        ExpectWithin(p.core.delay.GetMicroSeconds(), 500, 3000, "core delay");
        ExpectWithin(p.cloud.delay.GetMilliSeconds(), 5, 25, "cloud delay");
        ExpectWithin(p.access.lossRate, 0, 0.05, "access loss");
        for (double capacity : {p.farEdgeCapacity, p.nearEdgeCapacity, p.cloudCapacity})
        {
            ExpectWithin(capacity, 0.5, 2, "tier capacity");
        }
        for (const auto& [cluster, capacity] : p.clusterCapacity)
        {
            ExpectWithin(capacity, 0.5, 2, "capacity of " + cluster);
        }
        ExpectWithin(s.farEdgeSlowdown, 1, 4, "far-edge slowdown");
        ExpectWithin(s.nearEdgeSlowdown, 1, 10, "near-edge slowdown");
        ExpectWithin(s.cloudSlowdown, 1, 3, "cloud slowdown");
        for (const auto& fault : s.faults)
        {
            EXPECT_EQ(fault.kind, FaultEvent::CAPACITY);
            EXPECT_TRUE(fault.at.IsZero());
            ExpectWithin(fault.slowdown, 1.5, 10, "a cluster's slowdown");
            ++slowedClusters;
        }
        ExpectWithin(s.load, 0.4, 2.5, "load");
        ASSERT_EQ(s.applications.size(), defaults.applications.size());
        for (std::size_t i = 0; i < s.applications.size(); ++i)
        {
            const ApplicationSpec& a = s.applications[i];
            const ApplicationSpec& d = defaults.applications[i];
            ExpectWithin(a.weight / d.weight, 0.5, 2, "weight");
            ExpectWithin(a.deadline.GetSeconds() / d.deadline.GetSeconds(),
                         0.8 - 1e-6,
                         1.25 + 1e-6,
                         "deadline");
        }
        ExpectWithin(s.beaconInterval.GetMilliSeconds(), 50, 500, "beacon interval");
        processes.insert(s.flashCrowd.factor != 1               ? 10
                         : s.diurnalPeriod.IsStrictlyPositive() ? 11
                                                                : int(s.arrivals));
        spreads.insert(s.rateDistribution.kind);
        // The duration sends about the target's worth of queries, within [1 s, 10 s].
        ExpectWithin(s.duration.GetSeconds(), 1, 10, "duration");
        const double expected = s.duration.GetSeconds() * TotalRate(s, accessNodes);
        if (s.duration > Seconds(1) && s.arrivals == InferenceClientApplication::POISSON)
        {
            EXPECT_LE(expected, AsetEpisodeGenerator::kDefaultTargetQueries * 1.001);
        }
    }
    EXPECT_GE(farEdgeSites.size(), 7u);
    EXPECT_EQ(processes.size(), 5u); // poisson, on-off, mmpp, flash crowd, diurnal
    EXPECT_EQ(spreads.size(), 3u);
    EXPECT_GT(slowedClusters, 10);
}

TEST(EpisodeGenerator, AroundVariantsJittersTheirFiguresOnly)
{
    const AsetEpisodeGenerator generator({"edge-throttled"}, {});
    const AsetScenario variant = AsetScenario::Variant("edge-throttled");
    for (const AsetScenario& s : DrawMany(generator, 5, 100))
    {
        if (!StartsWith(s.name, "around "))
        {
            continue;
        }
        SCOPED_TRACE(s.name);
        ExpectWithin(s.load / variant.load, 0.8, 1.2, "load");
        ExpectWithin(s.farEdgeSlowdown / variant.farEdgeSlowdown, 0.8, 1.2, "far-edge slowdown");
        ExpectWithin(s.nearEdgeSlowdown / variant.nearEdgeSlowdown, 0.8, 1.2, "near-edge slowdown");
        EXPECT_EQ(s.cloudSlowdown, 1);
        EXPECT_EQ(s.topology.farEdgeSites, variant.topology.farEdgeSites);
        EXPECT_EQ(s.applications[0].deadline, variant.applications[0].deadline);
    }
}

TEST(EpisodeGenerator, HeldOutNetworksNeverAppear)
{
    for (const auto& [format, file, roles] : AsetEpisodeGenerator::GetImportedTopologies())
    {
        EXPECT_EQ(file.find("metro-ring"), std::string::npos);
        EXPECT_EQ(file.find("isp-metro"), std::string::npos);
    }
    std::set<std::string> files;
    std::mt19937_64 rng(2);
    const auto generator = BuiltIn();
    for (std::size_t k = 0; k < 300; ++k)
    {
        files.insert(k < 200 ? generator.Draw(rng).topologyFile
                             : generator.DrawForValidation(k, rng).topologyFile);
    }
    EXPECT_EQ(files,
              (std::set<std::string>{"", TieredTopologyDescription::GetShippedPath("small.inet")}));
}

TEST(EpisodeGenerator, ValidationCoversThePartsInTurn)
{
    const auto generator = BuiltIn();
    std::mt19937_64 rng(4);
    std::vector<std::string> names;
    for (std::size_t k = 0; k < 6; ++k)
    {
        const std::string name = generator.DrawForValidation(k, rng).name;
        names.push_back(name.substr(0, name.find(' ', name.find(' ') + 1)));
    }
    EXPECT_EQ(names[0], "around default");
    EXPECT_EQ(names[3], "around far-edge-saturated");
    EXPECT_TRUE(StartsWith(names[1], "gen ") && StartsWith(names[4], "gen "))
        << names[1] << names[4];
    EXPECT_TRUE(StartsWith(names[2], "small.inet ") && StartsWith(names[5], "small.inet "));

    // Without variants: generated and imported in turn.
    const AsetEpisodeGenerator networksOnly({}, {});
    EXPECT_TRUE(StartsWith(networksOnly.DrawForValidation(0, rng).name, "gen "));
    EXPECT_TRUE(StartsWith(networksOnly.DrawForValidation(1, rng).name, "small.inet "));
}

TEST(EpisodeGenerator, AroundAFileKeepsItsNetwork)
{
    AsetEpisodeGenerator::Durations durations;
    durations.maxDuration = Seconds(30);
    durations.targetQueries = 500;
    const auto generator = AsetEpisodeGenerator::AroundFiles({kTeaching}, durations);
    const AsetScenario file = AsetScenarioFile::Load(kTeaching);
    const auto catalogue = ModelCatalogue::LoadFromFile(file.cataloguePath);
    int slowed = 0;
    std::mt19937_64 rng(9);
    for (std::size_t k = 0; k < 100; ++k)
    {
        const AsetScenario s = k < 80 ? generator.Draw(rng) : generator.DrawForValidation(k, rng);
        SCOPED_TRACE(s.name);
        EXPECT_TRUE(StartsWith(s.name, "teaching load-x"));
        EXPECT_EQ(s.topology.accessNodes, file.topology.accessNodes);
        EXPECT_EQ(s.topology.farEdgeSites, file.topology.farEdgeSites);
        EXPECT_EQ(s.topology.access.delay, file.topology.access.delay);
        EXPECT_EQ(s.farEdge.size(), file.farEdge.size());
        EXPECT_EQ(s.applications.size(), file.applications.size());
        EXPECT_EQ(s.flashCrowd.factor, file.flashCrowd.factor);
        ExpectWithin(s.load / file.load, 0.7, 1.3, "load");
        // 2 access nodes at 60/s: 500 queries take 4.2 s at load 1.
        ExpectWithin(s.duration.GetSeconds() * TotalRate(s, 2), 499, 501, "expected queries");
        EXPECT_EQ(generator.GetCatalogue(s)->GetVariantCount(), catalogue->GetVariantCount());
        EXPECT_NO_THROW(AsetExperiment(s, generator.GetCatalogue(s)));
        slowed += s.faults.size() + (s.farEdgeSlowdown != 1) + (s.nearEdgeSlowdown != 1) +
                  (s.cloudSlowdown != 1);
    }
    ExpectWithin(slowed, 30, 70, "episodes with a hidden slowdown");
}

TEST(EpisodeGenerator, AroundAFileJittersItsSlowdowns)
{
    const std::string path = testing::TempDir() + "/slowed.json";
    std::ofstream(path) << R"({"name": "slowed", "catalogue": ")"
                        << ModelCatalogue::GetDefaultPath() << R"(", "slowdown": {"nearEdge": 5},
        "faults": [{"at": "1s", "kind": "capacity", "target": "far-edge-1", "slowdown": 2}]})";
    const auto generator = AsetEpisodeGenerator::AroundFiles({path}, {});
    for (const AsetScenario& s : DrawMany(generator, 1, 40))
    {
        SCOPED_TRACE(s.name);
        const FaultEvent& planned = s.faults.back(); // a slowed cluster's event goes first
        EXPECT_EQ(planned.at, Seconds(1));
        ExpectWithin(planned.slowdown, 1.6, 2.4, "the planned event's slowdown");
        ExpectWithin(s.nearEdgeSlowdown, 4, 6 * 10, "the near edge's slowdown");
    }
}

TEST(EpisodeGenerator, ABadFileIsNamed)
{
    const std::string path = testing::TempDir() + "/bad-variant.json";
    std::ofstream(path)
        << R"({"catalogue": ")" << ModelCatalogue::GetDefaultPath()
        << R"(", "deployments": {"farEdge": [{"variant": "nosuchnet", "hardware": "cpu"}]}})";
    for (const std::string& bad : {path, std::string("/nonexistent/x.json")})
    {
        try
        {
            AsetEpisodeGenerator::AroundFiles({kTeaching, bad}, {});
            ADD_FAILURE() << bad << " was accepted";
        }
        catch (const std::exception& e)
        {
            EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
        }
    }
    EXPECT_THROW(AsetEpisodeGenerator({"no-such-variant"}, {}), std::invalid_argument);
}
