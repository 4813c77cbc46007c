// SPDX-License-Identifier: GPL-2.0-only
#include "aset-policy-library.h"

#include <dlfcn.h>
#include <filesystem>
#include <stdexcept>

namespace ns3
{

std::string
AsetPolicyLibrary::Load(const std::string& file)
{
    const std::string problem = std::string("--") + kOption + ": cannot load '" + file + "': ";
    std::error_code error;
    if (!std::filesystem::is_regular_file(file, error))
    {
        throw std::invalid_argument(problem + "no such file");
    }
    // An absolute path: dlopen would search the library path for a bare name.
    const std::string path = std::filesystem::absolute(file).lexically_normal().string();
    // RTLD_NOW: a missing symbol is reported here, not at the first decision.
    // RTLD_GLOBAL: a library that depends on another one finds its symbols.
    if (!dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL))
    {
        std::string why = dlerror();
        // dlerror starts with the path again: "<path>: <what is wrong>".
        if (why.rfind(path + ": ", 0) == 0)
        {
            why.erase(0, path.size() + 2);
        }
        throw std::invalid_argument(problem + why);
    }
    return path;
}

std::vector<std::string>
AsetPolicyLibrary::LoadFromCommandLine(int argc, char* argv[])
{
    const std::string prefix = std::string("--") + kOption + "=";
    std::vector<std::string> loaded;
    for (int i = 1; i < argc; ++i)
    {
        const std::string arg = argv[i];
        if (arg.rfind(prefix, 0) == 0)
        {
            loaded.push_back(Load(arg.substr(prefix.size())));
        }
    }
    return loaded;
}

} // namespace ns3
