// SPDX-License-Identifier: GPL-2.0-only
#ifndef QUERY_RECORD_H
#define QUERY_RECORD_H

#include "aset-types.h"

#include "ns3/nstime.h"

#include <string>

namespace ns3
{

/**
 * \ingroup aset
 * \brief How one query ended, as the client recorded it.
 */
struct QueryRecord
{
    uint32_t clientId{0};
    uint64_t queryId{0};
    uint16_t applicationId{0};
    uint16_t taskId{0};
    Time sendTime;
    Time deadline;
    QueryOutcome outcome{QueryOutcome::IN_FLIGHT};
    Time latency{-1};       //!< end-to-end; negative when no response came back
    int32_t schedulerId{-1};
    int32_t clusterId{-1};  //!< -1 when the query was never placed
    int32_t variantId{-1};
    double servedAccuracy{-1};
    RejectReason rejectReason{RejectReason::NONE};
    /// The client changed access node at least once while the query was open (its response
    /// came back to the node it was sent from, which forwards it: ClientAttachment).
    bool handedOver{false};

    bool HasLatency() const
    {
        return !latency.IsStrictlyNegative();
    }
};

/// Signature of the Outcome trace sources.
typedef void (*QueryRecordTracedCallback)(const QueryRecord& record);

} // namespace ns3

#endif // QUERY_RECORD_H
