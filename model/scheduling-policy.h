// SPDX-License-Identifier: GPL-2.0-only
#ifndef SCHEDULING_POLICY_H
#define SCHEDULING_POLICY_H

#include "aset-types.h"
#include "pool-view.h"

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <optional>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief What a policy is told about the query it must place.
 */
struct QueryContext
{
    uint32_t clientId{0};
    uint64_t queryId{0};
    uint16_t taskId{0};
    uint16_t applicationId{0};
    double minAccuracy{0}; //!< percent
    Time deadline;
    Time elapsed;          //!< since the client sent it, when it reached the scheduler
    Time now;
};

/**
 * \ingroup aset
 * \brief A policy's answer: an instance, or a rejection with its reason.
 */
struct SchedulingDecision
{
    bool placed{false};
    Candidate target;
    RejectReason reason{RejectReason::NONE};
};

/**
 * \ingroup aset
 * \brief Base of every scheduling policy: decides where a query is served.
 *
 * Decide() does the part all policies share: it finds the feasible
 * instances (live clusters, a variant of the query's task, accurate enough)
 * and rejects the query, with a reason, when there are none. Only then does
 * it ask the subclass to choose among them (DoChoose()). With AccuracyFallback, a query
 * no variant is accurate enough for is served by the most accurate ones
 * instead of being rejected (it then ends as failed_accuracy).
 */
class SchedulingPolicy : public Object
{
  public:
    static TypeId GetTypeId();
    SchedulingPolicy();
    ~SchedulingPolicy() override;

    SchedulingDecision Decide(const QueryContext& query, const PoolView& pool);

    /**
     * Picks one of \p feasible (never empty, ordered by cluster then
     * instance), or none, in which case the query is rejected as having no
     * instance for its task. Decide() calls it; so may a policy that
     * delegates to others.
     */
    std::optional<std::size_t> Choose(const QueryContext& query, const std::vector<Candidate>& feasible);
    /**
     * Whether Choose() would place a query among \p feasible rather than
     * reject it, without choosing (no side effects). True unless the policy
     * keeps to some instances only, as cloud-only does; a policy that
     * delegates (AsetPolicy) uses it to mask delegates that would reject.
     */
    virtual bool CanChoose(const std::vector<Candidate>& feasible) const;

    /// Told of every decision the scheduler acted on, placed or rejected.
    virtual void NotifyDecision(const QueryContext& query, const SchedulingDecision& decision);
    /**
     * Told how a placed query ended, as far as the scheduler can tell from
     * its response passing the gateway: \p success when served in time and
     * accurately enough. Queries that never come back are never reported.
     */
    virtual void NotifyOutcome(uint32_t clientId, uint64_t queryId, bool success, Time now);

    /// A short name for tables and files, e.g. "closest".
    virtual std::string GetName() const = 0;

    /// Assigns fixed random streams, starting at \p stream; returns how many were used.
    virtual int64_t AssignStreams(int64_t stream);

    /// Remaining slack if the query went to \p c: deadline minus expected end-to-end delay.
    static Time GetExpectedSlack(const QueryContext& query, const Candidate& c);
    /// The same with \p c's measured service times (Candidate::GetMeasuredExpectedCompletion).
    static Time GetMeasuredExpectedSlack(const QueryContext& query, const Candidate& c);

  protected:
    /**
     * Called first by Decide() for every query, feasible or not, with the
     * scheduler's pool view (valid until Decide() returns): a policy that
     * tracks the workload counts arrivals here.
     */
    virtual void DoPrepare(const QueryContext& query, const PoolView& pool);

    /// The policy's own choice; see Choose().
    virtual std::optional<std::size_t> DoChoose(const QueryContext& query,
                                                const std::vector<Candidate>& feasible) = 0;

  private:
    bool m_accuracyFallback;
    std::vector<Candidate> m_candidates; //!< reused buffers: Decide runs per query
    std::vector<Candidate> m_feasible;
};

} // namespace ns3

#endif // SCHEDULING_POLICY_H
