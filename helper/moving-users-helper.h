// SPDX-License-Identifier: GPL-2.0-only
#ifndef MOVING_USERS_HELPER_H
#define MOVING_USERS_HELPER_H

#include "aset-scenario.h"
#include "inference-client-helper.h"

#include "ns3/address.h"
#include "ns3/application-container.h"
#include "ns3/nearest-access-handover.h"
#include "ns3/node-container.h"
#include "ns3/rectangle.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief The nodes, clients and handover deciders of a scenario's moving users.
 */
struct MovingUsers
{
    NodeContainer nodes;          //!< one per user, each with its MobilityModel
    ApplicationContainer clients; //!< one InferenceClientApplication per user
    std::vector<Ptr<NearestAccessHandover>> handovers; //!< one per user
};

/**
 * \ingroup aset
 * \brief Places access nodes on a grid and creates moving users that a
 * NearestAccessHandover keeps attached to their nearest access node
 * (MobilitySpec, MovingUsersSpec).
 *
 * \code
 *   MovingUsersHelper users(scenario.mobility);
 *   users.PlaceAccessNodes(topology.access);
 *   MovingUsers moving = users.Install(clientHelper, topology.access, schedulers, 1.0, 400000);
 * \endcode
 */
class MovingUsersHelper
{
  public:
    /// Random streams each user takes (its client's, its mobility model's, its start).
    static constexpr int64_t kStreamsPerUser = 20;

    explicit MovingUsersHelper(const MobilitySpec& spec);

    /// Gives each of \p access a ConstantPositionMobilityModel at its place on the grid.
    void PlaceAccessNodes(const NodeContainer& access) const;

    /// The area users move in, for \p accessNodes access nodes: the grid plus half a spacing.
    Rectangle GetArea(uint32_t accessNodes) const;

    /**
     * Creates every group's users, in order: a node each with its mobility
     * model, a client from \p clients (at the group's rate times \p load), and
     * a NearestAccessHandover over \p access, whose node i sends to
     * \p schedulers[i]; each handover is started, so each client is attached
     * to its nearest access node. The access nodes must have been placed.
     * User k takes the random streams from \p stream + k x kStreamsPerUser.
     */
    MovingUsers Install(InferenceClientHelper& clients,
                        const NodeContainer& access,
                        const std::vector<Address>& schedulers,
                        double load,
                        int64_t stream) const;

  private:
    /// The mobility model of a user of \p group, the \p index-th of the run.
    Ptr<MobilityModel> CreateModel(const MovingUsersSpec& group,
                                   uint32_t index,
                                   const Rectangle& area,
                                   int64_t stream) const;

    MobilitySpec m_spec;
};

} // namespace ns3

#endif // MOVING_USERS_HELPER_H
