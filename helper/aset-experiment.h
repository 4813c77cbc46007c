// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_EXPERIMENT_H
#define ASET_EXPERIMENT_H

#include "aset-scenario.h"
#include "aset-tracing-helper.h"
#include "aset-workload-trace.h"

#include "ns3/aset-types.h"
#include "ns3/hardware-power-model.h"
#include "ns3/model-catalogue.h"
#include "ns3/query-record.h"
#include "ns3/scheduling-policy.h"

#include <functional>

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief How busy one cluster was while the clients sent queries.
 */
struct ClusterUsage
{
    uint16_t clusterId{0};
    ClusterTier tier{ClusterTier::FAR_EDGE};
    uint32_t replicas{0};          //!< over all its instances
    double busyReplicaSeconds{0};  //!< replica-time spent serving, within the window
    double windowSeconds{0};       //!< the query window: [warmup, warmup + duration)
    /// Joules its replicas drew within the window (EdgeClusterApplication::GetEnergy); 0
    /// without a power model (PolicyRunResult::hasEnergy).
    double energyJoules{0};

    /// Busy replica-time / (replicas x window), in [0, 1].
    double GetUtilisation() const;
};

/**
 * \ingroup aset
 * \brief One decision of an AsetPolicy, and how many queries it placed.
 */
struct AsetActionRecord
{
    double timeSeconds{0}; //!< when the decision was made
    uint32_t scheduler{0}; //!< index of the scheduler (gateway) that made it
    uint32_t action{0};    //!< index into PolicyRunResult::actionNames
    double epsilon{0};     //!< exploration rate (0 when acting greedily)
    uint64_t queries{0};   //!< queries the scheduler received until its next decision
    uint64_t shielded{0};  //!< of those, queries the shield moved (AsetPolicy::ShieldedDelegates)
};

/**
 * \ingroup aset
 * \brief What one simulation run under one policy produced.
 */
struct PolicyRunResult
{
    std::string policy;               //!< the name the policy reports (GetName()), e.g. "closest"
    std::string typeId;               //!< its TypeId name, e.g. "ns3::ClosestPolicy"
    uint64_t sent{0};                 //!< queries the clients sent
    OutcomeCounts counts{};           //!< per outcome, from the records
    std::vector<QueryRecord> records; //!< one per query, by client then query id
    uint64_t malformedPackets{0};     //!< refused by any application
    uint64_t lateResponses{0};        //!< arrived after their query was declared lost
    /// Queries discarded by clusters that were down (SetAvailable); the clients count them lost.
    uint64_t discardedByFaults{0};
    double wallSeconds{0};
    /// Files the run's tracing wrote (AsetExperiment::SetTracing).
    std::vector<std::string> traceFiles;

    // A learning policy's decisions, summed over the schedulers.
    uint64_t decisions{0};
    /// The schedulers' mean rewards, averaged with each weighted by its decision count.
    double meanReward{0};
    std::vector<std::string> actionNames;
    std::vector<uint64_t> actionCounts;
    /// Every decision of a learning policy, by time; only with SetRecordActions(true).
    std::vector<AsetActionRecord> actions;

    /// Every cluster's busy time during the query window, tier by tier.
    std::vector<ClusterUsage> clusters;
    /// Whether the clusters had a power model, so that ClusterUsage::energyJoules counts.
    bool hasEnergy{false};

    // Moving users (AsetScenario::mobility).
    uint32_t movingUsers{0};      //!< users that move between access nodes
    uint64_t handovers{0};        //!< their clients' changes of access node
    uint64_t forwardedResponses{0}; //!< responses forwarded from an access node left behind
    /// Per outcome, the queries open while their client changed access node
    /// (QueryRecord::handedOver); a part of counts.
    OutcomeCounts handedOverCounts{};

    /// Empty when every query ended in exactly one outcome; else what does not add up.
    std::string CheckAccounting() const;
};

/**
 * \ingroup aset
 * \brief Builds a scenario's network and applications, runs it under one
 * policy, and collects every query's outcome.
 *
 * Each Run() is a fresh simulation (Simulator::Destroy at its end). Random
 * streams are assigned per node role, so every policy sees the same
 * workload for the same seed and run: differences come from the policy.
 */
class AsetExperiment
{
  public:
    /// First random stream of each role: the workload's numbers do not depend
    /// on the policy, so policies are compared on the same arrivals. A role's
    /// i-th application starts at base + kStreamsPerApplication * i.
    static constexpr int64_t kClientStreams = 1000;
    static constexpr int64_t kClusterStreams = 100000;
    static constexpr int64_t kSchedulerStreams = 200000;
    static constexpr int64_t kLinkStreams = 300000;
    /// Moving users take MovingUsersHelper::kStreamsPerUser streams each.
    static constexpr int64_t kMovingUserStreams = 400000;
    static constexpr int64_t kStreamsPerApplication = 10;

    /**
     * Throws std::invalid_argument if \p scenario does not fit \p catalogue,
     * and AsetInputError if its topology file, workload trace or power model
     * (powerPath) cannot be read or is wrong, or the power model lacks a
     * hardware class the scenario deploys.
     */
    AsetExperiment(const AsetScenario& scenario, Ptr<ModelCatalogue> catalogue);
    /// The same with the catalogue \p scenario names (cataloguePath), which may throw
    /// AsetInputError.
    explicit AsetExperiment(const AsetScenario& scenario);

    /// The catalogue the scenario runs with.
    Ptr<ModelCatalogue> GetCatalogue() const;
    /// The clusters' power model (the scenario's powerPath); null when it names none.
    Ptr<HardwarePowerModel> GetPowerModel() const;

    /// Shows a progress line on a terminal while running.
    void SetShowProgress(bool show);

    /// Records every decision of an AsetPolicy in PolicyRunResult::actions (off by default).
    void SetRecordActions(bool record);

    /// Called for each scheduler's policy, with the scheduler's index, before a run starts.
    using PolicyConfigurator = std::function<void(Ptr<SchedulingPolicy> policy, uint32_t scheduler)>;
    void SetPolicyConfigurator(PolicyConfigurator configurator);

    /**
     * Writes the ns-3 views of \p options (pcap, NetAnim, FlowMonitor) in
     * every run, one set of files per policy, named
     * <directory>/<policy>-... (see AsetTracingOptions). The nodes carry
     * TieredTopology::GetNodeName names.
     */
    void SetTracing(const AsetTracingOptions& options, const std::string& directory);

    /**
     * Runs the scenario once under the policy named \p policy, a short name
     * ("closest") or a TypeId name ("ns3::ClosestPolicy"); throws
     * std::invalid_argument if CheckPolicyName() refuses it.
     */
    PolicyRunResult Run(const std::string& policy, uint32_t seed, uint64_t run);

    /// Short names of every policy a run uses by default: the static ones, then "aset".
    static std::vector<std::string> GetPolicyNames();
    /**
     * Policies a run can use besides, for comparison: "closest+shield"
     * (ShieldedPolicy: closest with ASET's shield, a fixed rule).
     */
    static std::vector<std::string> GetComparisonPolicyNames();

    /**
     * Empty when Run() can use the policy named \p policy: a short name
     * (GetPolicyNames(), GetComparisonPolicyNames()) or the TypeId name of a
     * SchedulingPolicy that has a constructor, e.g. one a library of your own
     * registered (AsetPolicyLibrary). Otherwise what is wrong with the name.
     */
    static std::string CheckPolicyName(const std::string& policy);

    /**
     * Splits a comma-separated list of policy names (see CheckPolicyName());
     * "all" means GetPolicyNames(). Throws std::invalid_argument naming
     * \p option for a name CheckPolicyName() refuses or a repeated one.
     */
    static std::vector<std::string> ParsePolicyList(const std::string& text, const std::string& option);

    /// Resolves a short policy name to its TypeId name; a TypeId name is returned as is.
    static std::string ResolvePolicyTypeName(const std::string& policy);

  private:
    AsetScenario m_scenario;
    Ptr<ModelCatalogue> m_catalogue;
    Ptr<HardwarePowerModel> m_power;
    /// The network: read from the scenario's topology file, or generated.
    TieredTopologyDescription m_network;
    std::vector<AsetTraceQuery> m_trace; //!< arrivals trace: read once, replayed every run
    bool m_showProgress{false};
    bool m_recordActions{false};
    PolicyConfigurator m_configurePolicy;
    AsetTracingOptions m_tracing;
    std::string m_tracingDirectory;
};

} // namespace ns3

#endif // ASET_EXPERIMENT_H
