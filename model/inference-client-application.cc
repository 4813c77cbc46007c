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
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("InferenceClientApplication");

namespace
{
/// A residential day in 24 hourly steps from midnight, peak 1 (doc/aset.rst, Workloads).
const char* const kDefaultDiurnalProfile =
    "0.55,0.40,0.30,0.25,0.22,0.25,0.35,0.50,0.62,0.68,0.72,0.75,"
    "0.78,0.78,0.76,0.76,0.80,0.85,0.90,0.95,1.00,1.00,0.90,0.72";
} // namespace
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
            .AddAttribute(
                "ArrivalProcess",
                "How query arrivals are spaced.",
                EnumValue(POISSON),
                ASET_ENUM_ACCESSOR(ArrivalProcess, &InferenceClientApplication::m_arrivalProcess),
                MakeEnumChecker(POISSON,
                                "poisson",
                                CONSTANT,
                                "constant",
                                ON_OFF,
                                "on-off",
                                MMPP,
                                "mmpp",
                                TRACE,
                                "trace"))
            .AddAttribute("Rate",
                          "Queries per second (during on-periods, for on-off; before the MMPP "
                          "state's, the diurnal and the flash-crowd multipliers).",
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
            .AddAttribute("MmppStates",
                          "States of the Markov-modulated process (ArrivalProcess=mmpp): "
                          "comma-separated 'factor:meanSeconds' pairs; in a state, queries "
                          "arrive as Poisson at Rate times its factor, for an exponential time "
                          "of its mean, then the next state is drawn uniformly among the others.",
                          StringValue("1:1,4:0.25"),
                          MakeStringAccessor(&InferenceClientApplication::SetMmppStatesText,
                                             &InferenceClientApplication::GetMmppStatesText),
                          MakeStringChecker())
            .AddAttribute("DiurnalPeriod",
                          "Length of the compressed day of the diurnal profile (0: no profile).",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&InferenceClientApplication::m_diurnalPeriod),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("DiurnalProfile",
                          "Rate multipliers at equal steps over DiurnalPeriod, from the client's "
                          "start, interpolated linearly and cyclically (comma-separated). "
                          "The default is 24 hourly values of a residential day, peak 1 at "
                          "20:00-21:00, trough 0.22 at 04:00, mean 0.658.",
                          StringValue(kDefaultDiurnalProfile),
                          MakeStringAccessor(&InferenceClientApplication::SetDiurnalProfileText,
                                             &InferenceClientApplication::GetDiurnalProfileText),
                          MakeStringChecker())
            .AddAttribute("FlashCrowdStart",
                          "When the flash crowd starts ramping up, after the client's start.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&InferenceClientApplication::m_flashStart),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("FlashCrowdRamp",
                          "Time over which the flash crowd rises to its factor, and falls back.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&InferenceClientApplication::m_flashRamp),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("FlashCrowdDuration",
                          "Time the flash crowd stays at its full factor, between the ramps.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&InferenceClientApplication::m_flashDuration),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("FlashCrowdFactor",
                          "Rate multiplier at the flash crowd's height (1: no flash crowd).",
                          DoubleValue(1),
                          MakeDoubleAccessor(&InferenceClientApplication::m_flashFactor),
                          MakeDoubleChecker<double>(0))
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
      m_mix(CreateObject<UniformRandomVariable>()),
      m_thin(CreateObject<UniformRandomVariable>()),
      m_stateTime(CreateObject<ExponentialRandomVariable>()),
      m_stateChoice(CreateObject<UniformRandomVariable>())
{
}

InferenceClientApplication::~InferenceClientApplication() = default;

void
InferenceClientApplication::DoDispose()
{
    m_attachment.Close();
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

namespace
{
/// Splits \p text at commas into numbers; aborts naming \p what on anything else.
std::vector<std::vector<double>>
ParseNumberGroups(const std::string& text, const char* what)
{
    std::vector<std::vector<double>> groups;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ','))
    {
        std::vector<double> numbers;
        std::istringstream parts(item);
        std::string part;
        while (std::getline(parts, part, ':'))
        {
            char* end = nullptr;
            const double value = std::strtod(part.c_str(), &end);
            NS_ABORT_MSG_IF(part.empty() || end == part.c_str() || *end != '\0' ||
                                !std::isfinite(value),
                            what << ": expected numbers, got '" << text << "'");
            numbers.push_back(value);
        }
        groups.push_back(numbers);
    }
    return groups;
}

std::string
FormatNumber(double value)
{
    std::ostringstream os;
    os << value;
    return os.str();
}
} // namespace

void
InferenceClientApplication::SetMmppStates(const std::vector<MmppState>& states)
{
    NS_ABORT_MSG_IF(states.size() < 2, "MmppStates: an MMPP needs at least two states");
    bool anyPositive = false;
    for (const auto& state : states)
    {
        NS_ABORT_MSG_IF(!(state.rateFactor >= 0) || !(state.meanSeconds > 0),
                        "MmppStates: factors must be at least 0 and mean durations positive");
        anyPositive = anyPositive || state.rateFactor > 0;
    }
    NS_ABORT_MSG_UNLESS(anyPositive, "MmppStates: at least one factor must be positive");
    m_mmppStates = states;
}

const std::vector<InferenceClientApplication::MmppState>&
InferenceClientApplication::GetMmppStates() const
{
    return m_mmppStates;
}

std::string
InferenceClientApplication::GetMmppStatesText() const
{
    std::string text;
    for (const auto& state : m_mmppStates)
    {
        text += (text.empty() ? "" : ",") + FormatNumber(state.rateFactor) + ":" +
                FormatNumber(state.meanSeconds);
    }
    return text;
}

void
InferenceClientApplication::SetMmppStatesText(std::string text)
{
    std::vector<MmppState> states;
    for (const auto& group : ParseNumberGroups(text, "MmppStates"))
    {
        NS_ABORT_MSG_IF(group.size() != 2,
                        "MmppStates: expected 'factor:meanSeconds' pairs, got '" << text << "'");
        states.push_back({group[0], group[1]});
    }
    SetMmppStates(states);
}

void
InferenceClientApplication::SetDiurnalProfile(const std::vector<double>& multipliers)
{
    NS_ABORT_MSG_IF(multipliers.empty(), "DiurnalProfile: needs at least one multiplier");
    NS_ABORT_MSG_IF(
        std::any_of(multipliers.begin(), multipliers.end(), [](double m) { return !(m >= 0); }) ||
            *std::max_element(multipliers.begin(), multipliers.end()) <= 0,
        "DiurnalProfile: multipliers must be at least 0, one of them positive");
    m_diurnalProfile = multipliers;
}

const std::vector<double>&
InferenceClientApplication::GetDiurnalProfile() const
{
    return m_diurnalProfile;
}

std::string
InferenceClientApplication::GetDiurnalProfileText() const
{
    std::string text;
    for (double m : m_diurnalProfile)
    {
        text += (text.empty() ? "" : ",") + FormatNumber(m);
    }
    return text;
}

void
InferenceClientApplication::SetDiurnalProfileText(std::string text)
{
    std::vector<double> multipliers;
    for (const auto& group : ParseNumberGroups(text, "DiurnalProfile"))
    {
        NS_ABORT_MSG_IF(group.size() != 1,
                        "DiurnalProfile: expected numbers, got '" << text << "'");
        multipliers.push_back(group[0]);
    }
    SetDiurnalProfile(multipliers);
}

std::vector<double>
InferenceClientApplication::GetDefaultDiurnalProfile()
{
    std::vector<double> multipliers;
    for (const auto& group : ParseNumberGroups(kDefaultDiurnalProfile, "DiurnalProfile"))
    {
        multipliers.push_back(group.at(0));
    }
    return multipliers;
}

double
InferenceClientApplication::GetRateMultiplier(Time sinceStart) const
{
    double multiplier = 1;
    if (m_diurnalPeriod.IsStrictlyPositive())
    {
        const double day = sinceStart.GetSeconds() / m_diurnalPeriod.GetSeconds();
        const double position = (day - std::floor(day)) * m_diurnalProfile.size();
        const auto step =
            std::min<std::size_t>(static_cast<std::size_t>(position), m_diurnalProfile.size() - 1);
        const double within = position - step;
        multiplier = m_diurnalProfile[step] * (1 - within) +
                     m_diurnalProfile[(step + 1) % m_diurnalProfile.size()] * within;
    }
    // Before the crowd starts the factor is 1; GetSeconds() of the negative time
    // to its start would shift a negative integer left inside ns-3's int64x64_t.
    if (m_flashFactor != 1 && sinceStart >= m_flashStart)
    {
        const double u = (sinceStart - m_flashStart).GetSeconds();
        const double ramp = m_flashRamp.GetSeconds();
        const double top = ramp + m_flashDuration.GetSeconds();
        double rise = 0; // 0 outside the crowd, 1 at its height
        if (u >= 0 && u < ramp)
        {
            rise = u / ramp;
        }
        else if (u >= ramp && u < top)
        {
            rise = 1;
        }
        else if (u >= top && u < top + ramp)
        {
            rise = (top + ramp - u) / ramp;
        }
        multiplier *= 1 + (m_flashFactor - 1) * rise;
    }
    return multiplier;
}

void
InferenceClientApplication::SetTrace(std::vector<TraceEntry> trace)
{
    NS_ABORT_MSG_UNLESS(std::is_sorted(trace.begin(),
                                       trace.end(),
                                       [](const TraceEntry& a, const TraceEntry& b) {
                                           return a.offset < b.offset;
                                       }),
                        "client " << m_clientId << ": the trace must be sorted by time");
    m_trace = std::move(trace);
}

void
InferenceClientApplication::Attach(Ptr<Node> accessNode, const Address& scheduler)
{
    const Address remote = Ipv4Address::IsMatchingType(scheduler)
                               ? Address(InetSocketAddress(Ipv4Address::ConvertFrom(scheduler),
                                                           m_remotePort))
                               : scheduler;
    const bool wasAttached = m_attachment.IsAttached();
    m_attachment.SetReceiveCallback(MakeCallback(&InferenceClientApplication::HandleRead, this));
    if (m_attachment.Attach(accessNode, remote) && wasAttached)
    {
        ++m_handovers;
    }
}

Ptr<Node>
InferenceClientApplication::GetAccessNode() const
{
    return m_attachment.GetNode();
}

uint64_t
InferenceClientApplication::GetHandoverCount() const
{
    return m_handovers;
}

uint64_t
InferenceClientApplication::GetForwardedCount() const
{
    return m_attachment.GetForwardedCount();
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
    m_thin->SetStream(stream + 4);
    m_stateTime->SetStream(stream + 5);
    m_stateChoice->SetStream(stream + 6);
    return 7;
}

void
InferenceClientApplication::StartApplication()
{
    NS_ABORT_MSG_IF(m_profiles.empty(), "client " << m_clientId << " has no application mix");
    if (!m_attachment.IsAttached())
    {
        Attach(GetNode(), m_remote);
    }
    m_startedAt = Simulator::Now();
    if (m_arrivalProcess == TRACE)
    {
        for (const auto& entry : m_trace)
        {
            NS_ABORT_MSG_IF(entry.profile >= m_profiles.size(),
                            "client " << m_clientId << ": a trace entry names application "
                                      << entry.profile << " of " << m_profiles.size());
        }
        m_traceNext = 0;
        if (!m_trace.empty())
        {
            m_sendEvent = Simulator::Schedule(m_trace.front().offset,
                                              &InferenceClientApplication::SendQuery,
                                              this);
        }
        return;
    }
    UpdateModulation();
    m_onUntil = Time::Max();
    if (m_arrivalProcess == ON_OFF)
    {
        m_onUntil = Simulator::Now() + Seconds(m_onTime->GetValue());
    }
    else if (m_arrivalProcess == MMPP)
    {
        NS_ABORT_MSG_IF(m_mmppStates.empty(), "client " << m_clientId << ": no MMPP states");
        EnterMmppState(Simulator::Now(), true);
    }
    ScheduleNextQuery();
}

void
InferenceClientApplication::UpdateModulation()
{
    m_modulated = m_diurnalPeriod.IsStrictlyPositive() || m_flashFactor != 1;
    m_modulationMax = 1;
    if (m_diurnalPeriod.IsStrictlyPositive())
    {
        NS_ABORT_MSG_IF(m_diurnalProfile.empty(),
                        "client " << m_clientId << ": no diurnal profile");
        m_modulationMax = *std::max_element(m_diurnalProfile.begin(), m_diurnalProfile.end());
    }
    m_modulationMax *= std::max(m_flashFactor, 1.0);
    NS_ABORT_MSG_IF(
        m_modulated && m_arrivalProcess == CONSTANT,
        "client " << m_clientId
                  << ": a diurnal profile or flash crowd needs a random arrival process");
    NS_ABORT_MSG_IF(m_flashFactor != 1 && m_flashRamp.IsZero() && m_flashDuration.IsZero(),
                    "client " << m_clientId << ": a flash crowd needs a ramp or a duration");
}

void
InferenceClientApplication::StopApplication()
{
    // Only the generation stops: responses to queries already sent are still
    // received, so that they end in an outcome rather than in_flight.
    Simulator::Cancel(m_sendEvent);
}

Time
InferenceClientApplication::DrawGap(double factor)
{
    return m_arrivalProcess == CONSTANT ? Seconds(1.0 / (m_rate * factor))
                                        : Seconds(m_gap->GetValue(1.0 / (m_rate * factor), 0));
}

void
InferenceClientApplication::EnterMmppState(Time at, bool first)
{
    if (first)
    {
        // Start in the stationary distribution: each state for its share of the time.
        double total = 0;
        for (const auto& state : m_mmppStates)
        {
            total += state.meanSeconds;
        }
        double pick = m_stateChoice->GetValue(0, total);
        m_mmppState = 0;
        while (m_mmppState + 1 < m_mmppStates.size() &&
               pick >= m_mmppStates[m_mmppState].meanSeconds)
        {
            pick -= m_mmppStates[m_mmppState].meanSeconds;
            ++m_mmppState;
        }
    }
    else
    {
        // Uniformly among the other states.
        const auto others = static_cast<uint32_t>(m_mmppStates.size() - 1);
        const uint32_t step = 1 + std::min(m_stateChoice->GetInteger(0, others - 1), others - 1);
        m_mmppState = (m_mmppState + step) % m_mmppStates.size();
    }
    m_onUntil = at + Seconds(m_stateTime->GetValue(m_mmppStates[m_mmppState].meanSeconds, 0));
}

Time
InferenceClientApplication::NextArrival(Time from, double factor)
{
    if (m_arrivalProcess == MMPP)
    {
        // Memoryless within a state: an arrival past the state's end is
        // redrawn from there at the next state's rate.
        for (;;)
        {
            const double stateFactor = m_mmppStates[m_mmppState].rateFactor;
            const Time next = stateFactor > 0 ? from + DrawGap(factor * stateFactor) : Time::Max();
            if (next <= m_onUntil)
            {
                return next;
            }
            from = m_onUntil;
            EnterMmppState(from, false);
        }
    }
    Time next = from + DrawGap(factor);
    // Arrivals are memoryless, so an arrival that would fall in an off-period
    // is redrawn from the start of the next on-period.
    while (next > m_onUntil)
    {
        const Time onStart = m_onUntil + Seconds(m_offTime->GetValue());
        m_onUntil = onStart + Seconds(m_onTime->GetValue());
        next = onStart + DrawGap(factor);
    }
    return next;
}

void
InferenceClientApplication::ScheduleNextQuery()
{
    if (m_maxQueries > 0 && m_nextQueryId >= m_maxQueries)
    {
        return;
    }
    Time next;
    if (m_arrivalProcess == TRACE)
    {
        if (m_traceNext >= m_trace.size())
        {
            return;
        }
        next = std::max(m_startedAt + m_trace[m_traceNext].offset, Simulator::Now());
    }
    else if (!m_modulated)
    {
        next = NextArrival(Simulator::Now(), 1);
    }
    else
    {
        // Thinning: candidates at the highest modulated rate, each kept with
        // probability m(t) / max m.
        next = NextArrival(Simulator::Now(), m_modulationMax);
        while (m_thin->GetValue(0, m_modulationMax) >= GetRateMultiplier(next - m_startedAt))
        {
            next = NextArrival(next, m_modulationMax);
        }
    }
    m_sendEvent = Simulator::Schedule(next - Simulator::Now(),
                                      &InferenceClientApplication::SendQuery,
                                      this);
}

void
InferenceClientApplication::SendQuery()
{
    uint16_t profileIndex;
    if (m_arrivalProcess == TRACE)
    {
        profileIndex = m_trace[m_traceNext++].profile;
    }
    else
    {
        const double pick = m_mix->GetValue(0.0, m_cumulativeWeights.back());
        profileIndex = static_cast<uint16_t>(std::min<std::size_t>(
            std::upper_bound(m_cumulativeWeights.begin(), m_cumulativeWeights.end(), pick) -
                m_cumulativeWeights.begin(),
            m_profiles.size() - 1));
    }
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

    m_window.push_back({header.clientSendTime, profileIndex, true, m_handovers});
    ++m_openCount;
    if (!ASET_EVENT_PENDING(m_timeoutEvent))
    {
        m_timeoutEvent = Simulator::Schedule(m_queryTimeout,
                                             &InferenceClientApplication::ExpireTimedOut,
                                             this);
    }
    m_txTrace(header);
    m_attachment.Send(header.MakePacket(profile.requestSize));
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
    record.handedOver = query.handovers != m_handovers;
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
