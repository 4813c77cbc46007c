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

bool
AsetShield::IsSafe(const QueryContext& query, const Candidate& candidate) const
{
    return SchedulingPolicy::GetMeasuredExpectedSlack(query, candidate) >= query.deadline * m_margin;
}

std::size_t
AsetShield::Check(const QueryContext& query,
                  const std::vector<Candidate>& feasible,
                  std::size_t choice,
                  const std::vector<float>* preference) const
{
    if (IsSafe(query, feasible[choice]))
    {
        return choice;
    }
    // Not the one instance with the most slack: schedulers that all moved
    // their queries there by the same beacons would pile them up. A learner
    // that has seen such piles ranks the safe instances better; else the
    // nearest one, which differs from one scheduler to the next.
    const auto better = [&](std::size_t a, std::size_t b) {
        if (preference && (*preference)[a] != (*preference)[b])
        {
            return (*preference)[a] > (*preference)[b];
        }
        return std::tie(feasible[a].rtt, feasible[a].serviceTime) <
               std::tie(feasible[b].rtt, feasible[b].serviceTime); // as closest ranks
    };
    std::optional<std::size_t> nearestSafe;
    for (std::size_t i = 0; i < feasible.size(); ++i)
    {
        if ((!nearestSafe || better(i, *nearestSafe)) && IsSafe(query, feasible[i]))
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
