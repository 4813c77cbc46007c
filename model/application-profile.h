// SPDX-License-Identifier: GPL-2.0-only
#ifndef APPLICATION_PROFILE_H
#define APPLICATION_PROFILE_H

#include "ns3/nstime.h"

#include <string>

namespace ns3
{

/**
 * \ingroup aset
 * \brief A workload application: what its queries ask for.
 */
struct ApplicationProfile
{
    uint16_t id{0};
    std::string name;
    uint16_t taskId{0};
    Time deadline;          //!< end-to-end delay bound
    double minAccuracy{0};  //!< percent, in the task's metric
    uint32_t requestSize{0};
    uint32_t responseSize{0};
    double weight{1};       //!< share of a client's queries, relative to the other applications
};

} // namespace ns3

#endif // APPLICATION_PROFILE_H
