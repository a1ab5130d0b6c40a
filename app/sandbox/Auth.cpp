#include "core/Base64.hpp"
#include "core/Json.hpp"
#include "core/Jwt.hpp"
#include "sandbox/Internal.hpp"
#include "sandbox/Time.hpp"

#include <openssl/crypto.h>

#include <random>
#include <sstream>
#include <strings.h>

namespace lr::sandbox {

const Client kClients[2] = {
    {"lr_cdadc4d7359a489ca5a2bd3fc9cb0202", "sandbox-secret", "demo",
     "limitrail.accounts.read limitrail.limits.read limitrail.usage.read "
     "limitrail.usage.write limitrail.runtime.read"},
    {"lr_acme0000000000000000000000000001", "acme-secret", "acme",
     "limitrail.accounts.read limitrail.usage.read"},
};

const Client* findClient(std::string_view id) {
    for (const Client& client : kClients) {
        if (id == client.id)
            return &client;
    }
    return nullptr;
}

bool RateLimiter::admit(std::string_view clientId, int& retryAfterSeconds) {
    if (m_limit <= 0)
        return true;
    const std::int64_t second = unixSeconds();
    std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_windows.find(clientId);
    if (it == m_windows.end())
        it = m_windows.emplace(std::string(clientId), std::make_pair(second, 0)).first;
    auto& [window, count] = it->second;
    if (window != second) {
        window = second;
        count = 0;
    }
    if (count >= m_limit) {
        retryAfterSeconds = 1;
        return false;
    }
    ++count;
    return true;
}

namespace {

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           strncasecmp(text.data(), prefix.data(), prefix.size()) == 0;
}

bool hasScope(std::string_view scopes, std::string_view wanted) {
    std::size_t at = 0;
    while (at <= scopes.size()) {
        std::size_t end = scopes.find(' ', at);
        if (end == std::string_view::npos)
            end = scopes.size();
        if (scopes.substr(at, end - at) == wanted)
            return true;
        at = end + 1;
    }
    return false;
}

bool secretsEqual(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string newJti() {
    thread_local std::mt19937_64 random{std::random_device{}()};
    char buffer[33];
    std::snprintf(buffer, sizeof buffer, "%016llx%016llx",
                  static_cast<unsigned long long>(random()),
                  static_cast<unsigned long long>(random()));
    return buffer;
}

/// How often `name` appears in a form body. cpp-httplib drops repeated identical pairs when
/// it parses, and RFC 6749 wants any repetition refused, so count in the raw body.
std::size_t formFieldCount(std::string_view body, std::string_view name) {
    std::size_t count = 0;
    std::size_t at = 0;
    while (at <= body.size()) {
        std::size_t end = body.find('&', at);
        if (end == std::string_view::npos)
            end = body.size();
        const std::string_view pair = body.substr(at, end - at);
        if (pair.substr(0, pair.find('=')) == name)
            ++count;
        at = end + 1;
    }
    return count;
}

void tokenEndpoint(Context& context, const httplib::Request& req, httplib::Response& res) {
    // 1. The form: every field at most once.
    if (!startsWithNoCase(req.get_header_value("Content-Type"),
                          "application/x-www-form-urlencoded")) {
        sendOAuthError(res, 400, "invalid_request",
                       "The body must be application/x-www-form-urlencoded.");
        return;
    }
    for (const char* name : {"grant_type", "client_id", "client_secret", "scope"}) {
        if (formFieldCount(req.body, name) > 1) {
            sendOAuthError(res, 400, "invalid_request",
                           std::string("The ") + name + " field is repeated.");
            return;
        }
    }

    // 2. Client credentials: from the Basic header or from the form, never both.
    std::string clientId = req.get_param_value("client_id");
    std::string clientSecret = req.get_param_value("client_secret");
    const std::string authorization = req.get_header_value("Authorization");
    const bool basic = startsWithNoCase(authorization, "Basic ");
    if (basic) {
        const auto decoded = base64Decode(authorization.substr(6));
        const std::size_t colon = decoded ? decoded->find(':') : std::string::npos;
        if (colon == std::string::npos) {
            sendOAuthError(res, 400, "invalid_request", "The Basic credentials are malformed.");
            return;
        }
        if (req.has_param("client_secret") ||
            (req.has_param("client_id") && clientId != decoded->substr(0, colon))) {
            sendOAuthError(res, 400, "invalid_request",
                           "Use one client authentication method, not two.");
            return;
        }
        clientId = decoded->substr(0, colon);
        clientSecret = decoded->substr(colon + 1);
    }
    for (const auto& [name, value] :
         {std::pair<const char*, const std::string*>{"grant_type", nullptr},
          {"client_id", &clientId},
          {"client_secret", &clientSecret},
          {"scope", nullptr}}) {
        const bool missing = value ? value->empty() : req.get_param_value(name).empty();
        if (missing) {
            sendOAuthError(res, 400, "invalid_request",
                           std::string("The ") + name + " field is required.");
            return;
        }
    }
    noteClientId(clientId);

    // 3. Who is it: an unknown id and a wrong secret read the same.
    const Client* client = findClient(clientId);
    if (!client || !secretsEqual(clientSecret, client->secret)) {
        if (basic)
            res.set_header("WWW-Authenticate", "Basic realm=\"limitrail-sandbox\"");
        sendOAuthError(res, basic ? 401 : 400, "invalid_client", "Client authentication failed.");
        return;
    }

    // 4. What it asks for.
    if (req.get_param_value("grant_type") != "client_credentials") {
        sendOAuthError(res, 400, "unsupported_grant_type", "Only client_credentials is supported.");
        return;
    }
    std::istringstream words(req.get_param_value("scope"));
    std::string scope;
    std::string granted;
    while (words >> scope) {
        if (!hasScope(client->scopes, scope)) {
            sendOAuthError(res, 400, "invalid_scope",
                           "The client may not ask for the scope " + scope + ".");
            return;
        }
        if (!hasScope(granted, scope))
            granted += (granted.empty() ? "" : " ") + scope;
    }
    if (granted.empty()) {
        sendOAuthError(res, 400, "invalid_request", "The scope field is required.");
        return;
    }

    std::string body = "{\"access_token\":\"" + issueToken(context, *client, granted) +
                       "\",\"token_type\":\"Bearer\",\"expires_in\":" +
                       std::to_string(context.options.tokenLifetimeSeconds) + ",\"scope\":";
    appendJsonString(body, granted);
    body += '}';
    res.set_header("Cache-Control", "no-store");
    res.set_header("Pragma", "no-cache");
    sendJson(res, 200, std::move(body));
}

void unauthorized(const httplib::Request& req, httplib::Response& res, std::string_view why) {
    res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" +
                                           std::string(why) + "\"");
    sendProblem(req, res, ErrorCode::AuthInvalidToken, why);
}

bool carriesSecret(const httplib::Request& req) {
    if (findParam(req, "client_secret"))
        return true;
    for (const auto& [name, value] : req.headers) {
        std::string lower;
        for (const char c : name)
            lower.push_back(static_cast<char>(c == '_' ? '-' : std::tolower(c)));
        if (lower.find("client-secret") != std::string::npos)
            return true;
    }
    return req.body.find("\"client_secret\"") != std::string::npos;
}

} // namespace

std::string issueToken(Context& context, const Client& client, std::string_view scope) {
    const std::int64_t now = unixSeconds();
    std::string claims = "{\"iss\":";
    appendJsonString(claims, context.issuer);
    claims += ",\"sub\":\"" + std::string(client.id) + "\",\"client_id\":\"" + client.id +
              "\",\"tenant\":\"" + client.tenant + "\",\"scope\":";
    appendJsonString(claims, scope);
    claims += ",\"iat\":" + std::to_string(now) +
              ",\"exp\":" + std::to_string(now + context.options.tokenLifetimeSeconds) +
              ",\"jti\":\"" + newJti() + "\"}";
    return jwtEncodeHs256(claims, context.signingKey);
}

bool authorize(Context& context, const httplib::Request& req, httplib::Response& res,
               std::string_view scope, Caller& caller) {
    // 1. A secret on the API host is refused before anything else looks at the request.
    if (carriesSecret(req)) {
        sendProblem(req, res, ErrorCode::SecretOnApiHost,
                    "A client secret belongs to the token endpoint only; it was sent to the API.",
                    "ClientSecret");
        return false;
    }

    // 2. The bearer token: form, signature, issuer, expiry, client and tenant.
    const std::string authorization = req.get_header_value("Authorization");
    if (!startsWithNoCase(authorization, "Bearer ")) {
        unauthorized(req, res, "No bearer token was sent.");
        return false;
    }
    JwtParts parts;
    const JwtStatus status =
        jwtVerifyHs256(std::string_view(authorization).substr(7), context.signingKey, &parts);
    if (status != JwtStatus::Ok) {
        unauthorized(req, res, std::string("The token is invalid: ") + toString(status) + ".");
        return false;
    }
    const auto claims = jwtParseClaims(parts.payloadJson);
    if (!claims) {
        unauthorized(req, res, "The token's claims are unreadable.");
        return false;
    }
    if (claims->iss != context.issuer) {
        unauthorized(req, res, "The token was issued for another host.");
        return false;
    }
    if (unixSeconds() >= claims->exp) {
        unauthorized(req, res, "The token expired.");
        return false;
    }
    const Client* client = findClient(claims->sub);
    Tenant* tenant = context.tenant(claims->tenant);
    if (!client || !tenant || claims->tenant != client->tenant) {
        unauthorized(req, res, "The token names no known client and tenant.");
        return false;
    }
    noteClientId(client->id);

    // 3. The scope this endpoint needs.
    if (!hasScope(claims->scope, scope)) {
        res.set_header("WWW-Authenticate",
                       "Bearer error=\"insufficient_scope\", scope=\"" + std::string(scope) + "\"");
        sendProblem(req, res, ErrorCode::AuthInsufficientScope,
                    "This call needs the scope " + std::string(scope) + ".");
        return false;
    }

    // 4. The per-client rate, when one is set.
    int retryAfter = 0;
    if (context.rateLimiter && !context.rateLimiter->admit(client->id, retryAfter)) {
        res.set_header("Retry-After", std::to_string(retryAfter));
        sendProblem(req, res, ErrorCode::RateLimited,
                    "Over " + std::to_string(context.options.rateLimitPerSecond) +
                        " requests a second for this client.");
        return false;
    }

    caller.client = client;
    caller.tenant = tenant;
    return true;
}

void addAuthRoutes(Context& context, httplib::Server& http) {
    http.Post("/connect/token", [&context](const httplib::Request& req, httplib::Response& res) {
        tokenEndpoint(context, req, res);
    });

    http.Get("/.well-known/openid-configuration",
             [&context](const httplib::Request&, httplib::Response& res) {
                 std::string body = "{\"issuer\":";
                 appendJsonString(body, context.issuer);
                 body += ",\"token_endpoint\":";
                 appendJsonString(body, context.issuer + "/connect/token");
                 body += ",\"scopes_supported\":[\"limitrail.accounts.read\","
                         "\"limitrail.limits.read\",\"limitrail.usage.read\","
                         "\"limitrail.usage.write\",\"limitrail.runtime.read\"],"
                         "\"grant_types_supported\":[\"client_credentials\"],"
                         "\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\","
                         "\"client_secret_post\"],\"id_token_signing_alg_values_supported\":"
                         "[\"HS256\"]}";
                 sendJson(res, 200, std::move(body));
             });

    http.Get("/health", [](const httplib::Request&, httplib::Response& res) {
        sendJson(res, 200, "{\"status\":\"ok\"}");
    });
}

} // namespace lr::sandbox
