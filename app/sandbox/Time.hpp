#pragma once

// Instants for the sandbox: milliseconds since the Unix epoch, written and read as ISO-8601
// (`2025-12-02T00:00:12.345Z`). The data lives before a fixed clock origin so tests can name
// exact rows and windows whatever day they run.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lr::sandbox {

/// 2026-01-01T00:00:00Z: every generated record lies in the 30 days before it.
constexpr std::int64_t kClockOriginMs = 1'767'225'600'000;
constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kDataSpanMs = 30 * kDayMs;
constexpr std::int64_t kDataStartMs = kClockOriginMs - kDataSpanMs;

/// Writes `YYYY-MM-DDTHH:MM:SS.mmmZ` (24 characters, no terminator) into `out`.
void formatInstant(char* out, std::int64_t ms);
void appendInstant(std::string& out, std::int64_t ms); // without quotes
std::string instantString(std::int64_t ms);

/// `YYYY-MM-DD` of the instant.
std::string dayString(std::int64_t ms);

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`; nullopt when it is not one.
std::optional<std::int64_t> parseInstant(std::string_view text);

/// Real Unix time in seconds (tokens use the real clock).
std::int64_t unixSeconds();

} // namespace lr::sandbox
