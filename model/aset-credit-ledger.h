// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_CREDIT_LEDGER_H
#define ASET_CREDIT_LEDGER_H

#include "aset-observation.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Delayed credit for a learning scheduler's decisions.
 *
 * A decision (the policy chosen for a period, or the instance chosen for
 * one query) places queries; its reward is the share of them that
 * succeeded. Outcomes come back later, as responses pass the gateway, and
 * some never do (lost in the network). So the ledger holds each decision
 * until all its queries are settled: a success as soon as it is observed; a
 * failure when it is rejected, observed to fail, or still unobserved at its
 * credit time (the query's deadline: after it, no response can be a success,
 * whether the query is late or lost). Decisions settle in the order they
 * were made, each with the state of the decision after it, which is what a
 * Q-learning transition needs; the newest decision always stays open.
 *
 * With an energy weight w (SetEnergyWeight()), the reward also pays for the
 * energy of the placements: successes / queries - w x joules / queries.
 */
class AsetCreditLedger
{
  public:
    /// A decision as the agent made it.
    struct Decision
    {
        std::shared_ptr<const AsetObservation> observation;
        uint32_t action{0}; //!< the action row taken
    };

    /// A decision whose every query is settled, with its reward and successor.
    struct Settled
    {
        Decision decision;
        uint32_t queries{0};   //!< 0: the decision placed nothing; it has no reward
        uint32_t successes{0};
        double energyJoules{0}; //!< the energy Place() was told its queries cost
        double reward{0};      //!< (successes - energy weight x energyJoules) / queries
        Decision next;         //!< the decision made after it
    };

    /// Starts a new decision; queries placed from now on count towards it.
    void Open(Decision decision);
    /**
     * A query placed under the open decision; unobserved at \p creditDue, it
     * fails. \p energyJoules: what serving it costs, for the energy term.
     */
    void Place(uint32_t clientId, uint64_t queryId, Time creditDue, double energyJoules = 0);
    /// The weight of the energy term in rewards, per joule (0, the default: success only).
    void SetEnergyWeight(double perJoule);
    /// A query the open decision could not place: a failure at once.
    void PlaceFailure();
    /// How a placed query ended; unknown or already settled queries are ignored.
    void Observe(uint32_t clientId, uint64_t queryId, bool success);
    /// Settles, oldest first, every decision but the newest whose queries are all settled at \p now.
    std::vector<Settled> Settle(Time now);

    std::size_t GetOpenDecisionCount() const;
    std::size_t GetUnsettledQueryCount() const;

  private:
    struct Entry
    {
        Decision decision;
        uint32_t queries{0};
        uint32_t settled{0};
        uint32_t successes{0};
        double energyJoules{0};
        Time due;                  //!< when its last unobserved query fails
        std::vector<uint64_t> keys; //!< its queries still in m_pending, or already observed
    };

    static uint64_t Key(uint32_t clientId, uint64_t queryId);

    std::deque<Entry> m_entries;
    uint64_t m_firstId{0}; //!< id of m_entries.front()
    double m_energyWeight{0};
    std::unordered_map<uint64_t, uint64_t> m_pending; //!< query key -> decision id
};

} // namespace ns3

#endif // ASET_CREDIT_LEDGER_H
