// SPDX-License-Identifier: GPL-2.0-only
//
// main() for a fuzz target built without libFuzzer: feeds it every file of
// the folders (recursively, in name order) and files it is given, once.
//
//   fuzz-<target> <folder|file>...
//
// A target aborts on a finding, after the name of the input printed here.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size);

int
main(int argc, char** argv)
{
    std::vector<std::filesystem::path> inputs;
    for (int i = 1; i < argc; ++i)
    {
        const std::filesystem::path given(argv[i]);
        if (!std::filesystem::exists(given))
        {
            std::cerr << argv[0] << ": error: " << given.string() << ": no such file or folder\n";
            return 2;
        }
        if (!std::filesystem::is_directory(given))
        {
            inputs.push_back(given);
            continue;
        }
        std::vector<std::filesystem::path> inFolder;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(given))
        {
            if (entry.is_regular_file())
            {
                inFolder.push_back(entry.path());
            }
        }
        std::sort(inFolder.begin(), inFolder.end());
        inputs.insert(inputs.end(), inFolder.begin(), inFolder.end());
    }
    for (const auto& path : inputs)
    {
        std::cout << "input " << path.string() << std::endl;
        std::ifstream in(path, std::ios::binary);
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                      std::istreambuf_iterator<char>()};
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    }
    std::cout << inputs.size() << " inputs, no finding" << std::endl;
    return 0;
}
