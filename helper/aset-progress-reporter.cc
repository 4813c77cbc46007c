// SPDX-License-Identifier: GPL-2.0-only
#include "aset-progress-reporter.h"

#include "ns3/simulator.h"

#include <cstdio>
#include <unistd.h>

namespace ns3
{

namespace
{
const Time kCheckInterval = MilliSeconds(100);
}

AsetProgressReporter::AsetProgressReporter(std::string label, Time end, std::function<uint64_t()> done)
    : m_label(std::move(label)),
      m_end(end),
      m_done(std::move(done)),
      m_enabled(isatty(STDERR_FILENO) == 1)
{
}

AsetProgressReporter::~AsetProgressReporter()
{
    if (m_printed)
    {
        std::fprintf(stderr, "\r\033[K"); // clear the line for the results that follow
    }
}

void
AsetProgressReporter::Start()
{
    m_wallStart = m_lastPrint = std::chrono::steady_clock::now();
    if (m_enabled)
    {
        m_event = Simulator::Schedule(kCheckInterval, &AsetProgressReporter::Check, this);
    }
}

void
AsetProgressReporter::Check()
{
    const auto now = std::chrono::steady_clock::now();
    if (now - m_lastPrint >= std::chrono::seconds(1))
    {
        m_lastPrint = now;
        const double wall = std::chrono::duration<double>(now - m_wallStart).count();
        const double simNow = Simulator::Now().GetSeconds();
        const double fraction = simNow / m_end.GetSeconds();
        const double eta = fraction > 0 ? wall * (1 - fraction) / fraction : 0;
        std::fprintf(stderr,
                     "\r\033[K%s: simulated %.1f/%.1f s | %llu queries done | wall %.1f s | ETA %.0f s",
                     m_label.c_str(),
                     simNow,
                     m_end.GetSeconds(),
                     static_cast<unsigned long long>(m_done()),
                     wall,
                     eta);
        std::fflush(stderr);
        m_printed = true;
    }
    if (Simulator::Now() + kCheckInterval < m_end)
    {
        m_event = Simulator::Schedule(kCheckInterval, &AsetProgressReporter::Check, this);
    }
}

} // namespace ns3
