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
    double hopP99Us = 0;
    double hopP50Us = 0;
    double hopP90Us = 0;
    std::uint64_t completed = 0;
};

/// The runner as the console uses it: a "UI" thread sleeps until the runner's wake, drains,
/// and timestamps each call's hop from the worker's post.
RunnerFigures runnerRps(const std::string& baseUrl, const std::string& token, int calls,
                        int concurrency, double rateCap = 0) {
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
    plan.request.headers.push_back({"Authorization", "Bearer " + token});
    plan.total = calls;
    plan.concurrency = concurrency;
    plan.rateCap = rateCap;

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
    figures.hopP50Us = hops.percentile(0.50) * 1000.0;
    figures.hopP90Us = hops.percentile(0.90) * 1000.0;
    return figures;
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
    report.note("GET " + std::string(kPath) +
                " on the in-process sandbox, N=" + std::to_string(kCalls) +
                " C=" + std::to_string(kConcurrency) + ", best of 3 alternating runs each");

    // Alternate the two so neither gets the warm or the noisy half of the machine's time.
    double raw = 0;
    RunnerFigures runner;
    for (int round = 0; round < 3; ++round) {
        raw = std::max(raw, rawHttplibRps(server.port(), token, kCalls, kConcurrency));
        const RunnerFigures r = runnerRps(server.baseUrl(), token, kCalls, kConcurrency);
        if (r.completed != std::uint64_t(kCalls))
            report.note("runner completed " + std::to_string(r.completed) + " calls");
        if (r.rps > runner.rps)
            runner = r;
    }
    // The hop at the rate the issue names (2 000 req/s), where the machine is not saturated by
    // the run itself: the drain thread sleeps until the runner's wake, like the UI loop does.
    const RunnerFigures paced = runnerRps(server.baseUrl(), token, 4000, kConcurrency, 2000.0);
    report.note("queue hop at 2000 req/s: p50 " + std::to_string(int(paced.hopP50Us)) +
                " us, p90 " + std::to_string(int(paced.hopP90Us)) + " us");

    report.figure("runner_rps", runner.rps, 0);
    report.figure("raw_httplib_rps", raw, 0);
    report.figure("runner_over_raw", raw > 0 ? runner.rps / raw : 0.0, 3);
    report.figure("queue_hop_p99_us", paced.hopP99Us, 1);
    report.figure("queue_hop_p99_us_saturated", runner.hopP99Us, 1);
});

} // namespace
