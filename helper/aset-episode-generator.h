// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_EPISODE_GENERATOR_H
#define ASET_EPISODE_GENERATOR_H

#include "aset-scenario.h"

#include "ns3/model-catalogue.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <array>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Draws the scenarios of training episodes: each one's network as
 * well as its conditions, so that an agent trained on them generalises to
 * operator networks it never saw (doc/aset.rst, "Training").
 *
 * The built-in mix takes a quarter of its episodes around the given
 * scenario variants (AsetScenario::Variant), most of the others on a
 * generated tiered network of random size, and the rest on an imported
 * topology (data/topologies/small.inet); all but the first part with random
 * link delays and loss, capacities, deployments, hidden slowdowns, load,
 * arrival process and application mix. AroundFiles() instead draws around
 * the user's own scenario files, to specialise an agent to one network.
 *
 * Every draw is a complete scenario named after what was drawn ("gen fe5 ne2
 * c1 a12 near-edge-x4.2 load1.30 onoff": far-edge and near-edge sites, cloud
 * regions, access nodes, ...; names hold no comma), whose
 * duration keeps the expected number of queries near a target. Draws depend
 * only on the generator passed in, so a training is reproducible.
 */
class AsetEpisodeGenerator
{
  public:
    /**
     * Expected queries per episode, by default (aset-train --episode-queries):
     * the default scenario's 10 s at load 1. It bounds an episode's cost,
     * which grows with its queries and its schedulers' decisions.
     */
    static constexpr double kDefaultTargetQueries = 6000;

    /**
     * How long an episode lasts: the time its nominal query rate (every
     * access node's rate at the scenario's load, times the arrival process's
     * mean multiplier) takes to send \p targetQueries queries, within
     * [minDuration, maxDuration].
     */
    struct Durations
    {
        double targetQueries{kDefaultTargetQueries};
        Time minDuration{Seconds(1)};
        Time maxDuration{Seconds(10)};
    };

    /// The built-in mix; \p variants may be empty. Throws std::invalid_argument for an unknown
    /// variant or bad durations.
    AsetEpisodeGenerator(const std::vector<std::string>& variants, const Durations& durations);

    /**
     * Episodes around the scenario files in \p paths (AsetScenarioFile::Load),
     * each checked against its own catalogue and network as a run would be.
     * Throws AsetInputError or std::invalid_argument on one line naming the
     * file, for the first bad one.
     */
    static AsetEpisodeGenerator AroundFiles(const std::vector<std::string>& paths,
                                            const Durations& durations);

    /// A training episode's scenario.
    AsetScenario Draw(std::mt19937_64& rng) const;
    /**
     * Validation condition \p k: the parts of the mix in turn (around a
     * variant, generated, imported; or the files in turn), so that a few
     * conditions cover them all.
     */
    AsetScenario DrawForValidation(std::size_t k, std::mt19937_64& rng) const;

    /// The catalogue of a drawn scenario: loaded once per path, when the generator was built.
    Ptr<ModelCatalogue> GetCatalogue(const AsetScenario& scenario) const;

    /// The topology files the built-in mix imports, as (format, file, roles file).
    static std::vector<std::array<std::string, 3>> GetImportedTopologies();

  private:
    /// Cluster names per tier (far edge, near edge, cloud) and access nodes of a network.
    struct Network
    {
        uint32_t accessNodes{0};
        std::array<std::vector<std::string>, 3> clusters;

        static Network Of(const AsetScenario& scenario);
    };

    /// A scenario to draw around, with its network.
    struct Base
    {
        AsetScenario scenario;
        Network network;
    };

    explicit AsetEpisodeGenerator(const Durations& durations);

    AsetScenario DrawAroundVariant(std::size_t variant, std::mt19937_64& rng) const;
    AsetScenario DrawGenerated(std::mt19937_64& rng) const;
    AsetScenario DrawImported(std::size_t topology, std::mt19937_64& rng) const;
    AsetScenario DrawAroundFile(std::size_t file, std::mt19937_64& rng) const;
    /// The conditions of a generated or imported network: links, hardware, workload, duration.
    void DrawConditions(AsetScenario& s,
                        const Network& network,
                        std::vector<std::string>& labels,
                        std::mt19937_64& rng) const;
    /// Sets \p s's duration from its nominal query rate on \p accessNodes nodes.
    void BoundDuration(AsetScenario& s, uint32_t accessNodes) const;
    /// Loads the catalogue of \p path unless already loaded.
    void AddCatalogue(const std::string& path);

    Durations m_durations;
    std::vector<std::string> m_variants;
    Network m_defaultNetwork;     //!< the variants' network
    std::vector<Base> m_imported; //!< the built-in mix's imported topologies
    std::vector<Base> m_files;    //!< AroundFiles' scenarios
    std::map<std::string, Ptr<ModelCatalogue>> m_catalogues; //!< by path
};

} // namespace ns3

#endif // ASET_EPISODE_GENERATOR_H
