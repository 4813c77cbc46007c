// SPDX-License-Identifier: GPL-2.0-only
#include "aset-results.h"

#include "ns3/abort.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <spawn.h>
#include <stdexcept>
#include <sstream>
#include <sys/wait.h>

extern char** environ;

namespace ns3
{

namespace
{
/// aset-plot.py's exit status when matplotlib is missing (it has printed a notice).
const int kPlotsUnavailable = 3;

bool
IsAnswered(QueryOutcome outcome)
{
    return outcome == QueryOutcome::SUCCEEDED || outcome == QueryOutcome::FAILED_DEADLINE ||
           outcome == QueryOutcome::FAILED_ACCURACY;
}

/// Appends \p value in fixed point with \p digits decimals: the same value always
/// prints the same, and no stream is built (the per-query CSV calls this a lot).
void
AppendFixed(std::string& out, double value, int digits)
{
    char buffer[64];
    const auto result =
        std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed, digits);
    out.append(buffer, result.ptr);
}

template <typename Integer>
void
AppendInteger(std::string& out, Integer value)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    out.append(buffer, result.ptr);
}

std::string
Fixed(double value, int digits)
{
    return AsetResultsWriter::FormatFixed(value, digits);
}

/// Writes `"<key>": {"<tier>": value, ...},` on a line of a policy's block in summary.json.
void
WriteTierObject(std::ostream& os,
                const std::string& key,
                const std::vector<std::pair<ClusterTier, double>>& values,
                int digits)
{
    os << "      \"" << key << "\": {";
    for (std::size_t t = 0; t < values.size(); ++t)
    {
        os << (t ? ", " : "") << AsetResultsWriter::JsonString(ToString(values[t].first)) << ": "
           << Fixed(values[t].second, digits);
    }
    os << "},\n";
}
} // namespace

std::string
AsetResultsWriter::GetPlotScriptPath()
{
    return std::string(ASET_DATA_DIR) + "/../scripts/aset-plot.py";
}

bool
AsetResultsWriter::DrawPlots(const std::string& dir)
{
    const std::string script = GetPlotScriptPath();
    const char* args[] = {"python3", script.c_str(), "results", dir.c_str(), nullptr};
    pid_t pid = 0;
    int status = 0;
    const int error = posix_spawnp(&pid, "python3", nullptr, nullptr, const_cast<char**>(args), environ);
    if (error == 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status))
    {
        if (WEXITSTATUS(status) == 0)
        {
            return true;
        }
        if (WEXITSTATUS(status) == kPlotsUnavailable)
        {
            return false; // the script has said why (no matplotlib)
        }
    }
    std::cerr << "note: no plots drawn ("
              << (error != 0 ? "python3 not found" : "python3 " + script + " results " + dir + " failed")
              << "); the results are complete without them\n";
    return false;
}

std::string
AsetResultsWriter::FormatFixed(double value, int digits)
{
    std::string out;
    AppendFixed(out, value, digits);
    return out;
}

double
PolicySummary::CheckedSuccessRatio(const PolicyRunResult& run, const std::string& name)
{
    const std::string accounting = run.CheckAccounting();
    if (!accounting.empty())
    {
        throw std::runtime_error(name + ": " + accounting);
    }
    return FromRun(run).successRatio;
}

PolicySummary
PolicySummary::FromRun(const PolicyRunResult& run)
{
    PolicySummary s;
    s.policy = run.policy;
    s.typeId = run.typeId;
    s.sent = run.sent;
    s.counts = run.counts;
    s.lateResponses = run.lateResponses;
    s.malformedPackets = run.malformedPackets;
    s.clusters = run.clusters;
    s.movingUsers = run.movingUsers;
    s.handovers = run.handovers;
    s.forwardedResponses = run.forwardedResponses;
    s.handedOverCounts = run.handedOverCounts;
    s.hasEnergy = run.hasEnergy;
    for (const auto& c : run.clusters)
    {
        if (s.tierUtilisation.empty() || s.tierUtilisation.back().first != c.tier)
        {
            s.tierUtilisation.emplace_back(c.tier, 0.0);
            s.tierEnergy.emplace_back(c.tier, 0.0);
        }
        s.tierEnergy.back().second += c.energyJoules;
        s.energyJoules += c.energyJoules;
    }
    for (auto& [tier, utilisation] : s.tierUtilisation)
    {
        double busy = 0;
        double capacity = 0;
        for (const auto& c : run.clusters)
        {
            if (c.tier == tier)
            {
                busy += c.busyReplicaSeconds;
                capacity += c.replicas * c.windowSeconds;
            }
        }
        utilisation = capacity > 0 ? std::clamp(busy / capacity, 0.0, 1.0) : 0.0;
    }
    const uint64_t succeeded = run.counts[static_cast<uint8_t>(QueryOutcome::SUCCEEDED)];
    s.successRatio = run.sent > 0 ? double(succeeded) / double(run.sent) : 0.0;
    s.hasEnergyPerSuccess = s.hasEnergy && succeeded > 0;
    s.energyPerSuccessJoules = s.hasEnergyPerSuccess ? s.energyJoules / double(succeeded) : 0.0;
    std::vector<double> latencies;
    for (const auto& record : run.records)
    {
        if (IsAnswered(record.outcome))
        {
            latencies.push_back(record.latency.GetSeconds() * 1000.0);
        }
    }
    if (!latencies.empty())
    {
        std::sort(latencies.begin(), latencies.end());
        s.hasLatency = true;
        s.latencyP50Ms = AsetResultsWriter::Percentile(latencies, 50);
        s.latencyP95Ms = AsetResultsWriter::Percentile(latencies, 95);
        s.latencyP99Ms = AsetResultsWriter::Percentile(latencies, 99);
    }
    return s;
}

double
AsetResultsWriter::Percentile(const std::vector<double>& sorted, double p)
{
    NS_ABORT_MSG_IF(sorted.empty() || p <= 0 || p > 100, "percentile of nothing, or p out of (0, 100]");
    // p * n first: p / 100 is inexact (7 / 100.0 * 100 > 7) and ceil would round it up a rank.
    const auto rank = static_cast<std::size_t>(std::ceil(p * double(sorted.size()) / 100.0));
    return sorted[std::max<std::size_t>(rank, 1) - 1];
}

std::string
AsetResultsWriter::JsonString(const std::string& text)
{
    std::string out = "\"";
    for (const char c : text)
    {
        switch (c)
        {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
            {
                char escaped[8];
                std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
                out += escaped;
            }
            else
            {
                out += c;
            }
        }
    }
    return out + "\"";
}

void
AsetResultsWriter::WriteSummaryJson(std::ostream& os,
                                    const RunInfo& info,
                                    const std::vector<PolicySummary>& policies)
{
    os << "{\n"
       << "  \"scenario\": " << JsonString(info.scenario) << ",\n"
       << "  \"seed\": " << info.seed << ",\n"
       << "  \"run\": " << info.run << ",\n"
       << "  \"load\": " << Fixed(info.load, 4) << ",\n"
       << "  \"duration_s\": " << Fixed(info.durationSeconds, 3) << ",\n"
       << "  \"policies\": [";
    for (std::size_t i = 0; i < policies.size(); ++i)
    {
        const PolicySummary& p = policies[i];
        os << (i ? ",\n" : "\n") << "    {\n"
           << "      \"policy\": " << JsonString(p.policy) << ",\n"
           << "      \"type_id\": " << JsonString(p.typeId) << ",\n"
           << "      \"sent\": " << p.sent << ",\n";
        for (uint8_t o = 0; o < kQueryOutcomeCount; ++o)
        {
            os << "      \"" << ToString(static_cast<QueryOutcome>(o)) << "\": " << p.counts[o]
               << ",\n";
        }
        os << "      \"late_responses\": " << p.lateResponses << ",\n"
           << "      \"malformed_packets\": " << p.malformedPackets << ",\n";
        if (p.movingUsers > 0)
        {
            os << "      \"mobility\": {\"users\": " << p.movingUsers
               << ", \"handovers\": " << p.handovers
               << ", \"forwarded_responses\": " << p.forwardedResponses << ", \"handed_over\": {";
            for (uint8_t o = 0; o < kQueryOutcomeCount; ++o)
            {
                os << (o ? ", " : "") << JsonString(ToString(static_cast<QueryOutcome>(o))) << ": "
                   << p.handedOverCounts[o];
            }
            os << "}},\n";
        }
        os
           << "      \"success_ratio\": " << Fixed(p.successRatio, 6) << ",\n"
           << "      \"latency_ms\": ";
        if (p.hasLatency)
        {
            os << "{\"p50\": " << Fixed(p.latencyP50Ms, 3) << ", \"p95\": " << Fixed(p.latencyP95Ms, 3)
               << ", \"p99\": " << Fixed(p.latencyP99Ms, 3) << "},\n";
        }
        else
        {
            os << "null,\n";
        }
        WriteTierObject(os, "utilisation", p.tierUtilisation, 6);
        if (p.hasEnergy)
        {
            WriteTierObject(os, "energy_j", p.tierEnergy, 3);
            os << "      \"energy_total_j\": " << Fixed(p.energyJoules, 3) << ",\n";
        }
        else
        {
            os << "      \"energy_j\": null,\n      \"energy_total_j\": null,\n";
        }
        os << "      \"energy_per_success_j\": "
           << (p.hasEnergyPerSuccess ? Fixed(p.energyPerSuccessJoules, 6) : std::string("null"))
           << ",\n      \"clusters\": [";
        for (std::size_t c = 0; c < p.clusters.size(); ++c)
        {
            const ClusterUsage& u = p.clusters[c];
            os << (c ? ",\n" : "\n") << "        {\"id\": " << u.clusterId
               << ", \"tier\": " << JsonString(ToString(u.tier)) << ", \"replicas\": " << u.replicas
               << ", \"busy_replica_s\": " << Fixed(u.busyReplicaSeconds, 6)
               << ", \"utilisation\": " << Fixed(u.GetUtilisation(), 6) << ", \"energy_j\": "
               << (p.hasEnergy ? Fixed(u.energyJoules, 3) : std::string("null")) << "}";
        }
        os << (p.clusters.empty() ? "]\n" : "\n      ]\n") << "    }";
    }
    os << "\n  ]\n}\n";
}

void
AsetResultsWriter::WriteQueryCsv(std::ostream& os,
                                 const PolicyRunResult& run,
                                 Ptr<ModelCatalogue> catalogue)
{
    os << "client,query,application,task,send_time_s,deadline_ms,outcome,latency_ms,"
          "scheduler,cluster,variant,accuracy,reject_reason,handed_over\n";
    std::string row;
    for (const auto& r : run.records)
    {
        row.clear();
        AppendInteger(row, r.clientId);
        row += ',';
        AppendInteger(row, r.queryId);
        row += ',';
        AppendInteger(row, r.applicationId);
        row += ',';
        row += catalogue->GetTaskName(r.taskId);
        row += ',';
        AppendFixed(row, r.sendTime.GetSeconds(), 9);
        row += ',';
        AppendFixed(row, r.deadline.GetSeconds() * 1000, 3);
        row += ',';
        row += ToString(r.outcome);
        row += ',';
        if (r.HasLatency())
        {
            AppendFixed(row, r.latency.GetSeconds() * 1000, 6);
        }
        row += ',';
        if (r.schedulerId >= 0)
        {
            AppendInteger(row, r.schedulerId);
        }
        row += ',';
        if (r.clusterId >= 0)
        {
            AppendInteger(row, r.clusterId);
        }
        row += ',';
        if (r.variantId >= 0)
        {
            row += catalogue->GetVariant(static_cast<uint16_t>(r.variantId)).name;
        }
        row += ',';
        if (r.servedAccuracy >= 0)
        {
            AppendFixed(row, r.servedAccuracy, 2);
        }
        row += ',';
        if (r.rejectReason != RejectReason::NONE)
        {
            row += ToString(r.rejectReason);
        }
        row += r.handedOver ? ",1\n" : ",0\n";
        os << row;
    }
}

void
AsetResultsWriter::WriteActionsCsv(std::ostream& os, const PolicyRunResult& run)
{
    os << "time_s,scheduler,action,action_name,epsilon,queries,shielded,rate_per_s\n";
    // A decision's rate: its queries over the time until the same scheduler's next decision.
    std::vector<double> nextTime(run.actions.size(), -1);
    std::vector<std::size_t> latest;
    for (std::size_t i = 0; i < run.actions.size(); ++i)
    {
        const AsetActionRecord& a = run.actions[i];
        latest.resize(std::max<std::size_t>(latest.size(), a.scheduler + 1), run.actions.size());
        if (latest[a.scheduler] < run.actions.size())
        {
            nextTime[latest[a.scheduler]] = a.timeSeconds;
        }
        latest[a.scheduler] = i;
    }
    std::string row;
    for (std::size_t i = 0; i < run.actions.size(); ++i)
    {
        const AsetActionRecord& a = run.actions[i];
        row.clear();
        AppendFixed(row, a.timeSeconds, 6);
        row += ',';
        AppendInteger(row, a.scheduler);
        row += ',';
        AppendInteger(row, a.action);
        row += ',';
        row += a.action < run.actionNames.size() ? run.actionNames[a.action] : std::string();
        row += ',';
        AppendFixed(row, a.epsilon, 4);
        row += ',';
        AppendInteger(row, a.queries);
        row += ',';
        AppendInteger(row, a.shielded);
        row += ',';
        if (nextTime[i] > a.timeSeconds)
        {
            AppendFixed(row, a.queries / (nextTime[i] - a.timeSeconds), 1);
        }
        row += '\n';
        os << row;
    }
}

void
AsetResultsWriter::PrintTable(std::ostream& os, const std::vector<PolicySummary>& policies)
{
    const char* const columns[] = {"ok", "late", "inacc", "reject", "drop", "lost", "open"};
    std::size_t nameWidth = 6;
    for (const auto& p : policies)
    {
        nameWidth = std::max(nameWidth, p.policy.size());
    }
    os << std::left << std::setw(int(nameWidth)) << "policy" << std::right << std::setw(8) << "sent";
    for (const char* c : columns)
    {
        os << std::setw(8) << c;
    }
    os << std::setw(9) << "success" << std::setw(9) << "p50 ms" << std::setw(9) << "p95 ms"
       << std::setw(9) << "p99 ms" << std::setw(10) << "J/ok" << '\n';
    for (const auto& p : policies)
    {
        os << std::left << std::setw(int(nameWidth)) << p.policy << std::right << std::setw(8) << p.sent;
        for (uint8_t o = 0; o < kQueryOutcomeCount; ++o)
        {
            os << std::setw(8) << p.counts[o];
        }
        os << std::setw(8) << Fixed(100 * p.successRatio, 1) << '%';
        for (double v : {p.latencyP50Ms, p.latencyP95Ms, p.latencyP99Ms})
        {
            os << std::setw(9) << (p.hasLatency ? Fixed(v, 1) : std::string("-"));
        }
        os << std::setw(10)
           << (p.hasEnergyPerSuccess ? Fixed(p.energyPerSuccessJoules, 3) : std::string("-"))
           << '\n';
    }
    os << "ok=succeeded late=failed_deadline inacc=failed_accuracy reject=rejected drop=dropped "
          "lost=lost open=in_flight J/ok=cluster energy per succeeded query\n";
    if (std::none_of(policies.begin(), policies.end(), [](const PolicySummary& p) {
            return p.movingUsers > 0;
        }))
    {
        return;
    }
    // Moving users: how the queries open during a handover ended, in the same columns.
    os << "\nmoving users: " << policies.front().movingUsers
       << "; queries open while their user changed access node:\n"
       << std::left << std::setw(int(nameWidth)) << "policy" << std::right << std::setw(10)
       << "handovers" << std::setw(10) << "forwarded" << std::setw(8) << "queries";
    for (const char* c : columns)
    {
        os << std::setw(8) << c;
    }
    os << '\n';
    for (const auto& p : policies)
    {
        os << std::left << std::setw(int(nameWidth)) << p.policy << std::right << std::setw(10)
           << p.handovers << std::setw(10) << p.forwardedResponses << std::setw(8)
           << std::accumulate(p.handedOverCounts.begin(), p.handedOverCounts.end(), uint64_t(0));
        for (uint8_t o = 0; o < kQueryOutcomeCount; ++o)
        {
            os << std::setw(8) << p.handedOverCounts[o];
        }
        os << '\n';
    }
}

} // namespace ns3
