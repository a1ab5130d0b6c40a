#pragma once

// Durations in a log-linear histogram: constant memory however many calls, exact count, min,
// max, mean and standard deviation, and percentiles within a stated relative error.
//
// Values are kept as whole nanoseconds. Below 2 * kSubBuckets ns every value has its own
// bucket (exact). Above, each power of two [2^e, 2^(e+1)) is cut into kSubBuckets equal
// buckets of width 2^(e - kSubBits), so a bucket is never wider than 1/kSubBuckets of its lower
// bound. A percentile answers the middle of its bucket, clamped to the exact min and max, which
// is within kMaxRelativeError (1/128 = 0.78 %) of the sample that sorting would pick.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lr::stats {

class LatencyHistogram {
public:
    static constexpr int kSubBits = 6;
    static constexpr std::uint64_t kSubBuckets = std::uint64_t(1) << kSubBits; // 64
    static constexpr int kTopExponent = 44; // 2^44 ns is 4.9 hours; longer values share the top
    static constexpr std::size_t kBucketCount =
        2 * kSubBuckets + std::size_t(kTopExponent - kSubBits - 1) * kSubBuckets;
    /// The bound percentile() keeps to, relative to the exact (sorted) answer.
    static constexpr double kMaxRelativeError = 1.0 / double(2 * kSubBuckets);

    /// Adds one duration in milliseconds; negative values count as zero.
    void add(double ms);
    /// Adds another histogram's samples, as if each had been added here.
    void merge(const LatencyHistogram& other);
    void reset();

    [[nodiscard]] std::uint64_t count() const { return m_count; }
    [[nodiscard]] bool empty() const { return m_count == 0; }
    [[nodiscard]] double minMs() const { return m_count ? m_minMs : 0.0; }
    [[nodiscard]] double maxMs() const { return m_count ? m_maxMs : 0.0; }
    [[nodiscard]] double meanMs() const { return m_count ? m_mean : 0.0; }
    /// Population standard deviation; 0 with fewer than two samples.
    [[nodiscard]] double stddevMs() const;

    /// The nearest-rank q-quantile, q in [0, 1] (0.5 = p50, 0.99 = p99), in milliseconds.
    [[nodiscard]] double percentile(double q) const;

    /// Counts of samples in `bins` equal-width bins over [fromMs, toMs); samples outside the range
    /// go to the first or last bin. Each bucket is placed by its middle value.
    void fillBins(double fromMs, double toMs, std::vector<float>& bins) const;

    /// Bucket arithmetic, public for the tests.
    static std::size_t bucketOf(std::uint64_t ns);
    static std::uint64_t bucketLow(std::size_t index);  // smallest value in the bucket
    static std::uint64_t bucketHigh(std::size_t index); // largest value in the bucket

private:
    std::array<std::uint64_t, kBucketCount> m_buckets{};
    std::uint64_t m_count = 0;
    std::size_t m_highest = 0; // highest bucket with a sample, so walks stop early
    double m_minMs = 0.0;
    double m_maxMs = 0.0;
    double m_mean = 0.0; // Welford's running mean and sum of squared deviations: no
    double m_m2 = 0.0;   // cancellation when durations are large and close together
};

} // namespace lr::stats
