// SPDX-License-Identifier: GPL-2.0-only
// Model catalogue: the shipped file, good files, and broken files whose errors must name line and field.
#include "ns3/aset-input-error.h"
#include "ns3/model-catalogue.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace ns3;

namespace
{
const char* const kHeader =
    "task,variant,accuracy,hardware,batch_size,latency_ms,memory_mb,source\n";

Ptr<ModelCatalogue>
ParseText(const std::string& body)
{
    std::istringstream in(std::string(kHeader) + body);
    return ModelCatalogue::Parse(in, "test.csv");
}

/// Parses \p body, expects an AsetInputError, and returns it.
AsetInputError
ExpectError(const std::string& body)
{
    try
    {
        ParseText(body);
    }
    catch (const AsetInputError& e)
    {
        return e;
    }
    ADD_FAILURE() << "no error for:\n" << body;
    return AsetInputError("", 0, "", "");
}
} // namespace

TEST(Catalogue, ShippedCatalogueLoadsWithSources)
{
    Ptr<ModelCatalogue> c = ModelCatalogue::LoadFromFile(ModelCatalogue::GetDefaultPath());
    EXPECT_EQ(c->GetTaskCount(), 2u);
    uint16_t task;
    ASSERT_TRUE(c->FindTask("object-detection", task));
    EXPECT_GE(c->GetVariantsForTask(task).size(), 3u);
    uint16_t v;
    ASSERT_TRUE(c->FindVariant("yolov5s", v));
    EXPECT_DOUBLE_EQ(c->GetVariant(v).accuracy, 37.4);
    EXPECT_EQ(c->GetBatchLatency(v, HardwareClass::GPU, 1), MicroSeconds(6400));
    EXPECT_EQ(c->GetVariant(v).GetMaxBatch(HardwareClass::GPU), 32);
    EXPECT_FALSE(c->GetVariant(v).RunsOn(HardwareClass::TPU));
}

TEST(Catalogue, IdsFollowFirstAppearanceAndLatencyInterpolates)
{
    auto c = ParseText("det,small,30,gpu,32,40,10,src\n"
                       "cls,tiny,70,cpu,1,5,1,src\n"
                       "det,small,30,gpu,1,9,10,src\n"
                       "det,small,30,cpu,1,100,10,src\n");
    EXPECT_EQ(c->GetTaskName(0), "det");
    EXPECT_EQ(c->GetTaskName(1), "cls");
    EXPECT_EQ(c->GetVariant(0).name, "small");
    EXPECT_EQ(c->GetVariant(1).taskId, 1);
    // Rows arrive out of batch order; batch 1 = 9 ms, batch 32 = 40 ms: batch 16.5 sits halfway.
    EXPECT_EQ(c->GetBatchLatency(0, HardwareClass::GPU, 1), MilliSeconds(9));
    EXPECT_EQ(c->GetBatchLatency(0, HardwareClass::GPU, 32), MilliSeconds(40));
    const Time mid = c->GetBatchLatency(0, HardwareClass::GPU, 16);
    EXPECT_EQ(mid, MilliSeconds(9) + (MilliSeconds(31) * 15) / 31);
    EXPECT_EQ(c->GetVariant(0).GetMaxBatch(HardwareClass::CPU), 1);
}

TEST(Catalogue, QuotedSourceMayHoldCommas)
{
    auto c = ParseText("det,small,30,gpu,1,9,10,\"Table 2, row 3, col 4\"\n");
    EXPECT_EQ(c->GetVariantCount(), 1u);
}

TEST(Catalogue, BadNumberNamesLineAndField)
{
    const AsetInputError e = ExpectError("det,small,30,gpu,1,9,10,src\n"
                                         "det,large,abc,gpu,1,9,10,src\n");
    EXPECT_EQ(e.GetFile(), "test.csv");
    EXPECT_EQ(e.GetLine(), 3u);
    EXPECT_EQ(e.GetField(), "accuracy");
    EXPECT_NE(std::string(e.what()).find("test.csv:3: field 'accuracy'"), std::string::npos)
        << e.what();
}

TEST(Catalogue, OutOfRangeValuesAreRefused)
{
    EXPECT_EQ(ExpectError("det,a,130,gpu,1,9,10,src\n").GetField(), "accuracy");
    EXPECT_EQ(ExpectError("det,a,30,gpu,0,9,10,src\n").GetField(), "batch_size");
    EXPECT_EQ(ExpectError("det,a,30,gpu,1.5,9,10,src\n").GetField(), "batch_size");
    EXPECT_EQ(ExpectError("det,a,30,gpu,1,-9,10,src\n").GetField(), "latency_ms");
    EXPECT_EQ(ExpectError("det,a,30,fpga,1,9,10,src\n").GetField(), "hardware");
    EXPECT_EQ(ExpectError("det,a,30,gpu,1,9,10,\n").GetField(), "source");
    EXPECT_EQ(ExpectError("det,a,30,gpu,1,nan,10,src\n").GetField(), "latency_ms");
    EXPECT_EQ(ExpectError("det,\"a,b\",30,gpu,1,9,10,src\n").GetField(), "variant");
    EXPECT_EQ(ExpectError("det coco,a,30,gpu,1,9,10,src\n").GetField(), "task");
}

TEST(Catalogue, InconsistentRowsOfOneVariantAreRefused)
{
    EXPECT_EQ(ExpectError("det,a,30,gpu,1,9,10,src\ndet,a,31,cpu,1,9,10,src\n").GetField(),
              "accuracy");
    EXPECT_EQ(ExpectError("det,a,30,gpu,1,9,10,src\ncls,a,30,cpu,1,9,10,src\n").GetField(), "task");
    const AsetInputError dup = ExpectError("det,a,30,gpu,1,9,10,src\ndet,a,30,gpu,1,8,10,src\n");
    EXPECT_EQ(dup.GetField(), "batch_size");
    EXPECT_EQ(dup.GetLine(), 3u);
}

TEST(Catalogue, StructuralProblemsAreRefused)
{
    const AsetInputError shortRow = ExpectError("det,a,30,gpu,1,9\n");
    EXPECT_EQ(shortRow.GetLine(), 2u);
    EXPECT_NE(std::string(shortRow.what()).find("expected 8 fields"), std::string::npos);

    std::istringstream noColumn("task,variant,accuracy\ndet,a,30\n");
    try
    {
        ModelCatalogue::Parse(noColumn, "x.csv");
        ADD_FAILURE() << "missing columns accepted";
    }
    catch (const AsetInputError& e)
    {
        EXPECT_EQ(e.GetLine(), 1u);
        EXPECT_EQ(e.GetField(), "hardware");
    }
    std::istringstream empty("");
    EXPECT_THROW(ModelCatalogue::Parse(empty, "empty.csv"), AsetInputError);
    EXPECT_THROW(ModelCatalogue::LoadFromFile("/nonexistent/catalogue.csv"), AsetInputError);
}
