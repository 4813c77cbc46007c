// SPDX-License-Identifier: GPL-2.0-only
// Wire format: round trips, and packets that must be refused.
#include "ns3/aset-header-reader.h"
#include "ns3/cluster-beacon-header.h"
#include "ns3/inference-query-header.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{
InferenceQueryHeader
SampleQuery()
{
    InferenceQueryHeader h;
    h.queryId = 0x0123456789abcdefULL;
    h.clientId = 77;
    h.applicationId = 3;
    h.taskId = 1;
    h.kind = InferenceQueryHeader::Kind::RESPONSE;
    h.status = InferenceQueryHeader::Status::REJECTED;
    h.rejectReason = RejectReason::NO_ACCURATE_VARIANT;
    h.deadline = MilliSeconds(40);
    h.minAccuracyCenti = 7550;
    h.requestSize = 15000;
    h.responseSize = 200;
    h.clientAddress = Ipv4Address("10.1.2.3");
    h.clientPort = 49153;
    h.schedulerId = 2;
    h.clusterId = 5;
    h.instanceIndex = 4;
    h.variantId = 9;
    h.servedAccuracyCenti = 7680;
    h.batchSize = 8;
    h.clientSendTime = NanoSeconds(1234567);
    h.schedulerForwardTime = NanoSeconds(2234567);
    h.clusterArrivalTime = NanoSeconds(3234567);
    h.serviceStartTime = NanoSeconds(4234567);
    h.serviceEndTime = NanoSeconds(5234567);
    return h;
}

Ptr<Packet>
RawPacket(const std::vector<uint8_t>& bytes)
{
    return Create<Packet>(bytes.data(), bytes.size());
}

std::vector<uint8_t>
Bytes(Ptr<const Packet> p)
{
    std::vector<uint8_t> out(p->GetSize());
    p->CopyData(out.data(), out.size());
    return out;
}
} // namespace

TEST(QueryHeader, RoundTripKeepsEveryField)
{
    const InferenceQueryHeader sent = SampleQuery();
    Ptr<Packet> p = sent.MakePacket(sent.requestSize);
    ASSERT_EQ(p->GetSize(), sent.requestSize);
    InferenceQueryHeader got;
    ASSERT_EQ(ReadAsetHeader(p, got), HeaderReadResult::OK);
    EXPECT_EQ(p->GetSize(), sent.requestSize - InferenceQueryHeader::kSerializedSize);
    EXPECT_EQ(got.queryId, sent.queryId);
    EXPECT_EQ(got.clientId, sent.clientId);
    EXPECT_EQ(got.applicationId, sent.applicationId);
    EXPECT_EQ(got.taskId, sent.taskId);
    EXPECT_EQ(got.kind, sent.kind);
    EXPECT_EQ(got.status, sent.status);
    EXPECT_EQ(got.rejectReason, sent.rejectReason);
    EXPECT_EQ(got.deadline, sent.deadline);
    EXPECT_EQ(got.minAccuracyCenti, sent.minAccuracyCenti);
    EXPECT_EQ(got.requestSize, sent.requestSize);
    EXPECT_EQ(got.responseSize, sent.responseSize);
    EXPECT_EQ(got.clientAddress, sent.clientAddress);
    EXPECT_EQ(got.clientPort, sent.clientPort);
    EXPECT_EQ(got.schedulerId, sent.schedulerId);
    EXPECT_EQ(got.clusterId, sent.clusterId);
    EXPECT_EQ(got.instanceIndex, sent.instanceIndex);
    EXPECT_EQ(got.variantId, sent.variantId);
    EXPECT_EQ(got.servedAccuracyCenti, sent.servedAccuracyCenti);
    EXPECT_EQ(got.batchSize, sent.batchSize);
    EXPECT_EQ(got.clientSendTime, sent.clientSendTime);
    EXPECT_EQ(got.schedulerForwardTime, sent.schedulerForwardTime);
    EXPECT_EQ(got.clusterArrivalTime, sent.clusterArrivalTime);
    EXPECT_EQ(got.serviceStartTime, sent.serviceStartTime);
    EXPECT_EQ(got.serviceEndTime, sent.serviceEndTime);
}

TEST(QueryHeader, EveryTruncationIsRefusedAndLeavesThePacketAlone)
{
    const auto full = Bytes(SampleQuery().MakePacket(InferenceQueryHeader::kSerializedSize));
    for (std::size_t n = 0; n < full.size(); ++n)
    {
        Ptr<Packet> p = RawPacket({full.begin(), full.begin() + n});
        InferenceQueryHeader h;
        EXPECT_EQ(ReadAsetHeader(p, h), HeaderReadResult::TRUNCATED) << n << " bytes";
        EXPECT_EQ(p->GetSize(), n);
    }
}

TEST(QueryHeader, WrongMagicAndVersionAreRefused)
{
    auto bytes = Bytes(SampleQuery().MakePacket(1000));
    auto badMagic = bytes;
    badMagic[0] ^= 0xff;
    InferenceQueryHeader h;
    EXPECT_EQ(ReadAsetHeader(RawPacket(badMagic), h), HeaderReadResult::BAD_MAGIC);
    auto badVersion = bytes;
    badVersion[4] = InferenceQueryHeader::kVersion + 1;
    EXPECT_EQ(ReadAsetHeader(RawPacket(badVersion), h), HeaderReadResult::BAD_VERSION);
}

TEST(QueryHeader, OutOfRangeFieldsAreRefused)
{
    const auto bytes = Bytes(SampleQuery().MakePacket(1000));
    // Offsets follow InferenceQueryHeader::Serialize.
    struct Corruption
    {
        std::size_t offset;
        uint8_t value;
        const char* what;
    };
    const Corruption cases[] = {
        {5, 0, "kind 0"},
        {5, 9, "kind 9"},
        {6, 7, "status 7"},
        {7, 200, "reject reason 200"},
        {24, 0x80, "negative deadline"},
        {32, 0xff, "minimum accuracy above 100%"},
        {34, 0xff, "request size above a datagram"},
    };
    for (const auto& c : cases)
    {
        auto corrupted = bytes;
        corrupted[c.offset] = c.value;
        InferenceQueryHeader h;
        EXPECT_EQ(ReadAsetHeader(RawPacket(corrupted), h), HeaderReadResult::BAD_FIELD) << c.what;
    }
}

TEST(QueryHeader, GarbageNeverPasses)
{
    // Deterministic pseudo-random bytes: any length, any content, no crash.
    uint32_t state = 12345;
    for (int trial = 0; trial < 2000; ++trial)
    {
        std::vector<uint8_t> bytes(trial % 300);
        for (auto& b : bytes)
        {
            state = state * 1664525u + 1013904223u;
            b = static_cast<uint8_t>(state >> 24);
        }
        InferenceQueryHeader h;
        EXPECT_NE(ReadAsetHeader(RawPacket(bytes), h), HeaderReadResult::OK);
    }
}

TEST(BeaconHeader, RoundTripKeepsEveryInstance)
{
    ClusterBeaconHeader sent;
    sent.clusterId = 12;
    sent.queryPort = 9100;
    sent.tier = ClusterTier::NEAR_EDGE;
    sent.up = 1;
    sent.sendTime = MicroSeconds(987654);
    sent.instances.push_back({3, HardwareClass::GPU, 2, 8, 1, 17, 100, 5432});
    sent.instances.push_back({4, HardwareClass::CPU, 4, 1, 4, 0, 50, 10000});
    Ptr<Packet> p = Create<Packet>(10);
    p->AddHeader(sent);
    ClusterBeaconHeader got;
    ASSERT_EQ(ReadAsetHeader(p, got), HeaderReadResult::OK);
    EXPECT_EQ(p->GetSize(), 10u);
    EXPECT_EQ(got.clusterId, sent.clusterId);
    EXPECT_EQ(got.queryPort, sent.queryPort);
    EXPECT_EQ(got.tier, sent.tier);
    EXPECT_EQ(got.sendTime, sent.sendTime);
    EXPECT_EQ(got.instances, sent.instances);
}

TEST(BeaconHeader, TimeZeroIsAValidSendTime)
{
    // Clusters beacon as they start, at t = 0; ns-3's Time::IsNegative() is true for zero.
    ClusterBeaconHeader sent;
    sent.instances.push_back({1, HardwareClass::CPU, 1, 1, 0, 0, 10, 0});
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(sent);
    ClusterBeaconHeader got;
    EXPECT_EQ(ReadAsetHeader(p, got), HeaderReadResult::OK);
    InferenceQueryHeader query = SampleQuery();
    query.clientSendTime = Time(0);
    InferenceQueryHeader gotQuery;
    EXPECT_EQ(ReadAsetHeader(query.MakePacket(1000), gotQuery), HeaderReadResult::OK);
}

TEST(BeaconHeader, ShortOrCorruptBeaconsAreRefused)
{
    ClusterBeaconHeader sent;
    sent.instances.push_back({3, HardwareClass::GPU, 2, 8, 1, 17, 100, 5432});
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(sent);
    const auto bytes = Bytes(p);
    for (std::size_t n = 0; n < bytes.size(); ++n)
    {
        ClusterBeaconHeader h;
        EXPECT_EQ(ReadAsetHeader(RawPacket({bytes.begin(), bytes.begin() + n}), h),
                  HeaderReadResult::TRUNCATED)
            << n << " bytes";
    }
    auto badHardware = bytes;
    badHardware[ClusterBeaconHeader::kFixedSize + 2] = 7;
    ClusterBeaconHeader h;
    EXPECT_EQ(ReadAsetHeader(RawPacket(badHardware), h), HeaderReadResult::BAD_FIELD);
    auto busyAboveReplicas = bytes;
    busyAboveReplicas[ClusterBeaconHeader::kFixedSize + 8] = 0xff;
    EXPECT_EQ(ReadAsetHeader(RawPacket(busyAboveReplicas), h), HeaderReadResult::BAD_FIELD);
    auto hugeCount = bytes;
    hugeCount[12] = 0xff;
    EXPECT_NE(ReadAsetHeader(RawPacket(hugeCount), h), HeaderReadResult::OK);
}
