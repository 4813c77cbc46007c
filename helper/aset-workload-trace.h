// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_WORKLOAD_TRACE_H
#define ASET_WORKLOAD_TRACE_H

#include "ns3/nstime.h"

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace ns3
{

struct ApplicationSpec;

/**
 * \ingroup aset
 * \brief One query of a workload trace.
 */
struct AsetTraceQuery
{
    Time time;            //!< after the queries begin (the scenario's warm-up)
    uint16_t application; //!< index in the scenario's application mix
    uint32_t accessNode;  //!< index of the access node that sends it
    std::size_t line;     //!< in the trace file, for error messages
};

/**
 * \ingroup aset
 * \brief Reads a workload trace: a CSV file (model/aset-csv-reader.h) with
 * the columns time_s (seconds after the queries begin, at least 0 and below
 * \p duration), application (a name from \p applications) and access (an
 * access node's index, or its name access-<i>). Rows may come in any order;
 * the result is sorted by time, stably. Errors name file:line and column.
 */
class AsetWorkloadTrace
{
  public:
    static std::vector<AsetTraceQuery> Load(const std::string& path,
                                            const std::vector<ApplicationSpec>& applications,
                                            Time duration);
    static std::vector<AsetTraceQuery> Parse(std::istream& in,
                                             const std::string& sourceName,
                                             const std::vector<ApplicationSpec>& applications,
                                             Time duration);
};

} // namespace ns3

#endif // ASET_WORKLOAD_TRACE_H
