// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_HEADER_READER_H
#define ASET_HEADER_READER_H

#include "aset-types.h"

#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup aset
 * Removes a header of type \p H from the front of \p packet if, and only if,
 * the packet holds a complete and valid one; otherwise the packet is left as
 * it was and the result says why. \p H provides kMinimumSize (bytes needed
 * before its Deserialize may run) and Validate(), which reports what
 * Deserialize found. Applications read our headers only through here, so a
 * packet off the wire is never trusted and never crashes a node.
 */
template <typename H>
HeaderReadResult
ReadAsetHeader(Ptr<Packet> packet, H& header)
{
    if (packet->GetSize() < H::kMinimumSize)
    {
        return HeaderReadResult::TRUNCATED;
    }
    packet->PeekHeader(header);
    const HeaderReadResult result = header.Validate();
    if (result == HeaderReadResult::OK)
    {
        packet->RemoveAtStart(header.GetSerializedSize());
    }
    return result;
}

} // namespace ns3

#endif // ASET_HEADER_READER_H
