// SPDX-License-Identifier: GPL-2.0-only
#include "aset-dqn-agent.h"

#include "aset-input-error.h"

#include "ns3/abort.h"

#include <boost/circular_buffer.hpp>

#include <torch/csrc/jit/serialization/import.h>
#include <torch/torch.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>

namespace ns3
{

namespace
{
/**
 * The Q-network: the context and an action row side by side into the first
 * layer (two Linear modules, so that the context half is computed once per
 * observation), ReLU layers, one linear output per action row.
 */
struct ScoringNetImpl : torch::nn::Module
{
    explicit ScoringNetImpl(const AsetDqnConfig& c)
    {
        const uint32_t first = c.hiddenLayers.front();
        context = register_module("context", torch::nn::Linear(c.contextSize, first));
        action = register_module("action",
                                 torch::nn::Linear(torch::nn::LinearOptions(c.actionSize, first).bias(false)));
        uint32_t inputs = first;
        for (std::size_t i = 1; i < c.hiddenLayers.size(); ++i)
        {
            hidden.push_back(register_module("hidden" + std::to_string(i),
                                             torch::nn::Linear(inputs, c.hiddenLayers[i])));
            inputs = c.hiddenLayers[i];
        }
        output = register_module("output", torch::nn::Linear(inputs, 1));
    }

    /// Q-values [B, K] of the action rows \p actions [B, K, actionSize] in the contexts \p contexts [B, contextSize].
    torch::Tensor forward(const torch::Tensor& contexts, const torch::Tensor& actions)
    {
        torch::Tensor h = torch::relu(context(contexts).unsqueeze(1) + action(actions));
        for (auto& layer : hidden)
        {
            h = torch::relu(layer(h));
        }
        return output(h).squeeze(-1);
    }

    torch::nn::Linear context{nullptr};
    torch::nn::Linear action{nullptr};
    std::vector<torch::nn::Linear> hidden;
    torch::nn::Linear output{nullptr};
};

TORCH_MODULE(ScoringNet);

/// A Linear module's weights and biases (zeros without biases), copied out of libtorch.
AsetMlp::Layer
ToLayer(const torch::nn::Linear& linear)
{
    AsetMlp::Layer layer;
    const torch::Tensor w = linear->weight.detach().contiguous();
    layer.outputs = static_cast<uint32_t>(w.size(0));
    layer.inputs = static_cast<uint32_t>(w.size(1));
    layer.weights.assign(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
    if (linear->bias.defined())
    {
        const torch::Tensor b = linear->bias.detach().contiguous();
        layer.biases.assign(b.data_ptr<float>(), b.data_ptr<float>() + b.numel());
    }
    else
    {
        layer.biases.assign(layer.outputs, 0.0f);
    }
    return layer;
}

/// The network's weights, copied out of libtorch for the fast path.
AsetMlp
ToFastNetwork(const ScoringNet& net, uint32_t contextSize)
{
    // The first layer as one: the context's weight columns, then the action's.
    const AsetMlp::Layer context = ToLayer(net->context);
    const AsetMlp::Layer action = ToLayer(net->action);
    AsetMlp::Layer first;
    first.outputs = context.outputs;
    first.inputs = context.inputs + action.inputs;
    first.biases = context.biases;
    for (uint32_t o = 0; o < first.outputs; ++o)
    {
        const auto row = [o](const AsetMlp::Layer& l) { return l.weights.begin() + std::size_t(o) * l.inputs; };
        first.weights.insert(first.weights.end(), row(context), row(context) + context.inputs);
        first.weights.insert(first.weights.end(), row(action), row(action) + action.inputs);
    }
    std::vector<AsetMlp::Layer> layers{std::move(first)};
    for (const auto& hidden : net->hidden)
    {
        layers.push_back(ToLayer(hidden));
    }
    layers.push_back(ToLayer(net->output));
    return AsetMlp(contextSize, std::move(layers));
}

/// Copies \p size floats to the tensor row \p row (a contiguous float tensor).
void
CopyRow(const float* from, std::size_t size, torch::Tensor row)
{
    std::copy(from, from + size, row.data_ptr<float>());
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

/**
 * The name a TorchScript Q-network (python/aset/qnet.py) gives the parameter
 * the ScoringNet calls \p name: its hidden layers are a list, hidden.0, ...,
 * where ScoringNet numbers them hidden1, ...
 */
std::string
ScriptedParameterName(const std::string& name)
{
    if (name.rfind("hidden", 0) != 0)
    {
        return name;
    }
    const std::size_t dot = name.find('.');
    const int layer = std::stoi(name.substr(6, dot - 6));
    return "hidden." + std::to_string(layer - 1) + name.substr(dot);
}

/// "32x38" for a tensor's shape.
std::string
ShapeText(const torch::Tensor& t)
{
    std::string s;
    for (const auto size : t.sizes())
    {
        s += (s.empty() ? "" : "x") + std::to_string(size);
    }
    return s;
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
        NS_ABORT_MSG_IF(c.contextSize == 0 || c.actionSize == 0 || c.hiddenLayers.empty(),
                        "a DQN needs context and action features and a hidden layer");
        torch::set_num_threads(1);
        torch::manual_seed(c.seed);
        online = ScoringNet(c);
        target = ScoringNet(c);
        optimizer = std::make_unique<torch::optim::Adam>(
            online->parameters(),
            torch::optim::AdamOptions(c.learningRate));
        CopyOnlineToTarget();
        fast = ToFastNetwork(online, c.contextSize);
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

    void CheckFits(const AsetObservation& o) const
    {
        NS_ABORT_MSG_IF(o.context.size() != config.contextSize ||
                            (o.GetActionCount() > 0 && o.actionWidth != config.actionSize),
                        "an observation of " << o.context.size() << " context and " << o.actionWidth
                                             << " action features, the agent takes " << config.contextSize
                                             << " and " << config.actionSize);
    }

    /// Context and action features, hidden widths, one output: what a checkpoint must match.
    std::vector<int64_t> GetShape() const
    {
        std::vector<int64_t> shape{config.contextSize, config.actionSize};
        shape.insert(shape.end(), config.hiddenLayers.begin(), config.hiddenLayers.end());
        shape.push_back(1);
        return shape;
    }

    AsetDqnConfig config;
    ScoringNet online{nullptr};
    ScoringNet target{nullptr};
    std::unique_ptr<torch::optim::Adam> optimizer;
    AsetMlp fast;
    boost::circular_buffer<AsetTransition> replay;
    std::mt19937_64 rng;
    std::optional<double> heldEpsilon; //!< SetEpsilon's, instead of the decay
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
    if (m_impl->heldEpsilon)
    {
        return *m_impl->heldEpsilon;
    }
    const AsetDqnConfig& c = m_impl->config;
    const double progress =
        std::min(1.0, double(m_impl->actSteps) / std::max<uint32_t>(1, c.epsilonDecaySteps));
    return c.epsilonStart + (c.epsilonEnd - c.epsilonStart) * progress;
}

void
AsetDqnAgent::SetEpsilon(double epsilon)
{
    NS_ABORT_MSG_IF(!(epsilon >= 0 && epsilon <= 1), "epsilon must be in [0, 1]");
    m_impl->heldEpsilon = epsilon;
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
AsetDqnAgent::Act(const AsetObservation& observation, bool explore)
{
    const uint32_t count = observation.GetActionCount();
    NS_ABORT_MSG_IF(count == 0, "no action to choose");
    if (explore)
    {
        const double epsilon = GetEpsilon();
        ++m_impl->actSteps;
        if (std::uniform_real_distribution<double>(0, 1)(m_impl->rng) < epsilon)
        {
            return std::uniform_int_distribution<uint32_t>(0, count - 1)(m_impl->rng);
        }
    }
    return Greedy(observation);
}

uint32_t
AsetDqnAgent::Greedy(const AsetObservation& observation, float tieMargin, const std::vector<uint32_t>& cost) const
{
    NS_ABORT_MSG_IF(observation.GetActionCount() == 0, "no action to choose");
    return m_impl->fast.Pick(observation, tieMargin, cost);
}

void
AsetDqnAgent::Remember(AsetTransition transition)
{
    NS_ABORT_MSG_IF(!transition.state || transition.action >= transition.state->GetActionCount(),
                    "a transition needs a state with its action");
    m_impl->CheckFits(*transition.state);
    NS_ABORT_MSG_IF(!transition.terminal && !transition.next, "a non-terminal transition needs its next state");
    if (transition.next)
    {
        m_impl->CheckFits(*transition.next);
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
    std::uniform_int_distribution<std::size_t> pick(0, m.replay.size() - 1);
    std::vector<const AsetTransition*> sample(batch);
    int64_t widest = 1; // next states' actions, padded to the most of any in the batch
    for (auto& t : sample)
    {
        t = &m.replay[pick(m.rng)];
        if (!t->terminal && t->next)
        {
            widest = std::max<int64_t>(widest, t->next->GetActionCount());
        }
    }
    const auto contextSize = static_cast<int64_t>(c.contextSize);
    const auto actionSize = static_cast<int64_t>(c.actionSize);
    torch::Tensor contexts = torch::empty({batch, contextSize});
    torch::Tensor chosen = torch::empty({batch, 1, actionSize});
    torch::Tensor rewards = torch::empty({batch});
    torch::Tensor live = torch::zeros({batch});
    torch::Tensor nextContexts = torch::zeros({batch, contextSize});
    torch::Tensor nextActions = torch::zeros({batch, widest, actionSize});
    torch::Tensor nextAllowed = torch::zeros({batch, widest}, torch::kBool);
    for (int64_t i = 0; i < batch; ++i)
    {
        const AsetTransition& t = *sample[i];
        CopyRow(t.state->context.data(), contextSize, contexts[i]);
        CopyRow(t.state->GetAction(t.action), actionSize, chosen[i][0]);
        rewards[i] = t.reward;
        const AsetObservation* next = t.terminal ? nullptr : t.next.get();
        if (next && next->GetActionCount() > 0)
        {
            live[i] = 1.0f;
            CopyRow(next->context.data(), contextSize, nextContexts[i]);
            CopyRow(next->actions.data(), next->actions.size(), nextActions[i]);
            nextAllowed[i].narrow(0, 0, next->GetActionCount()).fill_(true);
        }
    }

    torch::Tensor targets;
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor nextTarget = m.target->forward(nextContexts, nextActions);
        torch::Tensor nextValue;
        if (c.doubleDqn)
        {
            // Double DQN: the online network picks the next action, the target network values it.
            const torch::Tensor best =
                MaskValues(m.online->forward(nextContexts, nextActions), nextAllowed).argmax(1, true);
            nextValue = nextTarget.gather(1, best).squeeze(1);
        }
        else
        {
            nextValue = std::get<0>(MaskValues(nextTarget, nextAllowed).max(1));
        }
        // A next state with no action at all is worth nothing.
        nextValue = torch::nan_to_num(nextValue, 0.0, 0.0, 0.0);
        targets = rewards + live * c.discount * nextValue;
    }
    const torch::Tensor predicted = m.online->forward(contexts, chosen).squeeze(1);
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
    m.fast = ToFastNetwork(m.online, c.contextSize);
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
AsetDqnAgent::GetQValues(const AsetObservation& observation, bool target) const
{
    m_impl->CheckFits(observation);
    torch::NoGradGuard noGrad;
    const auto count = static_cast<int64_t>(observation.GetActionCount());
    torch::Tensor context = torch::empty({1, static_cast<int64_t>(observation.context.size())});
    CopyRow(observation.context.data(), observation.context.size(), context[0]);
    torch::Tensor actions = torch::empty({1, count, static_cast<int64_t>(m_impl->config.actionSize)});
    CopyRow(observation.actions.data(), observation.actions.size(), actions[0]);
    const torch::Tensor q = (target ? m_impl->target : m_impl->online)->forward(context, actions).contiguous();
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
    const std::vector<int64_t> shape = m.GetShape();
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
        if (!archive.try_read("shape", shape))
        {
            LoadScripted(path); // no checkpoint's fields: a TorchScript Q-network
            return;
        }
        const std::vector<int64_t> expected = m.GetShape();
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
                                 "the network is " + text(found) +
                                     " (context-action-hidden-output features), this agent's is " +
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
    m.fast = ToFastNetwork(m.online, m.config.contextSize);
}

void
AsetDqnAgent::LoadScripted(const std::string& path)
{
    Impl& m = *m_impl;
    std::map<std::string, torch::Tensor> found;
    try
    {
        for (const auto& p : torch::jit::load(path).named_parameters())
        {
            found[p.name] = p.value;
        }
    }
    catch (const c10::Error& e)
    {
        throw AsetInputError(path, 0, "", std::string("not a TorchScript module: ") + e.what_without_backtrace());
    }
    torch::NoGradGuard noGrad;
    std::size_t used = 0;
    for (auto& p : m.online->named_parameters())
    {
        const std::string name = ScriptedParameterName(p.key());
        const auto it = found.find(name);
        if (it == found.end())
        {
            throw AsetInputError(path, 0, name,
                                 "missing: the network must have this agent's layers (HiddenLayers)");
        }
        if (!it->second.sizes().equals(p.value().sizes()))
        {
            throw AsetInputError(path, 0, name,
                                 "is " + ShapeText(it->second) + ", this agent's is " + ShapeText(p.value()) +
                                     " (context and action features, HiddenLayers)");
        }
        p.value().copy_(it->second.to(torch::kFloat));
        ++used;
    }
    if (used != found.size())
    {
        throw AsetInputError(path, 0, "",
                             "the network has " + std::to_string(found.size()) + " parameters, this agent " +
                                 std::to_string(used) + " (HiddenLayers)");
    }
    m.CopyOnlineToTarget();
    m.fast = ToFastNetwork(m.online, m.config.contextSize);
}

} // namespace ns3
