// SPDX-License-Identifier: GPL-2.0-only
#include "aset-episode-generator.h"

#include "aset-experiment.h"
#include "aset-scenario-file.h"
#include "tiered-topology-description.h"

#include "ns3/aset-input-error.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <iterator>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{
/// Shares of the built-in mix: around the variants (if any), then imported among the rest.
constexpr double kVariantShare = 0.25;
constexpr double kImportedShare = 0.2;

enum Tier : std::size_t
{
    FAR_EDGE,
    NEAR_EDGE,
    CLOUD
};

/// A hidden slowdown's range per tier, and how often the built-in mix slows the whole tier.
struct TierSlowdown
{
    const char* tag;
    double low;
    double high;
    double chance;
};

const TierSlowdown kTierSlowdowns[] = {
    {"far-edge", 1.5, 4, 0.3},
    {"near-edge", 2, 10, 0.3},
    {"cloud", 1.5, 3, 0.1},
};

/// The built-in mix slows one cluster instead of whole tiers in this share of its episodes.
constexpr double kOneClusterSlowedShare = 0.2;

double
Uniform(std::mt19937_64& rng, double low, double high)
{
    return std::uniform_real_distribution<double>(low, high)(rng);
}

bool
Chance(std::mt19937_64& rng, double p)
{
    return std::bernoulli_distribution(p)(rng);
}

std::size_t
Index(std::mt19937_64& rng, std::size_t size)
{
    return std::uniform_int_distribution<std::size_t>(0, size - 1)(rng);
}

uint32_t
Between(std::mt19937_64& rng, uint32_t low, uint32_t high)
{
    return std::uniform_int_distribution<uint32_t>(low, high)(rng);
}

Time
UniformMs(std::mt19937_64& rng, double lowMs, double highMs)
{
    return MicroSeconds(std::llround(1000 * Uniform(rng, lowMs, highMs)));
}

/// "load1.30": a part of a scenario's name, \p digits after the point.
std::string
Label(const std::string& label, double value, int digits = 1)
{
    std::ostringstream os;
    os << label << std::fixed << std::setprecision(digits) << value;
    return os.str();
}

std::string
Join(const std::vector<std::string>& labels)
{
    std::string name;
    for (const auto& label : labels)
    {
        name += (name.empty() ? "" : " ") + label;
    }
    // The name is a column of training-curve.csv.
    std::replace_if(
        name.begin(),
        name.end(),
        [](char c) { return c == ',' || c == '"'; },
        ' ');
    return name;
}

double&
SlowdownOf(AsetScenario& s, std::size_t tier)
{
    return tier == FAR_EDGE ? s.farEdgeSlowdown
                            : (tier == NEAR_EDGE ? s.nearEdgeSlowdown : s.cloudSlowdown);
}

/// Scales every slowdown already set (a tier's that is not 1, a capacity event's) by jitter().
template <typename Jitter>
void
JitterSlowdowns(AsetScenario& s, Jitter jitter)
{
    // Near edge first, as aset-train has always drawn the variants' slowdowns.
    for (std::size_t tier : {NEAR_EDGE, FAR_EDGE, CLOUD})
    {
        double& slowdown = SlowdownOf(s, tier);
        slowdown = slowdown != 1 ? jitter(slowdown) : 1.0;
    }
    for (auto& fault : s.faults)
    {
        if (fault.kind == FaultEvent::CAPACITY && fault.slowdown > 0)
        {
            fault.slowdown = jitter(fault.slowdown);
        }
    }
}

/// Slows one cluster, picked at random, by a factor from its tier's range, from the start.
void
SlowOneCluster(AsetScenario& s,
               const std::array<std::vector<std::string>, 3>& clusters,
               std::vector<std::string>& labels,
               std::mt19937_64& rng)
{
    std::vector<std::pair<std::size_t, std::string>> all;
    for (std::size_t tier = 0; tier < clusters.size(); ++tier)
    {
        for (const auto& name : clusters[tier])
        {
            all.emplace_back(tier, name);
        }
    }
    const auto& [tier, name] = all[Index(rng, all.size())];
    const double factor = Uniform(rng, kTierSlowdowns[tier].low, kTierSlowdowns[tier].high);
    // A capacity event sets the cluster's Slowdown: its tier's, times the factor.
    FaultEvent slow(Seconds(0), FaultEvent::CAPACITY, name);
    slow.slowdown = SlowdownOf(s, tier) * factor;
    s.faults.insert(s.faults.begin(), slow);
    labels.push_back(Label(name + "-x", factor));
}

/// Slows tier \p tier by a factor from its range, over any slowdown it has.
void
SlowTier(AsetScenario& s, std::size_t tier, std::vector<std::string>& labels, std::mt19937_64& rng)
{
    const double factor = Uniform(rng, kTierSlowdowns[tier].low, kTierSlowdowns[tier].high);
    SlowdownOf(s, tier) *= factor;
    labels.push_back(Label(std::string(kTierSlowdowns[tier].tag) + "-x", factor));
}

/// The arrival process's mean rate multiplier, where it is known (else 1, an upper bound).
double
MeanRateFactor(const AsetScenario& s)
{
    double factor = 1;
    if (s.arrivals == InferenceClientApplication::ON_OFF)
    {
        factor = s.onTime.GetSeconds() / (s.onTime + s.offTime).GetSeconds();
    }
    else if (s.arrivals == InferenceClientApplication::MMPP)
    {
        // Jumps go uniformly to the other states: each is held for its share of the time.
        double weighted = 0;
        double total = 0;
        for (const auto& state : s.mmppStates)
        {
            weighted += state.rateFactor * state.meanSeconds;
            total += state.meanSeconds;
        }
        factor = weighted / total;
    }
    if (s.diurnalPeriod.IsStrictlyPositive() && !s.diurnalProfile.empty())
    {
        factor *= std::accumulate(s.diurnalProfile.begin(), s.diurnalProfile.end(), 0.0) /
                  s.diurnalProfile.size();
    }
    return factor;
}
} // namespace

AsetEpisodeGenerator::Network
AsetEpisodeGenerator::Network::Of(const AsetScenario& scenario)
{
    const TieredTopologyDescription d =
        scenario.topologyFile.empty() ? TieredTopologyDescription::Generate(scenario.topology)
                                      : TieredTopologyDescription::Load(scenario.topologyFormat,
                                                                        scenario.topologyFile,
                                                                        scenario.topologyRolesFile);
    Network network;
    for (const auto& node : d.GetNodes())
    {
        network.accessNodes += node.role == TieredRole::ACCESS ? 1 : 0;
        if (node.role == TieredRole::FAR_EDGE)
        {
            network.clusters[FAR_EDGE].push_back(node.name);
        }
        else if (node.role == TieredRole::NEAR_EDGE)
        {
            network.clusters[NEAR_EDGE].push_back(node.name);
        }
        else if (node.role == TieredRole::CLOUD)
        {
            network.clusters[CLOUD].push_back(node.name);
        }
    }
    return network;
}

AsetEpisodeGenerator::AsetEpisodeGenerator(const Durations& durations)
    : m_durations(durations)
{
    if (!(durations.targetQueries > 0) || !durations.minDuration.IsStrictlyPositive() ||
        !durations.maxDuration.IsStrictlyPositive())
    {
        throw std::invalid_argument("episode durations: the target queries and the shortest and "
                                    "longest episode must be positive");
    }
    // A longest episode under the shortest shortens both.
    m_durations.minDuration = std::min(durations.minDuration, durations.maxDuration);
}

AsetEpisodeGenerator::AsetEpisodeGenerator(const std::vector<std::string>& variants,
                                           const Durations& durations)
    : AsetEpisodeGenerator(durations)
{
    for (const auto& name : variants)
    {
        AsetScenario::Variant(name); // refuse a bad name before any episode
    }
    m_variants = variants;
    const AsetScenario defaults = AsetScenario::Default();
    m_defaultNetwork = Network::Of(defaults);
    for (const auto& [format, file, roles] : GetImportedTopologies())
    {
        Base base{defaults, {}};
        base.scenario.topologyFormat = format;
        base.scenario.topologyFile = file;
        base.scenario.topologyRolesFile = roles;
        base.network = Network::Of(base.scenario);
        m_imported.push_back(base);
    }
    AddCatalogue(defaults.cataloguePath);
}

AsetEpisodeGenerator
AsetEpisodeGenerator::AroundFiles(const std::vector<std::string>& paths, const Durations& durations)
{
    if (paths.empty())
    {
        throw std::invalid_argument("episodes around scenario files: no file given");
    }
    AsetEpisodeGenerator generator(durations);
    for (const auto& path : paths)
    {
        try
        {
            Base base{AsetScenarioFile::Load(path), {}};
            generator.AddCatalogue(base.scenario.cataloguePath);
            // Everything a run checks (catalogue, network, trace), before any episode.
            AsetExperiment(base.scenario, generator.GetCatalogue(base.scenario));
            base.network = Network::Of(base.scenario);
            AsetScenario probe = base.scenario;
            generator.BoundDuration(probe, base.network.accessNodes); // its rates fit its network
            generator.m_files.push_back(base);
        }
        catch (const AsetInputError&)
        {
            throw; // names its file already
        }
        catch (const std::exception& e)
        {
            throw std::invalid_argument(path + ": " + e.what());
        }
    }
    return generator;
}

std::vector<std::array<std::string, 3>>
AsetEpisodeGenerator::GetImportedTopologies()
{
    // metro-ring.topo and isp-metro.json are held out for the evaluation.
    return {{"inet",
             TieredTopologyDescription::GetShippedPath("small.inet"),
             TieredTopologyDescription::GetShippedPath("small.inet.roles")}};
}

void
AsetEpisodeGenerator::AddCatalogue(const std::string& path)
{
    if (m_catalogues.find(path) == m_catalogues.end())
    {
        m_catalogues[path] = ModelCatalogue::LoadFromFile(path);
    }
}

Ptr<ModelCatalogue>
AsetEpisodeGenerator::GetCatalogue(const AsetScenario& scenario) const
{
    const auto it = m_catalogues.find(scenario.cataloguePath);
    if (it == m_catalogues.end())
    {
        throw std::invalid_argument("scenario '" + scenario.name + "': catalogue '" +
                                    scenario.cataloguePath + "' was not drawn by this generator");
    }
    return it->second;
}

AsetScenario
AsetEpisodeGenerator::Draw(std::mt19937_64& rng) const
{
    if (!m_files.empty())
    {
        return DrawAroundFile(Index(rng, m_files.size()), rng);
    }
    if (!m_variants.empty() && Chance(rng, kVariantShare))
    {
        return DrawAroundVariant(Index(rng, m_variants.size()), rng);
    }
    if (Chance(rng, kImportedShare))
    {
        return DrawImported(Index(rng, m_imported.size()), rng);
    }
    return DrawGenerated(rng);
}

AsetScenario
AsetEpisodeGenerator::DrawForValidation(std::size_t k, std::mt19937_64& rng) const
{
    if (!m_files.empty())
    {
        return DrawAroundFile(k % m_files.size(), rng);
    }
    const std::size_t parts = m_variants.empty() ? 2 : 3;
    const std::size_t round = k / parts;
    switch (k % parts + (3 - parts))
    {
    case 0:
        return DrawAroundVariant(round % m_variants.size(), rng);
    case 1:
        return DrawGenerated(rng);
    default:
        return DrawImported(round % m_imported.size(), rng);
    }
}

AsetScenario
AsetEpisodeGenerator::DrawAroundVariant(std::size_t variant, std::mt19937_64& rng) const
{
    // Each of the variant's figures scaled by its own factor of 0.8 to 1.2: the
    // situations the evaluation tests, often enough to learn them, never twice alike.
    AsetScenario s = AsetScenario::Variant(m_variants[variant]);
    const auto jitter = [&rng](double value) { return value * Uniform(rng, 0.8, 1.2); };
    s.load = jitter(s.load);
    s.topology.access.delay =
        MicroSeconds(std::llround(jitter(s.topology.access.delay.GetMicroSeconds())));
    s.topology.access.lossRate = jitter(s.topology.access.lossRate);
    JitterSlowdowns(s, jitter);
    BoundDuration(s, m_defaultNetwork.accessNodes);
    s.name = Join({"around", m_variants[variant], Label("load", s.load, 2)});
    return s;
}

AsetScenario
AsetEpisodeGenerator::DrawGenerated(std::mt19937_64& rng) const
{
    AsetScenario s = AsetScenario::Default();
    TieredTopologyParameters& p = s.topology;
    // One network in four is large: many schedulers sharing the near edge and
    // the cloud, each seeing the others' queries only through the beacons.
    const bool large = Chance(rng, 0.25);
    p.farEdgeSites = large ? Between(rng, 9, 24) : Between(rng, 1, 8);
    p.nearEdgeSites = large ? Between(rng, 2, 5) : Between(rng, 1, std::min(3u, p.farEdgeSites));
    p.cloudRegions = Between(rng, 1, 2);
    p.accessNodes = Between(rng, p.farEdgeSites, 3 * p.farEdgeSites); // 1 to 3 per far-edge site
    std::vector<std::string> labels{"gen",
                                    "fe" + std::to_string(p.farEdgeSites),
                                    "ne" + std::to_string(p.nearEdgeSites),
                                    "c" + std::to_string(p.cloudRegions),
                                    "a" + std::to_string(p.accessNodes)};
    DrawConditions(s, Network::Of(s), labels, rng);
    s.name = Join(labels);
    return s;
}

AsetScenario
AsetEpisodeGenerator::DrawImported(std::size_t topology, std::mt19937_64& rng) const
{
    const Base& base = m_imported[topology];
    AsetScenario s = base.scenario;
    std::vector<std::string> labels{std::filesystem::path(s.topologyFile).filename().string()};
    DrawConditions(s, base.network, labels, rng);
    s.name = Join(labels);
    return s;
}

void
AsetEpisodeGenerator::DrawConditions(AsetScenario& s,
                                     const Network& network,
                                     std::vector<std::string>& labels,
                                     std::mt19937_64& rng) const
{
    const auto& clusters = network.clusters;
    // Links around the defaults' public figures (doc/aset.rst, "Topology").
    TieredTopologyParameters& p = s.topology;
    p.access.delay = UniformMs(rng, 1, 8);
    p.siteLan.delay = UniformMs(rng, 0.02, 0.1);
    p.metro.delay = UniformMs(rng, 0.2, 2);
    p.core.delay = UniformMs(rng, 0.5, 3);
    p.cloud.delay = UniformMs(rng, 5, 25);
    p.access.lossRate = Chance(rng, 0.3) ? Uniform(rng, 0, 0.05) : 0.0;
    if (p.access.lossRate > 0)
    {
        labels.push_back(Label("loss", 100 * p.access.lossRate) + "%");
    }

    // Hardware: more or less of it per tier and per cluster, a far-edge GPU missing.
    p.farEdgeCapacity = Uniform(rng, 0.5, 2);
    p.nearEdgeCapacity = Uniform(rng, 0.5, 2);
    p.cloudCapacity = Uniform(rng, 0.5, 2);
    if (Chance(rng, 0.25))
    {
        const auto& tier = clusters[Index(rng, clusters.size())];
        if (!tier.empty())
        {
            const std::string& name = tier[Index(rng, tier.size())];
            p.clusterCapacity[name] = Uniform(rng, 0.5, 2);
            labels.push_back(Label(name + "-cap", p.clusterCapacity[name]));
        }
    }
    if (Chance(rng, 0.25) && !clusters[FAR_EDGE].empty())
    {
        const std::string& name = clusters[FAR_EDGE][Index(rng, clusters[FAR_EDGE].size())];
        auto& deployments = s.clusterDeployments[name];
        std::copy_if(s.farEdge.begin(),
                     s.farEdge.end(),
                     std::back_inserter(deployments),
                     [](const auto& d) { return d.hardware != HardwareClass::GPU; });
        labels.push_back(name + "-nogpu");
    }

    // Slowdowns the schedulers do not know: one cluster, or whole tiers.
    if (Chance(rng, kOneClusterSlowedShare))
    {
        SlowOneCluster(s, clusters, labels, rng);
    }
    else
    {
        for (std::size_t tier : {FAR_EDGE, NEAR_EDGE, CLOUD})
        {
            if (Chance(rng, kTierSlowdowns[tier].chance))
            {
                SlowTier(s, tier, labels, rng);
            }
        }
    }

    // Workload: load, how the access nodes' rates differ, the application mix.
    using Client = InferenceClientApplication;
    s.load = Uniform(rng, 0.4, 2.5);
    labels.push_back(Label("load", s.load, 2));
    const double spread = Uniform(rng, 0, 1);
    if (spread < 0.2)
    {
        s.rateDistribution.kind = "zipf";
        s.rateDistribution.exponent = Uniform(rng, 0.5, 1.5);
    }
    else if (spread < 0.4)
    {
        s.rateDistribution.kind = "lognormal";
        s.rateDistribution.sigma = Uniform(rng, 0.3, 1);
        s.rateDistribution.seed = Between(rng, 1, 1u << 30);
    }
    if (s.rateDistribution.kind != "equal")
    {
        labels.push_back(s.rateDistribution.kind);
    }
    for (auto& application : s.applications)
    {
        application.weight *= Uniform(rng, 0.5, 2);
        application.deadline = MicroSeconds(
            std::llround(application.deadline.GetMicroSeconds() * Uniform(rng, 0.8, 1.25)));
    }
    if (Chance(rng, 0.25))
    {
        s.beaconInterval = UniformMs(rng, 50, 500);
        labels.push_back(Label("beacon", s.beaconInterval.GetMilliSeconds(), 0) + "ms");
    }

    // The arrival process: Poisson mostly; bursts, a compressed day or a flash
    // crowd otherwise, whose timing follows the episode's duration.
    const double process = Uniform(rng, 0, 1);
    if (process < 0.1)
    {
        s.arrivals = Client::ON_OFF;
        s.onTime = UniformMs(rng, 500, 2000);
        s.offTime = UniformMs(rng, 200, 1000);
        labels.push_back("onoff");
    }
    else if (process < 0.2)
    {
        s.arrivals = Client::MMPP;
        s.mmppStates = {{Uniform(rng, 0.3, 1), Uniform(rng, 1, 3)},
                        {Uniform(rng, 1.5, 3), Uniform(rng, 0.3, 1)}};
        labels.push_back("mmpp");
    }
    BoundDuration(s, network.accessNodes);
    const double seconds = s.duration.GetSeconds();
    if (process >= 0.2 && process < 0.3)
    {
        s.diurnalPeriod = Seconds(seconds * Uniform(rng, 0.5, 1)); // the client's default day
        labels.push_back("diurnal");
    }
    else if (process >= 0.3 && process < 0.4)
    {
        FlashCrowdSpec& flash = s.flashCrowd;
        flash.start = Seconds(seconds * Uniform(rng, 0.1, 0.5));
        flash.ramp = Seconds(seconds * Uniform(rng, 0.05, 0.15));
        flash.duration = Seconds(seconds * Uniform(rng, 0.1, 0.3));
        flash.factor = Uniform(rng, 2, 4);
        for (uint32_t node = 0; node < network.accessNodes; ++node)
        {
            if (Chance(rng, 0.3))
            {
                flash.accessNodes.push_back(node);
            }
        }
        if (flash.accessNodes.empty())
        {
            flash.accessNodes.push_back(uint32_t(Index(rng, network.accessNodes)));
        }
        labels.push_back("flash");
    }
}

AsetScenario
AsetEpisodeGenerator::DrawAroundFile(std::size_t file, std::mt19937_64& rng) const
{
    // The user's network as it is; its load and slowdowns varied, and in half
    // the episodes something slowed that the file does not say.
    const Base& base = m_files[file];
    AsetScenario s = base.scenario;
    const double scale = Uniform(rng, 0.7, 1.3);
    s.load *= scale;
    std::vector<std::string> labels{s.name, Label("load-x", scale, 2)};
    JitterSlowdowns(s, [&rng](double value) { return value * Uniform(rng, 0.8, 1.2); });
    if (Chance(rng, 0.5))
    {
        if (Chance(rng, 0.5))
        {
            SlowOneCluster(s, base.network.clusters, labels, rng);
        }
        else
        {
            std::vector<std::size_t> present;
            for (std::size_t tier : {FAR_EDGE, NEAR_EDGE, CLOUD})
            {
                if (!base.network.clusters[tier].empty())
                {
                    present.push_back(tier);
                }
            }
            SlowTier(s, present[Index(rng, present.size())], labels, rng);
        }
    }
    BoundDuration(s, base.network.accessNodes);
    s.name = Join(labels);
    return s;
}

void
AsetEpisodeGenerator::BoundDuration(AsetScenario& s, uint32_t accessNodes) const
{
    const std::vector<double> rates = s.GetAccessRates(accessNodes);
    const double rate = std::accumulate(rates.begin(), rates.end(), 0.0) * MeanRateFactor(s);
    const double seconds = std::clamp(m_durations.targetQueries / rate,
                                      m_durations.minDuration.GetSeconds(),
                                      m_durations.maxDuration.GetSeconds());
    s.duration = MilliSeconds(std::llround(1000 * seconds));
}

} // namespace ns3
