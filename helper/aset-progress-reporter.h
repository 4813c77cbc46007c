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
    bool m_enabled;
    bool m_printed{false};
    std::chrono::steady_clock::time_point m_wallStart;
    std::chrono::steady_clock::time_point m_lastPrint;
    EventId m_event;
};

} // namespace ns3

#endif // ASET_PROGRESS_REPORTER_H
