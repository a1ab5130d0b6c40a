// Repeat runner throughput against a bare cpp-httplib loop, on the in-process sandbox, in the
// same run: runner_rps, raw_httplib_rps, runner_over_raw (goal >= 0.9), and queue_hop_p99_us,
// the time from a worker's post to the UI thread's drain taking the call off the queue,
// without the wait for the next frame (goal <= 50 us plus frame wait).

#include "Bench.hpp"
#include "core/stats/LatencyHistogram.hpp"
#include "core/stats/RepeatRunner.hpp"
#include "core/stats/StatsBook.hpp"
#include "sandbox/Sandbox.hpp"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <sys/resource.h>
#include <thread>
#include <vector>

namespace {

using namespace lr;

constexpr int kCalls = 10'000; // per run
constexpr int kConcurrency = 8;
constexpr const char* kPath = "/v1/accounts?limit=10";

/// A token of the sandbox's demo client; empty when the token endpoint refuses.
std::string demoToken(int port) {
    httplib::Client client("127.0.0.1", port);
    const httplib::Params form{{"grant_type", "client_credentials"},
                               {"client_id", "lr_cdadc4d7359a489ca5a2bd3fc9cb0202"},
                               {"client_secret", "sandbox-secret"},
                               {"scope", "limitrail.accounts.read"}};
    const auto result = client.Post("/connect/token", form);
    if (!result || result->status != 200)
        return {};
    const std::string& body = result->body;
    const std::string key = "\"access_token\"";
    auto at = body.find(key);
    at = at == std::string::npos ? at : body.find('"', body.find(':', at + key.size()));
    const auto end = at == std::string::npos ? at : body.find('"', at + 1);
    return end == std::string::npos ? std::string() : body.substr(at + 1, end - at - 1);
}

/// C threads, each one keep-alive cpp-httplib client with TCP_NODELAY, sharing one counter.
double rawHttplibRps(int port, const std::string& token, int calls, int concurrency) {
    std::atomic<int> next{0};
    std::atomic<int> failures{0};
    const double started = bench::nowSeconds();
    std::vector<std::thread> threads;
    for (int t = 0; t < concurrency; ++t) {
        threads.emplace_back([&] {
            httplib::Client client("127.0.0.1", port);
            client.set_keep_alive(true);
            client.set_tcp_nodelay(true);
            while (next.fetch_add(1) < calls) {
                auto result = client.Get(kPath, {{"Authorization", "Bearer " + token}});
                if (!result || result->status != 200)
                    ++failures;
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    const double seconds = bench::nowSeconds() - started;
    return failures.load() == 0 ? double(calls) / seconds : 0.0;
}

struct RunnerFigures {
    double rps = 0;
    double hopP50Us = 0; // post to the drain taking it off the queue, frame wait left out
    double hopP90Us = 0;
    double hopP99Us = 0;
    double handoverP99Us = 0;      // post to the stats code, calls ahead of it in the frame too
    double withFrameWaitP99Us = 0; // post to the drain, everything included
    std::uint64_t completed = 0;
};

/// The runner as the console drives it. The console's loop draws continuously while a run is
/// busy, at the display's refresh (swap interval 1), and drains the runner into the StatsBook
/// once at the start of each frame; `frameSeconds` stands in for that refresh. A call posted
/// while the owner was between drains waits for the next frame (the frame wait); its hop is
/// counted from the later of its post and the drain's start.
RunnerFigures runnerRps(const std::string& baseUrl, const std::string& token, int calls,
                        int concurrency, double frameSeconds, double rateCap = 0) {
    using Clock = std::chrono::steady_clock;
    stats::RepeatRunner runner;
    stats::RunPlan plan;
    plan.key = {"Sandbox", "GET", kPath};
    plan.request.url = baseUrl + kPath;
    plan.request.headers.push_back({"Authorization", "Bearer " + token});
    plan.total = calls;
    plan.concurrency = concurrency;
    plan.rateCap = rateCap;

    RunnerFigures figures;
    stats::StatsBook book;
    stats::LatencyHistogram hops;
    stats::LatencyHistogram handovers;
    stats::LatencyHistogram whole;
    if (!runner.start(plan).empty())
        return figures;
    const auto frame =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(frameSeconds));
    auto nextFrame = Clock::now();
    while (runner.busy()) {
        // The frame's pacing: the console waits here for the display, not for the runner.
        nextFrame += frame;
        std::this_thread::sleep_until(nextFrame);
        const auto drainStart = Clock::now();
        runner.drainInto(book, [&](const stats::RunCall& call) {
            const auto handed = Clock::now();
            const auto from = std::max(call.postedAt, drainStart);
            hops.add(std::chrono::duration<double, std::milli>(call.drainedAt - from).count());
            handovers.add(std::chrono::duration<double, std::milli>(handed - from).count());
            whole.add(
                std::chrono::duration<double, std::milli>(call.drainedAt - call.postedAt).count());
        });
    }
    // The runner's own throughput, start to the last connection's end, as the Stats window
    // shows it: the owner notices the end only at its next frame, and counting that wait
    // would charge the runner up to a frame (5 % of a 10 000-call run) that no call took.
    const stats::RunProgress progress = runner.progress();
    figures.completed = progress.completed;
    figures.rps = progress.throughput;
    figures.hopP50Us = hops.percentile(0.50) * 1000.0;
    figures.hopP90Us = hops.percentile(0.90) * 1000.0;
    figures.hopP99Us = hops.percentile(0.99) * 1000.0;
    figures.handoverP99Us = handovers.percentile(0.99) * 1000.0;
    figures.withFrameWaitP99Us = whole.percentile(0.99) * 1000.0;
    return figures;
}

/// CPU seconds this process has used so far, every thread (the sandbox's included).
double processCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return double(t.tv_sec) + double(t.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

/// One raw loop and one runner run back to back, with the CPU each cost per call.
struct Pair {
    double rawRps = 0;
    double rawCpuUs = 0;
    RunnerFigures runner;
    double runnerCpuUs = 0;
};

Pair runPair(const sandbox::Server& server, const std::string& token, bool rawFirst,
             double frameSeconds, bench::Report& report) {
    Pair pair;
    const auto raw = [&] {
        const double cpu = processCpuSeconds();
        pair.rawRps = rawHttplibRps(server.port(), token, kCalls, kConcurrency);
        pair.rawCpuUs = (processCpuSeconds() - cpu) / kCalls * 1e6;
    };
    const auto runner = [&] {
        const double cpu = processCpuSeconds();
        pair.runner = runnerRps(server.baseUrl(), token, kCalls, kConcurrency, frameSeconds);
        pair.runnerCpuUs = (processCpuSeconds() - cpu) / kCalls * 1e6;
        if (pair.runner.completed != std::uint64_t(kCalls))
            report.note("runner completed " + std::to_string(pair.runner.completed) + " calls");
    };
    if (rawFirst) {
        raw();
        runner();
    } else {
        runner();
        raw();
    }
    return pair;
}

LR_BENCH("runner", [](const bench::Options&, bench::Report& report) {
    sandbox::Options options;
    options.logRequests = false;
    sandbox::Server server(options);
    std::string error;
    if (!server.start(error)) {
        report.note("sandbox did not start: " + error);
        return;
    }
    const std::string token = demoToken(server.port());
    if (token.empty()) {
        report.note("the sandbox gave no token");
        return;
    }
    constexpr int kPairs = 9;
    constexpr double kFrame = 1.0 / 60.0;
    report.note("GET " + std::string(kPath) + " on the in-process sandbox, N=" +
                std::to_string(kCalls) + " C=" + std::to_string(kConcurrency) + ", " +
                std::to_string(kPairs) + " pairs of runs after one warm-up pair; medians");

    // 1. A warm-up pair, not counted: the first run of each pays for page faults, the sandbox's
    //    first answers and the StatsBook's ring, which no later call does.
    runPair(server, token, true, kFrame, report);

    // 2. Pairs back to back, the order alternating, so neither side always gets the warmer or
    //    the quieter half of a shared machine's time. The figure is the median of the pairs'
    //    ratios: one pair disturbed by another process moves it little.
    std::vector<double> rawRates, runnerRates, ratios, rawCpu, runnerCpu, saturatedHops;
    for (int i = 0; i < kPairs; ++i) {
        const Pair pair = runPair(server, token, i % 2 == 0, kFrame, report);
        rawRates.push_back(pair.rawRps);
        runnerRates.push_back(pair.runner.rps);
        ratios.push_back(pair.rawRps > 0 ? pair.runner.rps / pair.rawRps : 0.0);
        rawCpu.push_back(pair.rawCpuUs);
        runnerCpu.push_back(pair.runnerCpuUs);
        saturatedHops.push_back(pair.runner.hopP99Us);
    }
    std::string spread;
    for (std::size_t i = 0; i < ratios.size(); ++i)
        spread += (spread.empty() ? "" : ", ") + std::to_string(int(runnerRates[i])) + "/" +
                  std::to_string(int(rawRates[i]));
    report.note("runner/raw rps of each pair: " + spread);

    // 3. The hop at the rate the issue names (2 000 req/s), where the run does not saturate the
    //    machine by itself. A p99 over 3 s rests on a few frames, and one preemption of the drain
    //    thread moves it, so three runs are made and the middle one is the figure.
    std::vector<RunnerFigures> paced;
    for (int run = 0; run < 3; ++run)
        paced.push_back(runnerRps(server.baseUrl(), token, 6000, kConcurrency, kFrame, 2000.0));
    std::sort(paced.begin(), paced.end(), [](const RunnerFigures& a, const RunnerFigures& b) {
        return a.hopP99Us < b.hopP99Us;
    });
    const RunnerFigures& middle = paced[1];
    report.note("queue hop at 2000 req/s, frame wait left out: p99 of three runs " +
                std::to_string(int(paced[0].hopP99Us)) + ", " +
                std::to_string(int(paced[1].hopP99Us)) + ", " +
                std::to_string(int(paced[2].hopP99Us)) + " us; middle run p50 " +
                std::to_string(int(middle.hopP50Us)) + " us, p90 " +
                std::to_string(int(middle.hopP90Us)) + " us, to the stats code p99 " +
                std::to_string(int(middle.handoverP99Us)) + " us, with the frame wait p99 " +
                std::to_string(int(middle.withFrameWaitP99Us)) + " us (60 Hz frames)");

    report.figure("runner_rps", bench::median(runnerRates), 0);
    report.figure("raw_httplib_rps", bench::median(rawRates), 0);
    report.figure("runner_over_raw", bench::median(ratios), 3);
    // The process's CPU per call, the sandbox's share included: what the runner's own work adds.
    report.figure("runner_cpu_us_per_call", bench::median(runnerCpu), 1);
    report.figure("raw_cpu_us_per_call", bench::median(rawCpu), 1);
    report.figure("queue_hop_p99_us", middle.hopP99Us, 1);
    report.figure("queue_hop_p99_us_saturated", bench::median(saturatedHops), 1);
});

} // namespace
