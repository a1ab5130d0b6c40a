#pragma once

// How a request is shown and copied: the HTTP request pane's JSON and Copy as curl. Both redact
// by default; only the pane can reveal, and only on screen.

#include "core/Http.hpp"

#include <string>
#include <string_view>

namespace lr {

/// "Bearer eyJhbG…(redacted)", "Basic •••(redacted)"; other values unchanged.
std::string redactAuthorization(std::string_view value);

/// The request as pretty JSON: method, url, headers, and the form or body. Authorization and
/// client_secret are redacted unless `reveal`.
std::string describeRequest(const HttpRequest& request, bool reveal);

/// A curl command line for the request. The bearer token is $LIMITRAIL_TOKEN and the client
/// secret $LIMITRAIL_CLIENT_SECRET, never their values.
std::string toCurl(const HttpRequest& request);

} // namespace lr
