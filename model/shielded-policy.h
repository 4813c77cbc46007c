// SPDX-License-Identifier: GPL-2.0-only
#ifndef SHIELDED_POLICY_H
#define SHIELDED_POLICY_H

#include "aset-shield.h"
#include "scheduling-policy.h"

#include <string>

namespace ns3
{

/**
 * \ingroup aset
 * \brief A static policy with ASET's shield (AsetShield) on its choices:
 * "closest+shield" keeps queries near unless they are expected late there.
 *
 * A fixed rule with no learning, for comparison: what ASET's learnt part
 * adds over its shield shows against it.
 */
class ShieldedPolicy : public SchedulingPolicy
{
  public:
    static TypeId GetTypeId();
    ShieldedPolicy();

    /// "<delegate>+shield", e.g. "closest+shield".
    std::string GetName() const override;
    int64_t AssignStreams(int64_t stream) override;
    bool CanChoose(const std::vector<Candidate>& feasible) const override;
    /// Queries the shield sent elsewhere than the delegate chose.
    uint64_t GetShieldedCount() const;

  protected:
    void DoDispose() override;
    std::optional<std::size_t> DoChoose(const QueryContext& query,
                                        const std::vector<Candidate>& feasible) override;

  private:
    /// Sets Delegate; throws std::invalid_argument on a name that is not a static policy.
    void SetDelegate(const std::string& name);
    std::string GetDelegate() const;
    void SetMargin(double margin);
    double GetMargin() const;

    std::string m_delegateName;
    Ptr<SchedulingPolicy> m_delegate;
    AsetShield m_shield;
    uint64_t m_shieldedCount{0};
};

} // namespace ns3

#endif // SHIELDED_POLICY_H
