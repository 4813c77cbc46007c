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

AsetProgressLine::AsetProgressLine()
    : m_enabled(isatty(STDERR_FILENO) == 1)
{
}

AsetProgressLine::~AsetProgressLine()
{
    Clear();
}

bool
AsetProgressLine::IsEnabled() const
{
    return m_enabled;
}

void
AsetProgressLine::Show(const std::string& text)
{
    if (m_enabled)
    {
        std::fprintf(stderr, "\r\033[K%s", text.c_str());
        std::fflush(stderr);
        m_shown = true;
    }
}

void
AsetProgressLine::Clear()
{
    if (m_shown)
    {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        m_shown = false;
    }
}

std::string
AsetProgressLine::WallAndEta(double wallSeconds, double fraction)
{
    char text[64];
    if (fraction > 0)
    {
        std::snprintf(text,
                      sizeof(text),
                      "wall %.1f s | ETA %.0f s",
                      wallSeconds,
                      wallSeconds * (1 - fraction) / fraction);
    }
    else
    {
        std::snprintf(text, sizeof(text), "wall %.1f s | ETA -", wallSeconds);
    }
    return text;
}

AsetProgressReporter::AsetProgressReporter(std::string label,
                                           Time end,
                                           std::function<uint64_t()> done)
    : m_label(std::move(label)),
      m_end(end),
      m_done(std::move(done))
{
}

AsetProgressReporter::~AsetProgressReporter() = default;

void
AsetProgressReporter::Start()
{
    m_wallStart = m_lastPrint = std::chrono::steady_clock::now();
    if (m_line.IsEnabled())
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
        char text[160];
        std::snprintf(text,
                      sizeof(text),
                      "%s: simulated %.1f/%.1f s | %llu queries done | ",
                      m_label.c_str(),
                      simNow,
                      m_end.GetSeconds(),
                      static_cast<unsigned long long>(m_done()));
        m_line.Show(text + AsetProgressLine::WallAndEta(wall, simNow / m_end.GetSeconds()));
    }
    if (Simulator::Now() + kCheckInterval < m_end)
    {
        m_event = Simulator::Schedule(kCheckInterval, &AsetProgressReporter::Check, this);
    }
}

} // namespace ns3
