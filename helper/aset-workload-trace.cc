// SPDX-License-Identifier: GPL-2.0-only
#include "aset-workload-trace.h"

#include "aset-scenario.h"

#include "ns3/aset-csv-reader.h"

#include <algorithm>
#include <limits>

namespace ns3
{

namespace
{
std::vector<AsetTraceQuery>
Read(AsetCsvReader& reader, const std::vector<ApplicationSpec>& applications, Time duration)
{
    reader.RequireColumns({"time_s", "application", "access"});
    std::vector<AsetTraceQuery> queries;
    while (reader.Next())
    {
        AsetTraceQuery q;
        q.line = reader.GetLine();
        const double seconds = reader.GetDouble("time_s", 0, std::numeric_limits<double>::max());
        // Checked before it becomes a Time, which a number beyond 292 years would overflow.
        if (!(seconds < duration.GetSeconds()) || Seconds(seconds) >= duration)
        {
            reader.Fail("time_s",
                        "a query at " + reader.GetString("time_s") +
                            " s is not within the scenario's duration of " +
                            std::to_string(duration.GetSeconds()) + " s");
        }
        q.time = Seconds(seconds);
        const std::string application = reader.GetString("application");
        const auto it =
            std::find_if(applications.begin(), applications.end(), [&](const ApplicationSpec& a) {
                return a.name == application;
            });
        if (it == applications.end())
        {
            std::string known;
            for (const auto& a : applications)
            {
                known += (known.empty() ? "" : ", ") + a.name;
            }
            reader.Fail("application",
                        "expected an application of the scenario (" + known + "), got '" +
                            application + "'");
        }
        q.application = static_cast<uint16_t>(it - applications.begin());
        const std::string access = reader.GetString("access");
        const std::string prefix = "access-";
        const std::string index =
            access.compare(0, prefix.size(), prefix) == 0 ? access.substr(prefix.size()) : access;
        if (index.empty() || index.find_first_not_of("0123456789") != std::string::npos ||
            index.size() > 9)
        {
            reader.Fail("access",
                        "expected an access node's index or name (3 or access-3), got '" + access +
                            "'");
        }
        q.accessNode = static_cast<uint32_t>(std::stoul(index));
        queries.push_back(q);
    }
    std::stable_sort(
        queries.begin(),
        queries.end(),
        [](const AsetTraceQuery& a, const AsetTraceQuery& b) { return a.time < b.time; });
    return queries;
}
} // namespace

std::vector<AsetTraceQuery>
AsetWorkloadTrace::Load(const std::string& path,
                        const std::vector<ApplicationSpec>& applications,
                        Time duration)
{
    AsetCsvReader reader(path);
    return Read(reader, applications, duration);
}

std::vector<AsetTraceQuery>
AsetWorkloadTrace::Parse(std::istream& in,
                         const std::string& sourceName,
                         const std::vector<ApplicationSpec>& applications,
                         Time duration)
{
    AsetCsvReader reader(in, sourceName);
    return Read(reader, applications, duration);
}

} // namespace ns3
