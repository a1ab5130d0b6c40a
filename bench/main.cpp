// limitrail-bench: prints one `name: value` line per figure; see README, Performance.

#include "Bench.hpp"
#include "core/Log.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace lr::bench {

std::vector<Case>& registry() {
    static std::vector<Case> cases;
    return cases;
}

void Report::figure(const std::string& name, double value, int decimals) {
    std::printf("%s: %.*f\n", name.c_str(), decimals, value);
    std::fflush(stdout);
}

void Report::note(const std::string& text) {
    std::printf("# %s\n", text.c_str());
    std::fflush(stdout);
}

namespace {

std::size_t statusKb(const char* key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(key) + ":";
    while (std::getline(in, line))
        if (line.rfind(prefix, 0) == 0)
            return std::strtoull(line.c_str() + prefix.size(), nullptr, 10);
    return 0;
}

} // namespace

std::size_t peakRssBytes() {
    return statusKb("VmHWM") * 1024;
}
std::size_t currentRssBytes() {
    return statusKb("VmRSS") * 1024;
}

double nowSeconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    if (n == 0)
        return 0.0;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace lr::bench

int main(int argc, char** argv) {
    lr::bench::Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--records" && i + 1 < argc) {
            options.records = std::strtoull(argv[++i], nullptr, 10);
        } else if (arg == "--only" && i + 1 < argc) {
            options.filter = argv[++i];
        } else if (arg == "--list") {
            for (const auto& c : lr::bench::registry())
                std::printf("%s\n", c.name.c_str());
            return 0;
        } else {
            std::fprintf(stderr,
                         "usage: limitrail-bench [--records N] [--only SUBSTRING] [--list]\n");
            return arg == "--help" ? 0 : 2;
        }
    }
    lr::Log::instance().setEcho(false);

    lr::bench::Report report;
    for (const auto& c : lr::bench::registry()) {
        if (!options.filter.empty() && c.name.find(options.filter) == std::string::npos)
            continue;
        report.note("case " + c.name);
        c.run(options, report);
    }
    return 0;
}
