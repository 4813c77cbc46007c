// SPDX-License-Identifier: GPL-2.0-only
#ifndef TIERED_TOPOLOGY_DESCRIPTION_H
#define TIERED_TOPOLOGY_DESCRIPTION_H

#include "tiered-topology-parameters.h"

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief The role of a node in a tiered operator network.
 */
enum class TieredRole : uint8_t
{
    ACCESS,            //!< clients attach here
    FAR_EDGE_GATEWAY,  //!< a far-edge site's router: runs a scheduler
    FAR_EDGE,          //!< a far-edge cluster
    NEAR_EDGE_GATEWAY, //!< a near-edge site's router
    NEAR_EDGE,         //!< a near-edge cluster
    CORE,              //!< a core or transit router
    CLOUD,             //!< a cloud-region cluster
};

/// The role's name in topology files: access, far-edge-gateway, far-edge, near-edge-gateway,
/// near-edge, core, cloud.
std::string ToString(TieredRole role);

/**
 * For an unknown node name that is an old generated gateway name (gateway-<i>,
 * metro-<i>): "; the gateways are now named far-edge-gateway-<i> and
 * near-edge-gateway-<i> ('metro-0' is 'near-edge-gateway-0')", for an error
 * to append. Empty for any other name. (A topology file's roles "gateway"
 * and "metro" are refused the same way, naming the new role.)
 */
std::string GetRenamedNodeHint(const std::string& name);

/// True for the roles that host a cluster: far-edge, near-edge and cloud.
bool IsCluster(TieredRole role);

/**
 * The value named \p text among \p choices (name, value); throws
 * std::invalid_argument "expected a, b or c, got '<text>'".
 */
template <typename T>
T
FindByName(const std::vector<std::pair<std::string, T>>& choices, const std::string& text)
{
    std::string names;
    for (std::size_t i = 0; i < choices.size(); ++i)
    {
        if (text == choices[i].first)
        {
            return choices[i].second;
        }
        names += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i].first;
    }
    throw std::invalid_argument("expected " + names + ", got '" + text + "'");
}

/// The routings by their names in scenario files and options: global, next-hop.
const std::vector<std::pair<std::string, TieredRouting>>& GetRoutingNames();
/// The beacon scopes by their names in scenario files and options: all, region, far-edge-region.
const std::vector<std::pair<std::string, TieredBeaconScope>>& GetBeaconScopeNames();

/**
 * \ingroup aset
 * \brief A tiered network as nodes and links, before any ns-3 node exists:
 * generated from TieredTopologyParameters, or read from a file.
 *
 * TieredTopologyHelper::Build() turns it into ns-3 nodes and links. The
 * text format (doc/aset.rst, "Topology files"), one statement a line,
 * '#' starts a comment:
 *
 *     node <name> <role> [capacity=<x>]
 *     link <a> <b> <rate|-> <delay|-> [loss=<p>] [background=<u>]
 *
 * A '-' takes the rate or delay of the link's class in the
 * TieredTopologyParameters (see GetLinkClass()). Every error is an
 * AsetInputError naming the file, the line and the field.
 */
class TieredTopologyDescription
{
  public:
    /// A node: its name, role and, for a cluster, its capacity (0: the role's default).
    struct Node
    {
        std::string name;
        TieredRole role{TieredRole::CORE};
        double capacity{0};
        std::size_t line{0}; //!< where it was defined (0: not from a file line)
    };

    /// A link between nodes a and b (indices into GetNodes()); unset fields take the class's.
    struct Link
    {
        uint32_t a{0};
        uint32_t b{0};
        std::optional<DataRate> rate;
        std::optional<Time> delay;
        std::optional<double> loss;
        std::optional<double> background;
        std::size_t line{0};
    };

    /**
     * The most nodes a network may have, generated or read. ns-3's global
     * routing and every scheduler's beacons grow with the square of the
     * network; beyond this a run does not end in useful time.
     */
    static constexpr uint32_t kMaxNodes = 2000;

    /// The longest one-way delay of a link, in seconds (a geostationary hop takes 0.3).
    static constexpr double kMaxLinkDelaySeconds = 10;

    /// The tiered network that TieredTopologyHelper generates from \p parameters.
    static TieredTopologyDescription Generate(const TieredTopologyParameters& parameters);

    /// Reads the text format from \p in; \p sourceName names it in errors.
    static TieredTopologyDescription Parse(std::istream& in, const std::string& sourceName);

    /**
     * Reads a topology file of \p format: "aset" (the text format above) or
     * one of ns-3's TopologyReader formats, "inet", "orbis" or "rocketfuel".
     * Those carry no roles: \p rolesPath, a file of node lines only, gives
     * the role (and capacity) of the nodes it names, and every other node is
     * a core router. Their links take the rates and delays of their class.
     * Throws AsetInputError.
     */
    static TieredTopologyDescription Load(const std::string& format,
                                          const std::string& path,
                                          const std::string& rolesPath = "");

    /// The formats Load() reads: aset, inet, orbis, rocketfuel.
    static std::vector<std::string> GetFormatNames();

    /// The path of a topology file shipped in data/topologies/, e.g. "default.topo".
    static std::string GetShippedPath(const std::string& name);

    const std::string& GetSourceName() const;
    const std::vector<Node>& GetNodes() const;
    const std::vector<Link>& GetLinks() const;
    /// Index of the node named \p name, or -1.
    int64_t FindNode(const std::string& name) const;
    /// True if the node named \p name hosts a cluster (far-edge, near-edge or cloud).
    bool IsClusterNode(const std::string& name) const;

    /**
     * The parameters' link class of a link between roles \p a and \p b,
     * first match: an access node: access; a cloud cluster: cloud; a
     * far-edge gateway and a far-edge cluster, or a near-edge gateway and a
     * near-edge cluster: siteLan; a core router: core; anything else (the
     * metro network between far-edge and near-edge gateways): metro.
     */
    static const TieredLinkSpec& GetLinkClass(TieredRole a,
                                              TieredRole b,
                                              const TieredTopologyParameters& parameters);

    /// Link \p link's rate, delay, loss and background load, its class filling what it leaves unset.
    TieredLinkSpec GetLinkSpec(std::size_t link, const TieredTopologyParameters& parameters) const;

    /// The capacity multiplier of cluster node \p node: parameters.clusterCapacity by name, else
    /// the node's own, else its tier's (farEdgeCapacity, nearEdgeCapacity, cloudCapacity).
    double GetCapacity(std::size_t node, const TieredTopologyParameters& parameters) const;

    /**
     * For each access node, in file order, the index (among the far-edge
     * gateways, in file order) of its nearest far-edge gateway by one-way
     * propagation delay, ties
     * going to fewer hops, then to the lower index. Boost.Graph's Dijkstra.
     */
    std::vector<uint32_t> GetGatewayOfAccess(const TieredTopologyParameters& parameters) const;
    /**
     * For each node of role \p from, in file order, the index (among the
     * nodes of role \p to, in file order) of its nearest by one-way
     * propagation delay, ties going to fewer hops, then to the lower index;
     * kNone if it reaches none.
     */
    std::vector<uint32_t> GetNearest(TieredRole from,
                                     TieredRole to,
                                     const TieredTopologyParameters& parameters) const;
    /// GetNearest's index of a node that reaches no node of the role asked for.
    static constexpr uint32_t kNone = UINT32_MAX;
    /**
     * The schedulers that hear each cluster under parameters.beaconScope: for
     * each cluster node, far edge first, then near edge, then cloud (file order
     * within a tier, as TieredTopology::GetClusterNodes()), the indices of the
     * gateways (file order) it beacons to. A region is a near-edge gateway and
     * the far-edge gateways whose nearest near-edge gateway (by path delay) it
     * is; a far-edge cluster belongs to its nearest gateway's region, a
     * near-edge cluster to its nearest near-edge gateway's. ALL: every cluster
     * to every gateway. REGION: far-edge and near-edge clusters to the
     * gateways of their region, cloud clusters to every gateway.
     * FAR_EDGE_REGION: far-edge clusters to their region, near-edge and cloud
     * clusters to every gateway. A cluster without a region, or whose region
     * has no gateway, and every cluster of a network without near-edge
     * gateways, beacons to every gateway.
     */
    std::vector<std::vector<uint32_t>> GetBeaconAudience(
        const TieredTopologyParameters& parameters) const;

    /// The one-way propagation delay of the shortest path between the nodes named \p a and \p b.
    Time GetPathDelay(const std::string& a,
                      const std::string& b,
                      const TieredTopologyParameters& parameters) const;

    /**
     * Throws std::invalid_argument if \p parameters do not fit this network:
     * a clusterCapacity entry that names no cluster, a capacity or a
     * background load out of range.
     */
    void CheckParameters(const TieredTopologyParameters& parameters) const;

  private:
    /// Appends \p node; throws AsetInputError if its name is taken.
    void AddNode(const Node& node, const std::string& source);
    /// Checks the graph: roles present, every node linked, access nodes reach a far-edge gateway,
    /// connected.
    void Validate() const;
    /// Shortest distances from \p source: delay in ns times 2^16 plus hops; -1 when unreachable.
    std::vector<int64_t> Distances(std::size_t source, const TieredTopologyParameters& parameters) const;

    std::string m_sourceName;
    std::vector<Node> m_nodes;
    std::vector<Link> m_links;
};

} // namespace ns3

#endif // TIERED_TOPOLOGY_DESCRIPTION_H
