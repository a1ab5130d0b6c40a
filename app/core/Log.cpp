#include "core/Log.hpp"

#include <chrono>
#include <cstdio>

namespace lr {
namespace {

constexpr std::size_t kRingCapacity = 2000;

double secondsSinceStart() {
    static const auto start = std::chrono::steady_clock::now();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

Log& Log::instance() {
    static Log log;
    return log;
}

Log::Log() {
    m_ring.reserve(kRingCapacity);
    secondsSinceStart();
}

void Log::write(LogLevel level, std::string_view component, std::string_view message) {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (level < m_minimum)
        return;

    LogLine line;
    line.sequence = ++m_sequence;
    line.secondsSinceStart = secondsSinceStart();
    line.level = level;
    line.component = std::string(component);
    line.message = std::string(message);

    if (m_echo) {
        std::fprintf(stderr, "%9.3f %-5s [%s] %s\n", line.secondsSinceStart, toString(level),
                     line.component.c_str(), line.message.c_str());
    }

    if (m_ring.size() < kRingCapacity) {
        m_ring.push_back(std::move(line));
    } else {
        m_ring[m_next] = std::move(line);
        m_next = (m_next + 1) % kRingCapacity;
    }
}

std::vector<LogLine> Log::linesAfter(std::uint64_t after) const {
    std::lock_guard<std::mutex> lock(m_mutex);
    std::vector<LogLine> out;
    const std::size_t count = m_ring.size();
    for (std::size_t i = 0; i < count; ++i) {
        const LogLine& line = m_ring[(m_next + i) % count];
        if (line.sequence > after)
            out.push_back(line);
    }
    return out;
}

std::uint64_t Log::lastSequence() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_sequence;
}

void Log::setEcho(bool toStderr) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_echo = toStderr;
}

void Log::setMinimumLevel(LogLevel level) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_minimum = level;
}

const char* toString(LogLevel level) {
    switch (level) {
    case LogLevel::Debug:
        return "debug";
    case LogLevel::Info:
        return "info";
    case LogLevel::Warn:
        return "warn";
    case LogLevel::Error:
        return "error";
    }
    return "?";
}

void logDebug(std::string_view c, std::string_view m) {
    Log::instance().write(LogLevel::Debug, c, m);
}
void logInfo(std::string_view c, std::string_view m) {
    Log::instance().write(LogLevel::Info, c, m);
}
void logWarn(std::string_view c, std::string_view m) {
    Log::instance().write(LogLevel::Warn, c, m);
}
void logError(std::string_view c, std::string_view m) {
    Log::instance().write(LogLevel::Error, c, m);
}

} // namespace lr
