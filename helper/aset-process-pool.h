// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_PROCESS_POOL_H
#define ASET_PROCESS_POOL_H

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Runs programs as child processes, a given number at a time, with a
 * progress line (jobs done, wall time, ETA).
 *
 * ns-3's simulator is one per process, so independent simulations run in
 * parallel as processes, never as threads. Each child reads /dev/null and
 * writes its standard output and error to its own log file. aset-sweep runs
 * its aset-run jobs with it, aset-evaluate its (condition, seed) jobs.
 */
class AsetProcessPool
{
  public:
    /// One child: its command line (argv[0] the program's path) and the file for its output.
    struct Command
    {
        std::vector<std::string> argv;
        std::string logPath;
    };

    /// Called with a command's index and exit status when it fails, the progress line cleared.
    using FailureReporter = std::function<void(std::size_t index, int status)>;

    /// \p label starts the progress line ("aset-sweep"); \p parallel children run at a time.
    AsetProcessPool(std::string label, unsigned parallel);

    /// Shows the progress line on a terminal (on by default).
    void SetShowProgress(bool show);

    /// After a failure, starts no further command (they get status -1); off by default.
    void SetStopOnFailure(bool stop);

    /**
     * Runs \p commands, in order, and waits for them all. \returns each one's
     * exit status: 0 success, 128 + N killed by signal N, -1 never started.
     * Throws std::runtime_error if a child cannot be started.
     */
    std::vector<int> Run(const std::vector<Command>& commands, const FailureReporter& onFailure);

    /// The running program's path (/proc/self/exe), or \p argv0 made absolute without /proc.
    static std::string GetSelfPath(const char* argv0);

  private:
    std::string m_label;
    unsigned m_parallel;
    bool m_showProgress{true};
    bool m_stopOnFailure{false};
};

} // namespace ns3

#endif // ASET_PROCESS_POOL_H
