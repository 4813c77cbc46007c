// SPDX-License-Identifier: GPL-2.0-only
//
// Fuzz target: a query or response header off the wire (InferenceQueryHeader,
// read with ReadAsetHeader as every application reads it). A header it
// refuses leaves the packet as it was; one it accepts is written back byte
// for byte, and a scheduler can act on it as on any other: learn from it as
// a response, and decide on it as a query under every static policy.
// Seeds: test/fuzz/seeds/query-header.
#include "aset-fuzz.h"

#include "ns3/inference-query-header.h"
#include "ns3/pool-view.h"
#include "ns3/scheduler-application.h"
#include "ns3/static-scheduling-policies.h"

#include <cstring>
#include <sstream>
#include <vector>

using namespace ns3;

namespace
{
/// A scheduler's view of the default catalogue served by one cluster, id 0, at 10 ms.
PoolView
KnownPool()
{
    const Ptr<ModelCatalogue> catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    ClusterBeaconHeader beacon;
    beacon.sendTime = MilliSeconds(9);
    for (uint16_t v = 0; v < catalogue->GetVariantCount(); ++v)
    {
        for (uint8_t hw = 0; hw < kHardwareClassCount; ++hw)
        {
            InstanceLoad load;
            load.variantId = v;
            load.hardware = static_cast<HardwareClass>(hw);
            load.maxBatch = catalogue->GetVariant(v).GetMaxBatch(load.hardware);
            load.replicas = 2;
            load.busyReplicas = 1;
            load.queueLength = 3;
            load.queueCapacity = 64;
            if (load.maxBatch > 0)
            {
                beacon.instances.push_back(load);
            }
        }
    }
    PoolView pool(catalogue, Seconds(1), 0.125, 0.05);
    pool.ObserveBeacon(beacon, Ipv4Address("10.0.0.1"), MilliSeconds(10));
    return pool;
}
} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    static const PoolView known = KnownPool();
    static std::vector<Ptr<SchedulingPolicy>> policies;
    if (policies.empty())
    {
        for (const auto& [name, typeName] : GetStaticPolicyNames())
        {
            policies.push_back(CreateStaticPolicy(name));
            policies.back()->AssignStreams(1);
        }
    }

    InferenceQueryHeader header;
    if (!fuzz::ReadHeaderOfInput(data, size, header))
    {
        return 0;
    }
    Ptr<Packet> again = header.MakePacket(InferenceQueryHeader::kSerializedSize);
    uint8_t bytes[InferenceQueryHeader::kSerializedSize];
    again->CopyData(bytes, sizeof(bytes));
    if (std::memcmp(bytes, data, sizeof(bytes)) != 0)
    {
        fuzz::Finding("an accepted header is not written back as it was read");
    }
    std::ostringstream printed;
    header.Print(printed);

    // As a response relayed back through a scheduler, at 20 ms.
    PoolView pool = known;
    pool.ObserveResponse(header, MilliSeconds(20));
    // As a query reaching a scheduler (SchedulerApplication::Schedule), at 20 ms.
    const QueryContext query = SchedulerApplication::GetQueryContext(header, MilliSeconds(20));
    for (const auto& policy : policies)
    {
        const SchedulingDecision decision = policy->Decide(query, pool);
        policy->NotifyDecision(query, decision);
    }
    return 0;
}
