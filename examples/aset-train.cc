// SPDX-License-Identifier: GPL-2.0-only
//
// Trains the ASET scheduler. Each episode is a fresh simulation of the
// default scenario with its own run number and a randomised load and access
// network; every scheduler acts with one shared agent (one learner, many
// actors) that explores and learns as the episode runs; with --shared=false
// each scheduler trains an agent of its own on its own observations. Then the greedy
// agent is evaluated on held-out seeds beside the static policies.
//
//   aset-train                                   default training, a few minutes
//   aset-train --episodes=20 --output=quick      a short run
//   aset-train --resume=train/aset-policy.pt     continue a training in its folder
//
// Writes <output>/training-curve.csv, <output>/aset-policy.pt (every
// --checkpoint-every episodes and at the end) and <output>/evaluation.csv.
// The pretrained policy in data/ comes from the default command:
//   aset-train --output=train && cp train/aset-policy.pt data/
#include "ns3/aset-experiment.h"
#include "ns3/aset-input-error.h"
#include "ns3/aset-policy.h"
#include "ns3/aset-progress-reporter.h"
#include "ns3/aset-results.h"
#include "ns3/boolean.h"
#include "ns3/command-line.h"
#include "ns3/uinteger.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <random>
#include <unistd.h>

using namespace ns3;

namespace
{
/**
 * The conditions of one training episode, drawn around the default scenario:
 * load, access latency and loss, and, unknown to the schedulers, slowed
 * metro and far-edge hardware, so that different static policies are best
 * in different episodes and the agent must tell them apart from its state.
 */
AsetScenario
RandomisedScenario(std::mt19937_64& rng, double episodeSeconds)
{
    const auto uniform = [&rng](double low, double high) {
        return std::uniform_real_distribution<double>(low, high)(rng);
    };
    const auto chance = [&rng](double p) { return std::bernoulli_distribution(p)(rng); };
    AsetScenario s = AsetScenario::Default();
    s.duration = Seconds(episodeSeconds);
    s.load = uniform(0.5, 3.0);
    s.topology.access.delay = MicroSeconds(std::llround(1000 * uniform(1, 8)));
    s.topology.access.lossRate = chance(0.3) ? uniform(0, 0.05) : 0.0;
    s.nearEdgeSlowdown = chance(0.5) ? uniform(2, 10) : 1.0;
    s.farEdgeSlowdown = chance(0.5) ? uniform(1.5, 4) : 1.0;
    return s;
}

double
SuccessRatio(const PolicyRunResult& r)
{
    return PolicySummary::FromRun(r).successRatio;
}

std::string
Clock(double seconds)
{
    std::ostringstream os;
    os << int(seconds) / 60 << "m" << std::setw(2) << std::setfill('0') << int(seconds) % 60 << "s";
    return os.str();
}
} // namespace

int
main(int argc, char* argv[])
{
    uint32_t episodes = 400;
    double episodeSeconds = 10;
    uint32_t seed = 1;
    uint32_t evalSeeds = 5;
    uint32_t checkpointEvery = 10;
    std::string output = "train";
    std::string resume;
    bool shared = true;
    CommandLine cmd(__FILE__);
    cmd.Usage("Trains the ASET scheduler over episodes of the default scenario, then "
              "evaluates it greedily on held-out seeds.");
    cmd.AddValue("episodes", "Training episodes", episodes);
    cmd.AddValue("episode-duration", "Simulated seconds of queries per episode", episodeSeconds);
    cmd.AddValue("seed", "Seed of the training (episode conditions, agent initialisation)", seed);
    cmd.AddValue("eval-seeds", "Held-out seeds for the greedy evaluation (0: none)", evalSeeds);
    cmd.AddValue("checkpoint-every", "Episodes between checkpoints", checkpointEvery);
    cmd.AddValue("output", "Folder for the curve, the checkpoint and the evaluation", output);
    cmd.AddValue("resume", "Checkpoint to continue training from", resume);
    cmd.AddValue("shared",
                 "One agent for all schedulers (one learner, many actors); false: one each, "
                 "saved as aset-policy-<scheduler>.pt",
                 shared);
    cmd.Parse(argc, argv);

    try
    {
        if (episodes == 0 || !(episodeSeconds > 0) || checkpointEvery == 0)
        {
            throw std::invalid_argument("--episodes, --episode-duration and --checkpoint-every must be positive");
        }
        std::filesystem::create_directories(output);
        const std::string checkpoint = output + "/aset-policy.pt";
        Ptr<ModelCatalogue> catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());

        // A resumed training continues the curve in its folder: episode numbers,
        // run numbers and episode conditions carry on where they stopped.
        const std::string curvePath = output + "/training-curve.csv";
        uint32_t done = 0;
        if (!resume.empty())
        {
            std::ifstream previous(curvePath);
            std::string line;
            while (std::getline(previous, line))
            {
                done += line.empty() || line.rfind("episode", 0) == 0 ? 0 : 1;
            }
        }
        // Agents built like an AsetPolicy's own, with epsilon decaying over
        // the first third of the decisions the training is expected to make:
        // one per period and scheduler, or one per query in the instance space.
        Ptr<AsetPolicy> prototype = CreateObject<AsetPolicy>();
        prototype->AssignStreams(seed);
        AsetDqnConfig config = prototype->GetAgentConfig();
        TimeValue period;
        prototype->GetAttribute("DecisionPeriod", period);
        const AsetScenario defaults = AsetScenario::Default();
        const uint32_t schedulers = defaults.topology.farEdgeSites;
        const double meanLoad = 1.75; // of RandomisedScenario's U(0.5, 3)
        const double decisionsPerSecond =
            prototype->GetActionSpace() == AsetPolicy::POLICY
                ? schedulers / period.Get().GetSeconds()
                : defaults.ratePerAccessNode * defaults.topology.accessNodes * meanLoad;
        const std::size_t agentCount = shared ? 1 : schedulers;
        config.epsilonDecaySteps = static_cast<uint32_t>(
            (done + episodes) * episodeSeconds * decisionsPerSecond / agentCount / 3);
        std::vector<std::shared_ptr<AsetDqnAgent>> agents;
        // Per-scheduler checkpoints are aset-policy-<i>.pt beside the shared one's name.
        const auto perScheduler = [](std::string path, std::size_t i) {
            const std::string suffix = ".pt";
            if (path.size() >= suffix.size() &&
                path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
            {
                path.resize(path.size() - suffix.size());
            }
            return path + "-" + std::to_string(i) + suffix;
        };
        for (std::size_t i = 0; i < agentCount; ++i)
        {
            config.seed = seed + i;
            agents.push_back(std::make_shared<AsetDqnAgent>(config));
            if (!resume.empty())
            {
                agents.back()->Load(shared ? resume : perScheduler(resume, i));
            }
        }
        const auto agentOf = [&agents](uint32_t scheduler) {
            return agents[scheduler % agents.size()];
        };
        const auto checkpointOf = [&](std::size_t i) {
            return shared ? checkpoint : perScheduler(checkpoint, i);
        };
        const auto& agent = agents.front(); // progress and curve follow the first
        if (!resume.empty())
        {
            std::cout << "Resumed from " << resume << " (" << agent->GetLearnSteps()
                      << " learning steps so far)\n";
        }

        std::ofstream curve(curvePath, done > 0 ? std::ios::app : std::ios::trunc);
        if (done == 0)
        {
            curve << "episode,run,load,epsilon,decisions,mean_reward,success_ratio,learn_steps,wall_s\n";
        }
        std::mt19937_64 conditions(seed);
        for (uint32_t e = 0; e < done; ++e)
        {
            RandomisedScenario(conditions, episodeSeconds); // the conditions already trained on
        }
        const auto start = std::chrono::steady_clock::now();
        const bool terminal = isatty(STDOUT_FILENO) == 1;
        for (uint32_t e = done + 1; e <= done + episodes; ++e)
        {
            const AsetScenario scenario = RandomisedScenario(conditions, episodeSeconds);
            AsetExperiment experiment(scenario, catalogue);
            experiment.SetShowProgress(true); // a run of over a second shows its own line
            experiment.SetPolicyConfigurator([&agentOf](Ptr<SchedulingPolicy> policy, uint32_t scheduler) {
                policy->SetAttribute("Learning", BooleanValue(true));
                DynamicCast<AsetPolicy>(policy)->SetAgent(agentOf(scheduler));
            });
            const PolicyRunResult r = experiment.Run("aset", seed, e);
            const std::string accounting = r.CheckAccounting();
            if (!accounting.empty())
            {
                throw std::runtime_error("episode " + std::to_string(e) + ": " + accounting);
            }
            const double elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            curve << e << ',' << e << ',' << std::fixed << std::setprecision(4) << scenario.load << ','
                  << agent->GetEpsilon() << ',' << r.decisions << ',' << r.meanReward << ','
                  << SuccessRatio(r) << ',' << agent->GetLearnSteps() << ',' << std::setprecision(2)
                  << elapsed << '\n'
                  << std::defaultfloat;
            std::ostringstream line;
            line << "episode " << e << "/" << done + episodes << " | load " << std::setprecision(2)
                 << std::fixed << scenario.load << " | epsilon " << std::setprecision(3)
                 << agent->GetEpsilon() << " | reward " << r.meanReward << " | success "
                 << std::setprecision(1) << 100 * SuccessRatio(r) << "% | elapsed " << Clock(elapsed)
                 << " | ETA " << Clock(elapsed / (e - done) * (done + episodes - e));
            std::cout << (terminal ? "\r\033[K" : "") << line.str() << (terminal ? "" : "\n") << std::flush;
            if (e % checkpointEvery == 0 || e == done + episodes)
            {
                for (std::size_t i = 0; i < agents.size(); ++i)
                {
                    agents[i]->Save(checkpointOf(i));
                }
            }
        }
        std::cout << (terminal ? "\n" : "") << "Wrote " << output << "/training-curve.csv and "
                  << (shared ? checkpoint : output + "/aset-policy-<scheduler>.pt") << "\n";

        if (evalSeeds > 0)
        {
            // Greedy evaluation on seeds never trained on, beside the static policies.
            std::ofstream evaluation(output + "/evaluation.csv");
            evaluation << "seed,policy,success_ratio\n";
            AsetScenario scenario = AsetScenario::Default();
            const std::vector<std::string> policies = AsetExperiment::GetPolicyNames();
            std::map<std::string, double> sums;
            AsetProgressLine progress;
            const auto evalStart = std::chrono::steady_clock::now();
            const std::size_t evalRuns = evalSeeds * policies.size();
            for (uint32_t k = 0; k < evalSeeds; ++k)
            {
                const uint32_t heldOut = 1000 + k;
                AsetExperiment experiment(scenario, catalogue);
                experiment.SetShowProgress(true); // a run of over a second shows its own line
                experiment.SetPolicyConfigurator([&agentOf](Ptr<SchedulingPolicy> policy, uint32_t scheduler) {
                    if (auto aset = DynamicCast<AsetPolicy>(policy))
                    {
                        aset->SetAgent(agentOf(scheduler));
                    }
                });
                for (const auto& policy : policies)
                {
                    const double wall =
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - evalStart).count();
                    const std::size_t done = k * policies.size() + (&policy - policies.data());
                    progress.Show("evaluation: seed " + std::to_string(heldOut) + " " + policy + " | " +
                                  std::to_string(done) + "/" + std::to_string(evalRuns) + " runs done | " +
                                  AsetProgressLine::WallAndEta(wall, double(done) / evalRuns));
                    const double ratio = SuccessRatio(experiment.Run(policy, heldOut, 1));
                    sums[policy] += ratio;
                    evaluation << heldOut << ',' << policy << ',' << std::fixed << std::setprecision(6)
                               << ratio << '\n';
                }
            }
            progress.Clear();
            std::cout << "\nGreedy evaluation, default scenario, mean success over " << evalSeeds
                      << " held-out seeds:\n";
            for (const auto& policy : policies)
            {
                std::cout << "  " << std::left << std::setw(30) << policy << std::right << std::fixed
                          << std::setprecision(2) << 100 * sums[policy] / evalSeeds << "%\n";
            }
            std::cout << "Wrote " << output << "/evaluation.csv\n";
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "aset-train: error: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
