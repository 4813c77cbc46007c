// SPDX-License-Identifier: GPL-2.0-only
//
// Compares ASET with every static policy across scenario variants: each
// policy runs on each variant for several seeds, on the same arrivals, and
// the table gives the mean success ratio with its 95% confidence interval.
//
//   aset-evaluate                         the variants of the README's table
//   aset-evaluate --variants=default,light --seeds=10
//
// Writes <output>/evaluation.csv (one row per run) and <output>/evaluation.md
// (the table), and prints the table.
#include "ns3/aset-experiment.h"
#include "ns3/aset-policy.h"
#include "ns3/aset-progress-reporter.h"
#include "ns3/aset-results.h"
#include "ns3/aset-statistics.h"
#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/static-scheduling-policies.h"
#include "ns3/string.h"

#include <boost/algorithm/string/join.hpp>
#include <boost/algorithm/string/split.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>

using namespace ns3;

namespace
{
std::string
Percent(const AsetMeanInterval& ci)
{
    std::ostringstream os;
    os << std::fixed << std::setprecision(1) << 100 * ci.mean << " ± " << 100 * ci.halfWidth;
    return os.str();
}
} // namespace

int
main(int argc, char* argv[])
{
    std::string variantList = boost::algorithm::join(AsetScenario::GetEvaluationVariantNames(), ",");
    uint32_t seeds = 5;
    double duration = 20;
    std::string checkpoint = AsetPolicy::GetPretrainedPath();
    std::string output = "evaluation";
    CommandLine cmd(__FILE__);
    cmd.Usage("Runs every policy, ASET included, on scenario variants over several seeds and "
              "tabulates mean success ratios with 95% confidence intervals.");
    cmd.AddValue("variants", "Comma-separated scenario variants", variantList);
    cmd.AddValue("seeds", "Seeds per variant and policy (1, 2, ...)", seeds);
    cmd.AddValue("duration", "Seconds of queries per run", duration);
    cmd.AddValue("aset-checkpoint", "Trained agent the aset policy acts with", checkpoint);
    cmd.AddValue("output", "Folder for evaluation.csv and evaluation.md", output);
    cmd.Parse(argc, argv);

    try
    {
        if (seeds == 0 || !(duration > 0))
        {
            throw std::invalid_argument("--seeds and --duration must be positive");
        }
        std::vector<std::string> variants;
        boost::split(variants, variantList, [](char c) { return c == ','; });
        for (const auto& variant : variants)
        {
            AsetScenario::Variant(variant); // refuse a bad name before any run
        }
        const std::vector<std::string> policies = AsetExperiment::GetPolicyNames();
        Config::SetDefault("ns3::AsetPolicy::Checkpoint", StringValue(checkpoint));
        Ptr<ModelCatalogue> catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
        std::filesystem::create_directories(output);
        std::ofstream csv(output + "/evaluation.csv");
        csv << "variant,seed,policy,sent,success_ratio\n";

        AsetProgressLine progress;
        const auto start = std::chrono::steady_clock::now();
        const std::size_t total = variants.size() * seeds * policies.size();
        std::size_t done = 0;
        std::map<std::string, std::map<std::string, AsetMeanInterval>> table;
        for (const auto& variant : variants)
        {
            AsetScenario scenario = AsetScenario::Variant(variant);
            scenario.duration = Seconds(duration);
            AsetExperiment experiment(scenario, catalogue);
            experiment.SetShowProgress(true); // a run of over a second shows its own line
            std::map<std::string, std::vector<double>> ratios;
            for (uint32_t seed = 1; seed <= seeds; ++seed)
            {
                for (const auto& policy : policies)
                {
                    const PolicyRunResult r = experiment.Run(policy, seed, 1);
                    const double ratio = PolicySummary::CheckedSuccessRatio(r, variant);
                    ratios[policy].push_back(ratio);
                    csv << variant << ',' << seed << ',' << policy << ',' << r.sent << ','
                        << std::fixed << std::setprecision(6) << ratio << '\n';
                    ++done;
                    const double wall =
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                    progress.Show(variant + " seed " + std::to_string(seed) + " " + policy + " | " +
                                  std::to_string(done) + "/" + std::to_string(total) + " runs | " +
                                  AsetProgressLine::WallAndEta(wall, double(done) / total));
                }
            }
            for (const auto& policy : policies)
            {
                table[variant][policy] = AsetMeanInterval::Of(ratios[policy]);
            }
        }
        progress.Clear();

        std::ostringstream md;
        md << "Success ratio in %, mean ± 95% confidence interval over " << seeds << " seeds, "
           << duration << " s of queries per run; * marks the best static policy.\n\n";
        md << "| variant |";
        for (const auto& p : policies)
        {
            md << ' ' << p << " |";
        }
        md << " aset − best static |\n|---|";
        for (std::size_t i = 0; i <= policies.size(); ++i)
        {
            md << "---|";
        }
        md << '\n';
        for (const auto& variant : variants)
        {
            const auto& row = table[variant];
            std::string best;
            for (const auto& [p, typeName] : GetStaticPolicyNames())
            {
                if (best.empty() || row.at(p).mean > row.at(best).mean)
                {
                    best = p;
                }
            }
            md << "| " << variant << " |";
            for (const auto& p : policies)
            {
                md << ' ' << Percent(row.at(p)) << (p == best ? " *" : "") << " |";
            }
            const double gap = 100 * (row.at("aset").mean - row.at(best).mean);
            md << ' ' << std::showpos << std::fixed << std::setprecision(1)
               << (std::abs(gap) < 0.05 ? 0.0 : gap) << std::noshowpos << " |\n";
        }
        std::ofstream(output + "/evaluation.md") << md.str();
        std::cout << md.str() << "\nWrote " << output << "/evaluation.csv and " << output
                  << "/evaluation.md\n";
    }
    catch (const std::exception& e)
    {
        std::cerr << "aset-evaluate: error: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
