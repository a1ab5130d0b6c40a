#pragma once

// One thread that performs HTTP calls. Jobs arrive through a lock-free queue; each finished
// call is handed to the job's onComplete on this thread, which posts to the UI's inbox. The
// worker owns its cpp-httplib clients (one per origin, kept alive) and never touches UI state.

#include "core/Http.hpp"

#include <concurrentqueue/blockingconcurrentqueue.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace lr {

class HttpWorker {
public:
    explicit HttpWorker(std::string name = "http");
    ~HttpWorker(); // finishes the call in flight (cancelled), drops the queue, joins

    HttpWorker(const HttpWorker&) = delete;
    HttpWorker& operator=(const HttpWorker&) = delete;

    /// Queues a job; returns its id (the job's own id when it has one). Thread-safe.
    std::uint64_t submit(HttpJob job);

    /// Cancels the call in flight and drops the queued ones without running them; used on
    /// shutdown. Idempotent.
    void stop();

    [[nodiscard]] const std::string& name() const { return m_name; }

private:
    struct Queued {
        HttpJob job;
        std::chrono::steady_clock::time_point submittedAt;
    };

    void run();

    std::string m_name;
    moodycamel::BlockingConcurrentQueue<Queued> m_jobs;
    std::atomic<bool> m_stopping{false};
    std::mutex m_currentMutex;
    CancelFlag m_current; // the running job's token, cancelled by stop()
    std::atomic<std::uint64_t> m_nextId{1};
    std::thread m_thread;
};

/// Performs one call synchronously on the calling thread. The worker uses it; tests and the
/// repeat runner's connections may too. `clients` caches keep-alive clients per origin.
class HttpClientPool;
HttpResponse performRequest(HttpClientPool& clients, const HttpRequest& request,
                            const HttpLimits& limits, CancelToken& cancel);

/// Keep-alive clients by origin, owned by exactly one thread.
class HttpClientPool {
public:
    HttpClientPool();
    ~HttpClientPool();
    HttpClientPool(const HttpClientPool&) = delete;
    HttpClientPool& operator=(const HttpClientPool&) = delete;

    struct Impl;
    Impl& impl() { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace lr
