// SPDX-License-Identifier: GPL-2.0-only
#include "scheduler-application.h"

#include "aset-header-reader.h"
#include "cluster-beacon-header.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-l4-protocol.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SchedulerApplication");
NS_OBJECT_ENSURE_REGISTERED(SchedulerApplication);

TypeId
SchedulerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SchedulerApplication")
            .SetParent<Application>()
            .SetGroupName("Aset")
            .AddConstructor<SchedulerApplication>()
            .AddAttribute("Port",
                          "UDP port on which clients send their queries.",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&SchedulerApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("BeaconPort",
                          "UDP port for the clusters' load beacons.",
                          UintegerValue(9001),
                          MakeUintegerAccessor(&SchedulerApplication::m_beaconPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("SchedulerId",
                          "Identifier of this scheduler in headers and records.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SchedulerApplication::m_schedulerId),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Policy",
                          "TypeId name of the SchedulingPolicy, e.g. ns3::ClosestPolicy.",
                          StringValue("ns3::EarliestExpectedCompletionPolicy"),
                          MakeStringAccessor(&SchedulerApplication::m_policyTypeName),
                          MakeStringChecker())
            .AddAttribute("StaleAfter",
                          "A cluster whose last beacon is older than this is taken to be "
                          "down. The default, three 100 ms beacon intervals, tolerates two "
                          "lost beacons in a row.",
                          TimeValue(MilliSeconds(300)),
                          MakeTimeAccessor(&SchedulerApplication::m_staleAfter),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("ResponseTimeout",
                          "A cluster that has answered none of this scheduler's queries for "
                          "this long, counted from the first one sent since its last response "
                          "or beacon, is taken to be down until its next response or beacon: "
                          "a failed cluster is found sooner than by StaleAfter, at the risk of "
                          "taking a slow one for failed. 0 (the default) disables it.",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&SchedulerApplication::m_responseTimeout),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("RttGain",
                          "Weight of a new round-trip sample in the smoothed estimate "
                          "(1/8, as in TCP's SRTT, RFC 6298).",
                          DoubleValue(0.125),
                          MakeDoubleAccessor(&SchedulerApplication::m_rttGain),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("SuccessGain",
                          "Weight of a new observed outcome in a cluster's smoothed success ratio.",
                          DoubleValue(0.05),
                          MakeDoubleAccessor(&SchedulerApplication::m_successGain),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddTraceSource("Decision",
                            "A query was forwarded; the header names the chosen cluster, "
                            "instance and variant.",
                            MakeTraceSourceAccessor(&SchedulerApplication::m_decisionTrace),
                            "ns3::SchedulerApplication::DecisionTracedCallback")
            .AddTraceSource("Reject",
                            "A query was rejected; the header holds the reason.",
                            MakeTraceSourceAccessor(&SchedulerApplication::m_rejectTrace),
                            "ns3::QueryTracedCallback")
            .AddTraceSource("Response",
                            "A cluster's response to a query this scheduler placed passed "
                            "through the gateway on its way to the client.",
                            MakeTraceSourceAccessor(&SchedulerApplication::m_responseTrace),
                            "ns3::QueryTracedCallback")
            .AddTraceSource("MalformedRx",
                            "A packet that is not a valid query, response or beacon was refused.",
                            MakeTraceSourceAccessor(&SchedulerApplication::m_malformedTrace),
                            "ns3::Packet::AddressTracedCallback");
    return tid;
}

SchedulerApplication::SchedulerApplication() = default;
SchedulerApplication::~SchedulerApplication() = default;

void
SchedulerApplication::DoDispose()
{
    m_socket = nullptr;
    m_beaconSocket = nullptr;
    m_policy = nullptr;
    m_catalogue = nullptr;
    m_pool = PoolView();
    Application::DoDispose();
}

void
SchedulerApplication::SetCatalogue(Ptr<ModelCatalogue> catalogue)
{
    m_catalogue = catalogue;
}

Ptr<SchedulingPolicy>
SchedulerApplication::GetPolicy()
{
    if (!m_policy)
    {
        ObjectFactory factory;
        TypeId policyType;
        NS_ABORT_MSG_UNLESS(TypeId::LookupByNameFailSafe(m_policyTypeName, &policyType),
                            "scheduler " << m_schedulerId << ": no policy TypeId named '"
                                         << m_policyTypeName << "'");
        factory.SetTypeId(policyType);
        m_policy = factory.Create<SchedulingPolicy>();
        NS_ABORT_MSG_UNLESS(m_policy,
                            "'" << m_policyTypeName << "' is not a SchedulingPolicy");
    }
    return m_policy;
}

const PoolView&
SchedulerApplication::GetPoolView() const
{
    return m_pool;
}

uint16_t
SchedulerApplication::GetSchedulerId() const
{
    return m_schedulerId;
}

uint64_t
SchedulerApplication::GetForwardedCount() const
{
    return m_forwarded;
}

uint64_t
SchedulerApplication::GetRejectedCount() const
{
    return m_rejected;
}

uint64_t
SchedulerApplication::GetMalformedCount() const
{
    return m_malformed;
}

uint64_t
SchedulerApplication::GetObservedResponseCount() const
{
    return m_observedResponses;
}

int64_t
SchedulerApplication::AssignStreams(int64_t stream)
{
    return GetPolicy()->AssignStreams(stream);
}

void
SchedulerApplication::StartApplication()
{
    NS_ABORT_MSG_IF(!m_catalogue, "scheduler " << m_schedulerId << " has no catalogue");
    GetPolicy();
    m_pool = PoolView(m_catalogue, m_staleAfter, m_rttGain, m_successGain);
    m_pool.SetResponseTimeout(m_responseTimeout);
    const TypeId udp = UdpSocketFactory::GetTypeId();
    m_socket = Socket::CreateSocket(GetNode(), udp);
    NS_ABORT_MSG_IF(m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) != 0,
                    "scheduler " << m_schedulerId << " cannot bind port " << m_port);
    m_socket->SetRecvCallback(MakeCallback(&SchedulerApplication::HandleQueryRead, this));
    m_beaconSocket = Socket::CreateSocket(GetNode(), udp);
    NS_ABORT_MSG_IF(m_beaconSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_beaconPort)) != 0,
                    "scheduler " << m_schedulerId << " cannot bind port " << m_beaconPort);
    m_beaconSocket->SetRecvCallback(MakeCallback(&SchedulerApplication::HandleBeaconRead, this));
    GetNode()->RegisterProtocolHandler(MakeCallback(&SchedulerApplication::Watch, this),
                                       Ipv4L3Protocol::PROT_NUMBER,
                                       nullptr);
}

void
SchedulerApplication::StopApplication()
{
    GetNode()->UnregisterProtocolHandler(MakeCallback(&SchedulerApplication::Watch, this));
    for (const auto& socket : {m_socket, m_beaconSocket})
    {
        if (socket)
        {
            socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            socket->Close();
        }
    }
}

void
SchedulerApplication::RefuseMalformed(Ptr<const Packet> packet,
                                      const Address& from,
                                      const std::string& why)
{
    ++m_malformed;
    NS_LOG_WARN("scheduler " << m_schedulerId << " refused a packet from " << from << ": " << why);
    m_malformedTrace(packet, from);
}

void
SchedulerApplication::HandleQueryRead(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    Address from;
    while ((packet = socket->RecvFrom(from)))
    {
        InferenceQueryHeader header;
        const HeaderReadResult result = ReadAsetHeader(packet, header);
        if (result != HeaderReadResult::OK)
        {
            RefuseMalformed(packet, from, ToString(result));
        }
        else if (header.kind != InferenceQueryHeader::Kind::QUERY)
        {
            RefuseMalformed(packet, from, "a response sent to the scheduler's query port");
        }
        else
        {
            Schedule(packet, header, from);
        }
    }
}

void
SchedulerApplication::HandleBeaconRead(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    Address from;
    while ((packet = socket->RecvFrom(from)))
    {
        ClusterBeaconHeader beacon;
        const HeaderReadResult result = ReadAsetHeader(packet, beacon);
        if (result != HeaderReadResult::OK || !InetSocketAddress::IsMatchingType(from))
        {
            RefuseMalformed(packet, from, "beacon: " + ToString(result));
            continue;
        }
        m_pool.ObserveBeacon(beacon,
                             InetSocketAddress::ConvertFrom(from).GetIpv4(),
                             Simulator::Now());
    }
}

QueryContext
SchedulerApplication::GetQueryContext(const InferenceQueryHeader& header, Time now)
{
    QueryContext query;
    query.clientId = header.clientId;
    query.queryId = header.queryId;
    query.taskId = header.taskId;
    query.applicationId = header.applicationId;
    query.minAccuracy = header.minAccuracyCenti / 100.0;
    query.deadline = header.deadline;
    query.elapsed = now - header.clientSendTime;
    query.now = now;
    return query;
}

void
SchedulerApplication::Schedule(Ptr<Packet> payload, InferenceQueryHeader header, const Address& from)
{
    const InetSocketAddress client = InetSocketAddress::ConvertFrom(from);
    header.clientAddress = client.GetIpv4();
    header.clientPort = client.GetPort();
    header.schedulerId = m_schedulerId;
    header.schedulerForwardTime = Simulator::Now();

    const QueryContext query = GetQueryContext(header, Simulator::Now());
    const SchedulingDecision decision = m_policy->Decide(query, m_pool);
    m_policy->NotifyDecision(query, decision);

    if (!decision.placed)
    {
        ++m_rejected;
        header.kind = InferenceQueryHeader::Kind::RESPONSE;
        header.status = InferenceQueryHeader::Status::REJECTED;
        header.rejectReason = decision.reason;
        m_rejectTrace(header);
        m_socket->SendTo(header.MakePacket(InferenceQueryHeader::kSerializedSize), 0, from);
        return;
    }
    const Candidate& target = decision.target;
    header.clusterId = target.clusterId;
    header.instanceIndex = target.instanceIndex;
    header.variantId = target.variantId;
    m_pool.NoteDispatch(target.clusterId, target.instanceIndex, Simulator::Now());
    ++m_forwarded;
    m_decisionTrace(header);
    const PoolView::ClusterState* cluster = m_pool.FindCluster(target.clusterId);
    payload->AddHeader(header);
    m_socket->SendTo(payload, 0, InetSocketAddress(cluster->address, cluster->queryPort));
}

void
SchedulerApplication::Watch(Ptr<NetDevice>,
                            Ptr<const Packet> packet,
                            uint16_t,
                            const Address&,
                            const Address&,
                            NetDevice::PacketType)
{
    // Called for every packet the gateway receives, so it reads the bytes it
    // needs in place (IPv4 and UDP header fields, then our header) instead of
    // copying the packet and removing headers from it.
    constexpr uint32_t kUdpHeaderSize = 8;
    constexpr uint32_t kMaxIpv4HeaderSize = 60;
    uint8_t head[kMaxIpv4HeaderSize + kUdpHeaderSize + InferenceQueryHeader::kSerializedSize] = {};
    const uint32_t copied = packet->CopyData(head, sizeof(head));
    const uint32_t ipSize = (head[0] & 0x0f) * 4;
    const bool firstFragment = ((head[6] & 0x1f) | head[7]) == 0;
    if (ipSize < 20 || copied < ipSize + kUdpHeaderSize + InferenceQueryHeader::kSerializedSize ||
        head[9] != UdpL4Protocol::PROT_NUMBER || !firstFragment)
    {
        return;
    }
    const uint8_t* udp = head + ipSize;
    const uint16_t destinationPort = (udp[2] << 8) | udp[3];
    if (destinationPort == m_port || destinationPort == m_beaconPort)
    {
        return; // ours to receive: the sockets take it
    }
    InferenceQueryHeader response;
    response.Decode(udp + kUdpHeaderSize);
    if (response.Validate() != HeaderReadResult::OK ||
        response.kind != InferenceQueryHeader::Kind::RESPONSE ||
        response.schedulerId != m_schedulerId ||
        response.status == InferenceQueryHeader::Status::REJECTED)
    {
        return; // not a response to a query we placed: none of our business
    }
    ++m_observedResponses;
    const bool success = m_pool.ObserveResponse(response, Simulator::Now());
    m_policy->NotifyOutcome(response.clientId, response.queryId, success, Simulator::Now());
    m_responseTrace(response);
}

} // namespace ns3
