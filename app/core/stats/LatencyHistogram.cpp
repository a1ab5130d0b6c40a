#include "core/stats/LatencyHistogram.hpp"

#include <algorithm>
#include <cmath>

namespace lr::stats {
namespace {

constexpr std::uint64_t kLinearLimit = 2 * LatencyHistogram::kSubBuckets;

int floorLog2(std::uint64_t value) {
    return 63 - __builtin_clzll(value);
}

std::uint64_t toNs(double ms) {
    if (!(ms > 0.0)) // also catches NaN
        return 0;
    const double ns = ms * 1e6;
    return ns >= 9.2e18 ? std::uint64_t(9.2e18) : std::uint64_t(std::llround(ns));
}

double middleMs(std::size_t index) {
    const double low = double(LatencyHistogram::bucketLow(index));
    const double high = double(LatencyHistogram::bucketHigh(index));
    return (low + high) * 0.5 / 1e6;
}

} // namespace

std::size_t LatencyHistogram::bucketOf(std::uint64_t ns) {
    if (ns < kLinearLimit)
        return std::size_t(ns);
    const int exponent = floorLog2(ns);
    if (exponent >= kTopExponent) // past 4.9 hours: one shared top bucket, max stays exact
        return kBucketCount - 1;
    const int shift = exponent - kSubBits;
    const std::uint64_t sub = (ns >> shift) - kSubBuckets; // 0 .. kSubBuckets - 1
    return std::size_t(kLinearLimit + std::uint64_t(exponent - kSubBits - 1) * kSubBuckets + sub);
}

std::uint64_t LatencyHistogram::bucketLow(std::size_t index) {
    if (index < kLinearLimit)
        return index;
    const std::size_t above = index - kLinearLimit;
    const int exponent = int(above / kSubBuckets) + kSubBits + 1;
    const std::uint64_t sub = above % kSubBuckets;
    return (kSubBuckets + sub) << (exponent - kSubBits);
}

std::uint64_t LatencyHistogram::bucketHigh(std::size_t index) {
    if (index < kLinearLimit)
        return index;
    const std::size_t above = index - kLinearLimit;
    const int exponent = int(above / kSubBuckets) + kSubBits + 1;
    return bucketLow(index) + (std::uint64_t(1) << (exponent - kSubBits)) - 1;
}

void LatencyHistogram::add(double ms) {
    if (!(ms > 0.0))
        ms = 0.0;
    const std::size_t index = bucketOf(toNs(ms));
    ++m_buckets[index];
    m_highest = std::max(m_highest, index);

    if (m_count == 0) {
        m_minMs = ms;
        m_maxMs = ms;
    } else {
        m_minMs = std::min(m_minMs, ms);
        m_maxMs = std::max(m_maxMs, ms);
    }
    ++m_count;
    const double delta = ms - m_mean;
    m_mean += delta / double(m_count);
    m_m2 += delta * (ms - m_mean);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    if (other.m_count == 0)
        return;
    if (m_count == 0) {
        *this = other;
        return;
    }
    for (std::size_t i = 0; i <= other.m_highest; ++i)
        m_buckets[i] += other.m_buckets[i];
    m_highest = std::max(m_highest, other.m_highest);
    m_minMs = std::min(m_minMs, other.m_minMs);
    m_maxMs = std::max(m_maxMs, other.m_maxMs);

    // Chan et al.'s pairwise combination of running means and squared deviations.
    const double n1 = double(m_count);
    const double n2 = double(other.m_count);
    const double delta = other.m_mean - m_mean;
    m_mean += delta * n2 / (n1 + n2);
    m_m2 += other.m_m2 + delta * delta * n1 * n2 / (n1 + n2);
    m_count += other.m_count;
}

void LatencyHistogram::reset() {
    *this = LatencyHistogram();
}

double LatencyHistogram::stddevMs() const {
    return m_count < 2 ? 0.0 : std::sqrt(std::max(0.0, m_m2 / double(m_count)));
}

double LatencyHistogram::percentile(double q) const {
    if (m_count == 0)
        return 0.0;
    q = std::clamp(q, 0.0, 1.0);
    if (q <= 0.0)
        return m_minMs;
    if (q >= 1.0)
        return m_maxMs;

    // Nearest rank: the smallest sample with at least q * count samples at or below it.
    const std::uint64_t rank =
        std::max<std::uint64_t>(1, std::uint64_t(std::ceil(q * double(m_count) - 1e-9)));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i <= m_highest; ++i) {
        seen += m_buckets[i];
        if (seen >= rank)
            return std::clamp(middleMs(i), m_minMs, m_maxMs);
    }
    return m_maxMs;
}

void LatencyHistogram::fillBins(double fromMs, double toMs, std::vector<float>& bins) const {
    std::fill(bins.begin(), bins.end(), 0.0f);
    if (bins.empty() || m_count == 0)
        return;
    const double width = toMs > fromMs ? (toMs - fromMs) / double(bins.size()) : 1.0;
    const long last = long(bins.size()) - 1;
    for (std::size_t i = 0; i <= m_highest; ++i) {
        if (m_buckets[i] == 0)
            continue;
        const double ms = std::clamp(middleMs(i), m_minMs, m_maxMs);
        const long bin = std::clamp(long(std::floor((ms - fromMs) / width)), 0L, last);
        bins[std::size_t(bin)] += float(m_buckets[i]);
    }
}

} // namespace lr::stats
