// SPDX-License-Identifier: GPL-2.0-only
//
// A scheduling policy of your own (nearby-first-policy.{h,cc} next to this
// file), used two ways; doc/aset.rst, "Writing your own policy", explains.
//
// 1. From a script, this one: the policy's source is compiled in, and the
//    policy runs by its TypeId name beside two built-in policies on the
//    default scenario, the same queries for each.
//
//      build/bin/aset-custom-policy --duration=5
//      build/bin/aset-custom-policy --ns3::NearbyFirstPolicy::MaxRoundTrip=50ms
//
// 2. From aset-run, aset-sweep and aset-evaluate, which were built without
//    it: the same source, built as a plugin, is loaded with --policy-library.
//
//      build/bin/aset-run --policy-library=build/lib/libnearby-first-policy.so \
//                         --policy=closest,ns3::NearbyFirstPolicy --duration=5
#include "nearby-first-policy.h"

#include "ns3/aset-module.h"
#include "ns3/core-module.h"

#include <iomanip>
#include <iostream>
#include <map>

using namespace ns3;

/// Prints where \p result's queries were served: the share of each tier.
static void
PrintTiers(const PolicyRunResult& result)
{
    std::map<int32_t, ClusterTier> tierOf; // cluster id -> tier
    for (const ClusterUsage& cluster : result.clusters)
    {
        tierOf[cluster.clusterId] = cluster.tier;
    }
    std::map<ClusterTier, uint64_t> served;
    for (const QueryRecord& query : result.records)
    {
        if (query.clusterId >= 0) // -1: never placed
        {
            ++served[tierOf.at(query.clusterId)];
        }
    }
    std::cout << std::setw(30) << std::left << result.policy;
    for (const auto& [tier, count] : served)
    {
        std::cout << "  " << ToString(tier) << " " << std::fixed << std::setprecision(1)
                  << 100.0 * count / result.sent << " %";
    }
    std::cout << "\n";
}

int
main(int argc, char* argv[])
{
    AsetOption<double> duration{"duration", 5, 1e-3, 1e5}; // checked as it is read
    CommandLine cmd(__FILE__);
    cmd.AddValue("duration", "Seconds during which the clients send queries", duration);
    try
    {
        // --ns3::NearbyFirstPolicy::MaxRoundTrip=<time> sets an attribute
        // default, as for any ns-3 object; a value that is not a time is an error.
        CheckAttributeOptions(argc, argv);
        cmd.Parse(argc, argv);

        AsetScenario scenario = AsetScenario::Default();
        scenario.duration = Seconds(duration);
        AsetExperiment experiment(scenario); // builds the network anew for each run
        std::vector<PolicySummary> rows;
        std::cout << "Where the queries were served:\n";
        for (const char* policy :
             {"closest", "earliest-expected-completion", "ns3::NearbyFirstPolicy"})
        {
            const PolicyRunResult result = experiment.Run(policy, 1, 1); // seed 1, run 1
            const std::string accounting = result.CheckAccounting();
            if (!accounting.empty())
            {
                std::cerr << "aset-custom-policy: error: outcomes do not add up: " << accounting
                          << "\n";
                return 3;
            }
            PrintTiers(result);
            rows.push_back(PolicySummary::FromRun(result));
        }
        std::cout << "\n";
        AsetResultsWriter::PrintTable(std::cout, rows);
    }
    catch (const std::exception& e)
    {
        std::cerr << "aset-custom-policy: error: " << e.what() << "\n";
        return 2;
    }
    return 0;
}
