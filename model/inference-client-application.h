// SPDX-License-Identifier: GPL-2.0-only
#ifndef INFERENCE_CLIENT_APPLICATION_H
#define INFERENCE_CLIENT_APPLICATION_H

#include "application-profile.h"
#include "client-attachment.h"
#include "inference-query-header.h"
#include "query-record.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Sends inference queries to a scheduler and records how each ends.
 *
 * Queries arrive as a Poisson process, at a constant rate, in on/off
 * bursts (Poisson while on), as a Markov-modulated Poisson process (MMPP:
 * Poisson at Rate times the current state's multiplier, exponential state
 * durations, the next state drawn uniformly among the others), or replayed
 * from a trace (SetTrace). The Poisson, on/off and MMPP processes can be
 * modulated in time by a diurnal profile (DiurnalPeriod, DiurnalProfile)
 * and a flash crowd (FlashCrowd*), by thinning: candidates are drawn at the
 * highest modulated rate and kept with probability m(t) / max m. Times of the
 * modulation count from the client's start. Each query belongs to one
 * application drawn from a weighted mix (AddApplication), or named by the
 * trace; the application gives its task, deadline, minimum accuracy and
 * payload sizes.
 *
 * Every query ends in exactly one outcome, reported through the Outcome
 * trace: from the response's status and timing, LOST when nothing came back
 * within QueryTimeout, or IN_FLIGHT for those still open when
 * FinishInFlight() is called at the end of a run. Responses that arrive after
 * their query was declared lost are counted as late and otherwise ignored,
 * so no query is counted twice.
 *
 * The client sends from the node it is installed on to Remote, unless
 * Attach() names another access node and scheduler: a moving user's client
 * (NearestAccessHandover) runs on the user's node and is attached to one
 * access node at a time. Responses to queries sent before a handover are
 * forwarded to the new access node (ClientAttachment); their records say
 * that the client moved while they were open (QueryRecord::handedOver).
 */
class InferenceClientApplication : public Application
{
  public:
    enum ArrivalProcess : uint8_t
    {
        POISSON,  //!< exponential gaps at Rate
        CONSTANT, //!< fixed gaps of 1/Rate
        ON_OFF,   //!< Poisson at Rate during on-periods, silent during off-periods
        MMPP,     //!< Poisson at Rate times the current Markov state's multiplier
        TRACE,    //!< the queries set by SetTrace, at their times
    };

    /// A state of the Markov-modulated process.
    struct MmppState
    {
        double rateFactor;  //!< multiplies Rate while in this state (0: silent)
        double meanSeconds; //!< mean of the state's exponential duration
    };

    /// A query to replay: when (after the client's start) and which application.
    struct TraceEntry
    {
        Time offset;      //!< from the client's start
        uint16_t profile; //!< index of the application, in AddApplication order
    };

    static TypeId GetTypeId();
    InferenceClientApplication();
    ~InferenceClientApplication() override;

    /// Adds an application to this client's mix.
    void AddApplication(const ApplicationProfile& profile);
    const std::vector<ApplicationProfile>& GetApplications() const;

    /// Sets the MMPP states (ArrivalProcess=mmpp); aborts unless there are at
    /// least two, with non-negative factors, one positive, and positive means.
    void SetMmppStates(const std::vector<MmppState>& states);
    const std::vector<MmppState>& GetMmppStates() const;
    /// The states as text, "factor:meanSeconds" pairs separated by commas ("1:10,4:2").
    std::string GetMmppStatesText() const;
    void SetMmppStatesText(std::string text);

    /// Sets the diurnal profile: multipliers at equal steps over DiurnalPeriod,
    /// interpolated linearly and cyclically; non-negative, one positive.
    void SetDiurnalProfile(const std::vector<double>& multipliers);
    const std::vector<double>& GetDiurnalProfile() const;
    std::string GetDiurnalProfileText() const;
    void SetDiurnalProfileText(std::string text);
    /// The shipped diurnal shape: 24 hourly multipliers, peak 1 (doc/aset.rst).
    static std::vector<double> GetDefaultDiurnalProfile();

    /**
     * The rate multiplier of the diurnal profile and flash crowd at \p
     * sinceStart after the client's start (1 when neither is set).
     */
    double GetRateMultiplier(Time sinceStart) const;

    /// Queries to replay (ArrivalProcess=trace), sorted by offset.
    void SetTrace(std::vector<TraceEntry> trace);

    /**
     * Sends the next queries from \p accessNode to the scheduler at \p
     * scheduler (an InetSocketAddress, or an Ipv4Address at RemotePort).
     * Before the client starts, this replaces its own node and Remote; after,
     * it is a handover when the node changes.
     */
    void Attach(Ptr<Node> accessNode, const Address& scheduler);
    /// The access node the client sends from (null before it starts or is attached).
    Ptr<Node> GetAccessNode() const;
    /// Times the client changed access node after its first attachment.
    uint64_t GetHandoverCount() const;
    /// Responses that reached an access node the client had left and were forwarded.
    uint64_t GetForwardedCount() const;

    /// Reports every still-open query as IN_FLIGHT; call once, after the simulation has run.
    void FinishInFlight();

    uint32_t GetClientId() const;
    uint64_t GetSentCount() const;
    uint64_t GetOpenCount() const;
    uint64_t GetLateResponseCount() const;
    uint64_t GetMalformedCount() const;
    const OutcomeCounts& GetOutcomeCounts() const;

    /// Assigns fixed random streams, starting at \p stream; returns how many were used.
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /// A sent query, kept until it ends.
    struct SentQuery
    {
        Time sendTime;
        uint16_t profileIndex;
        bool open;          //!< no outcome yet
        uint64_t handovers; //!< the client's handovers when it was sent
    };

    void StartApplication() override;
    void StopApplication() override;

    void ScheduleNextQuery();
    /// The next arrival after \p from of the unmodulated process at \p factor times its rate.
    Time NextArrival(Time from, double factor);
    Time DrawGap(double factor);
    /// Enters an MMPP state (\p first: drawn in proportion to mean durations) from \p at.
    void EnterMmppState(Time at, bool first);
    void UpdateModulation();
    void SendQuery();
    void HandleRead(Ptr<Socket> socket);
    void Conclude(const InferenceQueryHeader& response);
    void ExpireTimedOut();
    /// Ends query \p queryId with \p record, once; drops ended queries off the window's front.
    void Record(uint64_t queryId, QueryRecord record);
    /// The query \p queryId if it is still open, else nullptr.
    SentQuery* FindOpen(uint64_t queryId);

    // Attributes
    Address m_remote;
    uint16_t m_remotePort;
    uint32_t m_clientId;
    ArrivalProcess m_arrivalProcess;
    double m_rate;
    Ptr<RandomVariableStream> m_onTime;
    Ptr<RandomVariableStream> m_offTime;
    Time m_queryTimeout;
    uint64_t m_maxQueries;
    std::vector<MmppState> m_mmppStates;
    Time m_diurnalPeriod;
    std::vector<double> m_diurnalProfile;
    Time m_flashStart;
    Time m_flashDuration;
    Time m_flashRamp;
    double m_flashFactor;

    std::vector<ApplicationProfile> m_profiles;
    std::vector<double> m_cumulativeWeights;
    Ptr<ExponentialRandomVariable> m_gap;
    Ptr<UniformRandomVariable> m_mix;
    Ptr<UniformRandomVariable> m_thin;          //!< thinning of modulated arrivals
    Ptr<ExponentialRandomVariable> m_stateTime; //!< MMPP state durations
    Ptr<UniformRandomVariable> m_stateChoice;   //!< MMPP next state
    ClientAttachment m_attachment;
    uint64_t m_handovers{0};
    EventId m_sendEvent;
    EventId m_timeoutEvent;
    Time m_onUntil; //!< end of the on-period (on-off) or of the MMPP state; else Time::Max()
    std::size_t m_mmppState{0};
    Time m_startedAt;
    double m_modulationMax{1}; //!< bound of GetRateMultiplier; thinning only when modulated
    bool m_modulated{false};
    std::vector<TraceEntry> m_trace;
    std::size_t m_traceNext{0};

    uint64_t m_nextQueryId{0};
    /// Queries m_windowStart .. m_nextQueryId - 1, oldest first. Ids are
    /// sequential, so lookup is an index, and the oldest open query is the
    /// first to time out: one timer serves them all.
    std::deque<SentQuery> m_window;
    uint64_t m_windowStart{0};
    uint64_t m_openCount{0};
    OutcomeCounts m_outcomes{};
    uint64_t m_lateResponses{0};
    uint64_t m_malformed{0};

    TracedCallback<const InferenceQueryHeader&> m_txTrace;
    TracedCallback<const QueryRecord&> m_outcomeTrace;
    TracedCallback<Ptr<const Packet>, const Address&> m_malformedTrace;
};

} // namespace ns3

#endif // INFERENCE_CLIENT_APPLICATION_H
