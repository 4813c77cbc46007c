// SPDX-License-Identifier: GPL-2.0-only
#include "aset-statistics.h"

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/mean.hpp>
#include <boost/accumulators/statistics/stats.hpp>
#include <boost/accumulators/statistics/variance.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>

namespace ns3
{

AsetMeanInterval
AsetMeanInterval::Of(const std::vector<double>& samples, double confidence)
{
    namespace acc = boost::accumulators;
    acc::accumulator_set<double, acc::stats<acc::tag::mean, acc::tag::variance>> stats;
    for (const double x : samples)
    {
        stats(x);
    }
    AsetMeanInterval result;
    result.samples = samples.size();
    if (samples.empty())
    {
        return result;
    }
    result.mean = acc::mean(stats);
    if (samples.size() < 2)
    {
        return result;
    }
    const double n = double(samples.size());
    // boost's variance divides by n; the sample variance divides by n - 1.
    const double sampleVariance = acc::variance(stats) * n / (n - 1);
    const boost::math::students_t t(n - 1);
    const double quantile = boost::math::quantile(t, 0.5 + confidence / 2);
    result.halfWidth = quantile * std::sqrt(sampleVariance / n);
    return result;
}

} // namespace ns3
