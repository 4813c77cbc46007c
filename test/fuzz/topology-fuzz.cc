// SPDX-License-Identifier: GPL-2.0-only
//
// Fuzz target: a topology file (TieredTopologyDescription) of the format
// ASET_FUZZ_FORMAT: "aset" (the module's own, read from a stream) or one
// that ns-3's TopologyReader reads from a file, "inet", "orbis" or
// "rocketfuel", with the roles of data/topologies/small.inet.roles (nodes
// named 0 to 11). A network that loads must fit the default parameters.
// Seeds: data/topologies and test/fuzz/seeds/topology-<format>.
#include "aset-fuzz.h"

#include "ns3/tiered-topology-description.h"

#include <sstream>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    const std::string format = ASET_FUZZ_FORMAT;
    fuzz::ExpectReadOrInputError([&] {
        TieredTopologyDescription network;
        if (format == "aset")
        {
            std::istringstream in(fuzz::Text(data, size));
            network = TieredTopologyDescription::Parse(in, "fuzz.topo");
        }
        else
        {
            const fuzz::InputFile file("fuzz." + format, data, size);
            network = TieredTopologyDescription::Load(format,
                                                      file.GetPath(),
                                                      fuzz::DataDirectory() +
                                                          "/topologies/small.inet.roles");
        }
        network.CheckParameters(TieredTopologyParameters());
    });
    return 0;
}
