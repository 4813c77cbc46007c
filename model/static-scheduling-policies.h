// SPDX-License-Identifier: GPL-2.0-only
#ifndef STATIC_SCHEDULING_POLICIES_H
#define STATIC_SCHEDULING_POLICIES_H

#include "scheduling-policy.h"

#include "ns3/random-variable-stream.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief closest: the feasible instance with the lowest estimated network
 * round trip; among instances of that cluster, the fastest variant.
 */
class ClosestPolicy : public SchedulingPolicy
{
  public:
    static TypeId GetTypeId();
    std::string GetName() const override;

    /// closest's choice among \p feasible (not empty): the shortest round trip, then the fastest service.
    static std::size_t Nearest(const std::vector<Candidate>& feasible);

  protected:
    std::optional<std::size_t> DoChoose(const QueryContext& query,
                                      const std::vector<Candidate>& feasible) override;
};

/**
 * \ingroup aset
 * \brief random: a feasible instance drawn uniformly.
 */
class RandomPolicy : public SchedulingPolicy
{
  public:
    static TypeId GetTypeId();
    RandomPolicy();
    std::string GetName() const override;
    int64_t AssignStreams(int64_t stream) override;

  protected:
    std::optional<std::size_t> DoChoose(const QueryContext& query,
                                      const std::vector<Candidate>& feasible) override;

  private:
    Ptr<UniformRandomVariable> m_uniform;
};

/**
 * \ingroup aset
 * \brief round-robin: the feasible instances of a task in turn.
 */
class RoundRobinPolicy : public SchedulingPolicy
{
  public:
    static TypeId GetTypeId();
    std::string GetName() const override;

  protected:
    std::optional<std::size_t> DoChoose(const QueryContext& query,
                                      const std::vector<Candidate>& feasible) override;

  private:
    std::map<uint16_t, uint64_t> m_nextByTask;
};

/**
 * \ingroup aset
 * \brief least-loaded: the feasible instance with the fewest queries per
 * replica (waiting plus in service) in its latest beacon; ties go to the closest.
 */
class LeastLoadedPolicy : public SchedulingPolicy
{
  public:
    static TypeId GetTypeId();
    std::string GetName() const override;

  protected:
    std::optional<std::size_t> DoChoose(const QueryContext& query,
                                      const std::vector<Candidate>& feasible) override;
};

/**
 * \ingroup aset
 * \brief cloud-only: every query to the cloud tier, to the feasible cloud
 * instance expected to finish it first; rejected when the cloud has none.
 */
class CloudOnlyPolicy : public SchedulingPolicy
{
  public:
    static TypeId GetTypeId();
    std::string GetName() const override;

    /// Only with a cloud instance among \p feasible.
    bool CanChoose(const std::vector<Candidate>& feasible) const override;

  protected:
    std::optional<std::size_t> DoChoose(const QueryContext& query,
                                      const std::vector<Candidate>& feasible) override;
};

/**
 * \ingroup aset
 * \brief earliest-expected-completion: estimates each feasible instance's
 * network round trip, queueing and processing delay; the largest remaining
 * slack before the deadline wins.
 */
class EarliestExpectedCompletionPolicy : public SchedulingPolicy
{
  public:
    static TypeId GetTypeId();
    std::string GetName() const override;

    /// The policy's rule: the first of \p feasible (never empty) with the most expected slack.
    static std::size_t Earliest(const QueryContext& query, const std::vector<Candidate>& feasible);

  protected:
    std::optional<std::size_t> DoChoose(const QueryContext& query,
                                      const std::vector<Candidate>& feasible) override;
};

/// Short names and TypeId names of the static policies, in presentation order.
const std::vector<std::pair<std::string, std::string>>& GetStaticPolicyNames();

/**
 * Index in GetStaticPolicyNames() of the static policy named \p name (its
 * short name); throws std::invalid_argument naming the static policies on
 * any other name.
 */
std::size_t GetStaticPolicyIndex(const std::string& name);

/// A new static policy of short name \p name; throws as GetStaticPolicyIndex does.
Ptr<SchedulingPolicy> CreateStaticPolicy(const std::string& name);

} // namespace ns3

#endif // STATIC_SCHEDULING_POLICIES_H
