// SPDX-License-Identifier: GPL-2.0-only
// The experiment runner's logic: shell quoting of job lines, the job list
// round trip, and aggregation per (policy, load) with failed jobs kept apart.
#include "ns3/aset-results.h"
#include "ns3/aset-sweep.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

using namespace ns3;

TEST(Sweep, ShellQuoteRoundTripsThroughSplitShellWords)
{
    const std::vector<std::string> words = {"plain",
                                            "--load=1.5",
                                            "with space",
                                            "it's",
                                            "$HOME",
                                            "a\"b\\c",
                                            "",
                                            "--ns3::AsetPolicy::HiddenLayers=64,64"};
    std::string line;
    for (const auto& w : words)
    {
        line += (line.empty() ? "" : " ") + AsetSweep::ShellQuote(w);
    }
    EXPECT_EQ(AsetSweep::SplitShellWords(line), words) << line;
    EXPECT_EQ(AsetSweep::ShellQuote("--seed=3"), "--seed=3"); // no quotes where none are needed
    EXPECT_EQ(AsetSweep::ShellQuote("$HOME"), "'$HOME'");
    EXPECT_EQ(AsetSweep::SplitShellWords("a \"b c\" d\\ e  'f'g"),
              (std::vector<std::string>{"a", "b c", "d e", "fg"}));
    EXPECT_THROW(AsetSweep::SplitShellWords("a 'b"), std::invalid_argument);
    EXPECT_THROW(AsetSweep::SplitShellWords("a \"b"), std::invalid_argument);
}

TEST(Sweep, LoadsAreNormalisedAndMustBePositive)
{
    EXPECT_EQ(AsetSweep::NormaliseLoad("1.50"), "1.5");
    EXPECT_EQ(AsetSweep::NormaliseLoad("2"), "2");
    EXPECT_EQ(AsetSweep::NormaliseLoad(".25"), "0.25");
    for (const char* bad : {"0", "-1", "", "1x", "nan", "inf"})
    {
        EXPECT_THROW(AsetSweep::NormaliseLoad(bad), std::invalid_argument) << bad;
    }
}

TEST(Sweep, JobListHasOneLinePerJobAndReadsBack)
{
    const auto jobs = AsetSweep::MakeJobs("/opt/aset/aset-run",
                                          {"--variant=light", "--duration=2"},
                                          {"closest", "aset"},
                                          {"0.5", "1"},
                                          {1, 2, 3},
                                          "/data/my sweep/jobs");
    ASSERT_EQ(jobs.size(), 12u);
    EXPECT_EQ(jobs[0].name, "closest-load0.5-seed1");
    EXPECT_EQ(
        jobs[0].commandLine,
        "/opt/aset/aset-run --variant=light --duration=2 --policy=closest --load=0.5 --seed=1 "
        "'--output=/data/my sweep/jobs/closest-load0.5-seed1'");
    EXPECT_EQ(jobs[11].name, "aset-load1-seed3");

    std::stringstream list;
    AsetSweep::WriteJobList(list, jobs);
    list.seekg(0);
    std::stringstream withComments("# a comment\n\n" + list.str());
    const auto read = AsetSweep::ReadJobList(withComments, "jobs.txt");
    ASSERT_EQ(read.size(), jobs.size());
    for (std::size_t i = 0; i < jobs.size(); ++i)
    {
        EXPECT_EQ(read[i].name, jobs[i].name);
        EXPECT_EQ(read[i].policy, jobs[i].policy);
        EXPECT_EQ(read[i].load, jobs[i].load);
        EXPECT_EQ(read[i].seed, jobs[i].seed);
        EXPECT_EQ(read[i].outputDir, jobs[i].outputDir);
        EXPECT_EQ(read[i].commandLine, jobs[i].commandLine);
    }
}

TEST(Sweep, JobListErrorsNameTheFileLineAndOption)
{
    std::stringstream list("aset-run --policy=closest --load=1 --seed=1 --output=a\n"
                           "aset-run --policy=closest --seed=1 --output=b\n");
    try
    {
        AsetSweep::ReadJobList(list, "jobs.txt");
        FAIL() << "a line without --load was accepted";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::string(e.what()).find("jobs.txt:2: no --load="), std::string::npos)
            << e.what();
    }
    std::stringstream badSeed("aset-run --policy=closest --load=1 --seed=x --output=a\n");
    EXPECT_THROW(AsetSweep::ReadJobList(badSeed, "jobs.txt"), std::invalid_argument);
}

TEST(Sweep, AggregateGivesMeanAndStudentIntervalPerPointAndKeepsFailedJobsOut)
{
    const auto jobs = AsetSweep::MakeJobs("aset-run", {}, {"closest"}, {"1", "2"}, {1, 2, 3}, "j");
    std::vector<AsetSweepJobResult> results;
    const double ratios[] = {0.90, 0.92, 0.94, 0.5, 0.7, 0.0};
    for (std::size_t i = 0; i < jobs.size(); ++i)
    {
        AsetSweepJobResult r;
        r.job = jobs[i];
        r.metrics = {{"success_ratio", ratios[i]}};
        if (i != 3) // a metric only some jobs have: the point's n says so
        {
            r.metrics.emplace_back("latency_p95_ms", 10.0 * (i + 1));
        }
        if (i == 5)
        {
            r.metrics.clear();
            r.error = "no j/closest-load2-seed3/summary.json";
        }
        results.push_back(r);
    }
    const auto points = AsetSweep::Aggregate(results);
    ASSERT_EQ(points.size(), 2u);
    EXPECT_EQ(points[0].load, "1");
    EXPECT_EQ(points[0].runs, 3u);
    EXPECT_TRUE(points[0].failedJobs.empty());
    ASSERT_EQ(points[0].metrics.size(), 2u);
    EXPECT_EQ(points[0].metrics[0].first, "success_ratio");
    // 0.90, 0.92, 0.94: mean 0.92, s = 0.02, t(0.975; 2) = 4.302653, half-width t s / sqrt(3).
    EXPECT_NEAR(points[0].metrics[0].second.mean, 0.92, 1e-12);
    EXPECT_NEAR(points[0].metrics[0].second.halfWidth, 4.302652730 * 0.02 / std::sqrt(3.0), 1e-8);

    EXPECT_EQ(points[1].runs, 2u);
    EXPECT_EQ(points[1].failedJobs, std::vector<std::string>{"closest-load2-seed3"});
    EXPECT_NEAR(points[1].metrics[0].second.mean,
                0.6,
                1e-12);                                 // the failed job's 0 is not averaged in
    EXPECT_EQ(points[1].metrics[1].second.samples, 1u); // latency from seed 2 only
    EXPECT_NEAR(points[1].metrics[1].second.mean, 50, 1e-12);

    std::ostringstream csv;
    AsetSweep::WriteAggregateCsv(csv, points);
    EXPECT_EQ(csv.str().substr(0, csv.str().find('\n')),
              "policy,load,runs,failed,success_ratio_mean,success_ratio_ci95,latency_p95_ms_mean,"
              "latency_p95_ms_ci95");
    EXPECT_NE(csv.str().find("\nclosest,2,2,1,0.600000,"), std::string::npos) << csv.str();
    std::ostringstream json;
    AsetSweep::WriteAggregateJson(json, points, results);
    EXPECT_NE(json.str().find("\"failed\": 1"), std::string::npos) << json.str();
    EXPECT_NE(json.str().find("\"reason\": \"no j/closest-load2-seed3/summary.json\""),
              std::string::npos)
        << json.str();
}

TEST(Sweep, AJobOfAPolicyGivenByTypeIdReadsTheRowOfThatTypeId)
{
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("aset-sweep-test-" + std::to_string(::getpid()));
    const auto jobs = AsetSweep::MakeJobs("aset-run",
                                          {},
                                          {"ns3::ClosestPolicy", "ns3::RandomPolicy"},
                                          {"1"},
                                          {2},
                                          dir.string());
    // Both jobs read one summary.json: a row that reports "closest", of TypeId ns3::ClosestPolicy.
    PolicySummary closest;
    closest.policy = "closest";
    closest.typeId = "ns3::ClosestPolicy";
    closest.sent = 10;
    closest.counts[static_cast<uint8_t>(QueryOutcome::SUCCEEDED)] = 10;
    closest.successRatio = 1;
    RunInfo info;
    info.seed = 2;
    for (const auto& job : jobs)
    {
        std::filesystem::create_directories(job.outputDir);
        std::ofstream summary(job.outputDir + "/summary.json");
        AsetResultsWriter::WriteSummaryJson(summary, info, {closest});
    }
    const AsetSweepJobResult found = AsetSweep::ReadResult(jobs[0]);
    const AsetSweepJobResult missing = AsetSweep::ReadResult(jobs[1]);
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(found.Succeeded()) << found.error;
    EXPECT_EQ(found.metrics.front(), (std::pair<std::string, double>{"success_ratio", 1}));
    EXPECT_NE(missing.error.find("no policy 'ns3::RandomPolicy'"), std::string::npos) << missing.error;
}
