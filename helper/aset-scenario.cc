// SPDX-License-Identifier: GPL-2.0-only
#include "aset-scenario.h"

#include "ns3/inference-query-header.h"
#include "ns3/hardware-power-model.h"
#include "ns3/model-catalogue.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace ns3
{

uint16_t
DeploymentSpec::GetReplicas(double capacity) const
{
    return uint16_t(std::clamp<double>(std::round(replicas * capacity), 1, 65535));
}

std::vector<std::string>
MovingUsersSpec::GetModelNames()
{
    return {"static", "random-walk", "random-waypoint", "constant-velocity"};
}

uint32_t
MobilitySpec::GetUserCount() const
{
    uint64_t count = 0;
    for (const auto& group : users)
    {
        count += group.count;
    }
    return uint32_t(std::min<uint64_t>(count, UINT32_MAX));
}

AsetScenario
AsetScenario::Default()
{
    AsetScenario s;
    s.cataloguePath = ModelCatalogue::GetDefaultPath();
    s.powerPath = HardwarePowerModel::GetDefaultPath();
    // Far edge: a few CPU servers and one small GPU per site.
    s.farEdge = {
        {"resnet18", HardwareClass::CPU, 4, 64},
        {"yolov5n", HardwareClass::CPU, 4, 64},
        {"yolov5s", HardwareClass::GPU, 1, 64},
    };
    // Near edge: a few GPUs.
    s.nearEdge = {
        {"resnet50", HardwareClass::GPU, 1, 128},
        {"yolov5s", HardwareClass::GPU, 1, 128},
        {"yolov5m", HardwareClass::GPU, 2, 128},
    };
    // Cloud: plenty of GPUs, far away.
    s.cloud = {
        {"resnet101", HardwareClass::GPU, 4, 256},
        {"yolov5m", HardwareClass::GPU, 4, 256},
        {"yolov5l", HardwareClass::GPU, 4, 256},
        {"yolov5x", HardwareClass::GPU, 4, 256},
    };
    // Requests are compressed camera frames: ~15 kB at 224 px, ~40-60 kB at 640 px.
    s.applications = {
        {"cognitive-assistance", "image-classification", MilliSeconds(30), 70.0, 15000, 200, 5},
        {"ar-object-detection", "object-detection", MilliSeconds(60), 28.0, 40000, 1000, 3},
        {"video-analytics", "object-detection", MilliSeconds(150), 45.0, 60000, 2000, 2},
    };
    return s;
}

namespace
{
/// SplitMix64: a fixed generator, so that the same seed gives the same rates everywhere.
uint64_t
SplitMix64(uint64_t& state)
{
    uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/// A uniform number in (0, 1).
double
OpenUniform(uint64_t& state)
{
    return (static_cast<double>(SplitMix64(state) >> 11) + 0.5) / 9007199254740992.0;
}

/// The rates of AsetScenario::GetAccessRates, unchecked.
std::vector<double>
ShapeAccessRates(const AsetScenario& s, uint32_t accessNodes)
{
    std::vector<double> rates;
    if (!s.accessRates.empty())
    {
        if (s.accessRates.size() != accessNodes)
        {
            throw std::invalid_argument("scenario '" + s.name + "': workload.rates: has " +
                                        std::to_string(s.accessRates.size()) + " rates for " +
                                        std::to_string(accessNodes) + " access nodes");
        }
        rates = s.accessRates;
    }
    else
    {
        const RateDistributionSpec& d = s.rateDistribution;
        std::vector<double> weights(accessNodes, 1.0);
        if (d.kind == "zipf")
        {
            for (uint32_t i = 0; i < accessNodes; ++i)
            {
                weights[i] = std::pow(i + 1.0, -d.exponent);
            }
        }
        else if (d.kind == "lognormal")
        {
            uint64_t state = d.seed;
            for (uint32_t i = 0; i < accessNodes; ++i)
            {
                // Box-Muller: a standard normal from two uniforms.
                const double u1 = OpenUniform(state);
                const double u2 = OpenUniform(state);
                const double normal = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
                weights[i] = std::exp(d.sigma * normal);
            }
        }
        else if (d.kind != "equal")
        {
            throw std::invalid_argument("scenario '" + s.name +
                                        "': workload.rateDistribution.kind: unknown kind '" +
                                        d.kind + "'");
        }
        const double mean =
            accessNodes ? std::accumulate(weights.begin(), weights.end(), 0.0) / accessNodes : 1;
        for (double w : weights)
        {
            rates.push_back(s.ratePerAccessNode * w / mean);
        }
    }
    for (double& r : rates)
    {
        r *= s.load;
    }
    return rates;
}

/**
 * How much faster than its rate an access node's candidate arrivals can come:
 * the top of the diurnal profile times the flash crowd's factor (the clients
 * draw candidates at that rate and thin them), times the fastest MMPP state.
 */
double
GetPeakFactor(const AsetScenario& s)
{
    double peak = 1;
    if (s.diurnalPeriod.IsStrictlyPositive() && !s.diurnalProfile.empty())
    {
        peak = *std::max_element(s.diurnalProfile.begin(), s.diurnalProfile.end());
    }
    peak *= std::max(s.flashCrowd.factor, 1.0);
    if (s.arrivals == InferenceClientApplication::MMPP)
    {
        double fastest = 0;
        for (const auto& state : s.mmppStates)
        {
            fastest = std::max(fastest, state.rateFactor);
        }
        peak *= fastest;
    }
    return peak;
}

/// The first rate outside what a client can draw gaps for, or a run beyond
/// AsetScenario::kMaxQueries, as FindProblem reports problems. The clients
/// draw candidate arrivals, on/off periods and MMPP states through the warm-up
/// and the duration: each counts as a query would.
std::pair<std::string, std::string>
FindRateProblem(const AsetScenario& s, const std::vector<double>& rates)
{
    using Client = InferenceClientApplication;
    const double peak = GetPeakFactor(s);
    double total = 0;
    for (std::size_t i = 0; i < rates.size(); ++i)
    {
        if (!(rates[i] >= AsetScenario::kMinRate && rates[i] <= AsetScenario::kMaxRate))
        {
            std::ostringstream problem;
            problem << "access node " << i << "'s rate is " << rates[i]
                    << " queries per second (rate x load"
                    << (s.accessRates.empty() ? " x its rateDistribution weight" : "")
                    << "), outside [" << AsetScenario::kMinRate << ", " << AsetScenario::kMaxRate
                    << "]";
            return {s.accessRates.empty() ? "workload.rate" : "workload.rates", problem.str()};
        }
        if (!(rates[i] * peak <= AsetScenario::kMaxRate))
        {
            std::ostringstream problem;
            problem << "access node " << i << "'s peak rate is " << rates[i] * peak
                    << " queries per second (its rate " << rates[i] << " x " << peak
                    << " at the top of its diurnal profile, flash crowd and MMPP states), above "
                    << AsetScenario::kMaxRate;
            return {"workload", problem.str()};
        }
        total += rates[i];
    }
    const double seconds = (s.warmup + s.duration).GetSeconds();
    const double queries = total * peak * seconds;
    if (queries > AsetScenario::kMaxQueries)
    {
        std::ostringstream problem;
        problem << "about " << queries << " queries and candidate arrivals (" << total
                << " per second x " << peak << " at the peak for " << seconds
                << " s of warm-up and duration), more than the " << AsetScenario::kMaxQueries
                << " one run can simulate";
        return {"workload", problem.str()};
    }
    const auto periods = [&](double meanSeconds) { return rates.size() * seconds / meanSeconds; };
    if (s.arrivals == Client::ON_OFF &&
        periods((s.onTime + s.offTime).GetSeconds()) > AsetScenario::kMaxQueries)
    {
        std::ostringstream problem;
        problem << "about " << periods((s.onTime + s.offTime).GetSeconds())
                << " on and off periods in the run, more than the " << AsetScenario::kMaxQueries
                << " one run can simulate: make them longer";
        return {"workload.onOff", problem.str()};
    }
    if (s.arrivals == Client::MMPP && !s.mmppStates.empty())
    {
        double shortest = std::numeric_limits<double>::max();
        for (const auto& state : s.mmppStates)
        {
            shortest = std::min(shortest, state.meanSeconds);
        }
        if (periods(shortest) > AsetScenario::kMaxQueries)
        {
            std::ostringstream problem;
            problem << "about " << periods(shortest)
                    << " MMPP state changes in the run, more than the "
                    << AsetScenario::kMaxQueries
                    << " one run can simulate: make the mean durations longer";
            return {"workload.mmpp", problem.str()};
        }
    }
    return {};
}
} // namespace

namespace
{
/// The first problem of the moving users, as FindProblem reports problems.
std::pair<std::string, std::string>
FindMobilityProblem(const AsetScenario& s)
{
    const MobilitySpec& m = s.mobility;
    if (!(m.accessSpacing > 0) || !std::isfinite(m.accessSpacing))
    {
        return {"mobility.accessSpacing", "must be a positive number of metres"};
    }
    const auto models = MovingUsersSpec::GetModelNames();
    double queriesPerSecond = 0;
    uint64_t users = 0;
    for (std::size_t i = 0; i < m.users.size(); ++i)
    {
        const MovingUsersSpec& g = m.users[i];
        const std::string field = "mobility.users[" + std::to_string(i) + "]";
        if (std::find(models.begin(), models.end(), g.model) == models.end())
        {
            return {field + ".model",
                    "expected static, random-walk, random-waypoint or constant-velocity, got '" +
                        g.model + "'"};
        }
        if (!(g.minSpeed >= 0) || !(g.maxSpeed >= g.minSpeed) || !std::isfinite(g.maxSpeed))
        {
            return {field, "speeds must satisfy 0 <= minSpeed <= maxSpeed"};
        }
        if (g.pause < Time(0))
        {
            return {field + ".pause", "must be at least 0"};
        }
        const double rate = g.rate * s.load;
        if (!(rate >= AsetScenario::kMinRate && rate <= AsetScenario::kMaxRate))
        {
            std::ostringstream problem;
            problem << "a user's rate is " << rate << " queries per second (rate x load), outside ["
                    << AsetScenario::kMinRate << ", " << AsetScenario::kMaxRate << "]";
            return {field + ".rate", problem.str()};
        }
        users += g.count;
        queriesPerSecond += rate * g.count;
    }
    if (users > AsetScenario::kMaxMovingUsers)
    {
        return {"mobility.users",
                "expected at most " + std::to_string(AsetScenario::kMaxMovingUsers) +
                    " users in all, got " + std::to_string(users)};
    }
    const double queries = queriesPerSecond * (s.warmup + s.duration).GetSeconds();
    if (queries > AsetScenario::kMaxQueries)
    {
        std::ostringstream problem;
        problem << "about " << queries << " queries from moving users, more than the "
                << AsetScenario::kMaxQueries << " one run can simulate";
        return {"mobility.users", problem.str()};
    }
    return {};
}
} // namespace

std::vector<double>
AsetScenario::GetAccessRates(uint32_t accessNodes) const
{
    std::vector<double> rates = ShapeAccessRates(*this, accessNodes);
    const auto [field, problem] = FindRateProblem(*this, rates);
    if (!field.empty())
    {
        throw std::invalid_argument("scenario '" + name + "': " + field + ": " + problem);
    }
    return rates;
}


std::vector<std::string>
AsetScenario::GetVariantNames()
{
    return {"default",
            "light",
            "far-edge-saturated",
            "lossy-access",
            "stale-beacons",
            "near-edge-throttled",
            "near-edge-throttled-peak",
            "edge-throttled",
            "far-edge-outage",
            "metro-link-failure"};
}

std::vector<std::string>
AsetScenario::GetEvaluationVariantNames()
{
    return {"default",
            "far-edge-saturated",
            "near-edge-throttled",
            "near-edge-throttled-peak",
            "edge-throttled",
            "lossy-access"};
}

AsetScenario
AsetScenario::Variant(const std::string& name)
{
    AsetScenario s = Default();
    s.name = name;
    if (name == "default")
    {
        return s;
    }
    if (name == "light")
    {
        s.load = 0.5; // an off-peak hour
    }
    else if (name == "far-edge-saturated")
    {
        s.load = 2.5; // the far edge's one GPU and few CPUs cannot keep up
    }
    else if (name == "lossy-access")
    {
        // A congested radio access: 5% packet loss and twice the latency.
        s.topology.access.lossRate = 0.05;
        s.topology.access.delay = MilliSeconds(6);
    }
    else if (name == "stale-beacons")
    {
        // Load reports once a second: schedulers decide on old news.
        s.beaconInterval = Seconds(1);
        s.load = 2;
    }
    else if (name == "near-edge-throttled")
    {
        // The near-edge GPUs are shared with another tenant and run at a sixth
        // of the catalogue's speed, which the schedulers do not know.
        s.nearEdgeSlowdown = 6;
        s.load = 0.8;
    }
    else if (name == "near-edge-throttled-peak")
    {
        s.nearEdgeSlowdown = 6;
        s.load = 1.2;
    }
    else if (name == "edge-throttled")
    {
        // Both edge tiers slowed (far edge 3x, near edge 6x): only the cloud runs as catalogued.
        s.farEdgeSlowdown = 3;
        s.nearEdgeSlowdown = 6;
        s.load = 1.2;
    }
    else if (name == "far-edge-outage")
    {
        // Far-edge site 0's cluster fails 5 s into the queries and is back 7 s
        // later; the schedulers find out from its missing beacons.
        s.faults = {
            {s.warmup + Seconds(5), FaultEvent::CLUSTER_DOWN, "far-edge-0"},
            {s.warmup + Seconds(12), FaultEvent::CLUSTER_UP, "far-edge-0"},
        };
    }
    else if (name == "metro-link-failure")
    {
        // The metro link (the fibre from far-edge site 1 to the near-edge
        // site) is cut 5 s into the queries and repaired 7 s later: site 1 is
        // left with its own cluster.
        const std::string link = "far-edge-gateway-1--near-edge-gateway-0";
        s.faults = {
            {s.warmup + Seconds(5), FaultEvent::LINK_DOWN, link},
            {s.warmup + Seconds(12), FaultEvent::LINK_UP, link},
        };
    }
    else
    {
        // The variants that named the near-edge tier "metro".
        static const std::pair<const char*, const char*> renamed[] = {
            {"metro-throttled", "near-edge-throttled"},
            {"metro-throttled-peak", "near-edge-throttled-peak"},
        };
        for (const auto& [old, now] : renamed)
        {
            if (name == old)
            {
                throw std::invalid_argument("scenario variant '" + name + "' is now '" + now + "'");
            }
        }
        std::string known;
        for (const auto& variant : GetVariantNames())
        {
            known += (known.empty() ? "" : ", ") + variant;
        }
        throw std::invalid_argument("unknown scenario variant '" + name + "' (known: " + known +
                                    ")");
    }
    return s;
}

std::vector<HardwareClass>
AsetScenario::GetDeployedHardware() const
{
    std::vector<HardwareClass> classes;
    const auto add = [&classes](const std::vector<DeploymentSpec>& deployments) {
        for (const auto& d : deployments)
        {
            if (std::find(classes.begin(), classes.end(), d.hardware) == classes.end())
            {
                classes.push_back(d.hardware);
            }
        }
    };
    add(farEdge);
    add(nearEdge);
    add(cloud);
    for (const auto& [cluster, deployments] : clusterDeployments)
    {
        add(deployments);
    }
    std::sort(classes.begin(), classes.end());
    return classes;
}

void
AsetScenario::Validate(const ModelCatalogue& catalogue) const
{
    const auto fail = [this](const std::string& field, const std::string& problem) {
        throw std::invalid_argument("scenario '" + name + "': " + field + ": " + problem);
    };
    const auto checkDeployments = [&](const std::string& where,
                                      const std::vector<DeploymentSpec>& deployments) {
        for (const auto& d : deployments)
        {
            const std::string field = where + " deployment '" + d.variant + "'";
            uint16_t variant;
            if (!catalogue.FindVariant(d.variant, variant))
            {
                fail(field, "the catalogue has no such variant");
            }
            if (!catalogue.GetVariant(variant).RunsOn(d.hardware))
            {
                fail(field, "the catalogue has no figure for it on " + ToString(d.hardware));
            }
            if (d.replicas == 0)
            {
                fail(field, "needs at least one replica");
            }
        }
    };
    checkDeployments("far-edge", farEdge);
    checkDeployments("near-edge", nearEdge);
    checkDeployments("cloud", cloud);
    for (const auto& [cluster, deployments] : clusterDeployments)
    {
        checkDeployments("cluster " + cluster, deployments);
    }
    if (applications.empty())
    {
        fail("applications", "the workload needs at least one application");
    }
    for (const auto& a : applications)
    {
        const std::string field = "application '" + a.name + "'";
        uint16_t task;
        if (!catalogue.FindTask(a.task, task))
        {
            fail(field, "the catalogue has no task '" + a.task + "'");
        }
        if (!a.deadline.IsStrictlyPositive() || !(a.weight > 0) || a.minAccuracy < 0 ||
            a.minAccuracy > 100)
        {
            fail(field, "needs a positive deadline and weight, and an accuracy in [0, 100]");
        }
        if (!InferenceQueryHeader::IsValidPayloadSize(a.requestSize) ||
            !InferenceQueryHeader::IsValidPayloadSize(a.responseSize))
        {
            fail(field,
                 "request and response sizes must be within [" +
                     std::to_string(InferenceQueryHeader::kSerializedSize) + ", " +
                     std::to_string(InferenceQueryHeader::kMaxPayloadSize) + "] bytes");
        }
    }
    const auto [field, problem] = FindProblem();
    if (!field.empty())
    {
        fail(field, problem);
    }
    for (std::size_t i = 0; i < faults.size(); ++i)
    {
        faults[i].Check("scenario '" + name + "': faults[" + std::to_string(i) + "]", &catalogue);
    }
}

std::pair<std::string, std::string>
AsetScenario::FindProblem() const
{
    using Client = InferenceClientApplication;
    const auto formats = TieredTopologyDescription::GetFormatNames();
    if (std::find(formats.begin(), formats.end(), topologyFormat) == formats.end())
    {
        return {"topology.format",
                "expected aset, inet, orbis or rocketfuel, got '" + topologyFormat + "'"};
    }
    for (const auto& [tier, capacity] : {std::make_pair("farEdge", topology.farEdgeCapacity),
                                         std::make_pair("nearEdge", topology.nearEdgeCapacity),
                                         std::make_pair("cloud", topology.cloudCapacity)})
    {
        if (!(capacity > 0) || !std::isfinite(capacity))
        {
            return {std::string("topology.capacity.") + tier, "must be a positive number"};
        }
    }
    if (!(ratePerAccessNode > 0) || !std::isfinite(ratePerAccessNode))
    {
        return {"workload.rate", "must be positive"};
    }
    if (!(load >= kMinLoad && load <= kMaxLoad))
    {
        return {"workload.load", "must be from 1e-06 to 1e+06"};
    }
    for (double r : accessRates)
    {
        if (!(r > 0) || !std::isfinite(r))
        {
            return {"workload.rates", "every access node's rate must be positive"};
        }
    }
    const uint64_t nodes = uint64_t(topology.accessNodes) + 2 * uint64_t(topology.farEdgeSites) +
                           2 * uint64_t(topology.nearEdgeSites) + 1 + topology.cloudRegions;
    if (topologyFile.empty() && nodes > TieredTopologyDescription::kMaxNodes)
    {
        return {"topology",
                "the generated network has " + std::to_string(nodes) +
                    " nodes (access nodes, 2 per far-edge and near-edge site, the core and the "
                    "cloud regions), more than the " +
                    std::to_string(TieredTopologyDescription::kMaxNodes) + " a run can simulate"};
    }
    if (topologyFile.empty() && !accessRates.empty() && accessRates.size() != topology.accessNodes)
    {
        return {"workload.rates",
                "expected one rate per access node (" + std::to_string(topology.accessNodes) +
                    "), got " + std::to_string(accessRates.size())};
    }
    if (rateDistribution.kind != "equal" && rateDistribution.kind != "zipf" &&
        rateDistribution.kind != "lognormal")
    {
        return {"workload.rateDistribution.kind",
                "expected equal, zipf or lognormal, got '" + rateDistribution.kind + "'"};
    }
    if (!(rateDistribution.exponent >= 0) || !(rateDistribution.sigma >= 0))
    {
        return {"workload.rateDistribution", "exponent and sigma must be at least 0"};
    }
    if (arrivals == Client::ON_OFF &&
        (!onTime.IsStrictlyPositive() || !offTime.IsStrictlyPositive()))
    {
        return {"workload.onOff", "on and off times must be positive"};
    }
    if (arrivals == Client::MMPP)
    {
        for (const auto& state : mmppStates)
        {
            if (!(state.rateFactor >= 0) || !(state.meanSeconds > 0))
            {
                return {"workload.mmpp", "factors must be at least 0 and mean durations positive"};
            }
        }
        if (mmppStates.size() < 2 ||
            std::none_of(mmppStates.begin(), mmppStates.end(), [](const auto& state) {
                return state.rateFactor > 0;
            }))
        {
            return {"workload.mmpp",
                    "the mmpp process needs at least two states, one with a "
                    "positive factor"};
        }
    }
    if (arrivals == Client::TRACE && traceFile.empty())
    {
        return {"workload.trace", "the trace process needs a trace file"};
    }
    if (diurnalPeriod < Time(0))
    {
        return {"workload.diurnal.period", "must be at least 0"};
    }
    if (!diurnalProfile.empty() &&
        (std::any_of(diurnalProfile.begin(),
                     diurnalProfile.end(),
                     [](double m) { return !(m >= 0); }) ||
         *std::max_element(diurnalProfile.begin(), diurnalProfile.end()) <= 0))
    {
        return {"workload.diurnal.profile",
                "multipliers must be at least 0, at least one of them positive"};
    }
    const bool modulated = diurnalPeriod.IsStrictlyPositive() || flashCrowd.factor != 1;
    if (modulated && (arrivals == Client::CONSTANT || arrivals == Client::TRACE))
    {
        return {"workload.process",
                "a diurnal profile or a flash crowd needs the poisson, on-off or mmpp process"};
    }
    if (!(flashCrowd.factor >= 0) || flashCrowd.start < Time(0) || flashCrowd.ramp < Time(0) ||
        flashCrowd.duration < Time(0))
    {
        return {"workload.flashCrowd", "factor and times must be at least 0"};
    }
    if (flashCrowd.factor != 1 && flashCrowd.ramp.IsZero() && flashCrowd.duration.IsZero())
    {
        return {"workload.flashCrowd", "a flash crowd needs a ramp or a duration"};
    }
    for (std::size_t i = 0; i < flashCrowd.accessNodes.size(); ++i)
    {
        if (topologyFile.empty() && flashCrowd.accessNodes[i] >= topology.accessNodes)
        {
            return {"workload.flashCrowd.accessNodes[" + std::to_string(i) + "]",
                    "expected an access node below " + std::to_string(topology.accessNodes) +
                        ", got " + std::to_string(flashCrowd.accessNodes[i])};
        }
    }
    if (!duration.IsStrictlyPositive() || duration > Seconds(kMaxDurationSeconds))
    {
        return {"timing.duration", "must be positive and at most 1e8 s"};
    }
    if (warmup < Time(0) || drain < Time(0) || !queryTimeout.IsStrictlyPositive())
    {
        return {"timing", "warmup and drain must be at least 0 and the query time-out positive"};
    }
    if (beaconInterval < MicroSeconds(100))
    {
        return {"timing.beaconInterval", "must be at least 0.1 ms"};
    }
    if (maxBatchSize == 0)
    {
        return {"maxBatchSize", "must be at least 1"};
    }
    const auto mobilityProblem = FindMobilityProblem(*this);
    if (!mobilityProblem.first.empty())
    {
        return mobilityProblem;
    }
    if (topologyFile.empty() && (accessRates.empty() || accessRates.size() == topology.accessNodes))
    {
        const auto rateProblem = FindRateProblem(*this, ShapeAccessRates(*this, topology.accessNodes));
        if (!rateProblem.first.empty())
        {
            return rateProblem;
        }
    }
    if (seeds.empty() || run == 0 || std::any_of(seeds.begin(), seeds.end(), [](uint32_t seed) {
            return seed == 0 || seed > kMaxSeed;
        }))
    {
        return {"seeds",
                "needs at least one seed, each from 1 to " + std::to_string(kMaxSeed) +
                    ", and a positive run"};
    }
    return {};
}

} // namespace ns3
