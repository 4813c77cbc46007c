// SPDX-License-Identifier: GPL-2.0-only
#include "aset-dqn-agent.h"

#include "aset-input-error.h"

#include "ns3/abort.h"

#include <boost/circular_buffer.hpp>

#include <torch/torch.h>

#include <algorithm>
#include <random>

namespace ns3
{

namespace
{
/// Builds the Q-network: Linear and ReLU layers, a linear output per action.
torch::nn::Sequential
MakeNetwork(const AsetDqnConfig& c)
{
    torch::nn::Sequential net;
    uint32_t inputs = c.stateSize;
    for (const uint32_t width : c.hiddenLayers)
    {
        net->push_back(torch::nn::Linear(inputs, width));
        net->push_back(torch::nn::ReLU());
        inputs = width;
    }
    net->push_back(torch::nn::Linear(inputs, c.actionCount));
    return net;
}

/// The Linear layers' weights, copied out of libtorch for the fast path.
AsetMlp
ToFastNetwork(const torch::nn::Sequential& net)
{
    std::vector<AsetMlp::Layer> layers;
    for (const auto& module : net->children())
    {
        const auto linear = std::dynamic_pointer_cast<torch::nn::LinearImpl>(module);
        if (!linear)
        {
            continue;
        }
        AsetMlp::Layer layer;
        const torch::Tensor w = linear->weight.detach().contiguous();
        const torch::Tensor b = linear->bias.detach().contiguous();
        layer.outputs = static_cast<uint32_t>(w.size(0));
        layer.inputs = static_cast<uint32_t>(w.size(1));
        layer.weights.assign(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
        layer.biases.assign(b.data_ptr<float>(), b.data_ptr<float>() + b.numel());
        layers.push_back(std::move(layer));
    }
    return AsetMlp(std::move(layers));
}

/// libtorch keys Adam's state by tensor address: file it by parameter index instead, so
/// that the same training writes the same bytes.
std::string
AdamKey(const torch::Tensor& parameter)
{
    return c10::guts::to_string(parameter.unsafeGetTensorImpl());
}

void
SaveAdam(const torch::optim::Adam& optimizer,
         const std::vector<torch::Tensor>& parameters,
         torch::serialize::OutputArchive& archive)
{
    const auto& state = optimizer.state();
    for (std::size_t i = 0; i < parameters.size(); ++i)
    {
        const auto it = state.find(AdamKey(parameters[i]));
        if (it == state.end())
        {
            continue; // no step taken yet
        }
        const auto& s = static_cast<const torch::optim::AdamParamState&>(*it->second);
        const std::string prefix = "adam_" + std::to_string(i) + "_";
        archive.write(prefix + "step", torch::tensor(std::vector<int64_t>{s.step()}));
        archive.write(prefix + "exp_avg", s.exp_avg());
        archive.write(prefix + "exp_avg_sq", s.exp_avg_sq());
    }
}

void
LoadAdam(torch::optim::Adam& optimizer,
         const std::vector<torch::Tensor>& parameters,
         torch::serialize::InputArchive& archive)
{
    auto& state = optimizer.state();
    state.clear();
    for (std::size_t i = 0; i < parameters.size(); ++i)
    {
        const std::string prefix = "adam_" + std::to_string(i) + "_";
        torch::Tensor step;
        if (!archive.try_read(prefix + "step", step))
        {
            continue;
        }
        auto s = std::make_unique<torch::optim::AdamParamState>();
        s->step(step[0].item<int64_t>());
        torch::Tensor average;
        torch::Tensor averageSquare;
        archive.read(prefix + "exp_avg", average);
        archive.read(prefix + "exp_avg_sq", averageSquare);
        s->exp_avg(average);
        s->exp_avg_sq(averageSquare);
        state[AdamKey(parameters[i])] = std::move(s);
    }
}

/// -inf where an action is not allowed, so that max and argmax skip it.
torch::Tensor
MaskValues(const torch::Tensor& q, const torch::Tensor& allowed)
{
    return q.masked_fill(allowed.logical_not(), -std::numeric_limits<float>::infinity());
}
} // namespace

struct AsetDqnAgent::Impl
{
    explicit Impl(const AsetDqnConfig& c)
        : config(c),
          replay(c.replayCapacity),
          rng(c.seed)
    {
        NS_ABORT_MSG_IF(c.stateSize == 0 || c.actionCount == 0, "a DQN needs states and actions");
        torch::set_num_threads(1);
        torch::manual_seed(c.seed);
        online = MakeNetwork(c);
        target = MakeNetwork(c);
        optimizer = std::make_unique<torch::optim::Adam>(
            online->parameters(),
            torch::optim::AdamOptions(c.learningRate));
        CopyOnlineToTarget();
        fast = ToFastNetwork(online);
    }

    void CopyOnlineToTarget()
    {
        torch::NoGradGuard noGrad;
        const auto from = online->parameters();
        auto to = target->parameters();
        for (std::size_t i = 0; i < from.size(); ++i)
        {
            to[i].copy_(from[i]);
        }
    }

    torch::Tensor StateTensor(const std::vector<float>& state) const
    {
        NS_ABORT_MSG_IF(state.size() != config.stateSize,
                        "state of " << state.size() << " values, the agent takes "
                                    << config.stateSize);
        return torch::from_blob(const_cast<float*>(state.data()),
                                {1, static_cast<int64_t>(state.size())},
                                torch::kFloat32)
            .clone();
    }

    AsetDqnConfig config;
    torch::nn::Sequential online{nullptr};
    torch::nn::Sequential target{nullptr};
    std::unique_ptr<torch::optim::Adam> optimizer;
    AsetMlp fast;
    boost::circular_buffer<AsetTransition> replay;
    std::mt19937_64 rng;
    uint64_t actSteps{0};
    uint64_t learnSteps{0};
};

AsetDqnAgent::AsetDqnAgent(const AsetDqnConfig& config)
    : m_impl(std::make_unique<Impl>(config))
{
}

AsetDqnAgent::~AsetDqnAgent() = default;

const AsetDqnConfig&
AsetDqnAgent::GetConfig() const
{
    return m_impl->config;
}

double
AsetDqnAgent::GetEpsilon() const
{
    const AsetDqnConfig& c = m_impl->config;
    const double progress =
        std::min(1.0, double(m_impl->actSteps) / std::max<uint32_t>(1, c.epsilonDecaySteps));
    return c.epsilonStart + (c.epsilonEnd - c.epsilonStart) * progress;
}

double
AsetDqnAgent::GetLearningRate() const
{
    return static_cast<const torch::optim::AdamOptions&>(
               m_impl->optimizer->param_groups().front().options())
        .lr();
}

void
AsetDqnAgent::SetLearningRate(double rate)
{
    NS_ABORT_MSG_IF(!(rate > 0), "a learning rate must be positive");
    for (auto& group : m_impl->optimizer->param_groups())
    {
        static_cast<torch::optim::AdamOptions&>(group.options()).lr(rate);
    }
}

uint32_t
AsetDqnAgent::Act(const std::vector<float>& state, const std::vector<bool>& allowed, bool explore)
{
    NS_ABORT_MSG_IF(state.size() != m_impl->config.stateSize, "state of the wrong size");
    if (explore)
    {
        const double epsilon = GetEpsilon();
        ++m_impl->actSteps;
        if (std::uniform_real_distribution<double>(0, 1)(m_impl->rng) < epsilon)
        {
            std::vector<uint32_t> choices;
            for (uint32_t a = 0; a < m_impl->config.actionCount; ++a)
            {
                if (allowed.empty() || allowed[a])
                {
                    choices.push_back(a);
                }
            }
            NS_ABORT_MSG_IF(choices.empty(), "no action is allowed");
            return choices[std::uniform_int_distribution<std::size_t>(0, choices.size() - 1)(
                m_impl->rng)];
        }
    }
    return Greedy(state.data(), allowed);
}

uint32_t
AsetDqnAgent::Greedy(const float* state,
                     const std::vector<bool>& allowed,
                     float tieMargin,
                     const std::vector<uint32_t>& cost) const
{
    const uint32_t action = m_impl->fast.Pick(state, allowed, tieMargin, cost);
    NS_ABORT_MSG_IF(action >= m_impl->config.actionCount, "no action is allowed");
    return action;
}

void
AsetDqnAgent::Remember(AsetTransition transition)
{
    const AsetDqnConfig& c = m_impl->config;
    NS_ABORT_MSG_IF(transition.state.size() != c.stateSize || transition.action >= c.actionCount,
                    "transition does not fit the agent");
    if (transition.next.size() != c.stateSize)
    {
        NS_ABORT_MSG_UNLESS(transition.terminal, "a non-terminal transition needs its next state");
        transition.next.assign(c.stateSize, 0.0f);
    }
    m_impl->replay.push_back(std::move(transition));
}

double
AsetDqnAgent::Learn()
{
    Impl& m = *m_impl;
    const AsetDqnConfig& c = m.config;
    if (m.replay.size() < std::max<std::size_t>(c.batchSize, c.warmupTransitions))
    {
        return -1;
    }
    const auto batch = static_cast<int64_t>(c.batchSize);
    const auto stateSize = static_cast<int64_t>(c.stateSize);
    const auto actions = static_cast<int64_t>(c.actionCount);
    torch::Tensor states = torch::empty({batch, stateSize});
    torch::Tensor nexts = torch::empty({batch, stateSize});
    torch::Tensor chosen = torch::empty({batch}, torch::kInt64);
    torch::Tensor rewards = torch::empty({batch});
    torch::Tensor live = torch::empty({batch});
    torch::Tensor nextAllowed = torch::ones({batch, actions}, torch::kBool);
    std::uniform_int_distribution<std::size_t> pick(0, m.replay.size() - 1);
    for (int64_t i = 0; i < batch; ++i)
    {
        const AsetTransition& t = m.replay[pick(m.rng)];
        std::copy(t.state.begin(), t.state.end(), states[i].data_ptr<float>());
        std::copy(t.next.begin(), t.next.end(), nexts[i].data_ptr<float>());
        chosen[i] = static_cast<int64_t>(t.action);
        rewards[i] = t.reward;
        live[i] = t.terminal ? 0.0f : 1.0f;
        for (std::size_t a = 0; a < t.nextAllowed.size(); ++a)
        {
            nextAllowed[i][a] = bool(t.nextAllowed[a]);
        }
    }

    torch::Tensor targets;
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor nextTarget = m.target->forward(nexts);
        torch::Tensor nextValue;
        if (c.doubleDqn)
        {
            // Double DQN: the online network picks the next action, the target network values it.
            const torch::Tensor best =
                MaskValues(m.online->forward(nexts), nextAllowed).argmax(1, true);
            nextValue = nextTarget.gather(1, best).squeeze(1);
        }
        else
        {
            nextValue = std::get<0>(MaskValues(nextTarget, nextAllowed).max(1));
        }
        // A next state with no allowed action at all is worth nothing.
        nextValue = torch::nan_to_num(nextValue, 0.0, 0.0, 0.0);
        targets = rewards + live * c.discount * nextValue;
    }
    const torch::Tensor predicted = m.online->forward(states).gather(1, chosen.unsqueeze(1)).squeeze(1);
    const torch::Tensor loss = torch::nn::functional::huber_loss(
        predicted,
        targets,
        torch::nn::functional::HuberLossFuncOptions().delta(c.huberDelta));
    m.optimizer->zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(m.online->parameters(), c.gradientClip);
    m.optimizer->step();

    ++m.learnSteps;
    if (m.learnSteps % c.targetSyncInterval == 0)
    {
        m.CopyOnlineToTarget();
    }
    m.fast = ToFastNetwork(m.online);
    return loss.item<double>();
}

void
AsetDqnAgent::SyncTarget()
{
    m_impl->CopyOnlineToTarget();
}

uint64_t
AsetDqnAgent::GetActSteps() const
{
    return m_impl->actSteps;
}

uint64_t
AsetDqnAgent::GetLearnSteps() const
{
    return m_impl->learnSteps;
}

std::size_t
AsetDqnAgent::GetReplaySize() const
{
    return m_impl->replay.size();
}

std::vector<float>
AsetDqnAgent::GetQValues(const std::vector<float>& state, bool target) const
{
    torch::NoGradGuard noGrad;
    const torch::Tensor q =
        (target ? m_impl->target : m_impl->online)->forward(m_impl->StateTensor(state)).contiguous();
    return std::vector<float>(q.data_ptr<float>(), q.data_ptr<float>() + q.numel());
}

const AsetMlp&
AsetDqnAgent::GetFastNetwork() const
{
    return m_impl->fast;
}

void
AsetDqnAgent::Save(const std::string& path) const
{
    const Impl& m = *m_impl;
    torch::serialize::OutputArchive archive;
    std::vector<int64_t> shape{m.config.stateSize};
    shape.insert(shape.end(), m.config.hiddenLayers.begin(), m.config.hiddenLayers.end());
    shape.push_back(m.config.actionCount);
    archive.write("shape", torch::tensor(shape));
    archive.write("counters",
                  torch::tensor(std::vector<int64_t>{static_cast<int64_t>(m.actSteps),
                                                     static_cast<int64_t>(m.learnSteps)}));
    torch::serialize::OutputArchive online;
    m.online->save(online);
    archive.write("online", online);
    torch::serialize::OutputArchive target;
    m.target->save(target);
    archive.write("target", target);
    SaveAdam(*m.optimizer, m.online->parameters(), archive);
    try
    {
        archive.save_to(path);
    }
    catch (const c10::Error& e)
    {
        throw std::runtime_error("cannot write checkpoint " + path + ": " + e.what_without_backtrace());
    }
}

void
AsetDqnAgent::Load(const std::string& path)
{
    Impl& m = *m_impl;
    torch::serialize::InputArchive archive;
    try
    {
        archive.load_from(path);
    }
    catch (const c10::Error& e)
    {
        throw AsetInputError(path, 0, "", std::string("not a readable checkpoint: ") + e.what_without_backtrace());
    }
    try
    {
        torch::Tensor shape;
        archive.read("shape", shape);
        std::vector<int64_t> expected{m.config.stateSize};
        expected.insert(expected.end(), m.config.hiddenLayers.begin(), m.config.hiddenLayers.end());
        expected.push_back(m.config.actionCount);
        const std::vector<int64_t> found(shape.data_ptr<int64_t>(), shape.data_ptr<int64_t>() + shape.numel());
        if (found != expected)
        {
            auto text = [](const std::vector<int64_t>& v) {
                std::string s;
                for (const auto x : v)
                {
                    s += (s.empty() ? "" : "-") + std::to_string(x);
                }
                return s;
            };
            throw AsetInputError(path, 0, "shape",
                                 "the network is " + text(found) + " (inputs-hidden-actions), this agent's is " +
                                     text(expected));
        }
        torch::Tensor counters;
        archive.read("counters", counters);
        torch::serialize::InputArchive online;
        archive.read("online", online);
        m.online->load(online);
        torch::serialize::InputArchive target;
        archive.read("target", target);
        m.target->load(target);
        LoadAdam(*m.optimizer, m.online->parameters(), archive);
        m.actSteps = static_cast<uint64_t>(counters[0].item<int64_t>());
        m.learnSteps = static_cast<uint64_t>(counters[1].item<int64_t>());
    }
    catch (const c10::Error& e)
    {
        throw AsetInputError(path, 0, "", std::string("incomplete checkpoint: ") + e.what_without_backtrace());
    }
    m.fast = ToFastNetwork(m.online);
}

} // namespace ns3
