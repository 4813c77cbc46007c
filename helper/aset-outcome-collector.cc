// SPDX-License-Identifier: GPL-2.0-only
#include "aset-outcome-collector.h"

#include "ns3/abort.h"
#include "ns3/callback.h"

namespace ns3
{

AsetOutcomeCollector::AsetOutcomeCollector(const ApplicationContainer& clients)
{
    Watch(clients);
}

void
AsetOutcomeCollector::Watch(const ApplicationContainer& clients)
{
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        auto client = DynamicCast<InferenceClientApplication>(clients.Get(i));
        NS_ABORT_MSG_UNLESS(client,
                            "AsetOutcomeCollector::Watch: application "
                                << i << " of the container is a "
                                << clients.Get(i)->GetInstanceTypeId().GetName()
                                << ", not an InferenceClientApplication");
        const std::size_t index = m_clients.size();
        m_clients.push_back(client);
        m_records.emplace_back();
        client->TraceConnectWithoutContext(
            "Outcome",
            MakeBoundCallback(&AsetOutcomeCollector::Record, this, index));
    }
}

uint64_t
AsetOutcomeCollector::GetReportedCount() const
{
    return m_reported;
}

void
AsetOutcomeCollector::Record(AsetOutcomeCollector* self,
                             std::size_t client,
                             const QueryRecord& record)
{
    auto& records = self->m_records[client];
    if (record.queryId >= records.size())
    {
        records.resize(record.queryId + 1);
    }
    records[record.queryId] = record;
    ++self->m_counts[static_cast<uint8_t>(record.outcome)];
    ++self->m_reported;
}

PolicyRunResult
AsetOutcomeCollector::Collect(const std::string& policy)
{
    PolicyRunResult result;
    result.policy = policy;
    for (const auto& client : m_clients)
    {
        client->FinishInFlight();
        result.sent += client->GetSentCount();
        result.lateResponses += client->GetLateResponseCount();
        result.malformedPackets += client->GetMalformedCount();
        result.handovers += client->GetHandoverCount();
        result.forwardedResponses += client->GetForwardedCount();
    }
    result.counts = m_counts;
    result.records.reserve(m_reported);
    for (const auto& records : m_records)
    {
        result.records.insert(result.records.end(), records.begin(), records.end());
    }
    for (const auto& record : result.records)
    {
        result.handedOverCounts[static_cast<uint8_t>(record.outcome)] += record.handedOver;
    }
    return result;
}

} // namespace ns3
