// SPDX-License-Identifier: GPL-2.0-only
#ifndef INFERENCE_CLIENT_APPLICATION_H
#define INFERENCE_CLIENT_APPLICATION_H

#include "application-profile.h"
#include "inference-query-header.h"
#include "query-record.h"

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Sends inference queries to a scheduler and records how each ends.
 *
 * Queries arrive as a Poisson process, at a constant rate, or in on/off
 * bursts (Poisson while on). Each query belongs to one application drawn
 * from a weighted mix (AddApplication); the application gives its task,
 * deadline, minimum accuracy and payload sizes.
 *
 * Every query ends in exactly one outcome, reported through the Outcome
 * trace: from the response's status and timing, LOST when nothing came back
 * within QueryTimeout, or IN_FLIGHT for those still open when
 * FinishInFlight() is called at the end of a run. Responses that arrive after
 * their query was declared lost are counted as late and otherwise ignored,
 * so no query is counted twice.
 */
class InferenceClientApplication : public Application
{
  public:
    enum ArrivalProcess : uint8_t
    {
        POISSON,  //!< exponential gaps at Rate
        CONSTANT, //!< fixed gaps of 1/Rate
        ON_OFF,   //!< Poisson at Rate during on-periods, silent during off-periods
    };

    static TypeId GetTypeId();
    InferenceClientApplication();
    ~InferenceClientApplication() override;

    /// Adds an application to this client's mix.
    void AddApplication(const ApplicationProfile& profile);
    const std::vector<ApplicationProfile>& GetApplications() const;

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
        bool open; //!< no outcome yet
    };

    void StartApplication() override;
    void StopApplication() override;

    void ScheduleNextQuery();
    Time DrawGap();
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

    std::vector<ApplicationProfile> m_profiles;
    std::vector<double> m_cumulativeWeights;
    Ptr<ExponentialRandomVariable> m_gap;
    Ptr<UniformRandomVariable> m_mix;
    Ptr<Socket> m_socket;
    EventId m_sendEvent;
    EventId m_timeoutEvent;
    Time m_onUntil;

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
