// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_RESULTS_H
#define ASET_RESULTS_H

#include "aset-experiment.h"

#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief The figures of one policy's run that summary.json and the table report.
 */
struct PolicySummary
{
    std::string policy; //!< the name the policy reports, e.g. "closest"
    std::string typeId; //!< its TypeId name, e.g. "ns3::ClosestPolicy"
    uint64_t sent{0};
    OutcomeCounts counts{};
    double successRatio{0}; //!< succeeded / sent (0 when nothing was sent)
    /// End-to-end latency percentiles in ms over answered queries (succeeded,
    /// failed_deadline, failed_accuracy), nearest-rank; absent when none was answered.
    bool hasLatency{false};
    double latencyP50Ms{0};
    double latencyP95Ms{0};
    double latencyP99Ms{0};
    uint64_t lateResponses{0};    //!< responses that came after their query was declared lost
    uint64_t malformedPackets{0}; //!< packets the applications refused
    /// Every cluster's busy time in the query window, as in PolicyRunResult.
    std::vector<ClusterUsage> clusters;
    /// Per tier present, nearest first: busy replica-time / (replicas x window) over its clusters.
    std::vector<std::pair<ClusterTier, double>> tierUtilisation;
    /// Moving users, as in PolicyRunResult; summary.json and the table show them when
    /// movingUsers > 0.
    uint32_t movingUsers{0};
    uint64_t handovers{0};
    uint64_t forwardedResponses{0};
    OutcomeCounts handedOverCounts{};
    /// Whether the run had a power model; the energy figures below are 0 when not.
    bool hasEnergy{false};
    /// Per tier present, as tierUtilisation: joules its clusters drew in the query window.
    std::vector<std::pair<ClusterTier, double>> tierEnergy;
    double energyJoules{0}; //!< over every cluster, in the query window
    /// energyJoules / succeeded queries; absent (false) without energy figures or successes.
    bool hasEnergyPerSuccess{false};
    double energyPerSuccessJoules{0};

    static PolicySummary FromRun(const PolicyRunResult& run);
    /**
     * \p run's success ratio, once its outcomes add up
     * (PolicyRunResult::CheckAccounting()); otherwise throws
     * std::runtime_error "<name>: <what does not add up>".
     */
    static double CheckedSuccessRatio(const PolicyRunResult& run, const std::string& name);
};

/**
 * \ingroup aset
 * \brief Identifies a set of runs in summary.json.
 */
struct RunInfo
{
    std::string scenario;
    uint32_t seed{1};
    uint64_t run{1};
    double load{1};
    double durationSeconds{0};
};

/**
 * \ingroup aset
 * \brief Writes results for people (a table) and for programs (summary.json,
 * per-query CSV). The files hold no wall-clock figures, so the same seed and
 * run give byte-identical files.
 */
class AsetResultsWriter
{
  public:
    static void WriteSummaryJson(std::ostream& os,
                                 const RunInfo& info,
                                 const std::vector<PolicySummary>& policies);
    /// One row per query; \p catalogue names the variants.
    static void WriteQueryCsv(std::ostream& os,
                              const PolicyRunResult& run,
                              Ptr<ModelCatalogue> catalogue);
    static void PrintTable(std::ostream& os, const std::vector<PolicySummary>& policies);
    /// One row per decision of a learning policy: time, scheduler, action, epsilon, queries, rate.
    static void WriteActionsCsv(std::ostream& os, const PolicyRunResult& run);

    /// Nearest-rank percentile \p p (0 < p <= 100) of \p sorted (ascending, not empty).
    static double Percentile(const std::vector<double>& sorted, double p);
    /// scripts/aset-plot.py of the module's source tree, which draws the plots of these files.
    static std::string GetPlotScriptPath();
    /**
     * Runs `python3 aset-plot.py results <dir>`, which draws the key plots of
     * a results folder as PNG files in it. When python3 or matplotlib is
     * missing it prints one notice and returns false; it never throws.
     */
    static bool DrawPlots(const std::string& dir);

    /// \p value in fixed point with \p digits decimals, the same on every platform.
    static std::string FormatFixed(double value, int digits);
    /// \p text as a JSON string literal.
    static std::string JsonString(const std::string& text);
};

} // namespace ns3

#endif // ASET_RESULTS_H
