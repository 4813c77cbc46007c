// SPDX-License-Identifier: GPL-2.0-only
#include "aset-credit-ledger.h"

#include "ns3/abort.h"

#include <algorithm>

namespace ns3
{

uint64_t
AsetCreditLedger::Key(uint32_t clientId, uint64_t queryId)
{
    // Client ids up to 2^24 and query ids up to 2^40 (a trillion per client) pack exactly.
    return (uint64_t(clientId) << 40) ^ (queryId & ((uint64_t(1) << 40) - 1));
}

void
AsetCreditLedger::Open(Decision decision)
{
    Entry entry;
    entry.decision = std::move(decision);
    m_entries.push_back(std::move(entry));
}

void
AsetCreditLedger::SetEnergyWeight(double perJoule)
{
    m_energyWeight = perJoule;
}

void
AsetCreditLedger::Place(uint32_t clientId, uint64_t queryId, Time creditDue, double energyJoules)
{
    NS_ABORT_MSG_IF(m_entries.empty(), "Place() before any Open()");
    Entry& open = m_entries.back();
    const uint64_t key = Key(clientId, queryId);
    ++open.queries;
    open.energyJoules += energyJoules;
    open.due = std::max(open.due, creditDue);
    open.keys.push_back(key);
    m_pending[key] = m_firstId + m_entries.size() - 1;
}

void
AsetCreditLedger::PlaceFailure()
{
    NS_ABORT_MSG_IF(m_entries.empty(), "PlaceFailure() before any Open()");
    ++m_entries.back().queries;
    ++m_entries.back().settled;
}

void
AsetCreditLedger::Observe(uint32_t clientId, uint64_t queryId, bool success)
{
    const auto it = m_pending.find(Key(clientId, queryId));
    if (it == m_pending.end())
    {
        return;
    }
    Entry& entry = m_entries[it->second - m_firstId];
    ++entry.settled;
    entry.successes += success ? 1 : 0;
    m_pending.erase(it);
}

std::vector<AsetCreditLedger::Settled>
AsetCreditLedger::Settle(Time now)
{
    std::vector<Settled> settled;
    while (m_entries.size() > 1)
    {
        Entry& front = m_entries.front();
        if (front.settled < front.queries && now < front.due)
        {
            break;
        }
        for (const uint64_t key : front.keys)
        {
            m_pending.erase(key); // unobserved by now: a failure
        }
        Settled s;
        s.queries = front.queries;
        s.successes = front.successes;
        s.energyJoules = front.energyJoules;
        s.reward = front.queries > 0 ? double(front.successes) / front.queries : 0.0;
        if (m_energyWeight > 0 && front.queries > 0)
        {
            s.reward -= m_energyWeight * front.energyJoules / front.queries;
        }
        s.decision = std::move(front.decision);
        s.next = m_entries[1].decision;
        settled.push_back(std::move(s));
        m_entries.pop_front();
        ++m_firstId;
    }
    return settled;
}

std::size_t
AsetCreditLedger::GetOpenDecisionCount() const
{
    return m_entries.size();
}

std::size_t
AsetCreditLedger::GetUnsettledQueryCount() const
{
    return m_pending.size();
}

} // namespace ns3
