// SPDX-License-Identifier: GPL-2.0-only
#include "aset-stepped-run.h"

#include "ns3/aset-policy.h"
#include "ns3/callback.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace ns3
{

namespace
{
/// The Credit trace of scheduler \p agent's policy, into \p credits under \p mutex.
void
NoteCredit(std::pair<std::mutex*, std::vector<AsetSteppedRun::Credit>*> into,
           uint32_t agent,
           uint64_t number,
           uint32_t queries,
           double reward)
{
    std::lock_guard<std::mutex> lock(*into.first);
    into.second->push_back({agent, number, queries, reward});
}
} // namespace

AsetSteppedRun::AsetSteppedRun(Settings settings)
{
    m_thread = std::thread(&AsetSteppedRun::Simulate, this, std::move(settings));
    try
    {
        WaitForCaller();
    }
    catch (...)
    {
        m_thread.join(); // it has finished: the error ended it
        throw;
    }
}

AsetSteppedRun::~AsetSteppedRun()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_abort = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

bool
AsetSteppedRun::IsFinished() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_turn == Turn::FINISHED;
}

const AsetSteppedRun::Decision&
AsetSteppedRun::GetDecision() const
{
    return m_decision;
}

const PolicyRunResult&
AsetSteppedRun::GetResult() const
{
    return m_result;
}

std::vector<AsetSteppedRun::Credit>
AsetSteppedRun::TakeCredits()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    std::vector<Credit> credits;
    credits.swap(m_credits);
    return credits;
}

void
AsetSteppedRun::Step(uint32_t action)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_turn != Turn::CALLER)
        {
            throw std::logic_error("the run has ended: no decision to take");
        }
        const uint32_t rows = m_decision.observation.GetActionCount();
        if (action >= rows)
        {
            throw std::out_of_range("action " + std::to_string(action) + ": this decision has " +
                                    std::to_string(rows) + " actions");
        }
        m_action = action;
        m_turn = Turn::SIMULATION;
    }
    m_changed.notify_all();
    WaitForCaller();
}

void
AsetSteppedRun::WaitForCaller()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_changed.wait(lock, [this] { return m_turn != Turn::SIMULATION; });
    if (m_error)
    {
        std::rethrow_exception(std::exchange(m_error, nullptr));
    }
}

uint32_t
AsetSteppedRun::Choose(uint32_t agent,
                       const QueryContext& query,
                       const std::vector<Candidate>& candidates,
                       const AsetObservation& observation,
                       uint64_t number)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    if (m_abort)
    {
        return 0; // the run is being ended: Simulator::Stop() is called already
    }
    m_decision.agent = agent;
    m_decision.number = number;
    m_decision.query = query;
    m_decision.candidates = candidates;
    m_decision.observation = observation;
    m_turn = Turn::CALLER;
    m_changed.notify_all();
    m_changed.wait(lock, [this] { return m_turn == Turn::SIMULATION || m_abort; });
    if (m_abort)
    {
        Simulator::Stop(); // after this event: the rest of the run is not wanted
        return 0;
    }
    return m_action;
}

void
AsetSteppedRun::Simulate(Settings s)
{
    PolicyRunResult result;
    std::exception_ptr error;
    try
    {
        // Built on this thread: ns-3's simulator belongs to the thread that first uses it.
        AsetExperiment experiment(s.scenario);
        uint32_t schedulers = 0;
        bool noSuchAgent = false;
        experiment.SetPolicyConfigurator([this, &s, &schedulers, &noSuchAgent](Ptr<SchedulingPolicy> policy,
                                                                               uint32_t scheduler) {
            if (s.configure)
            {
                s.configure(policy, scheduler);
            }
            schedulers = std::max(schedulers, scheduler + 1);
            if (scheduler == 0 && s.agent)
            {
                // Every scheduler is configured before the run's first event: an agent
                // that is none of them ends the run there, instead of at its end.
                Simulator::ScheduleNow([&s, &schedulers, &noSuchAgent] {
                    if (*s.agent >= schedulers)
                    {
                        noSuchAgent = true;
                        Simulator::Stop();
                    }
                });
            }
            Ptr<AsetPolicy> aset = DynamicCast<AsetPolicy>(policy);
            if (!aset || (s.agent && *s.agent != scheduler))
            {
                return;
            }
            AsetPolicy* raw = PeekPointer(aset); // the policy owns its chooser: no reference cycle
            aset->SetChooser([this, raw, scheduler](const QueryContext& query,
                                                    const std::vector<Candidate>& candidates,
                                                    const AsetObservation& observation) {
                // Act() has counted this decision already.
                return Choose(scheduler, query, candidates, observation, raw->GetDecisionCount() - 1);
            });
            aset->TraceConnectWithoutContext(
                "Credit",
                MakeBoundCallback(&NoteCredit, std::make_pair(&m_mutex, &m_credits), scheduler));
        });
        result = experiment.Run("aset", s.seed, s.run);
        if (noSuchAgent)
        {
            throw std::invalid_argument("agent " + std::to_string(*s.agent) + ": the scenario has " +
                                        std::to_string(schedulers) + " schedulers (0 to " +
                                        std::to_string(schedulers - 1) + ")");
        }
    }
    catch (...)
    {
        error = std::current_exception();
        Simulator::Destroy(); // a run that threw midway left its network behind
    }
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_result = std::move(result);
        m_error = error;
        m_turn = Turn::FINISHED;
    }
    m_changed.notify_all();
}

} // namespace ns3
