// SPDX-License-Identifier: GPL-2.0-only
#include "aset-fuzz.h"

#include "ns3/aset-experiment.h"
#include "ns3/aset-input-error.h"
#include "ns3/aset-scenario-file.h"
#include "ns3/model-catalogue.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <typeinfo>
#include <unistd.h>

namespace ns3
{
namespace fuzz
{

std::string
Text(const uint8_t* data, std::size_t size)
{
    return std::string(reinterpret_cast<const char*>(data), size);
}

void
Finding(const std::string& problem)
{
    std::cerr << "aset fuzz finding: " << problem << std::endl;
    std::abort();
}

void
ExpectReadOrInputError(const std::function<void()>& read)
{
    try
    {
        read();
    }
    catch (const AsetInputError& e)
    {
        const std::string what = e.what();
        const std::string& file = e.GetFile();
        // A file name with control characters is named escaped (AsetInputError).
        const bool plain = std::none_of(file.begin(), file.end(), [](char c) {
            return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
        });
        if (file.empty() || (plain && what.compare(0, file.size(), file) != 0) ||
            what.find('\n') != std::string::npos)
        {
            Finding("an AsetInputError that does not name its file on one line: " + what);
        }
    }
    catch (const std::exception& e)
    {
        Finding(std::string("an exception other than AsetInputError (") + typeid(e).name() +
                "): " + e.what());
    }
    catch (...)
    {
        Finding("an exception of unknown type");
    }
    Simulator::Destroy();
}

InputFile::InputFile(const std::string& name, const uint8_t* data, std::size_t size)
{
    const auto folder = std::filesystem::temp_directory_path() /
                        ("aset-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(folder);
    m_path = (folder / name).string();
    std::ofstream(m_path, std::ios::binary).write(reinterpret_cast<const char*>(data),
                                                  std::streamsize(size));
}

InputFile::~InputFile()
{
    std::error_code ignored;
    std::filesystem::remove(m_path, ignored);
}

const std::string&
InputFile::GetPath() const
{
    return m_path;
}

std::string
DataDirectory()
{
    return std::filesystem::path(ModelCatalogue::GetDefaultPath()).parent_path().string();
}

void
ReadScenario(const std::string& text)
{
    std::istringstream in(text);
    const AsetScenario scenario =
        AsetScenarioFile::Parse(in, "fuzz.json", DataDirectory() + "/scenarios/conditions");
    AsetExperiment experiment(scenario);
}

} // namespace fuzz
} // namespace ns3
