// Walking every page of /v1/runtime/usage gives exactly the records of /v1/usage/export for
// the same window, and the export is what generateExportBody promises the benchmark.

#include "sandbox/Generator.hpp"
#include "test_sandbox_fixture.hpp"

#include <vector>

namespace lr::sandbox::test {
namespace {

constexpr std::size_t kRecords = 30'000;

/// The raw JSON text of each item, so pages and export compare byte for byte.
std::vector<std::string> itemsOf(const std::string& body, std::string* nextCursor = nullptr) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc = parse(parser, body);
    std::vector<std::string> out;
    for (auto item : doc["items"].get_array())
        out.push_back(simdjson::minify(item));
    if (nextCursor) {
        auto next = doc["nextCursor"];
        *nextCursor = next.is_null() ? "" : std::string(next.get_string().value());
    }
    return out;
}

std::vector<std::string> walkPages(const Server& server, const std::string& bearer,
                                   const std::string& query, int& pages) {
    std::vector<std::string> all;
    std::string cursor;
    pages = 0;
    do {
        std::string path = "/v1/runtime/usage?" + query + "&limit=1000";
        if (!cursor.empty())
            path += "&cursor=" + cursor;
        auto res = get(server, path, bearer);
        EXPECT_TRUE(res && res->status == 200) << (res ? res->body.substr(0, 300) : "no answer");
        if (!res || res->status != 200)
            break;
        auto page = itemsOf(res->body, &cursor);
        all.insert(all.end(), page.begin(), page.end());
        ++pages;
    } while (!cursor.empty() && pages < 1000);
    return all;
}

TEST(SandboxPaging, EveryPageOfRuntimeUsageEqualsTheExportOfTheSameWindow) {
    Options options;
    options.records = kRecords;
    auto server = startSandbox(options);
    const std::string bearer = demoToken(*server);

    // A window cut inside the data, with a committed record inside it too.
    const std::string commit = R"({"externalRef":"crm-000007","meter":"api.calls","quantity":2,)"
                               R"("occurredAt":"2025-12-11T12:00:00Z"})";
    ASSERT_EQ(
        postJson(*server, "/v1/usage/commit", bearer, commit, {{"Idempotency-Key", "paging-1"}})
            ->status,
        201);
    const std::string window = "from=2025-12-10T06:00:00Z&to=2025-12-20T18:30:00Z";

    int pages = 0;
    const auto paged = walkPages(*server, bearer, window, pages);
    auto exported = get(*server, "/v1/usage/export?" + window, bearer);
    ASSERT_TRUE(exported);
    ASSERT_EQ(exported->status, 200);
    EXPECT_EQ(exported->get_header_value("Transfer-Encoding"), "chunked");
    std::string exportCursor = "unset";
    const auto all = itemsOf(exported->body, &exportCursor);
    EXPECT_EQ(exportCursor, "");

    // 10.5 days of 30 hold about 35% of the records; the exact count comes from the export.
    EXPECT_GT(all.size(), kRecords / 4);
    EXPECT_EQ(pages, static_cast<int>((all.size() + 999) / 1000));
    ASSERT_EQ(paged.size(), all.size());
    EXPECT_EQ(paged, all);
    int committed = 0;
    for (const auto& item : all)
        committed += item.find("\"idempotencyKey\":\"paging-1\"") != std::string::npos;
    EXPECT_EQ(committed, 1);
}

TEST(SandboxPaging, FiltersApplyAlikeToPagesAndExport) {
    Options options;
    options.records = kRecords;
    auto server = startSandbox(options);
    const std::string bearer = demoToken(*server);
    const std::string query = std::string(kWholeWindow) + "&meter=ai.tokens";
    int pages = 0;
    const auto paged = walkPages(*server, bearer, query, pages);
    const auto all = itemsOf(get(*server, "/v1/usage/export?" + query, bearer)->body);
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(paged, all);
    for (const auto& item : all)
        EXPECT_NE(item.find("\"meter\":\"ai.tokens\""), std::string::npos);
}

TEST(SandboxPaging, GenerateExportBodyIsTheExportOfAFreshSandbox) {
    Options options;
    options.records = 12'345;
    options.seed = 7;
    auto server = startSandbox(options);
    auto exported =
        get(*server, std::string("/v1/usage/export?") + kWholeWindow, demoToken(*server));
    ASSERT_TRUE(exported);
    ASSERT_EQ(exported->status, 200);
    const std::string generated = generateExportBody(7, 12'345);
    EXPECT_EQ(generated.size(), exported->body.size());
    EXPECT_TRUE(generated == exported->body);
    EXPECT_EQ(itemsOf(generated).size(), 12'345u);

    // About 365 bytes a record, with escapes and non-ASCII text among them.
    const double perRecord = static_cast<double>(generated.size()) / 12'345;
    EXPECT_GT(perRecord, 330);
    EXPECT_LT(perRecord, 400);
    EXPECT_NE(generated.find("\\\"urgent\\\""), std::string::npos);
    EXPECT_NE(generated.find("façade"), std::string::npos);
    EXPECT_NE(generated.find("\\n"), std::string::npos);
}

TEST(SandboxPaging, TheSameSeedGivesTheSameDataAndAnotherSeedDoesNot) {
    const std::string a = generateExportBody(1, 500);
    EXPECT_EQ(a, generateExportBody(1, 500));
    EXPECT_NE(a, generateExportBody(2, 500));
}

} // namespace
} // namespace lr::sandbox::test
