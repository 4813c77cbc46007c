// SPDX-License-Identifier: GPL-2.0-only
//
// Fuzz target: a roles file, the node lines that give the nodes of an Inet,
// Orbis or Rocketfuel topology their roles (TieredTopologyDescription::Load),
// here for data/topologies/small.inet. Seeds: data/topologies/small.inet.roles.
#include "aset-fuzz.h"

#include "ns3/tiered-topology-description.h"

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    fuzz::ExpectReadOrInputError([&] {
        const fuzz::InputFile roles("fuzz.roles", data, size);
        TieredTopologyDescription::Load("inet",
                                        fuzz::DataDirectory() + "/topologies/small.inet",
                                        roles.GetPath())
            .CheckParameters(TieredTopologyParameters());
    });
    return 0;
}
