// SPDX-License-Identifier: GPL-2.0-only
#include "aset-state-encoder.h"

#include "static-scheduling-policies.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace ns3
{

namespace
{
constexpr double kRecentTau = 0.05; //!< s
constexpr double kSteadyTau = 1.0;  //!< s
constexpr float kClip = 4.0f;       //!< features are clipped at a few units

float
Scaled(double value, double unit, float high = kClip)
{
    return std::clamp(static_cast<float>(value / unit), -high, high);
}

/// log2 of a measured/catalogued service-time ratio, in units of 4 (16 times slower: 1).
float
LogServiceRatio(double ratio)
{
    return ratio > 0 ? std::clamp(static_cast<float>(std::log2(ratio) / 4), -1.0f, 1.0f) : 0.0f;
}

/// log2(1 + n) / 6 for replica counts: a table, since every instance row needs one.
float
LogReplicas(uint32_t n)
{
    static const auto table = [] {
        std::array<float, 257> t{};
        for (std::size_t i = 0; i < t.size(); ++i)
        {
            t[i] = static_cast<float>(std::log2(1.0 + i) / 6);
        }
        return t;
    }();
    return n < table.size() ? table[n] : static_cast<float>(std::log2(1.0 + n) / 6);
}

/// log2(1 + n) / unit: counts from one to hundreds on a scale of about 1.
float
LogCount(double n, double unit)
{
    return static_cast<float>(std::log2(1 + n) / unit);
}

/// Seconds in \p t, cheaply: Time::GetSeconds converts through int64x64 arithmetic.
double
SecondsOf(Time t, double secondsPerUnit)
{
    return t.GetDouble() * secondsPerUnit;
}

/// Queries per replica at the cluster's most loaded instance, with those sent since its beacon.
double
PeakLoadPerReplica(const PoolView::ClusterState& cluster)
{
    double load = 0;
    for (std::size_t i = 0; i < cluster.instances.size(); ++i)
    {
        const InstanceLoad& l = cluster.instances[i];
        load = std::max(load,
                        double(l.queueLength + l.busyReplicas + uint64_t(cluster.unansweredSinceBeacon[i])) /
                            l.replicas);
    }
    return load;
}

/// Aggregates of one tier group's live clusters.
struct TierAggregate
{
    uint32_t live{0};
    double loadSum{0};
    double lowestLoad{std::numeric_limits<double>::infinity()};
    double utilisationSum{0};
    double lowestRtt{std::numeric_limits<double>::infinity()};
    double ratioSum{0};
    double successSum{0};

    void Add(const PoolView::ClusterState& cluster, double rtt)
    {
        const double load = PeakLoadPerReplica(cluster);
        uint32_t utilisation = 0;
        for (const InstanceLoad& l : cluster.instances)
        {
            utilisation += l.utilisationPermyriad;
        }
        ++live;
        loadSum += load;
        lowestLoad = std::min(lowestLoad, load);
        utilisationSum += cluster.instances.empty() ? 0.0 : utilisation / 10000.0 / cluster.instances.size();
        lowestRtt = std::min(lowestRtt, rtt);
        ratioSum += cluster.serviceRatio;
        successSum += cluster.successRatio;
    }

    float* Write(float* out, double deadline) const
    {
        if (live == 0 || !(deadline > 0))
        {
            return std::fill_n(out, AsetStateEncoder::kTierGroupFeatures, 0.0f);
        }
        *out++ = LogCount(live, 5);
        *out++ = Scaled(loadSum / live, 10);
        *out++ = Scaled(lowestLoad, 10);
        *out++ = static_cast<float>(utilisationSum / live);
        *out++ = Scaled(lowestRtt, deadline, 2);
        *out++ = LogServiceRatio(ratioSum / live);
        *out++ = static_cast<float>(successSum / live);
        return out;
    }
};
} // namespace

uint32_t
AsetStateEncoder::GetTierGroup(ClusterTier tier)
{
    switch (tier)
    {
    case ClusterTier::NEAR_EDGE:
    case ClusterTier::CORE:
        return 1;
    case ClusterTier::CLOUD:
        return 2;
    default:
        return 0;
    }
}

const std::vector<std::string>&
AsetStateEncoder::GetTierGroupNames()
{
    static const std::vector<std::string> names{"far-edge", "near-edge", "cloud"};
    return names;
}

float
AsetStateEncoder::LogRate(double rate)
{
    return std::min(1.25f, static_cast<float>(std::log10(1 + std::max(0.0, rate)) / 4));
}

void
AsetStateEncoder::DecayedCount::Add(Time now, double tauSeconds)
{
    RateAt(now, tauSeconds);
    count += 1;
}

double
AsetStateEncoder::DecayedCount::RateAt(Time now, double tauSeconds)
{
    count *= std::exp(-(now - last).GetSeconds() / tauSeconds);
    last = now;
    return count / tauSeconds;
}

void
AsetStateEncoder::CountArrival(const QueryContext& query)
{
    for (Arrivals* a : {&m_all, &m_byApplication[query.applicationId]})
    {
        a->recent.Add(query.now, kRecentTau);
        a->steady.Add(query.now, kSteadyTau);
    }
}

void
AsetStateEncoder::EstimateTimes(const QueryContext& query, const std::vector<Candidate>& feasible)
{
    // Candidate::GetExpectedCompletion's arithmetic, in doubles.
    const double secondsPerUnit = 1.0 / Seconds(1).GetDouble();
    const double budget = SecondsOf(query.deadline - query.elapsed * 2, secondsPerUnit);
    m_times.resize(feasible.size());
    m_nearest = m_earliest = m_earliestMeasured = 0;
    for (std::size_t i = 0; i < feasible.size(); ++i)
    {
        const Candidate& c = feasible[i];
        const uint64_t ahead = uint64_t(c.load.queueLength) + c.unansweredSinceBeacon + c.load.busyReplicas;
        const double rounds = ahead >= c.load.replicas ? double(ahead - c.load.replicas + 1) : 0.0;
        Times& t = m_times[i];
        t.rtt = SecondsOf(c.rtt, secondsPerUnit);
        t.service = SecondsOf(c.serviceTime, secondsPerUnit);
        const double serviceAndWait = t.service * (rounds / c.load.replicas + 1);
        t.slack = budget - t.rtt - serviceAndWait;
        t.measured = budget - t.rtt - serviceAndWait * c.serviceRatio;
        const double grown = std::max(0.0, c.loadGrowth * SecondsOf(c.beaconAge, secondsPerUnit));
        t.trend = t.measured - t.service * c.serviceRatio * grown;
        // The first of equals wins, as in the policies' own choices.
        const Times& nearest = m_times[m_nearest];
        if (t.rtt < nearest.rtt || (t.rtt == nearest.rtt && t.service < nearest.service))
        {
            m_nearest = i;
        }
        m_earliest = t.slack > m_times[m_earliest].slack ? i : m_earliest;
        m_earliestMeasured = t.measured > m_times[m_earliestMeasured].measured ? i : m_earliestMeasured;
    }
}

void
AsetStateEncoder::EncodeContext(const PoolView& pool,
                                const QueryContext& query,
                                const std::vector<Candidate>& feasible,
                                float* out)
{
    EstimateTimes(query, feasible);
    WriteContext(pool, query, out);
}

void
AsetStateEncoder::WriteContext(const PoolView& pool, const QueryContext& query, float* out)
{
    const double deadline = query.deadline.GetSeconds();
    const bool hasDeadline = deadline > 0;
    *out++ = Scaled(deadline, 1.0);
    *out++ = static_cast<float>(query.minAccuracy / 100.0);
    *out++ = hasDeadline ? Scaled(query.elapsed.GetSeconds(), deadline) : 0.0f;

    Arrivals& own = m_byApplication[query.applicationId];
    const double allSteady = m_all.steady.RateAt(query.now, kSteadyTau);
    const double ownSteady = own.steady.RateAt(query.now, kSteadyTau);
    *out++ = LogRate(m_all.recent.RateAt(query.now, kRecentTau));
    *out++ = LogRate(allSteady);
    *out++ = LogRate(own.recent.RateAt(query.now, kRecentTau));
    *out++ = LogRate(ownSteady);
    *out++ = allSteady > 0 ? static_cast<float>(ownSteady / allSteady) : 0.0f;

    if (m_times.empty() || !hasDeadline)
    {
        out = std::fill_n(out, 6, 0.0f);
    }
    else
    {
        const auto fraction = [deadline](double slack) {
            return std::clamp(static_cast<float>(slack / deadline), -1.0f, 1.0f);
        };
        for (const auto slackOf : {&Times::slack, &Times::measured})
        {
            float sum = 0;
            for (const Times& t : m_times)
            {
                sum += fraction(t.*slackOf);
            }
            const std::size_t best = slackOf == &Times::slack ? m_earliest : m_earliestMeasured;
            *out++ = fraction(m_times[m_nearest].*slackOf);
            *out++ = fraction(m_times[best].*slackOf);
            *out++ = sum / m_times.size();
        }
    }

    const double secondsPerUnit = 1.0 / Seconds(1).GetDouble();
    TierAggregate groups[kTierGroups];
    uint32_t live = 0;
    double ageSum = 0;
    for (const auto& [id, cluster] : pool.GetClusters())
    {
        if (!pool.IsLive(cluster, query.now))
        {
            continue;
        }
        groups[GetTierGroup(cluster.tier)].Add(cluster, SecondsOf(cluster.rtt, secondsPerUnit));
        ++live;
        ageSum += SecondsOf(query.now - cluster.lastBeacon, secondsPerUnit);
    }
    for (const auto& g : groups)
    {
        out = g.Write(out, deadline);
    }
    m_clustersCounted = static_cast<uint32_t>(pool.GetClusters().size());
    *out++ = m_clustersCounted > 0 ? static_cast<float>(live) / m_clustersCounted : 0.0f;
    *out++ = LogCount(m_times.size(), 8);
    *out++ = live > 0 ? Scaled(ageSum / live, 0.1) : 0.0f;
}

void
AsetStateEncoder::WriteInstances(const QueryContext& query,
                                 const std::vector<Candidate>& feasible,
                                 float* out) const
{
    const double deadline = query.deadline.GetSeconds();
    const double perDeadline = deadline > 0 ? 1 / deadline : 0.0; // no deadline: no times
    const auto inDeadlines = [perDeadline](double seconds, float high) {
        return std::clamp(static_cast<float>(seconds * perDeadline), -high, high);
    };
    const double secondsPerUnit = 1.0 / Seconds(1).GetDouble();
    const Times& nearest = m_times[m_nearest];
    const Times& earliest = m_times[m_earliest];
    const Times& earliestMeasured = m_times[m_earliestMeasured];
    double lastRatio = std::numeric_limits<double>::quiet_NaN();
    float logRatio = 0;
    for (std::size_t i = 0; i < feasible.size(); ++i)
    {
        const Candidate& c = feasible[i];
        const InstanceLoad& l = c.load;
        const Times& t = m_times[i];
        if (c.serviceRatio != lastRatio) // the instances of a cluster share it, and come together
        {
            lastRatio = c.serviceRatio;
            logRatio = LogServiceRatio(lastRatio);
        }
        *out++ = inDeadlines(t.slack, 1);
        *out++ = inDeadlines(t.measured, 1);
        *out++ = inDeadlines(t.slack - earliest.slack, 1);
        *out++ = inDeadlines(t.measured - earliestMeasured.measured, 1);
        *out++ = inDeadlines(t.trend, 1);
        *out++ = Scaled(c.loadGrowth, 100);
        *out++ = inDeadlines(t.rtt, 2);
        *out++ = inDeadlines(t.rtt - nearest.rtt, 2);
        *out++ = inDeadlines(t.service, 2);
        *out++ = logRatio;
        *out++ = Scaled(c.GetLoadPerReplica(), 10);
        *out++ = l.queueCapacity > 0 ? std::min(1.0f, float(l.queueLength) / l.queueCapacity) : 0.0f;
        *out++ = l.utilisationPermyriad / 10000.0f;
        *out++ = LogReplicas(l.replicas);
        *out++ = static_cast<float>(c.successRatio);
        *out++ = Scaled(SecondsOf(c.beaconAge, secondsPerUnit), 0.1);
        *out++ = static_cast<float>((c.accuracy - query.minAccuracy) / 100.0);
        const uint32_t group = GetTierGroup(c.tier);
        for (uint32_t g = 0; g < kTierGroups; ++g)
        {
            *out++ = g == group ? 1.0f : 0.0f;
        }
        for (uint32_t h = 0; h < kHardwareClassCount; ++h)
        {
            *out++ = h == c.hardware ? 1.0f : 0.0f;
        }
    }
}

void
AsetStateEncoder::EncodeInstanceObservation(const PoolView& pool,
                                            const QueryContext& query,
                                            const std::vector<Candidate>& feasible,
                                            AsetObservation& out)
{
    EstimateTimes(query, feasible);
    out.context.resize(kContextFeatures);
    WriteContext(pool, query, out.context.data());
    out.actionWidth = kInstanceFeatures;
    out.actions.resize(feasible.size() * kInstanceFeatures);
    WriteInstances(query, feasible, out.actions.data());
}

uint32_t
AsetStateEncoder::GetClustersCounted() const
{
    return m_clustersCounted;
}

} // namespace ns3
