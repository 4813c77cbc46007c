// SPDX-License-Identifier: GPL-2.0-only
#include "aset-mlp.h"

#include "ns3/abort.h"

#include <algorithm>
#include <cstring>

namespace ns3
{

namespace
{
// The fast path's loops, compiled also for AVX with FMA and picked at run time
// where the processor has them: about twice as fast, on the same results up to
// the rounding of fused multiply-adds.
// GCC only: clang 14 refuses clones of a member function declared earlier.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define ASET_VECTORISED __attribute__((target_clones("fma", "default")))
#endif
#endif
#ifndef ASET_VECTORISED
#define ASET_VECTORISED
#endif
// Inlined into the vectorised clones, so that they run in them.
#if defined(__GNUC__)
#define ASET_INLINE [[gnu::always_inline]] inline
#else
#define ASET_INLINE inline
#endif

/// Outputs computed together, in one vector register (AVX's 8 floats).
constexpr uint32_t kBlock = 8;

#if defined(__GNUC__)
/// kBlock floats as one vector (GCC and Clang vector extensions).
typedef float Block __attribute__((vector_size(kBlock * sizeof(float))));

ASET_INLINE void
Load(Block& b, const float* p)
{
    std::memcpy(&b, p, sizeof b); // one unaligned vector load
}

ASET_INLINE void
Store(float* p, const Block& b)
{
    std::memcpy(p, &b, sizeof b);
}

/// sum[j] += x * w[j-th block], for a chunk of N blocks.
template <uint32_t N>
ASET_INLINE void
AddChunk(Block* sum, const float* w, float x)
{
    for (uint32_t j = 0; j < N; ++j)
    {
        Block b;
        Load(b, w + j * kBlock);
        sum[j] += b * x;
    }
}

/**
 * The N blocks of outputs from \p out on: out = init + W in, W input-major
 * from \p w (rows of \p stride floats). The blocks stay in registers across all
 * inputs, so each weight is loaded once and each output stored once. Dense:
 * even and odd inputs add into separate sums, so that twice as many chains of
 * multiply-adds proceed side by side instead of each waiting for the one
 * before. With \p skipZeros, zero inputs are skipped instead: worth it for
 * feature rows (one-hot features, zeros in the same places from row to row),
 * not for ReLU's zeros, whose unpredictable branches cost more than the
 * multiplications they save.
 */
template <uint32_t N, bool skipZeros>
ASET_INLINE void
AddChunkProduct(float* out, const float* init, const float* w, std::size_t stride, const float* in, uint32_t inputs)
{
    Block even[N];
    Block odd[N] = {};
    for (uint32_t j = 0; j < N; ++j)
    {
        Load(even[j], init + j * kBlock);
    }
    uint32_t k = 0;
    if (skipZeros)
    {
        for (; k < inputs; ++k)
        {
            if (in[k] != 0.0f)
            {
                AddChunk<N>(even, w + k * stride, in[k]);
            }
        }
    }
    for (; k + 1 < inputs; k += 2)
    {
        AddChunk<N>(even, w + k * stride, in[k]);
        AddChunk<N>(odd, w + (k + 1) * stride, in[k + 1]);
    }
    if (k < inputs)
    {
        AddChunk<N>(even, w + k * stride, in[k]);
    }
    for (uint32_t j = 0; j < N; ++j)
    {
        Store(out + j * kBlock, even[j] + odd[j]);
    }
}
#endif

/**
 * out = init + W in, with W input-major (\p inputs columns of \p outputs), by
 * chunks of up to four blocks; \p init may be \p out.
 */
template <bool skipZeros>
ASET_INLINE void
AddProduct(float* out, const float* init, const float* weights, const float* in, uint32_t inputs, uint32_t outputs)
{
    uint32_t o = 0;
#if defined(__GNUC__)
    for (; o + 4 * kBlock <= outputs; o += 4 * kBlock)
    {
        AddChunkProduct<4, skipZeros>(out + o, init + o, weights + o, outputs, in, inputs);
    }
    switch ((outputs - o) / kBlock)
    {
    case 3:
        AddChunkProduct<3, skipZeros>(out + o, init + o, weights + o, outputs, in, inputs);
        break;
    case 2:
        AddChunkProduct<2, skipZeros>(out + o, init + o, weights + o, outputs, in, inputs);
        break;
    case 1:
        AddChunkProduct<1, skipZeros>(out + o, init + o, weights + o, outputs, in, inputs);
        break;
    default:
        break;
    }
    o += (outputs - o) / kBlock * kBlock;
#endif
    for (; o < outputs; ++o) // widths that are not a multiple of the block
    {
        float sum = init[o];
        for (uint32_t k = 0; k < inputs; ++k)
        {
            sum += weights[std::size_t(k) * outputs + o] * in[k];
        }
        out[o] = sum;
    }
}

/// The single output: the bias plus the last layer's weights times ReLU of \p in.
ASET_INLINE float
ReluDot(const float* weights, float bias, const float* in, uint32_t inputs)
{
    float q = bias;
    uint32_t k = 0;
#if defined(__GNUC__)
    Block sum = {};
    const Block zero = {};
    for (; k + kBlock <= inputs; k += kBlock)
    {
        Block h;
        Block w;
        Load(h, in + k);
        Load(w, weights + k);
        sum += (h > zero ? h : zero) * w;
    }
    for (uint32_t j = 0; j < kBlock; ++j)
    {
        q += sum[j];
    }
#endif
    for (; k < inputs; ++k)
    {
        q += std::max(in[k], 0.0f) * weights[k];
    }
    return q;
}

ASET_INLINE void
Relu(float* values, uint32_t n)
{
    for (uint32_t o = 0; o < n; ++o)
    {
        values[o] = std::max(values[o], 0.0f);
    }
}
} // namespace

AsetMlp::AsetMlp(uint32_t contextSize, std::vector<Layer> layers)
    : m_contextSize(contextSize),
      m_layers(std::move(layers))
{
    NS_ABORT_MSG_IF(m_layers.empty(), "a Q-network needs at least one layer");
    NS_ABORT_MSG_IF(m_layers.front().inputs <= contextSize, "the first layer takes no action features");
    NS_ABORT_MSG_IF(m_layers.back().outputs != 1, "a Q-network scores an action with one output");
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
    m_context.resize(m_layers.front().outputs);
    m_hidden[0].resize(widest);
    m_hidden[1].resize(widest);
}

uint32_t
AsetMlp::GetContextSize() const
{
    return m_contextSize;
}

uint32_t
AsetMlp::GetActionSize() const
{
    return m_layers.empty() ? 0 : m_layers.front().inputs - m_contextSize;
}

const std::vector<AsetMlp::Layer>&
AsetMlp::GetLayers() const
{
    return m_layers;
}

const std::vector<float>&
AsetMlp::Score(const AsetObservation& observation) const
{
    NS_ABORT_MSG_IF(observation.context.size() != m_contextSize || observation.actionWidth != GetActionSize(),
                    "an observation of " << observation.context.size() << " context and "
                                         << observation.actionWidth << " action features, the network takes "
                                         << m_contextSize << " and " << GetActionSize());
    m_q.resize(observation.GetActionCount());
    ScoreRows(observation);
    return m_q;
}

ASET_VECTORISED void
AsetMlp::ScoreRows(const AsetObservation& observation) const
{
    const Layer& first = m_layers.front();
    const Layer& last = m_layers.back();
    AddProduct<true>(m_context.data(),
                     first.biases.data(),
                     m_inputMajor[0].data(),
                     observation.context.data(),
                     m_contextSize,
                     first.outputs);
    const float* actionWeights = m_inputMajor[0].data() + std::size_t(m_contextSize) * first.outputs;
    for (uint32_t a = 0; a < m_q.size(); ++a)
    {
        float* in = m_hidden[0].data();
        AddProduct<true>(in, m_context.data(), actionWeights, observation.GetAction(a), observation.actionWidth, first.outputs);
        for (std::size_t i = 1; i + 1 < m_layers.size(); ++i)
        {
            const Layer& l = m_layers[i];
            Relu(in, l.inputs);
            float* out = m_hidden[i % 2].data();
            AddProduct<false>(out, l.biases.data(), m_inputMajor[i].data(), in, l.inputs, l.outputs);
            in = out;
        }
        m_q[a] = ReluDot(last.weights.data(), last.biases.front(), in, last.inputs);
    }
}

uint32_t
AsetMlp::Pick(const AsetObservation& observation, float margin, const std::vector<uint32_t>& cost) const
{
    return PickAction(Score(observation), margin, cost);
}

uint32_t
AsetMlp::PickAction(const std::vector<float>& q, float margin, const std::vector<uint32_t>& cost)
{
    const auto count = static_cast<uint32_t>(q.size());
    if (count == 0)
    {
        return 0;
    }
    uint32_t best = 0;
    for (uint32_t a = 1; a < count; ++a)
    {
        best = q[a] > q[best] ? a : best;
    }
    if (!(margin > 0.0f) || cost.empty())
    {
        return best;
    }
    const float floor = q[best] - margin;
    uint32_t pick = best;
    for (uint32_t a = 0; a < count; ++a)
    {
        if (q[a] >= floor && (cost[a] < cost[pick] || (cost[a] == cost[pick] && q[a] > q[pick])))
        {
            pick = a;
        }
    }
    return pick;
}

} // namespace ns3
