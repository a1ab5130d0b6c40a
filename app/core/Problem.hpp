#pragma once

// Error answers as the console shows them: RFC 9457 ProblemDetails with LimitRail's fields,
// RFC 6749 OAuth errors, and the headers that explain a 401, 403 or 429.

#include "core/Http.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lr {

enum class ProblemKind { ProblemDetails, OAuthError };

struct Problem {
    ProblemKind kind = ProblemKind::ProblemDetails;
    int status = 0;
    std::string type;
    std::string title;
    std::string detail;
    std::string instance;
    std::string errorCode;   // LimitRail's, e.g. VALIDATION_REQUIRED; for OAuth: `error`
    std::string resourceKey; // translated by the catalogue
    std::string field;       // PascalCase input name, e.g. "From"
    std::string traceId;
};

/// Reads a ProblemDetails or OAuth error body. nullopt when the body is neither (not JSON, not
/// an object, or none of the fields either format requires).
std::optional<Problem> parseProblem(std::string_view body);

/// `Bearer error="insufficient_scope", scope="x"` -> scheme "Bearer" and its parameters.
struct AuthChallenge {
    std::string scheme;
    std::map<std::string, std::string> params; // keys lower-cased
};
std::optional<AuthChallenge> parseWwwAuthenticate(std::string_view value);

/// Retry-After as delta-seconds or an HTTP-date, relative to `now` (system clock). nullopt for
/// garbage. Negative waits (a date in the past) become 0.
std::optional<std::chrono::seconds> parseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now);

/// The longest the console waits on a Retry-After before it lets the user retry by hand.
inline constexpr std::chrono::seconds kMaxRetryAfterWait{120};

} // namespace lr
