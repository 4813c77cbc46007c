// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_POLICY_H
#define ASET_POLICY_H

#include "aset-credit-ledger.h"
#include "aset-dqn-agent.h"
#include "aset-shield.h"
#include "aset-state-encoder.h"
#include "hardware-power-model.h"
#include "scheduling-policy.h"

#include "ns3/traced-callback.h"

#include <functional>
#include <memory>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief ASET: a scheduling policy that learns, by deep Q-learning, where
 * to send queries, from what its scheduler observes.
 *
 * Two action spaces (ActionSpace):
 * - instance (default): for each query the agent scores every feasible
 *   instance, however many the pool has, and the best score places it;
 * - policy: every DecisionPeriod the agent picks which static policy
 *   (closest, random, round-robin, least-loaded, cloud-only,
 *   earliest-expected-completion) places the queries of the next period.
 *
 * The observation is AsetStateEncoder's: a context that counts every
 * cluster the scheduler knows of, and one feature row per action, all
 * scored with the same weights (AsetDqnAgent). The reward of a decision is
 * the share of its queries that succeeded, credited by an AsetCreditLedger
 * as outcomes become known. With Learning on, the agent explores
 * (epsilon-greedy), stores each settled decision as a transition and takes a
 * gradient step every LearnEvery decisions; off, it acts greedily through the
 * fast path. With Shield on, an AsetShield checks the placements.
 *
 * Each policy builds its own agent from its attributes (and Checkpoint,
 * if set), unless one is given with SetAgent(): a trainer keeps agents
 * across episodes that way, and gives one agent to several schedulers to
 * share parameters (one learner, many actors).
 */
class AsetPolicy : public SchedulingPolicy
{
  public:
    enum ActionSpace : uint8_t
    {
        POLICY,   //!< choose the static policy of each decision period
        INSTANCE, //!< choose the instance of each query
    };

    /**
     * Signature of the Action trace: the decision's time, action (an index
     * into GetActionNames(): the static policy, or the tier group of the
     * instance chosen) and epsilon.
     */
    typedef void (*ActionTracedCallback)(Time now, uint32_t action, double epsilon);
    /**
     * Signature of the Shield trace: the query's time and the action the
     * shield overrode (the period's static policy, or the tier group of the
     * instance the agent chose).
     */
    typedef void (*ShieldTracedCallback)(Time now, uint32_t action);
    /**
     * Signature of the Credit trace: a decision the credit ledger settled,
     * its number (0 for the policy's first decision), the queries it placed
     * and its reward (the share of them that succeeded).
     */
    typedef void (*CreditTracedCallback)(uint64_t decision, uint32_t queries, double reward);

    /**
     * An actor that chooses instead of the agent (the Python package's
     * environment and callable policies): given the query, the candidates
     * scored (instance space; empty in the policy space) and the
     * observation, it returns the row to take. Everything else stays the
     * policy's: the state, the candidates, the shield, the credit.
     */
    using Chooser = std::function<uint32_t(const QueryContext& query,
                                           const std::vector<Candidate>& candidates,
                                           const AsetObservation& observation)>;

    static TypeId GetTypeId();
    AsetPolicy();
    ~AsetPolicy() override;

    /// The pretrained agent shipped in the module's data/ folder.
    static std::string GetPretrainedPath();

    std::string GetName() const override;
    int64_t AssignStreams(int64_t stream) override;
    void NotifyDecision(const QueryContext& query, const SchedulingDecision& decision) override;
    void NotifyOutcome(uint32_t clientId, uint64_t queryId, bool success, Time now) override;

    /**
     * Lets \p chooser take every decision instead of the agent (none: the
     * agent again). Its row must be below the observation's action count;
     * an out-of-range one throws std::out_of_range.
     */
    void SetChooser(Chooser chooser);

    /// Acts with (and, when learning, trains) \p agent; it must fit GetAgentConfig().
    void SetAgent(std::shared_ptr<AsetDqnAgent> agent);
    /// The agent, built on first use from the attributes (and Checkpoint).
    std::shared_ptr<AsetDqnAgent> GetAgent();
    /// The agent configuration the attributes describe.
    AsetDqnConfig GetAgentConfig() const;

    ActionSpace GetActionSpace() const;

    /**
     * Names of the actions, for tables and plots: the static policies
     * (policy space), or the tier groups the chosen instances are in
     * (instance space: AsetStateEncoder::GetTierGroupNames()).
     */
    std::vector<std::string> GetActionNames() const;
    /**
     * Cost of each action of the policy space, in GetStaticPolicyNames()
     * order, for TieMargin's tie-break: closest (fewest packet hops per
     * query) 0, every other policy 1.
     */
    static const std::vector<uint32_t>& GetPolicyActionCosts();
    uint64_t GetDecisionCount() const;

    /// The EnergyWeight attribute: the energy term's weight in rewards, per joule.
    void SetEnergyWeight(double perJoule);
    double GetEnergyWeight() const;
    /// Mean reward of the settled decisions that placed queries.
    double GetMeanReward() const;
    /// How often each action was chosen.
    const std::vector<uint64_t>& GetActionCounts() const;
    /// Queries the shield sent elsewhere than the agent or the period's delegate chose.
    uint64_t GetShieldedCount() const;
    /// The clusters the last decision's context counted: every cluster the scheduler knows of.
    uint32_t GetClustersInState() const;
    /// The actions the last decision scored: the feasible instances, or the delegates allowed.
    uint32_t GetActionsScored() const;

  protected:
    void DoDispose() override;
    void DoPrepare(const QueryContext& query, const PoolView& pool) override;
    std::optional<std::size_t> DoChoose(const QueryContext& query,
                                        const std::vector<Candidate>& feasible) override;

  private:
    uint32_t GetActionCount() const;
    /// Joules a query placed on \p target costs: busy watts x catalogue service time.
    double PlacementEnergy(const Candidate& target) const;
    /// The agent's choice among \p observation's rows (\p cost: TieMargin's, per row).
    uint32_t Act(const QueryContext& query,
                 const std::vector<Candidate>& candidates,
                 const AsetObservation& observation,
                 const std::vector<uint32_t>& cost);
    /// An observation to encode into: a new one when learning, else a reused one.
    std::shared_ptr<AsetObservation> NewObservation();
    /// Opens the decision that took action \p row in the ledger, and learns from those settled.
    void OpenDecision(Time now, std::shared_ptr<const AsetObservation> observation, uint32_t row);
    std::optional<std::size_t> ChoosePolicy(const QueryContext& query, const std::vector<Candidate>& feasible);
    std::optional<std::size_t> ChooseInstance(const QueryContext& query, const std::vector<Candidate>& feasible);
    /// The instances the agent scores: \p feasible, or those of them reachable in time (SkipUnreachable).
    const std::vector<Candidate>& SelectReachable(const QueryContext& query, const std::vector<Candidate>& feasible);
    /// Counts and traces a placement the shield moved away from \p action.
    void NoteShielded(Time now, uint32_t action);
    void Count(Time now, uint32_t action);
    void LearnFromSettled(Time now);
    void AssignDelegateStreams();
    /// Sets ShieldedDelegates; throws std::invalid_argument on a name that is not a static policy.
    void SetShieldedDelegates(const std::string& delegates);
    std::string GetShieldedDelegates() const;
    void SetShieldMargin(double margin);
    double GetShieldMargin() const;

    // Attributes
    ActionSpace m_actionSpace;
    Time m_decisionPeriod;
    bool m_learning;
    std::string m_checkpoint;
    std::string m_hiddenLayers;
    double m_tieMargin;
    bool m_shieldOn;
    std::string m_shieldedDelegates;
    uint32_t m_learnEvery;
    double m_learningRate;
    double m_learningRateEnd;
    double m_discount;
    uint32_t m_batchSize;
    uint32_t m_replayCapacity;
    uint32_t m_warmup;
    uint32_t m_targetSync;
    double m_epsilonStart;
    double m_epsilonEnd;
    uint32_t m_epsilonDecay;
    double m_huberDelta;
    bool m_doubleDqn;
    double m_gradientClip;
    uint64_t m_seed{1};
    int64_t m_streamBase{-1};
    double m_energyWeight{0};
    Ptr<HardwarePowerModel> m_powerModel;

    std::vector<Ptr<SchedulingPolicy>> m_delegates;
    std::vector<bool> m_shielded; //!< per delegate: whether the shield checks its choices
    AsetShield m_shield;
    uint64_t m_shieldedCount{0};
    std::shared_ptr<AsetDqnAgent> m_agent;
    AsetStateEncoder m_encoder;
    AsetCreditLedger m_ledger;
    std::shared_ptr<AsetObservation> m_scratch; //!< the reused observation when not learning
    std::vector<uint32_t> m_cost;          //!< the actions' costs for TieMargin, reused
    bool m_skipUnreachable{true};
    std::vector<Candidate> m_reachable;       //!< SelectReachable's instances, reused
    std::vector<std::size_t> m_reachableIndex; //!< their indices in the feasible set
    std::vector<uint32_t> m_delegateOfRow; //!< policy space: the delegate of each action row
    const PoolView* m_pool{nullptr};
    uint32_t m_action{0}; //!< the period's delegate (policy space)
    uint32_t m_actionsScored{0};
    Time m_periodEnd;
    bool m_decided{false};      //!< a period decision exists (policy space)
    bool m_queryDecided{false}; //!< this query got a decision of its own (instance space)
    uint32_t m_settledSinceLearning{0};
    uint64_t m_decisions{0};
    uint64_t m_rewardedDecisions{0};
    double m_rewardSum{0};
    std::vector<uint64_t> m_actionCounts;
    TracedCallback<Time, uint32_t, double> m_actionTrace;
    TracedCallback<Time, uint32_t> m_shieldTrace;
    TracedCallback<uint64_t, uint32_t, double> m_creditTrace;
    Chooser m_chooser;
    uint64_t m_settledCount{0}; //!< decisions the ledger settled, in order: the next one's number
};

} // namespace ns3

#endif // ASET_POLICY_H
