#pragma once

// Shared by the sandbox integration tests: an in-process sandbox on port 0, cpp-httplib as the
// client, tokens for the two tenants, and simdjson to read answers.

#include "sandbox/Sandbox.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <simdjson.h>

#include <memory>
#include <regex>
#include <string>

namespace lr::sandbox::test {

constexpr const char* kDemoClient = "lr_cdadc4d7359a489ca5a2bd3fc9cb0202";
constexpr const char* kDemoSecret = "sandbox-secret";
constexpr const char* kAcmeClient = "lr_acme0000000000000000000000000001";
constexpr const char* kAcmeSecret = "acme-secret";
constexpr const char* kAllScopes = "limitrail.accounts.read limitrail.limits.read "
                                   "limitrail.usage.read limitrail.usage.write "
                                   "limitrail.runtime.read";
constexpr const char* kWholeWindow = "from=2025-12-02T00:00:00Z&to=2026-01-01T00:00:00Z";

inline std::unique_ptr<Server> startSandbox(Options options = {}) {
    options.port = 0;
    options.logRequests = false;
    auto server = std::make_unique<Server>(options);
    std::string error;
    EXPECT_TRUE(server->start(error)) << error;
    return server;
}

inline httplib::Client client(const Server& server) {
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(30, 0);
    return c;
}

inline httplib::Result requestToken(const Server& server, const std::string& id,
                                    const std::string& secret, const std::string& scope) {
    httplib::Params form{{"grant_type", "client_credentials"},
                         {"client_id", id},
                         {"client_secret", secret},
                         {"scope", scope}};
    return client(server).Post("/connect/token", form);
}

/// The access token of a successful token request, or "" (with a test failure).
inline std::string token(const Server& server, const std::string& id, const std::string& secret,
                         const std::string& scope) {
    auto res = requestToken(server, id, secret, scope);
    if (!res || res->status != 200) {
        ADD_FAILURE() << "token request failed: " << (res ? res->body : "no answer");
        return {};
    }
    simdjson::dom::parser parser;
    std::string_view value;
    if (parser.parse(res->body).at_key("access_token").get(value) != simdjson::SUCCESS) {
        ADD_FAILURE() << "no access_token in " << res->body;
        return {};
    }
    return std::string(value);
}

inline std::string demoToken(const Server& server, const std::string& scope = kAllScopes) {
    return token(server, kDemoClient, kDemoSecret, scope);
}

inline std::string acmeToken(const Server& server) {
    return token(server, kAcmeClient, kAcmeSecret, "limitrail.accounts.read limitrail.usage.read");
}

inline httplib::Result get(const Server& server, const std::string& path, const std::string& bearer,
                           httplib::Headers headers = {}) {
    if (!bearer.empty())
        headers.emplace("Authorization", "Bearer " + bearer);
    return client(server).Get(path.c_str(), headers);
}

inline httplib::Result postJson(const Server& server, const std::string& path,
                                const std::string& bearer, const std::string& body,
                                httplib::Headers headers = {}) {
    if (!bearer.empty())
        headers.emplace("Authorization", "Bearer " + bearer);
    return client(server).Post(path.c_str(), headers, body, "application/json");
}

/// Parses a body into a DOM document owned by the caller's parser.
inline simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& body) {
    simdjson::dom::element element;
    EXPECT_EQ(parser.parse(body).get(element), simdjson::SUCCESS) << body.substr(0, 300);
    return element;
}

inline std::string text(simdjson::dom::element element, const char* key) {
    std::string_view value;
    if (element[key].get(value) != simdjson::SUCCESS)
        return {};
    return std::string(value);
}

/// Checks an answer is the ProblemDetails of API.md with this status, code and field.
inline void expectProblem(const httplib::Result& res, int status, const std::string& errorCode,
                          const std::string& field = {}) {
    ASSERT_TRUE(res) << "no answer";
    EXPECT_EQ(res->status, status) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type").rfind("application/problem+json", 0), 0u);
    simdjson::dom::parser parser;
    const auto problem = parse(parser, res->body);
    EXPECT_EQ(text(problem, "errorCode"), errorCode) << res->body;
    int64_t s = 0;
    EXPECT_EQ(problem["status"].get(s), simdjson::SUCCESS);
    EXPECT_EQ(s, status);
    EXPECT_FALSE(text(problem, "title").empty());
    EXPECT_FALSE(text(problem, "type").empty());
    EXPECT_FALSE(text(problem, "resourceKey").empty());
    EXPECT_FALSE(text(problem, "instance").empty());
    EXPECT_TRUE(
        std::regex_match(text(problem, "traceId"), std::regex("00-[0-9a-f]{32}-[0-9a-f]{16}-01")))
        << text(problem, "traceId");
    if (!field.empty()) {
        EXPECT_EQ(text(problem, "field"), field) << res->body;
    }
}

} // namespace lr::sandbox::test
