// SPDX-License-Identifier: GPL-2.0-only
//
// Trains the ASET scheduler. Each episode is a fresh simulation of a scenario
// drawn by AsetEpisodeGenerator: around the evaluation's variants, on a
// generated tiered network of random size or on an imported topology, with
// random links, hardware, hidden slowdowns and workload, so that the agent
// generalises to networks it never saw; or, with --scenario, around the
// user's own scenario files. Every scheduler acts with one shared agent (one
// learner, many actors) that explores and learns as the episode runs; with
// --shared=false, with one of two agents (scheduler i with agent i mod 2). Once exploration has decayed, the greedy agent is validated
// every --validate-every episodes on held-out conditions, and the best one is
// kept. Then the kept agent is evaluated on held-out seeds beside the static
// policies.
//
//   aset-train                                   default training, about 19 minutes
//   aset-train --episodes=20 --output=quick      a short run
//   aset-train --resume=train/aset-last.pt       continue a training in its folder
//   aset-train --scenario=my-network.json        specialise an agent to one network
//
// Writes <output>/training-curve.csv, <output>/validation.csv,
// <output>/aset-policy.pt (the agent kept), <output>/aset-last.pt (the last
// state, every --checkpoint-every episodes and at the end) and
// <output>/evaluation.csv.
// The pretrained policy in data/ is the default command's output, byte for
// byte: aset-train --output=train && cp train/aset-policy.pt data/
#include "ns3/aset-episode-generator.h"
#include "ns3/aset-experiment.h"
#include "ns3/aset-input-error.h"
#include "ns3/aset-option.h"
#include "ns3/aset-policy.h"
#include "ns3/aset-progress-reporter.h"
#include "ns3/aset-results.h"
#include "ns3/boolean.h"
#include "ns3/command-line.h"
#include "ns3/double.h"
#include "ns3/static-scheduling-policies.h"
#include "ns3/uinteger.h"

#include <boost/algorithm/string/join.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <random>
#include <sstream>
#include <unistd.h>

using namespace ns3;

namespace
{
/// Epsilon decays over the first 1/kExploringFraction of a training; only later agents are validated.
constexpr uint32_t kExploringFraction = 3;

/**
 * Held-out episode conditions on which the greedy agent is scored during the
 * training, so that the agent kept is the best one seen, not the last: a DQN's
 * greedy policy can swing from one checkpoint to the next. The score is the
 * agent's success ratio minus the best static policy's on each condition,
 * averaged: an agent scores well by matching the static policy that suits
 * each condition, not by excelling where every policy does.
 */
class ValidationSet
{
  public:
    ValidationSet(uint32_t size, uint32_t seed, const AsetEpisodeGenerator& draw)
        : m_draw(draw)
    {
        std::mt19937_64 rng(seed + kSeedOffset); // away from the training's conditions
        for (uint32_t k = 0; k < size; ++k)
        {
            m_conditions.push_back(draw.DrawForValidation(k, rng));
        }
    }

    /// Mean of (agent - best static policy) over the conditions, in success ratio.
    double Score(const AsetExperiment::PolicyConfigurator& actWithAgent, AsetProgressLine& progress)
    {
        const bool firstTime = m_bestStatic.empty();
        double sum = 0;
        for (std::size_t k = 0; k < m_conditions.size(); ++k)
        {
            AsetExperiment experiment(m_conditions[k], m_draw.GetCatalogue(m_conditions[k]));
            experiment.SetPolicyConfigurator(actWithAgent);
            const std::string name = "validation condition " + std::to_string(k + 1);
            if (firstTime)
            {
                double best = 0;
                for (const auto& [policy, typeName] : GetStaticPolicyNames())
                {
                    progress.Show("validation: condition " + std::to_string(k + 1) + "/" +
                                  std::to_string(m_conditions.size()) + " " + policy);
                    best = std::max(best, PolicySummary::CheckedSuccessRatio(experiment.Run(policy, Seed(k), 1), name));
                }
                m_bestStatic.push_back(best);
            }
            progress.Show("validation: condition " + std::to_string(k + 1) + "/" +
                          std::to_string(m_conditions.size()) + " aset");
            sum += PolicySummary::CheckedSuccessRatio(experiment.Run("aset", Seed(k), 1), name) - m_bestStatic[k];
        }
        progress.Clear();
        return sum / m_conditions.size();
    }

  private:
    static constexpr uint32_t kSeedOffset = 2000;

    static uint32_t Seed(std::size_t k)
    {
        return kSeedOffset + k;
    }

    const AsetEpisodeGenerator& m_draw;
    std::vector<AsetScenario> m_conditions;
    std::vector<double> m_bestStatic; //!< per condition, filled by the first Score()
};

/// Episodes around the --scenario files, or else the built-in mix around the --variants.
AsetEpisodeGenerator
MakeEpisodeGenerator(const std::string& scenarios,
                     const std::string& variants,
                     const AsetEpisodeGenerator::Durations& durations)
{
    if (!scenarios.empty())
    {
        return AsetEpisodeGenerator::AroundFiles(SplitOptionList("scenario", scenarios), durations);
    }
    // "none" (or nothing) is the empty list.
    const auto names = SplitOptionList("variants", variants == "none" ? "" : variants);
    try
    {
        return AsetEpisodeGenerator(names, durations);
    }
    catch (const std::invalid_argument& e)
    {
        throw std::invalid_argument(std::string("--variants: ") + e.what());
    }
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
    AsetOption<uint32_t> episodes{"episodes", 400, 1, 1000000};
    AsetOption<double> episodeSeconds{"episode-duration", 10, 1e-3, 1e5};
    AsetOption<uint32_t> seed{"seed", 1, 1, AsetScenario::kMaxSeed};
    AsetOption<uint32_t> evalSeeds{"eval-seeds", 5, 0, 10000};
    AsetOption<uint32_t> checkpointEvery{"checkpoint-every", 10, 1, 1000000};
    AsetOption<uint32_t> validateEvery{"validate-every", 20, 0, 1000000};
    AsetOption<uint32_t> validationSize{"validation-size", 12, 1, 10000};
    std::string output = "train";
    std::string resume;
    std::string scenarioList;
    AsetOption<double> episodeQueries{"episode-queries",
                                      AsetEpisodeGenerator::kDefaultTargetQueries, 1, 1e7};
    std::string variantList = boost::algorithm::join(AsetScenario::GetEvaluationVariantNames(), ",");
    bool shared = true;
    CommandLine cmd(__FILE__);
    cmd.Usage("Trains the ASET scheduler over episodes on varied networks and conditions (or "
              "around --scenario files), then evaluates it greedily on held-out seeds.");
    cmd.AddValue("episodes", "Training episodes", episodes);
    cmd.AddValue("episode-duration",
                 "Longest episode, in simulated seconds of queries (shorter ones send about "
                 "--episode-queries queries, and last at least 1 s)",
                 episodeSeconds);
    cmd.AddValue("episode-queries",
                 "Expected queries per episode, which sets each episode's duration",
                 episodeQueries);
    AddTextOption(cmd,
                  "scenario",
                  "Comma-separated scenario files to draw every episode around, instead of the "
                  "built-in mix of networks",
                  scenarioList);
    cmd.AddValue("seed", "Seed of the training (episode conditions, agent initialisation)", seed);
    cmd.AddValue("eval-seeds", "Held-out seeds for the greedy evaluation (0: none)", evalSeeds);
    cmd.AddValue("checkpoint-every", "Episodes between saves of the last state (aset-last.pt)", checkpointEvery);
    cmd.AddValue("validate-every",
                 "Episodes between validations of the greedy agent once exploration has decayed; "
                 "the best validated agent is the one kept (0: keep the last)",
                 validateEvery);
    cmd.AddValue("validation-size",
                 "Held-out conditions per validation, covering the parts of the mix (or the "
                 "--scenario files) in turn",
                 validationSize);
    AddTextOption(cmd,
                  "output",
                  "Folder for the curve, the checkpoint and the evaluation",
                  output,
                  EmptyText::REFUSED);
    AddTextOption(cmd, "resume", "Checkpoint to continue training from", resume);
    AddTextOption(cmd,
                  "variants",
                  "Comma-separated scenario variants a quarter of the built-in mix's episodes "
                  "are drawn around ('none': no episode is)",
                  variantList);
    AddSwitchOption(cmd,
                    "shared",
                    "One agent for all schedulers (one learner, many actors); false: two, "
                    "scheduler i learning with agent i mod 2, saved as aset-policy-<i>.pt and "
                    "aset-last-<i>.pt",
                    shared);
    try
    {
        CheckAttributeOptions(argc, argv);
        cmd.Parse(argc, argv);
        AsetEpisodeGenerator::Durations durations;
        durations.targetQueries = episodeQueries;
        durations.maxDuration = Seconds(episodeSeconds);
        // A bad file or variant stops the training here, before any episode.
        const AsetEpisodeGenerator episodeConditions =
            MakeEpisodeGenerator(scenarioList, variantList, durations);
        std::filesystem::create_directories(output);
        const std::string checkpoint = output + "/aset-policy.pt"; // the agent kept
        const std::string lastState = output + "/aset-last.pt";    // where training stands
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
                if (line.rfind("episode", 0) == 0 && line.substr(line.rfind(',') + 1) != "conditions")
                {
                    throw AsetInputError(curvePath, 1, "conditions",
                                         "written by an earlier aset-train, whose episodes were "
                                         "drawn otherwise: train into a new --output folder");
                }
                done += line.empty() || line.rfind("episode", 0) == 0 ? 0 : 1;
            }
        }
        // Agents built like an AsetPolicy's own. Epsilon is set per episode:
        // it falls linearly over the first third (kExploringFraction) of the
        // training's episodes, whatever their networks and decision counts.
        Ptr<AsetPolicy> prototype = CreateObject<AsetPolicy>();
        prototype->AssignStreams(seed);
        AsetDqnConfig config = prototype->GetAgentConfig();
        DoubleValue finalLearningRate;
        prototype->GetAttribute("LearningRateEnd", finalLearningRate);
        const uint32_t schedulers = AsetScenario::Default().topology.farEdgeSites;
        const std::size_t agentCount = shared ? 1 : schedulers;
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
        const auto fileOf = [&](const std::string& path, std::size_t i) {
            return shared ? path : perScheduler(path, i);
        };
        for (std::size_t i = 0; i < agentCount; ++i)
        {
            config.seed = seed + i;
            agents.push_back(std::make_shared<AsetDqnAgent>(config));
            if (!resume.empty())
            {
                agents.back()->Load(fileOf(resume, i));
            }
        }
        const auto agentOf = [&agents](uint32_t scheduler) {
            return agents[scheduler % agents.size()];
        };
        const auto saveAgents = [&](const std::string& path) {
            for (std::size_t i = 0; i < agents.size(); ++i)
            {
                agents[i]->Save(fileOf(path, i));
            }
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
            curve << "episode,run,load,epsilon,learning_rate,decisions,mean_reward,success_ratio,learn_steps,wall_s,"
                     "conditions\n";
        }
        std::mt19937_64 conditions(seed);
        for (uint32_t e = 0; e < done; ++e)
        {
            episodeConditions.Draw(conditions); // the conditions already trained on
        }
        // Validations, and the best score so far when a training is resumed.
        ValidationSet validation(validationSize, seed, episodeConditions);
        const std::string validationPath = output + "/validation.csv";
        double bestScore = -std::numeric_limits<double>::infinity();
        {
            std::ifstream previous(done > 0 ? validationPath : "");
            std::string line;
            for (std::size_t number = 1; std::getline(previous, line); ++number)
            {
                if (number == 1 || line.empty())
                {
                    continue; // the header
                }
                std::istringstream fields(line);
                std::string episode;
                double score;
                if (!std::getline(fields, episode, ',') || !(fields >> score))
                {
                    throw AsetInputError(validationPath, number, "score", "expected episode,score,kept");
                }
                bestScore = std::max(bestScore, score);
            }
        }
        std::ofstream validationCsv(validationPath, done > 0 ? std::ios::app : std::ios::trunc);
        if (done == 0)
        {
            validationCsv << "episode,score,kept\n";
        }
        const auto actGreedily = [&agentOf](Ptr<SchedulingPolicy> policy, uint32_t scheduler) {
            if (auto aset = DynamicCast<AsetPolicy>(policy))
            {
                aset->SetAgent(agentOf(scheduler));
            }
        };
        const uint32_t exploring = (done + episodes) / kExploringFraction; // epsilon decays over these
        AsetProgressLine validationProgress;

        const auto start = std::chrono::steady_clock::now();
        const bool terminal = isatty(STDOUT_FILENO) == 1;
        for (uint32_t e = done + 1; e <= done + episodes; ++e)
        {
            const AsetScenario scenario = episodeConditions.Draw(conditions);
            // Adam's step size falls linearly over the episodes: large steps
            // learn fast early, small ones average out the noise of single
            // outcomes late, when the differences left between actions are small.
            const double progress = double(e - 1) / std::max(1u, done + episodes - 1);
            const double explored = std::min(1.0, double(e - 1) / std::max(1u, exploring));
            for (const auto& a : agents)
            {
                a->SetLearningRate(config.learningRate +
                                   (finalLearningRate.Get() - config.learningRate) * progress);
                a->SetEpsilon(config.epsilonStart + (config.epsilonEnd - config.epsilonStart) * explored);
            }
            AsetExperiment experiment(scenario, episodeConditions.GetCatalogue(scenario));
            experiment.SetShowProgress(true); // a run of over a second shows its own line
            experiment.SetPolicyConfigurator([&agentOf](Ptr<SchedulingPolicy> policy, uint32_t scheduler) {
                policy->SetAttribute("Learning", BooleanValue(true));
                DynamicCast<AsetPolicy>(policy)->SetAgent(agentOf(scheduler));
            });
            const PolicyRunResult r = experiment.Run("aset", seed, e);
            const double success = PolicySummary::CheckedSuccessRatio(r, "episode " + std::to_string(e));
            const double elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            curve << e << ',' << e << ',' << std::fixed << std::setprecision(4) << scenario.load << ','
                  << agent->GetEpsilon() << ',' << std::defaultfloat << std::setprecision(6)
                  << agent->GetLearningRate() << std::fixed << std::setprecision(4) << ',' << r.decisions << ',' << r.meanReward << ','
                  << success << ',' << agent->GetLearnSteps() << ',' << std::setprecision(2)
                  << elapsed << ',' << scenario.name << '\n'
                  << std::defaultfloat;
            std::ostringstream line;
            line << "episode " << e << "/" << done + episodes << " | load " << std::setprecision(2)
                 << std::fixed << scenario.load << " | epsilon " << std::setprecision(3)
                 << agent->GetEpsilon() << " | reward " << r.meanReward << " | success "
                 << std::setprecision(1) << 100 * success << "% | elapsed " << Clock(elapsed)
                 << " | ETA " << Clock(elapsed / (e - done) * (done + episodes - e));
            std::cout << (terminal ? "\r\033[K" : "") << line.str() << (terminal ? "" : "\n") << std::flush;
            if (e % checkpointEvery == 0 || e == done + episodes)
            {
                saveAgents(lastState);
            }
            if (validateEvery > 0 && e > exploring && e % validateEvery == 0)
            {
                // Rounded as validation.csv writes it, so that a resumed training,
                // which reads its best score back, compares the same numbers.
                const double score = std::round(validation.Score(actGreedily, validationProgress) * 1e6) / 1e6;
                const bool better = score > bestScore;
                validationCsv << e << ',' << std::fixed << std::setprecision(6) << score << ','
                              << (better ? 1 : 0) << '\n'
                              << std::defaultfloat << std::flush;
                if (better)
                {
                    bestScore = score;
                    saveAgents(checkpoint);
                }
                std::cout << (terminal ? "\r\033[K" : "") << "validation after episode " << e
                          << ": aset - best static " << std::showpos << std::fixed << std::setprecision(2)
                          << 100 * score << std::noshowpos << " points"
                          << (better ? ", kept" : "") << "\n"
                          << std::defaultfloat << std::flush;
            }
        }
        if (!std::isfinite(bestScore))
        {
            saveAgents(checkpoint); // nothing validated, now or before a resume: keep the last agent
        }
        std::cout << (terminal ? "\n" : "") << "Wrote " << output << "/training-curve.csv, "
                  << output << "/validation.csv, "
                  << (shared ? checkpoint : output + "/aset-policy-<scheduler>.pt")
                  << " (the agent kept) and "
                  << (shared ? lastState : output + "/aset-last-<scheduler>.pt")
                  << " (the last, to resume from)\n";
        for (std::size_t i = 0; i < agents.size(); ++i)
        {
            agents[i]->Load(fileOf(checkpoint, i)); // evaluate the agent kept
        }

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
                experiment.SetPolicyConfigurator(actGreedily);
                for (const auto& policy : policies)
                {
                    const double wall =
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - evalStart).count();
                    const std::size_t done = k * policies.size() + (&policy - policies.data());
                    progress.Show("evaluation: seed " + std::to_string(heldOut) + " " + policy + " | " +
                                  std::to_string(done) + "/" + std::to_string(evalRuns) + " runs done | " +
                                  AsetProgressLine::WallAndEta(wall, double(done) / evalRuns));
                    const double ratio = PolicySummary::CheckedSuccessRatio(
                        experiment.Run(policy, heldOut, 1), "held-out seed " + std::to_string(heldOut));
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
