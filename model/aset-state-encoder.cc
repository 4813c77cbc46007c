// SPDX-License-Identifier: GPL-2.0-only
#include "aset-state-encoder.h"

#include "static-scheduling-policies.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

namespace
{
constexpr double kShortTau = 0.05; //!< s
constexpr double kLongTau = 1.0;   //!< s
constexpr double kRateUnit = 1000; //!< queries/s
constexpr float kClip = 4.0f;      //!< features are clipped at a few units

float
Scaled(double value, double unit)
{
    return std::min(kClip, static_cast<float>(value / unit));
}
} // namespace

uint32_t
AsetStateEncoder::Layout::GetSize() const
{
    return maxApplications * kWorkloadFeatures + maxClusters * kClusterFeatures +
           (queryFeatures ? maxTasks + kQueryFeatures : 0) + (outlook ? kOutlookFeatures : 0);
}

AsetStateEncoder::AsetStateEncoder(const Layout& layout)
    : m_layout(layout),
      m_short(layout.maxApplications),
      m_long(layout.maxApplications),
      m_deadlines(layout.maxApplications, 0.0)
{
}

const AsetStateEncoder::Layout&
AsetStateEncoder::GetLayout() const
{
    return m_layout;
}

void
AsetStateEncoder::DecayedCount::Decay(Time now, double tauSeconds)
{
    count *= std::exp(-(now - last).GetSeconds() / tauSeconds);
    last = now;
}

void
AsetStateEncoder::CountArrival(const QueryContext& query)
{
    if (query.applicationId >= m_layout.maxApplications)
    {
        return;
    }
    const uint16_t a = query.applicationId;
    m_short[a].Decay(query.now, kShortTau);
    m_short[a].count += 1;
    m_long[a].Decay(query.now, kLongTau);
    m_long[a].count += 1;
    m_deadlines[a] = query.deadline.GetSeconds();
}

void
AsetStateEncoder::Encode(const PoolView& pool,
                         const QueryContext& query,
                         const std::vector<Candidate>& feasible,
                         float* out)
{
    for (uint32_t a = 0; a < m_layout.maxApplications; ++a)
    {
        m_short[a].Decay(query.now, kShortTau);
        m_long[a].Decay(query.now, kLongTau);
        *out++ = Scaled(m_short[a].count / kShortTau, kRateUnit);
        *out++ = Scaled(m_long[a].count / kLongTau, kRateUnit);
        *out++ = Scaled(m_deadlines[a], 1.0);
    }
    uint32_t slot = 0;
    for (const auto& [id, cluster] : pool.GetClusters())
    {
        if (slot == m_layout.maxClusters)
        {
            break;
        }
        ++slot;
        double load = 0;
        double utilisation = 0;
        for (std::size_t i = 0; i < cluster.instances.size(); ++i)
        {
            const InstanceLoad& l = cluster.instances[i];
            load = std::max(load,
                            double(l.queueLength + l.busyReplicas + cluster.unansweredSinceBeacon[i]) /
                                l.replicas);
            utilisation += l.utilisationPermyriad / 10000.0;
        }
        *out++ = pool.IsLive(cluster, query.now) ? 1.0f : 0.0f;
        *out++ = Scaled(load, 10.0);
        *out++ = cluster.instances.empty() ? 0.0f
                                           : static_cast<float>(utilisation / cluster.instances.size());
        *out++ = Scaled(cluster.rtt.GetSeconds(), 0.1);
        *out++ = static_cast<float>(cluster.successRatio);
        *out++ = static_cast<float>(cluster.tier) / (kClusterTierCount - 1);
        *out++ = Scaled(cluster.serviceRatio, 10.0);
    }
    for (; slot < m_layout.maxClusters; ++slot)
    {
        out = std::fill_n(out, kClusterFeatures, 0.0f);
    }
    if (m_layout.queryFeatures)
    {
        for (uint32_t t = 0; t < m_layout.maxTasks; ++t)
        {
            *out++ = t == query.taskId ? 1.0f : 0.0f;
        }
        *out++ = static_cast<float>(query.minAccuracy / 100.0);
        *out++ = Scaled(query.deadline.GetSeconds(), 1.0);
        *out++ = Scaled(query.elapsed.GetSeconds(), 0.1);
    }
    if (m_layout.outlook)
    {
        if (feasible.empty() || !query.deadline.IsStrictlyPositive())
        {
            std::fill_n(out, kOutlookFeatures, 0.0f);
            return;
        }
        const auto fraction = [&query](double slackSeconds) {
            return std::clamp(static_cast<float>(slackSeconds / query.deadline.GetSeconds()), -1.0f, 1.0f);
        };
        Time best = SchedulingPolicy::GetExpectedSlack(query, feasible.front());
        Time sum(0);
        for (const auto& c : feasible)
        {
            const Time slack = SchedulingPolicy::GetExpectedSlack(query, c);
            best = std::max(best, slack);
            sum += slack;
        }
        const Time nearest = SchedulingPolicy::GetExpectedSlack(query, feasible[ClosestPolicy::Nearest(feasible)]);
        *out++ = fraction(nearest.GetSeconds());
        *out++ = fraction(best.GetSeconds());
        *out++ = fraction(sum.GetSeconds() / feasible.size());
    }
}

} // namespace ns3
