// SPDX-License-Identifier: GPL-2.0-only
#include "aset-policy.h"

#include "aset-ns3-compat.h"
#include "static-scheduling-policies.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <limits>
#include <sstream>
#include <stdexcept>

#ifndef ASET_DATA_DIR
#define ASET_DATA_DIR "data"
#endif

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AsetPolicy");
NS_OBJECT_ENSURE_REGISTERED(AsetPolicy);

namespace
{
/// "64,32" -> {64, 32}; throws std::invalid_argument naming the attribute on anything else.
std::vector<uint32_t>
ParseLayers(const std::string& text)
{
    std::vector<uint32_t> layers;
    if (!text.empty() && text.back() == ',')
    {
        throw std::invalid_argument("ns3::AsetPolicy::HiddenLayers: expected widths like \"32,32\", got \"" +
                                    text + "\"");
    }
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        std::size_t used = 0;
        unsigned long width = 0;
        try
        {
            width = std::stoul(item, &used);
        }
        catch (const std::exception&)
        {
            used = 0;
        }
        if (used == 0 || used != item.size() || width == 0 || width > 4096)
        {
            throw std::invalid_argument("ns3::AsetPolicy::HiddenLayers: expected widths like "
                                        "\"32,32\", got \"" + text + "\"");
        }
        layers.push_back(static_cast<uint32_t>(width));
    }
    if (layers.empty())
    {
        throw std::invalid_argument("ns3::AsetPolicy::HiddenLayers: expected at least one hidden layer, "
                                    "got \"" + text + "\"");
    }
    return layers;
}

/**
 * "closest,random" -> which of GetStaticPolicyNames() are named; throws
 * std::invalid_argument naming the attribute and the static policies on an
 * unknown name.
 */
std::vector<bool>
ParseShieldedDelegates(const std::string& text)
{
    std::vector<bool> shielded(GetStaticPolicyNames().size(), false);
    if (!text.empty() && text.back() == ',')
    {
        throw std::invalid_argument("ns3::AsetPolicy::ShieldedDelegates: in \"" + text + "\": an empty name");
    }
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        try
        {
            shielded[GetStaticPolicyIndex(item)] = true;
        }
        catch (const std::invalid_argument& e)
        {
            throw std::invalid_argument("ns3::AsetPolicy::ShieldedDelegates: in \"" + text + "\": " + e.what());
        }
    }
    return shielded;
}
} // namespace

TypeId
AsetPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::AsetPolicy")
            .SetParent<SchedulingPolicy>()
            .SetGroupName("Aset")
            .AddConstructor<AsetPolicy>()
            .AddAttribute("ActionSpace",
                          "instance: score every feasible instance of each query and place it on "
                          "the best; policy: choose the static policy of each decision period.",
                          EnumValue(INSTANCE),
                          ASET_ENUM_ACCESSOR(ActionSpace, &AsetPolicy::m_actionSpace),
                          MakeEnumChecker(INSTANCE, "instance", POLICY, "policy"))
            .AddAttribute("DecisionPeriod",
                          "How long one choice of static policy lasts (action space policy). "
                          "10 ms: a few queries per period and scheduler at edge rates, so a "
                          "period's success ratio says something, while bursts are still "
                          "followed. 5 and 20 ms learnt the evaluation variants worse.",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&AsetPolicy::m_decisionPeriod),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("Learning",
                          "Explore and train while scheduling (training); off, act greedily.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&AsetPolicy::m_learning),
                          MakeBooleanChecker())
            .AddAttribute("Checkpoint",
                          "Agent checkpoint to start from (written by aset-train), or a "
                          "TorchScript Q-network of HiddenLayers' shape (exported by the Python "
                          "package's aset.qnet); empty: untrained weights.",
                          StringValue(""),
                          MakeStringAccessor(&AsetPolicy::m_checkpoint),
                          MakeStringChecker())
            .AddAttribute("HiddenLayers",
                          "Widths of the Q-network's hidden layers, comma-separated. One layer "
                          "of 32 scores a query's instances in about a microsecond at 4 "
                          "clusters and under 15 at 100 (aset-decision-benchmark); wider or "
                          "deeper networks fit the training networks more closely and carried "
                          "over to other networks worse.",
                          StringValue("32"),
                          MakeStringAccessor(&AsetPolicy::m_hiddenLayers),
                          MakeStringChecker())
            .AddAttribute("LearningRate",
                          "Adam step size at the start of a training: half Adam's usual 1e-3, "
                          "which made the greedy agent swing from one validation to the next.",
                          DoubleValue(5e-4),
                          MakeDoubleAccessor(&AsetPolicy::m_learningRate),
                          MakeDoubleChecker<double>(1e-9, 1.0))
            .AddAttribute("LearningRateEnd",
                          "Adam step size of aset-train's last episode: over a training, the "
                          "step size falls linearly from LearningRate to this, so that late "
                          "steps average many outcomes instead of chasing the last few.",
                          DoubleValue(5e-5),
                          MakeDoubleAccessor(&AsetPolicy::m_learningRateEnd),
                          MakeDoubleChecker<double>(1e-9, 1.0))
            .AddAttribute("Discount",
                          "Discount factor gamma per decision. A query's reward arrives with "
                          "its outcome, and the queue a placement builds up shows in the next "
                          "few decisions' rewards: 0.5 weighs about two decisions ahead, enough "
                          "for that, while longer horizons bootstrap noisier targets across the "
                          "many schedulers of a large network.",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&AsetPolicy::m_discount),
                          MakeDoubleChecker<double>(0.0, 0.9999))
            .AddAttribute("BatchSize",
                          "Transitions per gradient step (32: the usual DQN minibatch; smaller is noisier, larger slower).",
                          UintegerValue(32),
                          MakeUintegerAccessor(&AsetPolicy::m_batchSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("ReplayCapacity",
                          "Transitions kept for replay, the newest: several episodes' "
                          "decisions, so old conditions fade out as training moves on.",
                          UintegerValue(20000),
                          MakeUintegerAccessor(&AsetPolicy::m_replayCapacity),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("WarmupTransitions",
                          "No learning before the replay holds this many, so that the first steps do not "
                          "overfit a handful of transitions.",
                          UintegerValue(200),
                          MakeUintegerAccessor(&AsetPolicy::m_warmup),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("TargetSyncInterval",
                          "Gradient steps between copies of the online network into the target network: "
                          "often enough to follow learning, rarely enough to keep targets still.",
                          UintegerValue(250),
                          MakeUintegerAccessor(&AsetPolicy::m_targetSync),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("EpsilonStart",
                          "Exploration probability at the start of learning (1: all random).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&AsetPolicy::m_epsilonStart),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("EpsilonEnd",
                          "Exploration probability once decayed: 5% keeps trying the other actions.",
                          DoubleValue(0.05),
                          MakeDoubleAccessor(&AsetPolicy::m_epsilonEnd),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("EpsilonDecaySteps",
                          "Exploring decisions over which epsilon falls linearly, when the agent "
                          "learns inside a simulation (aset-train sets epsilon per episode "
                          "instead).",
                          UintegerValue(20000),
                          MakeUintegerAccessor(&AsetPolicy::m_epsilonDecay),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("HuberDelta",
                          "Where the Huber loss turns from quadratic to linear; rewards are in [0, 1], so 1 "
                          "keeps ordinary errors quadratic and damps outliers.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&AsetPolicy::m_huberDelta),
                          MakeDoubleChecker<double>(1e-6))
            .AddAttribute("DoubleDqn",
                          "Value next states with the target network at the online "
                          "network's choice (double DQN), against Q over-estimation.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&AsetPolicy::m_doubleDqn),
                          MakeBooleanChecker())
            .AddAttribute("GradientClip",
                          "Largest gradient norm of a step: one surprising minibatch cannot "
                          "throw the network far.",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&AsetPolicy::m_gradientClip),
                          MakeDoubleChecker<double>(1e-6))
            .AddAttribute("LearnEvery",
                          "Settled decisions per gradient step: 4 keeps a training on 2 cores "
                          "within about 20 minutes; 1 learns from each decision at four times "
                          "the cost.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&AsetPolicy::m_learnEvery),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("TieMargin",
                          "Greedy decisions only (Learning off): among the actions whose "
                          "Q-value is within this margin of the best, the cheapest is taken: in "
                          "the instance space the one with the shortest estimated round trip, "
                          "in the policy space closest (GetPolicyActionCosts()). Near-equal "
                          "choices then keep queries near, with fewer packet hops to simulate. "
                          "0: plain argmax.",
                          DoubleValue(0.04),
                          MakeDoubleAccessor(&AsetPolicy::m_tieMargin),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("SkipUnreachable",
                          "Instance space: leave out of the scoring every instance the query "
                          "cannot reach in time even with no queue there (estimated round trip "
                          "plus measured service time beyond what is left of the deadline), "
                          "unless no instance is left. Such a placement can only fail.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&AsetPolicy::m_skipUnreachable),
                          MakeBooleanChecker())
            .AddAttribute("Shield",
                          "Check placements with the shield (AsetShield): a query expected to "
                          "keep less than ShieldMargin of its deadline as slack where it is "
                          "placed goes to an instance that keeps that margin (instance space: "
                          "the one the agent's Q-values rank highest, checking every placement; "
                          "policy space: the nearest, checking those of the ShieldedDelegates), "
                          "else to the one with the most expected slack if that one is expected "
                          "in time. Off by default: the agent, trained without it, places "
                          "better on its own, and the shield, judging by the same beacons at "
                          "every scheduler, can pile queries up where it sends them.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&AsetPolicy::m_shieldOn),
                          MakeBooleanChecker())
            .AddAttribute("ShieldedDelegates",
                          "Policy space: delegates whose placements the shield checks, comma-"
                          "separated (empty: none). The default: every delegate that does not "
                          "aim at the deadline, except cloud-only, whose point is to keep load "
                          "off the edge.",
                          StringValue("closest,random,round-robin,least-loaded"),
                          MakeStringAccessor(&AsetPolicy::SetShieldedDelegates,
                                             &AsetPolicy::GetShieldedDelegates),
                          MakeStringChecker())
            .AddAttribute("ShieldMargin",
                          "The expected slack, as a fraction of the query's deadline, under which "
                          "the shield treats a placement as late. Expected slack is an estimate "
                          "from beacons and measured service times, so a margin keeps placements "
                          "that are only just in time from being trusted.",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&AsetPolicy::SetShieldMargin, &AsetPolicy::GetShieldMargin),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("EnergyWeight",
                          "Weight, per joule, of the energy term in the reward: a decision "
                          "earns its share of successes minus EnergyWeight x the mean energy "
                          "of its placements, each the busy watts of the chosen instance's "
                          "hardware (PowerModel) x its catalogue service time at batch 1. "
                          "0: success only. At 0.1, a joule per query weighs as much as a "
                          "tenth of the successes; with the shipped power model a placement "
                          "costs 0.15 J (yolov5n-cls on gpu) to 14 J (yolov5l on cpu). "
                          "Needs a PowerModel.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&AsetPolicy::SetEnergyWeight,
                                             &AsetPolicy::GetEnergyWeight),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("PowerModel",
                          "Busy watts per hardware class for the energy term (EnergyWeight); "
                          "the experiment runner gives it the clusters' model.",
                          PointerValue(),
                          MakePointerAccessor(&AsetPolicy::m_powerModel),
                          MakePointerChecker<HardwarePowerModel>())
            .AddTraceSource("Action",
                            "A decision: its time, the action chosen and the exploration rate.",
                            MakeTraceSourceAccessor(&AsetPolicy::m_actionTrace),
                            "ns3::AsetPolicy::ActionTracedCallback")
            .AddTraceSource("Shield",
                            "The shield moved a query: its time and the period's action.",
                            MakeTraceSourceAccessor(&AsetPolicy::m_shieldTrace),
                            "ns3::AsetPolicy::ShieldTracedCallback")
            .AddTraceSource("Credit",
                            "The credit ledger settled a decision: its number, the queries it "
                            "placed and its reward, the share of them that succeeded.",
                            MakeTraceSourceAccessor(&AsetPolicy::m_creditTrace),
                            "ns3::AsetPolicy::CreditTracedCallback");
    return tid;
}

AsetPolicy::AsetPolicy() = default;
AsetPolicy::~AsetPolicy() = default;

void
AsetPolicy::DoDispose()
{
    m_delegates.clear();
    m_agent.reset();
    m_pool = nullptr;
    SchedulingPolicy::DoDispose();
}

std::string
AsetPolicy::GetPretrainedPath()
{
    return std::string(ASET_DATA_DIR) + "/aset-policy.pt";
}

std::string
AsetPolicy::GetName() const
{
    return "aset";
}

int64_t
AsetPolicy::AssignStreams(int64_t stream)
{
    // The stream seeds the agent; the next ones go to the delegates (random
    // draws from one), now or when they are made.
    m_seed = static_cast<uint64_t>(stream);
    m_streamBase = stream + 1;
    AssignDelegateStreams();
    return 1 + static_cast<int64_t>(GetStaticPolicyNames().size());
}

void
AsetPolicy::AssignDelegateStreams()
{
    if (m_streamBase < 0)
    {
        return; // no fixed streams asked for: the delegates draw automatic ones
    }
    int64_t stream = m_streamBase;
    for (const auto& delegate : m_delegates)
    {
        stream += delegate->AssignStreams(stream);
    }
}

uint32_t
AsetPolicy::GetActionCount() const
{
    return static_cast<uint32_t>(GetActionNames().size());
}

AsetDqnConfig
AsetPolicy::GetAgentConfig() const
{
    AsetDqnConfig c;
    c.contextSize = AsetStateEncoder::kContextFeatures;
    // A static policy's row is its one-hot index; an instance's, its features.
    c.actionSize = m_actionSpace == POLICY ? static_cast<uint32_t>(GetStaticPolicyNames().size())
                                           : AsetStateEncoder::kInstanceFeatures;
    c.hiddenLayers = ParseLayers(m_hiddenLayers);
    c.learningRate = m_learningRate;
    c.discount = m_discount;
    c.batchSize = m_batchSize;
    c.replayCapacity = m_replayCapacity;
    c.warmupTransitions = m_warmup;
    c.targetSyncInterval = m_targetSync;
    c.epsilonStart = m_epsilonStart;
    c.epsilonEnd = m_epsilonEnd;
    c.epsilonDecaySteps = m_epsilonDecay;
    c.huberDelta = m_huberDelta;
    c.doubleDqn = m_doubleDqn;
    c.gradientClip = m_gradientClip;
    c.seed = m_seed;
    return c;
}

void
AsetPolicy::SetChooser(Chooser chooser)
{
    m_chooser = std::move(chooser);
}

void
AsetPolicy::SetAgent(std::shared_ptr<AsetDqnAgent> agent)
{
    const AsetDqnConfig expected = GetAgentConfig();
    NS_ABORT_MSG_IF(agent->GetConfig().contextSize != expected.contextSize ||
                        agent->GetConfig().actionSize != expected.actionSize,
                    "agent does not fit this AsetPolicy: it takes "
                        << agent->GetConfig().contextSize << " context and " << agent->GetConfig().actionSize
                        << " action features, the policy has " << expected.contextSize << " and "
                        << expected.actionSize);
    m_agent = std::move(agent);
}

std::shared_ptr<AsetDqnAgent>
AsetPolicy::GetAgent()
{
    if (!m_agent)
    {
        auto agent = std::make_shared<AsetDqnAgent>(GetAgentConfig());
        if (!m_checkpoint.empty())
        {
            agent->Load(m_checkpoint); // throws AsetInputError naming the file
        }
        m_agent = agent;
    }
    return m_agent;
}

AsetPolicy::ActionSpace
AsetPolicy::GetActionSpace() const
{
    return m_actionSpace;
}

std::vector<std::string>
AsetPolicy::GetActionNames() const
{
    if (m_actionSpace == INSTANCE)
    {
        return AsetStateEncoder::GetTierGroupNames();
    }
    std::vector<std::string> names;
    for (const auto& entry : GetStaticPolicyNames())
    {
        names.push_back(entry.first);
    }
    return names;
}

const std::vector<uint32_t>&
AsetPolicy::GetPolicyActionCosts()
{
    // closest, random, round-robin, least-loaded, cloud-only,
    // earliest-expected-completion. closest is the cheapest: on the default
    // scenario it crosses 1.20 links per query from the gateway, least-loaded
    // 1.52, earliest-expected-completion 1.90, random and round-robin 2.37,
    // cloud-only 3. The others share one cost, so that among them the larger
    // Q-value still decides.
    static const std::vector<uint32_t> costs = {0, 1, 1, 1, 1, 1};
    NS_ASSERT(costs.size() == GetStaticPolicyNames().size());
    return costs;
}

uint64_t
AsetPolicy::GetDecisionCount() const
{
    return m_decisions;
}

double
AsetPolicy::GetMeanReward() const
{
    return m_rewardedDecisions > 0 ? m_rewardSum / double(m_rewardedDecisions) : 0.0;
}

const std::vector<uint64_t>&
AsetPolicy::GetActionCounts() const
{
    return m_actionCounts;
}

uint64_t
AsetPolicy::GetShieldedCount() const
{
    return m_shieldedCount;
}

uint32_t
AsetPolicy::GetClustersInState() const
{
    return m_encoder.GetClustersCounted();
}

uint32_t
AsetPolicy::GetActionsScored() const
{
    return m_actionsScored;
}

void
AsetPolicy::SetShieldedDelegates(const std::string& delegates)
{
    m_shielded = ParseShieldedDelegates(delegates); // a bad name is reported when set, not mid-run
    m_shieldedDelegates = delegates;
}

std::string
AsetPolicy::GetShieldedDelegates() const
{
    return m_shieldedDelegates;
}

void
AsetPolicy::SetShieldMargin(double margin)
{
    m_shield.SetMargin(margin);
}

double
AsetPolicy::GetShieldMargin() const
{
    return m_shield.GetMargin();
}

void
AsetPolicy::DoPrepare(const QueryContext& query, const PoolView& pool)
{
    if (m_actionCounts.empty())
    {
        m_actionCounts.assign(GetActionCount(), 0);
        if (m_actionSpace == POLICY)
        {
            for (const auto& [name, typeName] : GetStaticPolicyNames())
            {
                m_delegates.push_back(CreateStaticPolicy(name));
            }
            AssignDelegateStreams();
        }
        GetAgent();
    }
    m_pool = &pool;
    m_encoder.CountArrival(query);
}

uint32_t
AsetPolicy::Act(const QueryContext& query,
                const std::vector<Candidate>& candidates,
                const AsetObservation& observation,
                const std::vector<uint32_t>& cost)
{
    m_actionsScored = observation.GetActionCount();
    ++m_decisions;
    if (m_chooser)
    {
        const uint32_t row = m_chooser(query, candidates, observation);
        if (row >= observation.GetActionCount())
        {
            throw std::out_of_range("ns3::AsetPolicy: the chooser took action " + std::to_string(row) +
                                    " of " + std::to_string(observation.GetActionCount()));
        }
        return row;
    }
    return m_learning ? m_agent->Act(observation, true)
                      : m_agent->Greedy(observation, static_cast<float>(m_tieMargin), cost);
}

std::shared_ptr<AsetObservation>
AsetPolicy::NewObservation()
{
    // Acting greedily, no decision is remembered: one observation serves them all.
    if (m_learning)
    {
        return std::make_shared<AsetObservation>();
    }
    if (!m_scratch)
    {
        m_scratch = std::make_shared<AsetObservation>();
    }
    return m_scratch;
}

void
AsetPolicy::OpenDecision(Time now, std::shared_ptr<const AsetObservation> observation, uint32_t row)
{
    // The ledger keeps an observation only for learning; the rewards it settles need none.
    m_ledger.Open({m_learning ? std::move(observation) : nullptr, row});
    m_queryDecided = true;
    LearnFromSettled(now);
}

void
AsetPolicy::Count(Time now, uint32_t action)
{
    ++m_actionCounts[action];
    m_actionTrace(now, action, m_learning ? m_agent->GetEpsilon() : 0.0);
}

std::optional<std::size_t>
AsetPolicy::DoChoose(const QueryContext& query, const std::vector<Candidate>& feasible)
{
    return m_actionSpace == POLICY ? ChoosePolicy(query, feasible) : ChooseInstance(query, feasible);
}

std::optional<std::size_t>
AsetPolicy::ChoosePolicy(const QueryContext& query, const std::vector<Candidate>& feasible)
{
    // A period's choice is made at its first query with feasible instances,
    // whose outlook is part of the context.
    if (!m_decided || query.now >= m_periodEnd)
    {
        // One row per delegate that would place the query (cloud-only
        // rejects it with the cloud out of reach), its one-hot index.
        const uint32_t width = static_cast<uint32_t>(m_delegates.size());
        auto observation = NewObservation();
        observation->context.resize(AsetStateEncoder::kContextFeatures);
        m_encoder.EncodeContext(*m_pool, query, feasible, observation->context.data());
        observation->actionWidth = width;
        observation->actions.clear();
        m_delegateOfRow.clear();
        m_cost.clear();
        for (uint32_t d = 0; d < width; ++d)
        {
            if (m_delegates[d]->CanChoose(feasible))
            {
                observation->actions.resize(observation->actions.size() + width, 0.0f);
                observation->actions[observation->actions.size() - width + d] = 1.0f;
                m_delegateOfRow.push_back(d);
                m_cost.push_back(GetPolicyActionCosts()[d]);
            }
        }
        static const std::vector<Candidate> none;
        const uint32_t row = Act(query, none, *observation, m_cost);
        OpenDecision(query.now, std::move(observation), row);
        m_action = m_delegateOfRow[row];
        Count(query.now, m_action);
        m_periodEnd = query.now + m_decisionPeriod;
        m_decided = true;
    }
    const auto choice = m_delegates[m_action]->Choose(query, feasible);
    if (!choice || !m_shieldOn || !m_shielded[m_action])
    {
        return choice;
    }
    const std::size_t shielded = m_shield.Check(query, feasible, *choice);
    if (shielded != *choice)
    {
        NoteShielded(query.now, m_action);
    }
    return shielded;
}

std::optional<std::size_t>
AsetPolicy::ChooseInstance(const QueryContext& query, const std::vector<Candidate>& feasible)
{
    const std::vector<Candidate>& scored = SelectReachable(query, feasible);
    auto observation = NewObservation();
    m_encoder.EncodeInstanceObservation(*m_pool, query, scored, *observation);
    // Nearest first: the estimated round trip, in microseconds.
    m_cost.resize(scored.size());
    for (std::size_t i = 0; i < scored.size(); ++i)
    {
        m_cost[i] = static_cast<uint32_t>(std::clamp<int64_t>(scored[i].rtt.GetMicroSeconds(),
                                                              0,
                                                              std::numeric_limits<uint32_t>::max()));
    }
    const uint32_t row = Act(query, scored, *observation, m_cost);
    // The shield's choice is the action taken, and the one the agent learns
    // from. Instances it could move a query to are all reachable: it judges
    // among the scored ones, by the agent's own Q-values.
    uint32_t taken = row;
    if (m_shieldOn && !m_shield.IsSafe(query, scored[row]))
    {
        taken = static_cast<uint32_t>(m_shield.Check(query, scored, row, &m_agent->GetFastNetwork().Score(*observation)));
    }
    OpenDecision(query.now, std::move(observation), taken);
    const std::size_t choice = &scored == &feasible ? taken : m_reachableIndex[taken];
    Count(query.now, AsetStateEncoder::GetTierGroup(feasible[choice].tier));
    if (taken != row)
    {
        NoteShielded(query.now, AsetStateEncoder::GetTierGroup(scored[row].tier));
    }
    return choice;
}

const std::vector<Candidate>&
AsetPolicy::SelectReachable(const QueryContext& query, const std::vector<Candidate>& feasible)
{
    if (!m_skipUnreachable || !query.deadline.IsStrictlyPositive())
    {
        return feasible;
    }
    // Unreachable: late even with no queue, at the measured service time.
    const Time budget = query.deadline - query.elapsed * 2;
    m_reachable.clear();
    m_reachableIndex.clear();
    for (std::size_t i = 0; i < feasible.size(); ++i)
    {
        const Candidate& c = feasible[i];
        if (c.rtt + c.serviceTime * c.serviceRatio <= budget)
        {
            m_reachable.push_back(c);
            m_reachableIndex.push_back(i);
        }
    }
    return m_reachable.empty() || m_reachable.size() == feasible.size() ? feasible : m_reachable;
}

void
AsetPolicy::NoteShielded(Time now, uint32_t action)
{
    // After the decision's Action trace, so that a recorder counts the move against it.
    ++m_shieldedCount;
    m_shieldTrace(now, action);
}

void
AsetPolicy::NotifyDecision(const QueryContext& query, const SchedulingDecision& decision)
{
    // In the instance space a query with no decision of its own earns nothing.
    const bool credited = m_actionSpace == POLICY ? m_decided : m_queryDecided;
    m_queryDecided = false;
    if (!credited)
    {
        return;
    }
    if (decision.placed)
    {
        // The client's deadline runs from its send time.
        m_ledger.Place(query.clientId,
                       query.queryId,
                       query.now - query.elapsed + query.deadline,
                       m_energyWeight > 0 ? PlacementEnergy(decision.target) : 0.0);
    }
    else
    {
        m_ledger.PlaceFailure();
    }
}

void
AsetPolicy::SetEnergyWeight(double perJoule)
{
    m_energyWeight = perJoule;
    m_ledger.SetEnergyWeight(perJoule);
}

double
AsetPolicy::GetEnergyWeight() const
{
    return m_energyWeight;
}

double
AsetPolicy::PlacementEnergy(const Candidate& target) const
{
    NS_ABORT_MSG_IF(!m_powerModel, "AsetPolicy: EnergyWeight > 0 needs a PowerModel");
    return m_powerModel->GetPower(target.hardware).busyWatts * target.serviceTime.GetSeconds();
}

void
AsetPolicy::NotifyOutcome(uint32_t clientId, uint64_t queryId, bool success, Time)
{
    m_ledger.Observe(clientId, queryId, success);
}

void
AsetPolicy::LearnFromSettled(Time now)
{
    for (auto& s : m_ledger.Settle(now))
    {
        m_creditTrace(m_settledCount++, s.queries, s.reward);
        if (s.queries == 0)
        {
            continue; // nothing placed: no evidence either way
        }
        m_rewardSum += s.reward;
        ++m_rewardedDecisions;
        if (!m_learning)
        {
            continue;
        }
        m_agent->Remember({std::move(s.decision.observation),
                           s.decision.action,
                           static_cast<float>(s.reward),
                           std::move(s.next.observation),
                           false});
        if (++m_settledSinceLearning >= m_learnEvery)
        {
            m_agent->Learn();
            m_settledSinceLearning = 0;
        }
    }
}

} // namespace ns3
