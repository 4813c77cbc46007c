// SPDX-License-Identifier: GPL-2.0-only
//
// The smallest aset simulation: one client, one scheduler, one cluster.
//
//   client --5 ms-- gateway (scheduler) --1 ms-- cluster (ResNet-18 on 2 CPUs)
//
// The client sends image-classification queries; the scheduler places each
// on the only instance it has heard of; the run ends with an outcome table.
#include "ns3/aset-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/point-to-point-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    double rate = 100;    // queries per second
    double duration = 5;  // seconds of queries
    std::string policy = "ns3::ClosestPolicy";
    CommandLine cmd(__FILE__);
    cmd.AddValue("rate", "Queries per second", rate);
    cmd.AddValue("duration", "Seconds during which the client sends", duration);
    cmd.AddValue("policy", "TypeId name of the scheduling policy", policy);
    cmd.Parse(argc, argv);

    // Three nodes in a line, joined by point-to-point links.
    NodeContainer nodes(3);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
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

    Ptr<ModelCatalogue> catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    SchedulerHelper(catalogue, policy).Install(nodes.Get(1));

    EdgeClusterHelper cluster(catalogue);
    cluster.AddInstance("resnet18", HardwareClass::CPU, 2, 32);
    cluster.AddBeaconDestination(InetSocketAddress(gateway, 9001));
    cluster.Install(nodes.Get(2));

    uint16_t task;
    catalogue->FindTask("image-classification", task);
    InferenceClientHelper client(gateway);
    client.SetAttribute("Rate", DoubleValue(rate));
    client.AddApplication({0, "classify", task, MilliSeconds(40), 70.0, 15000, 200, 1});
    ApplicationContainer clients = client.Install(nodes.Get(0));
    clients.Start(MilliSeconds(100)); // after the first beacon
    clients.Stop(Seconds(0.1 + duration));

    Simulator::Stop(Seconds(duration + 3));
    Simulator::Run();
    auto app = DynamicCast<InferenceClientApplication>(clients.Get(0));
    app->FinishInFlight();
    std::cout << "sent " << app->GetSentCount() << " queries\n";
    for (uint8_t o = 0; o < kQueryOutcomeCount; ++o)
    {
        std::cout << "  " << ToString(static_cast<QueryOutcome>(o)) << ": "
                  << app->GetOutcomeCounts()[o] << "\n";
    }
    Simulator::Destroy();
    return 0;
}
