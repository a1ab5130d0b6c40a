// Every /v1 endpoint's happy path, the error table's validation and not-found rows, limits that
// move with commits, and tenant isolation.

#include "test_sandbox_fixture.hpp"

namespace lr::sandbox::test {
namespace {

class SandboxEndpoints : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        Options options;
        options.records = 20'000;
        s_server = startSandbox(options).release();
        s_demo = new std::string(demoToken(*s_server));
        s_acme = new std::string(acmeToken(*s_server));
    }
    static void TearDownTestSuite() {
        delete s_server;
        delete s_demo;
        delete s_acme;
    }

    /// The id of the demo account with external reference crm-000001.
    static std::string firstAccountId() {
        auto res = get(*s_server, "/v1/accounts/by-external-ref/crm-000001", *s_demo);
        simdjson::dom::parser parser;
        return text(parse(parser, res->body), "id");
    }

    static Server* s_server;
    static std::string* s_demo;
    static std::string* s_acme;
};
Server* SandboxEndpoints::s_server = nullptr;
std::string* SandboxEndpoints::s_demo = nullptr;
std::string* SandboxEndpoints::s_acme = nullptr;

std::size_t itemCount(const std::string& body) {
    simdjson::dom::parser parser;
    simdjson::dom::array items;
    EXPECT_EQ(parse(parser, body)["items"].get(items), simdjson::SUCCESS) << body.substr(0, 200);
    return items.size();
}

TEST_F(SandboxEndpoints, MetersListsTheTwelveDemoMeters) {
    auto res = get(*s_server, "/v1/meters", *s_demo);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    EXPECT_EQ(itemCount(res->body), 12u);
    simdjson::dom::parser parser;
    auto first = parse(parser, res->body)["items"].at(0);
    EXPECT_EQ(text(first.value(), "key"), "api.calls");
    EXPECT_EQ(text(first.value(), "unit"), "request");
    EXPECT_EQ(itemCount(get(*s_server, "/v1/meters", *s_acme)->body), 4u);
}

TEST_F(SandboxEndpoints, AccountsPageWithCursorAndFilter) {
    std::size_t total = 0;
    std::string cursor;
    int pages = 0;
    do {
        std::string path = "/v1/accounts?limit=200";
        if (!cursor.empty())
            path += "&cursor=" + cursor;
        auto res = get(*s_server, path, *s_demo);
        ASSERT_EQ(res->status, 200) << res->body;
        total += itemCount(res->body);
        simdjson::dom::parser parser;
        auto next = parse(parser, res->body)["nextCursor"];
        cursor = next.is_null() ? "" : std::string(next.get_string().value());
        ++pages;
    } while (!cursor.empty());
    EXPECT_EQ(total, 500u);
    EXPECT_EQ(pages, 3);

    auto active = get(*s_server, "/v1/accounts?limit=1000&status=active", *s_demo);
    simdjson::dom::parser parser;
    for (auto account : parse(parser, active->body)["items"].get_array())
        EXPECT_EQ(text(account, "status"), "active");

    auto byRef = get(*s_server, "/v1/accounts?externalRef=crm-000042", *s_demo);
    EXPECT_EQ(itemCount(byRef->body), 1u);
    EXPECT_EQ(itemCount(get(*s_server, "/v1/accounts", *s_acme)->body), 50u);
}

TEST_F(SandboxEndpoints, OneAccountByIdAndByExternalRef) {
    const std::string id = firstAccountId();
    ASSERT_FALSE(id.empty());
    auto res = get(*s_server, "/v1/accounts/" + id, *s_demo);
    ASSERT_EQ(res->status, 200);
    simdjson::dom::parser parser;
    EXPECT_EQ(text(parse(parser, res->body), "externalRef"), "crm-000001");
}

TEST_F(SandboxEndpoints, LimitsCheckAndCommitMoveTogether) {
    const std::string id = firstAccountId();
    auto remainingOf = [&](const std::string& meter) {
        auto res = get(*s_server, "/v1/accounts/" + id + "/limits", *s_demo);
        EXPECT_EQ(res->status, 200) << res->body;
        simdjson::dom::parser parser;
        for (auto item : parse(parser, res->body)["items"].get_array()) {
            if (text(item, "meter") == meter) {
                EXPECT_FALSE(text(item, "period").empty());
                EXPECT_FALSE(text(item, "resetsAt").empty());
                return item["remaining"].get_double().value();
            }
        }
        ADD_FAILURE() << "no limit for " << meter;
        return -1.0;
    };
    const double before = remainingOf("email.sent");
    ASSERT_GT(before, 3);

    const std::string body = R"({"accountId":")" + id + R"(","meter":"email.sent","quantity":3})";
    auto check = postJson(*s_server, "/v1/usage/check", *s_demo, body);
    ASSERT_EQ(check->status, 200) << check->body;
    simdjson::dom::parser parser;
    auto decision = parse(parser, check->body);
    EXPECT_TRUE(decision["allowed"].get_bool().value());
    EXPECT_EQ(text(decision, "reason"), "within_limit");
    EXPECT_EQ(remainingOf("email.sent"), before); // a check books nothing

    auto commit = postJson(*s_server, "/v1/usage/commit", *s_demo, body,
                           {{"Idempotency-Key", "endpoints-commit-1"}});
    ASSERT_EQ(commit->status, 201) << commit->body;
    simdjson::dom::parser p2;
    auto booked = parse(p2, commit->body);
    EXPECT_EQ(booked["remaining"].get_double().value(), before - 3);
    EXPECT_EQ(remainingOf("email.sent"), before - 3);

    // More than what is left: a 409, a refused decision and a usage_rejected event.
    const std::string tooMuch = R"({"externalRef":"crm-000001","meter":"email.sent","quantity":)" +
                                std::to_string(static_cast<long long>(before) + 10) + "}";
    auto refusedCheck = postJson(*s_server, "/v1/usage/check", *s_demo, tooMuch);
    simdjson::dom::parser p3;
    EXPECT_FALSE(parse(p3, refusedCheck->body)["allowed"].get_bool().value());
    expectProblem(postJson(*s_server, "/v1/usage/commit", *s_demo, tooMuch,
                           {{"Idempotency-Key", "endpoints-too-much"}}),
                  409, "LIMIT_EXCEEDED", "Quantity");
    EXPECT_EQ(remainingOf("email.sent"), before - 3);

    // The decisions of this test are in the runtime list, newest last, filtered by account.
    auto decisions = get(*s_server,
                         "/v1/runtime/decisions?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z"
                         "&accountId=" +
                             id + "&meter=email.sent",
                         *s_demo);
    ASSERT_EQ(decisions->status, 200) << decisions->body;
    simdjson::dom::parser p4;
    auto list = parse(p4, decisions->body)["items"].get_array().value();
    ASSERT_GE(list.size(), 4u);
    EXPECT_FALSE(list.at(list.size() - 1)["allowed"].get_bool().value());
    EXPECT_EQ(text(list.at(list.size() - 1).value(), "kind"), "commit");

    auto events = get(*s_server,
                      "/v1/runtime/events?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z"
                      "&type=usage_rejected&accountId=" +
                          id,
                      *s_demo);
    ASSERT_EQ(events->status, 200) << events->body;
    EXPECT_GE(itemCount(events->body), 1u);
}

TEST_F(SandboxEndpoints, RuntimeListsAndSummaryAnswerInTheirWindow) {
    for (const char* path : {"/v1/runtime/usage", "/v1/runtime/decisions", "/v1/runtime/events"}) {
        auto res = get(*s_server, std::string(path) + "?" + kWholeWindow + "&limit=50", *s_demo);
        ASSERT_EQ(res->status, 200) << path << res->body;
        EXPECT_EQ(itemCount(res->body), 50u) << path;
    }
    auto summary = get(*s_server, std::string("/v1/usage/summary?") + kWholeWindow, *s_demo);
    ASSERT_EQ(summary->status, 200);
    simdjson::dom::parser parser;
    std::int64_t records = 0;
    for (auto item : parse(parser, summary->body)["items"].get_array())
        records += item["records"].get_int64().value();
    EXPECT_EQ(records, 20'000); // every generated record, once
    for (const char* groupBy : {"account", "day"}) {
        auto res =
            get(*s_server, std::string("/v1/usage/summary?") + kWholeWindow + "&groupBy=" + groupBy,
                *s_demo);
        ASSERT_EQ(res->status, 200);
        EXPECT_EQ(itemCount(res->body), std::string(groupBy) == "day" ? 30u : 500u);
    }
}

TEST_F(SandboxEndpoints, ValidationRowsOfTheErrorTable) {
    const std::string& t = *s_demo;
    expectProblem(get(*s_server, "/v1/runtime/usage?to=2026-01-01T00:00:00Z", t), 400,
                  "VALIDATION_REQUIRED", "From");
    expectProblem(get(*s_server, "/v1/runtime/usage?from=2025-12-20T00:00:00Z", t), 400,
                  "VALIDATION_REQUIRED", "To");
    expectProblem(get(*s_server, "/v1/usage/export?from=yesterday&to=2026-01-01T00:00:00Z", t), 400,
                  "VALIDATION_FORMAT", "From");
    expectProblem(
        get(*s_server, std::string("/v1/runtime/usage?") + kWholeWindow + "&limit=ten", t), 400,
        "VALIDATION_FORMAT", "Limit");
    expectProblem(get(*s_server,
                      std::string("/v1/runtime/usage?") + kWholeWindow + "&cursor=bm90LWEtY3Vyc29y",
                      t),
                  400, "VALIDATION_FORMAT", "Cursor");
    expectProblem(
        get(*s_server, "/v1/runtime/events?from=2026-01-01T00:00:00Z&to=2025-12-01T00:00:00Z", t),
        400, "VALIDATION_RANGE", "To");
    expectProblem(
        get(*s_server, "/v1/usage/summary?from=2025-11-01T00:00:00Z&to=2026-01-01T00:00:00Z", t),
        400, "VALIDATION_RANGE", "To");
    expectProblem(
        get(*s_server, std::string("/v1/runtime/decisions?") + kWholeWindow + "&limit=10001", t),
        400, "VALIDATION_RANGE", "Limit");
    expectProblem(get(*s_server, "/v1/accounts?limit=1001", t), 400, "VALIDATION_RANGE", "Limit");
    expectProblem(postJson(*s_server, "/v1/usage/check", t,
                           R"({"externalRef":"crm-000001","meter":"api.calls","quantity":0})"),
                  400, "VALIDATION_RANGE", "Quantity");
    expectProblem(postJson(*s_server, "/v1/usage/check", t,
                           R"({"externalRef":"crm-000001","meter":"api.calls","quantity":"x"})"),
                  400, "VALIDATION_FORMAT", "Quantity");
    expectProblem(
        postJson(*s_server, "/v1/usage/check", t, R"({"meter":"api.calls","quantity":1})"), 400,
        "VALIDATION_REQUIRED", "AccountId");
    expectProblem(postJson(*s_server, "/v1/usage/commit", t,
                           R"({"externalRef":"crm-000001","meter":"api.calls","quantity":1})"),
                  400, "VALIDATION_REQUIRED", "IdempotencyKey");
}

TEST_F(SandboxEndpoints, NotFoundRowsOfTheErrorTable) {
    expectProblem(get(*s_server, "/v1/accounts/acc_000000000000", *s_demo), 404,
                  "ACCOUNT_NOT_FOUND");
    expectProblem(get(*s_server, "/v1/accounts/by-external-ref/crm-999999", *s_demo), 404,
                  "ACCOUNT_NOT_FOUND");
    expectProblem(get(*s_server,
                      std::string("/v1/runtime/usage?") + kWholeWindow + "&meter=no.such.meter",
                      *s_demo),
                  404, "METER_NOT_FOUND", "Meter");
    expectProblem(postJson(*s_server, "/v1/usage/check", *s_demo,
                           R"({"externalRef":"crm-000001","meter":"nope","quantity":1})"),
                  404, "METER_NOT_FOUND", "Meter");
    expectProblem(get(*s_server, "/v1/no-such-route", *s_demo), 404, "NOT_FOUND");
}

TEST_F(SandboxEndpoints, AnAcmeTokenNeverSeesDemoData) {
    const std::string demoAccount = firstAccountId();
    expectProblem(get(*s_server, "/v1/accounts/" + demoAccount, *s_acme), 404, "ACCOUNT_NOT_FOUND");
    expectProblem(get(*s_server, "/v1/accounts/by-external-ref/crm-000001", *s_acme), 404,
                  "ACCOUNT_NOT_FOUND");
    expectProblem(
        get(*s_server,
            std::string("/v1/runtime/usage?") + kWholeWindow + "&accountId=" + demoAccount,
            *s_acme),
        404, "ACCOUNT_NOT_FOUND");
    expectProblem(postJson(*s_server, "/v1/usage/check", *s_acme,
                           R"({"externalRef":"crm-000001","meter":"api.calls","quantity":1})"),
                  404, "ACCOUNT_NOT_FOUND");

    // acme's own lists hold only acme rows.
    auto usage =
        get(*s_server, std::string("/v1/runtime/usage?") + kWholeWindow + "&limit=1000", *s_acme);
    ASSERT_EQ(usage->status, 200);
    simdjson::dom::parser parser;
    for (auto item : parse(parser, usage->body)["items"].get_array())
        EXPECT_EQ(text(item, "externalRef").rfind("acme-", 0), 0u);
}

} // namespace
} // namespace lr::sandbox::test
