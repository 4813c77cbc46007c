// SPDX-License-Identifier: GPL-2.0-only
//
// The main job: runs a scenario once per scheduling policy, on the same
// workload, and reports every policy's outcomes side by side.
//
//   aset-run                              default scenario, every policy
//   aset-run --policy=closest,random      some policies
//   aset-run --load=1.5 --seed=7 --run=2  a heavier load, another sample
//   aset-run --scenario=data/scenarios/teaching.json   a scenario file
//   aset-run --policy=closest --duration=2 --pcap=access --netanim --flowmon
//                                         pcap, NetAnim and FlowMonitor files per policy
//   aset-run --policy-library=build/lib/libnearby-first-policy.so \
//            --policy=closest,ns3::NearbyFirstPolicy --ns3::NearbyFirstPolicy::MaxRoundTrip=2ms
//                                         a policy of your own (examples/custom-policy/)
//
// Writes <output>/summary.json, <output>/queries-<policy>.csv and, for the aset
// policy, <output>/actions-aset.csv (under <output>/seed-<n>/ when a scenario
// file lists several seeds); prints a table; draws the key plots as PNG files
// (scripts/aset-plot.py; --plots=false to skip), and exits non-zero if any
// query is unaccounted for.
#include "ns3/aset-experiment.h"
#include "ns3/aset-input-error.h"
#include "ns3/aset-option.h"
#include "ns3/aset-policy-library.h"
#include "ns3/aset-policy.h"
#include "ns3/aset-results.h"
#include "ns3/aset-scenario-file.h"
#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/string.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    const AsetScenario defaults = AsetScenario::Default();
    std::string scenarioFile;
    std::string variant = "default";
    // 0: the scenario's
    AsetOption<uint32_t> seed{"seed", 0, 1, AsetScenario::kMaxSeed};
    AsetOption<uint64_t> run{"run", 0, 1, UINT64_MAX};
    AsetOption<double> duration{"duration", 0, 1e-3, AsetScenario::kMaxDurationSeconds};
    AsetOption<double> load{"load", 0, AsetScenario::kMinLoad, AsetScenario::kMaxLoad};
    AsetOption<double> beaconMs{"beacon-interval", 0, 0.1, 1e6};
    std::string policies;
    std::string output = "results";
    std::string catalogue;
    bool progress = true;
    bool plots = true;
    std::string checkpoint = AsetPolicy::GetPretrainedPath();
    std::string topology;
    std::string topologyFormat = defaults.topologyFormat;
    std::string topologyRoles;
    std::string routing;
    std::string beaconScope;
    std::string variants;
    for (const auto& name : AsetScenario::GetVariantNames())
    {
        variants += (variants.empty() ? "" : ", ") + name;
    }

    CommandLine cmd(__FILE__);
    cmd.Usage("Runs an aset scenario once per scheduling policy and compares them.");
    AddTextOption(cmd,
                  "scenario",
                  "Scenario file (JSON, doc/aset.rst 'Scenario files'); empty: the --variant",
                  scenarioFile);
    AddTextOption(cmd, "variant", "Scenario variant: " + variants, variant);
    cmd.AddValue(
        "seed",
        "Random seed (same seed and run: identical results; 0: the scenario's, 1 by default)",
        seed);
    cmd.AddValue(
        "run",
        "Run number: independent sample for the same seed (0: the scenario's, 1 by default)",
        run);
    cmd.AddValue("duration",
                 "Seconds during which clients send queries (0: the scenario's, " +
                     std::to_string(std::lround(defaults.duration.GetSeconds())) + " by default)",
                 duration);
    cmd.AddValue("load", "Multiplier of every access node's query rate (0: the scenario's)", load);
    AddTextOption(cmd,
                  "policy",
                  "Comma-separated policies, short or TypeId names (ns3::ClosestPolicy), or 'all' "
                  "(empty: the scenario's, all by default)",
                  policies);
    std::string library;
    AddTextOption(cmd, AsetPolicyLibrary::kOption, AsetPolicyLibrary::kHelp, library);
    AddTextOption(cmd,
                  "output",
                  "Folder for summary.json and the per-query CSV files",
                  output,
                  EmptyText::REFUSED);
    AddTextOption(cmd,
                  "catalogue",
                  "Model catalogue CSV file (empty: the scenario's, " + defaults.cataloguePath +
                      " by default)",
                  catalogue);
    cmd.AddValue("beacon-interval",
                 "Milliseconds between a cluster's load beacons; schedulers treat a cluster as "
                 "down after three missed (0: the scenario's)",
                 beaconMs);
    AddTextOption(cmd,
                  "routing",
                  "How routes are found: global (ns-3's global routing) or next-hop (the same "
                  "shortest paths in next-hop tables) (empty: the scenario's, global by default)",
                  routing);
    AddTextOption(cmd,
                  "beacon-scope",
                  "Which schedulers hear a cluster: all, region (far-edge and near-edge clusters "
                  "only their region's schedulers, the cloud all) or far-edge-region (far-edge "
                  "clusters only their region's) (empty: the scenario's, all by default)",
                  beaconScope);
    AddTextOption(cmd,
                  "aset-checkpoint",
                  "Trained agent the aset policy acts with",
                  checkpoint,
                  EmptyText::REFUSED);
    AddSwitchOption(cmd, "progress", "Show a progress line on a terminal", progress);
    AddSwitchOption(
        cmd,
        "plots",
        "Draw the key plots (latency CDF, utilisation and energy per tier, ASET's actions) as PNG "
        "files in the output folder, with python3-matplotlib",
        plots);
    AsetTracingOptions tracing;
    AddTextOption(cmd,
                  "pcap",
                  "Capture links in <output>/<policy>-<node>-<peer>.pcap: comma-separated "
                  "all, access, a role (client, gateway, cluster, router, cloud) or node names "
                  "(access-0, far-edge-gateway-0, far-edge-0, near-edge-gateway-0, near-edge-0, "
                  "core, cloud-0)",
                  tracing.pcap);
    AddSwitchOption(cmd,
                    "netanim",
                    "Write a NetAnim animation per policy (<output>/<policy>-netanim.xml)",
                    tracing.netanim);
    AddSwitchOption(cmd,
                    "flowmon",
                    "Write FlowMonitor statistics per policy (<output>/<policy>-flowmon.xml)",
                    tracing.flowmon);
    AddTextOption(cmd,
                  "topology",
                  "Topology file to run on instead of the generated network",
                  topology);
    AddTextOption(cmd,
                  "topology-format",
                  "Its format: aset, inet, orbis or rocketfuel",
                  topologyFormat);
    AddTextOption(cmd,
                  "topology-roles",
                  "For inet, orbis and rocketfuel: the node roles file",
                  topologyRoles);
    try
    {
        // Its TypeIds, before anything looks them up.
        AsetPolicyLibrary::LoadFromCommandLine(argc, argv);
        CheckAttributeOptions(argc, argv);
        cmd.Parse(argc, argv);
        if (!scenarioFile.empty() && variant != "default")
        {
            throw std::invalid_argument("give --scenario or --variant, not both");
        }
        AsetScenario scenario = scenarioFile.empty() ? AsetScenario::Variant(variant)
                                                     : AsetScenarioFile::Load(scenarioFile);
        if (duration.IsSet())
        {
            scenario.duration = Seconds(duration);
        }
        if (load.IsSet())
        {
            scenario.load = load;
        }
        if (beaconMs.IsSet())
        {
            scenario.beaconInterval = MicroSeconds(std::llround(beaconMs * 1000));
        }
        if (!catalogue.empty())
        {
            scenario.cataloguePath = catalogue;
        }
        // An option's value among its named choices; an error names the option.
        const auto named = [](const auto& choices,
                              const std::string& text,
                              const std::string& option) {
            try
            {
                return FindByName(choices, text);
            }
            catch (const std::invalid_argument& e)
            {
                throw std::invalid_argument(option + ": " + e.what());
            }
        };
        if (!routing.empty())
        {
            scenario.topology.routing = named(GetRoutingNames(), routing, "--routing");
        }
        if (!beaconScope.empty())
        {
            scenario.topology.beaconScope =
                named(GetBeaconScopeNames(), beaconScope, "--beacon-scope");
        }
        if (!topology.empty())
        {
            scenario.topologyFile = topology;
            scenario.topologyFormat = topologyFormat;
            scenario.topologyRolesFile = topologyRoles;
        }
        else if (!topologyRoles.empty() || topologyFormat != defaults.topologyFormat)
        {
            throw std::invalid_argument("--topology-roles and --topology-format need --topology");
        }
        if (seed.IsSet())
        {
            scenario.seeds = {seed};
        }
        if (run.IsSet())
        {
            scenario.run = run;
        }
        const auto policyNames =
            !policies.empty() ? AsetExperiment::ParsePolicyList(policies, "--policy")
                              : (scenario.policies.empty() ? AsetExperiment::GetPolicyNames()
                                                           : scenario.policies);
        Config::SetDefault("ns3::AsetPolicy::Checkpoint", StringValue(checkpoint));

        AsetExperiment experiment(scenario); // with the scenario's catalogue, checked against it
        const Ptr<ModelCatalogue> models = experiment.GetCatalogue();
        experiment.SetShowProgress(progress);
        experiment.SetRecordActions(true);
        for (const auto& fault : scenario.faults)
        {
            std::cout << "Fault at " << fault.ToString() << "\n";
        }
        for (const uint32_t runSeed : scenario.seeds)
        {
            const std::string folder =
                scenario.seeds.size() > 1 ? output + "/seed-" + std::to_string(runSeed) : output;
            std::filesystem::create_directories(folder);
            experiment.SetTracing(tracing, folder);
            std::vector<std::string> traceFiles;
            std::vector<PolicySummary> summaries;
            for (const auto& policy : policyNames)
            {
                const PolicyRunResult result = experiment.Run(policy, runSeed, scenario.run);
                const std::string accounting = result.CheckAccounting();
                if (!accounting.empty())
                {
                    std::cerr << "aset-run: error: outcomes do not add up: " << accounting << "\n";
                    return 3;
                }
                for (const auto& earlier : summaries)
                {
                    if (earlier.policy == result.policy)
                    {
                        throw std::invalid_argument("policies " + earlier.typeId + " and " +
                                                    result.typeId + " both report the name '" +
                                                    result.policy + "', which names their files");
                    }
                }
                const std::string csvPath = folder + "/queries-" + result.policy + ".csv";
                std::ofstream csv(csvPath);
                AsetResultsWriter::WriteQueryCsv(csv, result, models);
                csv.close();
                if (!csv)
                {
                    throw std::runtime_error("cannot write " + csvPath);
                }
                if (!result.actions.empty())
                {
                    const std::string actionsPath = folder + "/actions-" + result.policy + ".csv";
                    std::ofstream actions(actionsPath);
                    AsetResultsWriter::WriteActionsCsv(actions, result);
                    actions.close();
                    if (!actions)
                    {
                        throw std::runtime_error("cannot write " + actionsPath);
                    }
                }
                summaries.push_back(PolicySummary::FromRun(result));
                traceFiles.insert(traceFiles.end(),
                                  result.traceFiles.begin(),
                                  result.traceFiles.end());
            }

            RunInfo info;
            info.scenario = scenario.name;
            info.seed = runSeed;
            info.run = scenario.run;
            info.load = scenario.load;
            info.durationSeconds = scenario.duration.GetSeconds();
            const std::string summaryPath = folder + "/summary.json";
            std::ofstream summary(summaryPath);
            AsetResultsWriter::WriteSummaryJson(summary, info, summaries);
            summary.close();
            if (!summary)
            {
                throw std::runtime_error("cannot write " + summaryPath);
            }

            std::cout << "Scenario '" << scenario.name << "', load " << scenario.load << ", "
                      << scenario.duration.GetSeconds() << " s of queries, seed " << runSeed
                      << " run " << scenario.run << "\n\n";
            AsetResultsWriter::PrintTable(std::cout, summaries);
            std::cout << "\nWrote " << summaryPath << " and " << folder
                      << "/queries-<policy>.csv\n";
            if (!traceFiles.empty())
            {
                std::cout << "Wrote " << traceFiles.size() << " trace files, e.g. "
                          << traceFiles.front() << "\n";
            }
            std::cout << std::flush;
            if (plots)
            {
                AsetResultsWriter::DrawPlots(folder);
            }
        }
    }
    catch (const std::exception& e)
    {
        std::cerr << "aset-run: error: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
