// SPDX-License-Identifier: GPL-2.0-only
#include "aset-experiment.h"

#include "aset-outcome-collector.h"
#include "aset-progress-reporter.h"
#include "edge-cluster-helper.h"
#include "inference-client-helper.h"
#include "moving-users-helper.h"
#include "scheduler-helper.h"

#include "ns3/abort.h"
#include "ns3/aset-input-error.h"
#include "ns3/aset-policy.h"
#include "ns3/double.h"
#include "ns3/edge-cluster-application.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inference-client-application.h"
#include "ns3/pointer.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/scheduler-application.h"
#include "ns3/shielded-policy.h"
#include "ns3/simulator.h"
#include "ns3/static-scheduling-policies.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <boost/algorithm/string/join.hpp>
#include <boost/algorithm/string/split.hpp>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <numeric>
#include <sstream>

namespace ns3
{

namespace
{
const uint16_t kSchedulerPort = 9000;
const uint16_t kBeaconPort = 9001;

/**
 * Keeps an AsetPolicy's decisions and counts the queries each scheduler
 * receives (placed or rejected) against its latest decision.
 */
struct ActionSink
{
    std::vector<AsetActionRecord> records;
    std::vector<std::size_t> latest; //!< per scheduler: index of its latest record, or npos

    static void Decided(ActionSink* sink, uint32_t scheduler, Time now, uint32_t action, double epsilon)
    {
        sink->latest[scheduler] = sink->records.size();
        sink->records.push_back({now.GetSeconds(), scheduler, action, epsilon, 0});
    }

    static void Received(ActionSink* sink, uint32_t scheduler, const InferenceQueryHeader&)
    {
        if (sink->latest[scheduler] != std::string::npos)
        {
            ++sink->records[sink->latest[scheduler]].queries;
        }
    }

    static void Shielded(ActionSink* sink, uint32_t scheduler, Time, uint32_t)
    {
        ++sink->records[sink->latest[scheduler]].shielded; // the shield acts within a decided period
    }
};

/// Adds \p sign times every cluster's busy replica-time and energy so far to its usage.
void
AddBusyTime(const ApplicationContainer* clusters, std::vector<ClusterUsage>* usage, double sign)
{
    for (uint32_t i = 0; i < clusters->GetN(); ++i)
    {
        auto cluster = DynamicCast<EdgeClusterApplication>(clusters->Get(i));
        (*usage)[i].busyReplicaSeconds += sign * cluster->GetBusyReplicaSeconds();
        (*usage)[i].energyJoules += sign * cluster->GetEnergy();
    }
}
} // namespace

double
ClusterUsage::GetUtilisation() const
{
    return replicas > 0 && windowSeconds > 0
               ? std::clamp(busyReplicaSeconds / (replicas * windowSeconds), 0.0, 1.0)
               : 0.0;
}

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
      m_catalogue(catalogue),
      m_network(scenario.topologyFile.empty()
                    ? TieredTopologyDescription::Generate(scenario.topology)
                    : TieredTopologyDescription::Load(scenario.topologyFormat,
                                                      scenario.topologyFile,
                                                      scenario.topologyRolesFile))
{
    // What only the catalogue and the network can tell: an error in a scenario
    // read from a file names the file, as the file's reader does.
    try
    {
        m_scenario.Validate(*m_catalogue);
        m_network.CheckParameters(m_scenario.topology);
        std::string unknown;
        for (const auto& [name, deployments] : m_scenario.clusterDeployments)
        {
            if (!m_network.IsClusterNode(name))
            {
                unknown += (unknown.empty() ? "" : ", ") + name;
            }
        }
        if (!unknown.empty())
        {
            throw std::invalid_argument(
                "scenario '" + m_scenario.name + "': deployments.clusters: no cluster named " +
                unknown +
                " (the clusters are named as in the topology: far-edge-<i>, near-edge-<i>, "
                "cloud-<i> when generated)");
        }
        const auto& nodes = m_network.GetNodes();
        m_scenario.GetAccessRates(uint32_t(std::count_if(nodes.begin(), nodes.end(), [](const auto& n) {
            return n.role == TieredRole::ACCESS;
        })));
    }
    catch (const std::invalid_argument& e)
    {
        if (m_scenario.sourceFile.empty())
        {
            throw;
        }
        throw AsetInputError(m_scenario.sourceFile, 0, "", e.what());
    }
    if (!m_scenario.powerPath.empty())
    {
        m_power = HardwarePowerModel::LoadFromFile(m_scenario.powerPath);
        for (const HardwareClass hw : m_scenario.GetDeployedHardware())
        {
            if (!m_power->HasClass(hw))
            {
                throw AsetInputError(m_scenario.powerPath,
                                     0,
                                     "hardware",
                                     "no row for " + ToString(hw) + ", which scenario '" +
                                         m_scenario.name + "' deploys");
            }
        }
    }
    if (m_scenario.arrivals == InferenceClientApplication::TRACE)
    {
        m_trace = AsetWorkloadTrace::Load(m_scenario.traceFile,
                                          m_scenario.applications,
                                          m_scenario.duration);
    }
}

AsetExperiment::AsetExperiment(const AsetScenario& scenario)
    : AsetExperiment(scenario, ModelCatalogue::LoadFromFile(scenario.cataloguePath))
{
}

Ptr<ModelCatalogue>
AsetExperiment::GetCatalogue() const
{
    return m_catalogue;
}

Ptr<HardwarePowerModel>
AsetExperiment::GetPowerModel() const
{
    return m_power;
}

void
AsetExperiment::SetShowProgress(bool show)
{
    m_showProgress = show;
}

void
AsetExperiment::SetRecordActions(bool record)
{
    m_recordActions = record;
}

void
AsetExperiment::SetPolicyConfigurator(PolicyConfigurator configurator)
{
    m_configurePolicy = std::move(configurator);
}

void
AsetExperiment::SetTracing(const AsetTracingOptions& options, const std::string& directory)
{
    m_tracing = options;
    m_tracingDirectory = directory;
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

std::vector<std::string>
AsetExperiment::GetComparisonPolicyNames()
{
    return {"closest+shield"};
}

std::string
AsetExperiment::CheckPolicyName(const std::string& policy)
{
    auto known = GetPolicyNames();
    const auto comparison = GetComparisonPolicyNames();
    known.insert(known.end(), comparison.begin(), comparison.end());
    if (std::find(known.begin(), known.end(), policy) != known.end())
    {
        return "";
    }
    TypeId tid;
    if (policy.find("::") == std::string::npos)
    {
        return "unknown policy '" + policy + "' (known: all, " +
               boost::algorithm::join(known, ", ") +
               ", or a SchedulingPolicy's TypeId name such as ns3::ClosestPolicy)";
    }
    if (!TypeId::LookupByNameFailSafe(policy, &tid))
    {
        return "no TypeId named '" + policy +
               "' (a policy of your own is loaded with --policy-library=<file>)";
    }
    if (!tid.IsChildOf(SchedulingPolicy::GetTypeId()) || !tid.HasConstructor())
    {
        return "'" + policy + "' is not a SchedulingPolicy with a constructor (AddConstructor)";
    }
    return "";
}

std::vector<std::string>
AsetExperiment::ParsePolicyList(const std::string& text, const std::string& option)
{
    if (text == "all")
    {
        return GetPolicyNames();
    }
    std::vector<std::string> names;
    boost::split(names, text, [](char c) { return c == ','; });
    for (auto it = names.begin(); it != names.end(); ++it)
    {
        const std::string problem = CheckPolicyName(*it);
        if (!problem.empty())
        {
            throw std::invalid_argument(option + ": " + problem);
        }
        if (std::find(names.begin(), it, *it) != it)
        {
            throw std::invalid_argument(option + ": '" + *it + "' is named twice");
        }
    }
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
    if (policy == "closest+shield")
    {
        return ShieldedPolicy::GetTypeId().GetName(); // its Delegate is closest by default
    }
    return policy == "aset" ? AsetPolicy::GetTypeId().GetName() : policy;
}

PolicyRunResult
AsetExperiment::Run(const std::string& policy, uint32_t seed, uint64_t run)
{
    const std::string problem = CheckPolicyName(policy);
    if (!problem.empty())
    {
        throw std::invalid_argument(problem); // before the scheduler would abort on it
    }
    const auto wallStart = std::chrono::steady_clock::now();
    const AsetScenario& s = m_scenario;
    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    Ipv4AddressGenerator::Reset(); // a previous run's addresses are gone with its nodes

    TieredTopologyHelper topologyHelper(s.topology);
    TieredTopology topology = topologyHelper.Build(m_network);
    topologyHelper.AssignStreams(kLinkStreams);

    // Schedulers, one per far-edge gateway.
    SchedulerHelper schedulerHelper(m_catalogue, ResolvePolicyTypeName(policy));
    schedulerHelper.SetAttribute("Port", UintegerValue(kSchedulerPort));
    schedulerHelper.SetAttribute("BeaconPort", UintegerValue(kBeaconPort));
    // Tolerate two lost beacons in a row before taking a cluster for down.
    schedulerHelper.SetAttribute("StaleAfter", TimeValue(s.beaconInterval * 3));
    if (s.responseTimeout.IsStrictlyPositive()) // else the attribute's default holds
    {
        schedulerHelper.SetAttribute("ResponseTimeout", TimeValue(s.responseTimeout));
    }
    ApplicationContainer schedulers = schedulerHelper.Install(topology.gateways);

    // Clusters, each beaconing to the schedulers of its audience (every one by default).
    EdgeClusterHelper clusterHelper(m_catalogue, ClusterTier::FAR_EDGE); // each tier's below
    clusterHelper.SetAttribute("BeaconInterval", TimeValue(s.beaconInterval));
    clusterHelper.SetAttribute("MaxBatchSize", UintegerValue(s.maxBatchSize));
    clusterHelper.SetAttribute("PowerModel", PointerValue(m_power));
    const auto audience = m_network.GetBeaconAudience(s.topology);
    ApplicationContainer clusters;
    struct TierDeployment
    {
        const std::vector<DeploymentSpec>* deployments;
        NodeContainer nodes;
        ClusterTier tier;
        double slowdown;
    };

    const TierDeployment tiers[] = {
        {&s.farEdge, topology.farEdgeClusters, ClusterTier::FAR_EDGE, s.farEdgeSlowdown},
        {&s.nearEdge, topology.nearEdgeClusters, ClusterTier::NEAR_EDGE, s.nearEdgeSlowdown},
        {&s.cloud, topology.cloudClusters, ClusterTier::CLOUD, s.cloudSlowdown},
    };
    std::size_t cluster = 0; // index into topology.clusterCapacity
    for (const auto& t : tiers)
    {
        clusterHelper.SetTier(t.tier);
        clusterHelper.SetAttribute("Slowdown", DoubleValue(t.slowdown));
        for (uint32_t j = 0; j < t.nodes.GetN(); ++j, ++cluster)
        {
            const auto byName = s.clusterDeployments.find(topology.GetNodeName(t.nodes.Get(j)));
            const bool own = byName != s.clusterDeployments.end();
            clusterHelper.ClearInstances();
            clusterHelper.ClearBeaconDestinations();
            for (uint32_t gateway : audience[cluster])
            {
                clusterHelper.AddBeaconDestinations(topology.gateways.Get(gateway), kBeaconPort);
            }
            for (const auto& d : own ? byName->second : *t.deployments)
            {
                clusterHelper.AddInstance(d.variant,
                                          d.hardware,
                                          d.GetReplicas(topology.clusterCapacity[cluster]),
                                          d.queueCapacity);
            }
            clusters.Add(clusterHelper.Install(t.nodes.Get(j)));
        }
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
                // Every digit: std::to_string would write a mean below 1 us as 0.
                std::ostringstream text;
                text << std::setprecision(17) << "ns3::ExponentialRandomVariable[Mean="
                     << mean.GetSeconds() << "]";
                return StringValue(text.str());
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

    AsetOutcomeCollector outcomes;
    outcomes.Watch(clients);
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        DynamicCast<InferenceClientApplication>(clients.Get(i))
            ->AssignStreams(kClientStreams + kStreamsPerApplication * i);
    }
    // Moving users: a client each, after the access nodes' clients, attached to the
    // user's nearest access node and sending to that node's scheduler.
    MovingUsers moving;
    if (!s.mobility.users.empty())
    {
        MovingUsersHelper usersHelper(s.mobility);
        usersHelper.PlaceAccessNodes(topology.access);
        std::vector<Address> schedulerOfAccess;
        for (uint32_t i = 0; i < accessNodes; ++i)
        {
            Ptr<Node> gateway = topology.gateways.Get(topology.gatewayOfAccess[i]);
            schedulerOfAccess.push_back(
                InetSocketAddress(TieredTopology::GetAddress(gateway), kSchedulerPort));
        }
        InferenceClientHelper userClients(Address(), kSchedulerPort);
        userClients.SetNextId(accessNodes);
        userClients.SetAttribute("QueryTimeout", TimeValue(s.queryTimeout));
        for (const auto& p : profiles)
        {
            userClients.AddApplication(p);
        }
        moving = usersHelper.Install(userClients,
                                     topology.access,
                                     schedulerOfAccess,
                                     s.load,
                                     kMovingUserStreams);
        outcomes.Watch(moving.clients);
    }
    for (uint32_t i = 0; i < clusters.GetN(); ++i)
    {
        DynamicCast<EdgeClusterApplication>(clusters.Get(i))
            ->AssignStreams(kClusterStreams + kStreamsPerApplication * i);
    }
    ActionSink actionSink;
    actionSink.latest.assign(schedulers.GetN(), std::string::npos);
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
            if (m_power)
            {
                aset->SetAttribute("PowerModel", PointerValue(m_power));
            }
            else if (aset->GetEnergyWeight() > 0)
            {
                Simulator::Destroy();
                throw std::invalid_argument("ns3::AsetPolicy::EnergyWeight needs a power model, "
                                            "and scenario '" + s.name + "' names none");
            }
            if (m_recordActions)
            {
                aset->TraceConnectWithoutContext("Action",
                                                 MakeBoundCallback(&ActionSink::Decided, &actionSink, i));
                aset->TraceConnectWithoutContext("Shield",
                                                 MakeBoundCallback(&ActionSink::Shielded, &actionSink, i));
                for (const char* trace : {"Decision", "Reject"})
                {
                    scheduler->TraceConnectWithoutContext(
                        trace,
                        MakeBoundCallback(&ActionSink::Received, &actionSink, i));
                }
            }
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

    try
    {
        ScheduleFaultTimeline(s.faults, topology, "scenario '" + s.name + "': faults");
    }
    catch (const std::invalid_argument& e)
    {
        Simulator::Destroy(); // the network built so far is gone with the run
        if (s.sourceFile.empty())
        {
            throw;
        }
        throw AsetInputError(s.sourceFile, 0, "", e.what()); // a fault naming no node of it
    }
    catch (...)
    {
        Simulator::Destroy();
        throw;
    }

    const Time end = s.warmup + s.duration + s.drain;
    schedulers.Start(Seconds(0));
    clusters.Start(Seconds(0));
    clients.Start(s.warmup);
    clients.Stop(s.warmup + s.duration);
    moving.clients.Start(s.warmup);
    moving.clients.Stop(s.warmup + s.duration);
    Simulator::Stop(end);

    // Utilisation counts the busy time within the query window only.
    std::vector<ClusterUsage> usage(clusters.GetN());
    for (uint32_t i = 0; i < clusters.GetN(); ++i)
    {
        auto cluster = DynamicCast<EdgeClusterApplication>(clusters.Get(i));
        usage[i] = {cluster->GetClusterId(), cluster->GetTier(), cluster->GetReplicaCount(), 0,
                    s.duration.GetSeconds()};
    }
    Simulator::Schedule(s.warmup, &AddBusyTime, &clusters, &usage, -1.0);
    Simulator::Schedule(s.warmup + s.duration, &AddBusyTime, &clusters, &usage, 1.0);

    const Ptr<SchedulingPolicy> firstPolicy =
        DynamicCast<SchedulerApplication>(schedulers.Get(0))->GetPolicy();
    const std::string policyName = firstPolicy->GetName();
    AsetTracingHelper tracing(m_tracing, m_tracingDirectory + "/" + policyName);
    if (m_tracing.IsEnabled())
    {
        tracing.AddTopology(topology);
        try
        {
            tracing.Start();
        }
        catch (...)
        {
            Simulator::Destroy();
            throw;
        }
    }
    {
        AsetProgressReporter progress(policyName, end, [&outcomes] {
            return outcomes.GetReportedCount();
        });
        if (m_showProgress)
        {
            progress.Start();
        }
        Simulator::Run();
    }
    tracing.Finish();

    PolicyRunResult result = outcomes.Collect(policyName);
    result.movingUsers = moving.clients.GetN();
    result.typeId = firstPolicy->GetInstanceTypeId().GetName();
    result.traceFiles = tracing.GetFiles();
    for (uint32_t i = 0; i < clusters.GetN(); ++i)
    {
        auto cluster = DynamicCast<EdgeClusterApplication>(clusters.Get(i));
        result.malformedPackets += cluster->GetMalformedCount();
        result.discardedByFaults += cluster->GetDiscardedCount();
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
    result.clusters = std::move(usage);
    result.hasEnergy = m_power != nullptr;
    result.actions = std::move(actionSink.records);
    Simulator::Destroy();
    result.wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return result;
}

} // namespace ns3
