// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_TEST_NETWORK_H
#define ASET_TEST_NETWORK_H

// Small hand-built networks shared by the ns-3 test suites.

#include "ns3/aset-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <string>
#include <vector>

namespace ns3
{
namespace asettest
{

/**
 * client --access-- gateway --link[i]-- cluster[i]
 *
 * The gateway runs a scheduler; each cluster node is ready for an
 * EdgeClusterApplication. Links use a 64 KiB MTU, as the tiered helper does.
 */
struct StarNetwork
{
    Ptr<Node> client;
    Ptr<Node> gateway;
    std::vector<Ptr<Node>> clusters;
    Ipv4Address gatewayAddress;

    StarNetwork(const TieredLinkSpec& access, const std::vector<TieredLinkSpec>& clusterLinks);
};

/// A catalogue with one task, "cls", parsed from CSV rows (without the header row).
Ptr<ModelCatalogue> MakeCatalogue(const std::string& rows);

/// A power model parsed from CSV rows (without the header row).
Ptr<HardwarePowerModel> MakePowerModel(const std::string& rows);
/// An application profile of task 0.
ApplicationProfile MakeProfile(Time deadline, double minAccuracy, uint32_t requestSize, uint32_t responseSize);

/// A file of the module's data/ folder (the shipped catalogue's), e.g. "scenarios/isp-metro.json".
std::string DataPath(const std::string& relative);

/// The default scenario, shortened to \p seconds of queries so that a test runs in about a second.
AsetScenario ShortScenario(double seconds = 2);

/// Runs \p scenario once under \p policy with its own catalogue.
PolicyRunResult RunScenario(const AsetScenario& scenario,
                            const std::string& policy,
                            uint32_t seed = 1,
                            uint64_t run = 1);

/// The summary.json and per-query CSV text of \p r, as aset-run writes them.
std::string SummaryText(const PolicyRunResult& r);

/// True if two runs sent the same queries: same send times and applications, in order.
bool SameArrivals(const PolicyRunResult& a, const PolicyRunResult& b);

} // namespace asettest
} // namespace ns3

#endif // ASET_TEST_NETWORK_H
