// SPDX-License-Identifier: GPL-2.0-only
#include "ns3/header-serialization-test.h"
#include "ns3/inference-query-header.h"
#include "ns3/test.h"

using namespace ns3;

namespace
{
/// Serialization round trip through ns-3's own header test helper.
class QueryHeaderSerializationTestCase : public HeaderSerializationTestCase
{
  public:
    QueryHeaderSerializationTestCase()
        : HeaderSerializationTestCase("query header round trip through ns-3's checker")
    {
    }

  private:
    void DoRun() override
    {
        InferenceQueryHeader h;
        h.queryId = 42;
        h.deadline = MilliSeconds(10);
        h.requestSize = 1000;
        h.responseSize = 200;
        TestHeaderSerialization(h);
    }
};

class AsetWireTestSuite : public TestSuite
{
  public:
    AsetWireTestSuite()
        : TestSuite("aset-wire", UNIT)
    {
        AddTestCase(new QueryHeaderSerializationTestCase(), TestCase::QUICK);
    }
};

AsetWireTestSuite g_asetWireTestSuite;
} // namespace
