// SPDX-License-Identifier: GPL-2.0-only
#include "aset-application-helper.h"

#include "ns3/application.h"
#include "ns3/node.h"
#include "ns3/uinteger.h"

namespace ns3
{

AsetApplicationHelper::AsetApplicationHelper(TypeId typeId, std::string idAttribute)
    : m_idAttribute(std::move(idAttribute))
{
    m_factory.SetTypeId(typeId);
}

void
AsetApplicationHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
AsetApplicationHelper::SetNextId(uint32_t id)
{
    m_nextId = id;
}

ApplicationContainer
AsetApplicationHelper::Install(Ptr<Node> node)
{
    Ptr<Application> application = m_factory.Create<Application>();
    application->SetAttribute(m_idAttribute, UintegerValue(m_nextId++));
    Configure(application);
    node->AddApplication(application);
    return ApplicationContainer(application);
}

ApplicationContainer
AsetApplicationHelper::Install(NodeContainer nodes)
{
    ApplicationContainer applications;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        applications.Add(Install(*it));
    }
    return applications;
}

} // namespace ns3
