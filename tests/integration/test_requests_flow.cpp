// Requests end to end against the in-process sandbox: what the Execution result, the error
// card and the token chip show after each kind of call.

#include "ConsoleHarness.hpp"
#include "core/Jwt.hpp"
#include "core/RequestView.hpp"

#include <simdjson.h>

#include <set>

namespace lr {
namespace {

using test::ConsoleHarness;

/// The id of the first account GET /v1/accounts lists, as a user would copy it.
std::string firstAccountId(ConsoleHarness& console) {
    console.select("GET", "/v1/accounts");
    EXPECT_TRUE(console.send());
    EXPECT_EQ(console.status(), 200);
    simdjson::dom::parser parser;
    std::string_view id;
    const std::string body(console.state().execution.response.body->view());
    EXPECT_FALSE(parser.parse(body)["items"].at(0)["id"].get(id));
    return std::string(id);
}

TEST(RequestsFlow, TokenEndpointFillsTheChipWithGrantedScopes) {
    ConsoleHarness console;
    EXPECT_EQ(console.state().token.status(std::chrono::steady_clock::now()), TokenStatus::Missing);

    console.select("POST", "/connect/token");
    ASSERT_TRUE(console.send());
    EXPECT_EQ(console.status(), 200);

    const Token& token = console.state().token;
    EXPECT_EQ(token.status(std::chrono::steady_clock::now()), TokenStatus::Valid);
    EXPECT_EQ(token.scopes.size(), 5u);
    EXPECT_TRUE(token.hasScope("limitrail.usage.write"));
    // 3600 s less the 30 s safety margin, counted from receipt on a steady clock.
    EXPECT_NEAR(token.secondsLeft(std::chrono::steady_clock::now()), 3570, 5);
    const auto parts = jwtDecode(token.accessToken);
    ASSERT_TRUE(parts.has_value());
    EXPECT_NE(parts->payloadJson.find("\"tenant\":\"demo\""), std::string::npos);
}

TEST(RequestsFlow, EveryEndpointAnswers200WithTheCatalogueExamples) {
    ConsoleHarness console;
    const std::string accountId = firstAccountId(console);

    for (const Endpoint& endpoint : console.state().catalogue.endpoints) {
        SCOPED_TRACE(endpoint.key());
        console.select(endpoint.method, endpoint.path);
        // Inputs a user takes from an earlier answer rather than from the docs' example.
        for (const Field& field : endpoint.fields)
            if (field.name == "accountId" && field.location == FieldLocation::Path)
                console.set("accountId", accountId);
        if (endpoint.path == "/v1/usage/commit")
            console.set("Idempotency-Key", newUuid());
        ASSERT_TRUE(console.send()) << "no answer";
        EXPECT_TRUE(console.state().forms.missing.empty())
            << "missing " << console.state().forms.missing.front();
        const int status = console.status();
        EXPECT_TRUE(status == 200 || status == 201)
            << status << " "
            << (console.state().execution.problem
                    ? console.state().execution.problem->detail
                    : console.state().execution.response.errorMessage);
    }
}

TEST(RequestsFlow, MissingFromIsFlaggedThenTheServersCardNamesTheField) {
    ConsoleHarness console;
    console.select("GET", "/v1/runtime/usage");
    console.set("from", "");

    // The console's own check: nothing is sent.
    ASSERT_TRUE(console.send());
    EXPECT_EQ(console.state().forms.missing, std::vector<std::string>{"from"});
    EXPECT_EQ(console.state().execution.phase, ExecutionPhase::NotSent);

    // Send anyway: the server's ProblemDetails becomes the card.
    ASSERT_TRUE(console.send(true));
    EXPECT_EQ(console.status(), 400);
    ASSERT_TRUE(console.state().execution.problem.has_value());
    const Problem& problem = *console.state().execution.problem;
    EXPECT_EQ(problem.errorCode, "VALIDATION_REQUIRED");
    EXPECT_EQ(problem.field, "From");
    EXPECT_FALSE(problem.traceId.empty());
    EXPECT_TRUE(console.state().catalogue.errorMessages.count(problem.resourceKey))
        << problem.resourceKey << " has no translated message";

    // The card's field link focuses and highlights the form's input.
    console.push(cmd::FocusField{problem.field});
    EXPECT_EQ(console.state().forms.highlightField, "from");
    EXPECT_GT(console.state().forms.focusRequest, 0);
}

TEST(RequestsFlow, ReadOnlyTokenIsWarnedThen403NamesTheScope) {
    ConsoleHarness console;
    console.push(cmd::SetScopes{{"limitrail.accounts.read", "limitrail.usage.read"}});
    console.select("POST", "/connect/token");
    ASSERT_TRUE(console.send());
    ASSERT_FALSE(console.state().token.hasScope("limitrail.usage.write"));

    console.select("POST", "/v1/usage/commit");
    ASSERT_TRUE(console.send());
    EXPECT_EQ(console.state().forms.scopeWarning, "limitrail.usage.write");
    EXPECT_EQ(console.state().execution.endpointKey, "POST /connect/token") << "nothing was sent";

    ASSERT_TRUE(console.send(true));
    EXPECT_EQ(console.status(), 403);
    ASSERT_TRUE(console.state().execution.problem.has_value());
    EXPECT_EQ(console.state().execution.problem->errorCode, "AUTH_INSUFFICIENT_SCOPE");
    EXPECT_EQ(console.state().forms.scopeWarning, "limitrail.usage.write")
        << "the scope comes from WWW-Authenticate";

    // "Get a token with this scope" fixes it.
    console.push(cmd::GetTokenWithScope{"limitrail.usage.write"});
    ASSERT_TRUE(console.settle());
    EXPECT_TRUE(console.state().token.hasScope("limitrail.usage.write"));
    console.set("Idempotency-Key", newUuid());
    ASSERT_TRUE(console.send());
    EXPECT_EQ(console.status(), 201) << console.state().execution.response.errorMessage;
}

TEST(RequestsFlow, OtherTenantsAccountAnswers404) {
    ConsoleHarness console;
    const std::string demoAccount = firstAccountId(console);

    console.controller().setClient("lr_acme0000000000000000000000000001", Secret("acme-secret"),
                                   false);
    console.push(cmd::SetScopes{{"limitrail.accounts.read", "limitrail.usage.read"}});
    console.select("POST", "/connect/token");
    ASSERT_TRUE(console.send());
    ASSERT_EQ(console.status(), 200);

    console.select("GET", "/v1/accounts/{accountId}");
    console.set("accountId", demoAccount);
    ASSERT_TRUE(console.send());
    EXPECT_EQ(console.status(), 404);
    ASSERT_TRUE(console.state().execution.problem.has_value());
    EXPECT_EQ(console.state().execution.problem->errorCode, "ACCOUNT_NOT_FOUND");
}

TEST(RequestsFlow, ServerRejectedTokenGetsExactlyOneRetokenAndRetry) {
    sandbox::Options options = ConsoleHarness::quietSandbox();
    options.tokenLifetimeSeconds = 1;
    ConsoleHarness console(options);
    console.select("POST", "/connect/token");
    ASSERT_TRUE(console.send());

    // The server's clock says expired while ours still says valid (clock skew, a revoked
    // key): the call answers 401 invalid_token.
    const auto expiredAt = std::chrono::system_clock::now() + std::chrono::seconds(2);
    Token& token = console.controller().mutableState().token;
    token.expiresAt = std::chrono::steady_clock::now() + std::chrono::hours(1);
    while (std::chrono::system_clock::now() < expiredAt)
        console.inbox().waitAndDrain(std::chrono::milliseconds(100));

    const std::uint64_t before = console.server().requestCount();
    console.select("GET", "/v1/meters");
    ASSERT_TRUE(console.send());
    EXPECT_EQ(console.status(), 200);
    // 401, one token request, one retry.
    EXPECT_EQ(console.server().requestCount() - before, 3u);
    const auto& notes = console.state().execution.notes;
    EXPECT_NE(std::find(notes.begin(), notes.end(),
                        "401 invalid_token: fetched a new token and retried once."),
              notes.end());
}

TEST(RequestsFlow, CommitAnswers409OverTheLimitAnd422ForAReusedKey) {
    ConsoleHarness console;
    const std::string accountId = firstAccountId(console);
    console.select("POST", "/v1/usage/commit");

    const std::string key = newUuid();
    console.set("Idempotency-Key", key);
    console.push(cmd::SetBody{"{\"accountId\": \"" + accountId +
                              "\", \"meter\": \"api.calls\", \"quantity\": 1}"});
    ASSERT_TRUE(console.send());
    ASSERT_EQ(console.status(), 201);

    // The same key with another body.
    console.push(cmd::SetBody{"{\"accountId\": \"" + accountId +
                              "\", \"meter\": \"api.calls\", \"quantity\": 2}"});
    ASSERT_TRUE(console.send());
    EXPECT_EQ(console.status(), 422);
    ASSERT_TRUE(console.state().execution.problem.has_value());
    EXPECT_EQ(console.state().execution.problem->errorCode, "IDEMPOTENCY_KEY_REUSED");

    // Far more than any quota.
    console.set("Idempotency-Key", newUuid());
    console.push(cmd::SetBody{"{\"accountId\": \"" + accountId +
                              "\", \"meter\": \"api.calls\", \"quantity\": 1000000000}"});
    ASSERT_TRUE(console.send());
    EXPECT_EQ(console.status(), 409);
    ASSERT_TRUE(console.state().execution.problem.has_value());
    EXPECT_EQ(console.state().execution.problem->errorCode, "LIMIT_EXCEEDED");
}

TEST(RequestsFlow, PlainHttpToARemoteHostIsRefused) {
    ConsoleHarness console;
    console.useEnvironment("http://api.limitrail.com", "Custom");
    console.select("GET", "/health");
    ASSERT_TRUE(console.send());
    EXPECT_EQ(console.state().execution.phase, ExecutionPhase::Failed);
    EXPECT_EQ(console.state().execution.response.error, TransportError::InsecureHttpRefused);
}

TEST(RequestsFlow, PaneAndCurlNeverShowTokenOrSecretUnlessRevealed) {
    ConsoleHarness console;
    console.select("GET", "/v1/meters");
    ASSERT_TRUE(console.send()); // fetches the token first
    ASSERT_EQ(console.status(), 200);
    const std::string token = console.state().token.accessToken;
    ASSERT_FALSE(token.empty());

    const std::string pane = describeRequest(console.state().execution.request, false);
    EXPECT_EQ(pane.find(token), std::string::npos);
    EXPECT_NE(pane.find("(redacted)"), std::string::npos);
    console.push(cmd::SetReveal{true});
    EXPECT_NE(
        describeRequest(console.state().execution.request, console.state().reveal).find(token),
        std::string::npos);

    console.push(cmd::CopyAsCurl{});
    const std::string curl = console.state().lastCurl;
    EXPECT_EQ(curl.find(token), std::string::npos);
    EXPECT_NE(curl.find("$LIMITRAIL_TOKEN"), std::string::npos);

    console.select("POST", "/connect/token");
    console.push(cmd::CopyAsCurl{});
    EXPECT_EQ(console.state().lastCurl.find(sandbox::kDemoSecret), std::string::npos);
    EXPECT_NE(console.state().lastCurl.find("$LIMITRAIL_CLIENT_SECRET"), std::string::npos);
}

} // namespace
} // namespace lr

namespace lr {
namespace {

TEST(RequestsFlow, AStatsTimelineMarkReopensANormalCall) {
    test::ConsoleHarness console;
    console.select("GET", "/v1/meters");
    ASSERT_TRUE(console.send());
    const std::uint64_t metersCall = console.state().execution.response.jobId;
    ASSERT_NE(metersCall, 0u);

    console.select("GET", "/health");
    ASSERT_TRUE(console.send());
    ASSERT_EQ(console.state().execution.request.url.find("/v1/meters"), std::string::npos);

    console.push(cmd::OpenCall{metersCall});
    EXPECT_NE(console.state().execution.request.url.find("/v1/meters"), std::string::npos);
    EXPECT_EQ(console.status(), 200);
    ASSERT_TRUE(console.state().execution.pretty);
    EXPECT_GT(console.state().execution.pretty->lineCount(), 3u);
}

TEST(RequestsFlow, AReopenedCallWhoseBodyWasTooBigToKeepSaysSo) {
    // The sandbox's 5 000 records export as about 1.9 MB, over what the Stats book keeps.
    test::ConsoleHarness console;
    console.select("GET", "/v1/usage/export");
    console.set("from", "2025-12-02T00:00:00Z");
    console.set("to", "2026-01-01T00:00:00Z");
    console.set("accountId", "");
    console.set("meter", "");
    ASSERT_TRUE(console.send());
    ASSERT_EQ(console.status(), 200);
    const std::uint64_t exportCall = console.state().execution.response.jobId;
    ASSERT_TRUE(console.state().execution.response.body);
    const std::size_t bodyBytes = console.state().execution.response.body->size();
    ASSERT_GT(bodyBytes, stats::StatsBook::kRetainedBodyBytes);

    console.select("GET", "/health");
    ASSERT_TRUE(console.send());

    console.push(cmd::OpenCall{exportCall});
    const Execution& reopened = console.state().execution;
    EXPECT_EQ(console.status(), 200);
    EXPECT_NE(reopened.request.url.find("/v1/usage/export"), std::string::npos);
    EXPECT_FALSE(reopened.response.body && !reopened.response.body->empty());
    const std::string expected = "Its body (" + formatBytes(bodyBytes) + ") was not kept";
    bool said = false;
    for (const std::string& note : reopened.notes)
        said = said || note.rfind(expected, 0) == 0;
    EXPECT_TRUE(said) << expected;
}

} // namespace
} // namespace lr
