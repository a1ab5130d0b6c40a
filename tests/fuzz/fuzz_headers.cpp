// The response headers the console reads itself: WWW-Authenticate (the 401 re-token and the 403
// scope hint) and Retry-After (the 429 hold), on any value.

#include "core/Problem.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view value(reinterpret_cast<const char*>(data), size);
    if (const auto challenge = lr::parseWwwAuthenticate(value))
        (void)challenge->params.count("error");

    // A fixed "now" keeps runs reproducible; a wait is never negative.
    const auto now = std::chrono::system_clock::from_time_t(1'700'000'000);
    if (const auto wait = lr::parseRetryAfter(value, now); wait && wait->count() < 0)
        std::abort();
    return 0;
}
