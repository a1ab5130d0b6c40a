// "Load all pages": the PageFollower against a small paging server (every page appended, an
// error on page k keeps the pages before it and names page k, cancel interrupts a silent
// server), the ListSession appending pages to the open table, and the LimitRail sandbox:
// walking GET /v1/runtime/usage page by page gives exactly the rows of /v1/usage/export.

#include "ListenThread.hpp"
#include "core/HttpWorker.hpp"
#include "core/ListSession.hpp"
#include "core/PageFollower.hpp"
#include "core/RequestBuilder.hpp"
#include "core/Token.hpp"
#include "core/UiInbox.hpp"
#include "sandbox/DemoClient.hpp"
#include "sandbox/Sandbox.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

namespace lr {
namespace {

using namespace std::chrono_literals;

/// Pages of `perPage` rows, `pages` of them, cursors "c1".."c<pages-1>". Page `failAt` (counted
/// from 0) answers 500; page `holdAt` never answers until the server stops.
class PagingServer {
public:
    PagingServer(int pages, int perPage, int failAt = -1, int holdAt = -1)
        : m_pages(pages), m_perPage(perPage), m_failAt(failAt), m_holdAt(holdAt) {
        m_server.Get("/items", [this](const httplib::Request& req, httplib::Response& res) {
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_seenAuthorization.insert(req.get_header_value("Authorization"));
                m_seenFilter.insert(req.get_param_value("filter"));
            }
            const std::string cursor = req.get_param_value("cursor");
            const int page = cursor.empty() ? 0 : std::stoi(cursor.substr(1));
            if (page == m_failAt) {
                res.status = 500;
                res.set_content("{\"title\":\"boom\"}", "application/json");
                return;
            }
            if (page == m_holdAt) {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_release.wait_for(lock, 20s, [this] { return m_stopping; });
                return;
            }
            std::string body = "{\"items\":[";
            for (int i = 0; i < m_perPage; ++i) {
                if (i)
                    body += ',';
                body += "{\"id\":" + std::to_string(page * m_perPage + i) +
                        ",\"page\":" + std::to_string(page) + "}";
            }
            body += "],\"nextCursor\":";
            body += page + 1 < m_pages ? "\"c" + std::to_string(page + 1) + "\"" : "null";
            body += "}";
            res.set_content(body, "application/json");
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = lr::test::listenOnThread(m_server);
    }
    ~PagingServer() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stopping = true;
        }
        m_release.notify_all();
        m_server.stop();
        m_thread.join();
    }
    HttpRequest request() const {
        HttpRequest r;
        r.url = "http://127.0.0.1:" + std::to_string(m_port) + "/items?filter=x&cursor=stale";
        r.headers.push_back({"Authorization", "Bearer page-token"});
        return r;
    }
    std::set<std::string> seenAuthorization() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_seenAuthorization;
    }
    std::set<std::string> seenFilter() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_seenFilter;
    }

private:
    int m_pages, m_perPage, m_failAt, m_holdAt;
    httplib::Server m_server;
    int m_port = 0;
    std::mutex m_mutex;
    std::condition_variable m_release;
    bool m_stopping = false;
    std::set<std::string> m_seenAuthorization;
    std::set<std::string> m_seenFilter;
    std::thread m_thread;
};

struct Walk {
    std::vector<PageFollower::Page> pages;
    PageFollower::Outcome outcome;
};

/// Runs a follower from cursor `start` to its end and collects what it handed over.
Walk follow(const HttpRequest& request, const std::string& start,
            std::function<void(PageFollower&)> whileRunning = {}) {
    Walk walk;
    std::mutex mutex;
    std::promise<void> done;
    {
        PageFollower follower(
            request, start, HttpLimits{},
            [&](PageFollower::Page&& page) {
                std::lock_guard<std::mutex> lock(mutex);
                walk.pages.push_back(std::move(page));
            },
            [&](PageFollower::Outcome&& outcome) {
                walk.outcome = std::move(outcome);
                done.set_value();
            });
        if (whileRunning)
            whileRunning(follower);
        EXPECT_EQ(done.get_future().wait_for(30s), std::future_status::ready);
    }
    return walk;
}

TEST(QueryParameter, ReplacesTheCursorAndKeepsTheOtherParameters) {
    EXPECT_EQ(withQueryParameter("http://h/x", "cursor", "a b"), "http://h/x?cursor=a%20b");
    EXPECT_EQ(withQueryParameter("http://h/x?from=1&cursor=old&to=2", "cursor", "n=1"),
              "http://h/x?from=1&to=2&cursor=n%3D1");
    EXPECT_EQ(withQueryParameter("http://h/x?cursorX=1", "cursor", "c"),
              "http://h/x?cursorX=1&cursor=c");
}

TEST(PageFollower, AppendsEveryPageUntilTheCursorEnds) {
    PagingServer server(6, 50);
    // The first page is the one already shown; the walk starts at its next cursor.
    const Walk walk = follow(server.request(), "c1");

    EXPECT_TRUE(walk.outcome.complete);
    EXPECT_TRUE(walk.outcome.error.empty()) << walk.outcome.error;
    ASSERT_EQ(walk.pages.size(), 5u);
    EXPECT_EQ(walk.outcome.rows, 250u);
    for (std::size_t i = 0; i < walk.pages.size(); ++i) {
        EXPECT_EQ(walk.pages[i].number, i + 1);
        ASSERT_EQ(walk.pages[i].segment->rowCount(), 50u);
        // Page i+1's first row is its own: the cursor moved on each time.
        EXPECT_EQ(walk.pages[i].segment->cell(0, 0).number, double((i + 1) * 50));
    }
    EXPECT_FALSE(walk.pages.back().nextCursor.has_value());
    // Every page carried the token and the other query parameters of the call.
    EXPECT_EQ(server.seenAuthorization(), std::set<std::string>{"Bearer page-token"});
    EXPECT_EQ(server.seenFilter(), std::set<std::string>{"x"});
}

TEST(PageFollower, AnErrorOnPageKKeepsTheEarlierPagesAndSaysWhere) {
    PagingServer server(10, 20, /*failAt=*/4);
    const Walk walk = follow(server.request(), "c1");

    EXPECT_FALSE(walk.outcome.complete);
    EXPECT_FALSE(walk.outcome.cancelled);
    // Server pages 1, 2, 3 arrived; server page 4 is the walk's 4th request.
    EXPECT_EQ(walk.pages.size(), 3u);
    EXPECT_EQ(walk.outcome.pages, 3u);
    EXPECT_EQ(walk.outcome.rows, 60u);
    EXPECT_NE(walk.outcome.error.find("page 4"), std::string::npos) << walk.outcome.error;
    EXPECT_NE(walk.outcome.error.find("500"), std::string::npos) << walk.outcome.error;
    ASSERT_TRUE(walk.pages.back().nextCursor.has_value());
    EXPECT_EQ(*walk.pages.back().nextCursor, "c4"); // where a second try resumes
}

TEST(PageFollower, CancelInterruptsAServerThatHasGoneSilent) {
    PagingServer server(10, 5, -1, /*holdAt=*/3);
    const auto started = std::chrono::steady_clock::now();
    const Walk walk = follow(server.request(), "c1", [](PageFollower& follower) {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (follower.pages() < 2 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::yield();
        follower.cancel();
    });
    EXPECT_TRUE(walk.outcome.cancelled);
    EXPECT_EQ(walk.pages.size(), 2u);
    // Well before the server's 20 s hold or the client's 30 s read timeout.
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

/// Drains the inbox until the session is idle.
void settle(UiInbox& inbox, const ListSession& session) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (session.busy() && std::chrono::steady_clock::now() < deadline)
        inbox.waitAndDrain(50ms);
    ASSERT_FALSE(session.busy());
}

SharedBody fetch(const HttpRequest& request) {
    HttpClientPool pool;
    CancelToken cancel;
    HttpResponse response = performRequest(pool, request, HttpLimits{}, cancel);
    EXPECT_EQ(response.status, 200) << response.errorMessage;
    return response.body;
}

TEST(ListSessionPages, LoadAllPagesAppendsToTheOpenTableAndAFailureKeepsWhatCame) {
    PagingServer server(8, 25, /*failAt=*/5);
    UiInbox inbox;
    ListSession session(inbox);
    HttpRequest first = server.request();
    first.url = withQueryParameter(first.url, "cursor", "");
    session.open(fetch(first), "GET /items", first);
    settle(inbox, session);
    ASSERT_EQ(session.table()->rowCount(), 25u);
    ASSERT_TRUE(session.canLoadAllPages());

    // Sorted descending by id while pages arrive: the view keeps up with the table.
    session.setSort({{0, false}});
    session.loadAllPages();
    settle(inbox, session);
    EXPECT_EQ(session.table()->rowCount(), 125u); // pages 0..4; page 5 failed
    EXPECT_EQ(session.view().rows.size(), 125u);
    EXPECT_EQ(session.table()->cell(session.view().rows[0], 0).number, 124.0);
    EXPECT_TRUE(session.pagesFailed());
    EXPECT_NE(session.pagesStatus().find("page 5"), std::string::npos) << session.pagesStatus();
    // The cursor of the last good page stays, so the user can try again from there.
    EXPECT_TRUE(session.canLoadAllPages());
}

TEST(ListSessionPages, WalkingRuntimeUsageGivesTheRowsOfTheExport) {
    sandbox::Options options;
    options.records = 30'000;
    options.logRequests = false;
    sandbox::Server sandbox(options);
    std::string error;
    ASSERT_TRUE(sandbox.start(error)) << error;

    // A token of the demo client, as the console gets one.
    const Environment environment{"Sandbox", sandbox.baseUrl(), sandbox.baseUrl(), true};
    const BuildResult tokenRequest =
        buildTokenRequest(environment, sandbox::kDemoClientId, Secret(sandbox::kDemoSecret),
                          {"limitrail.usage.read"});
    ASSERT_TRUE(tokenRequest.request);
    HttpClientPool pool;
    CancelToken cancel;
    const HttpResponse tokenAnswer =
        performRequest(pool, *tokenRequest.request, HttpLimits{}, cancel);
    const TokenParse token =
        parseTokenResponse(tokenAnswer.body->view(), std::chrono::steady_clock::now());
    ASSERT_TRUE(token.token) << token.error;

    // Twelve days of the thirty: several pages of 2 000.
    const std::string window = "from=2025-12-10T00%3A00%3A00Z&to=2025-12-22T00%3A00%3A00Z";
    HttpRequest page;
    page.url = sandbox.baseUrl() + "/v1/runtime/usage?" + window + "&limit=2000";
    page.headers.push_back({"Authorization", "Bearer " + token.token->accessToken});
    HttpRequest exportRequest = page;
    exportRequest.url = sandbox.baseUrl() + "/v1/usage/export?" + window;

    UiInbox inbox;
    ListSession exported(inbox);
    exported.open(fetch(exportRequest), "export");
    settle(inbox, exported);
    ASSERT_EQ(exported.phase(), ListPhase::Ready);
    const std::size_t expected = exported.table()->rowCount();
    ASSERT_GT(expected, 6'000u); // so the walk below takes several pages

    ListSession walked(inbox);
    walked.open(fetch(page), "GET /v1/runtime/usage", page);
    settle(inbox, walked);
    ASSERT_TRUE(walked.canLoadAllPages());
    walked.loadAllPages();
    settle(inbox, walked);
    EXPECT_FALSE(walked.pagesFailed()) << walked.pagesStatus();
    EXPECT_GT(walked.table()->segmentCount(), 3u);
    EXPECT_EQ(walked.table()->rowCount(), expected) << walked.pagesStatus();
    EXPECT_FALSE(walked.canLoadAllPages()); // nothing left to follow

    // The same records, not just as many: every id once.
    const int id = walked.table()->findColumn("id");
    ASSERT_GE(id, 0);
    std::set<std::string> ids;
    for (std::size_t r = 0; r < walked.table()->rowCount(); ++r)
        ids.insert(walked.table()->displayText(r, std::size_t(id)));
    EXPECT_EQ(ids.size(), expected);
}

} // namespace
} // namespace lr
