#pragma once

#include <string>
#include <string_view>

namespace lr {

/// An absolute http(s) URL split the way the HTTP client needs it.
struct Url {
    std::string scheme; // "http" or "https"
    std::string host;   // without brackets for IPv6
    int port = 0;
    std::string target; // path plus query, always starting with '/'

    /// "scheme://host:port", the key the worker keeps one client per.
    [[nodiscard]] std::string origin() const;
    [[nodiscard]] bool isLoopback() const;
};

/// False with a reason in `error` when `text` is not an absolute http or https URL.
bool parseUrl(std::string_view text, Url& out, std::string& error);

/// Percent-encodes everything outside RFC 3986's unreserved set.
std::string urlEncode(std::string_view text);

/// Decodes one name or value of an application/x-www-form-urlencoded body or a query: '+' is a
/// blank, "%XX" a byte; a '%' not followed by two hex digits stays as it is.
std::string formDecodeComponent(std::string_view text);

/// Joins a base like "http://127.0.0.1:8080/" and a path like "/v1/meters" with one slash.
std::string joinUrl(std::string_view base, std::string_view path);

} // namespace lr
