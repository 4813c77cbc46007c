// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_SWEEP_H
#define ASET_SWEEP_H

#include "aset-statistics.h"

#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief One job of a sweep: one aset-run invocation for one policy, load and seed.
 */
struct AsetSweepJob
{
    std::string name;        //!< e.g. "closest-load1.5-seed3", the last part of outputDir
    std::string policy;      //!< --policy
    std::string load;        //!< --load, as on the command line
    uint32_t seed{1};        //!< --seed
    std::string outputDir;   //!< --output: where the job writes summary.json
    std::string commandLine; //!< the whole line, runnable by a POSIX shell
};

/**
 * \ingroup aset
 * \brief What one job produced: its metrics from summary.json, or why there are none.
 */
struct AsetSweepJobResult
{
    AsetSweepJob job;
    std::string error; //!< empty when the job succeeded
    /// Metric name and value, in a fixed order (success_ratio first).
    std::vector<std::pair<std::string, double>> metrics;

    bool Succeeded() const
    {
        return error.empty();
    }
};

/**
 * \ingroup aset
 * \brief The aggregate of one (policy, load) point over its seeds.
 */
struct AsetSweepPoint
{
    std::string policy;
    std::string load;
    std::size_t runs{0};                 //!< jobs that succeeded
    std::vector<std::string> failedJobs; //!< names of the jobs that did not
    /// Mean and 95% interval of every metric over the runs that have it.
    std::vector<std::pair<std::string, AsetMeanInterval>> metrics;
};

/**
 * \ingroup aset
 * \brief The experiment runner's logic, apart from running processes: the
 * job list (a plain file of aset-run command lines, one a line) and the
 * aggregation of the jobs' summary.json files into mean and 95% confidence
 * interval per (policy, load).
 */
class AsetSweep
{
  public:
    /// \p word quoted for a POSIX shell, or as is when it needs no quoting.
    static std::string ShellQuote(const std::string& word);
    /**
     * Splits \p line into words as a POSIX shell does with quotes ('...',
     * "...") and backslashes, without expansions. Throws std::invalid_argument
     * on an unterminated quote.
     */
    static std::vector<std::string> SplitShellWords(const std::string& line);

    /// \p text as a load: a positive number, written in its shortest form ("1.50" gives "1.5").
    static std::string NormaliseLoad(const std::string& text);

    /**
     * The jobs of policies x loads x seeds, in that nesting order. Each line
     * runs \p program with \p options (passed through verbatim; later options
     * win over earlier ones in aset-run), then --policy, --load, --seed and
     * --output=<jobsDir>/<job name>.
     */
    static std::vector<AsetSweepJob> MakeJobs(const std::string& program,
                                              const std::vector<std::string>& options,
                                              const std::vector<std::string>& policies,
                                              const std::vector<std::string>& loads,
                                              const std::vector<uint32_t>& seeds,
                                              const std::string& jobsDir);

    /// One command line per job.
    static void WriteJobList(std::ostream& os, const std::vector<AsetSweepJob>& jobs);
    /**
     * Reads a job list; blank lines and lines starting with '#' are skipped.
     * Throws std::invalid_argument naming \p fileName and the line when a line
     * lacks --policy, --load, --seed or --output.
     */
    static std::vector<AsetSweepJob> ReadJobList(std::istream& is, const std::string& fileName);

    /// Reads the job's summary.json; on failure the result's error says why.
    static AsetSweepJobResult ReadResult(const AsetSweepJob& job);

    /// Groups the results by (policy, load), in job-list order.
    static std::vector<AsetSweepPoint> Aggregate(const std::vector<AsetSweepJobResult>& results);

    /// One row per point: policy, load, runs, failed, then <metric>_mean and <metric>_ci95.
    static void WriteAggregateCsv(std::ostream& os, const std::vector<AsetSweepPoint>& points);
    /// The points with every metric's mean, ci95 and n, and every failed job with its reason.
    static void WriteAggregateJson(std::ostream& os,
                                   const std::vector<AsetSweepPoint>& points,
                                   const std::vector<AsetSweepJobResult>& results);
};

} // namespace ns3

#endif // ASET_SWEEP_H
