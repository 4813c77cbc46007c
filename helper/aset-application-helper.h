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
 */
class AsetApplicationHelper
{
  public:
    virtual ~AsetApplicationHelper() = default;

    /// Sets an attribute on every application installed from now on.
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /// Installs one application on each node; ids continue from the last install.
    ApplicationContainer Install(NodeContainer nodes);
    ApplicationContainer Install(Ptr<Node> node);

    /// Id the next installed application gets (then incremented).
    void SetNextId(uint32_t id);

  protected:
    /// \param typeId the application's TypeId \param idAttribute its id attribute's name
    AsetApplicationHelper(TypeId typeId, std::string idAttribute);

    /// Subclasses finish configuring each application here.
    virtual void Configure(Ptr<Application> application) = 0;

  private:
    ObjectFactory m_factory;
    std::string m_idAttribute;
    uint32_t m_nextId{0};
};

} // namespace ns3

#endif // ASET_APPLICATION_HELPER_H
