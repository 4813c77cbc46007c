// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_TRACING_HELPER_H
#define ASET_TRACING_HELPER_H

#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class AnimationInterface;
class FlowMonitorHelper;
struct TieredTopology;

/**
 * \ingroup aset
 * \brief The ns-3 views a run can write, for teaching and debugging
 * (the examples' --pcap, --netanim and --flowmon switches).
 */
struct AsetTracingOptions
{
    /**
     * Links to capture, comma-separated: "all"; "access" (the access links,
     * at the client's end); a role (client; gateway: the far-edge and
     * near-edge gateways; cluster; router: the core; cloud); or node names
     * (access-0, far-edge-gateway-1, near-edge-gateway-0, core, cloud-0, ...).
     * Every point-to-point device of a chosen node writes
     * <prefix>-<node>-<peer>.pcap, <peer> being the node at the link's other
     * end (PPP link type, readable by Wireshark and tshark). Empty: no capture.
     */
    std::string pcap;
    bool netanim{false}; //!< write <prefix>-netanim.xml, a NetAnim animation
    bool flowmon{false}; //!< write <prefix>-flowmon.xml, FlowMonitor's per-flow statistics
    /// Packets are animated up to this simulated time only, to keep the file small (nodes always
    /// are).
    Time animationStop{Seconds(1)};

    /// True if any view is asked for.
    bool IsEnabled() const;
};

/**
 * \ingroup aset
 * \brief Writes the views of AsetTracingOptions for one simulation.
 *
 * Name the nodes (AddTopology() for a TieredTopology, AddNode() for any
 * other), Start() before Simulator::Run(), Finish() after it and before
 * Simulator::Destroy(). In the animation nodes are laid out in columns by
 * tier (clients left, cloud right), labelled "<name> (<role>)" and coloured
 * by role.
 */
class AsetTracingHelper
{
  public:
    /// \param options what to write \param prefix path and start of every file name, e.g.
    /// "results/closest"
    AsetTracingHelper(const AsetTracingOptions& options, const std::string& prefix);
    ~AsetTracingHelper();
    AsetTracingHelper(const AsetTracingHelper&) = delete;
    AsetTracingHelper& operator=(const AsetTracingHelper&) = delete;

    /**
     * Names \p node (pcap selection, file names, animation label) and places
     * it in the animation at column \p column (its tier, 0 for clients),
     * row \p row. \p role is one of client, gateway, cluster, router, cloud.
     */
    void AddNode(Ptr<Node> node,
                 const std::string& name,
                 const std::string& role,
                 uint32_t column,
                 uint32_t row);

    /// Adds every node of \p topology under TieredTopology::GetNodeName, by tier.
    void AddTopology(const TieredTopology& topology);

    /**
     * Enables the chosen views. Throws std::invalid_argument naming any item
     * of AsetTracingOptions::pcap that matches no node.
     */
    void Start();

    /// Writes what is written at the end (FlowMonitor) and closes the animation.
    void Finish();

    /// Every file this helper writes, once started.
    const std::vector<std::string>& GetFiles() const;

  private:
    struct NamedNode
    {
        Ptr<Node> node;
        std::string name;
        std::string role;
        uint32_t column;
        uint32_t row;
    };

    std::vector<const NamedNode*> SelectPcapNodes() const;
    /// The name \p node was added under, or node<id>.
    std::string GetName(Ptr<Node> node) const;

    AsetTracingOptions m_options;
    std::string m_prefix;
    std::vector<NamedNode> m_nodes;
    std::vector<std::string> m_files;
    std::unique_ptr<AnimationInterface> m_animation;
    std::unique_ptr<FlowMonitorHelper> m_flowMonitor;
};

} // namespace ns3

#endif // ASET_TRACING_HELPER_H
