// SPDX-License-Identifier: GPL-2.0-only
#ifndef NEAREST_ACCESS_HANDOVER_H
#define NEAREST_ACCESS_HANDOVER_H

#include "inference-client-application.h"

#include "ns3/address.h"
#include "ns3/event-id.h"
#include "ns3/mobility-model.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Keeps a moving user's client attached to its nearest access node.
 *
 * Every CheckInterval it compares the user's position (its MobilityModel)
 * with the access nodes' (theirs), and hands the client over
 * (InferenceClientApplication::Attach) to the nearest one when that is
 * closer than the current one by more than Hysteresis metres, so that a user
 * on a cell border does not flap between two nodes. After a handover the
 * client's next queries enter the network at the new node and go to that
 * node's scheduler; responses still open come back through the old node,
 * which forwards them (ClientAttachment).
 */
class NearestAccessHandover : public Object
{
  public:
    static TypeId GetTypeId();
    NearestAccessHandover();
    ~NearestAccessHandover() override;

    /// Adds a candidate access node, which needs a MobilityModel, and the scheduler its clients
    /// send to (an InetSocketAddress, or an Ipv4Address at the client's RemotePort).
    void AddAccessNode(Ptr<Node> node, const Address& scheduler);
    /// The client to move, and the mobility model of the user it belongs to.
    void SetUser(Ptr<InferenceClientApplication> client, Ptr<MobilityModel> user);

    /// Attaches the client to its nearest access node now, then checks every CheckInterval.
    void Start();

    /// Index of the current access node, in AddAccessNode order.
    uint32_t GetAccessIndex() const;
    uint64_t GetHandoverCount() const;

    /// Signature of the Handover trace: the client, the old and the new access node's index.
    typedef void (*HandoverTracedCallback)(uint32_t clientId, uint32_t from, uint32_t to);

  protected:
    void DoDispose() override;

  private:
    /// The nearest access node to the user now.
    uint32_t FindNearest() const;
    double DistanceTo(uint32_t access) const;
    void Check();

    Time m_checkInterval;
    double m_hysteresis;

    std::vector<Ptr<Node>> m_nodes;
    std::vector<Ptr<MobilityModel>> m_positions;
    std::vector<Address> m_schedulers;
    Ptr<InferenceClientApplication> m_client;
    Ptr<MobilityModel> m_user;
    uint32_t m_current{0};
    uint64_t m_handovers{0};
    EventId m_checkEvent;
    TracedCallback<uint32_t, uint32_t, uint32_t> m_handoverTrace;
};

} // namespace ns3

#endif // NEAREST_ACCESS_HANDOVER_H
