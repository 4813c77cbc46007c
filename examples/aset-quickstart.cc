// SPDX-License-Identifier: GPL-2.0-only
//
// The smallest aset simulation: one client, one scheduler, one cluster.
//
//   client --5 ms-- gateway (scheduler) --1 ms-- cluster (ResNet-18 on 2 CPUs)
//
// The client sends image-classification queries; the scheduler places each
// on the only instance it has heard of; every query's outcome is recorded.
//
//   aset-quickstart --pcap=access --netanim --flowmon
//
// also writes <output>/quickstart-client-gateway.pcap (the access link, at the
// client), quickstart-netanim.xml and quickstart-flowmon.xml.
#include "ns3/aset-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/point-to-point-module.h"

#include <filesystem>
#include <fstream>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    // Checked as they are parsed: a bad value is an error, not an ns-3 abort later.
    AsetOption<uint32_t> seed{"seed", 1, 1, AsetScenario::kMaxSeed};
    AsetOption<uint64_t> run{"run", 1, 1, UINT64_MAX};
    AsetOption<double> duration{"duration", 5, 1e-3, 1e5}; // seconds of queries
    AsetOption<double> load{"load", 1, 1e-6, 100};          // x 100 queries per second
    std::string policy = "ns3::ClosestPolicy";
    std::string output = "results-quickstart";
    CommandLine cmd(__FILE__);
    cmd.AddValue("seed", "Random seed", seed);
    cmd.AddValue("run", "Run number", run);
    cmd.AddValue("duration", "Seconds during which the client sends", duration);
    cmd.AddValue("load", "Query rate in hundreds per second", load);
    AddTextOption(cmd,
                  "policy",
                  "Scheduling policy: a short name (closest, aset, ...) or a TypeId name",
                  policy,
                  EmptyText::REFUSED);
    AddTextOption(cmd,
                  "output",
                  "Folder for summary.json and the traces",
                  output,
                  EmptyText::REFUSED);
    AsetTracingOptions tracing;
    AddTextOption(cmd,
                  "pcap",
                  "Capture links in pcap files: all, access, or node names (client, gateway, "
                  "cluster)",
                  tracing.pcap);
    AddSwitchOption(cmd,
                    "netanim",
                    "Write a NetAnim animation (quickstart-netanim.xml)",
                    tracing.netanim);
    AddSwitchOption(cmd,
                    "flowmon",
                    "Write FlowMonitor statistics (quickstart-flowmon.xml)",
                    tracing.flowmon);
    try
    {
        CheckAttributeOptions(argc, argv);
        cmd.Parse(argc, argv);
        // SchedulerHelper would abort on a name that is no SchedulingPolicy.
        const std::string problem = AsetExperiment::CheckPolicyName(policy);
        if (!problem.empty())
        {
            throw std::invalid_argument("--policy: " + problem);
        }
        policy = AsetExperiment::ResolvePolicyTypeName(policy);
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "aset-quickstart: error: " << e.what() << "\n";
        return 2;
    }
    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);

    // Three nodes in a line, joined by point-to-point links.
    NodeContainer nodes(3);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    link.SetDeviceAttribute("Mtu", UintegerValue(65535)); // one packet per query, as in aset's topologies
    link.SetChannelAttribute("Delay", StringValue("5ms"));
    NetDeviceContainer access = link.Install(nodes.Get(0), nodes.Get(1));
    link.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer lan = link.Install(nodes.Get(1), nodes.Get(2));
    InternetStackHelper().Install(nodes);
    Ipv4AddressHelper ip("10.1.1.0", "255.255.255.0");
    Ipv4Address gateway = ip.Assign(access).GetAddress(1);
    ip.NewNetwork();
    ip.Assign(lan);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    // The scheduler on the gateway; the cluster beacons its load to it.
    Ptr<ModelCatalogue> catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    SchedulerHelper(catalogue, policy).Install(nodes.Get(1));
    EdgeClusterHelper cluster(catalogue, ClusterTier::FAR_EDGE);
    cluster.AddInstance("resnet18", HardwareClass::CPU, 2, 32);
    cluster.AddBeaconDestination(InetSocketAddress(gateway, 9001));
    cluster.Install(nodes.Get(2));

    // The client: classification queries, 40 ms deadline, 70% top-1 at least.
    uint16_t task;
    catalogue->FindTask("image-classification", task);
    InferenceClientHelper client(gateway);
    client.SetAttribute("Rate", DoubleValue(100 * load));
    client.AddApplication({0, "classify", task, MilliSeconds(40), 70.0, 15000, 200, 1});
    ApplicationContainer clients = client.Install(nodes.Get(0));
    clients.Start(MilliSeconds(100)); // after the first beacon
    clients.Stop(Seconds(0.1 + duration));

    // Optional views for teaching: pcap on chosen links, NetAnim, FlowMonitor.
    std::filesystem::create_directories(output);
    AsetTracingHelper views(tracing, output + "/quickstart");
    views.AddNode(nodes.Get(0), "client", "client", 0, 0);
    views.AddNode(nodes.Get(1), "gateway", "gateway", 1, 0);
    views.AddNode(nodes.Get(2), "cluster", "cluster", 2, 0);
    try
    {
        views.Start();
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "aset-quickstart: error: --" << e.what() << "\n";
        return 2;
    }

    AsetOutcomeCollector outcomes;
    outcomes.Watch(clients);
    Simulator::Stop(Seconds(duration + 3));
    Simulator::Run();
    views.Finish();
    const PolicyRunResult result = outcomes.Collect(policy);
    Simulator::Destroy();

    const PolicySummary summary = PolicySummary::FromRun(result);
    AsetResultsWriter::PrintTable(std::cout, {summary});
    std::ofstream json(output + "/summary.json");
    AsetResultsWriter::WriteSummaryJson(json, {"quickstart", seed, run, load, duration}, {summary});
    for (const auto& file : views.GetFiles())
    {
        std::cout << "Wrote " << file << "\n";
    }
    return result.CheckAccounting().empty() ? 0 : 3;
}
