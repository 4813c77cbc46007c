// SPDX-License-Identifier: GPL-2.0-only
#ifndef CLUSTER_BEACON_HEADER_H
#define CLUSTER_BEACON_HEADER_H

#include "aset-types.h"

#include "ns3/header.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Load report of one model instance, as carried in a beacon.
 */
struct InstanceLoad
{
    uint16_t variantId{0};
    HardwareClass hardware{HardwareClass::CPU};
    uint16_t replicas{1};
    uint16_t maxBatch{1};
    uint16_t busyReplicas{0};
    uint32_t queueLength{0};   //!< queries waiting, not counting those in service
    uint32_t queueCapacity{0}; //!< queries that may wait
    uint16_t utilisationPermyriad{0}; //!< busy fraction of the last beacon interval, x10000

    bool operator==(const InstanceLoad& other) const;
};

/**
 * \ingroup aset
 * \brief Periodic load beacon a cluster sends to the schedulers.
 *
 * The beacon is the only way a scheduler learns what a cluster hosts and how
 * loaded it is, so its information is as stale as the beacon interval plus
 * the one-way delay. Like InferenceQueryHeader it has a magic number and a
 * version, and ReadAsetHeader() rejects truncated or malformed beacons.
 */
class ClusterBeaconHeader : public Header
{
  public:
    static constexpr uint32_t kMagic = 0x41534542; //!< "ASEB"
    static constexpr uint8_t kVersion = 1;
    static constexpr uint32_t kFixedSize = 22;
    static constexpr uint32_t kEntrySize = 19;
    /// Bound on the instances one beacon may list, so a datagram always holds it.
    static constexpr uint16_t kMaxInstances = 2048;

    static constexpr uint32_t kMinimumSize = kFixedSize;

    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// What Deserialize() found: OK, or why this beacon must not be trusted.
    HeaderReadResult Validate() const;

    uint16_t clusterId{0};
    uint16_t queryPort{0}; //!< UDP port on which the cluster takes queries
    ClusterTier tier{ClusterTier::FAR_EDGE};
    uint8_t up{1}; //!< 0 while the cluster is out of service
    Time sendTime;
    std::vector<InstanceLoad> instances;

  private:
    uint32_t m_magic{kMagic};
    uint8_t m_version{kVersion};
    bool m_truncated{false};
    bool m_enumsValid{true};
};

} // namespace ns3

#endif // CLUSTER_BEACON_HEADER_H
