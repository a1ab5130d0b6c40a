// RepeatRunner against a real loopback server that counts what reaches it: exactly N calls,
// never more than C in flight, cancel within one request per connection, the rate cap, the
// refusals, and the same against the LimitRail sandbox.

#include "ListenThread.hpp"
#include "core/Script.hpp"
#include "core/UiInbox.hpp"
#include "core/stats/RepeatRunner.hpp"
#include "core/stats/StatsController.hpp"
#include "sandbox/Sandbox.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <sys/socket.h>
#include <thread>

namespace {

using namespace lr::stats;
using namespace std::chrono_literals;

/// A loopback server whose handler counts calls and the most that were in it at once.
class CountingServer {
public:
    explicit CountingServer(std::chrono::microseconds hold = 0us) : m_hold(hold) {
        m_server.new_task_queue = [] { return new httplib::ThreadPool(24); };
        m_server.set_keep_alive_max_count(100'000);
        m_server.set_tcp_nodelay(true);
        m_server.Get("/v1/accounts", [this](const httplib::Request&, httplib::Response& res) {
            ++m_received;
            const int now = ++m_inFlight;
            int seen = m_maxInFlight.load();
            while (now > seen && !m_maxInFlight.compare_exchange_weak(seen, now)) {
            }
            if (m_hold.count() > 0)
                std::this_thread::sleep_for(m_hold); // the endpoint's own latency
            --m_inFlight;
            res.set_content("{\"items\": [], \"nextCursor\": null}", "application/json");
        });
        m_server.Get("/big", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(std::string(StatsBook::kRetainedBodyBytes + 1000, ' ') + "{}",
                            "application/json");
        });
        m_server.Get("/broken", [](const httplib::Request&, httplib::Response& res) {
            res.status = 503;
            res.set_content("{}", "application/json");
        });
        // cpp-httplib listens with a backlog of 5; C connections opened at once can overflow
        // it, and each dropped SYN costs its connection a second. Listen again, deeper, as the
        // sandbox does.
        m_server.set_socket_options([this](int sock) {
            httplib::default_socket_options(sock);
            m_listening = sock;
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        if (m_listening >= 0)
            ::listen(m_listening, 128);
        m_thread = lr::test::listenOnThread(m_server);
    }
    ~CountingServer() {
        m_server.stop();
        m_thread.join();
    }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }
    int received() const { return m_received.load(); }
    int maxInFlight() const { return m_maxInFlight.load(); }

private:
    httplib::Server m_server;
    std::chrono::microseconds m_hold;
    std::atomic<int> m_received{0};
    std::atomic<int> m_inFlight{0};
    std::atomic<int> m_maxInFlight{0};
    int m_listening = -1; // the socket bind made, seen by the socket-options hook
    int m_port = 0;
    std::thread m_thread;
};

/// The wake the UI would get, as a condition variable the test thread can wait on.
struct Wake {
    std::mutex mutex;
    std::condition_variable cv;
    bool pending = false;
    void operator()() {
        {
            std::lock_guard<std::mutex> lock(mutex);
            pending = true;
        }
        cv.notify_one();
    }
    void wait(std::chrono::milliseconds timeout) {
        std::unique_lock<std::mutex> lock(mutex);
        cv.wait_for(lock, timeout, [this] { return pending; });
        pending = false;
    }
};

/// Drains like the UI does, until the run is over or the deadline passes.
/// `each` sees every call as it is drained.
bool drainUntilIdle(RepeatRunner& runner, Wake& wake, StatsBook& book,
                    const std::function<void(const RunCall&)>& each = {},
                    std::chrono::seconds deadline = 60s) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (runner.busy()) {
        if (std::chrono::steady_clock::now() > until)
            return false;
        wake.wait(100ms);
        runner.drainInto(book, each);
    }
    return true;
}

RunPlan planFor(const std::string& url, int total, int concurrency) {
    RunPlan plan;
    plan.key = {"Sandbox", "GET", "/v1/accounts"};
    plan.request.url = url;
    plan.request.headers.push_back({"Authorization", "Bearer test-token"});
    plan.total = total;
    plan.concurrency = concurrency;
    return plan;
}

TEST(RepeatRunner, CompletesExactlyNCallsWithAtMostCInFlight) {
    CountingServer server(500us);
    Wake wake;
    StatsBook book;
    RepeatRunner runner([&wake] { wake(); });

    ASSERT_EQ(runner.start(planFor(server.url("/v1/accounts"), 1000, 8)), "");
    ASSERT_TRUE(drainUntilIdle(runner, wake, book));

    const RunProgress progress = runner.progress();
    EXPECT_EQ(progress.state, RunState::Finished);
    EXPECT_EQ(server.received(), 1000);
    EXPECT_EQ(progress.completed, 1000u);
    EXPECT_EQ(progress.started, 1000u);
    EXPECT_EQ(progress.failed, 0u);
    EXPECT_LE(server.maxInFlight(), 8);
    EXPECT_GE(server.maxInFlight(), 2); // it really ran concurrently
    EXPECT_EQ(runner.liveHistogram().count(), 1000u);
    EXPECT_GT(progress.throughput, 0.0);

    const EndpointStats* stats = book.find({"Sandbox", "GET", "/v1/accounts"});
    ASSERT_NE(stats, nullptr);
    EXPECT_EQ(stats->count(), 1000u);
    EXPECT_EQ(stats->successes(), 1000u);
    EXPECT_GE(stats->durations().minMs(), 0.5); // the handler holds each call 0.5 ms
    // The newest responses can be reopened from the timeline.
    const std::vector<CallMark> marks = stats->recent();
    ASSERT_EQ(marks.size(), 1000u);
    const RetainedCall* kept = book.retained(marks.back().callId);
    ASSERT_NE(kept, nullptr);
    EXPECT_EQ(kept->response->status, 200);
}

TEST(RepeatRunner, FreesEveryResponseTheBookDoesNotKeep) {
    // The owner hands spent responses back to the connections to free; none may be left behind
    // once the run is over, and the ones the book keeps for reopening must stay intact.
    CountingServer server(0us);
    Wake wake;
    StatsBook book;
    RepeatRunner runner([&wake] { wake(); });
    std::vector<std::weak_ptr<const lr::HttpResponse>> seen;

    constexpr int kCalls = 600;
    ASSERT_EQ(runner.start(planFor(server.url("/v1/accounts"), kCalls, 4)), "");
    ASSERT_TRUE(drainUntilIdle(runner, wake, book,
                               [&](const RunCall& call) { seen.push_back(call.response); }));
    ASSERT_EQ(seen.size(), std::size_t(kCalls));

    const std::size_t kept = StatsBook::kRetainedResponses;
    std::size_t alive = 0;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (i < seen.size() - kept)
            EXPECT_TRUE(seen[i].expired()) << "call " << i << " was not freed";
        else if (const auto response = seen[i].lock(); response && response->status == 200)
            ++alive;
    }
    EXPECT_EQ(alive, kept);
}

TEST(RepeatRunner, FreesEveryBodyTooBigForTheBookToKeep) {
    // The book keeps these calls without their bodies; each body is freed once drained.
    CountingServer server(0us);
    Wake wake;
    StatsBook book;
    RepeatRunner runner([&wake] { wake(); });
    std::vector<std::weak_ptr<const lr::Body>> bodies;

    constexpr int kCalls = 40;
    ASSERT_EQ(runner.start(planFor(server.url("/big"), kCalls, 2)), "");
    ASSERT_TRUE(drainUntilIdle(
        runner, wake, book, [&](const RunCall& call) { bodies.push_back(call.response->body); }));
    ASSERT_EQ(bodies.size(), std::size_t(kCalls));
    for (std::size_t i = 0; i < bodies.size(); ++i)
        EXPECT_TRUE(bodies[i].expired()) << "the body of call " << i << " was not freed";

    const std::vector<CallMark> marks = book.find({"Sandbox", "GET", "/v1/accounts"})->recent();
    ASSERT_FALSE(marks.empty());
    const RetainedCall* kept = book.retained(marks.back().callId);
    ASSERT_NE(kept, nullptr);
    EXPECT_EQ(kept->response->status, 200);
    EXPECT_EQ(kept->response->body, nullptr);
    EXPECT_EQ(kept->bodyBytesNotKept, StatsBook::kRetainedBodyBytes + 1002);
}

TEST(RepeatRunner, ConcurrencyOneIsSequential) {
    CountingServer server(200us);
    Wake wake;
    StatsBook book;
    RepeatRunner runner([&wake] { wake(); });
    ASSERT_EQ(runner.start(planFor(server.url("/v1/accounts"), 200, 1)), "");
    ASSERT_TRUE(drainUntilIdle(runner, wake, book));
    EXPECT_EQ(server.received(), 200);
    EXPECT_EQ(server.maxInFlight(), 1);
}

TEST(RepeatRunner, CancelStopsWithinOneRequestPerConnection) {
    CountingServer server(2ms);
    Wake wake;
    StatsBook book;
    RepeatRunner runner([&wake] { wake(); });
    const int concurrency = 4;
    ASSERT_EQ(runner.start(planFor(server.url("/v1/accounts"), 100'000, concurrency)), "");

    // Let it get going, then cancel.
    const auto until = std::chrono::steady_clock::now() + 30s;
    while (runner.progress().completed < 40 && std::chrono::steady_clock::now() < until) {
        wake.wait(100ms);
        runner.drainInto(book);
    }
    ASSERT_GE(runner.progress().completed, 40u);
    runner.cancel();
    const int atCancel = server.received();

    ASSERT_TRUE(drainUntilIdle(runner, wake, book, {}, 10s));
    EXPECT_EQ(runner.progress().state, RunState::Cancelled);
    // Each connection may have had one call on its way when cancel came; nothing after that.
    EXPECT_LE(server.received(), atCancel + concurrency);
    EXPECT_LT(server.received(), 100'000);
    EXPECT_LE(book.find({"Sandbox", "GET", "/v1/accounts"})->count(),
              std::uint64_t(server.received()));
}

TEST(RepeatRunner, RateCapSpacesTheCalls) {
    CountingServer server;
    Wake wake;
    StatsBook book;
    RepeatRunner runner([&wake] { wake(); });
    RunPlan plan = planFor(server.url("/v1/accounts"), 61, 4);
    plan.rateCap = 200; // slot i no earlier than i / 200 s: the last at 0.3 s
    const auto started = std::chrono::steady_clock::now();
    ASSERT_EQ(runner.start(plan), "");
    ASSERT_TRUE(drainUntilIdle(runner, wake, book));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_EQ(server.received(), 61);
    EXPECT_GE(seconds, 0.3);
    EXPECT_LE(runner.progress().throughput, 200.0 * 1.05);
}

TEST(RepeatRunner, CountsHttpErrorsByStatus) {
    CountingServer server;
    Wake wake;
    StatsBook book;
    RepeatRunner runner([&wake] { wake(); });
    RunPlan plan = planFor(server.url("/broken"), 30, 3);
    ASSERT_EQ(runner.start(plan), "");
    ASSERT_TRUE(drainUntilIdle(runner, wake, book));
    EXPECT_EQ(runner.progress().failed, 30u);
    const EndpointStats* stats = book.find(plan.key);
    ASSERT_NE(stats, nullptr);
    EXPECT_EQ(stats->errorsByStatus().at(503), 30u);
}

TEST(RepeatRunner, RefusesBadPlansAndUnconfirmedRemoteHosts) {
    RepeatRunner runner;
    EXPECT_NE(runner.start(planFor("http://127.0.0.1:1/v1/accounts", 0, 1)), "");
    EXPECT_NE(runner.start(planFor("http://127.0.0.1:1/v1/accounts", 100'001, 1)), "");
    EXPECT_NE(runner.start(planFor("http://127.0.0.1:1/v1/accounts", 10, 0)), "");
    EXPECT_NE(runner.start(planFor("http://127.0.0.1:1/v1/accounts", 10, 17)), "");
    EXPECT_NE(runner.start(planFor("not a url", 10, 1)), "");

    const RunPlan remote = planFor("https://api.limitrail.com/v1/accounts", 10, 2);
    EXPECT_TRUE(RepeatRunner::needsConfirmation(remote.request));
    EXPECT_FALSE(RepeatRunner::needsConfirmation(planFor("http://127.0.0.1:9/x", 1, 1).request));
    const std::string error = runner.start(remote);
    EXPECT_NE(error.find("confirmation"), std::string::npos) << error;
    EXPECT_EQ(runner.progress().state, RunState::Idle); // nothing started
}

TEST(RepeatRunner, DestroyingARunningRunnerCancelsAndJoins) {
    CountingServer server(1ms);
    const auto started = std::chrono::steady_clock::now();
    {
        RepeatRunner runner;
        ASSERT_EQ(runner.start(planFor(server.url("/v1/accounts"), 100'000, 8)), "");
        while (server.received() < 16 && std::chrono::steady_clock::now() - started < 10s)
            std::this_thread::yield();
    }
    EXPECT_LT(server.received(), 100'000);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST(RepeatRunner, RepeatsAgainstTheSandbox) {
    lr::sandbox::Options options;
    options.logRequests = false;
    lr::sandbox::Server sandbox(options);
    std::string error;
    ASSERT_TRUE(sandbox.start(error)) << error;

    Wake wake;
    StatsBook book;
    RepeatRunner runner([&wake] { wake(); });
    RunPlan plan = planFor(sandbox.baseUrl() + "/health", 300, 4);
    plan.key = {"Sandbox", "GET", "/health"};
    ASSERT_EQ(runner.start(plan), "");
    ASSERT_TRUE(drainUntilIdle(runner, wake, book));
    EXPECT_EQ(runner.progress().completed, 300u);
    EXPECT_EQ(book.find(plan.key)->successes(), 300u);
}

} // namespace

namespace {

// The script verbs drive the same command path a click does: repeat, wait-idle, expect-stat.
TEST(RepeatRunnerScript, RepeatWaitIdleAndExpectStat) {
    CountingServer server;
    lr::UiInbox inbox;
    lr::CommandSink sink;
    StatsHooks hooks;
    hooks.currentKey = []() -> std::optional<EndpointKey> {
        return EndpointKey{"Sandbox", "GET", "/v1/accounts"};
    };
    hooks.currentRequest = [&](std::string&) -> std::optional<RepeatTarget> {
        RepeatTarget target;
        target.key = {"Sandbox", "GET", "/v1/accounts"};
        target.request.url = server.url("/v1/accounts");
        return target;
    };
    StatsController stats(inbox, hooks);
    lr::ScriptRunner script;
    stats.registerScriptVerbs(script, sink);

    std::string error;
    ASSERT_TRUE(script.load("repeat 500 8\n"
                            "wait-idle 30\n"
                            "expect-stat \"GET /v1/accounts\" count 500\n"
                            "expect-stat GET /v1/accounts errors 0\n",
                            error))
        << error;
    const auto until = std::chrono::steady_clock::now() + 60s;
    while (script.active() && std::chrono::steady_clock::now() < until) {
        // One frame: results, script step, commands.
        inbox.waitAndDrain(10ms);
        script.tick(
            std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
                .count());
        for (const lr::Command& command : sink.take())
            stats.apply(command);
    }
    EXPECT_TRUE(script.finished()) << script.error();
    EXPECT_EQ(server.received(), 500);

    // A wrong expectation fails with the actual number.
    lr::ScriptRunner failing;
    stats.registerScriptVerbs(failing, sink);
    ASSERT_TRUE(failing.load("expect-stat GET /v1/accounts count 499\n", error)) << error;
    failing.tick(0);
    EXPECT_TRUE(failing.failed());
    EXPECT_NE(failing.error().find("500"), std::string::npos) << failing.error();
}

TEST(RepeatRunnerScript, BadArgumentsAreRefusedBeforeAnythingRuns) {
    lr::UiInbox inbox;
    lr::CommandSink sink;
    StatsController stats(inbox, {});
    lr::ScriptRunner script;
    stats.registerScriptVerbs(script, sink);
    std::string error;
    EXPECT_FALSE(script.load("repeat 0 4\n", error));
    EXPECT_FALSE(script.load("repeat 100 17\n", error));
    EXPECT_FALSE(script.load("expect-stat GET /v1/accounts speed 3\n", error));
    EXPECT_FALSE(script.load("expect-stat GET count 3\n", error));
    EXPECT_TRUE(script.load("repeat 100000 16 500\nwait-idle\n", error)) << error;
}

} // namespace
