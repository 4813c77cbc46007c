// SPDX-License-Identifier: GPL-2.0-only
//
// The experiment runner: sweeps policies x loads x seeds over a scenario,
// one aset-run job per point and seed, runs the jobs in parallel on the
// local cores, and aggregates their summary.json files into the mean and 95%
// confidence interval of every metric per (policy, load).
//
//   aset-sweep --policies=closest,aset --loads=0.5,1,2 --seeds=5
//   aset-sweep --variant=near-edge-throttled --duration=10    (passed to aset-run)
//   aset-sweep --list-only ...             write jobs.txt, run nothing
//   aset-sweep --aggregate-only --output=sweep   aggregate jobs run elsewhere
//   aset-sweep --policy-library=build/lib/libnearby-first-policy.so \
//              --policies=closest,ns3::NearbyFirstPolicy   a policy of your own, in every job
//
// Writes <output>/jobs.txt (one complete aset-run command line per job),
// <output>/jobs/<job>/ (each job's summary.json, per-query CSV and
// aset-run.log), <output>/aggregate.csv and <output>/aggregate.json. Exits
// with 0 when every job succeeded, 1 when some failed (they are listed, and
// counted per point, never averaged in), 2 on bad input.
#include "ns3/aset-sweep.h"

#include "ns3/aset-experiment.h"
#include "ns3/aset-option.h"
#include "ns3/aset-policy-library.h"
#include "ns3/aset-process-pool.h"
#include "ns3/command-line.h"

#include <boost/algorithm/string/split.hpp>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

using namespace ns3;

namespace
{
/// The most seeds --seeds=N asks for: more jobs than any sweep needs.
constexpr unsigned long kMaxSeedCount = 100000;

/// Options of aset-sweep itself; every other --option goes to each aset-run job.
const std::set<std::string> kOwnOptions = {"policies",
                                           "loads",
                                           "seeds",
                                           "output",
                                           "jobs",
                                           "aset-run",
                                           "aggregate-only",
                                           "list-only",
                                           "progress",
                                           AsetPolicyLibrary::kOption, // loaded, then passed on
                                           "help",
                                           "PrintHelp",
                                           "PrintVersion"};
/// aset-run options the sweep sets per job.
const std::map<std::string, std::string> kSweptOptions = {{"policy", "--policies"},
                                                          {"load", "--loads"},
                                                          {"seed", "--seeds"},
                                                          {"output", "--output"}};

std::vector<std::string>
SplitList(const std::string& text)
{
    std::vector<std::string> items;
    boost::split(items, text, [](char c) { return c == ','; });
    return items;
}

/// "--seeds=5": seeds 1 to 5; "--seeds=3,7": those seeds.
std::vector<uint32_t>
ParseSeeds(const std::string& text)
{
    std::vector<uint32_t> seeds;
    for (const auto& item : SplitList(text))
    {
        if (item.empty() || item.find_first_not_of("0123456789") != std::string::npos ||
            item.size() > 9 || std::stoul(item) == 0)
        {
            throw std::invalid_argument("--seeds: '" + item + "' is not a positive whole number");
        }
        if (text.find(',') == std::string::npos && std::stoul(item) > kMaxSeedCount)
        {
            throw std::invalid_argument("--seeds: at most " + std::to_string(kMaxSeedCount) +
                                        " seeds in one sweep, got " + item);
        }
        seeds.push_back(static_cast<uint32_t>(std::stoul(item)));
    }
    if (seeds.size() == 1 && text.find(',') == std::string::npos)
    {
        const uint32_t count = seeds.front();
        seeds.clear();
        for (uint32_t s = 1; s <= count; ++s)
        {
            seeds.push_back(s);
        }
    }
    return seeds;
}

/// aset-run next to this program (ns-3 source trees name it ns3.<version>-aset-run-<profile>).
std::string
DefaultAsetRun(const char* argv0)
{
    const std::filesystem::path self = AsetProcessPool::GetSelfPath(argv0);
    std::string name = self.filename().string();
    const std::size_t at = name.find("aset-sweep");
    if (at == std::string::npos)
    {
        return (self.parent_path() / "aset-run").string();
    }
    return (self.parent_path() / name.replace(at, 10, "aset-run")).string();
}

/// Runs \p jobs, \p parallel at a time, each with its output in <outputDir>/aset-run.log.
void
RunJobs(const std::vector<AsetSweepJob>& jobs, unsigned parallel, bool progress)
{
    std::vector<AsetProcessPool::Command> commands;
    for (const auto& job : jobs)
    {
        std::filesystem::create_directories(job.outputDir);
        std::filesystem::remove(job.outputDir + "/summary.json"); // no stale result counts
        commands.push_back({{"/bin/sh", "-c", job.commandLine}, job.outputDir + "/aset-run.log"});
    }
    AsetProcessPool pool("aset-sweep", parallel);
    pool.SetShowProgress(progress);
    pool.Run(commands, [&jobs](std::size_t index, int status) {
        std::cerr << "aset-sweep: job " << jobs[index].name << " failed with exit status " << status
                  << " (log: " << jobs[index].outputDir << "/aset-run.log)\n";
    });
}

void
PrintSuccessTable(const std::vector<AsetSweepPoint>& points)
{
    std::size_t width = 6;
    for (const auto& p : points)
    {
        width = std::max(width, p.policy.size());
    }
    std::cout << std::left << std::setw(int(width)) << "policy" << std::right << std::setw(8)
              << "load" << std::setw(6) << "runs" << std::setw(8) << "failed" << std::setw(22)
              << "success % (95% CI)" << std::setw(20) << "p95 latency ms" << '\n';
    for (const auto& p : points)
    {
        std::map<std::string, AsetMeanInterval> m(p.metrics.begin(), p.metrics.end());
        const auto cell = [&m](const std::string& name, double scale) {
            const auto it = m.find(name);
            if (it == m.end() || it->second.samples == 0)
            {
                return std::string("-");
            }
            std::ostringstream os;
            os << std::fixed << std::setprecision(1) << scale * it->second.mean << " ± "
               << scale * it->second.halfWidth;
            return os.str();
        };
        std::cout << std::left << std::setw(int(width)) << p.policy << std::right << std::setw(8)
                  << p.load << std::setw(6) << p.runs << std::setw(8) << p.failedJobs.size()
                  << std::setw(22) << cell("success_ratio", 100) << std::setw(20)
                  << cell("latency_p95_ms", 1) << '\n';
    }
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string policies = "all";
    std::string loads = "0.5,1,1.5,2";
    std::string seedText = "5";
    std::string output = "sweep";
    AsetOption<unsigned> parallel{"jobs", std::max(1u, std::thread::hardware_concurrency()), 1, 1024};
    std::string asetRun = DefaultAsetRun(argv[0]);
    bool aggregateOnly = false;
    bool listOnly = false;
    bool progress = true;

    // Our own options go to CommandLine; every other --option to the jobs, verbatim.
    std::vector<char*> own = {argv[0]};
    std::vector<std::string> passThrough;
    try
    {
        // Loaded here too, for --policies and --ns3::<Policy>::...; the jobs get absolute paths.
        for (const auto& library : AsetPolicyLibrary::LoadFromCommandLine(argc, argv))
        {
            passThrough.push_back(std::string("--") + AsetPolicyLibrary::kOption + "=" + library);
        }
        for (int i = 1; i < argc; ++i)
        {
            const std::string arg = argv[i];
            const std::string name =
                arg.substr(0, arg.find('=')).substr(arg.rfind("--", 0) == 0 ? 2 : 0);
            if (arg.rfind("--", 0) != 0 || kOwnOptions.count(name))
            {
                own.push_back(argv[i]);
            }
            else if (kSweptOptions.count(name))
            {
                throw std::invalid_argument(arg + ": the sweep sets --" + name +
                                            " of each job; use " + kSweptOptions.at(name));
            }
            else
            {
                passThrough.push_back(arg);
            }
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "aset-sweep: error: " << e.what() << "\n";
        return 2;
    }

    CommandLine cmd(__FILE__);
    cmd.Usage("Sweeps policies x loads x seeds with aset-run, in parallel, and aggregates the "
              "results (mean and 95% confidence interval per policy and load). Any other "
              "--option (e.g. --variant, --duration, --ns3::...) is passed to every aset-run job.");
    AddTextOption(cmd,
                  "policies",
                  "Comma-separated policies, short or TypeId names (ns3::ClosestPolicy), or 'all'",
                  policies);
    std::string library;
    AddTextOption(cmd, AsetPolicyLibrary::kOption, AsetPolicyLibrary::kHelp, library);
    AddTextOption(cmd, "loads", "Comma-separated loads (aset-run --load, positive)", loads);
    AddTextOption(cmd, "seeds", "N: seeds 1 to N; or a comma-separated list of seeds", seedText);
    AddTextOption(cmd,
                  "output",
                  "Folder for jobs.txt, jobs/ and the aggregate",
                  output,
                  EmptyText::REFUSED);
    cmd.AddValue("jobs", "Jobs run at the same time (default: the number of cores)", parallel);
    AddTextOption(cmd,
                  "aset-run",
                  "The aset-run program the job lines call",
                  asetRun,
                  EmptyText::REFUSED);
    AddSwitchOption(
        cmd,
        "aggregate-only",
        "Run nothing: aggregate the jobs of <output>/jobs.txt from their summary.json files",
        aggregateOnly);
    AddSwitchOption(cmd, "list-only", "Write <output>/jobs.txt and stop", listOnly);
    AddSwitchOption(cmd, "progress", "Show a progress line on a terminal", progress);
    try
    {
        CheckAttributeOptions(argc, argv); // its own, and those the jobs get
        cmd.Parse(static_cast<int>(own.size()), own.data());
        const std::string jobList = output + "/jobs.txt";
        std::vector<AsetSweepJob> jobs;
        if (aggregateOnly)
        {
            if (!passThrough.empty())
            {
                throw std::invalid_argument("--aggregate-only reads " + jobList + "; " +
                                            passThrough.front() + " has no effect there");
            }
            std::ifstream in(jobList);
            if (!in)
            {
                throw std::invalid_argument("cannot read " + jobList);
            }
            jobs = AsetSweep::ReadJobList(in, jobList);
        }
        else
        {
            std::vector<std::string> options = {"--progress=false", "--plots=false"};
            options.insert(options.end(), passThrough.begin(), passThrough.end());
            const std::string jobsDir =
                std::filesystem::absolute(output + "/jobs").lexically_normal().string();
            jobs = AsetSweep::MakeJobs(asetRun,
                                       options,
                                       AsetExperiment::ParsePolicyList(policies, "--policies"),
                                       SplitList(loads),
                                       ParseSeeds(seedText),
                                       jobsDir);
            std::filesystem::create_directories(output);
            std::ofstream list(jobList);
            AsetSweep::WriteJobList(list, jobs);
            list.close();
            if (!list)
            {
                throw std::runtime_error("cannot write " + jobList);
            }
            std::cout << "Wrote " << jobList << " (" << jobs.size() << " jobs)\n";
            if (listOnly)
            {
                return 0;
            }
            std::cout << "Running " << jobs.size() << " jobs, " << parallel << " at a time\n"
                      << std::flush;
            RunJobs(jobs, parallel, progress);
        }
        if (jobs.empty())
        {
            throw std::invalid_argument(jobList + " lists no job");
        }

        std::vector<AsetSweepJobResult> results;
        for (const auto& job : jobs)
        {
            results.push_back(AsetSweep::ReadResult(job));
        }
        const auto points = AsetSweep::Aggregate(results);
        std::ofstream csv(output + "/aggregate.csv");
        AsetSweep::WriteAggregateCsv(csv, points);
        std::ofstream json(output + "/aggregate.json");
        AsetSweep::WriteAggregateJson(json, points, results);
        csv.close();
        json.close();
        if (!csv || !json)
        {
            throw std::runtime_error("cannot write the aggregate in " + output);
        }
        std::cout << "\n";
        PrintSuccessTable(points);
        std::size_t failed = 0;
        for (const auto& r : results)
        {
            if (!r.Succeeded())
            {
                std::cerr << (failed++ ? "" : "\n") << "aset-sweep: failed job " << r.job.name
                          << ": " << r.error << "\n";
            }
        }
        std::cout << "\nWrote " << output << "/aggregate.csv and " << output << "/aggregate.json ("
                  << results.size() - failed << " of " << results.size() << " jobs succeeded)\n";
        if (failed > 0)
        {
            std::cerr << "aset-sweep: " << failed << " of " << results.size()
                      << " jobs failed; they are listed in aggregate.json and counted per point "
                         "in aggregate.csv's 'failed' column, not averaged in\n";
            return 1;
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "aset-sweep: error: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
