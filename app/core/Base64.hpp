#pragma once

// Base64 (RFC 4648 §4) for Basic authentication and base64url (§5, no padding) for JWTs.

#include <optional>
#include <string>
#include <string_view>

namespace lr {

std::string base64Encode(std::string_view bytes);
std::string base64UrlEncode(std::string_view bytes);

/// Accepts either alphabet, with or without padding; nullopt on any other character.
std::optional<std::string> base64Decode(std::string_view text);

} // namespace lr
