// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_MLP_H
#define ASET_MLP_H

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief A fully connected network with ReLU between layers, evaluated with
 * plain loops: the fast path for greedy decisions.
 *
 * A libtorch forward pass of a small network costs about 9 us per call here
 * (aset-decision-benchmark), nearly all of it per-call overhead; a scheduler decides every few ms of
 * simulated time, often thousands of times per wall second. The agent trains
 * with libtorch and copies its weights here after each update, so acting
 * costs a few thousand multiply-adds and no allocation.
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
    explicit AsetMlp(std::vector<Layer> layers);

    uint32_t GetInputSize() const;
    uint32_t GetOutputSize() const;
    const std::vector<Layer>& GetLayers() const;

    /// Evaluates the network on \p input (GetInputSize() values); returns the outputs.
    const std::vector<float>& Evaluate(const float* input) const;

    /**
     * The index of the largest output among those \p allowed (all if
     * \p allowed is empty); the lowest index wins ties. Returns
     * GetOutputSize() when nothing is allowed.
     */
    uint32_t ArgMax(const float* input, const std::vector<bool>& allowed = {}) const;

    /**
     * Evaluates the network on \p input and picks an action with
     * PickAction(): the cheapest near-best one.
     */
    uint32_t Pick(const float* input,
                  const std::vector<bool>& allowed,
                  float margin,
                  const std::vector<uint32_t>& cost) const;

    /**
     * Picks an action from the values \p q: among the actions \p allowed
     * (all if empty), the best is the largest value, the lowest index winning
     * ties. With a positive \p margin and a \p cost per action (lower is
     * cheaper), every allowed action within \p margin of the best competes
     * instead, and the one of lowest cost wins (then the larger value, then
     * the lower index). Returns q.size() when nothing is allowed.
     *
     * The fast path and any other evaluation of the same network (libtorch)
     * choose alike when given the same values.
     */
    static uint32_t PickAction(const std::vector<float>& q,
                               const std::vector<bool>& allowed,
                               float margin = 0.0f,
                               const std::vector<uint32_t>& cost = {});

  private:
    std::vector<Layer> m_layers;
    /// Each layer's weights input-major, so the inner loop runs over outputs
    /// (independent sums the compiler vectorises) and skips zero inputs
    /// (one-hot features, ReLU's zeros).
    std::vector<std::vector<float>> m_inputMajor;
    mutable std::vector<float> m_hidden[2]; //!< hidden activations, reused between calls
    mutable std::vector<float> m_output;
};

} // namespace ns3

#endif // ASET_MLP_H
