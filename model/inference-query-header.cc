// SPDX-License-Identifier: GPL-2.0-only
#include "inference-query-header.h"

#include "aset-byte-codec.h"
#include "aset-header-reader.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("InferenceQueryHeader");
NS_OBJECT_ENSURE_REGISTERED(InferenceQueryHeader);

namespace
{
// Times travel as the simulator's integer time steps (nanoseconds unless a
// script changes the resolution): every node of a simulation shares the
// resolution, and no unit conversion is paid per packet.
void
WriteTime(BigEndianWriter& it, Time t)
{
    it.WriteHtonU64(static_cast<uint64_t>(t.GetTimeStep()));
}

Time
ReadTime(BigEndianReader& it)
{
    return Time(static_cast<int64_t>(it.ReadNtohU64()));
}
} // namespace

InferenceQueryHeader::InferenceQueryHeader() = default;

TypeId
InferenceQueryHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::InferenceQueryHeader")
                            .SetParent<Header>()
                            .SetGroupName("Aset")
                            .AddConstructor<InferenceQueryHeader>();
    return tid;
}

TypeId
InferenceQueryHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
InferenceQueryHeader::GetSerializedSize() const
{
    return kSerializedSize;
}

void
InferenceQueryHeader::Serialize(Buffer::Iterator start) const
{
    uint8_t bytes[kSerializedSize];
    BigEndianWriter it(bytes);
    it.WriteHtonU32(kMagic);
    it.WriteU8(kVersion);
    it.WriteU8(static_cast<uint8_t>(kind));
    it.WriteU8(static_cast<uint8_t>(status));
    it.WriteU8(static_cast<uint8_t>(rejectReason));
    it.WriteHtonU64(queryId);
    it.WriteHtonU32(clientId);
    it.WriteHtonU16(applicationId);
    it.WriteHtonU16(taskId);
    WriteTime(it, deadline);
    it.WriteHtonU16(minAccuracyCenti);
    it.WriteHtonU32(requestSize);
    it.WriteHtonU32(responseSize);
    it.WriteHtonU32(clientAddress.Get());
    it.WriteHtonU16(clientPort);
    it.WriteHtonU16(schedulerId);
    it.WriteHtonU16(clusterId);
    it.WriteHtonU16(instanceIndex);
    it.WriteHtonU16(variantId);
    it.WriteHtonU16(servedAccuracyCenti);
    it.WriteHtonU16(batchSize);
    WriteTime(it, clientSendTime);
    WriteTime(it, schedulerForwardTime);
    WriteTime(it, clusterArrivalTime);
    WriteTime(it, serviceStartTime);
    WriteTime(it, serviceEndTime);
    start.Write(bytes, kSerializedSize);
}

uint32_t
InferenceQueryHeader::Deserialize(Buffer::Iterator start)
{
    uint8_t bytes[kSerializedSize];
    start.Read(bytes, kSerializedSize);
    Decode(bytes);
    return kSerializedSize;
}

void
InferenceQueryHeader::Decode(const uint8_t* bytes)
{
    BigEndianReader it(bytes);
    m_magic = it.ReadNtohU32();
    m_version = it.ReadU8();
    const uint8_t rawKind = it.ReadU8();
    const uint8_t rawStatus = it.ReadU8();
    const uint8_t rawReason = it.ReadU8();
    queryId = it.ReadNtohU64();
    clientId = it.ReadNtohU32();
    applicationId = it.ReadNtohU16();
    taskId = it.ReadNtohU16();
    deadline = ReadTime(it);
    minAccuracyCenti = it.ReadNtohU16();
    requestSize = it.ReadNtohU32();
    responseSize = it.ReadNtohU32();
    clientAddress = Ipv4Address(it.ReadNtohU32());
    clientPort = it.ReadNtohU16();
    schedulerId = it.ReadNtohU16();
    clusterId = it.ReadNtohU16();
    instanceIndex = it.ReadNtohU16();
    variantId = it.ReadNtohU16();
    servedAccuracyCenti = it.ReadNtohU16();
    batchSize = it.ReadNtohU16();
    clientSendTime = ReadTime(it);
    schedulerForwardTime = ReadTime(it);
    clusterArrivalTime = ReadTime(it);
    serviceStartTime = ReadTime(it);
    serviceEndTime = ReadTime(it);

    // Enum fields are checked before the cast so that no invalid enumerator is ever held.
    const bool enumsOk = (rawKind == static_cast<uint8_t>(Kind::QUERY) ||
                          rawKind == static_cast<uint8_t>(Kind::RESPONSE)) &&
                         rawStatus <= static_cast<uint8_t>(Status::DROPPED) &&
                         rawReason < kRejectReasonCount;
    kind = enumsOk ? static_cast<Kind>(rawKind) : Kind::QUERY;
    status = enumsOk ? static_cast<Status>(rawStatus) : Status::PENDING;
    rejectReason = enumsOk ? static_cast<RejectReason>(rawReason) : RejectReason::NONE;
    m_enumsValid = enumsOk;
}

HeaderReadResult
ReadAsetHeader(Ptr<Packet> packet, InferenceQueryHeader& header)
{
    constexpr uint32_t size = InferenceQueryHeader::kSerializedSize;
    if (packet->GetSize() < size)
    {
        return HeaderReadResult::TRUNCATED;
    }
    uint8_t bytes[size];
    packet->CopyData(bytes, size);
    header.Decode(bytes);
    const HeaderReadResult result = header.Validate();
    if (result == HeaderReadResult::OK)
    {
        packet->RemoveAtStart(size);
    }
    return result;
}

bool
InferenceQueryHeader::IsValidPayloadSize(uint32_t size)
{
    return size >= kSerializedSize && size <= kMaxPayloadSize;
}

HeaderReadResult
InferenceQueryHeader::Validate() const
{
    if (m_magic != kMagic)
    {
        return HeaderReadResult::BAD_MAGIC;
    }
    if (m_version != kVersion)
    {
        return HeaderReadResult::BAD_VERSION;
    }
    const bool fieldsOk = m_enumsValid && deadline.IsStrictlyPositive() &&
                          minAccuracyCenti <= kMaxAccuracyCentiPercent &&
                          servedAccuracyCenti <= kMaxAccuracyCentiPercent &&
                          IsValidPayloadSize(requestSize) && IsValidPayloadSize(responseSize);
    for (const Time* t : {&deadline,
                          &clientSendTime,
                          &schedulerForwardTime,
                          &clusterArrivalTime,
                          &serviceStartTime,
                          &serviceEndTime})
    {
        if (!IsValidHeaderTime(t->GetNanoSeconds()))
        {
            return HeaderReadResult::BAD_FIELD;
        }
    }
    return fieldsOk ? HeaderReadResult::OK : HeaderReadResult::BAD_FIELD;
}

Ptr<Packet>
InferenceQueryHeader::MakePacket(uint32_t totalSize) const
{
    NS_ASSERT_MSG(totalSize >= kSerializedSize, "packet smaller than its header");
    Ptr<Packet> packet = Create<Packet>(totalSize - kSerializedSize);
    packet->AddHeader(*this);
    return packet;
}

void
InferenceQueryHeader::Print(std::ostream& os) const
{
    os << "query=" << queryId << " client=" << clientId << " app=" << applicationId
       << " task=" << taskId << " kind=" << static_cast<int>(kind)
       << " status=" << static_cast<int>(status) << " reason=" << ns3::ToString(rejectReason)
       << " deadline=" << deadline.As(Time::MS) << " minAcc=" << minAccuracyCenti / 100.0
       << " req=" << requestSize << " resp=" << responseSize << " cluster=" << clusterId
       << " instance=" << instanceIndex << " variant=" << variantId;
}

} // namespace ns3
