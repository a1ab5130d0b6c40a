#pragma once

// The one place that decides what of a call may be kept on disk. Every HistoryEntry is built by
// makeHistoryEntry(), which redacts before anything reaches the store: Authorization values,
// client_secret in a form, query or JSON body, the tokens in a token endpoint's answer, any
// JWT, and every secret the caller still holds in memory (the typed secret, the live token).

#include "core/HistoryTypes.hpp"
#include "core/Http.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace lr {

inline constexpr std::string_view kRedacted = "[redacted]";

/// Authorization, Proxy-Authorization, Cookie, Set-Cookie and API-key headers.
bool isSensitiveHeader(std::string_view name);

/// True for the names of fields that carry a secret or a token (client_secret, access_token,
/// refresh_token, id_token, password, client_assertion, ...), compared case-insensitively.
bool isSensitiveField(std::string_view name);

/// Sensitive header values replaced; "Bearer abc" keeps its scheme: "Bearer [redacted]".
HeaderList redactHeaders(const HeaderList& headers);

/// application/x-www-form-urlencoded text with sensitive fields' values replaced.
std::string redactForm(std::string_view form);

/// The URL with sensitive query parameters' values replaced.
std::string redactUrl(std::string_view url);

/// JSON (or JSON-like) text with the string values of sensitive keys replaced, at any depth.
/// Works on a cut-off prefix too: an unterminated sensitive value is replaced to the end.
std::string redactJsonFields(std::string_view json);

/// Every occurrence of each secret (8 bytes or longer) and of anything shaped like a JWT
/// replaced. When the text was cut off, a trailing partial secret is removed too.
std::string scrubSecrets(std::string_view text, const std::vector<std::string>& secrets,
                         bool cutOff = false);

/// What makeHistoryEntry needs besides the response.
struct HistoryContext {
    std::string environment;
    std::string pathTemplate;    // the catalogue path; the URL's path when empty
    std::int64_t timeUnixMs = 0; // 0: now
    std::size_t bodyCap = kDefaultHistoryBodyCap;
    std::vector<std::string> knownSecrets; // the typed client secret, the current token, ...
};

/// The redacted record of one finished call. Pure and thread-safe: call it on the HTTP worker
/// thread, where the body already is, so a large body is never copied to the UI thread.
HistoryEntry makeHistoryEntry(const HttpResponse& response, const HistoryContext& context);

/// The request as the Request pane and the history show it: method, url, headers and body as
/// JSON, already redacted.
std::string redactedRequestJson(const HttpRequest& request,
                                const std::vector<std::string>& knownSecrets);

} // namespace lr
