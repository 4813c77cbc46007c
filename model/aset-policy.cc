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
    const auto& names = GetStaticPolicyNames();
    std::vector<bool> shielded(names.size(), false);
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        const auto it = std::find_if(names.begin(), names.end(), [&item](const auto& n) {
            return n.first == item;
        });
        if (it == names.end())
        {
            std::string known;
            for (const auto& n : names)
            {
                known += (known.empty() ? "" : ", ") + n.first;
            }
            throw std::invalid_argument("ns3::AsetPolicy::ShieldedDelegates: \"" + item + "\" in \"" +
                                        text + "\" is not a static policy (" + known + ")");
        }
        shielded[static_cast<std::size_t>(std::distance(names.begin(), it))] = true;
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
                          "policy: choose the static policy of each decision period; "
                          "instance: choose the (cluster, instance) of each query.",
                          EnumValue(POLICY),
                          ASET_ENUM_ACCESSOR(ActionSpace, &AsetPolicy::m_actionSpace),
                          MakeEnumChecker(POLICY, "policy", INSTANCE, "instance"))
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
                          "Agent checkpoint to start from (written by aset-train); empty: "
                          "untrained weights.",
                          StringValue(""),
                          MakeStringAccessor(&AsetPolicy::m_checkpoint),
                          MakeStringChecker())
            .AddAttribute("HiddenLayers",
                          "Widths of the Q-network's hidden layers. Two of 64 learnt the "
                          "evaluation variants better than two of 32 (worst gap to the best "
                          "static policy -4.5 points against -8.8, same training) and keep a "
                          "decision near a microsecond.",
                          StringValue("64,64"),
                          MakeStringAccessor(&AsetPolicy::m_hiddenLayers),
                          MakeStringChecker())
            .AddAttribute("LearningRate",
                          "Adam step size. 5e-4, half Adam's usual 1e-3: at 1e-3 the greedy "
                          "agent swung from one validation to the next (-4.1 to +1.0 points "
                          "against the best static policy, same training), at 5e-4 far less "
                          "(-1.1 to +1.8).",
                          DoubleValue(5e-4),
                          MakeDoubleAccessor(&AsetPolicy::m_learningRate),
                          MakeDoubleChecker<double>(1e-9, 1.0))
            .AddAttribute("LearningRateEnd",
                          "Adam step size of aset-train's last episode: over a training, the "
                          "step size falls linearly from LearningRate to this, so that late "
                          "steps average many outcomes instead of chasing the last few. 5e-5, "
                          "a tenth: with the 68-feature state of the time, the agent kept had "
                          "a mean gap to the best static policy of +1.6 points on seeds 11-15 "
                          "of the evaluation variants (worst -0.36), against +1.1 (worst "
                          "-0.38) at a constant 5e-4; ending at 1e-5, or starting at 1e-3, "
                          "validated lower (best +1.6 and +0.7 points against +2.1).",
                          DoubleValue(5e-5),
                          MakeDoubleAccessor(&AsetPolicy::m_learningRateEnd),
                          MakeDoubleChecker<double>(1e-9, 1.0))
            .AddAttribute("Discount",
                          "Discount factor gamma per decision: 0.8 weighs about five periods "
                          "(50 ms) ahead, the time a queue a choice builds up takes to matter. "
                          "0.9 learnt worse (noisier bootstrapped targets), 0.5 too short-sighted "
                          "for slowed clusters.",
                          DoubleValue(0.8),
                          MakeDoubleAccessor(&AsetPolicy::m_discount),
                          MakeDoubleChecker<double>(0.0, 0.9999))
            .AddAttribute("BatchSize",
                          "Transitions per gradient step (32: the usual DQN minibatch; smaller is noisier, larger slower).",
                          UintegerValue(32),
                          MakeUintegerAccessor(&AsetPolicy::m_batchSize),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("ReplayCapacity",
                          "Transitions kept for replay, the newest: a minute or more of two schedulers' "
                          "period decisions, so old conditions fade out as training moves on.",
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
                          "Exploring decisions over which epsilon falls linearly (aset-train sets it to a "
                          "third of its expected decisions).",
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
                          "Settled decisions per gradient step (1: learn as fast as experience comes).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&AsetPolicy::m_learnEvery),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxApplications",
                          "Application slots in the state (the default scenario has 3).",
                          UintegerValue(4),
                          MakeUintegerAccessor(&AsetPolicy::m_maxApplications),
                          MakeUintegerChecker<uint32_t>(1, 64))
            .AddAttribute("MaxClusters",
                          "Cluster slots in the state, clusters in id order; more are not seen (the default "
                          "scenario has 4).",
                          UintegerValue(8),
                          MakeUintegerAccessor(&AsetPolicy::m_maxClusters),
                          MakeUintegerChecker<uint32_t>(1, 256))
            .AddAttribute("MaxInstancesPerCluster",
                          "Instance slots per cluster (action space instance; the default clusters host up to 4).",
                          UintegerValue(8),
                          MakeUintegerAccessor(&AsetPolicy::m_maxInstances),
                          MakeUintegerChecker<uint32_t>(1, 64))
            .AddAttribute("MaxTasks",
                          "Task slots of the query features (action space instance; the catalogue has 2 tasks).",
                          UintegerValue(4),
                          MakeUintegerAccessor(&AsetPolicy::m_maxTasks),
                          MakeUintegerChecker<uint32_t>(1, 64))
            .AddAttribute("TieMargin",
                          "Greedy decisions only (Learning off): when closest's Q-value is "
                          "within this margin of the best, closest is taken (policy space; "
                          "GetPolicyActionCosts()); in the instance space, the slot with the "
                          "shortest estimated round trip among those within the margin. "
                          "closest keeps queries on the nearest cluster, the fewest packet "
                          "hops, so the simulation runs faster; where it serves as well as the "
                          "best (the default scenario) nothing is lost, and the shield "
                          "(ShieldedDelegates) moves its queries that would be late. 0.04 "
                          "(Q-values reach 5): with the shield, an agent trained with it kept "
                          "every evaluation variant at or above the best static policy on "
                          "seeds 11-15 with 0.01, 0.02, 0.04 and 0.1, and ran the default "
                          "scenario at 0.86, 0.91 (0.04) and 0.92 of closest's speed; 0.1 "
                          "gave up most of its lead in far-edge-saturated (+0.2 points "
                          "against +2.2). 0: plain argmax.",
                          DoubleValue(0.04),
                          MakeDoubleAccessor(&AsetPolicy::m_tieMargin),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("ShieldedDelegates",
                          "Policy space: delegates whose placements the shield checks, comma-"
                          "separated (empty: no shield). A query such a delegate would send "
                          "where its expected slack is under ShieldMargin goes instead to the "
                          "instance expected to finish first (earliest-expected-completion's "
                          "choice), when that one is expected in time. The default: every "
                          "delegate that does not aim at the deadline, except cloud-only, "
                          "whose point is to keep load off the edge; shielding it too overrode "
                          "it where the cloud is the safe choice (edge-throttled: +0.4 points "
                          "over the best static policy against +9.7, seeds 11-15). Without "
                          "least-loaded, an agent trained with the shield fell 0.37 points "
                          "short in lossy-access.",
                          StringValue("closest,random,round-robin,least-loaded"),
                          MakeStringAccessor(&AsetPolicy::SetShieldedDelegates,
                                             &AsetPolicy::GetShieldedDelegates),
                          MakeStringChecker())
            .AddAttribute("ShieldMargin",
                          "The slack, as a fraction of the query's deadline, under which the "
                          "shield treats a shielded delegate's choice as late. Expected slack "
                          "is an estimate from beacons: with 0, two agents trained with the "
                          "shield fell 0.35 and 1.07 points short in lossy-access (seeds "
                          "11-15), with 0.15 to 0.25 neither did; 0.4 moved queries "
                          "needlessly (mean gap +3.1 points against +4.1).",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&AsetPolicy::m_shieldMargin),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddTraceSource("Action",
                            "A decision: its time, the action chosen and the exploration rate.",
                            MakeTraceSourceAccessor(&AsetPolicy::m_actionTrace),
                            "ns3::AsetPolicy::ActionTracedCallback")
            .AddTraceSource("Shield",
                            "The shield moved a query: its time and the period's action.",
                            MakeTraceSourceAccessor(&AsetPolicy::m_shieldTrace),
                            "ns3::AsetPolicy::ShieldTracedCallback");
    return tid;
}

AsetPolicy::AsetPolicy() = default;
AsetPolicy::~AsetPolicy() = default;

void
AsetPolicy::DoDispose()
{
    m_delegates.clear();
    m_agent.reset();
    m_encoder.reset();
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

AsetStateEncoder::Layout
AsetPolicy::GetLayout() const
{
    AsetStateEncoder::Layout layout;
    layout.maxApplications = m_maxApplications;
    layout.maxClusters = m_maxClusters;
    layout.maxTasks = m_maxTasks;
    layout.queryFeatures = m_actionSpace == INSTANCE;
    layout.outlook = m_actionSpace == POLICY;
    return layout;
}

uint32_t
AsetPolicy::GetActionCount() const
{
    return m_actionSpace == POLICY ? static_cast<uint32_t>(GetStaticPolicyNames().size())
                                   : m_maxClusters * m_maxInstances;
}

AsetDqnConfig
AsetPolicy::GetAgentConfig() const
{
    AsetDqnConfig c;
    c.stateSize = GetLayout().GetSize();
    c.actionCount = GetActionCount();
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
AsetPolicy::SetAgent(std::shared_ptr<AsetDqnAgent> agent)
{
    const AsetDqnConfig expected = GetAgentConfig();
    NS_ABORT_MSG_IF(agent->GetConfig().stateSize != expected.stateSize ||
                        agent->GetConfig().actionCount != expected.actionCount,
                    "agent does not fit this AsetPolicy: it takes "
                        << agent->GetConfig().stateSize << " inputs and "
                        << agent->GetConfig().actionCount << " actions, the policy has "
                        << expected.stateSize << " and " << expected.actionCount);
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
    std::vector<std::string> names;
    if (m_actionSpace == POLICY)
    {
        for (const auto& entry : GetStaticPolicyNames())
        {
            names.push_back(entry.first);
        }
        return names;
    }
    for (uint32_t c = 0; c < m_maxClusters; ++c)
    {
        for (uint32_t i = 0; i < m_maxInstances; ++i)
        {
            names.push_back("cluster-slot-" + std::to_string(c) + "/instance-" + std::to_string(i));
        }
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
    // Q-value still decides: ranking them too took cloud-only's periods away
    // where it is the best policy (edge-throttled: 54.4% down to 51.2% at a
    // margin of 0.03, 44.2% at 0.1), while closest's Q-value is low there.
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
AsetPolicy::DoPrepare(const QueryContext& query, const PoolView& pool)
{
    if (!m_encoder)
    {
        m_encoder = std::make_unique<AsetStateEncoder>(GetLayout());
        m_actionCounts.assign(GetActionCount(), 0);
        for (const auto& [name, typeName] : GetStaticPolicyNames())
        {
            ObjectFactory factory(typeName);
            Ptr<SchedulingPolicy> delegate = factory.Create<SchedulingPolicy>();
            m_delegates.push_back(delegate);
        }
        AssignDelegateStreams();
        GetAgent();
    }
    m_pool = &pool;
    m_encoder->CountArrival(query);
}

void
AsetPolicy::MakeDecision(const QueryContext& query,
                         const std::vector<Candidate>& feasible,
                         const std::vector<bool>& allowed,
                         const std::vector<uint32_t>& cost)
{
    m_state.resize(GetLayout().GetSize());
    m_encoder->Encode(*m_pool, query, feasible, m_state.data());
    m_action = m_learning
                   ? m_agent->Act(m_state, allowed, true)
                   : m_agent->Greedy(m_state.data(), allowed, static_cast<float>(m_tieMargin), cost);
    ++m_decisions;
    ++m_actionCounts[m_action];
    m_actionTrace(query.now, m_action, m_learning ? m_agent->GetEpsilon() : 0.0);
    m_ledger.Open({m_state, m_action, allowed});
    m_queryDecided = true;
    LearnFromSettled(query.now);
}

std::optional<uint32_t>
AsetPolicy::SlotOf(const Candidate& c) const
{
    const auto& clusters = m_pool->GetClusters();
    const auto it = clusters.find(c.clusterId);
    const auto rank = static_cast<uint32_t>(std::distance(clusters.begin(), it));
    if (it == clusters.end() || rank >= m_maxClusters || c.instanceIndex >= m_maxInstances)
    {
        return std::nullopt;
    }
    return rank * m_maxInstances + c.instanceIndex;
}

std::optional<std::size_t>
AsetPolicy::DoChoose(const QueryContext& query, const std::vector<Candidate>& feasible)
{
    if (m_actionSpace == POLICY)
    {
        // A period's choice is made at its first query with feasible
        // instances, whose outlook is part of the state.
        if (!m_decided || query.now >= m_periodEnd)
        {
            // Delegates that would reject the query (cloud-only with the cloud
            // out of reach) are masked; none masked is an empty mask.
            std::vector<bool> allowed(m_delegates.size());
            for (std::size_t a = 0; a < m_delegates.size(); ++a)
            {
                allowed[a] = m_delegates[a]->CanChoose(feasible);
            }
            if (std::all_of(allowed.begin(), allowed.end(), [](bool a) { return a; }))
            {
                allowed.clear();
            }
            MakeDecision(query, feasible, allowed, GetPolicyActionCosts());
            m_periodEnd = query.now + m_decisionPeriod;
            m_decided = true;
        }
        const auto choice = m_delegates[m_action]->Choose(query, feasible);
        return choice ? std::optional<std::size_t>(Shield(query, feasible, *choice)) : choice;
    }
    std::vector<bool> allowed(GetActionCount(), false);
    std::vector<std::size_t> candidateOfSlot(GetActionCount(), feasible.size());
    m_slotCost.assign(GetActionCount(), std::numeric_limits<uint32_t>::max());
    bool any = false;
    for (std::size_t i = 0; i < feasible.size(); ++i)
    {
        if (const auto slot = SlotOf(feasible[i]))
        {
            allowed[*slot] = true;
            candidateOfSlot[*slot] = i;
            // Closest first: the estimated round trip, in microseconds.
            m_slotCost[*slot] = static_cast<uint32_t>(std::clamp<int64_t>(
                feasible[i].rtt.GetMicroSeconds(), 0, std::numeric_limits<uint32_t>::max() - 1));
            any = true;
        }
    }
    if (!any)
    {
        return std::nullopt; // every feasible instance is beyond the slots
    }
    MakeDecision(query, feasible, allowed, m_slotCost);
    return candidateOfSlot[m_action];
}

std::size_t
AsetPolicy::Shield(const QueryContext& query, const std::vector<Candidate>& feasible, std::size_t choice)
{
    if (!m_shielded[m_action] || GetExpectedSlack(query, feasible[choice]) >= query.deadline * m_shieldMargin)
    {
        return choice;
    }
    const std::size_t earliest = EarliestExpectedCompletionPolicy::Earliest(query, feasible);
    if (GetExpectedSlack(query, feasible[earliest]).IsNegative())
    {
        return choice; // late anywhere: the delegate's choice stands
    }
    ++m_shieldedCount;
    m_shieldTrace(query.now, m_action);
    return earliest;
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
        m_ledger.Place(query.clientId, query.queryId, query.now - query.elapsed + query.deadline);
    }
    else
    {
        m_ledger.PlaceFailure();
    }
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
        m_agent->Remember({std::move(s.decision.state),
                           s.decision.action,
                           static_cast<float>(s.reward),
                           std::move(s.next.state),
                           false,
                           std::move(s.next.allowed)});
        if (++m_settledSinceLearning >= m_learnEvery)
        {
            m_agent->Learn();
            m_settledSinceLearning = 0;
        }
    }
}

} // namespace ns3
