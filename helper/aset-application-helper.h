// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_APPLICATION_HELPER_H
#define ASET_APPLICATION_HELPER_H

#include "ns3/application-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

namespace ns3
{

/**
 * \ingroup aset
 * \brief What the aset installers share, in the style of UdpEchoClientHelper:
 * attributes for every installed application, Install() on nodes, and a
 * running id so that each installed application gets its own.
 *
 * Ids run across every installer of the same kind in a simulation: a second
 * EdgeClusterHelper goes on from the first's last ClusterId, so that two
 * clusters never share one (schedulers tell clusters apart by it). An id
 * given twice through SetNextId() stops the program with an error naming it.
 * Simulator::Destroy() starts the ids again from 0.
 */
class AsetApplicationHelper
{
  public:
    virtual ~AsetApplicationHelper() = default;

    /// Sets an attribute on every application installed from now on.
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /// Installs one application on each node; ids continue from the last install of this kind.
    ApplicationContainer Install(NodeContainer nodes);
    ApplicationContainer Install(Ptr<Node> node);

    /// Id the next application of this kind gets (then incremented), whichever installer installs it.
    void SetNextId(uint32_t id);

  protected:
    /// \param typeId the application's TypeId \param idAttribute its id attribute's name
    AsetApplicationHelper(TypeId typeId, std::string idAttribute);

    /// Subclasses finish configuring each application here.
    virtual void Configure(Ptr<Application> application) = 0;

  private:
    /// The ids of one kind (TypeId and id attribute) given in this simulation.
    struct IdRange;
    /// This helper's kind's ids, cleared by Simulator::Destroy.
    IdRange& GetIds() const;

    ObjectFactory m_factory;
    std::string m_idAttribute;
};

} // namespace ns3

#endif // ASET_APPLICATION_HELPER_H
