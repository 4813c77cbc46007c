// SPDX-License-Identifier: GPL-2.0-only
#include "cluster-beacon-header.h"

#include "aset-byte-codec.h"
#include "aset-header-reader.h"

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(ClusterBeaconHeader);

bool
InstanceLoad::operator==(const InstanceLoad& o) const
{
    return variantId == o.variantId && hardware == o.hardware && replicas == o.replicas &&
           maxBatch == o.maxBatch && busyReplicas == o.busyReplicas &&
           queueLength == o.queueLength && queueCapacity == o.queueCapacity &&
           utilisationPermyriad == o.utilisationPermyriad;
}

TypeId
ClusterBeaconHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::ClusterBeaconHeader")
                            .SetParent<Header>()
                            .SetGroupName("Aset")
                            .AddConstructor<ClusterBeaconHeader>();
    return tid;
}

TypeId
ClusterBeaconHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
ClusterBeaconHeader::GetSerializedSize() const
{
    return kFixedSize + kEntrySize * static_cast<uint32_t>(instances.size());
}

void
ClusterBeaconHeader::Serialize(Buffer::Iterator start) const
{
    std::vector<uint8_t> bytes(GetSerializedSize());
    BigEndianWriter it(bytes.data());
    it.WriteHtonU32(kMagic);
    it.WriteU8(kVersion);
    it.WriteU8(static_cast<uint8_t>(tier));
    it.WriteU8(up);
    it.WriteU8(0); // reserved
    it.WriteHtonU16(clusterId);
    it.WriteHtonU16(queryPort);
    it.WriteHtonU16(static_cast<uint16_t>(instances.size()));
    it.WriteHtonU64(static_cast<uint64_t>(sendTime.GetNanoSeconds()));
    for (const auto& e : instances)
    {
        it.WriteHtonU16(e.variantId);
        it.WriteU8(static_cast<uint8_t>(e.hardware));
        it.WriteHtonU16(e.replicas);
        it.WriteHtonU16(e.maxBatch);
        it.WriteHtonU16(e.busyReplicas);
        it.WriteHtonU32(e.queueLength);
        it.WriteHtonU32(e.queueCapacity);
        it.WriteHtonU16(e.utilisationPermyriad);
    }
    start.Write(bytes.data(), bytes.size());
}

uint32_t
ClusterBeaconHeader::Deserialize(Buffer::Iterator start)
{
    uint8_t fixed[kFixedSize];
    start.Read(fixed, kFixedSize);
    BigEndianReader it(fixed);
    m_magic = it.ReadNtohU32();
    m_version = it.ReadU8();
    const uint8_t rawTier = it.ReadU8();
    up = it.ReadU8();
    it.ReadU8(); // reserved
    clusterId = it.ReadNtohU16();
    queryPort = it.ReadNtohU16();
    const uint16_t count = it.ReadNtohU16();
    sendTime = NanoSeconds(static_cast<int64_t>(it.ReadNtohU64()));
    m_enumsValid = rawTier < kClusterTierCount && count <= kMaxInstances;
    tier = rawTier < kClusterTierCount ? static_cast<ClusterTier>(rawTier) : ClusterTier::CLOUD;
    instances.clear();
    // The entry count comes off the wire: check it against the bytes present
    // before reading, so a short packet never runs the iterator off the buffer.
    const uint32_t entryBytes = kEntrySize * static_cast<uint32_t>(count);
    m_truncated = start.GetRemainingSize() < entryBytes;
    if (m_truncated || !m_enumsValid)
    {
        return kFixedSize;
    }
    std::vector<uint8_t> entries(entryBytes);
    start.Read(entries.data(), entryBytes);
    BigEndianReader entry(entries.data());
    instances.resize(count);
    for (auto& e : instances)
    {
        e.variantId = entry.ReadNtohU16();
        const uint8_t rawHw = entry.ReadU8();
        m_enumsValid &= rawHw < kHardwareClassCount;
        e.hardware = rawHw < kHardwareClassCount ? static_cast<HardwareClass>(rawHw)
                                                 : HardwareClass::CPU;
        e.replicas = entry.ReadNtohU16();
        e.maxBatch = entry.ReadNtohU16();
        e.busyReplicas = entry.ReadNtohU16();
        e.queueLength = entry.ReadNtohU32();
        e.queueCapacity = entry.ReadNtohU32();
        e.utilisationPermyriad = entry.ReadNtohU16();
    }
    return kFixedSize + entryBytes;
}

HeaderReadResult
ClusterBeaconHeader::Validate() const
{
    if (m_magic != kMagic)
    {
        return HeaderReadResult::BAD_MAGIC;
    }
    if (m_version != kVersion)
    {
        return HeaderReadResult::BAD_VERSION;
    }
    if (m_truncated)
    {
        return HeaderReadResult::TRUNCATED;
    }
    if (!m_enumsValid || up > 1 || !IsValidHeaderTime(sendTime.GetNanoSeconds()))
    {
        return HeaderReadResult::BAD_FIELD;
    }
    for (const auto& e : instances)
    {
        if (e.replicas == 0 || e.maxBatch == 0 || e.busyReplicas > e.replicas ||
            e.utilisationPermyriad > 10000)
        {
            return HeaderReadResult::BAD_FIELD;
        }
    }
    return HeaderReadResult::OK;
}

void
ClusterBeaconHeader::Print(std::ostream& os) const
{
    os << "cluster=" << clusterId << " tier=" << ToString(tier) << " up=" << int(up)
       << " instances=" << instances.size();
}

} // namespace ns3
