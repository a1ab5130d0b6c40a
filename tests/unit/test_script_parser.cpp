// The script parser and runner: what a user writing a --script file relies on.

#include "core/Script.hpp"

#include <gtest/gtest.h>

namespace lr {
namespace {

TEST(ScriptTokenizer, SplitsWordsKeepsQuotedBlanksAndSkipsComments) {
    std::vector<ScriptLine> lines;
    std::string error;
    ASSERT_TRUE(tokenizeScript("wait-frames 3\n\n# a comment\nset scope \"a b\" # trailing\n"
                               "set note \"say \\\"hi\\\" \\\\ ok\"\n",
                               lines, error))
        << error;
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].number, 1);
    EXPECT_EQ(lines[0].verb, "wait-frames");
    EXPECT_EQ(lines[0].args, std::vector<std::string>{"3"});
    EXPECT_EQ(lines[1].number, 4);
    EXPECT_EQ(lines[1].args, (std::vector<std::string>{"scope", "a b"}));
    EXPECT_EQ(lines[2].number, 5);
    EXPECT_EQ(lines[2].args, (std::vector<std::string>{"note", "say \"hi\" \\ ok"}));
}

TEST(ScriptTokenizer, UnterminatedQuoteNamesTheLine) {
    std::vector<ScriptLine> lines;
    std::string error;
    EXPECT_FALSE(tokenizeScript("quit\nset x \"open\n", lines, error));
    EXPECT_EQ(error, "line 2: unterminated quote");
}

class ScriptRunnerTest : public ::testing::Test {
protected:
    void SetUp() override {
        runner.registerVerb(
            {"wait-frames", 1, 1, "wait-frames N",
             [](const std::vector<std::string>& args) { return expectInt(args, 0, 0, 1000); },
             [this](StepContext& step) {
                 trace.push_back("wait " + std::to_string(step.calls));
                 return step.calls >= std::stoll(step.args[0]) ? StepResult::Done
                                                               : StepResult::Pending;
             }});
        runner.registerVerb({"say", 1, -1, "say WORDS...", nullptr, [this](StepContext& step) {
                                 trace.push_back("say " + step.args[0]);
                                 return StepResult::Done;
                             }});
        runner.registerVerb({"fail", 0, 0, "fail", nullptr, [](StepContext& step) {
                                 step.error = "it broke";
                                 return StepResult::Failed;
                             }});
    }

    ScriptRunner runner;
    std::vector<std::string> trace;
};

TEST_F(ScriptRunnerTest, UnknownVerbStopsBeforeAnythingRuns) {
    std::string error;
    EXPECT_FALSE(runner.load("say hello\n\nscreenshoot a.png\n", error));
    EXPECT_EQ(error, "line 3: unknown verb 'screenshoot'");
    EXPECT_FALSE(runner.active());
    EXPECT_TRUE(trace.empty());
}

TEST_F(ScriptRunnerTest, BadArgumentsNameLineAndUsage) {
    std::string error;
    EXPECT_FALSE(runner.load("wait-frames soon\n", error));
    EXPECT_EQ(error, "line 1: 'soon' is not a whole number; usage: wait-frames N");

    EXPECT_FALSE(runner.load("say hi\nwait-frames\n", error));
    EXPECT_EQ(error, "line 2: 'wait-frames' takes 1 argument(s), got 0; usage: wait-frames N");

    EXPECT_FALSE(runner.load("wait-frames 5000\n", error));
    EXPECT_EQ(error, "line 1: '5000' is outside 0..1000; usage: wait-frames N");
}

TEST_F(ScriptRunnerTest, PendingStepsResumeOnLaterTicks) {
    std::string error;
    ASSERT_TRUE(runner.load("say a\nwait-frames 2\nsay b\n", error)) << error;

    runner.tick(0.0); // say a, then wait (call 0) is pending
    EXPECT_EQ(trace, (std::vector<std::string>{"say a", "wait 0"}));
    EXPECT_TRUE(runner.active());
    EXPECT_EQ(runner.currentLine(), 2);

    runner.tick(0.1); // wait call 1, still pending
    runner.tick(0.2); // wait call 2 is done, then say b, then the end
    EXPECT_EQ(trace, (std::vector<std::string>{"say a", "wait 0", "wait 1", "wait 2", "say b"}));
    EXPECT_TRUE(runner.finished());
    EXPECT_FALSE(runner.failed());
}

TEST_F(ScriptRunnerTest, FailedStepStopsWithLineAndReason) {
    std::string error;
    ASSERT_TRUE(runner.load("say a\nfail\nsay never\n", error)) << error;
    runner.tick(0.0);
    EXPECT_TRUE(runner.failed());
    EXPECT_EQ(runner.error(), "line 2: fail: it broke");
    EXPECT_EQ(trace, std::vector<std::string>{"say a"});
}

} // namespace
} // namespace lr
