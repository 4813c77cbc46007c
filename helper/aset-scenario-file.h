// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_SCENARIO_FILE_H
#define ASET_SCENARIO_FILE_H

#include "aset-scenario.h"

#include <istream>
#include <string>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Reads a whole experiment from a JSON scenario file (doc/aset.rst,
 * "Scenario files").
 *
 * Every key is optional and defaults to AsetScenario::Default()'s value, or
 * to the value of the file named by "extends" (read the same way, up to 8
 * levels deep); objects override key by key, and a list given in the file
 * (deployments, applications, ...) replaces the whole list. Unknown and
 * repeated keys are errors, so a typo is never silently ignored; an unknown
 * key's error lists the keys known in its object. Relative
 * paths (catalogue, topology file, trace, extends) are taken from the folder
 * of the file that names them. Every error is an AsetInputError
 * on one line: the file, the line for JSON syntax errors, the field's path
 * ("workload.rate", "applications[2].deadline") and what was expected.
 * Checks against the catalogue are AsetScenario::Validate's.
 */
class AsetScenarioFile
{
  public:
    /// Reads the scenario in \p path; its name defaults to the file name without ".json".
    static AsetScenario Load(const std::string& path);

    /**
     * Reads a scenario from \p in. \p sourceName names it in errors and, less
     * its folder and ".json", gives the default name; relative paths are
     * taken from \p baseDirectory.
     */
    static AsetScenario Parse(std::istream& in,
                              const std::string& sourceName,
                              const std::string& baseDirectory);

    /**
     * The scenario files \p paths name: a file as it is, a folder as the
     * ".json" files in it, in name order. A folder with none is an error.
     */
    static std::vector<std::string> ExpandFolders(const std::vector<std::string>& paths);

    /// The shipped network conditions: data/scenarios/conditions, each on a network other than the default.
    static std::string GetConditionsFolder();
};

} // namespace ns3

#endif // ASET_SCENARIO_FILE_H
