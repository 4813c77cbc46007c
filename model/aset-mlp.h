// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_MLP_H
#define ASET_MLP_H

#include "aset-observation.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief ASET's Q-network evaluated with plain loops: the fast path for
 * greedy decisions. It scores each action row of an AsetObservation with
 * the same weights, Q(context, action), one value per row.
 *
 * Fully connected, ReLU between layers, one linear output. The first layer
 * takes the context and an action row side by side; its context half is
 * evaluated once per decision and only the action half once per action, so
 * a decision among a hundred instances costs little more than the action
 * rows themselves.
 *
 * A libtorch forward pass costs about 10 us per call here
 * (aset-decision-benchmark), nearly all of it per-call overhead; a scheduler
 * decides for every query, thousands of times per wall second. The agent
 * trains with libtorch and copies its weights here after each update, so
 * acting costs a few thousand multiply-adds per action and no allocation.
 */
class AsetMlp
{
  public:
    /// One layer: out = W in + b, W row-major (outputs x inputs).
    struct Layer
    {
        uint32_t inputs{0};
        uint32_t outputs{0};
        std::vector<float> weights;
        std::vector<float> biases;
    };

    AsetMlp() = default;
    /**
     * \p layers end in a single output; the first takes \p contextSize
     * context features, then the action features (its first \p contextSize
     * weight columns are the context's).
     */
    AsetMlp(uint32_t contextSize, std::vector<Layer> layers);

    uint32_t GetContextSize() const;
    uint32_t GetActionSize() const;
    const std::vector<Layer>& GetLayers() const;

    /// Q-values of every action of \p observation, in row order (valid until the next call).
    const std::vector<float>& Score(const AsetObservation& observation) const;

    /**
     * Scores \p observation and picks an action with PickAction(): the
     * cheapest near-best one.
     */
    uint32_t Pick(const AsetObservation& observation, float margin, const std::vector<uint32_t>& cost) const;

    /**
     * Picks an action from the values \p q: the largest, the lowest index
     * winning ties. With a positive \p margin and a \p cost per action (lower
     * is cheaper), every action within \p margin of the best competes
     * instead, and the one of lowest cost wins (then the larger value, then
     * the lower index). Returns q.size() when \p q is empty.
     *
     * The fast path and any other evaluation of the same network (libtorch)
     * choose alike when given the same values.
     */
    static uint32_t PickAction(const std::vector<float>& q, float margin = 0.0f, const std::vector<uint32_t>& cost = {});

  private:
    /// Score()'s loops, into m_q (sized to the observation's actions).
    void ScoreRows(const AsetObservation& observation) const;

    uint32_t m_contextSize{0};
    std::vector<Layer> m_layers;
    /// Each layer's weights input-major, so the inner loop runs over outputs
    /// (independent sums the compiler vectorises) and skips zero inputs
    /// (one-hot features, ReLU's zeros).
    std::vector<std::vector<float>> m_inputMajor;
    mutable std::vector<float> m_context; //!< the first layer's context half, per decision
    mutable std::vector<float> m_hidden[2]; //!< hidden activations, reused between calls
    mutable std::vector<float> m_q;
};

} // namespace ns3

#endif // ASET_MLP_H
