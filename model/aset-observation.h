// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_OBSERVATION_H
#define ASET_OBSERVATION_H

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief What an ASET agent sees at one decision: a context (the query, the
 * scheduler's workload and the pool as a whole) and one row of features per
 * action it may take.
 *
 * The agent scores every row with the same weights, so the number of actions
 * may change from one decision to the next: one row per feasible instance,
 * however large the pool, or one per static policy that would place the query.
 */
struct AsetObservation
{
    std::vector<float> context;
    std::vector<float> actions; //!< GetActionCount() rows of actionWidth features, row-major
    uint32_t actionWidth{0};

    uint32_t GetActionCount() const
    {
        return actionWidth == 0 ? 0 : static_cast<uint32_t>(actions.size() / actionWidth);
    }

    /// The features of action \p k.
    const float* GetAction(uint32_t k) const
    {
        return actions.data() + std::size_t(k) * actionWidth;
    }
};

} // namespace ns3

#endif // ASET_OBSERVATION_H
