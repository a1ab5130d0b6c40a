// The /__faults/ routes answer as described, only with Options::faults, and none of the slow
// or endless ones outlives stop().

#include "core/Json.hpp"
#include "test_sandbox_fixture.hpp"

#include <chrono>
#include <future>

namespace lr::sandbox::test {
namespace {

using Clock = std::chrono::steady_clock;

class SandboxFaults : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        Options options;
        options.records = 1000;
        options.faults = true;
        s_server = startSandbox(options).release();
    }
    static void TearDownTestSuite() { delete s_server; }
    static Server* s_server;
};
Server* SandboxFaults::s_server = nullptr;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST_F(SandboxFaults, DripSendsOneByteAnInterval) {
    const auto start = Clock::now();
    auto res = get(*s_server, "/__faults/drip?intervalMs=30&bytes=14", "");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body.size(), 14u);
    EXPECT_GE(secondsSince(start), 13 * 0.030); // 13 pauses between 14 bytes
    simdjson::dom::parser parser;
    EXPECT_EQ(parser.parse(res->body).error(), simdjson::SUCCESS);
}

TEST_F(SandboxFaults, TruncatedAndResetBodiesFailTheRead) {
    auto truncated = get(*s_server, "/__faults/truncated?declared=1000&sent=400", "");
    EXPECT_FALSE(truncated);
    EXPECT_EQ(truncated.error(), httplib::Error::Read);

    auto reset = get(*s_server, "/__faults/reset?after=2000&pauseMs=50", "");
    EXPECT_FALSE(reset);
    EXPECT_EQ(reset.error(), httplib::Error::Read);
}

TEST_F(SandboxFaults, EndlessBodyKeepsComingUntilTheClientStops) {
    std::size_t received = 0;
    auto c = client(*s_server);
    auto res = c.Get("/__faults/endless?intervalMs=0&maxSeconds=30", [&](const char*, size_t n) {
        received += n;
        return received < 2 * 1024 * 1024; // 2 MB is plenty to call it endless
    });
    EXPECT_FALSE(res);
    EXPECT_EQ(res.error(), httplib::Error::Canceled);
    EXPECT_GE(received, 2u * 1024 * 1024);
}

TEST_F(SandboxFaults, EndlessBodyStopsByItselfAtItsBound) {
    const auto start = Clock::now();
    auto res = get(*s_server, "/__faults/endless?intervalMs=20&maxSeconds=1", "");
    EXPECT_FALSE(res); // never a complete chunked body
    EXPECT_LT(secondsSince(start), 5.0);
}

TEST_F(SandboxFaults, MalformedBodies) {
    simdjson::dom::parser parser;
    auto invalid = get(*s_server, "/__faults/invalid-json", "");
    ASSERT_EQ(invalid->status, 200);
    EXPECT_NE(parser.parse(invalid->body).error(), simdjson::SUCCESS);

    auto utf8 = get(*s_server, "/__faults/invalid-utf8", "");
    ASSERT_EQ(utf8->status, 200);
    EXPECT_FALSE(isValidUtf8(utf8->body));

    auto deep = get(*s_server, "/__faults/deep", "");
    ASSERT_EQ(deep->status, 200);
    EXPECT_EQ(deep->body, std::string(5000, '[') + std::string(5000, ']'));

    auto huge = get(*s_server, "/__faults/huge-string", "");
    ASSERT_EQ(huge->status, 200);
    EXPECT_EQ(huge->body.size(), 10u * 1024 * 1024 + 12); // {"value":"…"}
    EXPECT_EQ(parser.parse(huge->body).at_key("value").get_string().value().size(),
              10u * 1024 * 1024);

    auto wrongType = get(*s_server, "/__faults/wrong-content-type", "");
    ASSERT_EQ(wrongType->status, 200);
    EXPECT_EQ(wrongType->get_header_value("Content-Type").rfind("text/html", 0), 0u);
}

TEST_F(SandboxFaults, RateLimitedWithRetryAfterInSecondsAndAsADate) {
    auto seconds = get(*s_server, "/__faults/429-seconds?after=7", "");
    expectProblem(seconds, 429, "RATE_LIMITED");
    EXPECT_EQ(seconds->get_header_value("Retry-After"), "7");

    auto date = get(*s_server, "/__faults/429-date?after=7", "");
    expectProblem(date, 429, "RATE_LIMITED");
    EXPECT_TRUE(std::regex_match(date->get_header_value("Retry-After"),
                                 std::regex("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} "
                                            "\\d{2}:\\d{2}:\\d{2} GMT")))
        << date->get_header_value("Retry-After");
}

TEST_F(SandboxFaults, RedirectPointsAtAnotherHost) {
    auto res = get(*s_server, "/__faults/redirect", ""); // cpp-httplib does not follow by default
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 302);
    EXPECT_EQ(res->get_header_value("Location"),
              "http://localhost:" + std::to_string(s_server->port()) + "/health");
}

TEST_F(SandboxFaults, BrokenTokenResponses) {
    auto c = client(*s_server);
    simdjson::dom::parser parser;
    auto noToken = c.Post("/__faults/token-no-access-token", httplib::Params{});
    ASSERT_EQ(noToken->status, 200);
    auto doc = parse(parser, noToken->body);
    EXPECT_EQ(doc["access_token"].error(), simdjson::NO_SUCH_FIELD);
    EXPECT_EQ(text(doc, "token_type"), "Bearer");

    auto stringExpiry = c.Post("/__faults/token-expires-string", httplib::Params{});
    ASSERT_EQ(stringExpiry->status, 200);
    simdjson::dom::parser p2;
    auto token = parse(p2, stringExpiry->body);
    EXPECT_FALSE(text(token, "access_token").empty());
    EXPECT_EQ(text(token, "expires_in"), "3600");
}

TEST_F(SandboxFaults, ServerErrorIsAProblem) {
    expectProblem(get(*s_server, "/__faults/500", ""), 500, "INTERNAL_ERROR");
}

TEST(SandboxFaultsOff, FaultRoutesExistOnlyWhenEnabled) {
    Options options;
    options.records = 100;
    auto server = startSandbox(options);
    expectProblem(get(*server, "/__faults/500", ""), 404, "NOT_FOUND");
}

TEST(SandboxFaultsOff, StopEndsDripsAndEndlessBodiesAtOnce) {
    Options options;
    options.records = 100;
    options.faults = true;
    auto server = startSandbox(options);
    const std::uint64_t before = server->requestCount();
    auto drip = std::async(std::launch::async, [&] {
        return get(*server, "/__faults/drip?intervalMs=10000&bytes=100", "");
    });
    auto endless = std::async(std::launch::async, [&] {
        return get(*server, "/__faults/endless?intervalMs=5000&maxSeconds=300", "");
    });
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (server->requestCount() < before + 2 && Clock::now() < deadline)
        std::this_thread::yield();
    ASSERT_EQ(server->requestCount(), before + 2);

    const auto start = Clock::now();
    server->stop();
    EXPECT_LT(secondsSince(start), 3.0);
    EXPECT_FALSE(drip.get());
    EXPECT_FALSE(endless.get());
}

} // namespace
} // namespace lr::sandbox::test
