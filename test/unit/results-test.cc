// SPDX-License-Identifier: GPL-2.0-only
// Results: summaries and percentiles, summary.json, per-query CSV, the outcome accounting check.
#include "ns3/aset-experiment.h"
#include "ns3/aset-policy.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/aset-results.h"
#include "ns3/model-catalogue.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace ns3;

namespace
{
/// The seven outcomes every query ends in, as named in the design brief.
const char* const kOutcomeKeys[] =
    {"succeeded", "failed_deadline", "failed_accuracy", "rejected", "dropped", "lost", "in_flight"};

QueryRecord
Record(uint64_t queryId, QueryOutcome outcome, Time latency = Time(-1))
{
    QueryRecord r;
    r.clientId = 1;
    r.queryId = queryId;
    r.sendTime = MilliSeconds(queryId);
    r.deadline = MilliSeconds(200);
    r.outcome = outcome;
    r.latency = latency;
    return r;
}

/// Adds \p record to \p run, counting its outcome and the query as sent.
void
Add(PolicyRunResult& run, const QueryRecord& record)
{
    run.records.push_back(record);
    ++run.counts[static_cast<uint8_t>(record.outcome)];
    ++run.sent;
}

/**
 * 100 answered queries with latencies 1..100 ms in a scrambled order (80
 * succeeded, 10 late, 10 inaccurate), plus 20 unanswered ones, 10 of which
 * carry a long latency that must not enter the percentiles.
 */
PolicyRunResult
MixedRun(const std::string& policy)
{
    PolicyRunResult run;
    run.policy = policy;
    uint64_t id = 0;
    for (int i = 0; i < 100; ++i)
    {
        const int ms = (i * 37) % 100 + 1; // 37 is coprime with 100: a permutation of 1..100
        const QueryOutcome outcome = ms % 10 == 0   ? QueryOutcome::FAILED_DEADLINE
                                     : ms % 10 == 5 ? QueryOutcome::FAILED_ACCURACY
                                                    : QueryOutcome::SUCCEEDED;
        Add(run, Record(id++, outcome, MilliSeconds(ms)));
    }
    for (int i = 0; i < 10; ++i)
    {
        Add(run, Record(id++, QueryOutcome::DROPPED, MilliSeconds(1000)));
    }
    for (int i = 0; i < 5; ++i)
    {
        Add(run, Record(id++, QueryOutcome::REJECTED));
    }
    for (int i = 0; i < 3; ++i)
    {
        Add(run, Record(id++, QueryOutcome::LOST));
    }
    for (int i = 0; i < 2; ++i)
    {
        Add(run, Record(id++, QueryOutcome::IN_FLIGHT));
    }
    return run;
}

PolicyRunResult
UnansweredRun(const std::string& policy)
{
    PolicyRunResult run;
    run.policy = policy;
    Add(run, Record(0, QueryOutcome::REJECTED));
    Add(run, Record(1, QueryOutcome::LOST));
    Add(run, Record(2, QueryOutcome::DROPPED, MilliSeconds(3)));
    return run;
}

/// Decodes a JSON string literal (RFC 8259, \u escapes below 0x80 only); false if malformed.
bool
DecodeJsonString(const std::string& literal, std::string& out)
{
    out.clear();
    if (literal.size() < 2 || literal.front() != '"' || literal.back() != '"')
    {
        return false;
    }
    for (std::size_t i = 1; i + 1 < literal.size(); ++i)
    {
        const char c = literal[i];
        if (static_cast<unsigned char>(c) < 0x20 || c == '"')
        {
            return false; // must have been escaped
        }
        if (c != '\\')
        {
            out += c;
            continue;
        }
        if (++i + 1 >= literal.size())
        {
            return false;
        }
        switch (literal[i])
        {
        case '"':
            out += '"';
            break;
        case '\\':
            out += '\\';
            break;
        case '/':
            out += '/';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'u': {
            if (i + 4 >= literal.size() - 1)
            {
                return false;
            }
            const std::string hex = literal.substr(i + 1, 4);
            char* end = nullptr;
            const long code = std::strtol(hex.c_str(), &end, 16);
            if (end != hex.c_str() + 4 || code >= 0x80)
            {
                return false;
            }
            out += static_cast<char>(code);
            i += 4;
            break;
        }
        default:
            return false;
        }
    }
    return true;
}

/// The text of the policy object in summary.json that names \p policy.
std::string
PolicyBlock(const std::string& json, const std::string& policy)
{
    const std::size_t start = json.find("\"policy\": \"" + policy + "\"");
    if (start == std::string::npos)
    {
        return "";
    }
    const std::size_t end = json.find('}', json.find("\"latency_ms\"", start));
    return json.substr(start, end == std::string::npos ? std::string::npos : end - start + 1);
}

/// The number after "key": in \p text, or NaN when absent.
double
NumberAfter(const std::string& text, const std::string& key)
{
    const std::size_t at = text.find("\"" + key + "\": ");
    if (at == std::string::npos)
    {
        return std::nan("");
    }
    return std::strtod(text.c_str() + at + key.size() + 4, nullptr);
}

std::vector<std::string>
SplitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
    {
        lines.push_back(line);
    }
    return lines;
}

std::vector<std::string>
SplitCells(const std::string& line)
{
    std::vector<std::string> cells;
    std::size_t start = 0;
    while (true)
    {
        const std::size_t comma = line.find(',', start);
        cells.push_back(line.substr(start, comma - start));
        if (comma == std::string::npos)
        {
            return cells;
        }
        start = comma + 1;
    }
}
} // namespace

TEST(Results, SummaryCountsAndNearestRankPercentiles)
{
    const PolicyRunResult run = MixedRun("closest");
    const PolicySummary s = PolicySummary::FromRun(run);
    EXPECT_EQ(s.policy, "closest");
    EXPECT_EQ(s.sent, 120u);
    EXPECT_EQ(s.counts[static_cast<uint8_t>(QueryOutcome::SUCCEEDED)], 80u);
    EXPECT_EQ(s.counts[static_cast<uint8_t>(QueryOutcome::FAILED_DEADLINE)], 10u);
    EXPECT_EQ(s.counts[static_cast<uint8_t>(QueryOutcome::FAILED_ACCURACY)], 10u);
    EXPECT_EQ(s.counts[static_cast<uint8_t>(QueryOutcome::DROPPED)], 10u);
    EXPECT_EQ(s.counts[static_cast<uint8_t>(QueryOutcome::IN_FLIGHT)], 2u);
    EXPECT_DOUBLE_EQ(s.successRatio, 80.0 / 120.0);
    // Nearest rank over the 100 answered latencies 1..100 ms: the p-th
    // percentile is the ceil(p / 100 x 100)-th smallest, p ms. Had the dropped
    // queries' 1000 ms counted, p50 would be 55 and p95 1000.
    ASSERT_TRUE(s.hasLatency);
    EXPECT_NEAR(s.latencyP50Ms, 50.0, 1e-9);
    EXPECT_NEAR(s.latencyP95Ms, 95.0, 1e-9);
    EXPECT_NEAR(s.latencyP99Ms, 99.0, 1e-9);
}

TEST(Results, SummaryWithoutAnsweredQueryHasNoLatency)
{
    const PolicySummary s = PolicySummary::FromRun(UnansweredRun("cloud-only"));
    EXPECT_FALSE(s.hasLatency);
    EXPECT_EQ(s.sent, 3u);
    EXPECT_DOUBLE_EQ(s.successRatio, 0.0);
    std::ostringstream json;
    AsetResultsWriter::WriteSummaryJson(json, RunInfo(), {s});
    const std::string block = PolicyBlock(json.str(), "cloud-only");
    EXPECT_NE(block.find("\"latency_ms\": null"), std::string::npos) << json.str();

    // Nothing sent: a ratio of 0, not a division by zero.
    PolicyRunResult empty;
    empty.policy = "idle";
    const PolicySummary none = PolicySummary::FromRun(empty);
    EXPECT_EQ(none.sent, 0u);
    EXPECT_DOUBLE_EQ(none.successRatio, 0.0);
    EXPECT_FALSE(none.hasLatency);
}

TEST(Results, PercentileEdgeCases)
{
    // One element is every percentile.
    const std::vector<double> one = {7.5};
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(one, 0.001), 7.5);
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(one, 50), 7.5);
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(one, 100), 7.5);

    // p = 100 is the largest; a tiny p the smallest.
    const std::vector<double> three = {1, 2, 3};
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(three, 100), 3);
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(three, 0.1), 1);
    // ceil(p / 100 x 3): 33.3 -> 1st, 34 -> 2nd, 66.7 -> 2nd, 67 -> 3rd.
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(three, 33), 1);
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(three, 34), 2);
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(three, 66), 2);
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(three, 67), 3);

    // Ten values: 10 -> 1st, 11 -> 2nd, 90 -> 9th, 91 -> 10th.
    std::vector<double> ten;
    for (int i = 1; i <= 10; ++i)
    {
        ten.push_back(i * 10.0);
    }
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(ten, 10), 10);
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(ten, 11), 20);
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(ten, 90), 90);
    EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(ten, 91), 100);
}

// Disabled: Percentile computes the rank as ceil(p / 100.0 * n) in floating
// point, and 7 / 100.0 * 100 is 7.000000000000001, so p = 7 (also 14, 28, 55,
// 56 of 100 values) returns the next rank up. The 50th, 95th and 99th, which
// the summaries use, are not affected. Enable once the rank is computed exactly.
TEST(Results, PercentileRankIsExactForEveryIntegerP)
{
    std::vector<double> values;
    for (int i = 1; i <= 100; ++i)
    {
        values.push_back(i);
    }
    for (int p = 1; p <= 100; ++p)
    {
        // Nearest rank: the ceil(p x 100 / 100) = p-th smallest, which is p.
        EXPECT_DOUBLE_EQ(AsetResultsWriter::Percentile(values, p), p) << "p = " << p;
    }
}

TEST(Results, JsonStringEscapesWhatJsonRequires)
{
    const std::string inputs[] = {"plain name",
                                  "say \"hi\"",
                                  "C:\\path\\file",
                                  "two\nlines",
                                  std::string("bell\x01") + "unit\x1f",
                                  "tab\there\r",
                                  "caf\xc3\xa9"};
    for (const auto& input : inputs)
    {
        const std::string literal = AsetResultsWriter::JsonString(input);
        std::string decoded;
        EXPECT_TRUE(DecodeJsonString(literal, decoded)) << literal;
        EXPECT_EQ(decoded, input) << literal;
    }
    EXPECT_EQ(AsetResultsWriter::JsonString("plain name"), "\"plain name\"");
    EXPECT_EQ(AsetResultsWriter::JsonString(""), "\"\"");
    // The only escapes JSON allows for these two.
    EXPECT_NE(AsetResultsWriter::JsonString("a\"b").find("\\\""), std::string::npos);
    EXPECT_NE(AsetResultsWriter::JsonString("a\\b").find("\\\\"), std::string::npos);
}

TEST(Results, SummaryJsonHasEveryOutcomeOfEveryPolicyAndIsReproducible)
{
    RunInfo info;
    info.scenario = "near-edge \"what if\"";
    info.seed = 3;
    info.run = 9;
    info.load = 1.5;
    info.durationSeconds = 20;
    std::vector<PolicyRunResult> runs = {MixedRun("closest"), UnansweredRun("cloud-only")};
    runs[0].typeId = "ns3::ClosestPolicy";
    std::vector<PolicySummary> summaries;
    for (const auto& run : runs)
    {
        summaries.push_back(PolicySummary::FromRun(run));
    }
    std::ostringstream first;
    AsetResultsWriter::WriteSummaryJson(first, info, summaries);
    const std::string json = first.str();

    EXPECT_NE(json.find(AsetResultsWriter::JsonString(info.scenario)), std::string::npos);
    EXPECT_EQ(NumberAfter(json, "seed"), 3);
    EXPECT_EQ(NumberAfter(json, "run"), 9);
    EXPECT_DOUBLE_EQ(NumberAfter(json, "load"), 1.5);
    for (const auto& run : runs)
    {
        const std::string block = PolicyBlock(json, run.policy);
        ASSERT_FALSE(block.empty()) << run.policy << " missing in\n" << json;
        EXPECT_EQ(NumberAfter(block, "sent"), double(run.sent)) << run.policy;
        for (uint8_t o = 0; o < kQueryOutcomeCount; ++o)
        {
            EXPECT_EQ(NumberAfter(block, kOutcomeKeys[o]), double(run.counts[o]))
                << run.policy << " " << kOutcomeKeys[o] << " in\n"
                << block;
        }
    }
    const std::string closest = PolicyBlock(json, "closest");
    EXPECT_NE(closest.find("\"type_id\": \"ns3::ClosestPolicy\""), std::string::npos) << closest;
    EXPECT_NEAR(NumberAfter(closest, "success_ratio"), 80.0 / 120.0, 1e-6);
    EXPECT_NEAR(NumberAfter(closest, "p50"), 50, 1e-9);
    EXPECT_NEAR(NumberAfter(closest, "p95"), 95, 1e-9);
    EXPECT_NEAR(NumberAfter(closest, "p99"), 99, 1e-9);

    // The same input, built afresh, gives the same bytes.
    std::vector<PolicySummary> again;
    for (const auto& run : runs)
    {
        again.push_back(PolicySummary::FromRun(run));
    }
    std::ostringstream second;
    AsetResultsWriter::WriteSummaryJson(second, info, again);
    EXPECT_EQ(second.str(), json);
}

TEST(Results, CheckedSuccessRatioIsTheSummarysOrAnErrorNamingTheRun)
{
    PolicyRunResult run = MixedRun("least-loaded");
    EXPECT_DOUBLE_EQ(PolicySummary::CheckedSuccessRatio(run, "episode 3"),
                     PolicySummary::FromRun(run).successRatio);

    ++run.sent; // a query no outcome accounts for
    try
    {
        PolicySummary::CheckedSuccessRatio(run, "episode 3");
        FAIL() << "a run that does not add up was scored";
    }
    catch (const std::runtime_error& e)
    {
        const std::string message = e.what();
        EXPECT_EQ(message, "episode 3: " + run.CheckAccounting());
    }
}

TEST(Results, CheckAccountingNamesThePolicyWhenCountsDoNotAddUp)
{
    PolicyRunResult run = MixedRun("least-loaded");
    EXPECT_EQ(run.CheckAccounting(), "");

    // One record lost on the way, its outcome still counted.
    PolicyRunResult missingRecord = run;
    missingRecord.records.pop_back();
    const std::string recordMessage = missingRecord.CheckAccounting();
    EXPECT_FALSE(recordMessage.empty());
    EXPECT_NE(recordMessage.find("least-loaded"), std::string::npos) << recordMessage;

    // One query sent that no outcome and no record accounts for.
    PolicyRunResult unaccounted = run;
    ++unaccounted.sent;
    const std::string sentMessage = unaccounted.CheckAccounting();
    EXPECT_FALSE(sentMessage.empty());
    EXPECT_NE(sentMessage.find("least-loaded"), std::string::npos) << sentMessage;

    // One query counted twice.
    PolicyRunResult doubleCounted = run;
    ++doubleCounted.counts[static_cast<uint8_t>(QueryOutcome::LOST)];
    EXPECT_FALSE(doubleCounted.CheckAccounting().empty());

    // An empty run adds up.
    PolicyRunResult empty;
    empty.policy = "random";
    EXPECT_EQ(empty.CheckAccounting(), "");
}

TEST(Results, QueryCsvHasAHeaderAndOneRowPerRecordWithEmptyCellsForAbsentFields)
{
    std::istringstream catalogueText(
        "task,variant,accuracy,hardware,batch_size,latency_ms,memory_mb,source\n"
        "det,det-small,30,gpu,1,2,10,test\n"
        "det,det-large,50,gpu,1,10,100,test\n");
    Ptr<ModelCatalogue> catalogue = ModelCatalogue::Parse(catalogueText, "results-test.csv");

    PolicyRunResult run;
    run.policy = "closest";
    QueryRecord served = Record(7, QueryOutcome::SUCCEEDED, MicroSeconds(12500));
    served.clientId = 4;
    served.schedulerId = 0;
    served.clusterId = 2;
    served.variantId = 1;
    served.servedAccuracy = 50;
    Add(run, served);
    QueryRecord rejected = Record(8, QueryOutcome::REJECTED);
    rejected.schedulerId = 1;
    rejected.rejectReason = RejectReason::NO_ACCURATE_VARIANT;
    Add(run, rejected);
    QueryRecord lost = Record(9, QueryOutcome::LOST);
    lost.schedulerId = 1;
    lost.clusterId = 3;
    lost.variantId = 0;
    lost.handedOver = true; // its client moved while it was open
    Add(run, lost);

    std::ostringstream csv;
    AsetResultsWriter::WriteQueryCsv(csv, run, catalogue);
    const std::vector<std::string> lines = SplitLines(csv.str());
    ASSERT_EQ(lines.size(), 1 + run.records.size()) << csv.str();
    const std::vector<std::string> header = SplitCells(lines[0]);
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < header.size(); ++i)
    {
        column[header[i]] = i;
    }
    for (const char* name : {"client",
                             "query",
                             "task",
                             "outcome",
                             "latency_ms",
                             "scheduler",
                             "cluster",
                             "variant",
                             "accuracy",
                             "reject_reason",
                             "handed_over"})
    {
        ASSERT_EQ(column.count(name), 1u) << "no column " << name << " in " << lines[0];
    }
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 1; i < lines.size(); ++i)
    {
        rows.push_back(SplitCells(lines[i]));
        ASSERT_EQ(rows.back().size(), header.size()) << lines[i];
    }
    auto cell = [&](std::size_t row, const char* name) { return rows[row][column[name]]; };

    EXPECT_EQ(cell(0, "client"), "4");
    EXPECT_EQ(cell(0, "query"), "7");
    EXPECT_EQ(cell(0, "task"), "det");
    EXPECT_EQ(cell(0, "outcome"), "succeeded");
    EXPECT_NEAR(std::strtod(cell(0, "latency_ms").c_str(), nullptr), 12.5, 1e-9);
    EXPECT_EQ(cell(0, "scheduler"), "0");
    EXPECT_EQ(cell(0, "cluster"), "2");
    EXPECT_EQ(cell(0, "variant"), "det-large");
    EXPECT_NEAR(std::strtod(cell(0, "accuracy").c_str(), nullptr), 50.0, 1e-9);
    EXPECT_EQ(cell(0, "reject_reason"), "");
    EXPECT_EQ(cell(0, "handed_over"), "0");

    EXPECT_EQ(cell(1, "outcome"), "rejected");
    EXPECT_EQ(cell(1, "latency_ms"), "");
    EXPECT_EQ(cell(1, "scheduler"), "1");
    EXPECT_EQ(cell(1, "cluster"), "");
    EXPECT_EQ(cell(1, "variant"), "");
    EXPECT_EQ(cell(1, "accuracy"), "");
    EXPECT_EQ(cell(1, "reject_reason"), "no_accurate_variant");

    EXPECT_EQ(cell(2, "outcome"), "lost");
    EXPECT_EQ(cell(2, "latency_ms"), "");
    EXPECT_EQ(cell(2, "cluster"), "3");
    EXPECT_EQ(cell(2, "variant"), "det-small");
    EXPECT_EQ(cell(2, "accuracy"), "");
    EXPECT_EQ(cell(2, "reject_reason"), "");
    EXPECT_EQ(cell(2, "handed_over"), "1");
}

TEST(Results, MovingUsersGetAMobilityBlockAndTableOnlyWhenThereAreSome)
{
    PolicyRunResult still = MixedRun("closest");
    PolicyRunResult moving = still;
    moving.movingUsers = 12;
    moving.handovers = 30;
    moving.forwardedResponses = 25;
    moving.handedOverCounts[static_cast<uint8_t>(QueryOutcome::SUCCEEDED)] = 20;
    moving.handedOverCounts[static_cast<uint8_t>(QueryOutcome::FAILED_DEADLINE)] = 4;
    moving.handedOverCounts[static_cast<uint8_t>(QueryOutcome::LOST)] = 1;

    std::ostringstream stillJson;
    AsetResultsWriter::WriteSummaryJson(stillJson, RunInfo{}, {PolicySummary::FromRun(still)});
    EXPECT_EQ(stillJson.str().find("mobility"), std::string::npos) << stillJson.str();
    std::ostringstream stillTable;
    AsetResultsWriter::PrintTable(stillTable, {PolicySummary::FromRun(still)});
    EXPECT_EQ(stillTable.str().find("moving users"), std::string::npos) << stillTable.str();

    std::ostringstream json;
    AsetResultsWriter::WriteSummaryJson(json, RunInfo{}, {PolicySummary::FromRun(moving)});
    const std::string block = PolicyBlock(json.str(), "closest");
    EXPECT_NE(block.find("\"mobility\": {\"users\": 12, \"handovers\": 30, "
                         "\"forwarded_responses\": 25, \"handed_over\": {\"succeeded\": 20, "
                         "\"failed_deadline\": 4, \"failed_accuracy\": 0, \"rejected\": 0, "
                         "\"dropped\": 0, \"lost\": 1, \"in_flight\": 0}},"),
              std::string::npos)
        << block;
    EXPECT_EQ(NumberAfter(block, "sent"), double(moving.sent)) << "the other keys stay";

    std::ostringstream table;
    AsetResultsWriter::PrintTable(table, {PolicySummary::FromRun(moving)});
    const std::vector<std::string> lines = SplitLines(table.str());
    ASSERT_GE(lines.size(), 4u);
    EXPECT_EQ(lines[lines.size() - 4], "") << table.str();
    EXPECT_EQ(lines[lines.size() - 3].rfind("moving users: 12;", 0), 0u) << table.str();
    EXPECT_NE(lines[lines.size() - 2].find("handovers forwarded queries      ok"), std::string::npos)
        << table.str();
    EXPECT_NE(lines.back().find("closest        30        25      25      20       4       0"),
              std::string::npos)
        << table.str();
}

TEST(Results, TableHasOneLinePerPolicyAndDashesForMissingLatency)
{
    const std::vector<PolicySummary> summaries = {
        PolicySummary::FromRun(MixedRun("closest")),
        PolicySummary::FromRun(UnansweredRun("cloud-only"))};
    std::ostringstream table;
    AsetResultsWriter::PrintTable(table, summaries);
    const std::vector<std::string> lines = SplitLines(table.str());
    std::string closestLine;
    std::string cloudLine;
    for (const auto& line : lines)
    {
        if (line.rfind("closest", 0) == 0)
        {
            closestLine = line;
        }
        if (line.rfind("cloud-only", 0) == 0)
        {
            cloudLine = line;
        }
    }
    ASSERT_FALSE(closestLine.empty()) << table.str();
    ASSERT_FALSE(cloudLine.empty()) << table.str();
    EXPECT_EQ(closestLine.find(" - "), std::string::npos) << closestLine;
    EXPECT_NE(closestLine.find("66.7%"), std::string::npos) << closestLine;
    EXPECT_NE(cloudLine.find(" -"), std::string::npos) << cloudLine;
}

TEST(Results, TierUtilisationPoolsTheClustersOfEachTierAndGoesToSummaryJson)
{
    PolicyRunResult run = MixedRun("closest");
    // Two far-edge clusters of 4 and 2 replicas, a near-edge cluster, an idle cloud; 10 s windows.
    run.clusters = {{0, ClusterTier::FAR_EDGE, 4, 20, 10},
                    {1, ClusterTier::FAR_EDGE, 2, 16, 10},
                    {2, ClusterTier::NEAR_EDGE, 4, 30, 10},
                    {3, ClusterTier::CLOUD, 16, 0, 10}};
    EXPECT_DOUBLE_EQ(run.clusters[0].GetUtilisation(), 0.5);
    EXPECT_DOUBLE_EQ(run.clusters[1].GetUtilisation(), 0.8);
    const PolicySummary s = PolicySummary::FromRun(run);
    ASSERT_EQ(s.tierUtilisation.size(), 3u);
    EXPECT_EQ(s.tierUtilisation[0].first, ClusterTier::FAR_EDGE);
    EXPECT_DOUBLE_EQ(s.tierUtilisation[0].second, 36.0 / 60.0); // busy over replica-time, not a mean of ratios
    EXPECT_DOUBLE_EQ(s.tierUtilisation[1].second, 0.75);
    EXPECT_DOUBLE_EQ(s.tierUtilisation[2].second, 0.0);

    std::ostringstream json;
    AsetResultsWriter::WriteSummaryJson(json, RunInfo(), {s});
    EXPECT_NE(json.str().find("\"utilisation\": {\"far-edge\": 0.600000, \"near-edge\": 0.750000, "
                              "\"cloud\": 0.000000}"),
              std::string::npos)
        << json.str();
    EXPECT_NE(json.str().find("{\"id\": 1, \"tier\": \"far-edge\", \"replicas\": 2, \"busy_replica_s\": "
                              "16.000000, \"utilisation\": 0.800000, \"energy_j\": null}"),
              std::string::npos)
        << json.str();
    // Without a power model every energy figure is null, not 0.
    EXPECT_NE(json.str().find("\"energy_j\": null,\n      \"energy_total_j\": null,\n      "
                              "\"energy_per_success_j\": null,"),
              std::string::npos)
        << json.str();
}

TEST(Results, EnergyIsSummedPerTierAndDividedBySucceededQueries)
{
    PolicyRunResult run = MixedRun("closest");
    const uint64_t succeeded = run.counts[static_cast<uint8_t>(QueryOutcome::SUCCEEDED)];
    ASSERT_GT(succeeded, 0u);
    run.hasEnergy = true;
    run.clusters = {{0, ClusterTier::FAR_EDGE, 4, 20, 10, 100.5},
                    {1, ClusterTier::FAR_EDGE, 2, 16, 10, 50.25},
                    {2, ClusterTier::NEAR_EDGE, 4, 30, 10, 400},
                    {3, ClusterTier::CLOUD, 16, 0, 10, 0}};
    const PolicySummary s = PolicySummary::FromRun(run);
    ASSERT_EQ(s.tierEnergy.size(), 3u);
    EXPECT_EQ(s.tierEnergy[0].first, ClusterTier::FAR_EDGE);
    EXPECT_DOUBLE_EQ(s.tierEnergy[0].second, 150.75);
    EXPECT_DOUBLE_EQ(s.tierEnergy[1].second, 400);
    EXPECT_DOUBLE_EQ(s.tierEnergy[2].second, 0);
    EXPECT_DOUBLE_EQ(s.energyJoules, 550.75);
    ASSERT_TRUE(s.hasEnergyPerSuccess);
    EXPECT_DOUBLE_EQ(s.energyPerSuccessJoules, 550.75 / double(succeeded));

    std::ostringstream json;
    AsetResultsWriter::WriteSummaryJson(json, RunInfo(), {s});
    EXPECT_NE(json.str().find("\"energy_j\": {\"far-edge\": 150.750, \"near-edge\": 400.000, "
                              "\"cloud\": 0.000},\n      \"energy_total_j\": 550.750,"),
              std::string::npos)
        << json.str();
    EXPECT_NE(json.str().find("\"utilisation\": 0.800000, \"energy_j\": 50.250}"), std::string::npos)
        << json.str();

    std::ostringstream table;
    AsetResultsWriter::PrintTable(table, {s});
    EXPECT_NE(table.str().find(AsetResultsWriter::FormatFixed(550.75 / double(succeeded), 3)),
              std::string::npos)
        << table.str();

    run.counts[static_cast<uint8_t>(QueryOutcome::SUCCEEDED)] = 0; // energy, but no success to share it
    EXPECT_FALSE(PolicySummary::FromRun(run).hasEnergyPerSuccess);
}

TEST(Results, ActionsCsvHasARowPerDecisionWithTheRateUntilTheSchedulersNextDecision)
{
    PolicyRunResult run;
    run.policy = "aset";
    run.actionNames = {"closest", "random"};
    run.actions = {{0.20, 0, 1, 0.5, 4, 1}, {0.21, 1, 0, 0.5, 3, 0}, {0.22, 0, 0, 0.4, 2, 2}};
    std::ostringstream csv;
    AsetResultsWriter::WriteActionsCsv(csv, run);
    const auto lines = SplitLines(csv.str());
    ASSERT_EQ(lines.size(), 4u) << csv.str();
    EXPECT_EQ(lines[0], "time_s,scheduler,action,action_name,epsilon,queries,shielded,rate_per_s");
    EXPECT_EQ(lines[1], "0.200000,0,1,random,0.5000,4,1,200.0"); // 4 queries in the 20 ms to its next
    EXPECT_EQ(lines[2], "0.210000,1,0,closest,0.5000,3,0,");      // no next decision: no rate
    EXPECT_EQ(lines[3], "0.220000,0,0,closest,0.4000,2,2,");
}

namespace
{
/**
 * Runs the default scenario, shortened, under aset with every decision
 * recorded (as aset-run does) and exits: 0 when every recorded decision has
 * at most as many shielded queries as queries and the records hold every
 * query the shield moved, 1 otherwise. A crash is a crash.
 */
[[noreturn]] void
RunRecordingShieldedDecisions()
{
    AsetScenario s = AsetScenario::Default();
    s.duration = MilliSeconds(500);
    auto catalogue = ModelCatalogue::LoadFromFile(s.cataloguePath);
    AsetExperiment experiment(s, catalogue);
    experiment.SetRecordActions(true);
    std::vector<Ptr<AsetPolicy>> policies;
    experiment.SetPolicyConfigurator([&policies](Ptr<SchedulingPolicy> policy, uint32_t) {
        Ptr<AsetPolicy> aset = DynamicCast<AsetPolicy>(policy);
        // Margin 1: no placement keeps its whole deadline as slack, so the shield moves
        // every query the untrained agent does not place on the instance with the most
        // slack, from each scheduler's first query on.
        aset->SetAttribute("Shield", BooleanValue(true));
        aset->SetAttribute("ShieldMargin", DoubleValue(1.0));
        aset->SetAttribute("TieMargin", DoubleValue(0.0));
        policies.push_back(aset);
    });
    const PolicyRunResult r = experiment.Run("aset", 1, 1);
    uint64_t moved = 0;
    for (const auto& p : policies)
    {
        moved += p->GetShieldedCount();
    }
    uint64_t recorded = 0;
    bool ok = moved > 0 && r.actions.size() == r.decisions;
    for (const auto& a : r.actions)
    {
        recorded += a.shielded;
        ok = ok && a.shielded <= a.queries;
    }
    ok = ok && recorded == moved;
    std::cerr << "decisions " << r.decisions << ", records " << r.actions.size() << ", shielded " << moved
              << ", recorded as shielded " << recorded << std::endl;
    std::exit(ok ? 0 : 1);
}
} // namespace

TEST(Results, RecordedActionsCountEachShieldedQueryAgainstItsOwnDecision)
{
    // In a child process: a crash there fails this test, not the test program.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(RunRecordingShieldedDecisions(), ::testing::ExitedWithCode(0), "");
}
