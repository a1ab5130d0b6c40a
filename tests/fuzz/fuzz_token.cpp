// The token endpoint's 200 answer: a token with a sane lifetime, or a reason it was refused.

#include "core/Token.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const auto now = std::chrono::steady_clock::now();
    const lr::TokenParse parsed = lr::parseTokenResponse(body, now);
    if (parsed.token) {
        if (parsed.token->accessToken.empty() || parsed.token->expiresInSeconds < 1 ||
            parsed.token->expiresAt < now)
            std::abort(); // an accepted token lives at least a second
        (void)parsed.token->status(now);
        (void)lr::formatCountdown(parsed.token->secondsLeft(now));
    } else if (parsed.error.empty()) {
        std::abort(); // a refusal says why
    }
    (void)lr::joinScopes(lr::splitScopes(body));
    return 0;
}
