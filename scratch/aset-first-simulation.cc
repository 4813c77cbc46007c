// SPDX-License-Identifier: GPL-2.0-only
// Your first aset simulation ("Writing your own simulation" in README.md says how to run it).
#include "ns3/aset-module.h"
#include "ns3/core-module.h" // CommandLine, Simulator, std::cout
using namespace ns3;

int
main(int argc, char* argv[])
{
    std::string policy = "ns3::EarliestExpectedCompletionPolicy"; // or ns3::ClosestPolicy, ...
    CommandLine cmd(__FILE__);
    cmd.AddValue("policy", "TypeId name of the scheduling policy", policy);
    cmd.Parse(argc, argv);
    auto catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    TieredTopology net = TieredTopologyHelper().Build();      // 4 access, 2 far edge, near edge, cloud
    SchedulerHelper(catalogue, policy).Install(net.gateways); // one scheduler per far-edge gateway
    EdgeClusterHelper clusters(catalogue); // each cluster: 2 CPUs running ResNet-18
    clusters.AddInstance("resnet18", HardwareClass::CPU, 2, 64);
    clusters.AddBeaconDestinations(net.gateways); // load beacons go to every scheduler
    clusters.Install(net); // far-edge, near-edge and cloud clusters, each of its tier
    uint16_t task;
    catalogue->FindTask("image-classification", task);
    ApplicationContainer clients; // one per access node: 100 queries/s, 50 ms deadline, 70% top-1
    for (uint32_t i = 0; i < net.access.GetN(); ++i)
    {
        InferenceClientHelper client(net.GetAddress(net.gateways.Get(net.gatewayOfAccess[i])));
        client.SetNextId(i);
        client.AddApplication({0, "classify", task, MilliSeconds(50), 70.0, 15000, 200, 1});
        clients.Add(client.Install(net.access.Get(i)));
    }
    clients.Start(Seconds(0.2)); // after the first beacons
    clients.Stop(Seconds(5.2));
    AsetOutcomeCollector outcomes(clients);
    Simulator::Stop(Seconds(7));
    Simulator::Run();
    PolicyRunResult result = outcomes.Collect(policy);
    Simulator::Destroy();
    AsetResultsWriter::PrintTable(std::cout, {PolicySummary::FromRun(result)});
    return result.CheckAccounting().empty() ? 0 : 1;
}
