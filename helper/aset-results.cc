// SPDX-License-Identifier: GPL-2.0-only
#include "aset-results.h"

#include "ns3/abort.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>

namespace ns3
{

namespace
{
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
    std::string out;
    AppendFixed(out, value, digits);
    return out;
}
} // namespace

PolicySummary
PolicySummary::FromRun(const PolicyRunResult& run)
{
    PolicySummary s;
    s.policy = run.policy;
    s.sent = run.sent;
    s.counts = run.counts;
    s.lateResponses = run.lateResponses;
    s.malformedPackets = run.malformedPackets;
    const uint64_t succeeded = run.counts[static_cast<uint8_t>(QueryOutcome::SUCCEEDED)];
    s.successRatio = run.sent > 0 ? double(succeeded) / double(run.sent) : 0.0;
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
           << "      \"sent\": " << p.sent << ",\n";
        for (uint8_t o = 0; o < kQueryOutcomeCount; ++o)
        {
            os << "      \"" << ToString(static_cast<QueryOutcome>(o)) << "\": " << p.counts[o]
               << ",\n";
        }
        os << "      \"late_responses\": " << p.lateResponses << ",\n"
           << "      \"malformed_packets\": " << p.malformedPackets << ",\n"
           << "      \"success_ratio\": " << Fixed(p.successRatio, 6) << ",\n"
           << "      \"latency_ms\": ";
        if (p.hasLatency)
        {
            os << "{\"p50\": " << Fixed(p.latencyP50Ms, 3) << ", \"p95\": " << Fixed(p.latencyP95Ms, 3)
               << ", \"p99\": " << Fixed(p.latencyP99Ms, 3) << "}\n";
        }
        else
        {
            os << "null\n";
        }
        os << "    }";
    }
    os << "\n  ]\n}\n";
}

void
AsetResultsWriter::WriteQueryCsv(std::ostream& os,
                                 const PolicyRunResult& run,
                                 Ptr<ModelCatalogue> catalogue)
{
    os << "client,query,application,task,send_time_s,deadline_ms,outcome,latency_ms,"
          "scheduler,cluster,variant,accuracy,reject_reason\n";
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
       << std::setw(9) << "p99 ms" << '\n';
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
        os << '\n';
    }
    os << "ok=succeeded late=failed_deadline inacc=failed_accuracy reject=rejected drop=dropped "
          "lost=lost open=in_flight\n";
}

} // namespace ns3
