// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_POLICY_H
#define ASET_POLICY_H

#include "aset-credit-ledger.h"
#include "aset-dqn-agent.h"
#include "aset-state-encoder.h"
#include "scheduling-policy.h"

#include "ns3/traced-callback.h"

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
 * - policy (default): every DecisionPeriod the agent picks which static
 *   policy (closest, random, round-robin, least-loaded, cloud-only,
 *   earliest-expected-completion) places the queries of the next period;
 * - instance: for each query the agent picks the (cluster, instance) slot,
 *   infeasible slots masked out.
 *
 * The state is AsetStateEncoder's. The reward of a decision is the share of
 * its queries that succeeded, credited by an AsetCreditLedger as outcomes
 * become known. With Learning on, the agent explores (epsilon-greedy),
 * stores each settled decision as a transition and takes a gradient step
 * every LearnEvery decisions; off, it acts greedily through the fast path.
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

    /// Signature of the Action trace: the decision's time, action and epsilon.
    typedef void (*ActionTracedCallback)(Time now, uint32_t action, double epsilon);
    /// Signature of the Shield trace: the query's time and the period's action the shield overrode.
    typedef void (*ShieldTracedCallback)(Time now, uint32_t action);

    static TypeId GetTypeId();
    AsetPolicy();
    ~AsetPolicy() override;

    /// The pretrained agent shipped in the module's data/ folder.
    static std::string GetPretrainedPath();

    std::string GetName() const override;
    int64_t AssignStreams(int64_t stream) override;
    void NotifyDecision(const QueryContext& query, const SchedulingDecision& decision) override;
    void NotifyOutcome(uint32_t clientId, uint64_t queryId, bool success, Time now) override;

    /// Acts with (and, when learning, trains) \p agent; it must fit GetAgentConfig().
    void SetAgent(std::shared_ptr<AsetDqnAgent> agent);
    /// The agent, built on first use from the attributes (and Checkpoint).
    std::shared_ptr<AsetDqnAgent> GetAgent();
    /// The agent configuration the attributes describe.
    AsetDqnConfig GetAgentConfig() const;

    ActionSpace GetActionSpace() const;

    /// Names of the actions, for tables and plots.
    std::vector<std::string> GetActionNames() const;
    /**
     * Cost of each action of the policy space, in GetStaticPolicyNames()
     * order, for TieMargin's tie-break: closest (fewest packet hops per
     * query) 0, every other policy 1.
     */
    static const std::vector<uint32_t>& GetPolicyActionCosts();
    uint64_t GetDecisionCount() const;
    /// Mean reward of the settled decisions that placed queries.
    double GetMeanReward() const;
    /// How often each action was chosen.
    const std::vector<uint64_t>& GetActionCounts() const;
    /// Queries the shield sent elsewhere than the period's delegate chose (ShieldedDelegates).
    uint64_t GetShieldedCount() const;

  protected:
    void DoDispose() override;
    void DoPrepare(const QueryContext& query, const PoolView& pool) override;
    std::optional<std::size_t> DoChoose(const QueryContext& query,
                                        const std::vector<Candidate>& feasible) override;

  private:
    AsetStateEncoder::Layout GetLayout() const;
    uint32_t GetActionCount() const;
    /// The instance-space action that places a query on \p c, or none if \p c has no slot.
    std::optional<uint32_t> SlotOf(const Candidate& c) const;
    /// Encodes the state, lets the agent act, and opens the decision in the ledger.
    void MakeDecision(const QueryContext& query,
                      const std::vector<Candidate>& feasible,
                      const std::vector<bool>& allowed,
                      const std::vector<uint32_t>& cost);
    void LearnFromSettled(Time now);
    void AssignDelegateStreams();
    /// Sets ShieldedDelegates; throws std::invalid_argument on a name that is not a static policy.
    void SetShieldedDelegates(const std::string& delegates);
    std::string GetShieldedDelegates() const;
    /**
     * The shield: \p choice, unless the period's delegate is shielded and
     * \p choice leaves less than ShieldMargin of the deadline as expected
     * slack while the instance expected to finish first is expected in
     * time; then that instance.
     */
    std::size_t Shield(const QueryContext& query, const std::vector<Candidate>& feasible, std::size_t choice);

    // Attributes
    ActionSpace m_actionSpace;
    Time m_decisionPeriod;
    bool m_learning;
    std::string m_checkpoint;
    std::string m_hiddenLayers;
    uint32_t m_maxApplications;
    uint32_t m_maxClusters;
    uint32_t m_maxInstances;
    uint32_t m_maxTasks;
    double m_tieMargin;
    std::string m_shieldedDelegates;
    double m_shieldMargin;
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

    std::vector<Ptr<SchedulingPolicy>> m_delegates;
    std::vector<bool> m_shielded; //!< per delegate: whether the shield checks its choices
    uint64_t m_shieldedCount{0};
    std::shared_ptr<AsetDqnAgent> m_agent;
    std::unique_ptr<AsetStateEncoder> m_encoder;
    AsetCreditLedger m_ledger;
    std::vector<float> m_state;
    std::vector<uint32_t> m_slotCost; //!< per-query costs of the instance space's slots
    const PoolView* m_pool{nullptr};
    uint32_t m_action{0};
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
};

} // namespace ns3

#endif // ASET_POLICY_H
