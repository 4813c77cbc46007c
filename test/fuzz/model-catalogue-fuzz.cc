// SPDX-License-Identifier: GPL-2.0-only
//
// Fuzz target: a model catalogue CSV file (ModelCatalogue::Parse); a
// catalogue that loads must answer every batch latency it claims to know.
// Seeds: data/model-catalogue.csv.
#include "aset-fuzz.h"

#include "ns3/model-catalogue.h"

#include <sstream>

using namespace ns3;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    fuzz::ExpectReadOrInputError([&] {
        std::istringstream in(fuzz::Text(data, size));
        const Ptr<ModelCatalogue> catalogue = ModelCatalogue::Parse(in, "fuzz.csv");
        for (uint16_t v = 0; v < catalogue->GetVariantCount(); ++v)
        {
            for (uint8_t hw = 0; hw < kHardwareClassCount; ++hw)
            {
                const auto hardware = static_cast<HardwareClass>(hw);
                const uint16_t largest = catalogue->GetVariant(v).GetMaxBatch(hardware);
                for (uint16_t batch = 1; batch <= largest; batch += 7)
                {
                    if (!catalogue->GetBatchLatency(v, hardware, batch).IsStrictlyPositive())
                    {
                        fuzz::Finding("a batch latency that is not positive");
                    }
                }
            }
        }
    });
    return 0;
}
