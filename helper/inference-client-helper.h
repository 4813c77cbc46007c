// SPDX-License-Identifier: GPL-2.0-only
#ifndef INFERENCE_CLIENT_HELPER_H
#define INFERENCE_CLIENT_HELPER_H

#include "aset-application-helper.h"

#include "ns3/address.h"
#include "ns3/application-profile.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Installs InferenceClientApplications that send to one scheduler,
 * each with the same application mix and its own ClientId.
 */
class InferenceClientHelper : public AsetApplicationHelper
{
  public:
    /// \param scheduler the scheduler's address \param port its query port
    InferenceClientHelper(const Address& scheduler, uint16_t port = 9000);

    /// Adds an application to the mix of every client installed from now on.
    void AddApplication(const ApplicationProfile& profile);

  private:
    void Configure(Ptr<Application> application) override;

    std::vector<ApplicationProfile> m_profiles;
};

} // namespace ns3

#endif // INFERENCE_CLIENT_HELPER_H
