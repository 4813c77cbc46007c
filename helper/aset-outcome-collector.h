// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_OUTCOME_COLLECTOR_H
#define ASET_OUTCOME_COLLECTOR_H

#include "aset-experiment.h"

#include "ns3/application-container.h"
#include "ns3/inference-client-application.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Keeps the outcome of every query that watched clients send, for
 * AsetResultsWriter: a script's one-line alternative to connecting each
 * client's Outcome trace itself.
 *
 * \code
 *   AsetOutcomeCollector outcomes(clients);
 *   Simulator::Run();
 *   PolicyRunResult result = outcomes.Collect("closest");
 *   Simulator::Destroy();
 * \endcode
 *
 * Records are kept per watched client (in the order watched) and per query
 * id, so they come out in (client, query) order without a sort. Counts are
 * kept per report, so a query reported twice, or never, shows in
 * PolicyRunResult::CheckAccounting(). The collector must outlive the run:
 * the clients' traces point to it.
 */
class AsetOutcomeCollector
{
  public:
    AsetOutcomeCollector() = default;
    /// Watches \p clients from the start (see Watch()).
    explicit AsetOutcomeCollector(const ApplicationContainer& clients);
    AsetOutcomeCollector(const AsetOutcomeCollector&) = delete;
    AsetOutcomeCollector& operator=(const AsetOutcomeCollector&) = delete;

    /// Connects to the Outcome trace of every InferenceClientApplication in \p clients.
    void Watch(const ApplicationContainer& clients);

    /// Outcomes reported so far (for a progress display during the run).
    uint64_t GetReportedCount() const;

    /**
     * After Simulator::Run() and before Simulator::Destroy(): ends the
     * queries still open (IN_FLIGHT) and returns every record, the outcome
     * counts, and the queries sent, late responses, malformed packets,
     * handovers and forwarded responses of the watched clients. \p policy names the result.
     */
    PolicyRunResult Collect(const std::string& policy);

  private:
    static void Record(AsetOutcomeCollector* self, std::size_t client, const QueryRecord& record);

    std::vector<Ptr<InferenceClientApplication>> m_clients;
    std::vector<std::vector<QueryRecord>> m_records; //!< per watched client, by query id
    OutcomeCounts m_counts{};
    uint64_t m_reported{0};
};

} // namespace ns3

#endif // ASET_OUTCOME_COLLECTOR_H
