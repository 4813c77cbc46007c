// SPDX-License-Identifier: GPL-2.0-only
#include "scheduler-helper.h"

#include "ns3/scheduler-application.h"
#include "ns3/string.h"

namespace ns3
{

SchedulerHelper::SchedulerHelper(Ptr<ModelCatalogue> catalogue, const std::string& policyTypeName)
    : AsetApplicationHelper(SchedulerApplication::GetTypeId(), "SchedulerId"),
      m_catalogue(catalogue)
{
    SetAttribute("Policy", StringValue(policyTypeName));
}

void
SchedulerHelper::Configure(Ptr<Application> application)
{
    DynamicCast<SchedulerApplication>(application)->SetCatalogue(m_catalogue);
}

} // namespace ns3
