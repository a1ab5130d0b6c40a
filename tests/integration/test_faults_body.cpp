// Hostile bodies and broken connections, end to end through a real Controller against the
// sandbox's /__faults/ routes: the Response window says what went wrong, the frame loop kept
// drawing while the call was in flight, and the history holds the call with its error.

#include "ClosedPort.hpp"
#include "core/Json.hpp"
#include "integration/FaultTestSupport.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lr::test {
namespace {

TEST(FaultsBody, TruncatedBodyIsAnIncompleteBodyError) {
    FaultConsole console;
    console.set("fault", "truncated");
    console.set("declared", "1000");
    console.set("sent", "400");
    const Frames frames = console.sendAndRunFrames();

    expectFramesKeptComing(frames);
    const Execution& execution = console.execution();
    EXPECT_EQ(execution.phase, ExecutionPhase::Failed);
    EXPECT_EQ(execution.response.error, TransportError::Read);
    EXPECT_NE(execution.response.errorMessage.find("400 of 1000 body bytes"), std::string::npos)
        << execution.response.errorMessage;
    EXPECT_EQ(console.state().statusLine, execution.response.errorMessage);

    // Token fetch + the call: the call is the newest entry, with its error.
    const Execution stored = console.reopenNewest(2);
    EXPECT_EQ(stored.endpointKey, std::string("GET ") + kFaultEndpointPath);
    EXPECT_NE(stored.response.errorMessage.find("the body is incomplete"), std::string::npos);
}

/// A 200 whose body is not JSON: the call succeeded, and the body is text with a warning.
void expectShownAsTextNotJson(const Execution& execution) {
    EXPECT_EQ(execution.phase, ExecutionPhase::Done);
    EXPECT_EQ(execution.response.status, 200);
    EXPECT_FALSE(execution.bodyIsJson);
    EXPECT_TRUE(hasNote(execution, "The body is not valid JSON")) << allNotes(execution);
}

TEST(FaultsBody, InvalidJsonIsShownAsTextWithTheParseError) {
    FaultConsole console;
    console.set("fault", "invalid-json");
    expectFramesKeptComing(console.sendAndRunFrames());

    const Execution& execution = console.execution();
    expectShownAsTextNotJson(execution);
    ASSERT_TRUE(execution.pretty);
    EXPECT_GT(execution.pretty->lineCount(), 0u) << "the raw text stays viewable";

    const Execution stored = console.reopenNewest(2);
    EXPECT_EQ(stored.response.status, 200);
    ASSERT_TRUE(stored.response.body);
    EXPECT_NE(stored.response.body->view().find("\"broken\","), std::string_view::npos);
}

TEST(FaultsBody, AnEmptyBodyDeclaredAsJsonSaysItIsNotJson) {
    OwnServer server([](httplib::Server& http) {
        http.Get(R"(/__faults/.*)", [](const httplib::Request&, httplib::Response& res) {
            res.status = 200;
            res.set_content("", "application/json");
        });
    });
    FaultConsole console(server.url());
    console.set("fault", "empty");
    expectFramesKeptComing(console.sendAndRunFrames());

    const Execution& execution = console.execution();
    expectShownAsTextNotJson(execution);
    EXPECT_EQ(console.reopenNewest(2).response.status, 200);
}

TEST(FaultsBody, InvalidUtf8IsNamedWithItsOffset) {
    FaultConsole console;
    console.set("fault", "invalid-utf8");
    expectFramesKeptComing(console.sendAndRunFrames());

    const Execution& execution = console.execution();
    EXPECT_EQ(execution.phase, ExecutionPhase::Done);
    EXPECT_FALSE(execution.bodyIsJson);
    EXPECT_TRUE(hasNote(execution, "not valid UTF-8 (first bad byte at offset 23)"))
        << allNotes(execution);
    ASSERT_TRUE(execution.pretty);
    for (std::size_t i = 0; i < execution.pretty->lineCount(); ++i)
        EXPECT_TRUE(isValidUtf8(execution.pretty->line(i))) << "line " << i;

    const Execution stored = console.reopenNewest(2);
    EXPECT_EQ(stored.response.status, 200);
}

TEST(FaultsBody, NestingFiveThousandDeepIsRefusedAsJsonNotCrashed) {
    FaultConsole console;
    console.set("fault", "deep");
    console.set("depth", "5000");
    expectFramesKeptComing(console.sendAndRunFrames());

    const Execution& execution = console.execution();
    EXPECT_EQ(execution.phase, ExecutionPhase::Done);
    EXPECT_FALSE(execution.bodyIsJson) << "the tree view must not recurse 5 000 levels";
    EXPECT_TRUE(hasNote(execution, "deeper than 1024 levels")) << allNotes(execution);
    ASSERT_TRUE(execution.pretty);
    EXPECT_GT(execution.pretty->lineCount(), 0u);

    const Execution stored = console.reopenNewest(2);
    EXPECT_EQ(stored.response.status, 200);
}

TEST(FaultsBody, TenMegabyteStringArrivesWithoutStallingFrames) {
    FaultConsole console;
    console.set("fault", "huge-string");
    console.set("bytes", std::to_string(10 * 1024 * 1024));
    expectFramesKeptComing(console.sendAndRunFrames());

    const Execution& execution = console.execution();
    EXPECT_EQ(execution.phase, ExecutionPhase::Done);
    EXPECT_TRUE(execution.bodyIsJson) << allNotes(execution);
    ASSERT_TRUE(execution.response.body);
    EXPECT_EQ(execution.response.body->size(), 10u * 1024 * 1024 + 12);

    // The history keeps the first MiB and the whole size.
    const Execution stored = console.reopenNewest(2);
    EXPECT_TRUE(hasNote(stored, "of 10485772 bytes")) << allNotes(stored);
}

TEST(FaultsBody, BodyOverTheCapStopsByContentLengthAndByEndlessChunks) {
    FaultConsole console;
    console.controller.limits().bodyCap = 1 << 20;

    console.set("fault", "huge-string");
    console.set("bytes", std::to_string(4 << 20));
    expectFramesKeptComing(console.sendAndRunFrames());
    EXPECT_EQ(console.execution().phase, ExecutionPhase::Failed);
    EXPECT_EQ(console.execution().response.error, TransportError::BodyTooLarge);
    EXPECT_NE(console.state().statusLine.find("body cap of 1048576 bytes"), std::string::npos)
        << console.state().statusLine;
    EXPECT_NE(console.reopenNewest(2).response.errorMessage.find("body cap"), std::string::npos);

    // No Content-Length: chunks that never end, stopped by the same cap.
    console.set("bytes", "");
    console.set("fault", "endless");
    console.set("intervalMs", "0");
    console.set("maxSeconds", "20");
    const auto started = std::chrono::steady_clock::now();
    expectFramesKeptComing(console.sendAndRunFrames());
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
    EXPECT_EQ(console.execution().response.error, TransportError::BodyTooLarge);
    ASSERT_TRUE(console.execution().response.body);
    EXPECT_LE(console.execution().response.body->size(), std::size_t(1) << 20);
    EXPECT_NE(console.reopenNewest(3).response.errorMessage.find("body cap"), std::string::npos);
}

TEST(FaultsBody, SlowDripStopsAtTheDeadlineWhileFramesContinue) {
    FaultConsole console;
    console.controller.limits().deadlineMs = 800;
    console.set("fault", "drip");
    console.set("intervalMs", "100");
    console.set("bytes", "200");
    const Frames frames = console.sendAndRunFrames();

    expectFramesKeptComing(frames);
    EXPECT_GE(frames.count, 20) << "the UI loop kept turning while the body dripped";
    EXPECT_EQ(console.execution().phase, ExecutionPhase::Failed);
    EXPECT_EQ(console.execution().response.error, TransportError::DeadlineExceeded);
    EXPECT_NE(console.state().statusLine.find("deadline of 800 ms"), std::string::npos)
        << console.state().statusLine;
    EXPECT_NE(console.reopenNewest(2).response.errorMessage.find("deadline"), std::string::npos);
}

TEST(FaultsBody, ResetMidBodyKeepsWhatArrivedAndSaysSo) {
    FaultConsole console;
    console.set("fault", "reset");
    console.set("after", "1000");
    console.set("pauseMs", "50");
    expectFramesKeptComing(console.sendAndRunFrames());

    const Execution& execution = console.execution();
    EXPECT_EQ(execution.phase, ExecutionPhase::Failed);
    EXPECT_EQ(execution.response.error, TransportError::Read) << execution.response.errorMessage;
    EXPECT_NE(execution.response.errorMessage.find("of 2000 body bytes"), std::string::npos)
        << execution.response.errorMessage;
    EXPECT_EQ(execution.response.status, 200) << "the status line that did arrive is kept";
    EXPECT_NE(console.reopenNewest(2).response.errorMessage.find("incomplete"), std::string::npos);
}

TEST(FaultsBody, ConnectionRefusedNamesTheHost) {
    // A port that was free a moment ago: bound, then closed.
    const int port = test::closedLoopbackPort();
    ASSERT_GT(port, 0);
    // The token comes from the sandbox; the API host refuses.
    FaultConsole console("http://127.0.0.1:" + std::to_string(port));
    console.set("fault", "500");
    expectFramesKeptComing(console.sendAndRunFrames());

    const Execution& execution = console.execution();
    EXPECT_EQ(execution.phase, ExecutionPhase::Failed);
    EXPECT_EQ(execution.response.error, TransportError::Connect);
    EXPECT_EQ(console.state().statusLine, "Could not connect to 127.0.0.1:" + std::to_string(port) +
                                              " (refused or unreachable).");
    const Execution stored = console.reopenNewest(2);
    EXPECT_EQ(stored.phase, ExecutionPhase::Failed);
    EXPECT_NE(stored.response.errorMessage.find("Could not connect"), std::string::npos);
}

} // namespace
} // namespace lr::test
