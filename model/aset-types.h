// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_TYPES_H
#define ASET_TYPES_H

#include <array>
#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

// HardwareClass and ClusterTier are plain enums in a scope of their own, not
// enum classes: ns-3 releases before 3.41 store enum Attributes as int, which
// needs the implicit conversion. Enumerators are still written ClusterTier::CLOUD.

/// Hardware class that runs a model instance; the catalogue gives a latency per class.
struct HardwareClassScope
{
    enum Value : uint8_t
    {
        CPU = 0,
        GPU = 1,
        TPU = 2,
    };
};
using HardwareClass = HardwareClassScope::Value;
constexpr uint8_t kHardwareClassCount = 3;

/// Tier of the operator network a node sits in (access to cloud, nearest first).
struct ClusterTierScope
{
    enum Value : uint8_t
    {
        ACCESS = 0,
        FAR_EDGE = 1,
        NEAR_EDGE = 2,
        CORE = 3,
        CLOUD = 4,
    };
};
using ClusterTier = ClusterTierScope::Value;
constexpr uint8_t kClusterTierCount = 5;

/**
 * The single outcome every query ends in. The counts of all outcomes add up to
 * the number of queries sent; the experiment runner fails loudly otherwise.
 */
enum class QueryOutcome : uint8_t
{
    SUCCEEDED = 0,       //!< answered within its deadline at its minimum accuracy
    FAILED_DEADLINE = 1, //!< answered, but after its deadline
    FAILED_ACCURACY = 2, //!< answered in time by a variant below its minimum accuracy
    REJECTED = 3,        //!< the scheduler found no feasible instance
    DROPPED = 4,         //!< the chosen instance's queue was full
    LOST = 5,            //!< no answer before the client's time-out (lost in the network)
    IN_FLIGHT = 6,       //!< still open when the simulation ended
};
constexpr uint8_t kQueryOutcomeCount = 7;

/// Why a scheduler rejected a query (carried in the response header).
enum class RejectReason : uint8_t
{
    NONE = 0,
    UNKNOWN_TASK = 1,          //!< the task id is not in the scheduler's catalogue
    NO_INSTANCE_FOR_TASK = 2,  //!< no live cluster hosts a variant of the task
    NO_ACCURATE_VARIANT = 3,   //!< variants exist, none meets the minimum accuracy
    NO_POOL_INFORMATION = 4,   //!< no live cluster: no beacon yet, or all too old
};
constexpr uint8_t kRejectReasonCount = 5;

/// Why a received header was refused (OK when it was accepted).
enum class HeaderReadResult : uint8_t
{
    OK = 0,
    TRUNCATED = 1,   //!< fewer bytes than the header needs
    BAD_MAGIC = 2,   //!< not one of our packets
    BAD_VERSION = 3, //!< one of ours, from an incompatible version
    BAD_FIELD = 4,   //!< a field out of its range
};
constexpr uint8_t kHeaderReadResultCount = 5;

std::string ToString(HardwareClass hw);
std::string ToString(ClusterTier tier);
std::string ToString(QueryOutcome outcome);
std::string ToString(RejectReason reason);
std::string ToString(HeaderReadResult result);

std::ostream& operator<<(std::ostream& os, QueryOutcome outcome);
std::ostream& operator<<(std::ostream& os, RejectReason reason);
std::ostream& operator<<(std::ostream& os, HeaderReadResult result);

/// Parses "cpu", "gpu", "tpu" (case-insensitive); returns false on anything else.
bool ParseHardwareClass(const std::string& text, HardwareClass& out);
/// Parses "access", "far-edge", "near-edge", "core", "cloud"; returns false on anything else.
bool ParseClusterTier(const std::string& text, ClusterTier& out);

/// Counts per outcome, indexed by QueryOutcome.
using OutcomeCounts = std::array<uint64_t, kQueryOutcomeCount>;

} // namespace ns3

#endif // ASET_TYPES_H
