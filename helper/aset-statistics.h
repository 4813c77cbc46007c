// SPDX-License-Identifier: GPL-2.0-only
#ifndef ASET_STATISTICS_H
#define ASET_STATISTICS_H

#include <cstddef>
#include <vector>

namespace ns3
{

/**
 * \ingroup aset
 * \brief Mean and 95% confidence interval of independent samples (e.g. one
 * success ratio per seed), with Student's t for small sample counts.
 */
struct AsetMeanInterval
{
    std::size_t samples{0};
    double mean{0};
    double halfWidth{0}; //!< the interval is mean +- halfWidth; 0 for fewer than 2 samples

    static AsetMeanInterval Of(const std::vector<double>& samples, double confidence = 0.95);
};

} // namespace ns3

#endif // ASET_STATISTICS_H
