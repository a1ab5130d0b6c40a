#include "core/UiInbox.hpp"

namespace lr {

void UiInbox::post(Task task) {
    m_queue.enqueue(std::move(task));
    if (m_wake)
        m_wake();
}

std::size_t UiInbox::drain(std::size_t max) {
    std::size_t ran = 0;
    Task task;
    while (ran < max && m_queue.try_dequeue(task)) {
        task();
        ++ran;
    }
    return ran;
}

std::size_t UiInbox::waitAndDrain(std::chrono::milliseconds timeout) {
    Task task;
    if (!m_queue.wait_dequeue_timed(task, timeout))
        return 0;
    task();
    return 1 + drain();
}

} // namespace lr
