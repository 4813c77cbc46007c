// SPDX-License-Identifier: GPL-2.0-only
#include "client-attachment.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/udp-socket-factory.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ClientAttachment");

ClientAttachment::~ClientAttachment()
{
    Close();
}

void
ClientAttachment::SetReceiveCallback(Callback<void, Ptr<Socket>> receive)
{
    m_receive = receive;
}

bool
ClientAttachment::Attach(Ptr<Node> node, const Address& scheduler)
{
    NS_ABORT_MSG_UNLESS(node, "ClientAttachment::Attach: no node");
    m_scheduler = scheduler;
    for (std::size_t i = 0; i < m_points.size(); ++i)
    {
        if (m_points[i].node == node)
        {
            const bool changed = i != m_current;
            m_current = i;
            return changed;
        }
    }
    Point point;
    point.node = node;
    point.socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    point.socket->Bind();
    Address bound;
    point.socket->GetSockName(bound);
    // Interface 0 is the loopback: a forwarded response goes to the node's first link
    // (a node with none cannot be reached, and forwards nothing that matters).
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    const Ipv4Address address = ipv4 && ipv4->GetNInterfaces() > 1
                                    ? ipv4->GetAddress(1, 0).GetLocal()
                                    : Ipv4Address::GetLoopback();
    point.local = InetSocketAddress(address, InetSocketAddress::ConvertFrom(bound).GetPort());
    point.socket->SetRecvCallback(MakeCallback(&ClientAttachment::HandleRead, this));
    m_points.push_back(point);
    const bool changed = m_points.size() > 1;
    m_current = m_points.size() - 1;
    return changed;
}

bool
ClientAttachment::IsAttached() const
{
    return !m_points.empty();
}

Ptr<Node>
ClientAttachment::GetNode() const
{
    return m_points.empty() ? nullptr : m_points[m_current].node;
}

void
ClientAttachment::Send(Ptr<Packet> packet)
{
    NS_ABORT_MSG_IF(m_points.empty(), "ClientAttachment::Send before Attach");
    m_points[m_current].socket->SendTo(packet, 0, m_scheduler);
}

uint64_t
ClientAttachment::GetForwardedCount() const
{
    return m_forwarded;
}

void
ClientAttachment::Close()
{
    for (auto& point : m_points)
    {
        point.socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        point.socket->Close();
    }
    m_points.clear();
    m_current = 0;
}

void
ClientAttachment::HandleRead(Ptr<Socket> socket)
{
    const Point& current = m_points[m_current];
    if (socket == current.socket)
    {
        if (!m_receive.IsNull())
        {
            m_receive(socket);
        }
        return;
    }
    // A node the client has left: its responses go on to the current node.
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        ++m_forwarded;
        NS_LOG_LOGIC("forwarding " << packet->GetSize() << " bytes to " << current.local);
        socket->SendTo(packet, 0, current.local);
    }
}

} // namespace ns3
