// SPDX-License-Identifier: GPL-2.0-only
#include "aset-experiment.h"

#include "aset-progress-reporter.h"
#include "edge-cluster-helper.h"
#include "inference-client-helper.h"
#include "scheduler-helper.h"

#include "ns3/abort.h"
#include "ns3/aset-input-error.h"
#include "ns3/aset-policy.h"
#include "ns3/double.h"
#include "ns3/edge-cluster-application.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inference-client-application.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/scheduler-application.h"
#include "ns3/simulator.h"
#include "ns3/static-scheduling-policies.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <set>
#include <sstream>

namespace ns3
{

namespace
{
const uint16_t kSchedulerPort = 9000;
const uint16_t kBeaconPort = 9001;

/**
 * Keeps every record the clients' Outcome traces report, in place: a
 * client's query ids run from 0, so the records come out in (client, query)
 * order without a sort. Counts are kept per report, so a query reported
 * twice, or never, shows in the accounting check.
 */
struct RecordSink
{
    std::vector<std::vector<QueryRecord>> byClient;
    OutcomeCounts counts{};
    uint64_t reported{0};

    void Add(const QueryRecord& record)
    {
        if (record.clientId >= byClient.size())
        {
            byClient.resize(record.clientId + 1);
        }
        auto& records = byClient[record.clientId];
        if (record.queryId >= records.size())
        {
            records.resize(record.queryId + 1);
        }
        records[record.queryId] = record;
        ++counts[static_cast<uint8_t>(record.outcome)];
        ++reported;
    }
};
} // namespace

std::string
PolicyRunResult::CheckAccounting() const
{
    const uint64_t ended = std::accumulate(counts.begin(), counts.end(), uint64_t(0));
    if (ended == sent && records.size() == sent)
    {
        return "";
    }
    std::ostringstream os;
    os << "policy " << policy << ": " << sent << " queries sent but " << ended
       << " outcomes counted and " << records.size() << " records kept";
    return os.str();
}

AsetExperiment::AsetExperiment(const AsetScenario& scenario, Ptr<ModelCatalogue> catalogue)
    : m_scenario(scenario),
      m_catalogue(catalogue)
{
    m_scenario.Validate(*m_catalogue);
    if (!m_scenario.topologyFile.empty())
    {
        // Read by AsetScenarioFile; the loader that builds from it is wired separately.
        throw std::invalid_argument("scenario '" + m_scenario.name + "': topology.file: '" +
                                    m_scenario.topologyFile +
                                    "': this build cannot load topology files yet");
    }
    if (m_scenario.arrivals == InferenceClientApplication::TRACE)
    {
        m_trace = AsetWorkloadTrace::Load(m_scenario.traceFile,
                                          m_scenario.applications,
                                          m_scenario.duration);
    }
}

void
AsetExperiment::SetShowProgress(bool show)
{
    m_showProgress = show;
}

void
AsetExperiment::SetPolicyConfigurator(PolicyConfigurator configurator)
{
    m_configurePolicy = std::move(configurator);
}

std::vector<std::string>
AsetExperiment::GetPolicyNames()
{
    std::vector<std::string> names;
    for (const auto& entry : GetStaticPolicyNames())
    {
        names.push_back(entry.first);
    }
    names.push_back("aset");
    return names;
}

std::string
AsetExperiment::ResolvePolicyTypeName(const std::string& policy)
{
    for (const auto& [shortName, typeName] : GetStaticPolicyNames())
    {
        if (policy == shortName || policy == typeName)
        {
            return typeName;
        }
    }
    return policy == "aset" ? AsetPolicy::GetTypeId().GetName() : policy;
}

PolicyRunResult
AsetExperiment::Run(const std::string& policy, uint32_t seed, uint64_t run)
{
    const auto wallStart = std::chrono::steady_clock::now();
    const AsetScenario& s = m_scenario;
    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    Ipv4AddressGenerator::Reset(); // a previous run's addresses are gone with its nodes

    TieredTopologyHelper topologyHelper(s.topology);
    TieredTopology topology = topologyHelper.Build();
    topologyHelper.AssignStreams(kLinkStreams);

    // Schedulers, one per far-edge gateway.
    SchedulerHelper schedulerHelper(m_catalogue, ResolvePolicyTypeName(policy));
    schedulerHelper.SetAttribute("Port", UintegerValue(kSchedulerPort));
    schedulerHelper.SetAttribute("BeaconPort", UintegerValue(kBeaconPort));
    // Tolerate two lost beacons in a row before taking a cluster for down.
    schedulerHelper.SetAttribute("StaleAfter", TimeValue(s.beaconInterval * 3));
    ApplicationContainer schedulers = schedulerHelper.Install(topology.gateways);

    // Clusters, beaconing to every scheduler.
    EdgeClusterHelper clusterHelper(m_catalogue);
    clusterHelper.SetAttribute("BeaconInterval", TimeValue(s.beaconInterval));
    clusterHelper.SetAttribute("MaxBatchSize", UintegerValue(s.maxBatchSize));
    for (uint32_t i = 0; i < topology.gateways.GetN(); ++i)
    {
        clusterHelper.AddBeaconDestination(
            InetSocketAddress(TieredTopology::GetAddress(topology.gateways.Get(i)), kBeaconPort));
    }
    ApplicationContainer clusters;
    struct TierDeployment
    {
        const std::vector<DeploymentSpec>* deployments;
        NodeContainer nodes;
        ClusterTier tier;
        double slowdown;
        std::string prefix; //!< of the clusters' node names (TieredTopology::GetNodeName)
    };

    const TierDeployment tiers[] = {
        {&s.farEdge,
         topology.farEdgeClusters,
         ClusterTier::FAR_EDGE,
         s.farEdgeSlowdown,
         "far-edge-"},
        {&s.nearEdge,
         topology.nearEdgeClusters,
         ClusterTier::NEAR_EDGE,
         s.nearEdgeSlowdown,
         "near-edge-"},
        {&s.cloud, topology.cloudClusters, ClusterTier::CLOUD, s.cloudSlowdown, "cloud-"},
    };
    std::set<std::string> overridesUsed;
    for (const auto& t : tiers)
    {
        for (uint32_t j = 0; j < t.nodes.GetN(); ++j)
        {
            const auto byName = s.clusterDeployments.find(t.prefix + std::to_string(j));
            const bool own = byName != s.clusterDeployments.end();
            if (own)
            {
                overridesUsed.insert(byName->first);
            }
            clusterHelper.ClearInstances();
            for (const auto& d : own ? byName->second : *t.deployments)
            {
                clusterHelper.AddInstance(d.variant, d.hardware, d.replicas, d.queueCapacity);
            }
            clusterHelper.SetAttribute("Tier", EnumValue(t.tier));
            clusterHelper.SetAttribute("Slowdown", DoubleValue(t.slowdown));
            clusters.Add(clusterHelper.Install(t.nodes.Get(j)));
        }
    }
    if (overridesUsed.size() != s.clusterDeployments.size())
    {
        std::string unknown;
        for (const auto& entry : s.clusterDeployments)
        {
            if (!overridesUsed.count(entry.first))
            {
                unknown += (unknown.empty() ? "" : ", ") + entry.first;
            }
        }
        Simulator::Destroy();
        throw std::invalid_argument("scenario '" + s.name +
                                    "': deployments.clusters: no cluster named " + unknown +
                                    " (clusters are far-edge-<i>, near-edge-<i>, cloud-<i>)");
    }

    // Clients, one per access node, sending to their own far-edge scheduler.
    std::vector<ApplicationProfile> profiles;
    for (std::size_t i = 0; i < s.applications.size(); ++i)
    {
        const ApplicationSpec& a = s.applications[i];
        ApplicationProfile p;
        p.id = static_cast<uint16_t>(i);
        p.name = a.name;
        NS_ABORT_MSG_UNLESS(m_catalogue->FindTask(a.task, p.taskId),
                            "application " << a.name << ": the catalogue has no task '" << a.task << "'");
        p.deadline = a.deadline;
        p.minAccuracy = a.minAccuracy;
        p.requestSize = a.requestSize;
        p.responseSize = a.responseSize;
        p.weight = a.weight;
        profiles.push_back(p);
    }
    const uint32_t accessNodes = topology.access.GetN();
    std::vector<std::vector<InferenceClientApplication::TraceEntry>> traces(accessNodes);
    for (const auto& q : m_trace)
    {
        if (q.accessNode >= accessNodes)
        {
            Simulator::Destroy();
            throw AsetInputError(s.traceFile,
                                 q.line,
                                 "access",
                                 "access node " + std::to_string(q.accessNode) +
                                     " does not exist (there are " + std::to_string(accessNodes) +
                                     ")");
        }
        traces[q.accessNode].push_back({q.time, q.application});
    }
    std::vector<double> rates;
    try
    {
        rates = s.GetAccessRates(accessNodes);
    }
    catch (...)
    {
        Simulator::Destroy();
        throw;
    }
    const auto& flash = s.flashCrowd;
    ApplicationContainer clients;
    for (uint32_t i = 0; i < accessNodes; ++i)
    {
        Ptr<Node> gateway = topology.gateways.Get(topology.gatewayOfAccess[i]);
        InferenceClientHelper clientHelper(TieredTopology::GetAddress(gateway), kSchedulerPort);
        clientHelper.SetNextId(i);
        clientHelper.SetAttribute("Rate", DoubleValue(rates[i]));
        clientHelper.SetAttribute("ArrivalProcess", EnumValue(s.arrivals));
        clientHelper.SetAttribute("QueryTimeout", TimeValue(s.queryTimeout));
        if (s.arrivals == InferenceClientApplication::ON_OFF)
        {
            const auto exponential = [](Time mean) {
                return StringValue("ns3::ExponentialRandomVariable[Mean=" +
                                   std::to_string(mean.GetSeconds()) + "]");
            };
            clientHelper.SetAttribute("OnTime", exponential(s.onTime));
            clientHelper.SetAttribute("OffTime", exponential(s.offTime));
        }
        clientHelper.SetAttribute("DiurnalPeriod", TimeValue(s.diurnalPeriod));
        if (flash.factor != 1 &&
            (flash.accessNodes.empty() ||
             std::find(flash.accessNodes.begin(), flash.accessNodes.end(), i) !=
                 flash.accessNodes.end()))
        {
            clientHelper.SetAttribute("FlashCrowdStart", TimeValue(flash.start));
            clientHelper.SetAttribute("FlashCrowdRamp", TimeValue(flash.ramp));
            clientHelper.SetAttribute("FlashCrowdDuration", TimeValue(flash.duration));
            clientHelper.SetAttribute("FlashCrowdFactor", DoubleValue(flash.factor));
        }
        for (const auto& p : profiles)
        {
            clientHelper.AddApplication(p);
        }
        ApplicationContainer installed = clientHelper.Install(topology.access.Get(i));
        auto client = DynamicCast<InferenceClientApplication>(installed.Get(0));
        if (s.arrivals == InferenceClientApplication::MMPP)
        {
            client->SetMmppStates(s.mmppStates);
        }
        if (!s.diurnalProfile.empty())
        {
            client->SetDiurnalProfile(s.diurnalProfile);
        }
        client->SetTrace(std::move(traces[i]));
        clients.Add(installed);
    }

    PolicyRunResult result;
    RecordSink sink;
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        auto client = DynamicCast<InferenceClientApplication>(clients.Get(i));
        client->AssignStreams(kClientStreams + kStreamsPerApplication * i);
        client->TraceConnectWithoutContext("Outcome", MakeCallback(&RecordSink::Add, &sink));
    }
    for (uint32_t i = 0; i < clusters.GetN(); ++i)
    {
        DynamicCast<EdgeClusterApplication>(clusters.Get(i))
            ->AssignStreams(kClusterStreams + kStreamsPerApplication * i);
    }
    for (uint32_t i = 0; i < schedulers.GetN(); ++i)
    {
        auto scheduler = DynamicCast<SchedulerApplication>(schedulers.Get(i));
        scheduler->AssignStreams(kSchedulerStreams + kStreamsPerApplication * i);
        if (m_configurePolicy)
        {
            m_configurePolicy(scheduler->GetPolicy(), i);
        }
        if (auto aset = DynamicCast<AsetPolicy>(scheduler->GetPolicy()))
        {
            try
            {
                aset->GetAgent(); // a bad checkpoint is reported now, not mid-run
            }
            catch (...)
            {
                Simulator::Destroy();
                throw;
            }
        }
    }

    const Time end = s.warmup + s.duration + s.drain;
    schedulers.Start(Seconds(0));
    clusters.Start(Seconds(0));
    clients.Start(s.warmup);
    clients.Stop(s.warmup + s.duration);
    Simulator::Stop(end);

    result.policy = DynamicCast<SchedulerApplication>(schedulers.Get(0))->GetPolicy()->GetName();
    {
        AsetProgressReporter progress(result.policy, end, [&sink] { return sink.reported; });
        if (m_showProgress)
        {
            progress.Start();
        }
        Simulator::Run();
    }

    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        auto client = DynamicCast<InferenceClientApplication>(clients.Get(i));
        client->FinishInFlight();
        result.sent += client->GetSentCount();
        result.lateResponses += client->GetLateResponseCount();
        result.malformedPackets += client->GetMalformedCount();
    }
    for (uint32_t i = 0; i < clusters.GetN(); ++i)
    {
        result.malformedPackets += DynamicCast<EdgeClusterApplication>(clusters.Get(i))->GetMalformedCount();
    }
    for (uint32_t i = 0; i < schedulers.GetN(); ++i)
    {
        auto scheduler = DynamicCast<SchedulerApplication>(schedulers.Get(i));
        result.malformedPackets += scheduler->GetMalformedCount();
        if (auto aset = DynamicCast<AsetPolicy>(scheduler->GetPolicy()))
        {
            result.actionNames = aset->GetActionNames();
            result.actionCounts.resize(result.actionNames.size());
            for (std::size_t a = 0; a < aset->GetActionCounts().size(); ++a)
            {
                result.actionCounts[a] += aset->GetActionCounts()[a];
            }
            result.meanReward += aset->GetMeanReward() * aset->GetDecisionCount();
            result.decisions += aset->GetDecisionCount();
        }
    }
    if (result.decisions > 0)
    {
        result.meanReward /= double(result.decisions);
    }
    result.counts = sink.counts;
    result.records.reserve(sink.reported);
    for (const auto& records : sink.byClient)
    {
        result.records.insert(result.records.end(), records.begin(), records.end());
    }
    Simulator::Destroy();
    result.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return result;
}

} // namespace ns3
