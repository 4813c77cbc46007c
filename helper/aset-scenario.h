// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_SCENARIO_H
#define ASET_SCENARIO_H

#include "aset-fault-timeline.h"
#include "tiered-topology-helper.h"

#include "ns3/aset-types.h"
#include "ns3/inference-client-application.h"
#include "ns3/model-catalogue.h"
#include "ns3/nstime.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Model instances deployed on a cluster.
 */
struct DeploymentSpec
{
    std::string variant;
    HardwareClass hardware{HardwareClass::CPU};
    uint16_t replicas{1};
    uint32_t queueCapacity{64};

    /// The replicas on a cluster of capacity multiplier \p capacity: replicas x capacity,
    /// rounded to the nearest whole replica, at least 1 and at most 65535.
    uint16_t GetReplicas(double capacity) const;
};

/**
 * \ingroup aset
 * \brief An application of the workload mix, with its task named as in the catalogue.
 */
struct ApplicationSpec
{
    std::string name;
    std::string task;
    Time deadline;
    double minAccuracy{0};
    uint32_t requestSize{0};
    uint32_t responseSize{0};
    double weight{1};
};

/**
 * \ingroup aset
 * \brief How the access nodes' rates differ (AsetScenario::GetAccessRates).
 *
 * "equal": every node at the scenario's rate; "zipf": node i (from 0) in
 * proportion to 1 / (i + 1)^exponent; "lognormal": each node's weight drawn
 * from a lognormal distribution of parameter sigma, with \p seed. The
 * weights are scaled so that their mean is 1: the total rate is the same as
 * with "equal".
 */
struct RateDistributionSpec
{
    std::string kind{"equal"};
    double exponent{1}; //!< zipf
    double sigma{1};    //!< lognormal
    uint32_t seed{1};   //!< lognormal
};

/**
 * \ingroup aset
 * \brief A flash crowd: from \p start (after the queries begin), the rate
 * rises linearly over \p ramp to \p factor times itself, stays there for
 * \p duration, and falls back over another \p ramp.
 */
struct FlashCrowdSpec
{
    Time start;
    Time ramp;
    Time duration;
    double factor{1};                  //!< 1: no flash crowd
    std::vector<uint32_t> accessNodes; //!< where it happens; empty: every access node
};

/**
 * \ingroup aset
 * \brief A group of moving users. Each user is a node with an ns-3
 * MobilityModel and a client of its own (Poisson queries at \p rate times the
 * scenario's load, from the scenario's application mix), which a
 * NearestAccessHandover keeps attached to the user's nearest access node.
 *
 * Models: "static" (a fixed random position), "random-walk"
 * (RandomWalk2dMobilityModel: a new direction and speed every 5 s, kept in the
 * area), "random-waypoint" (RandomWaypointMobilityModel: to random points of
 * the area, pausing \p pause at each) and "constant-velocity"
 * (ConstantVelocityMobilityModel: along the rows of access nodes, even users
 * eastwards, odd ones westwards, leaving the area in time). Users start at
 * uniformly random points of the area; speeds are uniform in [minSpeed,
 * maxSpeed].
 */
struct MovingUsersSpec
{
    std::string name;
    uint32_t count{1};
    std::string model{"random-waypoint"};
    double minSpeed{1};     //!< metres per second
    double maxSpeed{2};     //!< metres per second
    Time pause{Seconds(0)}; //!< random-waypoint: the pause at each waypoint
    double rate{10};        //!< each user's queries per second at load 1

    /// The models a group can name, as above.
    static std::vector<std::string> GetModelNames();
};

/**
 * \ingroup aset
 * \brief Where the access nodes are, and the users that move between them.
 *
 * Access node i sits on a grid, accessColumns nodes per row (0: all in one
 * row), accessSpacing metres from its neighbours: at (i mod columns, i div
 * columns) x accessSpacing. The area users move in is the grid plus half a
 * spacing on every side. The per-access-node clients stay as they are: moving
 * users add their queries to theirs.
 */
struct MobilitySpec
{
    double accessSpacing{300};
    uint32_t accessColumns{0};
    std::vector<MovingUsersSpec> users; //!< empty: no moving users

    /// The users of every group.
    uint32_t GetUserCount() const;
};

/**
 * \ingroup aset
 * \brief Everything one experiment needs: network, deployments, workload, timing.
 *
 * Default() is the scenario the main job runs; doc/aset.rst explains its numbers.
 */
struct AsetScenario
{
    std::string name{"default"};
    /// The scenario file it was read from, which errors found later name; empty if built here.
    std::string sourceFile;
    std::string cataloguePath;
    /// Busy and idle watts per hardware class (HardwarePowerModel); empty: no energy figures.
    std::string powerPath;
    TieredTopologyParameters topology;
    /// A topology file to build instead of generating the network from \p topology (whose
    /// link classes, capacities and background traffic still apply); empty: generate.
    std::string topologyFile;
    /// The file's format: aset, inet, orbis or rocketfuel (TieredTopologyDescription::Load).
    std::string topologyFormat{"aset"};
    /// For the inet, orbis and rocketfuel formats: the node lines giving roles and capacities.
    std::string topologyRolesFile;
    std::vector<DeploymentSpec> farEdge;  //!< on every far-edge cluster
    std::vector<DeploymentSpec> nearEdge; //!< on every near-edge cluster
    std::vector<DeploymentSpec> cloud;    //!< on every cloud cluster
    /// Per-cluster overrides of the tier's deployments, by node name ("far-edge-3").
    std::map<std::string, std::vector<DeploymentSpec>> clusterDeployments;
    /// Service-time factors per tier, unknown to the schedulers (EdgeClusterApplication::Slowdown).
    double farEdgeSlowdown{1};
    double nearEdgeSlowdown{1};
    double cloudSlowdown{1};
    std::vector<ApplicationSpec> applications;

    double ratePerAccessNode{150}; //!< queries per second from each access node at load 1
    double load{1.0};              //!< multiplies every access node's rate
    InferenceClientApplication::ArrivalProcess arrivals{InferenceClientApplication::POISSON};
    /// Each access node's rate at load 1, in node order; empty: from rateDistribution.
    std::vector<double> accessRates;
    RateDistributionSpec rateDistribution;
    Time onTime{Seconds(1)};  //!< mean of the exponential on-periods (arrivals on-off)
    Time offTime{Seconds(1)}; //!< mean of the exponential off-periods (arrivals on-off)
    std::vector<InferenceClientApplication::MmppState> mmppStates; //!< arrivals mmpp
    Time diurnalPeriod{Seconds(0)};     //!< the compressed day; 0: no diurnal profile
    std::vector<double> diurnalProfile; //!< empty: the client's default profile
    FlashCrowdSpec flashCrowd;
    std::string traceFile;          //!< arrivals trace: CSV with time_s, application, access
    Time warmup{MilliSeconds(200)}; //!< beacons flow before the first query
    Time duration{Seconds(20)};     //!< clients send during [warmup, warmup + duration)
    Time drain{Seconds(3)};         //!< then run on so that every query can end
    Time queryTimeout{Seconds(2)};
    Time beaconInterval{MilliSeconds(100)};
    /// SchedulerApplication::ResponseTimeout if positive; 0 leaves the attribute's default (0: off).
    Time responseTimeout{0};
    uint16_t maxBatchSize{1};
    /// Planned what-if events (clusters down and up, links down and up, capacity), in order.
    std::vector<FaultEvent> faults;
    /// Access node positions and moving users.
    MobilitySpec mobility;

    std::vector<std::string> policies; //!< short names; empty: every policy
    std::vector<uint32_t> seeds{1};
    uint64_t run{1};

    /// The largest seed: ns-3's generator (MRG32k3a) puts the seed in all six
    /// words of its state, so it must lie below the smaller modulus, m2.
    static constexpr uint32_t kMaxSeed = 4294944442;
    /// An access node's rate, in queries per second, must lie in [kMinRate, kMaxRate]:
    /// below, its queries would be more than 11 days apart; above, less than 100 ns.
    static constexpr double kMinRate = 1e-6;
    static constexpr double kMaxRate = 1e7;
    /// The most queries a run may be expected to send (every access node's rate times
    /// its peak multiplier times the warm-up and duration; as many on/off periods or
    /// MMPP states), beyond what one machine simulates in a working day.
    static constexpr double kMaxQueries = 1e9;
    /// The longest duration, in seconds: ns-3's Time, in nanoseconds, holds about 292 years.
    static constexpr double kMaxDurationSeconds = 1e8;
    /// The load multiplier's range.
    static constexpr double kMinLoad = 1e-6;
    static constexpr double kMaxLoad = 1e6;
    /// The most moving users a run may have (each is a node and a client).
    static constexpr uint32_t kMaxMovingUsers = 100000;

    static AsetScenario Default();

    /**
     * Each of \p accessNodes nodes' query rate (per second), load included:
     * accessRates if set, else ratePerAccessNode shaped by rateDistribution.
     * Throws std::invalid_argument if accessRates has another length, if a
     * rate, or its peak under the diurnal profile, flash crowd and MMPP states,
     * is outside [kMinRate, kMaxRate], or if the run would draw more than
     * kMaxQueries arrivals.
     */
    std::vector<double> GetAccessRates(uint32_t accessNodes) const;

    /// Names of the built-in variants of the default scenario, "default" first.
    static std::vector<std::string> GetVariantNames();
    /**
     * The variants aset-evaluate compares the policies on by default (the
     * README's table), in each of which a different static policy can be
     * best; aset-train draws a quarter of its episodes around them.
     */
    static std::vector<std::string> GetEvaluationVariantNames();
    /// The default scenario changed as variant \p name says; throws std::invalid_argument if unknown.
    static AsetScenario Variant(const std::string& name);

    /**
     * Checks that \p catalogue has every variant (on its hardware) and task
     * this scenario names, and that the numbers are usable; throws
     * std::invalid_argument naming the scenario, the field and the value.
     */
    void Validate(const ModelCatalogue& catalogue) const;

    /// The hardware classes of every deployment (tiers and per-cluster), each once, in order.
    std::vector<HardwareClass> GetDeployedHardware() const;

    /**
     * The first problem Validate finds without the catalogue, as the field's
     * path in a scenario file ("workload.mmpp") and what is wrong; empty
     * strings when there is none.
     */
    std::pair<std::string, std::string> FindProblem() const;
};

} // namespace ns3

#endif // ASET_SCENARIO_H
