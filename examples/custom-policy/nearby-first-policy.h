// SPDX-License-Identifier: GPL-2.0-only
//
// A scheduling policy of your own, as an example: see aset-custom-policy.cc
// next to this file and doc/aset.rst, "Writing your own policy".
#ifndef NEARBY_FIRST_POLICY_H
#define NEARBY_FIRST_POLICY_H

#include "ns3/nstime.h"
#include "ns3/scheduling-policy.h"

namespace ns3
{

/**
 * \brief nearby-first: among the feasible instances whose estimated round
 * trip is at most MaxRoundTrip, the one expected to answer first; when none
 * is that near, the closest one.
 *
 * With MaxRoundTrip 0 it decides as closest does; with a MaxRoundTrip beyond
 * every round trip, as earliest-expected-completion does. In between, it
 * weighs queueing against distance only among nearby sites and keeps the far
 * ones (the cloud) for when nothing nearer can serve the query.
 */
class NearbyFirstPolicy : public SchedulingPolicy
{
  public:
    static TypeId GetTypeId();
    std::string GetName() const override;

  protected:
    std::optional<std::size_t> DoChoose(const QueryContext& query,
                                        const std::vector<Candidate>& feasible) override;

  private:
    Time m_maxRoundTrip; //!< the MaxRoundTrip attribute
};

} // namespace ns3

#endif // NEARBY_FIRST_POLICY_H
