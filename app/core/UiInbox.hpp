#pragma once

// Worker -> UI hand-off. Workers post closures that carry immutable results by value; the UI
// thread runs them at one fixed point of the frame. The queue is moodycamel's lock-free
// multi-producer queue, so posting never blocks a worker and draining never holds a lock.

#include <concurrentqueue/blockingconcurrentqueue.h>

#include <chrono>
#include <cstddef>
#include <functional>

namespace lr {

class UiInbox {
public:
    using Task = std::function<void()>;

    /// Called after every post, from the posting thread; the GUI sets glfwPostEmptyEvent here.
    /// Set it before any worker starts.
    void setWake(std::function<void()> wake) { m_wake = std::move(wake); }

    void post(Task task);

    /// UI thread: runs what is queued now (at most `max` tasks) and returns how many ran.
    std::size_t drain(std::size_t max = static_cast<std::size_t>(-1));

    /// For tests and headless runs: waits up to `timeout` for one task, then drains.
    std::size_t waitAndDrain(std::chrono::milliseconds timeout);

    [[nodiscard]] std::size_t approxPending() const { return m_queue.size_approx(); }

private:
    moodycamel::BlockingConcurrentQueue<Task> m_queue;
    std::function<void()> m_wake;
};

} // namespace lr
