#pragma once

// The OAuth side of the console: the client secret, the bearer token (both in memory only),
// and parsing of the token endpoint's answers.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lr {

/// The client secret. It is never logged, never written, and only the token request builder
/// reads it; the value is wiped when replaced or destroyed.
class Secret {
public:
    Secret() = default;
    explicit Secret(std::string value) : m_value(std::move(value)) {}
    ~Secret() { wipe(); }
    Secret(const Secret&) = default;
    Secret& operator=(const Secret& other) {
        if (this != &other) {
            wipe();
            m_value = other.m_value;
        }
        return *this;
    }

    void set(std::string value) {
        wipe();
        m_value = std::move(value);
    }
    [[nodiscard]] bool empty() const { return m_value.empty(); }
    /// For the token request builder, the masked input and the leak checks only.
    [[nodiscard]] const std::string& reveal() const { return m_value; }

private:
    void wipe() {
        for (char& c : m_value)
            const_cast<volatile char&>(c) = 0;
        m_value.clear();
    }
    std::string m_value;
};

using SteadyTime = std::chrono::steady_clock::time_point;

enum class TokenStatus { Missing, Valid, Expired };

struct Token {
    std::string accessToken;         // memory only
    std::string tokenType;           // "Bearer"
    std::vector<std::string> scopes; // granted
    int expiresInSeconds = 0;
    SteadyTime receivedAt{};
    SteadyTime expiresAt{}; // receivedAt + expires_in - safety margin

    [[nodiscard]] bool present() const { return !accessToken.empty(); }
    [[nodiscard]] TokenStatus status(SteadyTime now) const;
    [[nodiscard]] double secondsLeft(SteadyTime now) const;
    [[nodiscard]] bool hasScope(std::string_view scope) const;
};

/// Seconds taken off expires_in so a token is renewed before the server rejects it: 30 s, or a
/// tenth of the lifetime when that is shorter.
int tokenSafetyMarginSeconds(int expiresInSeconds);

/// A 200 answer of the token endpoint, or why it is not one.
struct TokenParse {
    std::optional<Token> token;
    std::string error; // "the answer has no access_token", ...
};
TokenParse parseTokenResponse(std::string_view body, SteadyTime receivedAt);

/// Splits "a b  c" into scopes.
std::vector<std::string> splitScopes(std::string_view text);
std::string joinScopes(const std::vector<std::string>& scopes);

/// "mm:ss" (or "h:mm:ss") for the token chip.
std::string formatCountdown(double seconds);

} // namespace lr
