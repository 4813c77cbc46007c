// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_EXPERIMENT_H
#define ASET_EXPERIMENT_H

#include "aset-scenario.h"
#include "aset-workload-trace.h"

#include "ns3/aset-types.h"
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
 * \brief What one simulation run under one policy produced.
 */
struct PolicyRunResult
{
    std::string policy;               //!< short name, e.g. "closest"
    uint64_t sent{0};                 //!< queries the clients sent
    OutcomeCounts counts{};           //!< per outcome, from the records
    std::vector<QueryRecord> records; //!< one per query, by client then query id
    uint64_t malformedPackets{0};     //!< refused by any application
    uint64_t lateResponses{0};        //!< arrived after their query was declared lost
    double wallSeconds{0};

    // A learning policy's decisions, summed over the schedulers.
    uint64_t decisions{0};
    /// The schedulers' mean rewards, averaged with each weighted by its decision count.
    double meanReward{0};
    std::vector<std::string> actionNames;
    std::vector<uint64_t> actionCounts;

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
    static constexpr int64_t kStreamsPerApplication = 10;

    /**
     * Throws std::invalid_argument if \p scenario does not fit \p catalogue,
     * and AsetInputError if its workload trace cannot be read.
     */
    AsetExperiment(const AsetScenario& scenario, Ptr<ModelCatalogue> catalogue);

    /// Shows a progress line on a terminal while running.
    void SetShowProgress(bool show);

    /// Called for each scheduler's policy, with the scheduler's index, before a run starts.
    using PolicyConfigurator = std::function<void(Ptr<SchedulingPolicy> policy, uint32_t scheduler)>;
    void SetPolicyConfigurator(PolicyConfigurator configurator);

    /**
     * Runs the scenario once under the policy named \p policy, a short name
     * ("closest") or a TypeId name ("ns3::ClosestPolicy").
     */
    PolicyRunResult Run(const std::string& policy, uint32_t seed, uint64_t run);

    /// Short names of every policy a run can use: the static ones, then "aset".
    static std::vector<std::string> GetPolicyNames();

    /// Resolves a short policy name to its TypeId name; a TypeId name is returned as is.
    static std::string ResolvePolicyTypeName(const std::string& policy);

  private:
    AsetScenario m_scenario;
    Ptr<ModelCatalogue> m_catalogue;
    std::vector<AsetTraceQuery> m_trace; //!< arrivals trace: read once, replayed every run
    bool m_showProgress{false};
    PolicyConfigurator m_configurePolicy;
};

} // namespace ns3

#endif // ASET_EXPERIMENT_H
