// Inputs the fuzzers (tests/fuzz) found, each kept as a regression test beside a note of what
// went wrong.

#include "core/Problem.hpp"
#include "core/Token.hpp"
#include "core/table/Ingest.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace lr {
namespace {

/// A kept fuzzer input from tests/data/fuzz/; empty when it cannot be read (the test then fails
/// on what it expects of the body).
std::shared_ptr<Body> readBody(const std::string& name) {
    std::ifstream in(std::string(LIMITRAIL_TEST_DATA) + "/fuzz/" + name, std::ios::binary);
    EXPECT_TRUE(in) << name;
    std::stringstream text;
    text << in.rdbuf();
    auto body = std::make_shared<Body>();
    body->append(text.str().data(), text.str().size());
    return body;
}

// fuzz_headers: a date far in the future overflowed the system clock's nanoseconds (UBSan:
// signed integer overflow in from_time_t). It is a long wait, which the console then caps.
TEST(FuzzRegressions, RetryAfterDateInYear6810IsALongWaitNotAnOverflow) {
    const auto now = std::chrono::system_clock::from_time_t(1'700'000'000);
    const auto wait = parseRetryAfter("Thu, 03 Dec 6810 17:1:10 GMT", now);
    ASSERT_TRUE(wait.has_value());
    EXPECT_GT(wait->count(), 4700LL * 365 * 24 * 3600);
    EXPECT_GT(*wait, kMaxRetryAfterWait);

    EXPECT_EQ(parseRetryAfter("Thu, 01 Jan 1970 00:00:00 GMT", now), std::chrono::seconds(0));
}

// fuzz_ingest: when stage 1 refused the body (bad UTF-8 inside a string), the error path asked
// the never-started document for its position and read through a null pointer.
TEST(FuzzRegressions, IngestOfABodyStageOneRefusesIsAnErrorValue) {
    const SharedBody body = readBody("ingest-stage1-failure.json");
    ASSERT_GT(body->size(), 0u);
    const TableIngest ingest = ingestTable(body);
    EXPECT_EQ(ingest.table, nullptr);
    EXPECT_FALSE(ingest.detail.error.message.empty());
    EXPECT_LE(ingest.detail.error.byteOffset, body->size());
}

// fuzz_ingest: objects inside a row were flattened into columns by recursion with no bound, as
// simdjson On-Demand checks no depth, and its input (objects 9 690 deep) overflowed the stack.
// Past kMaxFlattenedDepth an object is one cell holding its JSON text.
TEST(FuzzRegressions, ObjectsNestedInARowPastTheFlatteningDepthAreOneCell) {
    // The fuzzer's input ends mid-string, so it is an error value now, not a crash.
    const TableIngest found = ingestTable(readBody("ingest-nested-objects.json"));
    EXPECT_EQ(found.table, nullptr);
    EXPECT_FALSE(found.detail.error.message.empty());

    // The same shape 100 000 levels deep: several megabytes of stack for the old recursion.
    constexpr int kLevels = 100'000;
    std::string json = R"({"items":[{"id":7,"meta":)";
    for (int i = 0; i < kLevels; ++i)
        json += R"({"a":)";
    json += "0";
    json.append(kLevels, '}');
    json += "}]}";
    auto body = std::make_shared<Body>();
    body->append(json.data(), json.size());

    const TableIngest ingest = ingestTable(body);
    ASSERT_TRUE(ingest.table) << ingest.detail.error.message;
    const ColumnarTable& table = *ingest.table;
    ASSERT_EQ(table.rowCount(), 1u);
    ASSERT_EQ(table.columnCount(), 2u);
    EXPECT_EQ(table.cell(0, std::size_t(table.findColumn("id"))).number, 7.0);

    // "meta" and then one ".a" for each level flattened; the rest is the cell's JSON text.
    std::string path = "meta";
    for (std::size_t depth = 2; depth <= kMaxFlattenedDepth; ++depth)
        path += ".a";
    const int deep = table.findColumn(path);
    ASSERT_GE(deep, 0) << table.columnName(1);
    const CellValue cell = table.cell(0, std::size_t(deep));
    EXPECT_EQ(cell.kind, CellKind::RawJson);
    const std::size_t rest = std::size_t(kLevels) - (kMaxFlattenedDepth - 1);
    EXPECT_EQ(cell.text.size(), rest * std::string_view(R"({"a":)").size() + 1 + rest);
    EXPECT_EQ(cell.text.substr(0, 10), R"({"a":{"a":)");
}

// fuzz_token's invariant (an accepted token lives at least a second): expires_in 0.5 made a
// token that was expired on arrival, so every Send fetched another.
TEST(FuzzRegressions, TokenLifetimeUnderOneSecondIsRefused) {
    const auto now = std::chrono::steady_clock::now();
    const TokenParse half =
        parseTokenResponse(R"({"access_token":"a","token_type":"Bearer","expires_in":0.5})", now);
    EXPECT_FALSE(half.token.has_value());
    EXPECT_EQ(half.error, "expires_in is out of range");

    const TokenParse one =
        parseTokenResponse(R"({"access_token":"a","token_type":"Bearer","expires_in":1})", now);
    ASSERT_TRUE(one.token.has_value()) << one.error;
    EXPECT_EQ(one.token->expiresInSeconds, 1);
}

} // namespace
} // namespace lr
