// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_FAULT_TIMELINE_H
#define ASET_FAULT_TIMELINE_H

#include "tiered-topology-helper.h"

#include "ns3/model-catalogue.h"
#include "ns3/nstime.h"

#include <boost/property_tree/ptree_fwd.hpp>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief One planned what-if event of a scenario: a cluster goes down or
 * comes back, a link fails or is repaired, a cluster's capacity changes.
 *
 * Targets are named as TieredTopology::GetNodeName() names nodes
 * (far-edge-0, near-edge-0, cloud-0, ...); a link is named by its two ends,
 * "<nodeA>--<nodeB>", in either order. doc/aset.rst (Faults) gives the
 * semantics of each kind.
 */
struct FaultEvent
{
    enum Kind : uint8_t
    {
        CLUSTER_DOWN, //!< the cluster crashes: see EdgeClusterApplication::SetAvailable
        CLUSTER_UP,   //!< the cluster is back, with empty queues
        LINK_DOWN,    //!< the link stops carrying packets; routes are recomputed
        LINK_UP,      //!< the link carries packets again; routes are recomputed
        CAPACITY      //!< the cluster's Slowdown and/or an instance's replicas change
    };

    FaultEvent() = default;
    FaultEvent(Time at, Kind kind, std::string target);

    Time at; //!< simulation time (queries start at the scenario's warmup)
    Kind kind{CLUSTER_DOWN};
    std::string target;   //!< a cluster node's name, or "<nodeA>--<nodeB>" for a link
    double slowdown{0};   //!< CAPACITY: the cluster's new Slowdown; 0 leaves it as it is
    uint16_t replicas{0}; //!< CAPACITY: the new replica count; 0 leaves it as it is
    std::string variant;  //!< CAPACITY with replicas: the variant whose instances change

    /// "cluster-down", "cluster-up", "link-down", "link-up", "capacity".
    static std::string GetKindName(Kind kind);
    /// Every kind's name, in enum order.
    static std::vector<std::string> GetKindNames();
    /// Whether the kind targets a link (else a cluster).
    bool IsLinkEvent() const;
    /// One line for people, e.g. "5.2 s cluster-down far-edge-0" or "6 s capacity near-edge-0
    /// slowdown 2".
    std::string ToString() const;

    /**
     * Checks what can be checked without a topology: a time that is not
     * negative, a link target of the form a--b, and the capacity fields
     * (set only on a capacity event, at least one of slowdown and replicas,
     * a variant with replicas, slowdown within EdgeClusterApplication's
     * bounds). With \p catalogue, the variant must be in it. Throws
     * std::invalid_argument "<where>.<field>: <problem>".
     */
    void Check(const std::string& where, const ModelCatalogue* catalogue = nullptr) const;
};

/**
 * \ingroup aset
 * \brief Reads a fault timeline from the JSON array a scenario file holds
 * under "faults", as boost::property_tree reads it:
 *
 *     [{"at": "5s", "kind": "cluster-down", "target": "far-edge-0"},
 *      {"at": "8s", "kind": "cluster-up", "target": "far-edge-0"},
 *      {"at": "6s", "kind": "link-down", "target": "far-edge-gateway-1--near-edge-gateway-0"},
 *      {"at": "6s", "kind": "capacity", "target": "near-edge-0", "slowdown": 2},
 *      {"at": "7s", "kind": "capacity", "target": "near-edge-0",
 *       "variant": "yolov5m", "replicas": 1}]
 *
 * Keys: at (required, a time with a unit), kind (required), target
 * (required), slowdown, replicas and variant (capacity only). Every event is
 * checked with FaultEvent::Check (without a catalogue). Errors throw
 * std::invalid_argument with one line naming the element and field, e.g.
 * "faults[1].kind: expected one of cluster-down, cluster-up, link-down,
 * link-up, capacity; got 'x'", \p where standing for "faults".
 */
std::vector<FaultEvent> ParseFaultTimeline(const boost::property_tree::ptree& faults,
                                           const std::string& where);

/**
 * \ingroup aset
 * \brief Applies a fault timeline to a built network: resolves every
 * event's target in \p topology (a cluster event needs an
 * EdgeClusterApplication on the node; a link event a link between the two
 * nodes; a capacity event with a variant an instance of it) and schedules
 * the events in the simulator, in timeline order for equal times.
 *
 * Resolves them all before scheduling any, so an error leaves the simulator
 * untouched: std::invalid_argument "<where>[i].<field>: <problem>".
 *
 * A link event sets the IPv4 interfaces on both ends down (or up), so that
 * the link carries no packet, and then recomputes the routes
 * (Ipv4GlobalRoutingHelper's or AsetNextHopRoutingHelper's
 * RecomputeRoutingTables): routing re-converges at once, around the link
 * where another path exists.
 */
void ScheduleFaultTimeline(const std::vector<FaultEvent>& faults,
                           const TieredTopology& topology,
                           const std::string& where);

/**
 * \ingroup aset
 * \brief Sets the IPv4 interfaces of a link's two devices up or down and
 * recomputes the routes, as a link event of a fault timeline does.
 */
void SetLinkUp(const NetDeviceContainer& link, bool up);

} // namespace ns3

#endif // ASET_FAULT_TIMELINE_H
