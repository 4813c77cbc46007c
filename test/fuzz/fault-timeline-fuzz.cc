// SPDX-License-Identifier: GPL-2.0-only
//
// Fuzz target: a fault timeline (ParseFaultTimeline), the JSON array a
// scenario file holds under "faults", read through the scenario reader as
// aset-run reads it. Seeds: test/fuzz/seeds/fault-timeline.
#include "aset-fuzz.h"

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    const std::string scenario = R"({"faults": )" + fuzz::Text(data, size) + "}";
    fuzz::ExpectReadOrInputError([&] { fuzz::ReadScenario(scenario); });
    return 0;
}
