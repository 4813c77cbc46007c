// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_FUZZ_H
#define ASET_FUZZ_H

#include "ns3/aset-header-reader.h"
#include "ns3/packet.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

/**
 * \file
 * What every fuzz target of test/fuzz checks, and what they share.
 *
 * A target hands its input to one of the module's readers. The contract:
 * the reader either succeeds or throws an AsetInputError whose one-line
 * message begins with the file it names. Anything else is a finding: an
 * exception of another type, a message that names no file, a crash, an
 * abort (NS_FATAL_ERROR, NS_ABORT), a sanitizer report or a time-out.
 *
 * Each target defines LLVMFuzzerTestOneInput(). Built with ASET_FUZZ=ON it
 * links libFuzzer; otherwise fuzz-replay.cc gives it a main() that feeds it
 * every file of the folders and files it is given, once.
 */

namespace ns3
{
namespace fuzz
{

/// The input as text.
std::string Text(const uint8_t* data, std::size_t size);

/**
 * Runs \p read under the contract above: returns if it succeeds or throws an
 * AsetInputError that names its file; otherwise reports the finding on
 * stderr and aborts, which libFuzzer (and CTest) count as a failure.
 * Afterwards clears what ns-3 keeps between simulations (the nodes that
 * ns-3's topology readers create).
 */
void ExpectReadOrInputError(const std::function<void()>& read);

/// Reports \p problem as a finding and aborts.
[[noreturn]] void Finding(const std::string& problem);

/**
 * Reads a header of type \p H off a packet of the input, as the
 * applications do (ReadAsetHeader), and checks what that does to the packet:
 * a refused header leaves it whole, an accepted one takes exactly its own
 * bytes. Returns whether the header was accepted.
 */
template <class H>
bool
ReadHeaderOfInput(const uint8_t* data, std::size_t size, H& header)
{
    Ptr<Packet> packet = Create<Packet>(data, size);
    if (ReadAsetHeader(packet, header) != HeaderReadResult::OK)
    {
        if (packet->GetSize() != size)
        {
            Finding("a refused header was taken off its packet");
        }
        return false;
    }
    if (packet->GetSize() != size - header.GetSerializedSize())
    {
        Finding("an accepted header left the wrong payload");
    }
    return true;
}

/**
 * A file holding the input, for readers that take a path, in a folder of
 * this process's own below the system's temporary folder; removed with it.
 */
class InputFile
{
  public:
    InputFile(const std::string& name, const uint8_t* data, std::size_t size);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    const std::string& GetPath() const;

  private:
    std::string m_path;
};

/// The module's data/ folder in the source tree (seed inputs refer to its files).
std::string DataDirectory();

/**
 * Reads the scenario file \p text as aset-run does before it runs one:
 * AsetScenarioFile, then AsetExperiment, which loads its catalogue, network
 * and trace and checks the scenario against them. Relative paths are taken
 * from data/scenarios/conditions, where the seeds' "extends" and topology
 * files resolve. Throws what they throw.
 */
void ReadScenario(const std::string& text);

} // namespace fuzz
} // namespace ns3

#endif // ASET_FUZZ_H
