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
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief The role of a node in a tiered operator network.
 */
enum class TieredRole : uint8_t
{
    ACCESS,    //!< clients attach here
    GATEWAY,   //!< a far-edge site's gateway: runs a scheduler
    FAR_EDGE,  //!< a far-edge cluster
    METRO,     //!< a metro (near-edge) site's router
    NEAR_EDGE, //!< a near-edge (metro) cluster
    CORE,      //!< a core or transit router
    CLOUD,     //!< a cloud-region cluster
};

/// The role's name in topology files: access, gateway, far-edge, metro, near-edge, core, cloud.
std::string ToString(TieredRole role);

/// True for the roles that host a cluster: far-edge, near-edge and cloud.
bool IsCluster(TieredRole role);

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
     * gateway and a far-edge cluster, or a metro router and a near-edge
     * cluster: siteLan; a core router: core; anything else: metro.
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
     * For each access node, in file order, the index (among the gateways, in
     * file order) of its nearest gateway by one-way propagation delay, ties
     * going to fewer hops, then to the lower index. Boost.Graph's Dijkstra.
     */
    std::vector<uint32_t> GetGatewayOfAccess(const TieredTopologyParameters& parameters) const;

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
    /// Checks the graph: roles present, every node linked, access nodes reach a gateway, connected.
    void Validate() const;
    /// Shortest distances from \p source: delay in ns times 2^16 plus hops; -1 when unreachable.
    std::vector<int64_t> Distances(std::size_t source, const TieredTopologyParameters& parameters) const;

    std::string m_sourceName;
    std::vector<Node> m_nodes;
    std::vector<Link> m_links;
};

} // namespace ns3

#endif // TIERED_TOPOLOGY_DESCRIPTION_H
