// SPDX-License-Identifier: GPL-2.0-only
#include "aset-shield.h"

#include "ns3/abort.h"

#include <optional>
#include <tuple>

namespace ns3
{

AsetShield::AsetShield(double margin)
{
    SetMargin(margin);
}

double
AsetShield::GetMargin() const
{
    return m_margin;
}

void
AsetShield::SetMargin(double margin)
{
    NS_ABORT_MSG_IF(!(margin >= 0 && margin <= 1), "a shield margin is a fraction of the deadline");
    m_margin = margin;
}

std::size_t
AsetShield::Earliest(const QueryContext& query, const std::vector<Candidate>& feasible)
{
    std::size_t best = 0;
    Time bestSlack = SchedulingPolicy::GetMeasuredExpectedSlack(query, feasible.front());
    for (std::size_t i = 1; i < feasible.size(); ++i)
    {
        const Time slack = SchedulingPolicy::GetMeasuredExpectedSlack(query, feasible[i]);
        if (slack > bestSlack)
        {
            best = i;
            bestSlack = slack;
        }
    }
    return best;
}

std::size_t
AsetShield::Check(const QueryContext& query, const std::vector<Candidate>& feasible, std::size_t choice) const
{
    const Time enough = query.deadline * m_margin;
    if (SchedulingPolicy::GetMeasuredExpectedSlack(query, feasible[choice]) >= enough)
    {
        return choice;
    }
    // The nearest instance with enough slack: schedulers that each move their
    // queries nearby spread them, where all moving them to the one instance
    // with the most slack by the same beacons would pile them up there.
    std::optional<std::size_t> nearestSafe;
    for (std::size_t i = 0; i < feasible.size(); ++i)
    {
        const auto nearer = [&](const Candidate& a, const Candidate& b) {
            return std::tie(a.rtt, a.serviceTime) < std::tie(b.rtt, b.serviceTime); // as closest ranks
        };
        if ((!nearestSafe || nearer(feasible[i], feasible[*nearestSafe])) &&
            SchedulingPolicy::GetMeasuredExpectedSlack(query, feasible[i]) >= enough)
        {
            nearestSafe = i;
        }
    }
    if (nearestSafe)
    {
        return *nearestSafe;
    }
    const std::size_t earliest = Earliest(query, feasible);
    return SchedulingPolicy::GetMeasuredExpectedSlack(query, feasible[earliest]).IsNegative() ? choice
                                                                                               : earliest;
}

} // namespace ns3
