// The history database: calls survive a restart, filters and retention work, a corrupt file
// is moved aside, a failed write loses nothing earlier, two consoles share one file.

#include "core/History.hpp"
#include "core/HistoryStore.hpp"
#include "core/Redact.hpp"
#include "unit/HistoryTestSupport.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace lr {
namespace {

HistoryEntry sampleEntry(int i, int status = 200, std::string path = "/v1/accounts") {
    HistoryEntry e;
    e.timeUnixMs = 1'700'000'000'000 + i;
    e.environment = "Sandbox";
    e.method = "GET";
    e.pathTemplate = std::move(path);
    e.url = "http://127.0.0.1:9/v1/accounts?limit=" + std::to_string(i);
    e.requestJson = "{\"method\": \"GET\", \"n\": " + std::to_string(i) + "}";
    e.status = status;
    e.timings.durationMs = 10.0 + i;
    e.responseHeaders = {{"Content-Type", "application/json"}, {"X-Call", std::to_string(i)}};
    e.body = "{\"items\": [], \"call\": " + std::to_string(i) + "}";
    e.bodySize = e.body.size();
    return e;
}

struct Notices {
    std::vector<HistoryNotice> all;
    [[nodiscard]] int count(HistoryNotice::Kind kind) const {
        int n = 0;
        for (const auto& notice : all)
            n += notice.kind == kind;
        return n;
    }
};

HistoryStoreOptions optionsFor(const test::TempXdg& xdg, Notices& notices) {
    HistoryStoreOptions options;
    options.directory = xdg.data / "limitrail-console";
    options.onNotice = [&notices](const HistoryNotice& n) { notices.all.push_back(n); };
    return options;
}

HistoryPage queryNow(UiInbox& inbox, HistoryStore& store, HistoryFilter filter = {}) {
    std::optional<HistoryPage> page;
    store.query(std::move(filter), [&page](HistoryPage&& p) { page = std::move(p); });
    EXPECT_TRUE(test::drainUntil(inbox, [&] { return page.has_value(); }));
    return page ? std::move(*page) : HistoryPage{};
}

std::optional<HistoryEntry> newestNow(UiInbox& inbox, HistoryStore& store, std::int64_t n) {
    bool done = false;
    std::optional<HistoryEntry> result;
    store.getNewest(n, [&](std::optional<HistoryEntry>&& e, const std::string&) {
        result = std::move(e);
        done = true;
    });
    EXPECT_TRUE(test::drainUntil(inbox, [&] { return done; }));
    return result;
}

TEST(HistoryStore, CallsSurviveARestartNewestFirstWithEveryField) {
    test::TempXdg xdg;
    UiInbox inbox;
    Notices notices;
    {
        HistoryStore store(inbox, optionsFor(xdg, notices));
        for (int i = 1; i <= 3; ++i)
            store.insert(sampleEntry(i, i == 2 ? 404 : 200));
        EXPECT_EQ(queryNow(inbox, store).total, 3);
    }

    HistoryStore reopened(inbox, optionsFor(xdg, notices));
    const HistoryPage page = queryNow(inbox, reopened);
    ASSERT_EQ(page.rows.size(), 3u);
    EXPECT_EQ(page.rows[0].timeUnixMs, 1'700'000'000'003);
    EXPECT_EQ(page.rows[1].status, 404);
    EXPECT_EQ(page.rows[2].timeUnixMs, 1'700'000'000'001);
    EXPECT_DOUBLE_EQ(page.rows[0].durationMs, 13.0);

    const std::optional<HistoryEntry> newest = newestNow(inbox, reopened, 1);
    ASSERT_TRUE(newest);
    const HistoryEntry expected = sampleEntry(3);
    EXPECT_EQ(newest->url, expected.url);
    EXPECT_EQ(newest->requestJson, expected.requestJson);
    EXPECT_EQ(newest->body, expected.body);
    ASSERT_EQ(newest->responseHeaders.size(), 2u);
    EXPECT_EQ(newest->responseHeaders[1].name, "X-Call");
    EXPECT_EQ(newest->responseHeaders[1].value, "3");
    EXPECT_FALSE(newestNow(inbox, reopened, 4)); // only three stored
    EXPECT_EQ(notices.count(HistoryNotice::Kind::Error), 0);
}

TEST(HistoryStore, FiltersByEndpointStatusAndText) {
    test::TempXdg xdg;
    UiInbox inbox;
    Notices notices;
    HistoryStore store(inbox, optionsFor(xdg, notices));
    store.insert(sampleEntry(1, 200, "/v1/accounts"));
    store.insert(sampleEntry(2, 404, "/v1/accounts/{accountId}"));
    store.insert(sampleEntry(3, 503, "/v1/meters"));
    HistoryEntry failed = sampleEntry(4, 0, "/v1/meters");
    failed.error = "connection refused by 50%_host";
    store.insert(failed);

    HistoryFilter byEndpoint;
    byEndpoint.endpoint = "GET /v1/meters";
    EXPECT_EQ(queryNow(inbox, store, byEndpoint).matching, 2);

    HistoryFilter clientErrors;
    clientErrors.status = StatusFilter::Client4xx;
    const HistoryPage page4xx = queryNow(inbox, store, clientErrors);
    ASSERT_EQ(page4xx.rows.size(), 1u);
    EXPECT_EQ(page4xx.rows[0].pathTemplate, "/v1/accounts/{accountId}");

    HistoryFilter exact;
    exact.status = StatusFilter::Exact;
    exact.exactStatus = 503;
    EXPECT_EQ(queryNow(inbox, store, exact).matching, 1);

    HistoryFilter noAnswer;
    noAnswer.status = StatusFilter::Failed;
    const HistoryPage failedPage = queryNow(inbox, store, noAnswer);
    ASSERT_EQ(failedPage.rows.size(), 1u);
    EXPECT_TRUE(failedPage.rows[0].failed);

    // Text searches url, request, error and body; % and _ are literal, not wildcards.
    HistoryFilter text;
    text.text = "50%_host";
    EXPECT_EQ(queryNow(inbox, store, text).matching, 1);
    text.text = "\"call\": 2";
    EXPECT_EQ(queryNow(inbox, store, text).matching, 1);
    text.text = "limit=";
    EXPECT_EQ(queryNow(inbox, store, text).matching, 4);

    HistoryFilter limited;
    limited.limit = 2;
    const HistoryPage firstTwo = queryNow(inbox, store, limited);
    EXPECT_EQ(firstTwo.rows.size(), 2u);
    EXPECT_EQ(firstTwo.matching, 4);
    EXPECT_EQ(firstTwo.endpoints.size(), 3u);
}

TEST(HistoryStore, RetentionDropsTheOldestByCountAndBySize) {
    test::TempXdg xdg;
    UiInbox inbox;
    Notices notices;
    HistoryStoreOptions options = optionsFor(xdg, notices);
    options.retention.maxEntries = 5;
    HistoryStore store(inbox, options);
    for (int i = 1; i <= 8; ++i)
        store.insert(sampleEntry(i));
    HistoryPage page = queryNow(inbox, store);
    ASSERT_EQ(page.total, 5);
    EXPECT_EQ(page.rows.back().timeUnixMs, 1'700'000'000'004); // 1..3 dropped

    // 100 KiB bodies under a 1 MiB budget: at most ten fit.
    HistoryRetention bySize;
    bySize.maxEntries = 1000;
    bySize.maxBytes = 1 << 20;
    store.setRetention(bySize);
    for (int i = 10; i < 30; ++i) {
        HistoryEntry big = sampleEntry(i);
        big.body.assign(100 * 1024, 'x');
        big.bodySize = big.body.size();
        store.insert(big);
    }
    page = queryNow(inbox, store);
    EXPECT_LE(page.totalBytes, 1 << 20);
    EXPECT_GE(page.total, 9);
    EXPECT_LE(page.total, 10);
    EXPECT_EQ(page.rows.front().timeUnixMs, 1'700'000'000'029);
}

TEST(HistoryStore, ClearRemovesEveryCall) {
    test::TempXdg xdg;
    UiInbox inbox;
    Notices notices;
    HistoryStore store(inbox, optionsFor(xdg, notices));
    for (int i = 1; i <= 4; ++i)
        store.insert(sampleEntry(i));
    bool cleared = false;
    std::string error = "not called";
    store.clear([&](const std::string& e) {
        error = e;
        cleared = true;
    });
    ASSERT_TRUE(test::drainUntil(inbox, [&] { return cleared; }));
    EXPECT_EQ(error, "");
    const HistoryPage page = queryNow(inbox, store);
    EXPECT_EQ(page.total, 0);
    EXPECT_TRUE(page.rows.empty());
}

TEST(HistoryStore, CorruptDatabaseIsMovedAsideAndANewOneStarted) {
    test::TempXdg xdg;
    const auto dir = xdg.data / "limitrail-console";
    std::filesystem::create_directories(dir);
    {
        std::ofstream garbage(dir / "history.db", std::ios::binary);
        garbage << std::string(8192, '\x5a') << "this is not a SQLite database";
    }

    UiInbox inbox;
    Notices notices;
    HistoryStore store(inbox, optionsFor(xdg, notices));
    store.insert(sampleEntry(1));
    const HistoryPage page = queryNow(inbox, store);
    EXPECT_EQ(page.error, "");
    EXPECT_EQ(page.total, 1);

    ASSERT_EQ(notices.count(HistoryNotice::Kind::Recovered), 1);
    bool asideFound = false;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        asideFound |= entry.path().filename().string().rfind("history.db.corrupt-", 0) == 0;
    EXPECT_TRUE(asideFound);
    for (const auto& notice : notices.all)
        if (notice.kind == HistoryNotice::Kind::Recovered) {
            EXPECT_NE(notice.message.find("moved to"), std::string::npos) << notice.message;
        }
}

TEST(HistoryStore, FailedWriteIsReportedAndLosesNoEarlierEntry) {
    test::TempXdg xdg;
    UiInbox inbox;
    Notices notices;
    HistoryStoreOptions options = optionsFor(xdg, notices);
    options.maxPageCount = 64; // 64 pages of 4 KiB: SQLite itself answers "database is full"
    {
        HistoryStore store(inbox, options);
        for (int i = 1; i <= 3; ++i)
            store.insert(sampleEntry(i));
        HistoryEntry huge = sampleEntry(4);
        huge.body.assign(1 << 20, 'y');
        huge.bodySize = huge.body.size();
        store.insert(huge);
        store.insert(sampleEntry(5)); // still fits: the store keeps working after the failure

        const HistoryPage page = queryNow(inbox, store);
        EXPECT_EQ(page.total, 4);
        ASSERT_GE(notices.count(HistoryNotice::Kind::Error), 1);
        bool mentionsFull = false;
        for (const auto& notice : notices.all)
            mentionsFull |= notice.kind == HistoryNotice::Kind::Error &&
                            notice.message.find("full") != std::string::npos;
        EXPECT_TRUE(mentionsFull);
    }

    // After a restart every entry written before and after the failure is still there.
    options.maxPageCount = 0;
    HistoryStore reopened(inbox, options);
    const HistoryPage page = queryNow(inbox, reopened);
    ASSERT_EQ(page.rows.size(), 4u);
    EXPECT_EQ(page.rows[0].timeUnixMs, 1'700'000'000'005);
    EXPECT_EQ(page.rows[1].timeUnixMs, 1'700'000'000'003);
}

TEST(HistoryStore, UnopenableDirectoryIsAnErrorNotACrash) {
    test::TempXdg xdg;
    UiInbox inbox;
    Notices notices;
    HistoryStoreOptions options = optionsFor(xdg, notices);
    // A regular file where the directory should be: nobody, not even root, can create in it.
    std::filesystem::create_directories(xdg.data);
    std::ofstream(xdg.data / "blocker") << "file";
    options.directory = xdg.data / "blocker" / "limitrail-console";
    HistoryStore store(inbox, options);
    store.insert(sampleEntry(1));
    const HistoryPage page = queryNow(inbox, store);
    EXPECT_NE(page.error, "");
    EXPECT_GE(notices.count(HistoryNotice::Kind::Error), 1);
}

TEST(HistoryStore, TwoConsolesWriteTheSameFileAtOnce) {
    test::TempXdg xdg;
    UiInbox inbox;
    Notices notices;
    {
        HistoryStore first(inbox, optionsFor(xdg, notices));
        HistoryStore second(inbox, optionsFor(xdg, notices));
        std::thread a([&] {
            for (int i = 0; i < 100; ++i)
                first.insert(sampleEntry(i));
        });
        std::thread b([&] {
            for (int i = 100; i < 200; ++i)
                second.insert(sampleEntry(i));
        });
        a.join();
        b.join();
    }
    HistoryStore reopened(inbox, optionsFor(xdg, notices));
    EXPECT_EQ(queryNow(inbox, reopened).total, 200);
    EXPECT_EQ(notices.count(HistoryNotice::Kind::Error), 0);
    EXPECT_EQ(notices.count(HistoryNotice::Kind::Recovered), 0);
}

TEST(History, ModelFollowsInsertsAndReopenHandsBackTheEntry) {
    test::TempXdg xdg;
    UiInbox inbox;
    HistoryModel model;
    HistoryStoreOptions options;
    options.directory = xdg.data / "limitrail-console";
    History history(inbox, model, options);
    std::vector<std::string> status;
    history.setOnStatus([&](const std::string& line) { status.push_back(line); });
    std::optional<HistoryEntry> reopened;
    history.setOnReopen([&](HistoryEntry&& e) { reopened = std::move(e); });

    for (int i = 1; i <= 3; ++i)
        history.record(sampleEntry(i, 200 + i));
    ASSERT_TRUE(test::drainUntil(inbox, [&] { return model.total == 3 && !model.querying; }));
    ASSERT_EQ(model.rows.size(), 3u);

    EXPECT_TRUE(history.apply(cmd::HistoryOpen{0, 2}));
    ASSERT_TRUE(test::drainUntil(inbox, [&] { return reopened.has_value(); }));
    EXPECT_EQ(reopened->status, 202);
    EXPECT_EQ(model.openedId, reopened->id);

    EXPECT_FALSE(history.apply(cmd::CheckHealth{}));
}

} // namespace
} // namespace lr
