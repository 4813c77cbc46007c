// SPDX-License-Identifier: GPL-2.0-only
#include "aset-sweep.h"

#include "aset-results.h"
#include "aset-scenario.h"

#include "ns3/aset-types.h"

#include <algorithm>
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace ns3
{

namespace
{
const char* const kSummaryFile = "summary.json";
const char* const kLogFile = "aset-run.log";

/// The value of "--<name>=value" in \p words, or empty when absent (the last one wins).
std::string
OptionValue(const std::vector<std::string>& words, const std::string& name)
{
    const std::string prefix = "--" + name + "=";
    std::string value;
    for (const auto& w : words)
    {
        if (w.compare(0, prefix.size(), prefix) == 0)
        {
            value = w.substr(prefix.size());
        }
    }
    return value;
}

/// The line of the job's log that says why it failed: the first naming an error, else the last one.
std::string
FailureLine(const AsetSweepJob& job)
{
    std::ifstream log(job.outputDir + "/" + kLogFile);
    std::string line;
    std::string last;
    while (std::getline(log, line))
    {
        if (line.find("error") != std::string::npos || line.find("Invalid") != std::string::npos)
        {
            return line;
        }
        if (line.find_first_not_of(" \t\r") != std::string::npos)
        {
            last = line;
        }
    }
    return last;
}

/// \p text as a number, throwing with \p key's name when it is not one.
double
ParseNumber(const std::string& text, const std::string& key)
{
    char* end = nullptr;
    const double x = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0')
    {
        throw std::runtime_error("\"" + key + "\" is not a number: " + text);
    }
    return x;
}

/// A number of summary.json, throwing with the key's name when absent or not a number.
double
Number(const boost::property_tree::ptree& tree, const std::string& key)
{
    const auto value = tree.get_optional<std::string>(key);
    if (!value)
    {
        throw std::runtime_error("no \"" + key + "\"");
    }
    return ParseNumber(*value, key);
}

/// "far-edge" as a metric-name part: "far_edge".
std::string
Identifier(std::string text)
{
    std::replace(text.begin(), text.end(), '-', '_');
    return text;
}
} // namespace

std::string
AsetSweep::ShellQuote(const std::string& word)
{
    const bool plain =
        !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                "0123456789_-+=/.,:@%") == std::string::npos;
    if (plain)
    {
        return word;
    }
    std::string quoted = "'";
    for (const char c : word)
    {
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return quoted + "'";
}

std::vector<std::string>
AsetSweep::SplitShellWords(const std::string& line)
{
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;
    for (std::size_t i = 0; i < line.size(); ++i)
    {
        const char c = line[i];
        if (c == ' ' || c == '\t')
        {
            if (inWord)
            {
                words.push_back(word);
                word.clear();
                inWord = false;
            }
            continue;
        }
        inWord = true;
        if (c == '\'')
        {
            const std::size_t close = line.find('\'', i + 1);
            if (close == std::string::npos)
            {
                throw std::invalid_argument("unterminated ' quote");
            }
            word += line.substr(i + 1, close - i - 1);
            i = close;
        }
        else if (c == '"')
        {
            for (++i; i < line.size() && line[i] != '"'; ++i)
            {
                if (line[i] == '\\' && i + 1 < line.size() &&
                    std::string("\"\\$`").find(line[i + 1]) != std::string::npos)
                {
                    ++i;
                }
                word += line[i];
            }
            if (i >= line.size())
            {
                throw std::invalid_argument("unterminated \" quote");
            }
        }
        else if (c == '\\' && i + 1 < line.size())
        {
            word += line[++i];
        }
        else
        {
            word += c;
        }
    }
    if (inWord)
    {
        words.push_back(word);
    }
    return words;
}

std::string
AsetSweep::NormaliseLoad(const std::string& text)
{
    char* end = nullptr;
    const double load = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' ||
        !(load >= AsetScenario::kMinLoad && load <= AsetScenario::kMaxLoad))
    {
        throw std::invalid_argument("load '" + text + "' is not a number from 1e-06 to 1e+06");
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), load);
    return std::string(buffer, result.ptr);
}

std::vector<AsetSweepJob>
AsetSweep::MakeJobs(const std::string& program,
                    const std::vector<std::string>& options,
                    const std::vector<std::string>& policies,
                    const std::vector<std::string>& loads,
                    const std::vector<uint32_t>& seeds,
                    const std::string& jobsDir)
{
    std::string common = ShellQuote(program);
    for (const auto& option : options)
    {
        common += " " + ShellQuote(option);
    }
    std::vector<AsetSweepJob> jobs;
    for (const auto& policy : policies)
    {
        for (const auto& load : loads)
        {
            for (const uint32_t seed : seeds)
            {
                AsetSweepJob job;
                job.policy = policy;
                job.load = NormaliseLoad(load);
                job.seed = seed;
                job.name = policy + "-load" + job.load + "-seed" + std::to_string(seed);
                job.outputDir = jobsDir + "/" + job.name;
                job.commandLine = common + " " + ShellQuote("--policy=" + policy) + " " +
                                  ShellQuote("--load=" + job.load) +
                                  " --seed=" + std::to_string(seed) + " " +
                                  ShellQuote("--output=" + job.outputDir);
                jobs.push_back(job);
            }
        }
    }
    return jobs;
}

void
AsetSweep::WriteJobList(std::ostream& os, const std::vector<AsetSweepJob>& jobs)
{
    for (const auto& job : jobs)
    {
        os << job.commandLine << '\n';
    }
}

std::vector<AsetSweepJob>
AsetSweep::ReadJobList(std::istream& is, const std::string& fileName)
{
    std::vector<AsetSweepJob> jobs;
    std::string line;
    for (std::size_t number = 1; std::getline(is, line); ++number)
    {
        const std::size_t first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos || line[first] == '#')
        {
            continue;
        }
        const std::string where = fileName + ":" + std::to_string(number) + ": ";
        try
        {
            const auto words = SplitShellWords(line);
            AsetSweepJob job;
            job.commandLine = line;
            job.policy = OptionValue(words, "policy");
            const std::string load = OptionValue(words, "load");
            const std::string seed = OptionValue(words, "seed");
            job.outputDir = OptionValue(words, "output");
            for (const auto& [name, value] :
                 {std::pair<const char*, const std::string&>{"policy", job.policy},
                  {"load", load},
                  {"seed", seed},
                  {"output", job.outputDir}})
            {
                if (value.empty())
                {
                    throw std::invalid_argument(std::string("no --") + name + "=...");
                }
            }
            job.load = NormaliseLoad(load);
            if (seed.find_first_not_of("0123456789") != std::string::npos)
            {
                throw std::invalid_argument("--seed=" + seed + " is not a whole number");
            }
            job.seed = static_cast<uint32_t>(std::stoul(seed));
            while (job.outputDir.size() > 1 && job.outputDir.back() == '/')
            {
                job.outputDir.pop_back();
            }
            job.name = job.outputDir.substr(job.outputDir.find_last_of('/') + 1);
            jobs.push_back(job);
        }
        catch (const std::exception& e)
        {
            throw std::invalid_argument(where + e.what());
        }
    }
    return jobs;
}

AsetSweepJobResult
AsetSweep::ReadResult(const AsetSweepJob& job)
{
    namespace pt = boost::property_tree;
    AsetSweepJobResult result;
    result.job = job;
    const std::string path = job.outputDir + "/" + kSummaryFile;
    std::ifstream file(path);
    if (!file)
    {
        const std::string last = FailureLine(job);
        result.error = "no " + path + (last.empty() ? "" : " (log: " + last + ")");
        return result;
    }
    try
    {
        pt::ptree summary;
        pt::read_json(file, summary);
        const double load = Number(summary, "load");
        const double seed = Number(summary, "seed");
        if (seed != job.seed || std::abs(load - std::stod(job.load)) > 5e-5)
        {
            throw std::runtime_error("it is for seed " + summary.get<std::string>("seed") +
                                     " and load " + summary.get<std::string>("load") +
                                     ", not the job's");
        }
        const pt::ptree none;
        const pt::ptree* entry = nullptr;
        for (const auto& child : summary.get_child("policies", none))
        {
            // A policy given by TypeId name ("ns3::ClosestPolicy") reports its own ("closest").
            if (child.second.get<std::string>("policy", "") == job.policy ||
                child.second.get<std::string>("type_id", "") == job.policy)
            {
                entry = &child.second;
            }
        }
        if (!entry)
        {
            throw std::runtime_error("no policy '" + job.policy + "'");
        }
        const double sent = Number(*entry, "sent");
        result.metrics.emplace_back("success_ratio", Number(*entry, "success_ratio"));
        for (uint8_t o = 1; o < kQueryOutcomeCount;
             ++o) // share_succeeded would repeat success_ratio
        {
            const std::string outcome = ToString(static_cast<QueryOutcome>(o));
            result.metrics.emplace_back("share_" + outcome,
                                        sent > 0 ? Number(*entry, outcome) / sent : 0.0);
        }
        if (entry->get_child_optional("latency_ms.p50"))
        {
            for (const char* p : {"p50", "p95", "p99"})
            {
                result.metrics.emplace_back(std::string("latency_") + p + "_ms",
                                            Number(*entry, std::string("latency_ms.") + p));
            }
        }
        for (const auto& [tier, value] : entry->get_child("utilisation", none))
        {
            result.metrics.emplace_back("utilisation_" + Identifier(tier),
                                        ParseNumber(value.data(), "utilisation." + tier));
        }
        result.metrics.emplace_back("sent", sent);
    }
    catch (const std::exception& e)
    {
        result.metrics.clear();
        result.error = path + ": " + e.what();
    }
    return result;
}

std::vector<AsetSweepPoint>
AsetSweep::Aggregate(const std::vector<AsetSweepJobResult>& results)
{
    std::vector<AsetSweepPoint> points;
    std::vector<std::map<std::string, std::vector<double>>> samples;
    std::vector<std::string> metricOrder;
    for (const auto& r : results)
    {
        auto it = std::find_if(points.begin(), points.end(), [&r](const AsetSweepPoint& p) {
            return p.policy == r.job.policy && p.load == r.job.load;
        });
        if (it == points.end())
        {
            points.push_back({r.job.policy, r.job.load, 0, {}, {}});
            samples.emplace_back();
            it = points.end() - 1;
        }
        auto& pointSamples = samples[it - points.begin()];
        if (!r.Succeeded())
        {
            it->failedJobs.push_back(r.job.name);
            continue;
        }
        ++it->runs;
        for (const auto& [name, value] : r.metrics)
        {
            if (std::find(metricOrder.begin(), metricOrder.end(), name) == metricOrder.end())
            {
                metricOrder.push_back(name);
            }
            pointSamples[name].push_back(value);
        }
    }
    for (std::size_t i = 0; i < points.size(); ++i)
    {
        for (const auto& name : metricOrder)
        {
            const auto found = samples[i].find(name);
            points[i].metrics.emplace_back(name,
                                           AsetMeanInterval::Of(found == samples[i].end()
                                                                    ? std::vector<double>()
                                                                    : found->second));
        }
    }
    return points;
}

void
AsetSweep::WriteAggregateCsv(std::ostream& os, const std::vector<AsetSweepPoint>& points)
{
    os << "policy,load,runs,failed";
    if (!points.empty())
    {
        for (const auto& [name, ci] : points.front().metrics)
        {
            os << ',' << name << "_mean," << name << "_ci95";
        }
    }
    os << '\n';
    for (const auto& p : points)
    {
        os << p.policy << ',' << p.load << ',' << p.runs << ',' << p.failedJobs.size();
        for (const auto& [name, ci] : p.metrics)
        {
            if (ci.samples == 0)
            {
                os << ",,";
                continue;
            }
            os << ',' << AsetResultsWriter::FormatFixed(ci.mean, 6) << ','
               << AsetResultsWriter::FormatFixed(ci.halfWidth, 6);
        }
        os << '\n';
    }
}

void
AsetSweep::WriteAggregateJson(std::ostream& os,
                              const std::vector<AsetSweepPoint>& points,
                              const std::vector<AsetSweepJobResult>& results)
{
    const auto q = &AsetResultsWriter::JsonString;
    const std::size_t failed =
        std::count_if(results.begin(), results.end(), [](const auto& r) { return !r.Succeeded(); });
    os << "{\n  \"jobs\": " << results.size() << ",\n  \"succeeded\": " << results.size() - failed
       << ",\n  \"failed\": " << failed << ",\n  \"confidence\": 0.95,\n  \"failed_jobs\": [";
    bool first = true;
    for (const auto& r : results)
    {
        if (!r.Succeeded())
        {
            os << (first ? "\n" : ",\n") << "    {\"job\": " << q(r.job.name)
               << ", \"policy\": " << q(r.job.policy) << ", \"load\": " << r.job.load
               << ", \"seed\": " << r.job.seed << ", \"reason\": " << q(r.error) << "}";
            first = false;
        }
    }
    os << (first ? "],\n" : "\n  ],\n") << "  \"points\": [";
    for (std::size_t i = 0; i < points.size(); ++i)
    {
        const AsetSweepPoint& p = points[i];
        os << (i ? ",\n" : "\n") << "    {\n      \"policy\": " << q(p.policy)
           << ",\n      \"load\": " << p.load << ",\n      \"runs\": " << p.runs
           << ",\n      \"failed_jobs\": [";
        for (std::size_t j = 0; j < p.failedJobs.size(); ++j)
        {
            os << (j ? ", " : "") << q(p.failedJobs[j]);
        }
        os << "],\n      \"metrics\": {";
        for (std::size_t m = 0; m < p.metrics.size(); ++m)
        {
            const auto& [name, ci] = p.metrics[m];
            os << (m ? ",\n" : "\n") << "        " << q(name) << ": ";
            if (ci.samples == 0)
            {
                os << "null";
                continue;
            }
            os << "{\"mean\": " << AsetResultsWriter::FormatFixed(ci.mean, 6)
               << ", \"ci95\": " << AsetResultsWriter::FormatFixed(ci.halfWidth, 6)
               << ", \"n\": " << ci.samples << "}";
        }
        os << (p.metrics.empty() ? "}\n" : "\n      }\n") << "    }";
    }
    os << (points.empty() ? "]\n" : "\n  ]\n") << "}\n";
}

} // namespace ns3
