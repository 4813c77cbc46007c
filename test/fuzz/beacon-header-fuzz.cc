// SPDX-License-Identifier: GPL-2.0-only
//
// Fuzz target: a cluster's load beacon off the wire (ClusterBeaconHeader,
// read with ReadAsetHeader as schedulers read it). A beacon it refuses
// leaves the packet as it was; one it accepts is written back as it was read
// (but for its reserved byte), and a scheduler can act on it: take it into
// its pool view, score every instance it lists for each task, and learn from
// a response from one of them. Seeds: test/fuzz/seeds/beacon-header.
#include "aset-fuzz.h"

#include "ns3/aset-header-reader.h"
#include "ns3/cluster-beacon-header.h"
#include "ns3/pool-view.h"
#include "ns3/static-scheduling-policies.h"

#include <cstring>
#include <sstream>
#include <vector>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    static const Ptr<ModelCatalogue> catalogue =
        ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    static const Ptr<SchedulingPolicy> policy = CreateStaticPolicy("earliest-expected-completion");

    ClusterBeaconHeader beacon;
    if (!fuzz::ReadHeaderOfInput(data, size, beacon))
    {
        return 0;
    }
    const uint32_t length = beacon.GetSerializedSize();
    Ptr<Packet> again = Create<Packet>();
    again->AddHeader(beacon);
    std::vector<uint8_t> bytes(length);
    again->CopyData(bytes.data(), length);
    bytes[7] = data[7]; // reserved: written as 0, ignored when read
    if (std::memcmp(bytes.data(), data, length) != 0)
    {
        fuzz::Finding("an accepted beacon is not written back as it was read");
    }
    std::ostringstream printed;
    beacon.Print(printed);

    // Twice, at 10 ms and 110 ms, as a cluster's beacons come in.
    PoolView pool(catalogue, Seconds(1), 0.125, 0.05);
    pool.ObserveBeacon(beacon, Ipv4Address("10.0.0.1"), MilliSeconds(10));
    pool.ObserveBeacon(beacon, Ipv4Address("10.0.0.1"), MilliSeconds(110));
    QueryContext query;
    query.deadline = MilliSeconds(100);
    query.elapsed = MilliSeconds(3);
    query.now = MilliSeconds(120);
    std::vector<Candidate> candidates;
    for (uint16_t task = 0; task < catalogue->GetTaskCount(); ++task)
    {
        pool.GetCandidates(task, query.now, candidates);
        for (const Candidate& c : candidates)
        {
            c.GetLoadPerReplica();
            SchedulingPolicy::GetExpectedSlack(query, c);
            SchedulingPolicy::GetMeasuredExpectedSlack(query, c);
        }
        query.taskId = task;
        policy->Decide(query, pool);
    }
    // A response served by each instance it lists, as its cluster would send one.
    for (uint16_t i = 0; i < beacon.instances.size(); ++i)
    {
        InferenceQueryHeader response;
        response.kind = InferenceQueryHeader::Kind::RESPONSE;
        response.status = InferenceQueryHeader::Status::SERVED;
        response.deadline = MilliSeconds(100);
        response.clusterId = beacon.clusterId;
        response.instanceIndex = i;
        response.variantId = beacon.instances[i].variantId;
        response.batchSize = 1;
        response.clientSendTime = MilliSeconds(100);
        response.schedulerForwardTime = MilliSeconds(101);
        response.clusterArrivalTime = MilliSeconds(102);
        response.serviceStartTime = MilliSeconds(103);
        response.serviceEndTime = MilliSeconds(110);
        pool.ObserveResponse(response, MilliSeconds(115));
    }
    return 0;
}
