// SPDX-License-Identifier: GPL-2.0-only
// Confidence intervals against hand computations with Student's t.
#include "ns3/aset-statistics.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace ns3;

TEST(Statistics, MeanAndStudentTInterval)
{
    // 5 samples: mean 3, sample standard deviation sqrt(2.5); t(0.975, 4) = 2.776445.
    const auto ci = AsetMeanInterval::Of({1, 2, 3, 4, 5});
    EXPECT_EQ(ci.samples, 5u);
    EXPECT_DOUBLE_EQ(ci.mean, 3.0);
    EXPECT_NEAR(ci.halfWidth, 2.776445 * std::sqrt(2.5 / 5), 1e-5);
}

TEST(Statistics, DegenerateSamples)
{
    EXPECT_EQ(AsetMeanInterval::Of({}).samples, 0u);
    const auto one = AsetMeanInterval::Of({0.7});
    EXPECT_DOUBLE_EQ(one.mean, 0.7);
    EXPECT_DOUBLE_EQ(one.halfWidth, 0.0);
    EXPECT_DOUBLE_EQ(AsetMeanInterval::Of({2, 2, 2}).halfWidth, 0.0);
    // Two samples: t(0.975, 1) = 12.7062.
    EXPECT_NEAR(AsetMeanInterval::Of({0, 1}).halfWidth, 12.7062 * std::sqrt(0.5 / 2), 1e-3);
}
