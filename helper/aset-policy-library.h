// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_POLICY_LIBRARY_H
#define ASET_POLICY_LIBRARY_H

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Loads shared libraries of scheduling policies written outside the
 * module (--policy-library=<file>), so that aset-run, aset-sweep and
 * aset-evaluate can run them by TypeId name without being rebuilt.
 *
 * A library registers its policies' TypeIds as it is loaded (its
 * NS_OBJECT_ENSURE_REGISTERED lines run then). It must therefore be loaded
 * before anything looks TypeIds up: CheckAttributeOptions, which checks
 * --ns3::<Policy>::<Attribute>=..., and CommandLine::Parse.
 *
 * \code
 *   std::string library; // for --help only: every occurrence is loaded
 *   cmd.AddValue(AsetPolicyLibrary::kOption, AsetPolicyLibrary::kHelp, library);
 *   try
 *   {
 *       AsetPolicyLibrary::LoadFromCommandLine(argc, argv);
 *       CheckAttributeOptions(argc, argv);
 *       cmd.Parse(argc, argv);
 *       ...
 * \endcode
 *
 * Libraries stay loaded until the program ends: the TypeIds they registered
 * cannot be unregistered.
 */
class AsetPolicyLibrary
{
  public:
    /// The option's name, without its leading "--".
    static constexpr const char* kOption = "policy-library";
    /// The option's help text.
    static constexpr const char* kHelp =
        "Shared library of your own scheduling policies, loaded first so --policy and "
        "--ns3::<Policy>::<Attribute> can name them (may be given more than once)";

    /**
     * Loads \p file (a path; a relative one is taken from the current
     * folder). Throws std::invalid_argument "--policy-library: cannot load
     * '<file>': <why>" when it is not a file or not a loadable library.
     * \returns its absolute path.
     */
    static std::string Load(const std::string& file);

    /**
     * Loads the library of every --policy-library=<file> in \p argv, in
     * order, and leaves the rest of \p argv alone. \returns their absolute
     * paths, e.g. for passing on to other processes.
     */
    static std::vector<std::string> LoadFromCommandLine(int argc, char* argv[]);
};

} // namespace ns3

#endif // ASET_POLICY_LIBRARY_H
