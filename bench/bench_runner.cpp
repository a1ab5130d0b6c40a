// Repeat runner throughput against a bare cpp-httplib loop, on the in-process sandbox, in the
// same run: runner_rps, raw_httplib_rps, runner_over_raw (goal >= 0.9), and queue_hop_p99_us,
// the time from a worker's post to a drain on a separate "UI" thread (frame wait not counted).

#include "Bench.hpp"
#include "core/stats/LatencyHistogram.hpp"
#include "core/stats/RepeatRunner.hpp"
#include "sandbox/Sandbox.hpp"

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using namespace lr;

constexpr int kCalls = 20'000;
constexpr int kConcurrency = 8;
constexpr const char* kPath = "/health"; // FIXME(bench): GET /v1/accounts with a token once the
                                         // full sandbox lands on main

/// C threads, each one keep-alive cpp-httplib client with TCP_NODELAY, sharing one counter.
double rawHttplibRps(int port, int calls, int concurrency) {
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
                auto result = client.Get(kPath);
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
    double hopP99Us = 0;
    std::uint64_t completed = 0;
};

/// The runner as the console uses it: a "UI" thread sleeps until the runner's wake, drains,
/// and timestamps each call's hop from the worker's post.
RunnerFigures runnerRps(const std::string& baseUrl, int calls, int concurrency) {
    std::mutex mutex;
    std::condition_variable woken;
    bool pending = false;
    stats::RepeatRunner runner([&] {
        {
            std::lock_guard<std::mutex> lock(mutex);
            pending = true;
        }
        woken.notify_one();
    });
    stats::RunPlan plan;
    plan.key = {"Sandbox", "GET", kPath};
    plan.request.url = baseUrl + kPath;
    plan.total = calls;
    plan.concurrency = concurrency;

    RunnerFigures figures;
    stats::LatencyHistogram hops;
    const double started = bench::nowSeconds();
    if (!runner.start(plan).empty())
        return figures;
    std::thread ui([&] {
        while (runner.busy()) {
            {
                std::unique_lock<std::mutex> lock(mutex);
                woken.wait_for(lock, std::chrono::milliseconds(50), [&] { return pending; });
                pending = false;
            }
            runner.drain([&](const stats::RunCall& call) {
                hops.add(std::chrono::duration<double, std::milli>(
                             std::chrono::steady_clock::now() - call.postedAt)
                             .count());
            });
        }
    });
    ui.join();
    const double seconds = bench::nowSeconds() - started;
    figures.completed = runner.progress().completed;
    figures.rps = double(figures.completed) / seconds;
    figures.hopP99Us = hops.percentile(0.99) * 1000.0;
    return figures;
}

/// Post-to-drain time at a capped rate, drained by a polling thread (no frame wait).
double queueHopP99Us(bench::Report& report, const std::string& baseUrl, int calls, int concurrency,
                     double rate) {
    stats::RepeatRunner runner;
    stats::RunPlan plan;
    plan.key = {"Sandbox", "GET", kPath};
    plan.request.url = baseUrl + kPath;
    plan.total = calls;
    plan.concurrency = concurrency;
    plan.rateCap = rate;
    if (!runner.start(plan).empty())
        return 0;
    stats::LatencyHistogram hops;
    while (runner.busy()) {
        const std::size_t n = runner.drain([&](const stats::RunCall& call) {
            hops.add(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                               call.postedAt)
                         .count());
        });
        if (n == 0)
            std::this_thread::yield();
    }
    report.note("queue hop at " + std::to_string(int(rate)) + " req/s: p50 " +
                std::to_string(int(hops.percentile(0.5) * 1000.0)) + " us, p90 " +
                std::to_string(int(hops.percentile(0.9) * 1000.0)) + " us, max " +
                std::to_string(int(hops.maxMs() * 1000.0)) + " us");
    return hops.percentile(0.99) * 1000.0;
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
    report.note("GET " + std::string(kPath) +
                " on the in-process sandbox, N=" + std::to_string(kCalls) +
                " C=" + std::to_string(kConcurrency) + ", best of 3 alternating runs each");

    // Alternate the two so neither gets the warm or the noisy half of the machine's time.
    double raw = 0;
    RunnerFigures runner;
    for (int round = 0; round < 3; ++round) {
        raw = std::max(raw, rawHttplibRps(server.port(), kCalls, kConcurrency));
        const RunnerFigures r = runnerRps(server.baseUrl(), kCalls, kConcurrency);
        if (r.completed != std::uint64_t(kCalls))
            report.note("runner completed " + std::to_string(r.completed) + " calls");
        if (r.rps > runner.rps)
            runner = r;
    }
    // The hop at the rate the issue names (2 000 req/s): the machine is not saturated, so the
    // drain thread polls like a UI frame loop that is ready, and only the queue's hop is timed.
    const double hopP99Us = queueHopP99Us(report, server.baseUrl(), 4000, kConcurrency, 2000.0);

    report.figure("runner_rps", runner.rps, 0);
    report.figure("raw_httplib_rps", raw, 0);
    report.figure("runner_over_raw", raw > 0 ? runner.rps / raw : 0.0, 3);
    report.figure("queue_hop_p99_us", hopP99Us, 1);
    report.figure("queue_hop_p99_us_saturated", runner.hopP99Us, 1);
});

} // namespace
