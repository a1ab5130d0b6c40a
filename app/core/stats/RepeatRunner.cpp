#include "core/stats/RepeatRunner.hpp"

#include "core/HttpWorker.hpp"
#include "core/Log.hpp"
#include "core/Url.hpp"

#include <algorithm>
#include <iterator>

namespace lr::stats {
namespace {

std::atomic<std::uint64_t> g_nextCallId{RepeatRunner::kCallIdBase};

double steadySeconds(std::chrono::steady_clock::time_point at) {
    return std::chrono::duration<double>(at.time_since_epoch()).count();
}

} // namespace

const char* toString(RunState state) {
    switch (state) {
    case RunState::Idle:
        return "idle";
    case RunState::Running:
        return "running";
    case RunState::Finished:
        return "finished";
    case RunState::Cancelled:
        return "cancelled";
    }
    return "?";
}

RepeatRunner::RepeatRunner(std::function<void()> wake) : m_wake(std::move(wake)) {}

RepeatRunner::~RepeatRunner() {
    cancel();
    join();
}

bool RepeatRunner::needsConfirmation(const HttpRequest& request) {
    Url url;
    std::string error;
    return parseUrl(request.url, url, error) && !url.isLoopback();
}

std::string RepeatRunner::start(RunPlan plan) {
    // 1. Refuse a plan the user could not have meant, before any thread starts.
    if (m_state == RunState::Running)
        return "A run is already going; cancel it first.";
    if (plan.total < kMinTotal || plan.total > kMaxTotal)
        return "N must be between 1 and 100000.";
    if (plan.concurrency < kMinConcurrency || plan.concurrency > kMaxConcurrency)
        return "Concurrency must be between 1 and 16.";
    if (!(plan.rateCap >= 0) || plan.rateCap > kMaxRateCap)
        return "The rate cap must be between 0 (none) and 100000 calls per second.";
    Url url;
    std::string urlError;
    if (!parseUrl(plan.request.url, url, urlError))
        return "Invalid URL: " + urlError;
    if (!url.isLoopback() && !plan.remoteConfirmed)
        return "A run against " + url.host + " needs the user's confirmation first.";
    join(); // the previous run's threads ended already; this only reaps them

    // 2. Fresh run state; the threads read m_plan only after this point.
    m_plan = std::move(plan);
    m_nextSlot.store(0);
    m_cancel.store(false);
    m_wakePending.store(false);
    m_endedNs.store(0);
    m_live.reset();
    m_completed = 0;
    m_failed = 0;
    m_callIdBase = g_nextCallId.fetch_add(std::uint64_t(m_plan.total));
    m_startedAt = Clock::now();
    m_state = RunState::Running;

    // 3. No more connections than calls: a connection without a slot would only connect.
    const int connections = std::min(m_plan.concurrency, m_plan.total);
    m_activeConnections.store(connections);
    m_tokens.clear();
    for (int i = 0; i < connections; ++i)
        m_tokens.push_back(std::make_unique<CancelToken>());
    for (int i = 0; i < connections; ++i)
        m_threads.emplace_back(
            [this, token = m_tokens[std::size_t(i)].get()] { runConnection(*token); });
    logInfo("net", "repeat " + m_plan.key.label() + " N=" + std::to_string(m_plan.total) +
                       " C=" + std::to_string(m_plan.concurrency) + " rate=" +
                       (m_plan.rateCap > 0 ? std::to_string(int(m_plan.rateCap)) + "/s" : "none"));
    return {};
}

void RepeatRunner::cancel() {
    {
        // Under the mutex so a connection between its check and its wait cannot miss it.
        std::lock_guard<std::mutex> lock(m_sleepMutex);
        m_cancel.store(true);
    }
    m_sleepCv.notify_all();
    for (auto& token : m_tokens)
        token->cancel(); // interrupts a call blocked in connect or read
}

void RepeatRunner::runConnection(CancelToken& cancel) {
    HttpClientPool pool;
    moodycamel::ProducerToken producer(m_queue);
    const auto total = std::uint64_t(m_plan.total);

    while (!m_cancel.load(std::memory_order_relaxed)) {
        // 1. Take a slot; slots past N mean the run is complete.
        const std::uint64_t index = m_nextSlot.fetch_add(1);
        if (index >= total)
            break;

        // 2. Under a rate cap, slot i goes out no earlier than start + i / rate.
        if (m_plan.rateCap > 0) {
            const auto due =
                m_startedAt + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(double(index) / m_plan.rateCap));
            std::unique_lock<std::mutex> lock(m_sleepMutex);
            if (m_sleepCv.wait_until(lock, due, [this] { return m_cancel.load(); }))
                break;
        }

        // 3. The call itself; cancel aborts it mid-flight.
        const auto sentAt = Clock::now();
        auto response = std::make_shared<HttpResponse>(
            performRequest(pool, m_plan.request, m_plan.limits, cancel));
        response->jobId = m_callIdBase + index;

        RunCall call;
        call.callId = response->jobId;
        call.index = index;
        call.sentAtSeconds = steadySeconds(sentAt);
        call.response = std::move(response);
        call.postedAt = Clock::now();
        m_queue.enqueue(producer, std::move(call));
        if (m_wake && !m_wakePending.exchange(true))
            m_wake();

        // 4. Free what the owner is done with, a bounded handful per call.
        std::shared_ptr<const HttpResponse> spent[8];
        m_spent.try_dequeue_bulk(spent, std::size(spent));
    }

    if (m_activeConnections.fetch_sub(1) == 1) {
        m_endedNs.store(Clock::now().time_since_epoch().count());
        if (m_wake && !m_wakePending.exchange(true))
            m_wake(); // the owner notices the end even when no result is pending
    }
}

void RepeatRunner::join() {
    for (std::thread& thread : m_threads)
        thread.join();
    m_threads.clear();
    std::shared_ptr<const HttpResponse> spent;
    while (m_spent.try_dequeue(spent))
        spent.reset(); // the connections are gone: the owner frees the last few
}

void RepeatRunner::release(std::shared_ptr<const HttpResponse> response) {
    if (response)
        m_spent.enqueue(std::move(response));
}

std::size_t RepeatRunner::drain(const std::function<void(RunCall&)>& each, std::size_t max) {
    if (m_state != RunState::Running)
        return 0;
    m_wakePending.store(false);

    // Check for the end before draining, so no call posted before the end can be left behind.
    const bool ended = m_activeConnections.load() == 0;

    std::size_t taken = 0;
    constexpr std::size_t kChunk = 256;
    m_batch.resize(kChunk);
    while (taken < max) {
        const std::size_t n =
            m_queue.try_dequeue_bulk(m_batch.begin(), std::min(kChunk, max - taken));
        if (n == 0)
            break;
        const auto drainedAt = Clock::now();
        for (std::size_t i = 0; i < n; ++i) {
            RunCall& call = m_batch[i];
            call.drainedAt = drainedAt;
            const HttpResponse& response = *call.response;
            const StatusClass cls = classify(response.status, response.error);
            // A call aborted by cancel says nothing about the endpoint's speed.
            if (response.error == TransportError::Cancelled)
                continue;
            ++m_completed;
            if (cls != StatusClass::Success)
                ++m_failed;
            if (cls != StatusClass::Transport)
                m_live.add(response.timings.durationMs);
            if (each)
                each(call);
        }
        for (std::size_t i = 0; i < n; ++i) {
            release(std::move(m_batch[i].response)); // now, not when the slot is reused
            m_batch[i] = RunCall{};
        }
        taken += n;
    }

    if (ended && taken < max && m_queue.size_approx() == 0) {
        join();
        m_state = m_cancel.load() ? RunState::Cancelled : RunState::Finished;
        logInfo("net", "repeat " + m_plan.key.label() + " " + toString(m_state) + " after " +
                           std::to_string(m_completed) + " calls");
    }
    return taken;
}

std::size_t RepeatRunner::drainInto(StatsBook& book,
                                    const std::function<void(const RunCall&)>& first) {
    return drain([&](RunCall& call) {
        if (first)
            first(call);
        book.record(m_plan.key, sampleOf(*call.response, call.sentAtSeconds));
        std::shared_ptr<const HttpResponse> own = std::move(call.response);
        release(book.retain(own, call.callId));
        // The book shares the call unless it left the body out; then this is the body's last
        // owner, and the connections free it.
        if (own.use_count() == 1)
            release(std::move(own));
    });
}

RunProgress RepeatRunner::progress() const {
    RunProgress p;
    p.state = m_state;
    p.total = m_plan.total;
    p.concurrency = m_plan.concurrency;
    p.rateCap = m_plan.rateCap;
    p.started = std::min<std::uint64_t>(m_nextSlot.load(), std::uint64_t(m_plan.total));
    p.completed = m_completed;
    p.failed = m_failed;
    if (m_state == RunState::Idle)
        return p;

    const std::int64_t endedNs = m_endedNs.load();
    const auto end = endedNs != 0 ? Clock::time_point(Clock::duration(endedNs)) : Clock::now();
    p.elapsedSeconds = std::chrono::duration<double>(end - m_startedAt).count();
    p.throughput = p.elapsedSeconds > 0 ? double(p.completed) / p.elapsedSeconds : 0.0;
    return p;
}

} // namespace lr::stats
