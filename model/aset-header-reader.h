// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_HEADER_READER_H
#define ASET_HEADER_READER_H

#include "aset-types.h"

#include "ns3/packet.h"

namespace ns3
{

/**
 * The latest time a header may carry, in nanoseconds: 1e9 s, as in input
 * files. Validate() calls a header with a later or a negative time BAD_FIELD,
 * so that the sums and differences of a few of its times stay within a
 * Time's 64 bits.
 */
constexpr int64_t kMaxHeaderTimeNs = 1000000000000000000;

/// Whether \p nanoseconds is a time a header may carry: from 0 to kMaxHeaderTimeNs.
constexpr bool
IsValidHeaderTime(int64_t nanoseconds)
{
    return nanoseconds >= 0 && nanoseconds <= kMaxHeaderTimeNs;
}

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
