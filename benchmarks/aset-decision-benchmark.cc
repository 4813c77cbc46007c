// SPDX-License-Identifier: GPL-2.0-only
//
// Cost of one ASET decision at the default network size: encoding the
// state, the Q-network's forward pass and the argmax with AsetPolicy's
// default tie-break (TieMargin), on the fast path the
// scheduler uses. For comparison, in the same run: the same forward pass
// through libtorch, which the fast path exists to avoid.
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
/// A scheduler's view of the default scenario's pool: two far-edge sites, a metro, a cloud.
struct DefaultPool
{
    Ptr<ModelCatalogue> catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    PoolView pool{catalogue, MilliSeconds(300), 0.125, 0.05};
    AsetStateEncoder encoder;
    QueryContext query;
    std::shared_ptr<AsetDqnAgent> agent;
    std::vector<Candidate> feasible; //!< the query's instances, as Decide() finds them
    std::vector<float> state;

    explicit DefaultPool(const AsetStateEncoder::Layout& layout)
        : encoder(layout)
    {
        // Until a simulation runs, ns-3 records every Time made (so that a script
        // may still change the resolution), behind a mutex. A scheduler decides
        // inside a running simulation, where that is over: measure it that way.
        Simulator::Run();
        const AsetScenario s = AsetScenario::Default();
        const std::pair<ClusterTier, const std::vector<DeploymentSpec>*> clusters[] = {
            {ClusterTier::FAR_EDGE, &s.farEdge},
            {ClusterTier::FAR_EDGE, &s.farEdge},
            {ClusterTier::NEAR_EDGE, &s.nearEdge},
            {ClusterTier::CLOUD, &s.cloud},
        };
        uint16_t id = 0;
        for (const auto& [tier, deployments] : clusters)
        {
            ClusterBeaconHeader beacon;
            beacon.clusterId = id;
            beacon.tier = tier;
            beacon.queryPort = 9100;
            for (const auto& d : *deployments)
            {
                InstanceLoad load;
                catalogue->FindVariant(d.variant, load.variantId);
                load.hardware = d.hardware;
                load.replicas = d.replicas;
                load.queueLength = id; // some load, different per cluster
                load.queueCapacity = d.queueCapacity;
                load.utilisationPermyriad = 5000;
                beacon.instances.push_back(load);
            }
            pool.ObserveBeacon(beacon, Ipv4Address(0x0a000001 + id), MilliSeconds(1));
            ++id;
        }
        query.deadline = MilliSeconds(60);
        query.now = MilliSeconds(2);
        pool.GetCandidates(query.taskId, query.now, feasible);
        for (uint16_t a = 0; a < 3; ++a)
        {
            query.applicationId = a;
            encoder.CountArrival(query);
        }
        Ptr<AsetPolicy> policy = CreateObject<AsetPolicy>();
        if (layout.queryFeatures)
        {
            policy->SetAttribute("ActionSpace", EnumValue(AsetPolicy::INSTANCE));
        }
        agent = std::make_shared<AsetDqnAgent>(policy->GetAgentConfig());
        state.resize(layout.GetSize());
    }
};

AsetStateEncoder::Layout
DefaultLayout(bool queryFeatures)
{
    AsetStateEncoder::Layout layout;
    layout.queryFeatures = queryFeatures;
    layout.outlook = !queryFeatures;
    return layout;
}

/// AsetPolicy's default TieMargin: decisions pay for the tie-break as the policy's do.
float
DefaultTieMargin()
{
    DoubleValue margin;
    CreateObject<AsetPolicy>()->GetAttribute("TieMargin", margin);
    return static_cast<float>(margin.Get());
}

void
BM_AsetDecision(benchmark::State& st)
{
    DefaultPool p(DefaultLayout(false));
    const std::vector<uint32_t>& cost = AsetPolicy::GetPolicyActionCosts();
    const float margin = DefaultTieMargin();
    for (auto _ : st)
    {
        p.encoder.Encode(p.pool, p.query, p.feasible, p.state.data());
        benchmark::DoNotOptimize(p.agent->Greedy(p.state.data(), {}, margin, cost));
    }
}

void
BM_AsetDecisionPerQuery(benchmark::State& st)
{
    DefaultPool p(DefaultLayout(true));
    // Slot costs as the policy gives them (round trips in us), by cluster slot.
    std::vector<uint32_t> cost(p.agent->GetConfig().actionCount);
    for (std::size_t a = 0; a < cost.size(); ++a)
    {
        cost[a] = 2000 * static_cast<uint32_t>(a / 8 + 1);
    }
    const float margin = DefaultTieMargin();
    for (auto _ : st)
    {
        p.encoder.Encode(p.pool, p.query, p.feasible, p.state.data());
        benchmark::DoNotOptimize(p.agent->Greedy(p.state.data(), {}, margin, cost));
    }
}

void
BM_TorchForward(benchmark::State& st)
{
    DefaultPool p(DefaultLayout(false));
    p.encoder.Encode(p.pool, p.query, p.feasible, p.state.data());
    for (auto _ : st)
    {
        benchmark::DoNotOptimize(p.agent->GetQValues(p.state));
    }
}
} // namespace

BENCHMARK(BM_AsetDecision)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(BM_AsetDecisionPerQuery)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK(BM_TorchForward)->Repetitions(9)->ReportAggregatesOnly(true);
BENCHMARK_MAIN();
