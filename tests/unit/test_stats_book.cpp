// StatsBook: per environment + method + path template, counts by status, phase averages, the
// bounded timeline ring, reset, CSV, and statistics that survive switching endpoints and
// environments.

#include "core/stats/StatsBook.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace {

using namespace lr::stats;

CallSample call(std::uint64_t id, int status, double ms,
                lr::TransportError error = lr::TransportError::None) {
    CallSample s;
    s.callId = id;
    s.sentAtSeconds = double(id);
    s.status = status;
    s.error = error;
    s.timings.queuedMs = 1;
    s.timings.connectMs = id % 2 ? -1.0 : 4.0; // reused connections have no connect phase
    s.timings.firstByteMs = ms * 0.75;
    s.timings.downloadMs = ms * 0.25;
    s.timings.parseMs = 0.5;
    s.timings.durationMs = ms;
    return s;
}

const EndpointKey kSandboxAccounts{"Sandbox", "GET", "/v1/accounts"};
const EndpointKey kStagingAccounts{"Staging", "GET", "/v1/accounts"};
const EndpointKey kSandboxMeters{"Sandbox", "GET", "/v1/meters"};

TEST(StatsBook, CountsSuccessesAndErrorsByStatus) {
    StatsBook book;
    book.record(kSandboxAccounts, call(1, 200, 10));
    book.record(kSandboxAccounts, call(2, 200, 20));
    book.record(kSandboxAccounts, call(3, 404, 5));
    book.record(kSandboxAccounts, call(4, 429, 6));
    book.record(kSandboxAccounts, call(5, 429, 7));
    book.record(kSandboxAccounts, call(6, 0, 0, lr::TransportError::Connect));

    const EndpointStats* stats = book.find(kSandboxAccounts);
    ASSERT_NE(stats, nullptr);
    EXPECT_EQ(stats->count(), 6u);
    EXPECT_EQ(stats->successes(), 2u);
    EXPECT_EQ(stats->errors(), 4u);
    const std::map<int, std::uint64_t> expected{{0, 1}, {404, 1}, {429, 2}};
    EXPECT_EQ(stats->errorsByStatus(), expected);
    // The transport failure has no duration; the five answers do.
    EXPECT_EQ(stats->durations().count(), 5u);
    EXPECT_DOUBLE_EQ(stats->durations().minMs(), 5.0);
    EXPECT_DOUBLE_EQ(stats->durations().maxMs(), 20.0);
}

TEST(StatsBook, PhaseAveragesSkipUnmeasuredPhases) {
    StatsBook book;
    for (std::uint64_t id = 1; id <= 4; ++id)
        book.record(kSandboxAccounts, call(id, 200, 8));
    const PhaseAverages phases = book.find(kSandboxAccounts)->phaseAverages();
    EXPECT_DOUBLE_EQ(phases.connectMs, 4.0); // two of four connected; the others reused
    EXPECT_DOUBLE_EQ(phases.firstByteMs, 6.0);
    EXPECT_DOUBLE_EQ(phases.downloadMs, 2.0);
    EXPECT_DOUBLE_EQ(phases.queuedMs, 1.0);
    EXPECT_DOUBLE_EQ(phases.parseMs, 0.5);
}

TEST(StatsBook, StatsSurviveSwitchingEndpointsAndEnvironments) {
    StatsBook book;
    for (std::uint64_t id = 1; id <= 50; ++id)
        book.record(kSandboxAccounts, call(id, 200, 3));
    // The user switches to another endpoint, then to Staging, and calls there.
    for (std::uint64_t id = 51; id <= 60; ++id)
        book.record(kSandboxMeters, call(id, 200, 1));
    for (std::uint64_t id = 61; id <= 63; ++id)
        book.record(kStagingAccounts, call(id, 503, 90));

    ASSERT_EQ(book.endpoints().size(), 3u);
    EXPECT_EQ(book.find(kSandboxAccounts)->count(), 50u);
    EXPECT_DOUBLE_EQ(book.find(kSandboxAccounts)->durations().maxMs(), 3.0);
    EXPECT_EQ(book.find(kSandboxMeters)->count(), 10u);
    EXPECT_EQ(book.find(kStagingAccounts)->count(), 3u);
    EXPECT_EQ(book.find(kStagingAccounts)->successes(), 0u);

    // Back on the first one, calls add to what was there.
    book.record(kSandboxAccounts, call(64, 200, 30));
    EXPECT_EQ(book.find(kSandboxAccounts)->count(), 51u);
    EXPECT_DOUBLE_EQ(book.find(kSandboxAccounts)->durations().maxMs(), 30.0);
}

TEST(StatsBook, TimelineRingKeepsTheNewestCallsInOrder) {
    StatsBook book;
    const std::size_t total = EndpointStats::kRecentCapacity + 100;
    for (std::uint64_t id = 1; id <= total; ++id)
        book.record(kSandboxAccounts, call(id, 200, 2));
    const std::vector<CallMark> marks = book.find(kSandboxAccounts)->recent();
    ASSERT_EQ(marks.size(), EndpointStats::kRecentCapacity);
    EXPECT_EQ(marks.front().callId, 101u);
    EXPECT_EQ(marks.back().callId, total);
    for (std::size_t i = 1; i < marks.size(); ++i)
        ASSERT_LT(marks[i - 1].callId, marks[i].callId);
    EXPECT_EQ(book.find(kSandboxAccounts)->count(), total); // counts keep everything
}

TEST(StatsBook, ResetOneOrAll) {
    StatsBook book;
    book.record(kSandboxAccounts, call(1, 200, 2));
    book.record(kSandboxMeters, call(2, 200, 2));
    book.reset(kSandboxAccounts);
    EXPECT_EQ(book.find(kSandboxAccounts), nullptr);
    EXPECT_NE(book.find(kSandboxMeters), nullptr);
    book.reset();
    EXPECT_TRUE(book.endpoints().empty());
}

TEST(StatsBook, RetainsOnlyTheNewestResponses) {
    StatsBook book;
    for (std::uint64_t id = 1; id <= StatsBook::kRetainedResponses + 10; ++id) {
        auto response = std::make_shared<lr::HttpResponse>();
        response->jobId = id;
        const auto evicted = book.retain(response, id);
        // The oldest comes back once the ring is full, for the caller to free where it likes.
        if (id <= StatsBook::kRetainedResponses) {
            EXPECT_EQ(evicted, nullptr);
        } else {
            ASSERT_NE(evicted, nullptr) << id;
            EXPECT_EQ(evicted->jobId, id - StatsBook::kRetainedResponses);
        }
    }
    EXPECT_EQ(book.retained(5), nullptr);
    ASSERT_NE(book.retained(StatsBook::kRetainedResponses + 10), nullptr);
    EXPECT_EQ(book.retained(11)->response->jobId, 11u);
}

TEST(StatsBook, KeepsACallWithoutABodyTooBigToKeep) {
    StatsBook book;
    auto small = std::make_shared<lr::HttpResponse>();
    small->status = 200;
    small->body = std::make_shared<const lr::Body>(std::string(StatsBook::kRetainedBodyBytes, 'x'));
    book.retain(small, 1);
    ASSERT_NE(book.retained(1), nullptr);
    EXPECT_EQ(book.retained(1)->response, small) << "a body at the limit is kept, not copied";
    EXPECT_EQ(book.retained(1)->bodyBytesNotKept, 0u);

    auto big = std::make_shared<lr::HttpResponse>();
    big->status = 200;
    big->headers.push_back({"Content-Type", "application/json"});
    big->body =
        std::make_shared<const lr::Body>(std::string(StatsBook::kRetainedBodyBytes + 1, 'x'));
    const std::weak_ptr<const lr::Body> bigBody = big->body;
    book.retain(big, 2);
    const RetainedCall* kept = book.retained(2);
    ASSERT_NE(kept, nullptr);
    EXPECT_EQ(kept->response->status, 200);
    EXPECT_EQ(kept->response->headers.size(), 1u);
    EXPECT_EQ(kept->response->body, nullptr);
    EXPECT_EQ(kept->bodyBytesNotKept, StatsBook::kRetainedBodyBytes + 1);
    // The caller's pointer was the last owner of the big body: it is freed where the caller
    // drops it, not kept by the book.
    big.reset();
    EXPECT_TRUE(bigBody.expired());
}

TEST(StatsBook, CsvHasOneLinePerEndpointWithQuotedFields) {
    StatsBook book;
    book.record(kSandboxAccounts, call(1, 200, 10));
    book.record(kSandboxAccounts, call(2, 404, 30));
    book.record({"My, \"custom\"", "POST", "/v1/usage/check"}, call(3, 200, 4));

    const std::string csv = book.toCsv();
    std::istringstream in(csv);
    std::string header, first, second, extra;
    std::getline(in, header);
    std::getline(in, first);
    std::getline(in, second);
    EXPECT_FALSE(std::getline(in, extra) && !extra.empty());
    EXPECT_EQ(
        header.rfind("environment,method,path,count,successes,errors,min_ms,mean_ms,p50_ms", 0),
        0u);
    EXPECT_EQ(first.rfind("\"My, \"\"custom\"\"\",POST,/v1/usage/check,1,1,0,4.000,", 0), 0u)
        << first;
    EXPECT_EQ(second.rfind("Sandbox,GET,/v1/accounts,2,1,1,10.000,20.000,", 0), 0u) << second;
    EXPECT_NE(second.find(",404=1"), std::string::npos) << second;
}

TEST(StatsBook, ClassifiesStatusForTheTimelineColours) {
    EXPECT_EQ(classify(200, lr::TransportError::None), StatusClass::Success);
    EXPECT_EQ(classify(304, lr::TransportError::None), StatusClass::Redirect);
    EXPECT_EQ(classify(429, lr::TransportError::None), StatusClass::ClientError);
    EXPECT_EQ(classify(503, lr::TransportError::None), StatusClass::ServerError);
    EXPECT_EQ(classify(0, lr::TransportError::Timeout), StatusClass::Transport);
}

} // namespace
