// SPDX-License-Identifier: GPL-2.0-only
#include "edge-cluster-application.h"

#include "aset-header-reader.h"
#include "aset-ns3-compat.h"
#include "cluster-beacon-header.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EdgeClusterApplication");
NS_OBJECT_ENSURE_REGISTERED(EdgeClusterApplication);

TypeId
EdgeClusterApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::EdgeClusterApplication")
            .SetParent<Application>()
            .SetGroupName("Aset")
            .AddConstructor<EdgeClusterApplication>()
            .AddAttribute("Port",
                          "UDP port on which queries arrive.",
                          UintegerValue(9100),
                          MakeUintegerAccessor(&EdgeClusterApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("ClusterId",
                          "Identifier of this cluster in headers and beacons.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&EdgeClusterApplication::m_clusterId),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Tier",
                          "Network tier the cluster sits in (reported in beacons).",
                          EnumValue(ClusterTier::FAR_EDGE),
                          ASET_ENUM_ACCESSOR(ClusterTier, &EdgeClusterApplication::m_tier),
                          MakeEnumChecker(ClusterTier::ACCESS,
                                          "access",
                                          ClusterTier::FAR_EDGE,
                                          "far-edge",
                                          ClusterTier::NEAR_EDGE,
                                          "near-edge",
                                          ClusterTier::CORE,
                                          "core",
                                          ClusterTier::CLOUD,
                                          "cloud"))
            .AddAttribute("BeaconInterval",
                          "Time between load beacons, one small packet to each scheduler. "
                          "Schedulers decide per query, every few milliseconds, so their "
                          "view of a cluster is up to one interval plus a one-way delay "
                          "old; between beacons they count the queries they sent themselves. "
                          "100 ms keeps beacons a few percent of the packets; how stale "
                          "information hurts is itself a question to study with this knob.",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&EdgeClusterApplication::m_beaconInterval),
                          MakeTimeChecker(MicroSeconds(100)))
            .AddAttribute("ServiceTimeModel",
                          "How a batch's service time is drawn around the catalogue's latency.",
                          EnumValue(ServiceTimeModel::UNIFORM_JITTER),
                          ASET_ENUM_ACCESSOR(ServiceTimeModel, &EdgeClusterApplication::m_serviceTimeModel),
                          MakeEnumChecker(ServiceTimeModel::DETERMINISTIC,
                                          "deterministic",
                                          ServiceTimeModel::EXPONENTIAL,
                                          "exponential",
                                          ServiceTimeModel::UNIFORM_JITTER,
                                          "jitter"))
            .AddAttribute("JitterFraction",
                          "Half-width of the uniform jitter, as a fraction of the latency "
                          "(ServiceTimeModel=jitter). 10% is the run-to-run spread "
                          "commonly seen in published inference benchmarks.",
                          DoubleValue(0.1),
                          MakeDoubleAccessor(&EdgeClusterApplication::m_jitterFraction),
                          MakeDoubleChecker<double>(0.0, 0.99))
            .AddAttribute("Slowdown",
                          "Factor on every service time, unknown to the schedulers (they "
                          "judge by the catalogue): hardware shared with another tenant, "
                          "throttled, or older than catalogued. 1: as catalogued.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&EdgeClusterApplication::m_slowdown),
                          MakeDoubleChecker<double>(0.01, 1000.0))
            .AddAttribute("MaxBatchSize",
                          "Largest batch a replica serves at once (1 disables batching). "
                          "Capped per instance by the catalogue's largest measured batch.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&EdgeClusterApplication::m_maxBatchSize),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("BatchTimeout",
                          "With batching, longest time the oldest waiting query waits "
                          "for its batch to fill before a free replica starts it anyway.",
                          TimeValue(MilliSeconds(2)),
                          MakeTimeAccessor(&EdgeClusterApplication::m_batchTimeout),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Available",
                          "Whether the cluster is in service. Setting it false is a crash: "
                          "queued and in-service queries are discarded without a response "
                          "(their clients time them out as lost), beacons stop and arriving "
                          "queries are discarded; true brings it back with empty queues.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&EdgeClusterApplication::SetAvailable,
                                              &EdgeClusterApplication::IsAvailable),
                          MakeBooleanChecker())
            .AddAttribute("PowerModel",
                          "Busy and idle watts per hardware class (a HardwarePowerModel, "
                          "e.g. data/hardware-power.csv), for GetEnergy(). It must have "
                          "figures for every hardware class the cluster deploys. Null: the "
                          "cluster keeps its busy and powered time, and GetEnergy() is 0.",
                          PointerValue(),
                          MakePointerAccessor(&EdgeClusterApplication::m_powerModel),
                          MakePointerChecker<HardwarePowerModel>())
            .AddTraceSource("Enqueue",
                            "A query entered an instance queue.",
                            MakeTraceSourceAccessor(&EdgeClusterApplication::m_enqueueTrace),
                            "ns3::QueryTracedCallback")
            .AddTraceSource("ServiceStart",
                            "A query started service, in a batch of the given size.",
                            MakeTraceSourceAccessor(&EdgeClusterApplication::m_startTrace),
                            "ns3::EdgeClusterApplication::ServiceStartTracedCallback")
            .AddTraceSource("ServiceEnd",
                            "A query finished service; its header holds the cluster's timestamps.",
                            MakeTraceSourceAccessor(&EdgeClusterApplication::m_finishTrace),
                            "ns3::QueryTracedCallback")
            .AddTraceSource("Drop",
                            "A query was dropped because its instance queue was full.",
                            MakeTraceSourceAccessor(&EdgeClusterApplication::m_dropTrace),
                            "ns3::QueryTracedCallback")
            .AddTraceSource("MalformedRx",
                            "A packet that is not a valid query for this cluster was refused.",
                            MakeTraceSourceAccessor(&EdgeClusterApplication::m_malformedTrace),
                            "ns3::Packet::AddressTracedCallback")
            .AddTraceSource("Availability",
                            "The cluster went down (false) or came back up (true).",
                            MakeTraceSourceAccessor(&EdgeClusterApplication::m_availabilityTrace),
                            "ns3::EdgeClusterApplication::AvailabilityTracedCallback")
            .AddTraceSource("Discard",
                            "A query was lost with the cluster: waiting or in service when it "
                            "went down, or arrived while it was down. No response is sent.",
                            MakeTraceSourceAccessor(&EdgeClusterApplication::m_discardTrace),
                            "ns3::QueryTracedCallback");
    return tid;
}

EdgeClusterApplication::EdgeClusterApplication()
    : m_exponential(CreateObject<ExponentialRandomVariable>()),
      m_uniform(CreateObject<UniformRandomVariable>())
{
}

EdgeClusterApplication::~EdgeClusterApplication() = default;

void
EdgeClusterApplication::DoDispose()
{
    m_socket = nullptr;
    m_beaconSocket = nullptr;
    m_catalogue = nullptr;
    m_powerModel = nullptr;
    m_instances.clear();
    Application::DoDispose();
}

void
EdgeClusterApplication::SetCatalogue(Ptr<ModelCatalogue> catalogue)
{
    m_catalogue = catalogue;
}

Ptr<ModelCatalogue>
EdgeClusterApplication::GetCatalogue() const
{
    return m_catalogue;
}

uint16_t
EdgeClusterApplication::AddInstance(const InstanceConfig& config)
{
    NS_ABORT_MSG_IF(!m_catalogue, "SetCatalogue() before AddInstance()");
    const ModelVariant& variant = m_catalogue->GetVariant(config.variantId);
    NS_ABORT_MSG_IF(!variant.RunsOn(config.hardware),
                    "the catalogue has no figure for " << variant.name << " on "
                                                       << ToString(config.hardware));
    NS_ABORT_MSG_IF(config.replicas == 0, "an instance needs at least one replica");
    Instance instance;
    instance.config = config;
    instance.slots.resize(config.replicas);
    instance.slotEnd.resize(config.replicas);
    m_instances.push_back(std::move(instance));
    return static_cast<uint16_t>(m_instances.size() - 1);
}

std::size_t
EdgeClusterApplication::GetInstanceCount() const
{
    return m_instances.size();
}

void
EdgeClusterApplication::AddBeaconDestination(const Address& destination)
{
    m_beaconDestinations.push_back(destination);
}

const EdgeClusterApplication::InstanceConfig&
EdgeClusterApplication::GetInstanceConfig(uint16_t index) const
{
    return GetInstance(index).config;
}

void
EdgeClusterApplication::SetAvailable(bool available)
{
    if (available == m_available)
    {
        return;
    }
    for (auto& instance : m_instances)
    {
        AccountEnergyTime(instance); // up to now at the power it drew so far
    }
    m_available = available;
    NS_LOG_INFO("cluster " << m_clusterId << (available ? " up" : " down") << " at "
                           << Simulator::Now().As(Time::S));
    if (m_running)
    {
        if (available)
        {
            for (auto& instance : m_instances)
            {
                instance.lastChange = Simulator::Now();
                instance.beaconBusyReplicaSeconds = 0;
            }
            SendBeacon();
        }
        else
        {
            Simulator::Cancel(m_beaconEvent);
            for (auto& instance : m_instances)
            {
                Simulator::Cancel(instance.batchTimer);
                AccountBusyTime(instance);
                for (std::size_t slot = 0; slot < instance.slots.size(); ++slot)
                {
                    Simulator::Cancel(instance.slotEnd[slot]);
                    for (const auto& query : instance.slots[slot])
                    {
                        Discard(query);
                    }
                    instance.slots[slot].clear();
                }
                instance.busy = 0;
                for (const auto& query : instance.queue)
                {
                    Discard(query);
                }
                instance.queue.clear();
            }
        }
    }
    m_availabilityTrace(available);
}

bool
EdgeClusterApplication::IsAvailable() const
{
    return m_available;
}

void
EdgeClusterApplication::SetReplicas(uint16_t index, uint16_t replicas)
{
    NS_ABORT_MSG_IF(index >= m_instances.size(),
                    "cluster " << m_clusterId << " has no instance " << index);
    NS_ABORT_MSG_IF(replicas == 0, "an instance needs at least one replica");
    Instance& instance = m_instances[index];
    AccountEnergyTime(instance);
    instance.config.replicas = replicas;
    // Slots are never removed: a removed replica's batch ends in its slot.
    if (instance.slots.size() < replicas)
    {
        instance.slots.resize(replicas);
        instance.slotEnd.resize(replicas);
    }
    if (m_running && m_available)
    {
        TryStartService(index);
    }
}

uint16_t
EdgeClusterApplication::GetClusterId() const
{
    return m_clusterId;
}

ClusterTier
EdgeClusterApplication::GetTier() const
{
    return m_tier;
}

uint64_t
EdgeClusterApplication::GetServedCount() const
{
    return m_served;
}

uint64_t
EdgeClusterApplication::GetDroppedCount() const
{
    return m_dropped;
}

uint64_t
EdgeClusterApplication::GetMalformedCount() const
{
    return m_malformed;
}

uint64_t
EdgeClusterApplication::GetDiscardedCount() const
{
    return m_discarded;
}

double
EdgeClusterApplication::GetBusyReplicaSeconds() const
{
    double total = 0;
    for (const auto& instance : m_instances)
    {
        total += instance.busyReplicaSeconds +
                 instance.busy * (Simulator::Now() - instance.lastChange).GetSeconds();
    }
    return total;
}

uint32_t
EdgeClusterApplication::GetReplicaCount() const
{
    uint32_t total = 0;
    for (const auto& instance : m_instances)
    {
        total += instance.config.replicas;
    }
    return total;
}

bool
EdgeClusterApplication::IsPowered() const
{
    return m_running && m_available;
}

const EdgeClusterApplication::Instance&
EdgeClusterApplication::GetInstance(uint16_t index) const
{
    NS_ABORT_MSG_IF(index >= m_instances.size(),
                    "cluster " << m_clusterId << " has no instance " << index);
    return m_instances[index];
}

std::pair<Time, Time>
EdgeClusterApplication::GetEnergyTimes(const Instance& instance) const
{
    const int64_t steps =
        IsPowered() ? (Simulator::Now() - instance.lastEnergyChange).GetTimeStep() : 0;
    const uint16_t powered = std::max(instance.config.replicas, instance.busy);
    return {instance.busyTime + TimeStep(steps * instance.busy),
            instance.poweredTime + TimeStep(steps * powered)};
}

Time
EdgeClusterApplication::GetBusyTime(uint16_t index) const
{
    return GetEnergyTimes(GetInstance(index)).first;
}

Time
EdgeClusterApplication::GetPoweredTime(uint16_t index) const
{
    return GetEnergyTimes(GetInstance(index)).second;
}

double
EdgeClusterApplication::GetEnergy() const
{
    if (!m_powerModel)
    {
        return 0;
    }
    double joules = 0;
    for (const auto& instance : m_instances)
    {
        const auto [busy, powered] = GetEnergyTimes(instance);
        joules += m_powerModel->GetPower(instance.config.hardware).GetEnergy(busy, powered - busy);
    }
    return joules;
}

int64_t
EdgeClusterApplication::AssignStreams(int64_t stream)
{
    m_exponential->SetStream(stream);
    m_uniform->SetStream(stream + 1);
    return 2;
}

void
EdgeClusterApplication::StartApplication()
{
    NS_ABORT_MSG_IF(!m_catalogue, "cluster " << m_clusterId << " has no catalogue");
    for (auto& instance : m_instances)
    {
        NS_ABORT_MSG_IF(m_powerModel && !m_powerModel->HasClass(instance.config.hardware),
                        "cluster " << m_clusterId << ": " << m_powerModel->GetSourceName()
                                   << " has no power figures for "
                                   << ToString(instance.config.hardware));
        instance.lastEnergyChange = Simulator::Now();
        const uint16_t catalogueMax =
            m_catalogue->GetVariant(instance.config.variantId).GetMaxBatch(instance.config.hardware);
        instance.maxBatch = std::min(m_maxBatchSize, catalogueMax);
        instance.lastChange = Simulator::Now();
    }
    const TypeId udp = UdpSocketFactory::GetTypeId();
    m_socket = Socket::CreateSocket(GetNode(), udp);
    NS_ABORT_MSG_IF(m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0,
                    "cluster " << m_clusterId << " cannot bind port " << m_port);
    m_socket->SetRecvCallback(MakeCallback(&EdgeClusterApplication::HandleRead, this));
    m_beaconSocket = Socket::CreateSocket(GetNode(), udp);
    m_beaconSocket->Bind();
    m_running = true;
    if (m_available)
    {
        SendBeacon();
    }
}

void
EdgeClusterApplication::StopApplication()
{
    for (auto& instance : m_instances)
    {
        AccountEnergyTime(instance);
    }
    m_running = false;
    Simulator::Cancel(m_beaconEvent);
    for (auto& instance : m_instances)
    {
        Simulator::Cancel(instance.batchTimer);
    }
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
    }
    if (m_beaconSocket)
    {
        m_beaconSocket->Close();
    }
}

void
EdgeClusterApplication::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    Address from;
    while ((packet = socket->RecvFrom(from)))
    {
        InferenceQueryHeader header;
        const HeaderReadResult result = ReadAsetHeader(packet, header);
        const bool forUs = result == HeaderReadResult::OK &&
                           header.kind == InferenceQueryHeader::Kind::QUERY &&
                           header.clusterId == m_clusterId &&
                           header.instanceIndex < m_instances.size() && header.clientPort != 0 &&
                           header.variantId == m_instances[header.instanceIndex].config.variantId;
        if (!forUs)
        {
            ++m_malformed;
            NS_LOG_WARN("cluster " << m_clusterId << " refused a packet from " << from << ": "
                                   << (result == HeaderReadResult::OK ? "not a query for this "
                                                                        "cluster's instances"
                                                                      : ToString(result)));
            m_malformedTrace(packet, from);
            continue;
        }
        Admit(header);
    }
}

void
EdgeClusterApplication::Admit(const InferenceQueryHeader& query)
{
    if (!m_available)
    {
        Discard(query);
        return;
    }
    Instance& instance = m_instances[query.instanceIndex];
    InferenceQueryHeader header = query;
    header.clusterArrivalTime = Simulator::Now();
    if (instance.queue.size() >= instance.config.queueCapacity)
    {
        ++m_dropped;
        m_dropTrace(header);
        // A drop notice is header-only: the client learns the outcome without the payload.
        Reply(header, InferenceQueryHeader::Status::DROPPED, InferenceQueryHeader::kSerializedSize);
        return;
    }
    instance.queue.push_back(header);
    m_enqueueTrace(header);
    TryStartService(query.instanceIndex);
}

void
EdgeClusterApplication::TryStartService(uint16_t index)
{
    Instance& instance = m_instances[index];
    while (instance.busy < instance.config.replicas && !instance.queue.empty())
    {
        if (instance.queue.size() < instance.maxBatch)
        {
            // Wait for the batch to fill, but never longer than BatchTimeout for the oldest.
            const Time due = instance.queue.front().clusterArrivalTime + m_batchTimeout;
            if (Simulator::Now() < due)
            {
                if (!ASET_EVENT_PENDING(instance.batchTimer))
                {
                    instance.batchTimer = Simulator::Schedule(due - Simulator::Now(),
                                                              &EdgeClusterApplication::TryStartService,
                                                              this,
                                                              index);
                }
                return;
            }
        }
        Simulator::Cancel(instance.batchTimer);
        // A free slot among the first `replicas` exists, since busy < replicas
        // (after SetReplicas() lowered the count, later slots may still serve).
        const uint16_t slot = static_cast<uint16_t>(
            std::find_if(instance.slots.begin(),
                         instance.slots.begin() + instance.config.replicas,
                         [](const std::vector<InferenceQueryHeader>& s) { return s.empty(); }) -
            instance.slots.begin());
        const auto batchSize =
            static_cast<uint16_t>(std::min<std::size_t>(instance.maxBatch, instance.queue.size()));
        auto& batch = instance.slots[slot];
        for (uint16_t i = 0; i < batchSize; ++i)
        {
            batch.push_back(std::move(instance.queue.front()));
            instance.queue.pop_front();
            batch.back().serviceStartTime = Simulator::Now();
            batch.back().batchSize = batchSize;
            m_startTrace(batch.back(), batchSize);
        }
        AccountBusyTime(instance);
        ++instance.busy;
        instance.slotEnd[slot] = Simulator::Schedule(DrawServiceTime(instance, batchSize),
                                                     &EdgeClusterApplication::FinishService,
                                                     this,
                                                     index,
                                                     slot);
    }
}

void
EdgeClusterApplication::FinishService(uint16_t index, uint16_t slot)
{
    Instance& instance = m_instances[index];
    const double accuracy = m_catalogue->GetVariant(instance.config.variantId).accuracy;
    std::vector<InferenceQueryHeader> batch;
    batch.swap(instance.slots[slot]);
    AccountBusyTime(instance);
    --instance.busy;
    for (auto& done : batch)
    {
        done.serviceEndTime = Simulator::Now();
        done.servedAccuracyCenti = static_cast<uint16_t>(std::lround(accuracy * 100));
        ++m_served;
        m_finishTrace(done);
        Reply(done, InferenceQueryHeader::Status::SERVED, done.responseSize);
    }
    TryStartService(index);
}

Time
EdgeClusterApplication::DrawServiceTime(const Instance& instance, uint16_t batchSize)
{
    const Time base =
        m_catalogue->GetBatchLatency(instance.config.variantId, instance.config.hardware, batchSize) *
        m_slowdown;
    switch (m_serviceTimeModel)
    {
    case ServiceTimeModel::DETERMINISTIC:
        return base;
    case ServiceTimeModel::EXPONENTIAL:
        return Seconds(m_exponential->GetValue(base.GetSeconds(), 0));
    case ServiceTimeModel::UNIFORM_JITTER:
        return Seconds(base.GetSeconds() *
                       m_uniform->GetValue(1.0 - m_jitterFraction, 1.0 + m_jitterFraction));
    }
    return base;
}

void
EdgeClusterApplication::Reply(InferenceQueryHeader header,
                              InferenceQueryHeader::Status status,
                              uint32_t size)
{
    header.kind = InferenceQueryHeader::Kind::RESPONSE;
    header.status = status;
    m_socket->SendTo(header.MakePacket(size),
                     0,
                     InetSocketAddress(header.clientAddress, header.clientPort));
}

void
EdgeClusterApplication::AccountBusyTime(Instance& instance)
{
    const double elapsed = (Simulator::Now() - instance.lastChange).GetSeconds();
    instance.busyReplicaSeconds += instance.busy * elapsed;
    instance.beaconBusyReplicaSeconds += instance.busy * elapsed;
    instance.lastChange = Simulator::Now();
    AccountEnergyTime(instance);
}

void
EdgeClusterApplication::AccountEnergyTime(Instance& instance)
{
    std::tie(instance.busyTime, instance.poweredTime) = GetEnergyTimes(instance);
    instance.lastEnergyChange = Simulator::Now();
}

void
EdgeClusterApplication::Discard(const InferenceQueryHeader& header)
{
    ++m_discarded;
    m_discardTrace(header);
}

void
EdgeClusterApplication::SendBeacon()
{
    ClusterBeaconHeader beacon;
    beacon.clusterId = m_clusterId;
    beacon.queryPort = m_port;
    beacon.tier = m_tier;
    beacon.sendTime = Simulator::Now();
    const double window = m_beaconInterval.GetSeconds();
    for (auto& instance : m_instances)
    {
        AccountBusyTime(instance);
        const double utilisation =
            std::min(1.0, instance.beaconBusyReplicaSeconds / (window * instance.config.replicas));
        instance.beaconBusyReplicaSeconds = 0;
        InstanceLoad load;
        load.variantId = instance.config.variantId;
        load.hardware = instance.config.hardware;
        load.replicas = instance.config.replicas;
        load.maxBatch = instance.maxBatch;
        load.busyReplicas = instance.busy;
        load.queueLength = static_cast<uint32_t>(instance.queue.size());
        load.queueCapacity = instance.config.queueCapacity;
        load.utilisationPermyriad = static_cast<uint16_t>(std::lround(utilisation * 10000));
        beacon.instances.push_back(load);
    }
    Ptr<Packet> packet = Create<Packet>();
    packet->AddHeader(beacon);
    for (const auto& destination : m_beaconDestinations)
    {
        m_beaconSocket->SendTo(packet->Copy(), 0, destination);
    }
    m_beaconEvent =
        Simulator::Schedule(m_beaconInterval, &EdgeClusterApplication::SendBeacon, this);
}

} // namespace ns3
