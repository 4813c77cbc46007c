// SPDX-License-Identifier: GPL-2.0-only
#ifndef SCHEDULER_APPLICATION_H
#define SCHEDULER_APPLICATION_H

#include "inference-query-header.h"
#include "model-catalogue.h"
#include "pool-view.h"
#include "scheduling-policy.h"

#include "ns3/application.h"
#include "ns3/object-factory.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

namespace ns3
{

/**
 * \ingroup aset
 * \brief The scheduler on an edge gateway: takes each query from its
 * clients, asks its SchedulingPolicy where to serve it, and forwards it.
 *
 * The scheduler knows the pool only through the network: the clusters' load
 * beacons (BeaconPort) and the responses it relays back to the clients,
 * which give it round-trip samples and observed outcomes. It never reads
 * another node's objects. A query with no feasible instance is answered at
 * once with a REJECTED response that names the reason.
 *
 * The policy is chosen by its TypeId name (Policy attribute), e.g.
 * "ns3::ClosestPolicy"; GetPolicy() returns it for further configuration.
 */
class SchedulerApplication : public Application
{
  public:
    /// Signature of the Decision trace: the query as forwarded, with its target filled in.
    typedef void (*DecisionTracedCallback)(const InferenceQueryHeader& header);

    static TypeId GetTypeId();
    SchedulerApplication();
    ~SchedulerApplication() override;

    void SetCatalogue(Ptr<ModelCatalogue> catalogue);
    Ptr<SchedulingPolicy> GetPolicy();
    const PoolView& GetPoolView() const;

    uint16_t GetSchedulerId() const;
    uint64_t GetForwardedCount() const;
    uint64_t GetRejectedCount() const;
    uint64_t GetMalformedCount() const;

    /// Assigns fixed random streams to the policy, starting at \p stream.
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;

    void HandleQueryRead(Ptr<Socket> socket);
    void HandleBeaconRead(Ptr<Socket> socket);
    void Schedule(Ptr<Packet> payload, InferenceQueryHeader header, const Address& from);
    void Relay(Ptr<Packet> payload, const InferenceQueryHeader& response);
    void RefuseMalformed(Ptr<const Packet> packet, const Address& from, const std::string& why);

    uint16_t m_port;
    uint16_t m_beaconPort;
    uint16_t m_schedulerId;
    std::string m_policyTypeName;
    Time m_staleAfter;
    double m_rttGain;
    double m_successGain;

    Ptr<ModelCatalogue> m_catalogue;
    Ptr<SchedulingPolicy> m_policy;
    PoolView m_pool;
    Ptr<Socket> m_socket;
    Ptr<Socket> m_beaconSocket;

    uint64_t m_forwarded{0};
    uint64_t m_rejected{0};
    uint64_t m_malformed{0};

    TracedCallback<const InferenceQueryHeader&> m_decisionTrace;
    TracedCallback<const InferenceQueryHeader&> m_rejectTrace;
    TracedCallback<const InferenceQueryHeader&> m_responseTrace;
    TracedCallback<Ptr<const Packet>, const Address&> m_malformedTrace;
};

} // namespace ns3

#endif // SCHEDULER_APPLICATION_H
