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
    std::ifstream in(std::string(LIMITRAIL_TEST_DATA) + "/fuzz/ingest-stage1-failure.json",
                     std::ios::binary);
    ASSERT_TRUE(in);
    std::stringstream text;
    text << in.rdbuf();
    auto body = std::make_shared<Body>();
    body->append(text.str().data(), text.str().size());

    const TableIngest ingest = ingestTable(body);
    EXPECT_EQ(ingest.table, nullptr);
    EXPECT_FALSE(ingest.detail.error.message.empty());
    EXPECT_LE(ingest.detail.error.byteOffset, body->size());
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
