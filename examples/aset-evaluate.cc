// SPDX-License-Identifier: GPL-2.0-only
//
// Compares ASET with every static policy across network conditions: each
// policy runs on each condition (a built-in variant of the default scenario,
// or a scenario file) for several seeds, on the same arrivals, and the table
// gives the mean success ratio with its 95% confidence interval.
//
//   aset-evaluate                         the variants of the README's table
//   aset-evaluate --variants=default,light --seeds=10
//   aset-evaluate --variants= --scenarios=data/scenarios/conditions/regional.json
//   aset-evaluate --policy-library=build/lib/libnearby-first-policy.so \
//                 --extra-policies=ns3::NearbyFirstPolicy   a policy of your own: one more column
//
// The runs of one (condition, seed) are a job, run by a child process of this
// program (ns-3's simulator is one per process), --jobs at a time; the parent
// merges the jobs' results in a fixed order, so the outputs do not depend on
// --jobs. Writes <output>/evaluation.csv (one row per run) and
// <output>/evaluation.md (the table), and prints the table.
#include "ns3/aset-experiment.h"
#include "ns3/aset-input-error.h"
#include "ns3/aset-option.h"
#include "ns3/aset-policy-library.h"
#include "ns3/aset-policy.h"
#include "ns3/aset-process-pool.h"
#include "ns3/aset-results.h"
#include "ns3/aset-scenario-file.h"
#include "ns3/aset-statistics.h"
#include "ns3/callback.h"
#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/static-scheduling-policies.h"
#include "ns3/string.h"

#include <algorithm>
#include <boost/algorithm/string/join.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace ns3;

namespace
{
/// A column of the table: a policy, maybe with some of its attributes changed (an ablation).
struct Contender
{
    std::string label;  //!< names it in evaluation.csv and evaluation.md
    std::string policy; //!< the policy AsetExperiment::Run runs
    /// Attribute names and values set on every scheduler's policy before each run.
    std::vector<std::pair<std::string, std::string>> attributes;
};

/**
 * What the evaluation compares, in the table's order: every policy as it is
 * (aset without its shield, the learned part alone, by default); aset with
 * its shield; closest with the shield, the shield alone; then \p extra
 * (--extra-policies, e.g. a policy of your own by TypeId name). One more
 * built-in contender is one line here.
 */
std::vector<Contender>
GetContenders(const std::string& extra)
{
    std::vector<Contender> contenders;
    for (const auto& policy : AsetExperiment::GetPolicyNames())
    {
        contenders.push_back({policy, policy, {}});
    }
    contenders.push_back({"aset with its shield", "aset", {{"Shield", "true"}}});
    contenders.push_back({"closest+shield", "closest+shield", {}});
    if (extra.empty())
    {
        return contenders;
    }
    for (const auto& policy : AsetExperiment::ParsePolicyList(extra, "--extra-policies"))
    {
        for (const auto& c : contenders)
        {
            if (c.policy == policy && c.attributes.empty())
            {
                throw std::invalid_argument("--extra-policies: '" + policy +
                                            "' is compared already");
            }
        }
        contenders.push_back({policy, policy, {}});
    }
    return contenders;
}

/// A condition the policies are compared on: a built-in variant or a scenario file.
struct Condition
{
    std::string file; //!< empty for a variant
    AsetScenario scenario;
};

/// The error \p what of \p file's condition, naming the file first.
std::string
InFile(const std::string& file, const std::string& what)
{
    return what.rfind(file, 0) == 0 ? what : file + ": " + what;
}

/**
 * The conditions: \p variants, then \p files, with \p duration seconds of
 * queries if positive, else their own. Each is checked against its
 * catalogue (AsetExperiment's constructor), so bad input stops the
 * evaluation before any run.
 */
std::vector<Condition>
LoadConditions(const std::vector<std::string>& variants,
               const std::vector<std::string>& files,
               double duration)
{
    std::vector<Condition> conditions;
    for (const auto& variant : variants)
    {
        conditions.push_back({"", AsetScenario::Variant(variant)});
    }
    for (const auto& file : files)
    {
        conditions.push_back({file, AsetScenarioFile::Load(file)});
    }
    std::set<std::string> names;
    for (auto& [file, scenario] : conditions)
    {
        if (duration > 0)
        {
            scenario.duration = Seconds(duration);
        }
        try
        {
            AsetExperiment check(scenario);
        }
        catch (const std::exception& e)
        {
            throw std::invalid_argument(file.empty() ? e.what() : InFile(file, e.what()));
        }
        if (scenario.name.find_first_of(",|\"\n") != std::string::npos)
        {
            throw AsetInputError(file,
                                 0,
                                 "name",
                                 "expected a name without ',', '|', '\"' or a line break (it names "
                                 "rows of evaluation.csv and evaluation.md), got '" +
                                     scenario.name + "'");
        }
        if (!names.insert(scenario.name).second)
        {
            throw std::invalid_argument("two conditions are named '" + scenario.name +
                                        "'; give a scenario file another 'name'");
        }
    }
    return conditions;
}

/// One run: the queries sent and the share that succeeded.
struct RunResult
{
    uint64_t sent{0};
    double successRatio{0};
};

/// Runs every contender on \p scenario with \p seed (run 1): one job, in a child process.
std::vector<RunResult>
RunJob(const AsetScenario& scenario, uint32_t seed, const std::vector<Contender>& contenders)
{
    AsetExperiment experiment(scenario);
    std::vector<RunResult> results;
    for (const auto& contender : contenders)
    {
        experiment.SetPolicyConfigurator([&contender](Ptr<SchedulingPolicy> policy, uint32_t) {
            for (const auto& [name, value] : contender.attributes)
            {
                policy->SetAttribute(name, StringValue(value));
            }
        });
        const PolicyRunResult r = experiment.Run(contender.policy, seed, 1);
        results.push_back({r.sent, PolicySummary::CheckedSuccessRatio(r, scenario.name)});
    }
    return results;
}

/// A job's results, one line per contender, to the digit: the parent rounds for the outputs.
void
WriteJobResults(const std::string& path, const std::vector<RunResult>& results)
{
    std::ofstream out(path);
    out << std::setprecision(std::numeric_limits<double>::max_digits10);
    for (const auto& r : results)
    {
        out << r.sent << ' ' << r.successRatio << '\n';
    }
    out.close();
    if (!out)
    {
        throw std::runtime_error("cannot write " + path);
    }
}

std::vector<RunResult>
ReadJobResults(const std::string& path, std::size_t count)
{
    std::ifstream in(path);
    std::vector<RunResult> results;
    RunResult r;
    while (in >> r.sent >> r.successRatio)
    {
        results.push_back(r);
    }
    if (results.size() != count)
    {
        throw std::runtime_error(path + ": " + std::to_string(count) + " results expected, got " +
                                 std::to_string(results.size()));
    }
    return results;
}

/// What a failed child said: its error line, else the last line of its log.
std::string
ChildError(const std::string& logPath)
{
    std::ifstream in(logPath);
    std::string line;
    std::string last = "no output";
    const std::string prefix = "aset-evaluate: error: ";
    while (std::getline(in, line))
    {
        const auto at = line.find(prefix);
        if (at != std::string::npos)
        {
            return line.substr(at + prefix.size());
        }
        if (!line.empty())
        {
            last = line;
        }
    }
    return last;
}

std::string
Percent(const AsetMeanInterval& ci)
{
    std::ostringstream os;
    os << std::fixed << std::setprecision(1) << 100 * ci.mean << " ± " << 100 * ci.halfWidth;
    return os.str();
}

/// "20 s of queries per run", naming the conditions whose duration differs from the first's.
std::string
DurationText(const std::vector<Condition>& conditions)
{
    const Time first = conditions.front().scenario.duration;
    std::ostringstream os;
    os << first.GetSeconds() << " s of queries per run";
    std::string others;
    for (const auto& c : conditions)
    {
        if (c.scenario.duration != first)
        {
            std::ostringstream other;
            other << (others.empty() ? "" : ", ") << c.scenario.name << ": "
                  << c.scenario.duration.GetSeconds() << " s";
            others += other.str();
        }
    }
    if (!others.empty())
    {
        os << " (" << others << ")";
    }
    return os.str();
}

/// The table: a row per condition, a column per contender, the best static policy starred.
std::string
MakeTable(const std::vector<Condition>& conditions,
          const std::vector<Contender>& contenders,
          const std::vector<std::vector<AsetMeanInterval>>& cells,
          uint32_t seeds)
{
    std::ostringstream md;
    md << "Success ratio in %, mean ± 95% confidence interval over " << seeds
       << (seeds == 1 ? " seed, " : " seeds, ") << DurationText(conditions)
       << "; * marks the best static policy.\n\n";
    md << "| condition |";
    for (const auto& c : contenders)
    {
        md << ' ' << c.label << " |";
    }
    md << " aset − best static |\n|---|";
    for (std::size_t i = 0; i <= contenders.size(); ++i)
    {
        md << "---|";
    }
    md << '\n';
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < contenders.size(); ++i)
    {
        column[contenders[i].label] = i;
    }
    for (std::size_t row = 0; row < conditions.size(); ++row)
    {
        const auto& means = cells[row];
        std::size_t best = contenders.size();
        for (const auto& [p, typeName] : GetStaticPolicyNames())
        {
            const std::size_t i = column.at(p);
            if (best == contenders.size() || means[i].mean > means[best].mean)
            {
                best = i;
            }
        }
        md << "| " << conditions[row].scenario.name << " |";
        for (std::size_t i = 0; i < contenders.size(); ++i)
        {
            md << ' ' << Percent(means[i]) << (i == best ? " *" : "") << " |";
        }
        const double gap = 100 * (means[column.at("aset")].mean - means[best].mean);
        md << ' ' << std::showpos << std::fixed << std::setprecision(1)
           << (std::abs(gap) < 0.05 ? 0.0 : gap) << std::noshowpos << " |\n";
    }
    return md.str();
}

const std::string kChildJobOption = "--child-job=";
const std::string kChildResultsOption = "--child-results=";

/// Takes a child's hidden options (its job and results file) out of \p argv; returns the rest.
std::vector<char*>
TakeChildOptions(int argc, char* argv[], std::string& job, std::string& results)
{
    std::vector<char*> args = {argv[0]};
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        if (arg.rfind(kChildJobOption, 0) == 0)
        {
            job = arg.substr(kChildJobOption.size());
        }
        else if (arg.rfind(kChildResultsOption, 0) == 0)
        {
            results = arg.substr(kChildResultsOption.size());
        }
        else
        {
            args.push_back(argv[i]);
        }
    }
    return args;
}

/// In a child: runs \p job ("<condition>,<seed>") and writes its results to \p resultsPath.
void
RunChildJob(const std::string& job,
            const std::string& resultsPath,
            const std::vector<Condition>& conditions,
            const std::vector<Contender>& contenders)
{
    std::size_t condition = 0;
    uint32_t seed = 0;
    char comma = 0;
    std::istringstream(job) >> condition >> comma >> seed;
    if (comma != ',' || condition >= conditions.size() || seed == 0)
    {
        throw std::invalid_argument("--child-job: expected <condition>,<seed>, got " + job);
    }
    WriteJobResults(resultsPath, RunJob(conditions[condition].scenario, seed, contenders));
}

/**
 * The jobs of an evaluation, one per condition and seed, each run by a child
 * process: this program again, with the parent's options and the hidden ones
 * naming its job and its results file. Logs and results stay in a folder of
 * their own, removed with this object.
 */
class EvaluationJobs
{
  public:
    EvaluationJobs(std::size_t conditions, uint32_t seeds)
        : m_dir(std::filesystem::temp_directory_path() /
                ("aset-evaluate-" + std::to_string(::getpid()))),
          m_conditions(conditions),
          m_seeds(seeds)
    {
        std::filesystem::create_directories(m_dir);
    }

    ~EvaluationJobs()
    {
        std::error_code ignored;
        std::filesystem::remove_all(m_dir, ignored);
    }

    EvaluationJobs(const EvaluationJobs&) = delete;
    EvaluationJobs& operator=(const EvaluationJobs&) = delete;

    uint32_t GetSeeds() const
    {
        return m_seeds;
    }

    /**
     * Runs every job as \p self with \p options, \p parallel at a time. \returns
     * false when one failed: it is reported with its condition, seed and error,
     * and no further job starts.
     */
    bool Run(const std::string& self,
             const std::vector<std::string>& options,
             unsigned parallel,
             const std::vector<Condition>& conditions) const
    {
        std::vector<AsetProcessPool::Command> commands;
        for (std::size_t c = 0; c < m_conditions; ++c)
        {
            for (uint32_t seed = 1; seed <= m_seeds; ++seed)
            {
                AsetProcessPool::Command command{{self}, File(c, seed, ".log")};
                command.argv.insert(command.argv.end(), options.begin(), options.end());
                command.argv.push_back(kChildJobOption + std::to_string(c) + "," +
                                       std::to_string(seed));
                command.argv.push_back(kChildResultsOption + File(c, seed, ".txt"));
                commands.push_back(command);
            }
        }
        AsetProcessPool pool("aset-evaluate", parallel);
        pool.SetStopOnFailure(true); // the table needs every run
        const auto status = pool.Run(commands, [&](std::size_t index, int exitStatus) {
            std::cerr << "aset-evaluate: condition '" << conditions[index / m_seeds].scenario.name
                      << "' seed " << index % m_seeds + 1 << " failed (exit status " << exitStatus
                      << "): " << ChildError(commands[index].logPath) << "\n";
        });
        return std::all_of(status.begin(), status.end(), [](int s) { return s == 0; });
    }

    /// Job (\p condition, \p seed)'s results, \p count of them, as its child wrote them.
    std::vector<RunResult> GetResults(std::size_t condition, uint32_t seed, std::size_t count) const
    {
        return ReadJobResults(File(condition, seed, ".txt"), count);
    }

  private:
    std::string File(std::size_t condition, uint32_t seed, const std::string& extension) const
    {
        return (m_dir / (std::to_string(condition) + "," + std::to_string(seed) + extension))
            .string();
    }

    std::filesystem::path m_dir;
    std::size_t m_conditions;
    uint32_t m_seeds;
};

/// Writes evaluation.csv (one row per run, in the order of conditions, seeds and contenders)
/// and evaluation.md from the jobs' results, and prints the table.
void
WriteOutputs(const std::string& output,
             const std::vector<Condition>& conditions,
             const std::vector<Contender>& contenders,
             const EvaluationJobs& jobs)
{
    std::ofstream csv(output + "/evaluation.csv");
    csv << "condition,seed,policy,sent,success_ratio\n";
    std::vector<std::vector<AsetMeanInterval>> cells(conditions.size());
    for (std::size_t c = 0; c < conditions.size(); ++c)
    {
        std::vector<std::vector<double>> ratios(contenders.size());
        for (uint32_t seed = 1; seed <= jobs.GetSeeds(); ++seed)
        {
            const auto results = jobs.GetResults(c, seed, contenders.size());
            for (std::size_t i = 0; i < contenders.size(); ++i)
            {
                ratios[i].push_back(results[i].successRatio);
                csv << conditions[c].scenario.name << ',' << seed << ',' << contenders[i].label
                    << ',' << results[i].sent << ',' << std::fixed << std::setprecision(6)
                    << results[i].successRatio << '\n';
            }
        }
        for (const auto& samples : ratios)
        {
            cells[c].push_back(AsetMeanInterval::Of(samples));
        }
    }
    const std::string md = MakeTable(conditions, contenders, cells, jobs.GetSeeds());
    std::ofstream table(output + "/evaluation.md");
    table << md;
    csv.close();
    table.close();
    if (!csv || !table)
    {
        throw std::runtime_error("cannot write evaluation.csv and evaluation.md in " + output);
    }
    std::cout << md << "\nWrote " << output << "/evaluation.csv and " << output
              << "/evaluation.md\n";
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string childJob;
    std::string childResults;
    std::vector<char*> args = TakeChildOptions(argc, argv, childJob, childResults);
    std::string variants{boost::algorithm::join(AsetScenario::GetEvaluationVariantNames(), ",")};
    std::string scenarios{AsetScenarioFile::GetConditionsFolder()};
    AsetOption<uint32_t> seeds{"seeds", 5, 1, 10000};
    AsetOption<double> duration{"duration", 0, 1e-3, AsetScenario::kMaxDurationSeconds};
    AsetOption<unsigned> parallel{"jobs",
                                  std::max(1u, std::thread::hardware_concurrency()),
                                  1,
                                  1024};
    std::string checkpoint = AsetPolicy::GetPretrainedPath();
    std::string output = "evaluation";
    std::string extraPolicies;
    std::string library;
    CommandLine cmd(__FILE__);
    cmd.Usage("Runs every policy, ASET included, on network conditions (scenario variants and "
              "scenario files) over several seeds and tabulates mean success ratios with 95% "
              "confidence intervals.");
    AddTextOption(cmd, "variants", "Comma-separated scenario variants (empty: none)", variants);
    AddTextOption(cmd,
                  "scenarios",
                  "Comma-separated scenario files or folders of them, evaluated after the "
                  "variants (empty: none)",
                  scenarios);
    cmd.AddValue("seeds", "Seeds per condition and policy (1, 2, ...)", seeds);
    cmd.AddValue("duration",
                 "Seconds of queries per run (0: each condition's own, 20 for the variants)",
                 duration);
    cmd.AddValue("jobs",
                 "Child processes at a time, each running every policy on one condition and seed "
                 "(default: the number of cores)",
                 parallel);
    AddTextOption(cmd,
                  "aset-checkpoint",
                  "Trained agent the aset policy acts with",
                  checkpoint,
                  EmptyText::REFUSED);
    AddTextOption(cmd,
                  "output",
                  "Folder for evaluation.csv and evaluation.md",
                  output,
                  EmptyText::REFUSED);
    AddTextOption(cmd,
                  "extra-policies",
                  "Comma-separated policies compared besides the built-in ones, short or TypeId "
                  "names (a policy of your own: ns3::MyPolicy, with --policy-library)",
                  extraPolicies);
    AddTextOption(cmd, AsetPolicyLibrary::kOption, AsetPolicyLibrary::kHelp, library);
    try
    {
        // Before anything looks TypeIds up; the child processes get the same option.
        AsetPolicyLibrary::LoadFromCommandLine(static_cast<int>(args.size()), args.data());
        CheckAttributeOptions(static_cast<int>(args.size()), args.data());
        cmd.Parse(static_cast<int>(args.size()), args.data());
        Config::SetDefault("ns3::AsetPolicy::Checkpoint", StringValue(checkpoint));
        const std::vector<Contender> contenders = GetContenders(extraPolicies);
        const auto conditions =
            LoadConditions(SplitOptionList("variants", variants),
                           AsetScenarioFile::ExpandFolders(SplitOptionList("scenarios", scenarios)),
                           duration);
        if (conditions.empty())
        {
            throw std::invalid_argument("no condition: give --variants or --scenarios");
        }
        if (!childJob.empty())
        {
            RunChildJob(childJob, childResults, conditions, contenders);
            return 0;
        }

        std::filesystem::create_directories(output);
        for (const char* name : {"/evaluation.csv", "/evaluation.md"})
        {
            std::filesystem::remove(output + name); // no stale table if a run fails
        }
        EvaluationJobs jobs(conditions.size(), seeds);
        const std::vector<std::string> options(args.begin() + 1, args.end());
        if (!jobs.Run(AsetProcessPool::GetSelfPath(argv[0]), options, parallel, conditions))
        {
            std::cerr << "aset-evaluate: stopped after a failed run; no table written\n";
            return 1;
        }
        WriteOutputs(output, conditions, contenders, jobs);
    }
    catch (const std::exception& e)
    {
        std::cerr << "aset-evaluate: error: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
