// 429 answers: Retry-After as seconds, as an HTTP date, too long, and as garbage. Each holds
// Send for a capped wait with a countdown, refuses Send until then without a request going
// out, and never retries by itself.

#include "integration/FaultTestSupport.hpp"

namespace lr::test {
namespace {

/// A console whose UI clock the test moves, so a countdown can be checked without waiting.
struct ClockedConsole {
    explicit ClockedConsole(std::string apiBase = faultSandbox().baseUrl())
        : console(std::move(apiBase), faultSandbox().baseUrl(), [this] { return clock; }) {}
    double clock = 1000.0;
    FaultConsole console;
};

/// Sends once, expects the 429 on screen with a hold of about `expectedWait` seconds, then
/// checks that Send is refused until the clock passes it and works again afterwards.
void expectHeldSend(ClockedConsole& clocked, const std::function<int()>& requestsSoFar,
                    double expectedWait, const std::string& note) {
    FaultConsole& console = clocked.console;
    expectFramesKeptComing(console.sendAndRunFrames());
    const Execution& execution = console.execution();
    EXPECT_EQ(execution.phase, ExecutionPhase::Done);
    EXPECT_EQ(execution.response.status, 429);
    ASSERT_TRUE(execution.problem);
    EXPECT_EQ(execution.problem->errorCode, "RATE_LIMITED");
    EXPECT_TRUE(hasNote(execution, note)) << allNotes(execution);

    // The countdown: shown, and counting down with the clock.
    const double held = console.controller.sendHeldSeconds();
    EXPECT_NEAR(held, expectedWait, 1.0);
    EXPECT_NE(console.state().statusLine.find("Rate limited (429): Send again in"),
              std::string::npos)
        << console.state().statusLine;
    EXPECT_TRUE(console.controller.animating()) << "frames keep coming to draw the countdown";
    clocked.clock += 1.0;
    EXPECT_NEAR(console.controller.sendHeldSeconds(), held - 1.0, 1e-6);

    // No retry storm: nothing went out by itself, and Send is refused while held.
    const int before = requestsSoFar();
    for (int i = 0; i < 5; ++i) {
        console.controller.apply(cmd::Send{});
        EXPECT_FALSE(console.controller.busy());
    }
    console.runFrames(1s);
    EXPECT_EQ(requestsSoFar(), before);
    EXPECT_EQ(console.controller.sendsSettled(), console.controller.sendAttempts());
    EXPECT_NE(console.state().statusLine.find("nothing was sent"), std::string::npos)
        << console.state().statusLine;

    // The wait over, one Send is one request.
    clocked.clock += held;
    EXPECT_EQ(console.controller.sendHeldSeconds(), 0.0);
    EXPECT_FALSE(console.controller.animating());
    expectFramesKeptComing(console.sendAndRunFrames());
    EXPECT_EQ(requestsSoFar(), before + 1);
}

int sandboxRequests() {
    return int(faultSandbox().requestCount());
}

TEST(FaultsRateLimit, RetryAfterSecondsHoldsSendThatLong) {
    ClockedConsole clocked;
    clocked.console.set("fault", "429-seconds");
    clocked.console.set("after", "7");
    expectHeldSend(clocked, sandboxRequests, 7.0, "429: Retry-After 7: Send is held for 7 s.");
    EXPECT_EQ(clocked.console.reopenNewest(3).response.status, 429);
}

TEST(FaultsRateLimit, RetryAfterDateHoldsSendUntilThen) {
    ClockedConsole clocked;
    clocked.console.set("fault", "429-date");
    clocked.console.set("after", "9");
    expectHeldSend(clocked, sandboxRequests, 9.0, "429: Retry-After ");
    EXPECT_EQ(clocked.console.reopenNewest(3).response.status, 429);
}

TEST(FaultsRateLimit, LongRetryAfterIsCappedAndSaysSo) {
    ClockedConsole clocked;
    clocked.console.set("fault", "429-seconds");
    clocked.console.set("after", "3600");
    expectHeldSend(clocked, sandboxRequests, double(kMaxRetryAfterWait.count()),
                   "Retry-After asks for 3600 s; Send is held for the console's maximum of 120 s.");
}

TEST(FaultsRateLimit, GarbageRetryAfterIsShownAsSuch) {
    OwnServer server([](httplib::Server& http) {
        http.Get(R"(/__faults/.*)", [](const httplib::Request&, httplib::Response& res) {
            res.status = 429;
            res.set_header("Retry-After", "soon-ish, maybe");
            res.set_content(R"({"title":"Too many","status":429,"errorCode":"RATE_LIMITED"})",
                            "application/problem+json");
        });
    });
    ClockedConsole clocked(server.url());
    clocked.console.set("fault", "garbage");
    expectHeldSend(
        clocked, [&server] { return server.requests(); }, 5.0,
        "Retry-After \"soon-ish, maybe\" is neither seconds nor an HTTP date; Send is held for 5 "
        "s.");
    EXPECT_EQ(server.requests(), 2);
    EXPECT_EQ(clocked.console.reopenNewest(3).response.status, 429);
}

} // namespace
} // namespace lr::test
