// The token endpoint, discovery, and the checks every /v1 call goes through: scope, tenant,
// expiry, signature, issuer, secrets on the API host, and the rate limit.

#include "core/Base64.hpp"
#include "core/Jwt.hpp"
#include "test_sandbox_fixture.hpp"

#include <chrono>

namespace lr::sandbox::test {
namespace {

class SandboxAuth : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        Options options;
        options.records = 5000;
        s_server = startSandbox(options).release();
    }
    static void TearDownTestSuite() {
        delete s_server;
        s_server = nullptr;
    }
    static Server* s_server;
};
Server* SandboxAuth::s_server = nullptr;

void expectOAuthError(const httplib::Result& res, int status, const std::string& error) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << res->body;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
    simdjson::dom::parser parser;
    const auto body = parse(parser, res->body);
    EXPECT_EQ(text(body, "error"), error) << res->body;
    EXPECT_FALSE(text(body, "error_description").empty());
}

TEST_F(SandboxAuth, FormClientAuthenticationIssuesAnHs256TokenWithTheContractClaims) {
    auto res = requestToken(*s_server, kDemoClient, kDemoSecret, kAllScopes);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
    simdjson::dom::parser parser;
    const auto body = parse(parser, res->body);
    EXPECT_EQ(text(body, "token_type"), "Bearer");
    EXPECT_EQ(text(body, "scope"), kAllScopes);
    int64_t expiresIn = 0;
    EXPECT_EQ(body["expires_in"].get(expiresIn), simdjson::SUCCESS);
    EXPECT_EQ(expiresIn, 3600);

    const auto parts = jwtDecode(text(body, "access_token"));
    ASSERT_TRUE(parts);
    EXPECT_NE(parts->headerJson.find("\"HS256\""), std::string::npos);
    const auto claims = jwtParseClaims(parts->payloadJson);
    ASSERT_TRUE(claims);
    EXPECT_EQ(claims->iss, s_server->baseUrl());
    EXPECT_EQ(claims->sub, kDemoClient);
    EXPECT_EQ(claims->tenant, "demo");
    EXPECT_EQ(claims->scope, kAllScopes);
    EXPECT_EQ(claims->exp - claims->iat, 3600);
    EXPECT_FALSE(claims->jti.empty());
}

TEST_F(SandboxAuth, BasicClientAuthenticationWorksAndItsFailureIs401WithAChallenge) {
    httplib::Headers basic{
        {"Authorization", "Basic " + base64Encode(std::string(kAcmeClient) + ":" + kAcmeSecret)}};
    httplib::Params form{{"grant_type", "client_credentials"},
                         {"scope", "limitrail.accounts.read"}};
    auto ok = client(*s_server).Post("/connect/token", basic, form);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200) << ok->body;

    httplib::Headers wrong{
        {"Authorization", "Basic " + base64Encode(std::string(kAcmeClient) + ":nope")}};
    auto bad = client(*s_server).Post("/connect/token", wrong, form);
    expectOAuthError(bad, 401, "invalid_client");
    EXPECT_EQ(bad->get_header_value("WWW-Authenticate").rfind("Basic", 0), 0u);
}

TEST_F(SandboxAuth, TokenEndpointErrorsFollowRfc6749) {
    expectOAuthError(requestToken(*s_server, kDemoClient, "wrong", kAllScopes), 400,
                     "invalid_client");
    expectOAuthError(requestToken(*s_server, "lr_unknown", "x", kAllScopes), 400, "invalid_client");
    expectOAuthError(requestToken(*s_server, kAcmeClient, kAcmeSecret, "limitrail.usage.write"),
                     400, "invalid_scope");
    expectOAuthError(requestToken(*s_server, kDemoClient, kDemoSecret, ""), 400, "invalid_request");

    httplib::Params wrongGrant{{"grant_type", "password"},
                               {"client_id", kDemoClient},
                               {"client_secret", kDemoSecret},
                               {"scope", "limitrail.accounts.read"}};
    expectOAuthError(client(*s_server).Post("/connect/token", wrongGrant), 400,
                     "unsupported_grant_type");

    httplib::Params repeated{{"grant_type", "client_credentials"},
                             {"client_id", kDemoClient},
                             {"client_id", kDemoClient},
                             {"client_secret", kDemoSecret},
                             {"scope", "limitrail.accounts.read"}};
    expectOAuthError(client(*s_server).Post("/connect/token", repeated), 400, "invalid_request");

    httplib::Params missingGrant{{"client_id", kDemoClient},
                                 {"client_secret", kDemoSecret},
                                 {"scope", "limitrail.accounts.read"}};
    expectOAuthError(client(*s_server).Post("/connect/token", missingGrant), 400,
                     "invalid_request");
}

TEST_F(SandboxAuth, DiscoveryAndHealthNeedNoToken) {
    auto discovery = get(*s_server, "/.well-known/openid-configuration", "");
    ASSERT_TRUE(discovery);
    ASSERT_EQ(discovery->status, 200);
    simdjson::dom::parser parser;
    const auto doc = parse(parser, discovery->body);
    EXPECT_EQ(text(doc, "issuer"), s_server->baseUrl());
    EXPECT_EQ(text(doc, "token_endpoint"), s_server->baseUrl() + "/connect/token");
    simdjson::dom::array scopes;
    ASSERT_EQ(doc["scopes_supported"].get(scopes), simdjson::SUCCESS);
    EXPECT_EQ(scopes.size(), 5u);
    simdjson::dom::array grants;
    ASSERT_EQ(doc["grant_types_supported"].get(grants), simdjson::SUCCESS);
    EXPECT_EQ(grants.at(0).get_string().value(), "client_credentials");

    auto health = get(*s_server, "/health", "");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    simdjson::dom::parser p2;
    EXPECT_EQ(text(parse(p2, health->body), "status"), "ok");
}

TEST_F(SandboxAuth, MissingMalformedAndTamperedTokensAre401WithInvalidTokenChallenge) {
    const std::string good = demoToken(*s_server);
    std::string tampered = good;
    tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
    // A token signed with the right key but claiming the other tenant's scopes is impossible
    // to forge; a payload swapped between two tokens breaks the signature.
    const std::string acme = acmeToken(*s_server);
    const std::string swapped = good.substr(0, good.find('.')) +
                                acme.substr(acme.find('.'), acme.rfind('.') - acme.find('.')) +
                                good.substr(good.rfind('.'));
    // The same claims with "alg":"none" and no signature must never pass.
    const std::string unsigned_ = base64UrlEncode(R"({"alg":"none","typ":"JWT"})") +
                                  good.substr(good.find('.'), good.rfind('.') - good.find('.')) +
                                  ".";
    for (const std::string& bearer :
         {std::string(), std::string("not-a-jwt"), tampered, swapped, unsigned_}) {
        auto res = get(*s_server, "/v1/meters", bearer);
        expectProblem(res, 401, "AUTH_INVALID_TOKEN");
        EXPECT_EQ(
            res->get_header_value("WWW-Authenticate").rfind("Bearer error=\"invalid_token\"", 0),
            0u);
    }
    auto ok = get(*s_server, "/v1/meters", good);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
}

TEST_F(SandboxAuth, ExpiredTokenIs401) {
    Options options;
    options.records = 100;
    options.tokenLifetimeSeconds = 0; // expires the second it is issued
    auto server = startSandbox(options);
    const std::string expired = demoToken(*server);
    ASSERT_FALSE(expired.empty());
    auto res = get(*server, "/v1/meters", expired);
    expectProblem(res, 401, "AUTH_INVALID_TOKEN");
    EXPECT_NE(res->get_header_value("WWW-Authenticate").find("invalid_token"), std::string::npos);
}

TEST_F(SandboxAuth, TokenIssuedForAnotherHostIs401) {
    Options options;
    options.records = 100;
    auto other = startSandbox(options); // same seed and key, another port: another issuer
    const std::string foreign = demoToken(*other);
    expectProblem(get(*s_server, "/v1/meters", foreign), 401, "AUTH_INVALID_TOKEN");
}

TEST_F(SandboxAuth, MissingScopeIs403NamingTheScope) {
    const std::string narrow = demoToken(*s_server, "limitrail.accounts.read");
    auto res = get(*s_server, "/v1/runtime/events?" + std::string(kWholeWindow), narrow);
    expectProblem(res, 403, "AUTH_INSUFFICIENT_SCOPE");
    EXPECT_EQ(res->get_header_value("WWW-Authenticate"),
              "Bearer error=\"insufficient_scope\", scope=\"limitrail.runtime.read\"");
}

TEST_F(SandboxAuth, ClientSecretOnTheApiHostIsRefusedInQueryHeaderAndForm) {
    const std::string bearer = demoToken(*s_server);
    expectProblem(get(*s_server, "/v1/meters?client_secret=sandbox-secret", bearer), 400,
                  "SECRET_ON_API_HOST");
    expectProblem(get(*s_server, "/v1/meters", bearer, {{"X-Client-Secret", "sandbox-secret"}}),
                  400, "SECRET_ON_API_HOST");
    httplib::Headers headers{{"Authorization", "Bearer " + bearer}};
    auto form = client(*s_server).Post("/v1/usage/check", headers,
                                       httplib::Params{{"client_secret", "sandbox-secret"}});
    expectProblem(form, 400, "SECRET_ON_API_HOST");
}

TEST_F(SandboxAuth, RateLimitAnswers429WithRetryAfter) {
    Options options;
    options.records = 100;
    options.rateLimitPerSecond = 3;
    auto server = startSandbox(options);
    const std::string bearer = demoToken(*server);
    // Four calls cannot all fit in one second's window of three, so one of up to eight
    // calls is refused however the calls straddle a second boundary.
    httplib::Result limited = get(*server, "/v1/meters", bearer);
    for (int i = 1; i < 8 && !(limited && limited->status == 429); ++i)
        limited = get(*server, "/v1/meters", bearer);
    expectProblem(limited, 429, "RATE_LIMITED");
    EXPECT_EQ(limited->get_header_value("Retry-After"), "1");
}

} // namespace
} // namespace lr::sandbox::test
