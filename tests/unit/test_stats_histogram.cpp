// LatencyHistogram: percentiles within the stated 1 % of the exact (sorted) answer over skewed
// and bimodal samples, exact min, max, mean and deviation, constant memory, merge.

#include "core/stats/LatencyHistogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

namespace {

using lr::stats::LatencyHistogram;

// Nearest rank, the definition the histogram promises: the smallest sample with at least
// q * n samples at or below it.
double exactPercentile(std::vector<double> sorted, double q) {
    std::sort(sorted.begin(), sorted.end());
    const auto n = sorted.size();
    const auto rank = std::max<std::size_t>(1, std::size_t(std::ceil(q * double(n) - 1e-9)));
    return sorted[rank - 1];
}

void expectWithinBound(const std::vector<double>& samples, const char* what) {
    LatencyHistogram histogram;
    for (double ms : samples)
        histogram.add(ms);

    for (double q : {0.01, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99, 0.999}) {
        const double exact = exactPercentile(samples, q);
        const double estimate = histogram.percentile(q);
        EXPECT_LE(std::abs(estimate - exact), exact * 0.01)
            << what << " q=" << q << " exact=" << exact << " estimate=" << estimate;
        EXPECT_LE(std::abs(estimate - exact), exact * LatencyHistogram::kMaxRelativeError + 1e-6)
            << what << " q=" << q;
    }

    // Min, max, mean and deviation are exact, not bucketed.
    const auto [lo, hi] = std::minmax_element(samples.begin(), samples.end());
    EXPECT_DOUBLE_EQ(histogram.minMs(), *lo);
    EXPECT_DOUBLE_EQ(histogram.maxMs(), *hi);
    const double mean = std::accumulate(samples.begin(), samples.end(), 0.0) / samples.size();
    double squares = 0;
    for (double ms : samples)
        squares += (ms - mean) * (ms - mean);
    EXPECT_NEAR(histogram.meanMs(), mean, std::abs(mean) * 1e-9);
    EXPECT_NEAR(histogram.stddevMs(), std::sqrt(squares / samples.size()), mean * 1e-6);
    EXPECT_EQ(histogram.count(), samples.size());
}

TEST(LatencyHistogram, SkewedLogNormalPercentilesWithinOnePercent) {
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> duration(std::log(3.0), 1.1); // ms: long right tail
    std::vector<double> samples(200'000);
    for (double& ms : samples)
        ms = duration(rng);
    expectWithinBound(samples, "lognormal");
}

TEST(LatencyHistogram, BimodalPercentilesWithinOnePercent) {
    // A cache: most calls at ~0.4 ms, a fifth going to storage at ~80 ms.
    std::mt19937_64 rng(11);
    std::normal_distribution<double> fast(0.4, 0.05);
    std::normal_distribution<double> slow(80.0, 12.0);
    std::bernoulli_distribution miss(0.2);
    std::vector<double> samples(100'000);
    for (double& ms : samples)
        ms = std::max(0.01, miss(rng) ? slow(rng) : fast(rng));
    expectWithinBound(samples, "bimodal");
}

TEST(LatencyHistogram, HeavyTailFromMicrosecondsToMinutes) {
    // Pareto: durations from 50 µs to tens of seconds in one sample set.
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    std::vector<double> samples(50'000);
    for (double& ms : samples)
        ms = 0.05 / std::pow(1.0 - u(rng), 1.0 / 0.6);
    expectWithinBound(samples, "pareto");
}

TEST(LatencyHistogram, BucketsNeverWiderThanTheBound) {
    // Every bucket holds only values within 1/64 of its lower end, and buckets tile the range.
    for (std::size_t i = 1; i < LatencyHistogram::kBucketCount; ++i) {
        const auto low = LatencyHistogram::bucketLow(i);
        const auto high = LatencyHistogram::bucketHigh(i);
        ASSERT_EQ(low, LatencyHistogram::bucketHigh(i - 1) + 1) << i;
        ASSERT_LE(double(high - low), double(low) / 64.0) << i;
        ASSERT_EQ(LatencyHistogram::bucketOf(low), i);
        ASSERT_EQ(LatencyHistogram::bucketOf(high), i);
    }
}

TEST(LatencyHistogram, MemoryIsConstantHoweverManySamples) {
    LatencyHistogram histogram;
    const std::size_t size = sizeof(histogram);
    for (int i = 0; i < 1'000'000; ++i)
        histogram.add(0.1 + (i % 997) * 0.37);
    EXPECT_EQ(sizeof(histogram), size); // no heap members: the buckets are an array
    EXPECT_LE(size, 32u * 1024u);
    EXPECT_EQ(histogram.count(), 1'000'000u);
}

TEST(LatencyHistogram, MergeEqualsAddingEverythingToOne) {
    std::mt19937_64 rng(5);
    std::exponential_distribution<double> duration(0.2);
    LatencyHistogram a, b, all;
    for (int i = 0; i < 30'000; ++i) {
        const double ms = duration(rng);
        (i % 3 == 0 ? a : b).add(ms);
        all.add(ms);
    }
    a.merge(b);
    EXPECT_EQ(a.count(), all.count());
    EXPECT_DOUBLE_EQ(a.minMs(), all.minMs());
    EXPECT_DOUBLE_EQ(a.maxMs(), all.maxMs());
    EXPECT_NEAR(a.meanMs(), all.meanMs(), 1e-9);
    EXPECT_NEAR(a.stddevMs(), all.stddevMs(), 1e-9);
    for (double q : {0.5, 0.9, 0.99})
        EXPECT_DOUBLE_EQ(a.percentile(q), all.percentile(q));
}

TEST(LatencyHistogram, EmptyAndSingleSample) {
    LatencyHistogram histogram;
    EXPECT_EQ(histogram.percentile(0.5), 0.0);
    histogram.add(12.345);
    EXPECT_DOUBLE_EQ(histogram.percentile(0.5), 12.345); // clamped to the exact min and max
    EXPECT_DOUBLE_EQ(histogram.percentile(0.99), 12.345);
    EXPECT_EQ(histogram.stddevMs(), 0.0);
    histogram.reset();
    EXPECT_TRUE(histogram.empty());
}

TEST(LatencyHistogram, BinsCountEverySample) {
    LatencyHistogram histogram;
    for (int i = 0; i < 1000; ++i)
        histogram.add(i < 900 ? 1.5 : 9.5);
    std::vector<float> bins(10);
    histogram.fillBins(0.0, 10.0, bins);
    EXPECT_FLOAT_EQ(bins[1], 900.0f);
    EXPECT_FLOAT_EQ(bins[9], 100.0f);
    EXPECT_FLOAT_EQ(std::accumulate(bins.begin(), bins.end(), 0.0f), 1000.0f);
}

} // namespace
