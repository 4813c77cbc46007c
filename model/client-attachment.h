// SPDX-License-Identifier: GPL-2.0-only
#ifndef CLIENT_ATTACHMENT_H
#define CLIENT_ATTACHMENT_H

#include "ns3/address.h"
#include "ns3/callback.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/socket.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Where a client's queries enter the network: a UDP socket on its
 * access node, sending to that node's scheduler.
 *
 * A client that moves (NearestAccessHandover) is attached to one access node
 * at a time and keeps a socket on every node it has been attached to, because
 * a response goes back to the node its query was sent from. A response that
 * reaches a node the client has left is forwarded from there to the client's
 * current node, as a packet through the network, the way LTE's X2 and 5G's Xn
 * interfaces forward a handed-over user's downlink data: it arrives later by
 * the detour, or not at all if the network loses it. The client's outcome
 * rules then apply unchanged, so every query still ends in exactly one outcome.
 */
class ClientAttachment
{
  public:
    ClientAttachment() = default;
    ClientAttachment(const ClientAttachment&) = delete;
    ClientAttachment& operator=(const ClientAttachment&) = delete;
    ~ClientAttachment();

    /// Called with the socket of the current node when packets arrive there.
    void SetReceiveCallback(Callback<void, Ptr<Socket>> receive);

    /**
     * Sends from \p node to \p scheduler (an InetSocketAddress) from now on,
     * opening a socket on \p node at its first visit. Returns true when the
     * node changed (false for the node the client is already attached to).
     */
    bool Attach(Ptr<Node> node, const Address& scheduler);

    bool IsAttached() const;
    /// The node the client is attached to (null before Attach()).
    Ptr<Node> GetNode() const;

    /// Sends \p packet from the current node to its scheduler.
    void Send(Ptr<Packet> packet);

    /// Responses forwarded from a node the client had left.
    uint64_t GetForwardedCount() const;

    /// Closes every socket.
    void Close();

  private:
    /// A node the client has been attached to.
    struct Point
    {
        Ptr<Node> node;
        Ptr<Socket> socket;
        Address local; //!< the socket's address, where forwarded responses go
    };

    void HandleRead(Ptr<Socket> socket);

    std::vector<Point> m_points;
    std::size_t m_current{0};
    Address m_scheduler;
    Callback<void, Ptr<Socket>> m_receive;
    uint64_t m_forwarded{0};
};

} // namespace ns3

#endif // CLIENT_ATTACHMENT_H
