// SPDX-License-Identifier: GPL-2.0-only
#include "aset-application-helper.h"

#include "ns3/abort.h"
#include "ns3/application.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <map>
#include <set>

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

struct AsetApplicationHelper::IdRange
{
    uint32_t next{0};
    std::set<uint32_t> given;
};

AsetApplicationHelper::IdRange&
AsetApplicationHelper::GetIds() const
{
    static std::map<std::string, IdRange> ids;
    if (ids.empty())
    {
        // Every simulation numbers its applications afresh.
        Simulator::ScheduleDestroy(+[] { ids.clear(); });
    }
    return ids[m_factory.GetTypeId().GetName() + "::" + m_idAttribute];
}

void
AsetApplicationHelper::SetNextId(uint32_t id)
{
    GetIds().next = id;
}

ApplicationContainer
AsetApplicationHelper::Install(Ptr<Node> node)
{
    IdRange& ids = GetIds();
    const uint32_t id = ids.next++;
    NS_ABORT_MSG_UNLESS(ids.given.insert(id).second,
                        m_factory.GetTypeId().GetName()
                            << " " << m_idAttribute << " " << id
                            << " is given twice in this simulation (SetNextId() asked for an id "
                               "an installer had already given): ids must be unique");
    Ptr<Application> application = m_factory.Create<Application>();
    application->SetAttribute(m_idAttribute, UintegerValue(id));
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
