// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_BYTE_CODEC_H
#define ASET_BYTE_CODEC_H

#include <cstdint>

namespace ns3
{

/**
 * \ingroup aset
 * Network-order writes into a plain byte array, with the names of
 * Buffer::Iterator's. Our headers serialize their fields here and hand the
 * array to the packet buffer in one call: each Buffer::Iterator call is an
 * out-of-line library call, and a query header has two dozen fields.
 */
class BigEndianWriter
{
  public:
    explicit BigEndianWriter(uint8_t* bytes)
        : m_at(bytes)
    {
    }

    void WriteU8(uint8_t v)
    {
        *m_at++ = v;
    }

    void WriteHtonU16(uint16_t v)
    {
        WriteU8(v >> 8);
        WriteU8(v & 0xff);
    }

    void WriteHtonU32(uint32_t v)
    {
        WriteHtonU16(v >> 16);
        WriteHtonU16(v & 0xffff);
    }

    void WriteHtonU64(uint64_t v)
    {
        WriteHtonU32(v >> 32);
        WriteHtonU32(v & 0xffffffff);
    }

  private:
    uint8_t* m_at;
};

/// Network-order reads from a plain byte array; the counterpart of BigEndianWriter.
class BigEndianReader
{
  public:
    explicit BigEndianReader(const uint8_t* bytes)
        : m_at(bytes)
    {
    }

    uint8_t ReadU8()
    {
        return *m_at++;
    }

    uint16_t ReadNtohU16()
    {
        const uint16_t high = ReadU8();
        return (high << 8) | ReadU8();
    }

    uint32_t ReadNtohU32()
    {
        const uint32_t high = ReadNtohU16();
        return (high << 16) | ReadNtohU16();
    }

    uint64_t ReadNtohU64()
    {
        const uint64_t high = ReadNtohU32();
        return (high << 32) | ReadNtohU32();
    }

  private:
    const uint8_t* m_at;
};

} // namespace ns3

#endif // ASET_BYTE_CODEC_H
