#pragma once

// One line per event, tagged with a level and a component (net, auth, json, ui, sandbox, ...).
// Lines go to stderr and into a bounded in-memory ring that the Log window shows. Callers never
// pass secrets or tokens here; Log does not try to guess them.

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace lr {

enum class LogLevel { Debug, Info, Warn, Error };

struct LogLine {
    std::uint64_t sequence = 0;
    double secondsSinceStart = 0.0;
    LogLevel level = LogLevel::Info;
    std::string component;
    std::string message;
};

class Log {
public:
    static Log& instance();

    void write(LogLevel level, std::string_view component, std::string_view message);

    /// Lines with a sequence number above `after`, oldest first; used by the Log window.
    [[nodiscard]] std::vector<LogLine> linesAfter(std::uint64_t after) const;
    [[nodiscard]] std::uint64_t lastSequence() const;

    void setEcho(bool toStderr);
    void setMinimumLevel(LogLevel level);

private:
    Log();

    mutable std::mutex m_mutex;
    std::vector<LogLine> m_ring;
    std::size_t m_next = 0;
    std::uint64_t m_sequence = 0;
    bool m_echo = true;
    LogLevel m_minimum = LogLevel::Info;
};

const char* toString(LogLevel level);

void logDebug(std::string_view component, std::string_view message);
void logInfo(std::string_view component, std::string_view message);
void logWarn(std::string_view component, std::string_view message);
void logError(std::string_view component, std::string_view message);

} // namespace lr
