// SPDX-License-Identifier: GPL-2.0-only
//
// Fuzz target: a scenario file (AsetScenarioFile), read and checked as
// aset-run does before it runs: its catalogue, network and trace included.
// Seeds: data/scenarios.
#include "aset-fuzz.h"

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    fuzz::ExpectReadOrInputError([&] { fuzz::ReadScenario(fuzz::Text(data, size)); });
    return 0;
}
