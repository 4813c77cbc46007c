// SPDX-License-Identifier: GPL-2.0-only
//
// Cost of one greedy ASET decision, as a scheduler makes it: encoding the
// observation, scoring every action on the fast path and picking one with
// AsetPolicy's default tie-break (TieMargin), on pools of 4, 25 and 100
// clusters (the default network's, isp-metro's and one four times larger).
// For comparison, in the same run: the policy action space, and the same
// scoring through libtorch, which the fast path exists to avoid.
//
//   aset-decision-benchmark --benchmark_repetitions=9
//
// Google Benchmark prints mean, median and spread per benchmark.
#include "ns3/aset-policy.h"
#include "ns3/aset-scenario.h"
#include "ns3/aset-state-encoder.h"
#include "ns3/cluster-beacon-header.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/pool-view.h"
#include "ns3/simulator.h"

#include <benchmark/benchmark.h>

using namespace ns3;

namespace
{
/**
 * A scheduler's view of a pool of \p clusters clusters deployed as the
 * default scenario's tiers are, in isp-metro's proportions: 80% far edge,
 * 16% near edge, the rest (at least one) cloud. The query is the default
 * mix's object detection (60 ms, 28% mAP), feasible on two instances of a
 * far-edge or near-edge cluster and three of a cloud one.
 */
struct Pool
{
    Ptr<ModelCatalogue> catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    PoolView pool{catalogue, MilliSeconds(300), 0.125, 0.05};
    AsetStateEncoder encoder;
    QueryContext query;
    Ptr<AsetPolicy> policy = CreateObject<AsetPolicy>();
    std::shared_ptr<AsetDqnAgent> agent;
    std::vector<Candidate> feasible; //!< the query's instances, as Decide() finds them
    std::vector<uint32_t> cost;
    AsetObservation observation;
    float margin{0};

    Pool(uint32_t clusters, AsetPolicy::ActionSpace space)
    {
        // Until a simulation runs, ns-3 records every Time made (so that a script
        // may still change the resolution), behind a mutex. A scheduler decides
        // inside a running simulation, where that is over: measure it that way.
        Simulator::Run();
        const AsetScenario s = AsetScenario::Default();
        const uint32_t cloud = std::max(1u, clusters / 25);
        const uint32_t nearEdge = clusters < 25 ? 1 : clusters * 4 / 25;
        for (uint16_t id = 0; id < clusters; ++id)
        {
            const bool isCloud = id >= clusters - cloud;
            const bool isNearEdge = !isCloud && id >= clusters - cloud - nearEdge;
            ClusterBeaconHeader beacon;
            beacon.clusterId = id;
            beacon.tier = isCloud ? ClusterTier::CLOUD : (isNearEdge ? ClusterTier::NEAR_EDGE : ClusterTier::FAR_EDGE);
            beacon.queryPort = 9100;
            for (const auto& d : isCloud ? s.cloud : (isNearEdge ? s.nearEdge : s.farEdge))
            {
                InstanceLoad load;
                catalogue->FindVariant(d.variant, load.variantId);
                load.hardware = d.hardware;
                load.replicas = d.replicas;
                load.queueLength = id % 7; // some load, different per cluster
                load.queueCapacity = d.queueCapacity;
                load.utilisationPermyriad = 5000;
                beacon.instances.push_back(load);
            }
            beacon.sendTime = MicroSeconds(1000 - (id % 5) * 150); // round trips of 2 to 3.2 ms
            pool.ObserveBeacon(beacon, Ipv4Address(0x0a000001 + id), MilliSeconds(2));
        }
        catalogue->FindTask("object-detection", query.taskId);
        query.deadline = MilliSeconds(60);
        query.minAccuracy = 28;
        query.now = MilliSeconds(3);
        pool.GetCandidates(query.taskId, query.now, feasible);
        for (uint16_t a = 0; a < 3; ++a)
        {
            query.applicationId = a;
            encoder.CountArrival(query);
        }
        policy->SetAttribute("ActionSpace", EnumValue(space));
        agent = std::make_shared<AsetDqnAgent>(policy->GetAgentConfig());
        DoubleValue tieMargin;
        policy->GetAttribute("TieMargin", tieMargin);
        margin = static_cast<float>(tieMargin.Get());
        for (const auto& c : feasible)
        {
            cost.push_back(static_cast<uint32_t>(c.rtt.GetMicroSeconds()));
        }
    }
};

/// A greedy decision in the instance space: every feasible instance scored.
void
BM_AsetDecision(benchmark::State& st)
{
    Pool p(static_cast<uint32_t>(st.range(0)), AsetPolicy::INSTANCE);
    for (auto _ : st)
    {
        p.encoder.EncodeInstanceObservation(p.pool, p.query, p.feasible, p.observation);
        benchmark::DoNotOptimize(p.agent->Greedy(p.observation, p.margin, p.cost));
    }
    st.counters["instances"] = static_cast<double>(p.feasible.size());
}

/// The instance space's encoding alone: the observation a decision scores.
void
BM_AsetEncoding(benchmark::State& st)
{
    Pool p(static_cast<uint32_t>(st.range(0)), AsetPolicy::INSTANCE);
    for (auto _ : st)
    {
        p.encoder.EncodeInstanceObservation(p.pool, p.query, p.feasible, p.observation);
        benchmark::DoNotOptimize(p.observation.actions.data());
    }
}

/// A period's decision in the policy space: the six static policies scored.
void
BM_AsetPolicyDecision(benchmark::State& st)
{
    Pool p(static_cast<uint32_t>(st.range(0)), AsetPolicy::POLICY);
    const auto& cost = AsetPolicy::GetPolicyActionCosts();
    const auto width = static_cast<uint32_t>(cost.size());
    p.observation.context.resize(AsetStateEncoder::kContextFeatures);
    p.observation.actionWidth = width;
    p.observation.actions.assign(width * width, 0.0f);
    for (uint32_t d = 0; d < width; ++d)
    {
        p.observation.actions[d * width + d] = 1.0f;
    }
    for (auto _ : st)
    {
        p.encoder.EncodeContext(p.pool, p.query, p.feasible, p.observation.context.data());
        benchmark::DoNotOptimize(p.agent->Greedy(p.observation, p.margin, cost));
    }
}

/// The instance space's scoring through libtorch instead of the fast path.
void
BM_TorchScoring(benchmark::State& st)
{
    Pool p(static_cast<uint32_t>(st.range(0)), AsetPolicy::INSTANCE);
    p.encoder.EncodeInstanceObservation(p.pool, p.query, p.feasible, p.observation);
    for (auto _ : st)
    {
        benchmark::DoNotOptimize(p.agent->GetQValues(p.observation));
    }
}
} // namespace

BENCHMARK(BM_AsetDecision)->Arg(4)->Arg(25)->Arg(100)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(BM_AsetEncoding)->Arg(4)->Arg(25)->Arg(100)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(BM_AsetPolicyDecision)->Arg(4)->Arg(25)->Arg(100)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(BM_TorchScoring)->Arg(4)->Arg(25)->Arg(100)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK_MAIN();
