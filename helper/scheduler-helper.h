// SPDX-License-Identifier: GPL-2.0-only
#ifndef SCHEDULER_HELPER_H
#define SCHEDULER_HELPER_H

#include "aset-application-helper.h"

#include "ns3/model-catalogue.h"

namespace ns3
{

/**
 * \ingroup aset
 * \brief Installs SchedulerApplications running one policy, each with its own SchedulerId.
 */
class SchedulerHelper : public AsetApplicationHelper
{
  public:
    /// \param catalogue the catalogue the schedulers judge variants by
    /// \param policyTypeName TypeId name of the policy, e.g. "ns3::ClosestPolicy"
    SchedulerHelper(Ptr<ModelCatalogue> catalogue, const std::string& policyTypeName);

  private:
    void Configure(Ptr<Application> application) override;

    Ptr<ModelCatalogue> m_catalogue;
};

} // namespace ns3

#endif // SCHEDULER_HELPER_H
