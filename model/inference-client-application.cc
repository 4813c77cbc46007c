// SPDX-License-Identifier: GPL-2.0-only
#include "inference-client-application.h"

#include "aset-header-reader.h"
#include "aset-ns3-compat.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("InferenceClientApplication");
NS_OBJECT_ENSURE_REGISTERED(InferenceClientApplication);

TypeId
InferenceClientApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::InferenceClientApplication")
            .SetParent<Application>()
            .SetGroupName("Aset")
            .AddConstructor<InferenceClientApplication>()
            .AddAttribute("Remote",
                          "Address of the scheduler that receives this client's queries.",
                          AddressValue(),
                          MakeAddressAccessor(&InferenceClientApplication::m_remote),
                          MakeAddressChecker())
            .AddAttribute("RemotePort",
                          "UDP port of the scheduler.",
                          UintegerValue(9000),
                          MakeUintegerAccessor(&InferenceClientApplication::m_remotePort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("ClientId",
                          "Identifier of this client in headers and records.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&InferenceClientApplication::m_clientId),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ArrivalProcess",
                          "How query arrivals are spaced.",
                          EnumValue(POISSON),
                          ASET_ENUM_ACCESSOR(ArrivalProcess,
                                             &InferenceClientApplication::m_arrivalProcess),
                          MakeEnumChecker(POISSON,
                                          "poisson",
                                          CONSTANT,
                                          "constant",
                                          ON_OFF,
                                          "on-off"))
            .AddAttribute("Rate",
                          "Queries per second (during on-periods, for on-off).",
                          DoubleValue(100),
                          MakeDoubleAccessor(&InferenceClientApplication::m_rate),
                          MakeDoubleChecker<double>(1e-9))
            .AddAttribute("OnTime",
                          "Length of an on-period (ArrivalProcess=on-off).",
                          StringValue("ns3::ExponentialRandomVariable[Mean=1.0]"),
                          MakePointerAccessor(&InferenceClientApplication::m_onTime),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("OffTime",
                          "Length of an off-period (ArrivalProcess=on-off).",
                          StringValue("ns3::ExponentialRandomVariable[Mean=1.0]"),
                          MakePointerAccessor(&InferenceClientApplication::m_offTime),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("QueryTimeout",
                          "A query with no response after this long is counted LOST. "
                          "It must exceed every deadline plus the worst round trip, "
                          "so that only lost packets, not slow ones, end up here.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&InferenceClientApplication::m_queryTimeout),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxQueries",
                          "Stop after sending this many queries (0: no limit).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&InferenceClientApplication::m_maxQueries),
                          MakeUintegerChecker<uint64_t>())
            .AddTraceSource("Tx",
                            "A query was sent.",
                            MakeTraceSourceAccessor(&InferenceClientApplication::m_txTrace),
                            "ns3::QueryTracedCallback")
            .AddTraceSource("Outcome",
                            "A query ended; reported exactly once per query.",
                            MakeTraceSourceAccessor(&InferenceClientApplication::m_outcomeTrace),
                            "ns3::QueryRecordTracedCallback")
            .AddTraceSource("MalformedRx",
                            "A packet that is not a valid response was refused.",
                            MakeTraceSourceAccessor(&InferenceClientApplication::m_malformedTrace),
                            "ns3::Packet::AddressTracedCallback");
    return tid;
}

InferenceClientApplication::InferenceClientApplication()
    : m_gap(CreateObject<ExponentialRandomVariable>()),
      m_mix(CreateObject<UniformRandomVariable>())
{
}

InferenceClientApplication::~InferenceClientApplication() = default;

void
InferenceClientApplication::DoDispose()
{
    m_socket = nullptr;
    m_window.clear();
    Application::DoDispose();
}

void
InferenceClientApplication::AddApplication(const ApplicationProfile& profile)
{
    NS_ABORT_MSG_IF(profile.weight <= 0, "application " << profile.name << " needs a positive weight");
    NS_ABORT_MSG_IF(!InferenceQueryHeader::IsValidPayloadSize(profile.requestSize) ||
                        !InferenceQueryHeader::IsValidPayloadSize(profile.responseSize),
                    "application " << profile.name << ": request and response sizes must be within ["
                                   << InferenceQueryHeader::kSerializedSize << ", "
                                   << InferenceQueryHeader::kMaxPayloadSize << "] bytes");
    m_profiles.push_back(profile);
    const double previous = m_cumulativeWeights.empty() ? 0.0 : m_cumulativeWeights.back();
    m_cumulativeWeights.push_back(previous + profile.weight);
}

const std::vector<ApplicationProfile>&
InferenceClientApplication::GetApplications() const
{
    return m_profiles;
}

uint32_t
InferenceClientApplication::GetClientId() const
{
    return m_clientId;
}

uint64_t
InferenceClientApplication::GetSentCount() const
{
    return m_nextQueryId;
}

uint64_t
InferenceClientApplication::GetOpenCount() const
{
    return m_openCount;
}

uint64_t
InferenceClientApplication::GetLateResponseCount() const
{
    return m_lateResponses;
}

uint64_t
InferenceClientApplication::GetMalformedCount() const
{
    return m_malformed;
}

const OutcomeCounts&
InferenceClientApplication::GetOutcomeCounts() const
{
    return m_outcomes;
}

int64_t
InferenceClientApplication::AssignStreams(int64_t stream)
{
    m_gap->SetStream(stream);
    m_mix->SetStream(stream + 1);
    m_onTime->SetStream(stream + 2);
    m_offTime->SetStream(stream + 3);
    return 4;
}

void
InferenceClientApplication::StartApplication()
{
    NS_ABORT_MSG_IF(m_profiles.empty(), "client " << m_clientId << " has no application mix");
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_socket->Bind();
    m_socket->SetRecvCallback(MakeCallback(&InferenceClientApplication::HandleRead, this));
    if (Ipv4Address::IsMatchingType(m_remote))
    {
        m_remote = InetSocketAddress(Ipv4Address::ConvertFrom(m_remote), m_remotePort);
    }
    m_onUntil = m_arrivalProcess == ON_OFF ? Simulator::Now() + Seconds(m_onTime->GetValue())
                                           : Time::Max();
    ScheduleNextQuery();
}

void
InferenceClientApplication::StopApplication()
{
    // Only the generation stops: responses to queries already sent are still
    // received, so that they end in an outcome rather than in_flight.
    Simulator::Cancel(m_sendEvent);
}

Time
InferenceClientApplication::DrawGap()
{
    return m_arrivalProcess == CONSTANT ? Seconds(1.0 / m_rate)
                                        : Seconds(m_gap->GetValue(1.0 / m_rate, 0));
}

void
InferenceClientApplication::ScheduleNextQuery()
{
    if (m_maxQueries > 0 && m_nextQueryId >= m_maxQueries)
    {
        return;
    }
    Time next = Simulator::Now() + DrawGap();
    // Arrivals are memoryless, so an arrival that would fall in an off-period
    // is redrawn from the start of the next on-period.
    while (next > m_onUntil)
    {
        const Time onStart = m_onUntil + Seconds(m_offTime->GetValue());
        m_onUntil = onStart + Seconds(m_onTime->GetValue());
        next = onStart + DrawGap();
    }
    m_sendEvent = Simulator::Schedule(next - Simulator::Now(),
                                      &InferenceClientApplication::SendQuery,
                                      this);
}

void
InferenceClientApplication::SendQuery()
{
    const double pick = m_mix->GetValue(0.0, m_cumulativeWeights.back());
    const auto profileIndex = static_cast<uint16_t>(
        std::min<std::size_t>(std::upper_bound(m_cumulativeWeights.begin(),
                                               m_cumulativeWeights.end(),
                                               pick) -
                                  m_cumulativeWeights.begin(),
                              m_profiles.size() - 1));
    const ApplicationProfile& profile = m_profiles[profileIndex];

    InferenceQueryHeader header;
    header.queryId = m_nextQueryId++;
    header.clientId = m_clientId;
    header.applicationId = profile.id;
    header.taskId = profile.taskId;
    header.deadline = profile.deadline;
    header.minAccuracyCenti = static_cast<uint16_t>(std::lround(profile.minAccuracy * 100));
    header.requestSize = profile.requestSize;
    header.responseSize = profile.responseSize;
    header.clientSendTime = Simulator::Now();

    m_window.push_back({header.clientSendTime, profileIndex, true});
    ++m_openCount;
    if (!ASET_EVENT_PENDING(m_timeoutEvent))
    {
        m_timeoutEvent = Simulator::Schedule(m_queryTimeout,
                                             &InferenceClientApplication::ExpireTimedOut,
                                             this);
    }
    m_txTrace(header);
    m_socket->SendTo(header.MakePacket(profile.requestSize), 0, m_remote);
    ScheduleNextQuery();
}

void
InferenceClientApplication::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    Address from;
    while ((packet = socket->RecvFrom(from)))
    {
        InferenceQueryHeader header;
        const HeaderReadResult result = ReadAsetHeader(packet, header);
        if (result != HeaderReadResult::OK ||
            header.kind != InferenceQueryHeader::Kind::RESPONSE ||
            header.clientId != m_clientId || header.status == InferenceQueryHeader::Status::PENDING)
        {
            ++m_malformed;
            NS_LOG_WARN("client " << m_clientId << " refused a packet from " << from << ": "
                                  << (result == HeaderReadResult::OK ? "not a response for this client"
                                                                     : ToString(result)));
            m_malformedTrace(packet, from);
            continue;
        }
        Conclude(header);
    }
}

InferenceClientApplication::SentQuery*
InferenceClientApplication::FindOpen(uint64_t queryId)
{
    if (queryId < m_windowStart || queryId >= m_windowStart + m_window.size())
    {
        return nullptr;
    }
    SentQuery& query = m_window[queryId - m_windowStart];
    return query.open ? &query : nullptr;
}

void
InferenceClientApplication::Conclude(const InferenceQueryHeader& response)
{
    const SentQuery* open = FindOpen(response.queryId);
    if (!open)
    {
        ++m_lateResponses; // already declared lost, or a duplicate
        return;
    }
    QueryRecord record;
    if (Simulator::Now() - open->sendTime > m_queryTimeout)
    {
        // Timed out before this response came; the sweep had not reported it yet.
        ++m_lateResponses;
        record.outcome = QueryOutcome::LOST;
        Record(response.queryId, record);
        return;
    }
    record.schedulerId = response.schedulerId;
    record.rejectReason = response.rejectReason;
    record.latency = Simulator::Now() - open->sendTime;
    const ApplicationProfile& profile = m_profiles[open->profileIndex];
    switch (response.status)
    {
    case InferenceQueryHeader::Status::REJECTED:
        record.outcome = QueryOutcome::REJECTED;
        break;
    case InferenceQueryHeader::Status::DROPPED:
        record.outcome = QueryOutcome::DROPPED;
        record.clusterId = response.clusterId;
        record.variantId = response.variantId;
        break;
    default:
        record.clusterId = response.clusterId;
        record.variantId = response.variantId;
        record.servedAccuracy = response.servedAccuracyCenti / 100.0;
        if (record.latency > profile.deadline)
        {
            record.outcome = QueryOutcome::FAILED_DEADLINE;
        }
        else if (response.servedAccuracyCenti < std::lround(profile.minAccuracy * 100))
        {
            record.outcome = QueryOutcome::FAILED_ACCURACY;
        }
        else
        {
            record.outcome = QueryOutcome::SUCCEEDED;
        }
    }
    Record(response.queryId, record);
}

void
InferenceClientApplication::ExpireTimedOut()
{
    const Time now = Simulator::Now();
    // Ended queries leave the front as they end, so the front is the oldest open one.
    while (!m_window.empty() && m_window.front().sendTime + m_queryTimeout <= now)
    {
        QueryRecord record;
        record.outcome = QueryOutcome::LOST;
        Record(m_windowStart, record);
    }
    if (!m_window.empty())
    {
        // Sweep in rounds of an eighth of the time-out rather than once per
        // query: Conclude() applies the time-out exactly, so a late sweep only
        // delays when a loss is reported, never what is reported.
        const Time due = m_window.front().sendTime + m_queryTimeout - now;
        m_timeoutEvent = Simulator::Schedule(std::max(due, m_queryTimeout / 8),
                                             &InferenceClientApplication::ExpireTimedOut,
                                             this);
    }
}

void
InferenceClientApplication::FinishInFlight()
{
    Simulator::Cancel(m_timeoutEvent);
    ExpireTimedOut(); // time-outs already due are losses, not open queries
    Simulator::Cancel(m_timeoutEvent);
    while (!m_window.empty())
    {
        QueryRecord record;
        record.outcome = QueryOutcome::IN_FLIGHT;
        Record(m_windowStart, record);
    }
}

void
InferenceClientApplication::Record(uint64_t queryId, QueryRecord record)
{
    SentQuery& query = m_window[queryId - m_windowStart];
    const ApplicationProfile& profile = m_profiles[query.profileIndex];
    record.clientId = m_clientId;
    record.queryId = queryId;
    record.applicationId = profile.id;
    record.taskId = profile.taskId;
    record.sendTime = query.sendTime;
    record.deadline = profile.deadline;
    query.open = false;
    --m_openCount;
    while (!m_window.empty() && !m_window.front().open)
    {
        m_window.pop_front();
        ++m_windowStart;
    }
    ++m_outcomes[static_cast<uint8_t>(record.outcome)];
    m_outcomeTrace(record);
}

} // namespace ns3
