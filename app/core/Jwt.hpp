#pragma once

// JSON Web Tokens (RFC 7519) as the sandbox issues them and the console shows them: compact
// form, HS256 only (HMAC-SHA256 from OpenSSL). Decoding reads the header and claims without
// checking anything, for the token popup; verification is the sandbox's job.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lr {

struct JwtParts {
    std::string headerJson;
    std::string payloadJson;
};

/// The LimitRail claims; missing ones stay empty or zero.
struct JwtClaims {
    std::string iss;
    std::string sub;
    std::string tenant;
    std::string scope; // space-separated
    std::string jti;
    std::int64_t iat = 0;
    std::int64_t exp = 0;
};

enum class JwtStatus { Ok, Malformed, UnsupportedAlgorithm, BadSignature };
const char* toString(JwtStatus status);

/// `base64url(header).base64url(payload).base64url(HMAC-SHA256(key, first two parts))`.
std::string jwtEncodeHs256(std::string_view payloadJson, std::string_view key);

/// Splits and base64url-decodes a compact token; no signature check. nullopt when malformed.
std::optional<JwtParts> jwtDecode(std::string_view token);

/// Checks the form, that the header says HS256, and the signature (in constant time).
JwtStatus jwtVerifyHs256(std::string_view token, std::string_view key, JwtParts* parts = nullptr);

/// Reads the claims from a payload; nullopt when it is not a JSON object.
std::optional<JwtClaims> jwtParseClaims(std::string_view payloadJson);

} // namespace lr
