// SPDX-License-Identifier: GPL-2.0-only
#include "aset-mlp.h"

#include "ns3/abort.h"

#include <algorithm>

namespace ns3
{

AsetMlp::AsetMlp(std::vector<Layer> layers)
    : m_layers(std::move(layers))
{
    NS_ABORT_MSG_IF(m_layers.empty(), "an MLP needs at least one layer");
    uint32_t widest = 0;
    for (std::size_t i = 0; i < m_layers.size(); ++i)
    {
        const Layer& l = m_layers[i];
        NS_ABORT_MSG_IF(l.weights.size() != std::size_t(l.inputs) * l.outputs ||
                            l.biases.size() != l.outputs,
                        "layer " << i << " has weights or biases of the wrong size");
        NS_ABORT_MSG_IF(i > 0 && l.inputs != m_layers[i - 1].outputs,
                        "layer " << i << " does not fit the layer before it");
        widest = std::max(widest, l.outputs);
        std::vector<float> transposed(l.weights.size());
        for (uint32_t o = 0; o < l.outputs; ++o)
        {
            for (uint32_t k = 0; k < l.inputs; ++k)
            {
                transposed[std::size_t(k) * l.outputs + o] = l.weights[std::size_t(o) * l.inputs + k];
            }
        }
        m_inputMajor.push_back(std::move(transposed));
    }
    m_hidden[0].resize(widest);
    m_hidden[1].resize(widest);
    m_output.resize(m_layers.back().outputs);
}

uint32_t
AsetMlp::GetInputSize() const
{
    return m_layers.empty() ? 0 : m_layers.front().inputs;
}

uint32_t
AsetMlp::GetOutputSize() const
{
    return m_layers.empty() ? 0 : m_layers.back().outputs;
}

const std::vector<AsetMlp::Layer>&
AsetMlp::GetLayers() const
{
    return m_layers;
}

const std::vector<float>&
AsetMlp::Evaluate(const float* input) const
{
    const float* in = input;
    for (std::size_t i = 0; i < m_layers.size(); ++i)
    {
        const Layer& l = m_layers[i];
        const bool hidden = i + 1 < m_layers.size();
        float* out = (hidden ? m_hidden[i % 2] : m_output).data();
        std::copy(l.biases.begin(), l.biases.end(), out);
        const float* weights = m_inputMajor[i].data();
        for (uint32_t k = 0; k < l.inputs; ++k)
        {
            const float x = in[k];
            if (x == 0.0f)
            {
                continue;
            }
            const float* column = weights + std::size_t(k) * l.outputs;
            for (uint32_t o = 0; o < l.outputs; ++o)
            {
                out[o] += column[o] * x;
            }
        }
        if (hidden)
        {
            for (uint32_t o = 0; o < l.outputs; ++o)
            {
                out[o] = std::max(out[o], 0.0f); // ReLU between layers, linear output
            }
        }
        in = out;
    }
    return m_output;
}

uint32_t
AsetMlp::ArgMax(const float* input, const std::vector<bool>& allowed) const
{
    return PickAction(Evaluate(input), allowed);
}

uint32_t
AsetMlp::Pick(const float* input,
              const std::vector<bool>& allowed,
              float margin,
              const std::vector<uint32_t>& cost) const
{
    return PickAction(Evaluate(input), allowed, margin, cost);
}

uint32_t
AsetMlp::PickAction(const std::vector<float>& q,
                    const std::vector<bool>& allowed,
                    float margin,
                    const std::vector<uint32_t>& cost)
{
    const auto count = static_cast<uint32_t>(q.size());
    const auto isAllowed = [&allowed](uint32_t a) { return allowed.empty() || allowed[a]; };
    uint32_t best = count;
    for (uint32_t a = 0; a < count; ++a)
    {
        if (isAllowed(a) && (best == count || q[a] > q[best]))
        {
            best = a;
        }
    }
    if (best == count || !(margin > 0.0f) || cost.empty())
    {
        return best;
    }
    const float floor = q[best] - margin;
    uint32_t pick = best;
    for (uint32_t a = 0; a < count; ++a)
    {
        if (!isAllowed(a) || q[a] < floor)
        {
            continue;
        }
        if (cost[a] < cost[pick] || (cost[a] == cost[pick] && q[a] > q[pick]))
        {
            pick = a;
        }
    }
    return pick;
}

} // namespace ns3
