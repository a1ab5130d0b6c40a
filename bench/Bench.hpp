#pragma once

// A tiny registry for the figures build/limitrail-bench prints, one `name: value` line each.
// Ratios are always measured in the same run as their baseline, never against stored numbers.

#include <functional>
#include <string>
#include <vector>

namespace lr::bench {

struct Options {
    std::size_t records = 1'000'000; // --records N
    std::string filter;              // --only SUBSTRING: run cases whose name contains it
};

class Report {
public:
    void figure(const std::string& name, double value, int decimals = 3);
    void note(const std::string& text); // "# ..." lines for context
};

struct Case {
    std::string name;
    std::function<void(const Options&, Report&)> run;
};

std::vector<Case>& registry();

struct Registrar {
    Registrar(std::string name, std::function<void(const Options&, Report&)> run) {
        registry().push_back({std::move(name), std::move(run)});
    }
};

/// Peak resident set size of this process so far, in bytes (VmHWM).
std::size_t peakRssBytes();
/// Current resident set size, in bytes (VmRSS).
std::size_t currentRssBytes();
/// Seconds on a steady clock.
double nowSeconds();
/// The middle value (the mean of the two middle ones for an even count); 0 for none.
double median(std::vector<double> values);

} // namespace lr::bench

#define LR_BENCH_CONCAT2(a, b) a##b
#define LR_BENCH_CONCAT(a, b) LR_BENCH_CONCAT2(a, b)
/// LR_BENCH("lists", [](const Options& o, Report& r) { ... }); variadic, so a comma in the
/// lambda's body does not split the macro's arguments.
#define LR_BENCH(name, ...)                                                                        \
    static ::lr::bench::Registrar LR_BENCH_CONCAT(lrBenchRegistrar, __LINE__)(name, __VA_ARGS__)
