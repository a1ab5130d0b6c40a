#include "core/SettingsWriter.hpp"

namespace lr {

SettingsWriter::SettingsWriter(std::function<void(const std::string&)> onError)
    : m_onError(std::move(onError)), m_thread([this] { run(); }) {}

SettingsWriter::~SettingsWriter() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void SettingsWriter::save(std::filesystem::path path, Settings settings) {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_waiting = Job{std::move(path), std::move(settings)};
    }
    m_wake.notify_one();
}

void SettingsWriter::flush() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_done.wait(lock, [this] { return !m_waiting && !m_writing; });
}

void SettingsWriter::run() {
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_waiting || m_stopping; });
        if (!m_waiting)
            return; // stopping, and nothing left to write
        Job job = std::move(*m_waiting);
        m_waiting.reset();
        m_writing = true;

        lock.unlock();
        const std::string error = saveSettings(job.path, job.settings);
        if (!error.empty() && m_onError)
            m_onError(error);
        lock.lock();

        m_writing = false;
        m_done.notify_all();
    }
}

} // namespace lr
