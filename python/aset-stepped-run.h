// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_STEPPED_RUN_H
#define ASET_STEPPED_RUN_H

#include "ns3/aset-experiment.h"
#include "ns3/aset-observation.h"
#include "ns3/aset-scenario.h"

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief One run of a scenario under AsetPolicy whose decisions are taken
 * one at a time by the caller: the engine of the Python package's
 * environment (aset.AsetEnv).
 *
 * A decision is made inside an ns-3 event, at a query's arrival. The
 * simulation runs on a thread of its own; at each decision of a stepped
 * scheduler its policy (AsetPolicy::SetChooser) publishes the decision and
 * waits, and Step() hands it the action and waits for the next decision or
 * the end of the run. So the query is dispatched in its own event, at its
 * own time, exactly as AsetPolicy would dispatch it, and the state, the
 * candidates and the credit are AsetPolicy's own. Only one thread runs at a
 * time. ns-3 has one simulator per process: one AsetSteppedRun may run at a time.
 */
class AsetSteppedRun
{
  public:
    struct Settings
    {
        AsetScenario scenario;
        uint32_t seed{1};
        uint64_t run{1};
        /// The scheduler whose decisions are stepped; none: every scheduler's.
        std::optional<uint32_t> agent;
        /// Called for each scheduler's AsetPolicy before the run (attributes).
        AsetExperiment::PolicyConfigurator configure;
    };

    /// A decision waiting for its action.
    struct Decision
    {
        uint32_t agent{0};    //!< the scheduler's index
        uint64_t number{0};   //!< the decision's number at its scheduler (Credit's)
        QueryContext query;
        std::vector<Candidate> candidates; //!< the instances scored (instance space)
        AsetObservation observation;
    };

    /// A decision the credit ledger settled since the previous step.
    struct Credit
    {
        uint32_t agent{0};
        uint64_t number{0};
        uint32_t queries{0};
        double reward{0};
    };

    /// Starts the run and waits for its first decision (or its end).
    explicit AsetSteppedRun(Settings settings);
    /// Ends a run still going (the rest of it is not simulated) and waits for its thread.
    ~AsetSteppedRun();
    AsetSteppedRun(const AsetSteppedRun&) = delete;
    AsetSteppedRun& operator=(const AsetSteppedRun&) = delete;

    /// True once the simulation ended: no decision is pending.
    bool IsFinished() const;
    /// The pending decision (valid while not finished).
    const Decision& GetDecision() const;
    /**
     * Takes row \p action of the pending decision and runs until the next
     * decision or the end. Throws std::out_of_range for a row the decision
     * does not have, std::logic_error when finished; rethrows what the
     * simulation threw.
     */
    void Step(uint32_t action);
    /// The decisions settled since the last call, oldest first.
    std::vector<Credit> TakeCredits();
    /// The run's result, once finished.
    const PolicyRunResult& GetResult() const;

  private:
    enum class Turn
    {
        SIMULATION, //!< the simulation thread runs
        CALLER,     //!< a decision waits for its action
        FINISHED,
    };

    void Simulate(Settings settings);
    /// The stepped policies' chooser, on the simulation thread.
    uint32_t Choose(uint32_t agent, const QueryContext& query, const std::vector<Candidate>& candidates,
                    const AsetObservation& observation, uint64_t number);
    void WaitForCaller();

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    Turn m_turn{Turn::SIMULATION};
    bool m_abort{false};
    Decision m_decision;
    uint32_t m_action{0};
    std::vector<Credit> m_credits;
    PolicyRunResult m_result;
    std::exception_ptr m_error;
    std::thread m_thread;
};

} // namespace ns3

#endif // ASET_STEPPED_RUN_H
