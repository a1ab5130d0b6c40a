// After a session that fetched a token with a revealed secret and called the API with it,
// neither the token, nor the secret, nor any Authorization value is anywhere on disk: not in
// history.db, its -wal and -shm, nor in the config directory. Plus the redaction rules.

#include "core/History.hpp"
#include "core/Redact.hpp"
#include "core/Settings.hpp"
#include "unit/HistoryTestSupport.hpp"

#include <gtest/gtest.h>

#include <memory>

namespace lr {
namespace {

// A real-looking client secret, a JWT access token and an opaque refresh-style token.
const std::string kSecret = "lrs_8f2c1e9a7b6d4c3e2f1a0b9c8d7e6f5a";
const std::string kJwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJscl9jZGFkYzRkNzM1OWE0ODljYTVhMmJkM2ZjOWNiMDIw"
    "MiIsInNjb3BlIjoibGltaXRyYWlsLmFjY291bnRzLnJlYWQifQ.q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0";
const std::string kOpaque = "tok_live_Zx81Qm92Lk73Pn64Jh55";

HttpResponse tokenCall() {
    HttpResponse r;
    r.request.method = "POST";
    r.request.url = "http://127.0.0.1:8080/connect/token";
    r.request.contentType = "application/x-www-form-urlencoded";
    r.request.body = "grant_type=client_credentials&client_id=lr_cdadc4d7359a489ca5a2bd3fc9cb0202"
                     "&client_secret=" +
                     kSecret + "&scope=limitrail.accounts.read";
    r.request.headers = {{"Content-Type", r.request.contentType}};
    r.status = 200;
    r.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
    r.body = std::make_shared<Body>("{\"access_token\": \"" + kJwt +
                                    "\", \"token_type\": \"Bearer\", \"expires_in\": 3600, "
                                    "\"refresh_token\":\"" +
                                    kOpaque + "\"}");
    r.timings.durationMs = 12;
    return r;
}

HttpResponse apiCall(const std::string& token, std::string url) {
    HttpResponse r;
    r.request.method = "GET";
    r.request.url = std::move(url);
    r.request.headers = {{"Authorization", "Bearer " + token}, {"Accept", "application/json"}};
    r.status = 200;
    r.headers = {{"Content-Type", "application/json"}, {"Set-Cookie", "session=" + kOpaque}};
    // A body that echoes the token must not carry it to disk either.
    r.body = std::make_shared<Body>("{\"items\": [{\"id\": \"acc_1\", \"note\": \"" + token +
                                    "\"}], \"nextCursor\": null}");
    r.timings.durationMs = 8;
    return r;
}

TEST(HistoryNoSecretsOnDisk, ScriptedSessionLeavesNoTokenSecretOrAuthorizationValue) {
    test::TempXdg xdg;
    UiInbox inbox;
    HistoryModel model;
    std::string before;
    {
        History history(inbox, model);

        // The session: a token fetched with the typed secret, calls made with two tokens.
        HistoryContext context;
        context.environment = "Sandbox";
        context.knownSecrets = {kSecret, kJwt, kOpaque};
        context.pathTemplate = "/connect/token";
        history.record(makeHistoryEntry(tokenCall(), context));
        context.pathTemplate = "/v1/accounts";
        history.record(
            makeHistoryEntry(apiCall(kJwt, "http://127.0.0.1:8080/v1/accounts"), context));
        history.record(makeHistoryEntry(
            apiCall(kOpaque, "http://127.0.0.1:8080/v1/accounts?client_secret=" + kSecret),
            context));

        // A call where the console no longer knows the token: the rules alone must hold.
        HistoryContext forgetful;
        forgetful.environment = "Sandbox";
        history.record(makeHistoryEntry(tokenCall(), forgetful));
        history.record(
            makeHistoryEntry(apiCall(kJwt, "http://127.0.0.1:8080/v1/accounts"), forgetful));

        // Settings as the console saves them after such a session.
        Environments environments;
        environments.setClientId("lr_cdadc4d7359a489ca5a2bd3fc9cb0202");
        environments.setScopes({"limitrail.accounts.read"});
        Settings settings;
        captureEnvironments(environments, settings);
        ASSERT_EQ(saveSettings(settingsPath(), settings), "");

        ASSERT_TRUE(test::drainUntil(inbox, [&] { return model.total == 5 && !model.querying; }));
        before = test::allBytesUnder(xdg.root); // with the WAL still open
    }
    std::string after = test::allBytesUnder(xdg.root);

    for (const std::string* bytes : {&before, &after}) {
        // The search can find things: what was stored is there.
        ASSERT_NE(bytes->find("/connect/token"), std::string::npos);
        ASSERT_NE(bytes->find("lr_cdadc4d7359a489ca5a2bd3fc9cb0202"), std::string::npos);
        ASSERT_NE(bytes->find("Bearer [redacted]"), std::string::npos);

        EXPECT_EQ(bytes->find(kSecret), std::string::npos);
        EXPECT_EQ(bytes->find(kJwt), std::string::npos);
        EXPECT_EQ(bytes->find(kJwt.substr(0, 40)), std::string::npos);
        EXPECT_EQ(bytes->find(kOpaque), std::string::npos);
        EXPECT_EQ(bytes->find("Bearer " + kJwt.substr(0, 8)), std::string::npos);
        EXPECT_EQ(bytes->find("Bearer tok_"), std::string::npos);
    }
    EXPECT_NE(before.find("history.db-wal"), std::string::npos) << "the WAL was searched too";
}

TEST(Redact, FormQueryAndHeadersLoseSecretsButKeepTheRest) {
    EXPECT_EQ(redactForm("grant_type=client_credentials&client_secret=abc%20def&scope=a+b"),
              "grant_type=client_credentials&client_secret=[redacted]&scope=a+b");
    EXPECT_EQ(redactForm("client%5Fsecret=x"), "client%5Fsecret=[redacted]");
    EXPECT_EQ(redactUrl("https://h/p?a=1&access_token=t#frag"),
              "https://h/p?a=1&access_token=[redacted]#frag");
    const HeaderList headers =
        redactHeaders({{"authorization", "Basic bHI6c2VjcmV0"}, {"Accept", "*/*"}});
    EXPECT_EQ(headers[0].value, "Basic [redacted]");
    EXPECT_EQ(headers[1].value, "*/*");
}

TEST(Redact, JsonTokensAtAnyDepthAndInACutOffBody) {
    EXPECT_EQ(redactJsonFields(R"({"a": {"access_token" : "x\"y", "n": 1}})"),
              R"({"a": {"access_token" : "[redacted]", "n": 1}})");
    EXPECT_EQ(redactJsonFields(R"({"access_token": "abcdef)"), R"({"access_token": "[redacted]")");

    // A token endpoint answer cut by the body cap in the middle of the token.
    HttpResponse r = tokenCall();
    HistoryContext context;
    context.bodyCap = 30; // inside the token value
    const HistoryEntry cut = makeHistoryEntry(r, context);
    EXPECT_TRUE(cut.bodyTruncated());
    EXPECT_EQ(cut.body.find("eyJ"), std::string::npos) << cut.body;
    EXPECT_EQ(cut.bodySize, r.body->size());
}

TEST(Redact, BodyCapKeepsSizeAndFirstPart) {
    HttpResponse r = apiCall("short", "http://127.0.0.1:1/v1/x");
    r.body = std::make_shared<Body>(std::string(3 << 20, 'a'));
    const HistoryEntry entry = makeHistoryEntry(r, HistoryContext{});
    EXPECT_EQ(entry.bodySize, std::uint64_t(3 << 20));
    EXPECT_EQ(entry.body.size(), kDefaultHistoryBodyCap);
    EXPECT_EQ(entry.pathTemplate, "/v1/x");
}

} // namespace
} // namespace lr
