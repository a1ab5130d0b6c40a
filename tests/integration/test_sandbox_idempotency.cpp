// Idempotency-Key on commits: a replay answers the same record, reuse with another body is
// 422, and a retry that meets the first request still running is 409.

#include "test_sandbox_fixture.hpp"

#include <future>

namespace lr::sandbox::test {
namespace {

const std::string kBody = R"({"externalRef":"crm-000003","meter":"api.calls","quantity":1})";

TEST(SandboxIdempotency, AReplayAnswersTheSameRecordAndBooksNothingMore) {
    Options options;
    options.records = 1000;
    auto server = startSandbox(options);
    const std::string bearer = demoToken(*server);

    auto first = postJson(*server, "/v1/usage/commit", bearer, kBody, {{"Idempotency-Key", "k-1"}});
    ASSERT_EQ(first->status, 201) << first->body;
    auto replay =
        postJson(*server, "/v1/usage/commit", bearer, kBody, {{"Idempotency-Key", "k-1"}});
    ASSERT_EQ(replay->status, 200) << replay->body;
    EXPECT_EQ(replay->body, first->body);

    // One record booked: the export of the sandbox's "now" holds it once.
    auto exported =
        get(*server, "/v1/usage/export?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", bearer);
    simdjson::dom::parser parser;
    EXPECT_EQ(parse(parser, exported->body)["items"].get_array().size(), 1u);

    // Another key books another record.
    auto other = postJson(*server, "/v1/usage/commit", bearer, kBody, {{"Idempotency-Key", "k-2"}});
    ASSERT_EQ(other->status, 201);
    simdjson::dom::parser p1, p2;
    EXPECT_NE(text(parse(p1, other->body), "usageId"), text(parse(p2, first->body), "usageId"));
}

TEST(SandboxIdempotency, AKeyReusedWithAnotherBodyIs422) {
    Options options;
    options.records = 1000;
    auto server = startSandbox(options);
    const std::string bearer = demoToken(*server);
    ASSERT_EQ(
        postJson(*server, "/v1/usage/commit", bearer, kBody, {{"Idempotency-Key", "r-1"}})->status,
        201);
    const std::string changed = R"({"externalRef":"crm-000003","meter":"api.calls","quantity":2})";
    expectProblem(
        postJson(*server, "/v1/usage/commit", bearer, changed, {{"Idempotency-Key", "r-1"}}), 422,
        "IDEMPOTENCY_KEY_REUSED", "IdempotencyKey");
}

TEST(SandboxIdempotency, ARetryWhileTheFirstStillRunsIs409InProgress) {
    Options options;
    options.records = 1000;
    auto server = startSandbox(options);
    const std::string bearer = demoToken(*server);
    const httplib::Headers slow{{"Idempotency-Key", "p-1"}, {"X-Sandbox-Delay-Ms", "1500"}};

    // Both hold the key for 1.5 s once they have it; whichever claims it first books, and
    // the other meets it in flight.
    const std::uint64_t before = server->requestCount();
    auto first = std::async(std::launch::async, [&] {
        return postJson(*server, "/v1/usage/commit", bearer, kBody, slow);
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (server->requestCount() == before && std::chrono::steady_clock::now() < deadline)
        std::this_thread::yield();
    auto second = postJson(*server, "/v1/usage/commit", bearer, kBody, slow);
    auto firstResult = first.get();
    ASSERT_TRUE(firstResult);
    ASSERT_TRUE(second);

    const bool firstBooked = firstResult->status == 201;
    const httplib::Result& booked = firstBooked ? firstResult : second;
    const httplib::Result& refused = firstBooked ? second : firstResult;
    EXPECT_EQ(booked->status, 201) << booked->body;
    expectProblem(refused, 409, "IDEMPOTENCY_IN_PROGRESS", "IdempotencyKey");
    EXPECT_FALSE(refused->get_header_value("Retry-After").empty());
    EXPECT_GE(server->maxConcurrentRequests(), 2);

    // Once it finished, the same key replays the booked record.
    auto replay =
        postJson(*server, "/v1/usage/commit", bearer, kBody, {{"Idempotency-Key", "p-1"}});
    EXPECT_EQ(replay->status, 200);
    EXPECT_EQ(replay->body, booked->body);
}

TEST(SandboxIdempotency, AcmeMayNotCommitWithoutUsageWrite) {
    Options options;
    options.records = 1000;
    auto server = startSandbox(options);
    const std::string demo = demoToken(*server);
    ASSERT_EQ(
        postJson(*server, "/v1/usage/commit", demo, kBody, {{"Idempotency-Key", "shared"}})->status,
        201);
    // The same key from acme: refused for scope before any key is looked at.
    expectProblem(postJson(*server, "/v1/usage/commit", acmeToken(*server), kBody,
                           {{"Idempotency-Key", "shared"}}),
                  403, "AUTH_INSUFFICIENT_SCOPE");
}

} // namespace
} // namespace lr::sandbox::test
