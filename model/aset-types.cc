// SPDX-License-Identifier: GPL-2.0-only
#include "aset-types.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

namespace
{
const char* const kHardwareNames[kHardwareClassCount] = {"cpu", "gpu", "tpu"};
const char* const kTierNames[kClusterTierCount] = {"access", "far-edge", "near-edge", "core", "cloud"};
const char* const kOutcomeNames[kQueryOutcomeCount] = {"succeeded",
                                                  "failed_deadline",
                                                  "failed_accuracy",
                                                  "rejected",
                                                  "dropped",
                                                  "lost",
                                                  "in_flight"};
const char* const kReasonNames[kRejectReasonCount] = {"none",
                                                      "unknown_task",
                                                      "no_instance_for_task",
                                                      "no_accurate_variant",
                                                      "no_pool_information"};
const char* const kReadResultNames[kHeaderReadResultCount] = {"ok",
                                                            "truncated",
                                                            "bad_magic",
                                                            "bad_version",
                                                            "bad_field"};

std::string
Lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return std::tolower(c);
    });
    return text;
}

template <typename Enum, std::size_t N>
bool
ParseByName(const std::string& text, const char* const (&names)[N], Enum& out)
{
    const std::string key = Lower(text);
    for (std::size_t i = 0; i < N; ++i)
    {
        if (key == names[i])
        {
            out = static_cast<Enum>(i);
            return true;
        }
    }
    return false;
}
} // namespace

std::string
ToString(HardwareClass hw)
{
    return kHardwareNames[static_cast<uint8_t>(hw)];
}

std::string
ToString(ClusterTier tier)
{
    return kTierNames[static_cast<uint8_t>(tier)];
}

std::string
ToString(QueryOutcome outcome)
{
    return kOutcomeNames[static_cast<uint8_t>(outcome)];
}

std::string
ToString(RejectReason reason)
{
    return kReasonNames[static_cast<uint8_t>(reason)];
}

std::string
ToString(HeaderReadResult result)
{
    return kReadResultNames[static_cast<uint8_t>(result)];
}

std::ostream&
operator<<(std::ostream& os, QueryOutcome outcome)
{
    return os << ToString(outcome);
}

std::ostream&
operator<<(std::ostream& os, RejectReason reason)
{
    return os << ToString(reason);
}

std::ostream&
operator<<(std::ostream& os, HeaderReadResult result)
{
    return os << ToString(result);
}

bool
ParseHardwareClass(const std::string& text, HardwareClass& out)
{
    return ParseByName(text, kHardwareNames, out);
}

bool
ParseClusterTier(const std::string& text, ClusterTier& out)
{
    return ParseByName(text, kTierNames, out);
}

} // namespace ns3
