// SPDX-License-Identifier: GPL-2.0-only
// aset._core: the C++ side of the Python package (python/aset/). Runs go
// through AsetExperiment and their summaries through AsetResultsWriter, as
// aset-run's do; the pure-Python package shapes what this returns.
#include "aset-stepped-run.h"

#include "ns3/aset-experiment.h"
#include "ns3/aset-input-error.h"
#include "ns3/aset-policy.h"
#include "ns3/aset-results.h"
#include "ns3/aset-scenario-file.h"
#include "ns3/aset-scenario.h"
#include "ns3/aset-state-encoder.h"
#include "ns3/config.h"
#include "ns3/static-scheduling-policies.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;
using namespace ns3;

namespace
{

/**
 * ns-3 has one simulator per process: a run (aset.run) or an environment's
 * episode may start only while no episode is open. Only touched with the GIL held.
 */
std::set<const AsetSteppedRun*> g_episodes;

void
CheckNoOpenEpisode()
{
    if (std::any_of(g_episodes.begin(), g_episodes.end(), [](const AsetSteppedRun* r) {
            return !r->IsFinished();
        }))
    {
        throw std::runtime_error("an AsetEnv episode is open in this process (ns-3 has one simulator per "
                                 "process): close() it first");
    }
}

/// What aset.run() and aset.AsetEnv() choose the scenario with, as aset-run's options do.
struct ScenarioChoice
{
    std::string file;    //!< a scenario file; empty: the variant
    std::string variant; //!< a variant of the default scenario
    double duration{0};  //!< seconds of queries; 0: the scenario's
    double load{0};      //!< 0: the scenario's

    AsetScenario Make() const
    {
        if (!file.empty() && variant != "default")
        {
            throw std::invalid_argument("give scenario or variant, not both");
        }
        AsetScenario s = file.empty() ? AsetScenario::Variant(variant) : AsetScenarioFile::Load(file);
        if (duration < 0 || duration > AsetScenario::kMaxDurationSeconds || std::isnan(duration))
        {
            throw std::invalid_argument("duration: expected seconds in (0, 1e8], got " + std::to_string(duration));
        }
        if (load < 0 || load > AsetScenario::kMaxLoad || std::isnan(load))
        {
            throw std::invalid_argument("load: expected a multiplier in (0, 1e6], got " + std::to_string(load));
        }
        if (duration > 0)
        {
            s.duration = Seconds(duration);
        }
        if (load > 0)
        {
            s.load = load;
        }
        return s;
    }
};

/**
 * Attribute defaults ("ns3::AsetPolicy::TieMargin" -> "0") for the lifetime
 * of the object: the previous defaults come back afterwards, so one run's
 * settings never leak into the next.
 */
class ScopedDefaults
{
  public:
    explicit ScopedDefaults(const std::map<std::string, std::string>& defaults)
    {
        for (const auto& [name, value] : defaults)
        {
            const std::size_t colons = name.rfind("::");
            TypeId tid;
            TypeId::AttributeInformation info;
            if (colons == std::string::npos || !TypeId::LookupByNameFailSafe(name.substr(0, colons), &tid) ||
                !tid.LookupAttributeByName(name.substr(colons + 2), &info))
            {
                throw std::invalid_argument("attributes: " + name +
                                            ": expected ns3::<Type>::<Attribute>, e.g. ns3::AsetPolicy::TieMargin");
            }
            const std::string previous = info.initialValue->SerializeToString(info.checker);
            if (!Config::SetDefaultFailSafe(name, StringValue(value)))
            {
                throw std::invalid_argument("attributes: " + name + ": cannot take \"" + value + "\"");
            }
            m_previous.emplace_back(name, previous);
        }
    }

    ~ScopedDefaults()
    {
        for (const auto& [name, value] : m_previous)
        {
            Config::SetDefaultFailSafe(name, StringValue(value));
        }
    }

  private:
    std::vector<std::pair<std::string, std::string>> m_previous;
};

/// summary.json's text for \p results, as aset-run writes it.
std::string
SummaryJson(const AsetScenario& scenario, uint32_t seed, uint64_t run, const std::vector<PolicyRunResult>& results)
{
    std::vector<PolicySummary> summaries;
    for (const auto& r : results)
    {
        summaries.push_back(PolicySummary::FromRun(r));
    }
    RunInfo info;
    info.scenario = scenario.name;
    info.seed = seed;
    info.run = run;
    info.load = scenario.load;
    info.durationSeconds = scenario.duration.GetSeconds();
    std::ostringstream out;
    AsetResultsWriter::WriteSummaryJson(out, info, summaries);
    return out.str();
}

/// The query as the Python side sees it.
py::dict
QueryToPython(const QueryContext& q)
{
    py::dict d;
    d["client"] = q.clientId;
    d["id"] = q.queryId;
    d["task"] = q.taskId;
    d["application"] = q.applicationId;
    d["min_accuracy"] = q.minAccuracy;
    d["deadline_s"] = q.deadline.GetSeconds();
    d["elapsed_s"] = q.elapsed.GetSeconds();
    d["now_s"] = q.now.GetSeconds();
    return d;
}

/// The candidates scored (instance space), one dict each.
py::list
CandidatesToPython(const std::vector<Candidate>& candidates)
{
    py::list list;
    for (const auto& c : candidates)
    {
        py::dict d;
        d["cluster"] = c.clusterId;
        d["instance"] = c.instanceIndex;
        d["variant"] = c.variantId;
        d["tier"] = ToString(c.tier);
        d["hardware"] = ToString(c.hardware);
        d["accuracy"] = c.accuracy;
        d["rtt_s"] = c.rtt.GetSeconds();
        d["service_time_s"] = c.serviceTime.GetSeconds();
        d["load_per_replica"] = c.GetLoadPerReplica();
        list.append(d);
    }
    return list;
}

py::array_t<float>
ContextArray(const AsetObservation& o)
{
    return py::array_t<float>(static_cast<py::ssize_t>(o.context.size()), o.context.data());
}

/// The action rows, \p rows of them (zeros past the observation's).
py::array_t<float>
ActionArray(const AsetObservation& o, std::size_t rows)
{
    py::array_t<float> a({static_cast<py::ssize_t>(rows), static_cast<py::ssize_t>(o.actionWidth)});
    float* out = a.mutable_data();
    std::fill(out, out + a.size(), 0.0f);
    std::copy(o.actions.begin(), o.actions.begin() + std::min(o.actions.size(), rows * o.actionWidth), out);
    return a;
}

/// The ns-3 seed of a run: \p seed, or the scenario's first when 0.
uint32_t
ChooseSeed(uint32_t seed, const AsetScenario& scenario)
{
    if (seed > AsetScenario::kMaxSeed)
    {
        throw std::invalid_argument("seed " + std::to_string(seed) + ": expected 1 to " +
                                    std::to_string(AsetScenario::kMaxSeed) + " (ns-3's seeds)");
    }
    return seed ? seed : (scenario.seeds.empty() ? 1 : scenario.seeds.front());
}

/**
 * Runs \p scenario under each of \p policies: a name, or a Python callable
 * (query, candidates) -> index that takes AsetPolicy's decisions.
 */
std::string
Run(const ScenarioChoice& choice,
    const std::vector<py::object>& policies,
    uint32_t seed,
    uint64_t run,
    const std::map<std::string, std::string>& attributes)
{
    CheckNoOpenEpisode();
    AsetScenario scenario = choice.Make();
    seed = ChooseSeed(seed, scenario);
    run = run ? run : scenario.run;
    const ScopedDefaults defaults(attributes);
    AsetExperiment experiment(scenario);
    std::vector<PolicyRunResult> results;
    for (const auto& policy : policies)
    {
        if (py::isinstance<py::str>(policy))
        {
            const std::string name = policy.cast<std::string>();
            experiment.SetPolicyConfigurator(nullptr);
            results.push_back(experiment.Run(name, seed, run));
            continue;
        }
        if (!PyCallable_Check(policy.ptr()))
        {
            throw std::invalid_argument("policy: expected a name or a callable (query, candidates) -> index");
        }
        // The callable's exception stops the run; it is raised once the run is cleaned up.
        std::optional<py::error_already_set> error;
        experiment.SetPolicyConfigurator([&policy, &error](Ptr<SchedulingPolicy> p, uint32_t scheduler) {
            auto aset = DynamicCast<AsetPolicy>(p);
            aset->SetChooser([&policy, &error, scheduler](const QueryContext& query,
                                                          const std::vector<Candidate>& candidates,
                                                          const AsetObservation& observation) -> uint32_t {
                if (error)
                {
                    return 0;
                }
                try
                {
                    py::dict q = QueryToPython(query);
                    q["scheduler"] = scheduler;
                    q["context"] = ContextArray(observation);
                    py::list c = CandidatesToPython(candidates);
                    const py::array_t<float> rows = ActionArray(observation, observation.GetActionCount());
                    const auto index = policy(q, c, rows).cast<int64_t>();
                    if (index < 0 || index >= observation.GetActionCount())
                    {
                        throw py::index_error("policy returned " + std::to_string(index) + " for " +
                                              std::to_string(observation.GetActionCount()) + " candidates");
                    }
                    return static_cast<uint32_t>(index);
                }
                catch (py::error_already_set& e)
                {
                    error = std::move(e);
                }
                catch (const py::cast_error&)
                {
                    PyErr_SetString(PyExc_TypeError, "policy: expected the callable to return an int");
                    error.emplace();
                }
                catch (const py::builtin_exception& e)
                {
                    e.set_error();
                    error.emplace();
                }
                Simulator::Stop();
                return 0;
            });
        });
        PolicyRunResult result = experiment.Run("aset", seed, run);
        experiment.SetPolicyConfigurator(nullptr);
        if (error)
        {
            throw std::move(*error);
        }
        result.policy = py::hasattr(policy, "__name__")
                            ? "python:" + py::str(policy.attr("__name__")).cast<std::string>()
                            : "python";
        result.typeId = "python";
        results.push_back(std::move(result));
    }
    return SummaryJson(scenario, seed, run, results);
}

/// aset.AsetEnv's engine: an AsetSteppedRun and the shape of what it returns.
class SteppedRun
{
  public:
    SteppedRun(const ScenarioChoice& choice,
               uint32_t seed,
               uint64_t run,
               int64_t agent,
               uint32_t maxActions,
               const std::map<std::string, std::string>& attributes)
        : m_maxActions(maxActions)
    {
        CheckNoOpenEpisode();
        m_settings.scenario = choice.Make();
        m_settings.seed = ChooseSeed(seed, m_settings.scenario);
        m_settings.run = run ? run : m_settings.scenario.run;
        if (agent >= 0)
        {
            m_settings.agent = static_cast<uint32_t>(agent);
        }
        m_defaults = std::make_unique<ScopedDefaults>(attributes);
        {
            py::gil_scoped_release release;
            m_run = std::make_unique<AsetSteppedRun>(m_settings);
        }
        g_episodes.insert(m_run.get());
    }

    ~SteppedRun()
    {
        g_episodes.erase(m_run.get());
        {
            py::gil_scoped_release release;
            m_run.reset();
        }
    }

    /// Takes \p action; then (finished, context, actions, mask, agent, decision, credits).
    py::tuple Step(int64_t action)
    {
        if (action < 0 || action > UINT32_MAX)
        {
            throw std::out_of_range("action " + std::to_string(action) + ": expected an index");
        }
        {
            py::gil_scoped_release release;
            m_run->Step(static_cast<uint32_t>(action));
        }
        return Current();
    }

    py::tuple Current()
    {
        const bool finished = m_run->IsFinished();
        py::list credits;
        for (const auto& c : m_run->TakeCredits())
        {
            credits.append(py::make_tuple(c.agent, c.number, c.queries, c.reward));
        }
        if (finished)
        {
            return py::make_tuple(true, py::none(), py::none(), py::none(), py::none(), py::none(), credits);
        }
        const auto& d = m_run->GetDecision();
        const uint32_t rows = d.observation.GetActionCount();
        if (rows > m_maxActions)
        {
            throw std::length_error("a decision has " + std::to_string(rows) +
                                    " candidates, more than max_actions=" + std::to_string(m_maxActions));
        }
        py::array_t<int8_t> mask(static_cast<py::ssize_t>(m_maxActions));
        int8_t* m = mask.mutable_data();
        for (uint32_t i = 0; i < m_maxActions; ++i)
        {
            m[i] = i < rows ? 1 : 0;
        }
        return py::make_tuple(false, ContextArray(d.observation), ActionArray(d.observation, m_maxActions), mask,
                              d.agent, d.number, credits);
    }

    py::dict Query() const
    {
        const auto& d = m_run->GetDecision();
        py::dict q = QueryToPython(d.query);
        q["candidates"] = CandidatesToPython(d.candidates);
        return q;
    }

    std::string Summary() const
    {
        if (!m_run->IsFinished())
        {
            throw std::logic_error("the run has not ended");
        }
        return SummaryJson(m_settings.scenario, m_settings.seed, m_settings.run, {m_run->GetResult()});
    }

    std::string Accounting() const
    {
        return m_run->GetResult().CheckAccounting();
    }

  private:
    AsetSteppedRun::Settings m_settings;
    uint32_t m_maxActions;
    std::unique_ptr<ScopedDefaults> m_defaults;
    std::unique_ptr<AsetSteppedRun> m_run;
};

/// The agent an AsetPolicy acts with, from its attributes, for scoring observations from Python.
class PolicyAgent
{
  public:
    PolicyAgent(const std::map<std::string, std::string>& attributes)
    {
        Ptr<AsetPolicy> policy = CreateObject<AsetPolicy>();
        for (const auto& [name, value] : attributes)
        {
            if (!policy->SetAttributeFailSafe(name, StringValue(value)))
            {
                throw std::invalid_argument("attributes: ns3::AsetPolicy::" + name + ": cannot take \"" +
                                            value + "\"");
            }
        }
        m_agent = policy->GetAgent(); // loads Checkpoint: throws AsetInputError naming the file
        policy->Dispose();
    }

    /// The Q-values of the greedy path (AsetMlp) for \p actions' rows in \p context.
    std::vector<float> Score(const std::vector<float>& context,
                             py::array_t<float, py::array::c_style | py::array::forcecast> actions)
    {
        Fill(context, actions);
        return m_agent->GetFastNetwork().Score(m_observation);
    }

    /// AsetPolicy's greedy choice among \p actions' rows, with TieMargin 0.
    uint32_t Greedy(const std::vector<float>& context,
                    py::array_t<float, py::array::c_style | py::array::forcecast> actions)
    {
        Fill(context, actions);
        return m_agent->Greedy(m_observation);
    }

  private:
    void Fill(const std::vector<float>& context, const py::array_t<float, py::array::c_style>& actions)
    {
        const AsetDqnConfig& c = m_agent->GetConfig();
        if (context.size() != c.contextSize || actions.ndim() != 2 || actions.shape(1) != c.actionSize ||
            actions.shape(0) < 1)
        {
            throw std::invalid_argument("expected " + std::to_string(c.contextSize) + " context features and " +
                                        "one or more rows of " + std::to_string(c.actionSize));
        }
        m_observation.context = context;
        m_observation.actionWidth = c.actionSize;
        m_observation.actions.assign(actions.data(), actions.data() + actions.size());
    }

    std::shared_ptr<AsetDqnAgent> m_agent;
    AsetObservation m_observation;
};

} // namespace

PYBIND11_MODULE(_core, m)
{
    m.doc() = "aset's C++ core; use the aset package instead.";
    py::class_<ScenarioChoice>(m, "ScenarioChoice")
        .def(py::init<>())
        .def_readwrite("file", &ScenarioChoice::file)
        .def_readwrite("variant", &ScenarioChoice::variant)
        .def_readwrite("duration", &ScenarioChoice::duration)
        .def_readwrite("load", &ScenarioChoice::load);
    m.def("run", &Run, py::arg("choice"), py::arg("policies"), py::arg("seed"), py::arg("run"),
          py::arg("attributes"));
    m.def("variant_names", &AsetScenario::GetVariantNames);
    m.def("policy_names", &AsetExperiment::GetPolicyNames);
    m.def("pretrained_path", &AsetPolicy::GetPretrainedPath);
    m.attr("CONTEXT_FEATURES") = AsetStateEncoder::kContextFeatures;
    m.attr("INSTANCE_FEATURES") = AsetStateEncoder::kInstanceFeatures;
    m.attr("POLICY_ACTIONS") = GetStaticPolicyNames().size();
    m.attr("MAX_SEED") = AsetScenario::kMaxSeed;
    py::class_<SteppedRun>(m, "SteppedRun")
        .def(py::init<const ScenarioChoice&, uint32_t, uint64_t, int64_t, uint32_t,
                      const std::map<std::string, std::string>&>(),
             py::arg("choice"), py::arg("seed"), py::arg("run"), py::arg("agent"), py::arg("max_actions"),
             py::arg("attributes"))
        .def("step", &SteppedRun::Step)
        .def("current", &SteppedRun::Current)
        .def("query", &SteppedRun::Query)
        .def("summary", &SteppedRun::Summary)
        .def("accounting", &SteppedRun::Accounting);
    py::class_<PolicyAgent>(m, "PolicyAgent")
        .def(py::init<const std::map<std::string, std::string>&>(), py::arg("attributes"))
        .def("score", &PolicyAgent::Score)
        .def("greedy", &PolicyAgent::Greedy);
    py::register_exception<AsetInputError>(m, "InputError", PyExc_ValueError);
}
