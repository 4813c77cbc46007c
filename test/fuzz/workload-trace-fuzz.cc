// SPDX-License-Identifier: GPL-2.0-only
//
// Fuzz target: a workload trace CSV file (AsetWorkloadTrace::Parse), for the
// default scenario's applications and duration. Seeds:
// test/fuzz/seeds/workload-trace.
#include "aset-fuzz.h"

#include "ns3/aset-scenario.h"
#include "ns3/aset-workload-trace.h"

#include <sstream>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    static const AsetScenario scenario = AsetScenario::Default();
    fuzz::ExpectReadOrInputError([&] {
        std::istringstream in(fuzz::Text(data, size));
        AsetWorkloadTrace::Parse(in, "fuzz.csv", scenario.applications, scenario.duration);
    });
    return 0;
}
