// The history disk failing in the middle of a session: the call still shows in full, the
// status line says the history is not being saved, and once the disk works again new calls are
// stored again.

#include "integration/FaultTestSupport.hpp"

#include <csignal>
#include <sys/resource.h>

namespace lr::test {
namespace {

/// Makes every write past `bytes` in a regular file fail with EFBIG, as a full disk would,
/// for this process; restored on destruction.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        std::signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &m_saved);
        rlimit limit = m_saved;
        limit.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit() { setrlimit(RLIMIT_FSIZE, &m_saved); }

private:
    rlimit m_saved{};
};

TEST(FaultsHistoryDisk, FailingWritesAreReportedAndTheCallStillShows) {
    FaultConsole console;
    console.set("fault", "500");
    expectFramesKeptComing(console.sendAndRunFrames());
    EXPECT_EQ(console.reopenNewest(2).response.status, 500);
    const std::int64_t stored = console.state().history.total;

    {
        FileSizeLimit full(1); // nothing more fits
        expectFramesKeptComing(console.sendAndRunFrames());
        const Execution& execution = console.execution();
        EXPECT_EQ(execution.phase, ExecutionPhase::Done);
        EXPECT_EQ(execution.response.status, 500);
        ASSERT_TRUE(execution.problem) << "the call is shown in full";
        EXPECT_EQ(execution.problem->errorCode, "INTERNAL_ERROR");

        // The History window keeps the failure until a write succeeds; the status line shows
        // it as it arrives (the call's own line may come after it).
        EXPECT_TRUE(drainUntil(console.inbox, [&] {
            return !console.state().history.error.empty();
        })) << "the failure reaches the History window";
        EXPECT_NE(console.state().history.error.find("History not saved"), std::string::npos)
            << console.state().history.error;
        EXPECT_EQ(console.state().history.total, stored) << "earlier calls are untouched";
    }

    // The disk works again: the next call is stored.
    expectFramesKeptComing(console.sendAndRunFrames());
    EXPECT_TRUE(drainUntil(console.inbox, [&] { return console.state().history.total > stored; }));
    EXPECT_EQ(console.reopenNewest(stored + 1).response.status, 500);
}

} // namespace
} // namespace lr::test
