// SPDX-License-Identifier: GPL-2.0-only
#include "aset-test-network.h"

#include <filesystem>
#include <sstream>

namespace ns3
{
namespace asettest
{

namespace
{
NetDeviceContainer
Link(Ptr<Node> a, Ptr<Node> b, const TieredLinkSpec& spec)
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(spec.rate));
    p2p.SetDeviceAttribute("Mtu", UintegerValue(65535));
    p2p.SetChannelAttribute("Delay", TimeValue(spec.delay));
    return p2p.Install(a, b);
}
} // namespace

StarNetwork::StarNetwork(const TieredLinkSpec& access, const std::vector<TieredLinkSpec>& clusterLinks)
{
    Ipv4AddressGenerator::Reset();
    client = CreateObject<Node>();
    gateway = CreateObject<Node>();
    InternetStackHelper internet;
    internet.Install(client);
    internet.Install(gateway);
    Ipv4AddressHelper addresses("10.9.0.0", "255.255.255.0");
    gatewayAddress = addresses.Assign(Link(client, gateway, access)).GetAddress(1);
    for (const auto& spec : clusterLinks)
    {
        Ptr<Node> cluster = CreateObject<Node>();
        internet.Install(cluster);
        addresses.NewNetwork();
        addresses.Assign(Link(gateway, cluster, spec));
        clusters.push_back(cluster);
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
}

Ptr<ModelCatalogue>
MakeCatalogue(const std::string& rows)
{
    std::istringstream in("task,variant,accuracy,hardware,batch_size,latency_ms,memory_mb,source\n" +
                          rows);
    return ModelCatalogue::Parse(in, "test-catalogue");
}

Ptr<HardwarePowerModel>
MakePowerModel(const std::string& rows)
{
    std::istringstream in("hardware,device,idle_w,busy_w,source\n" + rows);
    return HardwarePowerModel::Parse(in, "test-power");
}

ApplicationProfile
MakeProfile(Time deadline, double minAccuracy, uint32_t requestSize, uint32_t responseSize)
{
    ApplicationProfile p;
    p.id = 0;
    p.name = "test";
    p.taskId = 0;
    p.deadline = deadline;
    p.minAccuracy = minAccuracy;
    p.requestSize = requestSize;
    p.responseSize = responseSize;
    p.weight = 1;
    return p;
}

std::string
DataPath(const std::string& relative)
{
    return (std::filesystem::path(ModelCatalogue::GetDefaultPath()).parent_path() / relative).string();
}

AsetScenario
ShortScenario(double seconds)
{
    AsetScenario s = AsetScenario::Default();
    s.duration = Seconds(seconds);
    return s;
}

PolicyRunResult
RunScenario(const AsetScenario& scenario, const std::string& policy, uint32_t seed, uint64_t run)
{
    auto catalogue = ModelCatalogue::LoadFromFile(scenario.cataloguePath);
    return AsetExperiment(scenario, catalogue).Run(policy, seed, run);
}

std::string
SummaryText(const PolicyRunResult& r)
{
    std::ostringstream json;
    AsetResultsWriter::WriteSummaryJson(json, RunInfo{"short", 1, 1, 1, 2}, {PolicySummary::FromRun(r)});
    std::ostringstream csv;
    AsetResultsWriter::WriteQueryCsv(csv, r, ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath()));
    return json.str() + csv.str();
}

bool
SameArrivals(const PolicyRunResult& a, const PolicyRunResult& b)
{
    if (a.records.size() != b.records.size())
    {
        return false;
    }
    for (std::size_t i = 0; i < a.records.size(); ++i)
    {
        if (a.records[i].sendTime != b.records[i].sendTime ||
            a.records[i].applicationId != b.records[i].applicationId)
        {
            return false;
        }
    }
    return true;
}

} // namespace asettest
} // namespace ns3
