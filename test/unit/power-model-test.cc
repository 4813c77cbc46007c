// SPDX-License-Identifier: GPL-2.0-only
// Hardware power model: the shipped file, the energy formula, and broken files
// whose errors must name the line and field.
#include "ns3/aset-input-error.h"
#include "ns3/hardware-power-model.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace ns3;

namespace
{
Ptr<HardwarePowerModel>
ParsePower(const std::string& body)
{
    std::istringstream in("hardware,device,idle_w,busy_w,source\n" + body);
    return HardwarePowerModel::Parse(in, "power.csv");
}

/// The field of the AsetInputError that parsing \p body throws ("" if none).
std::string
RefusedField(const std::string& body, std::size_t expectedLine = 2)
{
    try
    {
        ParsePower(body);
    }
    catch (const AsetInputError& e)
    {
        EXPECT_EQ(e.GetLine(), expectedLine) << e.what();
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << "one line: " << e.what();
        return e.GetField();
    }
    ADD_FAILURE() << "no error for:\n" << body;
    return "";
}
} // namespace

TEST(PowerModel, ShippedFileHasEveryCatalogueClassWithItsSource)
{
    const auto model = HardwarePowerModel::LoadFromFile(HardwarePowerModel::GetDefaultPath());
    ASSERT_TRUE(model->HasClass(HardwareClass::GPU));
    ASSERT_TRUE(model->HasClass(HardwareClass::CPU));
    EXPECT_FALSE(model->HasClass(HardwareClass::TPU)); // the catalogue has no TPU figures
    EXPECT_DOUBLE_EQ(model->GetPower(HardwareClass::GPU).busyWatts, 300);
    EXPECT_DOUBLE_EQ(model->GetPower(HardwareClass::GPU).idleWatts, 56.6);
    EXPECT_EQ(model->GetPower(HardwareClass::GPU).device, "tesla-v100-sxm2");
    EXPECT_LT(model->GetPower(HardwareClass::CPU).idleWatts,
              model->GetPower(HardwareClass::CPU).busyWatts);
}

TEST(PowerModel, EnergyIsBusyTimesBusyWattsPlusIdleTimesIdleWatts)
{
    const auto model = ParsePower("gpu,v100,50,300,src\ncpu,\"xeon, 4 cores\",10,30,src\n");
    const HardwarePower& gpu = model->GetPower(HardwareClass::GPU);
    EXPECT_DOUBLE_EQ(gpu.GetEnergy(Seconds(2), Seconds(4)), 2 * 300 + 4 * 50);
    EXPECT_DOUBLE_EQ(gpu.GetEnergy(Time(0), Time(0)), 0);
    EXPECT_EQ(model->GetPower(HardwareClass::CPU).device, "xeon, 4 cores");
    EXPECT_DOUBLE_EQ(model->GetPower(HardwareClass::CPU).GetEnergy(MilliSeconds(500), Time(0)), 15);
}

TEST(PowerModel, BadRowsNameTheirLineAndField)
{
    EXPECT_EQ(RefusedField("fpga,x,1,2,src\n"), "hardware");
    EXPECT_EQ(RefusedField("gpu,x,1,2,src\ngpu,y,1,2,src\n", 3), "hardware");
    EXPECT_EQ(RefusedField("gpu,,1,2,src\n"), "device");
    EXPECT_EQ(RefusedField("gpu,x,1,2,\n"), "source");
    EXPECT_EQ(RefusedField("gpu,x,-1,2,src\n"), "idle_w");
    EXPECT_EQ(RefusedField("gpu,x,abc,2,src\n"), "idle_w");
    EXPECT_EQ(RefusedField("gpu,x,1,nan,src\n"), "busy_w");
    EXPECT_EQ(RefusedField("gpu,x,1,1e9,src\n"), "busy_w");
    EXPECT_EQ(RefusedField("gpu,x,300,50,src\n"), "busy_w"); // busy below idle: columns swapped
    try
    {
        ParsePower("gpu,x,abc,2,src\n");
    }
    catch (const AsetInputError& e)
    {
        EXPECT_NE(std::string(e.what()).find("power.csv:2: field 'idle_w'"), std::string::npos)
            << e.what();
    }
}

TEST(PowerModel, StructuralProblemsAreRefused)
{
    std::istringstream noColumn("hardware,device,idle_w\ngpu,x,1\n");
    EXPECT_THROW(HardwarePowerModel::Parse(noColumn, "x.csv"), AsetInputError);
    std::istringstream noRows("hardware,device,idle_w,busy_w,source\n# nothing\n");
    EXPECT_THROW(HardwarePowerModel::Parse(noRows, "x.csv"), AsetInputError);
    EXPECT_THROW(HardwarePowerModel::LoadFromFile("/nonexistent/power.csv"), AsetInputError);
}
