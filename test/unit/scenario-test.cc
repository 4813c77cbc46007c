// SPDX-License-Identifier: GPL-2.0-only
// Scenario validation: a scenario that does not fit its catalogue is refused with a named field.
#include "ns3/aset-scenario.h"
#include "ns3/model-catalogue.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace ns3;

namespace
{
std::string
ValidationError(const AsetScenario& scenario, const ModelCatalogue& catalogue)
{
    try
    {
        scenario.Validate(catalogue);
    }
    catch (const std::invalid_argument& e)
    {
        return e.what();
    }
    return "";
}
} // namespace

TEST(Scenario, DefaultFitsTheShippedCatalogue)
{
    auto catalogue = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    EXPECT_EQ(ValidationError(AsetScenario::Default(), *catalogue), "");
}

TEST(Scenario, MissingVariantTaskOrHardwareIsNamed)
{
    std::istringstream in("task,variant,accuracy,hardware,batch_size,latency_ms,memory_mb,source\n"
                          "image-classification,resnet18,70,cpu,1,10,1,src\n");
    auto catalogue = ModelCatalogue::Parse(in, "small.csv");
    AsetScenario s = AsetScenario::Default();
    EXPECT_NE(ValidationError(s, *catalogue).find("far-edge deployment 'yolov5n'"), std::string::npos);

    s.farEdge = {{"resnet18", HardwareClass::GPU, 1, 8}};
    s.nearEdge.clear();
    s.cloud.clear();
    EXPECT_NE(ValidationError(s, *catalogue).find("no figure for it on gpu"), std::string::npos);

    s.farEdge = {{"resnet18", HardwareClass::CPU, 1, 8}};
    EXPECT_NE(ValidationError(s, *catalogue).find("application 'ar-object-detection'"),
              std::string::npos);

    s.applications.resize(1); // cognitive assistance only: classification
    EXPECT_EQ(ValidationError(s, *catalogue), "");
    s.applications[0].requestSize = 10;
    EXPECT_NE(ValidationError(s, *catalogue).find("request and response sizes"), std::string::npos);
}
