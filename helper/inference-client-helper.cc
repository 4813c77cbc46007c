// SPDX-License-Identifier: GPL-2.0-only
#include "inference-client-helper.h"

#include "ns3/inference-client-application.h"
#include "ns3/uinteger.h"

namespace ns3
{

InferenceClientHelper::InferenceClientHelper(const Address& scheduler, uint16_t port)
    : AsetApplicationHelper(InferenceClientApplication::GetTypeId(), "ClientId")
{
    SetAttribute("Remote", AddressValue(scheduler));
    SetAttribute("RemotePort", UintegerValue(port));
}

void
InferenceClientHelper::AddApplication(const ApplicationProfile& profile)
{
    m_profiles.push_back(profile);
}

void
InferenceClientHelper::Configure(Ptr<Application> application)
{
    Ptr<InferenceClientApplication> client = DynamicCast<InferenceClientApplication>(application);
    for (const auto& profile : m_profiles)
    {
        client->AddApplication(profile);
    }
}

} // namespace ns3
