// SPDX-License-Identifier: GPL-2.0-only
#ifndef SCHEDULER_APPLICATION_H
#define SCHEDULER_APPLICATION_H

#include "inference-query-header.h"
#include "model-catalogue.h"
#include "pool-view.h"
#include "scheduling-policy.h"

#include "ns3/application.h"
#include "ns3/net-device.h"
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
 * Clusters answer the client directly, and the response crosses the
 * client's gateway on its way back (as with a load balancer in
 * direct-server-return mode). The scheduler watches the packets its gateway
 * forwards, and takes from those responses a round-trip sample and the
 * outcome. With the clusters' load beacons (BeaconPort), that is all it
 * knows of the pool: it never reads another node's objects. A query with no
 * feasible instance is answered at once with a REJECTED response that names
 * the reason.
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

    /// What a policy is told of the query \p header arriving at \p now.
    static QueryContext GetQueryContext(const InferenceQueryHeader& header, Time now);

    SchedulerApplication();
    ~SchedulerApplication() override;

    void SetCatalogue(Ptr<ModelCatalogue> catalogue);
    Ptr<SchedulingPolicy> GetPolicy();
    const PoolView& GetPoolView() const;

    uint16_t GetSchedulerId() const;
    uint64_t GetForwardedCount() const;
    uint64_t GetRejectedCount() const;
    uint64_t GetMalformedCount() const;
    /// Responses seen on their way back through the gateway.
    uint64_t GetObservedResponseCount() const;

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
    /// Sees every IPv4 packet the gateway receives; learns from our clusters' responses.
    void Watch(Ptr<NetDevice> device,
               Ptr<const Packet> packet,
               uint16_t protocol,
               const Address& from,
               const Address& to,
               NetDevice::PacketType type);
    void RefuseMalformed(Ptr<const Packet> packet, const Address& from, const std::string& why);

    uint16_t m_port;
    uint16_t m_beaconPort;
    uint16_t m_schedulerId;
    std::string m_policyTypeName;
    Time m_staleAfter;
    Time m_responseTimeout;
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
    uint64_t m_observedResponses{0};
    TracedCallback<Ptr<const Packet>, const Address&> m_malformedTrace;
};

} // namespace ns3

#endif // SCHEDULER_APPLICATION_H
