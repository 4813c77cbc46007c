// SPDX-License-Identifier: GPL-2.0-only
//
// A program outside the aset source tree, built against the installed
// package (see CMakeLists.txt next to this file): the default scenario,
// shortened to one second of queries, under the closest policy.
//
// ASET_CATALOGUE, the installed catalogue, is defined by the build: from
// aset_DATA_DIR with CMake, from `pkg-config --variable=datadir aset` with
// pkg-config (doc/aset.rst, "The installed package").
#include "ns3/aset-module.h"

#ifndef ASET_CATALOGUE
#error "define ASET_CATALOGUE as the installed model-catalogue.csv (doc/aset.rst, 'The installed package')"
#endif

#include <filesystem>
#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    AsetScenario scenario = AsetScenario::Default();
    scenario.duration = Seconds(1);
    scenario.cataloguePath = ASET_CATALOGUE;
    // The power model is installed beside the catalogue.
    scenario.powerPath =
        std::filesystem::path(ASET_CATALOGUE).replace_filename("hardware-power.csv").string();
    AsetExperiment experiment(scenario, ModelCatalogue::LoadFromFile(scenario.cataloguePath));
    const PolicyRunResult result = experiment.Run("closest", 1, 1);
    AsetResultsWriter::PrintTable(std::cout, {PolicySummary::FromRun(result)});
    // Fails unless queries were sent and every one ended in exactly one outcome.
    return result.sent > 0 && result.CheckAccounting().empty() ? 0 : 1;
}
