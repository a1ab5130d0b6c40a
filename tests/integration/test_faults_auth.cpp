// Answers that attack the console's handling of credentials: a redirect to another host, token
// answers without access_token or with a bad expires_in, a 401 on every call, and a header
// value with CR/LF typed into the form.

#include "integration/FaultTestSupport.hpp"

namespace lr::test {
namespace {

TEST(FaultsAuth, RedirectToAnotherHostIsNotFollowedAndCarriesNoToken) {
    // "localhost" is another host name than the sandbox's 127.0.0.1.
    OwnServer elsewhere([](httplib::Server& http) {
        http.Get("/steal", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("{}", "application/json");
        });
    });
    FaultConsole console;
    const std::string target = "http://localhost:" + std::to_string(elsewhere.port()) + "/steal";
    console.set("fault", "redirect");
    console.set("to", target);
    expectFramesKeptComing(console.sendAndRunFrames());

    const Execution& execution = console.execution();
    EXPECT_EQ(execution.phase, ExecutionPhase::Done);
    EXPECT_EQ(execution.response.status, 302);
    ASSERT_NE(findHeader(execution.response.headers, "Location"), nullptr);
    EXPECT_EQ(*findHeader(execution.response.headers, "Location"), target);
    EXPECT_TRUE(hasNote(execution, "Redirect to " + target + " not followed"))
        << allNotes(execution);
    EXPECT_NE(findHeader(execution.request.headers, "Authorization"), nullptr)
        << "the call itself carried the token, to the sandbox";
    EXPECT_EQ(elsewhere.requests(), 0) << "nothing reached the other host";
    EXPECT_EQ(elsewhere.withAuthorization(), 0);
    EXPECT_EQ(console.reopenNewest(2).response.status, 302);
}

void expectTokenRefused(const std::string& tokenBody, const std::string& why) {
    OwnServer server([&tokenBody](httplib::Server& http) {
        http.Post("/connect/token", [tokenBody](const httplib::Request&, httplib::Response& res) {
            res.set_content(tokenBody, "application/json");
        });
    });
    FaultConsole console(faultSandbox().baseUrl(), server.url());
    const auto sandboxBefore = faultSandbox().requestCount();
    console.set("fault", "500");
    expectFramesKeptComing(console.sendAndRunFrames());

    const Execution& execution = console.execution();
    EXPECT_FALSE(console.state().token.present());
    EXPECT_EQ(execution.response.status, 200) << "the token answer is what the user sees";
    EXPECT_TRUE(hasNote(execution, "The token answer was refused: " + why + "."))
        << allNotes(execution);
    EXPECT_TRUE(hasNote(execution, std::string("so GET ") + kFaultEndpointPath + " was not sent"))
        << allNotes(execution);
    EXPECT_NE(console.state().statusLine.find("The token answer was refused: " + why + "."),
              std::string::npos)
        << console.state().statusLine;
    EXPECT_EQ(server.requests(), 1);
    EXPECT_EQ(faultSandbox().requestCount(), sandboxBefore) << "the API call was not sent";

    const Execution stored = console.reopenNewest(1);
    EXPECT_EQ(stored.endpointKey, "POST /connect/token");
    ASSERT_TRUE(stored.response.body);
    const std::string storedBody(stored.response.body->view());
    EXPECT_NE(storedBody.find("expires_in"), std::string::npos) << storedBody;
    EXPECT_EQ(storedBody.find("\"abc\""), std::string::npos) << "even a refused token is redacted";
}

TEST(FaultsAuth, TokenAnswerWithoutAccessTokenIsRefused) {
    expectTokenRefused(R"({"token_type":"Bearer","expires_in":3600,"scope":"x"})",
                       "the token answer has no access_token");
}

TEST(FaultsAuth, TokenAnswerWithBadExpiresInIsRefused) {
    expectTokenRefused(R"({"access_token":"abc","token_type":"Bearer","expires_in":"3600"})",
                       "expires_in is not a number");
    expectTokenRefused(R"({"access_token":"abc","token_type":"Bearer","expires_in":-5})",
                       "expires_in is out of range");
}

TEST(FaultsAuth, UnauthorizedOnEveryCallRetokensOnceRetriesOnceThenShowsTheError) {
    std::atomic<int> tokens{0};
    std::atomic<int> calls{0};
    OwnServer server([&](httplib::Server& http) {
        http.Post("/connect/token", [&](const httplib::Request&, httplib::Response& res) {
            ++tokens;
            res.set_content(R"({"access_token":"t)" + std::to_string(tokens.load()) +
                                R"(","token_type":"Bearer","expires_in":3600,"scope":")" +
                                kFaultScope + "\"}",
                            "application/json");
        });
        http.Get(R"(/__faults/.*)", [&](const httplib::Request&, httplib::Response& res) {
            ++calls;
            res.status = 401;
            res.set_header("WWW-Authenticate",
                           R"(Bearer error="invalid_token", error_description="revoked")");
            res.set_content(R"({"title":"The access token is invalid.","status":401,)"
                            R"("errorCode":"AUTH_INVALID_TOKEN"})",
                            "application/problem+json");
        });
    });
    FaultConsole console(server.url(), server.url());
    console.set("fault", "always-401");
    expectFramesKeptComing(console.sendAndRunFrames());

    const Execution& execution = console.execution();
    EXPECT_EQ(tokens.load(), 2) << "one token, then one new token";
    EXPECT_EQ(calls.load(), 2) << "one call, then one retry; no loop";
    EXPECT_EQ(execution.phase, ExecutionPhase::Done);
    EXPECT_EQ(execution.response.status, 401);
    ASSERT_TRUE(execution.problem);
    EXPECT_EQ(execution.problem->errorCode, "AUTH_INVALID_TOKEN");
    EXPECT_TRUE(hasNote(execution, "401 invalid_token: fetched a new token and retried once."))
        << allNotes(execution);
    EXPECT_EQ(findHeader(execution.request.headers, "Authorization") != nullptr, true);

    // Sending again is one more round at most, never a storm.
    expectFramesKeptComing(console.sendAndRunFrames());
    EXPECT_LE(calls.load(), 4);
    EXPECT_LE(tokens.load(), 4);
    EXPECT_EQ(console.reopenNewest(tokens.load() + calls.load()).response.status, 401);
}

TEST(FaultsAuth, LineBreakTypedIntoAHeaderValueIsRefusedBeforeAnythingIsSent) {
    FaultConsole console;
    const auto before = faultSandbox().requestCount();
    console.set("fault", "500");
    console.set("X-Note", "hello\r\nX-Injected: yes");
    expectFramesKeptComing(console.sendAndRunFrames());

    EXPECT_EQ(console.execution().phase, ExecutionPhase::NotSent);
    EXPECT_EQ(console.state().statusLine,
              "The header X-Note contains a line break (CR or LF); it was not sent.");
    EXPECT_EQ(console.state().forms.buildError, console.state().statusLine);
    EXPECT_EQ(faultSandbox().requestCount(), before) << "not even the token fetch went out";

    // Fixing the value sends normally.
    console.set("X-Note", "hello");
    expectFramesKeptComing(console.sendAndRunFrames());
    EXPECT_EQ(console.execution().response.status, 500);
    EXPECT_EQ(console.reopenNewest(2).response.status, 500);
}

} // namespace
} // namespace lr::test
