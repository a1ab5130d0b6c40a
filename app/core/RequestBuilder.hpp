#pragma once

// Turns an endpoint and the user's form into the HTTP request that goes on the wire.
//
// The client secret has exactly one way out: buildTokenRequest(), which posts it to the OAuth
// host's token endpoint. buildApiRequest() has no parameter that could carry it, and it refuses
// a request into which the secret's value was typed, so no other placement can happen.

#include "core/AppState.hpp"
#include "core/Catalogue.hpp"
#include "core/Http.hpp"
#include "core/Token.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lr {

/// What the user typed for one endpoint: parameters by name, and the JSON body.
struct FormValues {
    std::map<std::string, std::string> values;
    std::string body;
};

struct BuildResult {
    std::optional<HttpRequest> request;
    std::vector<std::string> missing; // required inputs left empty, by field name
    std::string error;                // any other reason nothing can be sent
};

/// The form an endpoint starts with: defaults, examples and the body example.
FormValues initialFormValues(const Endpoint& endpoint);

BuildResult buildTokenRequest(const Environment& environment, const std::string& clientId,
                              const Secret& secret, const std::vector<std::string>& scopes);

/// `skipRequired` sends even with required inputs missing ("Send anyway"), so the server's own
/// validation answer can be seen. `secretToRefuse` is only compared against, never placed.
BuildResult buildApiRequest(const Endpoint& endpoint, const FormValues& form,
                            const Environment& environment, const Token* token,
                            const Secret* secretToRefuse, bool skipRequired = false);

/// application/x-www-form-urlencoded body from ordered pairs.
std::string formEncode(const std::vector<std::pair<std::string, std::string>>& pairs);
/// The reverse, for showing a form body; '+' and %XX are decoded.
std::vector<std::pair<std::string, std::string>> formDecode(std::string_view body);

/// A random RFC 4122 version 4 UUID, for Idempotency-Key.
std::string newUuid();

} // namespace lr
