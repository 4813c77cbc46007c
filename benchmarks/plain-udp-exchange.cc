// SPDX-License-Identifier: GPL-2.0-only
//
// Baseline for the whole-process speed benchmarks (throughput.py, scale.py):
// a scenario's traffic as a plain ns-3 UDP request/response exchange.
//
// It builds the same tiered network as aset-run for the scenario (the default
// one, or --scenario=<file> with a generated network) with
// TieredTopologyHelper and sends the same workload: one client per access
// node, Poisson arrivals at the scenario's rate of that access node, each request
// drawn from the scenario's application mix with its request and response
// sizes, and the same random streams as aset-run's clients, so both programs
// simulate the same requests. A server on the cluster node answers each
// request at once; the gateways and routers only route. None of aset's work
// is done (scheduler relay, policy, queues, beacons, records).
//
// --path=closest (default) sends each application's requests to the tier the
// `closest` policy picks on an idle pool: the nearest one (far edge, then
// near edge, then cloud) deploying a variant of its task at its minimum
// accuracy, on the cluster reached from the client's own far-edge site. So
// both programs cross the same links. In the default scenario that is the
// far-edge cluster for two applications, and the near-edge cluster
// for video-analytics, whose 45 mAP no far-edge variant reaches.
// --path=far-edge sends every request to the client's far-edge cluster.
//
//   aset-plain-udp-exchange --duration=20 --load=1 --seed=1 --run=1
//   aset-plain-udp-exchange --scenario=data/scenarios/isp-metro.json --duration=10
//
// Prints the route of each application, then one parseable line (wall_s: from
// main() on, without process start-up; run_wall_s: Simulator::Run alone):
//   exchanges=<responses received> sent=<requests sent> wall_s=<s> run_wall_s=<s>
#include "ns3/abort.h"
#include "ns3/application-container.h"
#include "ns3/application.h"
#include "ns3/aset-experiment.h"
#include "ns3/aset-scenario-file.h"
#include "ns3/aset-scenario.h"
#include "ns3/command-line.h"
#include "ns3/header.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address-generator.h"
#include "ns3/model-catalogue.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/tiered-topology-helper.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{
// AsetExperiment's stream bases, so that for the same seed and run the clients
// draw the same arrivals and mix as aset-run's: the two programs then
// simulate the same exchanges.
constexpr int64_t kClientStreams = AsetExperiment::kClientStreams;
constexpr int64_t kStreamsPerApplication = AsetExperiment::kStreamsPerApplication;
constexpr int64_t kLinkStreams = AsetExperiment::kLinkStreams;
constexpr uint16_t kServerPort = 9000;

/**
 * The least a request/response protocol needs: which request this is, and
 * how large its response must be.
 */
class PlainExchangeHeader : public Header
{
  public:
    static constexpr uint32_t kSerializedSize = 8;

    uint32_t id{0};
    uint32_t responseSize{0};

    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::AsetBenchPlainExchangeHeader")
                                .SetParent<Header>()
                                .SetGroupName("Aset")
                                .AddConstructor<PlainExchangeHeader>();
        return tid;
    }

    TypeId GetInstanceTypeId() const override
    {
        return GetTypeId();
    }

    uint32_t GetSerializedSize() const override
    {
        return kSerializedSize;
    }

    void Serialize(Buffer::Iterator start) const override
    {
        start.WriteHtonU32(id);
        start.WriteHtonU32(responseSize);
    }

    uint32_t Deserialize(Buffer::Iterator start) override
    {
        id = start.ReadNtohU32();
        responseSize = start.ReadNtohU32();
        return kSerializedSize;
    }

    void Print(std::ostream& os) const override
    {
        os << "id=" << id << " responseSize=" << responseSize;
    }
};

/// A packet of \p totalSize bytes of UDP payload, \p header included, as aset sizes its packets.
Ptr<Packet>
MakePlainPacket(const PlainExchangeHeader& header, uint32_t totalSize)
{
    Ptr<Packet> packet =
        Create<Packet>(totalSize - std::min(totalSize, PlainExchangeHeader::kSerializedSize));
    packet->AddHeader(header);
    return packet;
}

/// Answers every request at once with a response of the size it asks for.
class PlainResponder : public Application
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::AsetBenchPlainResponder")
                                .SetParent<Application>()
                                .SetGroupName("Aset")
                                .AddConstructor<PlainResponder>();
        return tid;
    }

  protected:
    void DoDispose() override
    {
        m_socket = nullptr;
        Application::DoDispose();
    }

  private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), kServerPort));
        m_socket->SetRecvCallback(MakeCallback(&PlainResponder::HandleRead, this));
    }

    void StopApplication() override
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
    }

    void HandleRead(Ptr<Socket> socket)
    {
        Ptr<Packet> packet;
        Address from;
        while ((packet = socket->RecvFrom(from)))
        {
            PlainExchangeHeader header;
            packet->RemoveHeader(header);
            socket->SendTo(MakePlainPacket(header, header.responseSize), 0, from);
        }
    }

    Ptr<Socket> m_socket;
};

/**
 * Sends requests with Poisson arrivals, each of an application drawn from a
 * weighted mix, and counts the responses. The draws are made exactly as
 * InferenceClientApplication makes them.
 */
class PlainRequester : public Application
{
  public:
    /// Where one application's requests go.
    struct Route
    {
        Address server;
        uint32_t requestSize;
        uint32_t responseSize;
        double weight;
    };

    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::AsetBenchPlainRequester")
                                .SetParent<Application>()
                                .SetGroupName("Aset")
                                .AddConstructor<PlainRequester>();
        return tid;
    }

    PlainRequester()
        : m_gap(CreateObject<ExponentialRandomVariable>()),
          m_mix(CreateObject<UniformRandomVariable>())
    {
    }

    void Setup(const std::vector<Route>& routes, double rate, int64_t stream)
    {
        m_routes = routes;
        m_rate = rate;
        for (const auto& route : routes)
        {
            const double previous = m_cumulativeWeights.empty() ? 0.0 : m_cumulativeWeights.back();
            m_cumulativeWeights.push_back(previous + route.weight);
        }
        // Same stream layout as InferenceClientApplication::AssignStreams.
        m_gap->SetStream(stream);
        m_mix->SetStream(stream + 1);
    }

    uint64_t GetSent() const
    {
        return m_sent;
    }

    uint64_t GetReceived() const
    {
        return m_received;
    }

  protected:
    void DoDispose() override
    {
        m_socket = nullptr;
        Application::DoDispose();
    }

  private:
    void StartApplication() override
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        m_socket->Bind();
        m_socket->SetRecvCallback(MakeCallback(&PlainRequester::HandleRead, this));
        ScheduleNext();
    }

    void StopApplication() override
    {
        // Stop sending only: responses to requests already sent still count.
        Simulator::Cancel(m_sendEvent);
    }

    void ScheduleNext()
    {
        m_sendEvent = Simulator::Schedule(Seconds(m_gap->GetValue(1.0 / m_rate, 0)),
                                          &PlainRequester::Send,
                                          this);
    }

    void Send()
    {
        const double pick = m_mix->GetValue(0.0, m_cumulativeWeights.back());
        const std::size_t index = std::min<std::size_t>(
            std::upper_bound(m_cumulativeWeights.begin(), m_cumulativeWeights.end(), pick) -
                m_cumulativeWeights.begin(),
            m_routes.size() - 1);
        const Route& route = m_routes[index];
        PlainExchangeHeader header;
        header.id = static_cast<uint32_t>(m_sent++);
        header.responseSize = route.responseSize;
        m_socket->SendTo(MakePlainPacket(header, route.requestSize), 0, route.server);
        ScheduleNext();
    }

    void HandleRead(Ptr<Socket> socket)
    {
        Ptr<Packet> packet;
        while ((packet = socket->Recv()))
        {
            ++m_received;
        }
    }

    std::vector<Route> m_routes;
    double m_rate{1};
    std::vector<double> m_cumulativeWeights;
    Ptr<ExponentialRandomVariable> m_gap;
    Ptr<UniformRandomVariable> m_mix;
    Ptr<Socket> m_socket;
    EventId m_sendEvent;
    uint64_t m_sent{0};
    uint64_t m_received{0};
};

enum class Tier
{
    FAR_EDGE,
    NEAR_EDGE,
    CLOUD,
};

const char*
TierName(Tier tier)
{
    switch (tier)
    {
    case Tier::FAR_EDGE:
        return "far-edge";
    case Tier::NEAR_EDGE:
        return "near-edge";
    default:
        return "cloud";
    }
}

/**
 * The tier `closest` serves \p application from on an idle pool: the nearest
 * deploying a variant of its task at its minimum accuracy. With none, aset
 * rejects the query at the gateway; the far edge stands in for that here.
 */
Tier
ClosestTier(const AsetScenario& scenario,
            const ModelCatalogue& catalogue,
            const ApplicationSpec& application)
{
    uint16_t taskId = 0;
    NS_ABORT_MSG_UNLESS(catalogue.FindTask(application.task, taskId),
                        "application " << application.name << ": the catalogue has no task '"
                                       << application.task << "'");
    const std::pair<Tier, const std::vector<DeploymentSpec>*> tiers[] = {
        {Tier::FAR_EDGE, &scenario.farEdge},
        {Tier::NEAR_EDGE, &scenario.nearEdge},
        {Tier::CLOUD, &scenario.cloud},
    };
    for (const auto& [tier, deployments] : tiers)
    {
        if (tier == Tier::CLOUD && scenario.topology.cloudRegions == 0)
        {
            continue;
        }
        for (const auto& deployment : *deployments)
        {
            uint16_t variantId = 0;
            NS_ABORT_MSG_UNLESS(catalogue.FindVariant(deployment.variant, variantId),
                                "the catalogue has no variant '" << deployment.variant << "'");
            const ModelVariant& variant = catalogue.GetVariant(variantId);
            if (variant.taskId == taskId && variant.accuracy >= application.minAccuracy)
            {
                return tier;
            }
        }
    }
    return Tier::FAR_EDGE;
}

} // namespace

int
main(int argc, char* argv[])
{
    const auto wallStart = std::chrono::steady_clock::now();
    std::string scenarioFile;
    uint32_t seed = 1;
    uint64_t run = 1;
    double duration = 0;
    double load = 0;
    std::string path = "closest";
    std::string routing;

    CommandLine cmd(__FILE__);
    cmd.Usage("Plain UDP request/response exchange over an aset scenario's network, with its "
              "workload: the baseline of the whole-process speed benchmarks.");
    cmd.AddValue("scenario",
                 "Scenario file with a generated network (empty: the default scenario)",
                 scenarioFile);
    cmd.AddValue("seed", "Random seed", seed);
    cmd.AddValue("run", "Run number", run);
    cmd.AddValue("duration", "Seconds during which clients send requests (0: the scenario's)",
                 duration);
    cmd.AddValue("load", "Multiplier of every access node's request rate (0: the scenario's)", load);
    cmd.AddValue("path",
                 "closest: each application to the tier the closest policy picks; "
                 "far-edge: every request to the client's far-edge cluster",
                 path);
    cmd.AddValue("routing",
                 "global or next-hop, as aset-run --routing (empty: the scenario's)",
                 routing);
    cmd.Parse(argc, argv);
    if (duration < 0 || load < 0)
    {
        std::cerr << "aset-plain-udp-exchange: error: --duration and --load must be positive\n";
        return 2;
    }
    AsetScenario scenario;
    try
    {
        scenario = scenarioFile.empty() ? AsetScenario::Default() : AsetScenarioFile::Load(scenarioFile);
    }
    catch (const std::exception& e)
    {
        std::cerr << "aset-plain-udp-exchange: error: " << e.what() << "\n";
        return 2;
    }
    if (!scenario.topologyFile.empty() || scenario.arrivals != InferenceClientApplication::POISSON)
    {
        std::cerr << "aset-plain-udp-exchange: error: " << scenarioFile
                  << ": only scenarios with a generated network and Poisson arrivals are "
                     "supported\n";
        return 2;
    }
    scenario.duration = duration > 0 ? Seconds(duration) : scenario.duration;
    scenario.load = load > 0 ? load : scenario.load;
    if (path != "closest" && path != "far-edge")
    {
        std::cerr << "aset-plain-udp-exchange: error: --path must be closest or far-edge, not '"
                  << path << "'\n";
        return 2;
    }
    try
    {
        if (!routing.empty())
        {
            scenario.topology.routing = FindByName(GetRoutingNames(), routing);
        }
    }
    catch (const std::invalid_argument& e)
    {
        std::cerr << "aset-plain-udp-exchange: error: --routing: " << e.what() << "\n";
        return 2;
    }

    RngSeedManager::SetSeed(seed);
    RngSeedManager::SetRun(run);
    Ipv4AddressGenerator::Reset();
    TieredTopologyHelper topologyHelper(scenario.topology);
    TieredTopology topology = topologyHelper.Build();
    topologyHelper.AssignStreams(kLinkStreams);

    // aset-run loads the catalogue too: this keeps the fixed costs alike.
    Ptr<ModelCatalogue> catalogue;
    std::vector<double> rates;
    try
    {
        catalogue = ModelCatalogue::LoadFromFile(scenario.cataloguePath);
        rates = scenario.GetAccessRates(topology.access.GetN());
    }
    catch (const std::exception& e)
    {
        std::cerr << "aset-plain-udp-exchange: error: " << e.what() << "\n";
        return 2;
    }
    std::vector<Tier> tiers;
    std::cout << "route";
    for (const auto& application : scenario.applications)
    {
        tiers.push_back(path == "closest" ? ClosestTier(scenario, *catalogue, application)
                                          : Tier::FAR_EDGE);
        std::cout << " " << application.name << "=" << TierName(tiers.back());
    }
    std::cout << "\n";

    ApplicationContainer servers;
    const NodeContainer clusterNodes = topology.GetClusterNodes();
    for (uint32_t k = 0; k < clusterNodes.GetN(); ++k)
    {
        Ptr<PlainResponder> server = CreateObject<PlainResponder>();
        clusterNodes.Get(k)->AddApplication(server);
        servers.Add(server);
    }
    const auto& p = scenario.topology;
    std::vector<Ptr<PlainRequester>> clients;
    ApplicationContainer clientApps;
    for (uint32_t i = 0; i < topology.access.GetN(); ++i)
    {
        // The clusters reached from this client's site, as TieredTopologyHelper wires them.
        const uint32_t site = topology.gatewayOfAccess[i];
        const uint32_t nearEdgeSite =
            static_cast<uint32_t>(uint64_t(site) * p.nearEdgeSites / p.farEdgeSites);
        std::vector<PlainRequester::Route> routes;
        for (std::size_t a = 0; a < scenario.applications.size(); ++a)
        {
            const ApplicationSpec& application = scenario.applications[a];
            Ptr<Node> cluster = tiers[a] == Tier::FAR_EDGE    ? topology.farEdgeClusters.Get(site)
                                : tiers[a] == Tier::NEAR_EDGE ? topology.nearEdgeClusters.Get(nearEdgeSite)
                                                              : topology.cloudClusters.Get(0);
            routes.push_back({InetSocketAddress(TieredTopology::GetAddress(cluster), kServerPort),
                              application.requestSize,
                              application.responseSize,
                              application.weight});
        }
        Ptr<PlainRequester> client = CreateObject<PlainRequester>();
        client->Setup(routes,
                      rates[i],
                      kClientStreams + kStreamsPerApplication * i);
        topology.access.Get(i)->AddApplication(client);
        clients.push_back(client);
        clientApps.Add(client);
    }

    // Same timeline as AsetExperiment::Run.
    servers.Start(Seconds(0));
    clientApps.Start(scenario.warmup);
    clientApps.Stop(scenario.warmup + scenario.duration);
    Simulator::Stop(scenario.warmup + scenario.duration + scenario.drain);
    const auto runStart = std::chrono::steady_clock::now();
    Simulator::Run();
    const double runWall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - runStart).count();

    uint64_t sent = 0;
    uint64_t received = 0;
    for (const auto& client : clients)
    {
        sent += client->GetSent();
        received += client->GetReceived();
    }
    Simulator::Destroy();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    std::cout << std::fixed << std::setprecision(4) << "exchanges=" << received << " sent=" << sent
              << " wall_s=" << wall << " run_wall_s=" << runWall << "\n";
    return 0;
}
