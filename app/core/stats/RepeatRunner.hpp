#pragma once

// Repeats one ready request N times at concurrency C, optionally under a rate cap. C connection
// threads, each with its own keep-alive client, take call slots from one atomic counter (so
// exactly N calls go out) and post each finished call into one lock-free multi-producer queue.
// The owning thread (the UI) drains that queue once per frame in bulk, which keeps a 2 000
// req/s run to one cheap step per frame; nothing a worker does touches UI-owned state. The
// responses the owner is done with travel back through a second queue and are freed by the
// connections between calls: freeing a response's dozens of blocks, allocated on another
// thread, was most of the owner's cost per call.

#include "core/Http.hpp"
#include "core/stats/LatencyHistogram.hpp"
#include "core/stats/StatsBook.hpp"

#include <concurrentqueue/concurrentqueue.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lr::stats {

struct RunPlan {
    EndpointKey key;     // where the calls are counted
    HttpRequest request; // ready to send: absolute URL, headers (Authorization included)
    HttpLimits limits;
    int total = 1;                // N, kMinTotal .. kMaxTotal
    int concurrency = 1;          // C, kMinConcurrency .. kMaxConcurrency
    double rateCap = 0;           // calls per second over all connections; 0: as fast as it goes
    bool remoteConfirmed = false; // the user confirmed a run against a non-loopback host
};

/// One finished call, as a worker posts it.
struct RunCall {
    std::uint64_t callId = 0;
    std::uint64_t index = 0; // 0 .. N-1, in the order slots were taken
    double sentAtSeconds = 0;
    std::chrono::steady_clock::time_point postedAt;  // for the queue hop measurement:
    std::chrono::steady_clock::time_point drainedAt; // when the owner took it off the queue
    std::shared_ptr<const HttpResponse> response;    // status, timings, headers, body
};

enum class RunState { Idle, Running, Finished, Cancelled };
const char* toString(RunState state);

struct RunProgress {
    RunState state = RunState::Idle;
    int total = 0;
    int concurrency = 0;
    double rateCap = 0;
    std::uint64_t started = 0;   // calls sent or being sent
    std::uint64_t completed = 0; // calls drained by the owner
    std::uint64_t failed = 0;    // of those, non-2xx or transport errors
    double elapsedSeconds = 0;
    double throughput = 0; // completed calls per second so far
};

class RepeatRunner {
public:
    static constexpr int kMinTotal = 1;
    static constexpr int kMaxTotal = 100'000;
    static constexpr int kMinConcurrency = 1;
    static constexpr int kMaxConcurrency = 16;
    static constexpr double kMaxRateCap = 100'000;
    /// Call ids of runner calls start here, far above the HTTP worker's job ids.
    static constexpr std::uint64_t kCallIdBase = std::uint64_t(1) << 48;

    /// `wake` is called from a worker when results wait and the owner has not drained since
    /// (at most once per drain), e.g. to post an empty task to the UiInbox.
    explicit RepeatRunner(std::function<void()> wake = {});
    ~RepeatRunner(); // cancels and joins

    RepeatRunner(const RepeatRunner&) = delete;
    RepeatRunner& operator=(const RepeatRunner&) = delete;

    /// True when the request goes to a host other than loopback: the UI must show N, C and the
    /// rate and get a confirmation before starting, then set plan.remoteConfirmed.
    static bool needsConfirmation(const HttpRequest& request);

    /// Checks the plan and starts the connections. "" on success, otherwise why nothing started.
    std::string start(RunPlan plan);
    /// Stops taking slots and aborts the calls in flight: at most one more call per connection.
    void cancel();

    /// Owner thread: takes up to `max` finished calls, updates the live histogram and progress,
    /// and hands each to `each`, which may move the response out to keep it. Joins the
    /// connections once the run is over and drained.
    std::size_t drain(const std::function<void(RunCall&)>& each,
                      std::size_t max = static_cast<std::size_t>(-1));
    /// Owner thread: drain() that hands each call to `first` if set, then records it into
    /// `book` under the plan's key and keeps the last responses reopenable.
    std::size_t drainInto(StatsBook& book, const std::function<void(const RunCall&)>& first = {});

    [[nodiscard]] RunProgress progress() const;
    [[nodiscard]] const RunPlan& plan() const { return m_plan; }
    /// Durations of this run only (successful and HTTP-error answers, not transport failures).
    [[nodiscard]] const LatencyHistogram& liveHistogram() const { return m_live; }
    /// Running, or results still waiting to be drained.
    [[nodiscard]] bool busy() const { return m_state == RunState::Running; }

private:
    void runConnection(CancelToken& cancel);
    void join();
    /// Hands a response the owner no longer needs to the connections to free.
    void release(std::shared_ptr<const HttpResponse> response);

    using Clock = std::chrono::steady_clock;

    // Shared with the connection threads.
    moodycamel::ConcurrentQueue<RunCall> m_queue;
    moodycamel::ConcurrentQueue<std::shared_ptr<const HttpResponse>>
        m_spent; // owner -> connections
    std::atomic<std::uint64_t> m_nextSlot{0};
    std::atomic<bool> m_cancel{false};
    std::atomic<int> m_activeConnections{0};
    std::atomic<bool> m_wakePending{false};
    std::atomic<std::int64_t> m_endedNs{0}; // steady clock, when the last connection ended
    std::mutex m_sleepMutex;                // only for the rate cap's cancellable sleep
    std::condition_variable m_sleepCv;
    std::function<void()> m_wake;
    RunPlan m_plan; // written before the threads start, read-only while they run
    std::uint64_t m_callIdBase = 0;
    Clock::time_point m_startedAt;

    // Owner thread only (the tokens are made before the threads start, each read by one).
    std::vector<std::unique_ptr<CancelToken>> m_tokens; // one per connection, aborts its call
    std::vector<std::thread> m_threads;
    RunState m_state = RunState::Idle;
    LatencyHistogram m_live;
    std::uint64_t m_completed = 0;
    std::uint64_t m_failed = 0;
    std::vector<RunCall> m_batch;
};

} // namespace lr::stats
