// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_PROGRESS_REPORTER_H
#define ASET_PROGRESS_REPORTER_H

#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <chrono>
#include <functional>
#include <string>

namespace ns3
{

/**
 * \ingroup aset
 * \brief One line of progress on standard error, rewritten in place.
 *
 * Silent unless standard error is a terminal, so logs and CI output stay
 * clean. The line is cleared when the object goes, for the output that follows.
 */
class AsetProgressLine
{
  public:
    AsetProgressLine();
    ~AsetProgressLine();
    AsetProgressLine(const AsetProgressLine&) = delete;
    AsetProgressLine& operator=(const AsetProgressLine&) = delete;

    /// True when standard error is a terminal.
    bool IsEnabled() const;
    /// Replaces the line with \p text (nothing when disabled).
    void Show(const std::string& text);
    /// Removes the line, if one is shown.
    void Clear();

    /// "wall 12 s | ETA 30 s": the ETA extrapolates \p fraction (0 to 1) of the work done.
    static std::string WallAndEta(double wallSeconds, double fraction);

  private:
    bool m_enabled;
    bool m_shown{false};
};

/**
 * \ingroup aset
 * \brief A one-line progress display for long runs: simulated time, queries
 * done, wall time and an ETA, rewritten in place on standard error.
 *
 * It wakes every CheckInterval of simulated time and prints only when at
 * least a second of wall time has passed, so short runs print nothing and
 * long ones cost one cheap event per interval. It stays silent unless
 * standard error is a terminal, so logs and CI output stay clean.
 */
class AsetProgressReporter
{
  public:
    /// \param label what is running \param end simulated end time \param done queries ended so far
    AsetProgressReporter(std::string label, Time end, std::function<uint64_t()> done);
    ~AsetProgressReporter();

    /// Schedules the first check; call before Simulator::Run().
    void Start();

  private:
    void Check();

    std::string m_label;
    Time m_end;
    std::function<uint64_t()> m_done;
    AsetProgressLine m_line;
    std::chrono::steady_clock::time_point m_wallStart;
    std::chrono::steady_clock::time_point m_lastPrint;
    EventId m_event;
};

} // namespace ns3

#endif // ASET_PROGRESS_REPORTER_H
