// SPDX-License-Identifier: GPL-2.0-only
#ifndef INFERENCE_QUERY_HEADER_H
#define INFERENCE_QUERY_HEADER_H

#include "aset-types.h"

#include "ns3/header.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup aset
 * \brief Header of every inference query and of its response.
 *
 * A query travels client -> scheduler -> cluster and its response cluster ->
 * scheduler -> client, always as one UDP datagram whose size is the query's
 * request (or response) payload size. The header carries everything the
 * three hops need, so that no node keeps per-query state it could not have
 * in a real deployment: the client's address for the relay back, the time
 * the scheduler forwarded the query (to measure the round-trip time), and
 * the cluster's timestamps (to separate network from queueing delay).
 *
 * A header starts with a magic number and a version. Packets that are too
 * short, carry another magic or version, or hold out-of-range fields are
 * rejected by ReadAsetHeader(), which the applications use instead of RemoveHeader():
 * they count and drop such packets and never trust their content.
 */
class InferenceQueryHeader : public Header
{
  public:
    static constexpr uint32_t kMagic = 0x41534551; //!< "ASEQ"
    static constexpr uint8_t kVersion = 1;
    static constexpr uint32_t kSerializedSize = 100;
    static constexpr uint32_t kMinimumSize = kSerializedSize;
    /// Largest payload of one UDP datagram over IPv4.
    static constexpr uint32_t kMaxPayloadSize = 65507;
    /// Accuracies travel as hundredths of a percent.
    static constexpr uint16_t kMaxAccuracyCentiPercent = 10000;

    enum class Kind : uint8_t
    {
        QUERY = 1,
        RESPONSE = 2,
    };

    /// Status of a response.
    enum class Status : uint8_t
    {
        PENDING = 0,  //!< a query on its way to be served
        SERVED = 1,   //!< served by the chosen instance
        REJECTED = 2, //!< rejected by the scheduler; see the reject reason
        DROPPED = 3,  //!< dropped by the cluster: the instance queue was full
    };

    InferenceQueryHeader();

    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// Builds a packet of \p totalSize bytes (at least the header size) carrying this header.
    Ptr<Packet> MakePacket(uint32_t totalSize) const;

    /// What Deserialize() found: OK, or why this header must not be trusted.
    HeaderReadResult Validate() const;

    /// Whether \p size bytes can carry a query or response: the header, at most one datagram.
    static bool IsValidPayloadSize(uint32_t size);

    /// Deserialize() from kSerializedSize plain bytes, as ReadAsetHeader() copies them out.
    void Decode(const uint8_t* bytes);

    // Identity of the query
    uint64_t queryId{0};
    uint32_t clientId{0};
    uint16_t applicationId{0};
    uint16_t taskId{0};
    Kind kind{Kind::QUERY};
    Status status{Status::PENDING};
    RejectReason rejectReason{RejectReason::NONE};

    // Requirements
    Time deadline;                 //!< end-to-end delay bound, relative to clientSendTime
    uint16_t minAccuracyCenti{0};  //!< minimum accuracy, hundredths of a percent
    uint32_t requestSize{0};       //!< bytes of the query datagram
    uint32_t responseSize{0};      //!< bytes of the response datagram

    // Where the client is, filled by the scheduler for the relay back
    Ipv4Address clientAddress;
    uint16_t clientPort{0};

    // The decision
    uint16_t schedulerId{0};
    uint16_t clusterId{0};
    uint16_t instanceIndex{0};
    uint16_t variantId{0};
    uint16_t servedAccuracyCenti{0};
    uint16_t batchSize{0};

    // Timestamps (simulation time)
    Time clientSendTime;
    Time schedulerForwardTime;
    Time clusterArrivalTime;
    Time serviceStartTime;
    Time serviceEndTime;

  private:
    bool m_enumsValid{true};
    uint32_t m_magic{kMagic};
    uint8_t m_version{kVersion};
};

/**
 * \ingroup aset
 * ReadAsetHeader() for the query header, the one read for every packet of
 * every query: it copies the header's bytes out of the packet in one go
 * (Packet::CopyData) rather than through Buffer::Iterator, byte by byte.
 */
HeaderReadResult ReadAsetHeader(Ptr<Packet> packet, InferenceQueryHeader& header);

/// Signature of the trace sources that report a query by its header.
typedef void (*QueryTracedCallback)(const InferenceQueryHeader& header);

} // namespace ns3

#endif // INFERENCE_QUERY_HEADER_H
