// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_DQN_AGENT_H
#define ASET_DQN_AGENT_H

#include "aset-mlp.h"
#include "aset-observation.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Hyper-parameters of a deep Q-learning agent. The defaults are
 * AsetPolicy's attribute defaults, whose help strings give the reasons.
 */
struct AsetDqnConfig
{
    uint32_t contextSize{0}; //!< context features of an observation
    uint32_t actionSize{0};  //!< features of each action row
    std::vector<uint32_t> hiddenLayers{32}; //!< at least one
    double learningRate{5e-4};     //!< Adam step size (SetLearningRate changes it)
    double discount{0.5};          //!< gamma: how far ahead rewards count
    uint32_t batchSize{32};        //!< transitions per gradient step
    uint32_t replayCapacity{20000};
    uint32_t warmupTransitions{200};   //!< no learning before the replay holds this many
    uint32_t targetSyncInterval{250};  //!< learning steps between target-network copies
    double epsilonStart{1.0};
    double epsilonEnd{0.05};
    uint32_t epsilonDecaySteps{20000}; //!< exploring actions over which epsilon falls linearly
    double huberDelta{1.0};
    bool doubleDqn{true};
    double gradientClip{10.0}; //!< largest gradient norm per step
    uint64_t seed{1};
};

/**
 * \ingroup aset
 * \brief One step of experience: in \p state, the action row \p action
 * earned \p reward and led to \p next (ignored when \p terminal, or when
 * \p next has no action). Observations are shared: a decision's successor
 * is the next decision's own observation.
 */
struct AsetTransition
{
    std::shared_ptr<const AsetObservation> state;
    uint32_t action{0};
    float reward{0};
    std::shared_ptr<const AsetObservation> next;
    bool terminal{false};
};

/**
 * \ingroup aset
 * \brief A deep Q-network agent: an MLP that scores each action of an
 * observation from the context and that action's features, with the same
 * weights for every action (so the actions may be any number, as many as a
 * pool has instances); experience replay, a target network, double DQN
 * targets, Huber loss, Adam, epsilon-greedy exploration with linear decay.
 *
 * Training runs through libtorch, which this header does not include: the
 * network lives behind a pimpl. Acting greedily never calls libtorch: after
 * every learning step the weights are copied into an AsetMlp, evaluated with
 * plain loops. libtorch runs single-threaded, and network initialisation and
 * minibatch sampling draw from the agent's seed, so the same seed and the
 * same experience give the same agent.
 */
class AsetDqnAgent
{
  public:
    explicit AsetDqnAgent(const AsetDqnConfig& config);
    ~AsetDqnAgent();
    AsetDqnAgent(const AsetDqnAgent&) = delete;
    AsetDqnAgent& operator=(const AsetDqnAgent&) = delete;

    const AsetDqnConfig& GetConfig() const;

    /**
     * Chooses one of \p observation's actions (it must have one). With
     * \p explore, a uniformly drawn action with probability epsilon (which
     * then decays one step), else the greedy one.
     */
    uint32_t Act(const AsetObservation& observation, bool explore);
    /**
     * The greedy action, from the fast network. With a positive \p tieMargin
     * and a \p cost per action, the cheapest action whose Q-value is within
     * \p tieMargin of the best (AsetMlp::PickAction).
     */
    uint32_t Greedy(const AsetObservation& observation,
                    float tieMargin = 0.0f,
                    const std::vector<uint32_t>& cost = {}) const;

    void Remember(AsetTransition transition);
    /// One gradient step on a random minibatch; the loss, or a negative value before warm-up.
    double Learn();
    /// Copies the online network into the target network.
    void SyncTarget();

    double GetEpsilon() const;
    /**
     * Holds epsilon at \p epsilon (in [0, 1]) instead of its decay by
     * EpsilonDecaySteps, for a schedule over a training's episodes.
     */
    void SetEpsilon(double epsilon);
    /// Adam's step size for the next learning steps.
    double GetLearningRate() const;
    /// Changes Adam's step size, for a schedule over a training.
    void SetLearningRate(double rate);
    uint64_t GetActSteps() const;
    uint64_t GetLearnSteps() const;
    std::size_t GetReplaySize() const;

    /// Q-values of every action through libtorch, of the online or the target network (for checks and tests).
    std::vector<float> GetQValues(const AsetObservation& observation, bool target = false) const;
    /// The fast copy of the online network that Greedy() evaluates.
    const AsetMlp& GetFastNetwork() const;

    /// Saves networks, optimiser state and counters; throws std::runtime_error on failure.
    void Save(const std::string& path) const;
    /**
     * Loads what Save() wrote, or a TorchScript Q-network (LoadScripted()).
     * Throws AsetInputError naming the file and the field if it cannot be
     * read or its network has another shape.
     */
    void Load(const std::string& path);
    /**
     * Takes the weights of a TorchScript Q-network with this agent's layers
     * (the Python package's aset.QNetwork, exported with torch.jit), into
     * the online and target networks and the fast path; counters and
     * optimiser state stay. Throws AsetInputError naming the file and the
     * parameter that is missing or of another shape.
     */
    void LoadScripted(const std::string& path);

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace ns3

#endif // ASET_DQN_AGENT_H
