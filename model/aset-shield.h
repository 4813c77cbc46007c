// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_SHIELD_H
#define ASET_SHIELD_H

#include "scheduling-policy.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief A shield for a scheduling choice, in the sense of safe
 * reinforcement learning (Alshiekh et al., "Safe Reinforcement Learning via
 * Shielding", AAAI 2018): a fixed rule that overrides the placements it can
 * tell are expected late.
 *
 * A placement that leaves the query less than Margin of its deadline as
 * expected slack goes instead to an instance that leaves it at least that
 * much: the one a given preference ranks highest (a learner's Q-values), else
 * the nearest; failing one, to the instance with the most expected slack,
 * provided that one is expected in time; when none is, the choice stands.
 * Slack is judged at the service times the scheduler measured
 * (SchedulingPolicy::GetMeasuredExpectedSlack): hardware slower than its
 * catalogue entry must not look like a safe refuge.
 */
class AsetShield
{
  public:
    explicit AsetShield(double margin = 0.2);

    double GetMargin() const;
    /// \p margin: a fraction of the query's deadline, in [0, 1].
    void SetMargin(double margin);

    /// Whether placing \p query on \p candidate leaves it at least Margin of its deadline as slack.
    bool IsSafe(const QueryContext& query, const Candidate& candidate) const;
    /**
     * \p choice among \p feasible, or the instance the shield moves the query
     * to. With \p preference (one value per instance of \p feasible), the
     * safe instance it ranks highest, ties going to the nearer.
     */
    std::size_t Check(const QueryContext& query,
                      const std::vector<Candidate>& feasible,
                      std::size_t choice,
                      const std::vector<float>* preference = nullptr) const;

    /// The first of \p feasible (never empty) with the most measured expected slack.
    static std::size_t Earliest(const QueryContext& query, const std::vector<Candidate>& feasible);

  private:
    double m_margin;
};

} // namespace ns3

#endif // ASET_SHIELD_H
