#pragma once

// settings.json written on a thread of its own. Each save ends in fsync, which a busy disk can
// hold for tens of milliseconds: too long for the UI thread, which saves whenever a setting
// changes. Saves hand over a copy; only the newest one waiting is written, so a burst of
// changes costs a few writes, not one a change. A failed write is handed to onError on the
// writer's thread (the Controller posts it to the status line); the settings stay in memory
// either way.

#include "core/Settings.hpp"

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace lr {

class SettingsWriter {
public:
    explicit SettingsWriter(std::function<void(const std::string& error)> onError = {});
    ~SettingsWriter(); // writes what is waiting, then joins

    SettingsWriter(const SettingsWriter&) = delete;
    SettingsWriter& operator=(const SettingsWriter&) = delete;

    /// Never blocks on the disk: replaces whatever save is still waiting.
    void save(std::filesystem::path path, Settings settings);

    /// Returns once every save handed over so far is on disk (or has failed).
    void flush();

private:
    struct Job {
        std::filesystem::path path;
        Settings settings;
    };
    void run();

    std::function<void(const std::string&)> m_onError;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_done;
    std::optional<Job> m_waiting;
    bool m_writing = false;
    bool m_stopping = false;
    std::thread m_thread; // last: starts once everything above exists
};

} // namespace lr
