// SPDX-License-Identifier: GPL-2.0-only
//
// Fuzz target: a hardware power model CSV file (HardwarePowerModel::Parse); a
// model that loads must give every class it has a non-negative energy, busy
// at least idle.
// Seeds: data/hardware-power.csv.
#include "aset-fuzz.h"

#include "ns3/hardware-power-model.h"

#include <sstream>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    fuzz::ExpectReadOrInputError([&] {
        std::istringstream in(fuzz::Text(data, size));
        const Ptr<HardwarePowerModel> model = HardwarePowerModel::Parse(in, "fuzz.csv");
        for (uint8_t hw = 0; hw < kHardwareClassCount; ++hw)
        {
            const auto hardware = static_cast<HardwareClass>(hw);
            if (!model->HasClass(hardware))
            {
                continue;
            }
            const HardwarePower& power = model->GetPower(hardware);
            const double busy = power.GetEnergy(Seconds(1), Time(0));
            const double idle = power.GetEnergy(Time(0), Seconds(1));
            if (!(idle >= 0 && busy >= idle))
            {
                fuzz::Finding("an energy that is negative, or idle above busy");
            }
        }
    });
    return 0;
}
