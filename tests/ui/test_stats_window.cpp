// The Stats window, headless: the endpoint table, the selected endpoint's histogram and
// timeline, a click on a timeline mark opening that call, Start pushing the run, the
// confirmation a remote host needs, and statistics that survive switching endpoints.

#include "ListenThread.hpp"
#include "core/UiInbox.hpp"
#include "core/stats/StatsController.hpp"
#include "ui/HeadlessContext.hpp"
#include "ui/StatsWindow.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

namespace {

using namespace lr;
using namespace lr::stats;

const EndpointKey kAccounts{"Sandbox", "GET", "/v1/accounts"};
const EndpointKey kMeters{"Sandbox", "GET", "/v1/meters"};
const EndpointKey kStagingAccounts{"Staging", "GET", "/v1/accounts"};

class StatsWindowTest : public ::testing::Test {
protected:
    ui::HeadlessContext m_imgui;

    void frame(StatsController& stats, ui::StatsWindow& window) {
        ImGui::NewFrame();
        window.draw(stats, m_sink, {ImVec2(0, 0), ImVec2(1200, 950)});
        ImGui::Render();
    }

    static void record(StatsController& stats, const EndpointKey& key, int calls, int status,
                       double firstSecond) {
        for (int i = 0; i < calls; ++i) {
            HttpResponse response;
            response.jobId = ++s_nextId;
            response.status = status;
            response.timings.durationMs = 0.5 + (i % 50) * 0.1;
            response.timings.firstByteMs = response.timings.durationMs * 0.8;
            response.timings.downloadMs = response.timings.durationMs * 0.2;
            stats.recordCall(key, response, firstSecond + i * 0.002);
        }
    }

    StatsHooks hooks() {
        StatsHooks h;
        h.currentKey = [this]() -> std::optional<EndpointKey> { return m_current; };
        h.currentRequest = [this](std::string&) -> std::optional<RepeatTarget> {
            RepeatTarget target;
            target.key = m_current;
            target.request.url = m_url;
            return target;
        };
        return h;
    }

    UiInbox m_inbox;
    CommandSink m_sink;
    EndpointKey m_current = kAccounts;
    std::string m_url = "http://127.0.0.1:1/v1/accounts";
    static inline std::uint64_t s_nextId = 0;
};

TEST_F(StatsWindowTest, ShowsEveryEndpointAndTheCurrentOnesHistogramAndTimeline) {
    StatsController stats(m_inbox, hooks());
    record(stats, kAccounts, 500, 200, 100.0);
    record(stats, kMeters, 20, 200, 101.0);
    record(stats, kStagingAccounts, 5, 503, 102.0);
    ui::StatsWindow window;
    window.state().open = true; // as the top bar's Stats button does

    frame(stats, window);
    frame(stats, window);

    EXPECT_EQ(window.drawn().rows, 3u);
    ASSERT_TRUE(window.drawn().shownKey);
    EXPECT_EQ(*window.drawn().shownKey, kAccounts);
    EXPECT_FLOAT_EQ(window.drawn().histogramTotal, 500.0f);
    EXPECT_EQ(window.drawn().timelineMarks, 500u);
}

TEST_F(StatsWindowTest, ClickOnATimelineMarkOpensThatCall) {
    StatsController stats(m_inbox, hooks());
    record(stats, kAccounts, 200, 200, 10.0);
    ui::StatsWindow window;
    window.state().open = true; // as the top bar's Stats button does
    frame(stats, window);
    const ImVec2 mark = window.drawn().lastMarkPos;
    const std::uint64_t id = window.drawn().lastMarkId;
    ASSERT_NE(id, 0u);

    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = mark;
    frame(stats, window); // hover
    EXPECT_EQ(window.drawn().hoveredCall, id);
    io.MouseDown[0] = true;
    frame(stats, window); // press
    io.MouseDown[0] = false;
    frame(stats, window);

    bool opened = false;
    for (const Command& command : m_sink.take())
        if (const auto* open = std::get_if<cmd::OpenCall>(&command))
            opened = open->callId == id;
    EXPECT_TRUE(opened);
}

TEST_F(StatsWindowTest, StartPushesTheRunAndARemoteHostAsksForConfirmationFirst) {
    m_url = "https://api.limitrail.com/v1/accounts";
    m_current = {"Production", "GET", "/v1/accounts"};
    StatsController stats(m_inbox, hooks());
    ui::StatsWindow window;
    window.state().open = true; // as the top bar's Stats button does
    window.state().total = 5000;
    window.state().concurrency = 8;
    window.state().rateCapOn = true;
    window.state().rateCap = 250;
    frame(stats, window);

    // Click Start.
    const ui::Rect start = window.drawn().startButton;
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(start.pos.x + start.size.x / 2, start.pos.y + start.size.y / 2);
    frame(stats, window);
    io.MouseDown[0] = true;
    frame(stats, window);
    io.MouseDown[0] = false;
    frame(stats, window);

    std::vector<Command> commands = m_sink.take();
    ASSERT_EQ(commands.size(), 1u);
    const auto* run = std::get_if<cmd::StartRepeat>(&commands[0]);
    ASSERT_NE(run, nullptr);
    EXPECT_EQ(run->total, 5000);
    EXPECT_EQ(run->concurrency, 8);
    EXPECT_DOUBLE_EQ(run->rateCap, 250.0);
    EXPECT_FALSE(run->remoteConfirmed);

    // Applied, it does not start: it waits for the user, who sees N, C and the rate.
    EXPECT_TRUE(stats.apply(commands[0]));
    EXPECT_EQ(stats.runner().progress().state, RunState::Idle);
    ASSERT_TRUE(stats.pendingConfirmation());
    frame(stats, window);
    frame(stats, window);
    EXPECT_TRUE(window.drawn().confirmationShown);
    const std::string& text = window.drawn().confirmationText;
    EXPECT_NE(text.find("api.limitrail.com"), std::string::npos) << text;
    EXPECT_NE(text.find("N = 5000"), std::string::npos) << text;
    EXPECT_NE(text.find("C = 8"), std::string::npos) << text;
    EXPECT_NE(text.find("250 req/s"), std::string::npos) << text;

    // Declining drops it.
    stats.apply(cmd::DismissRepeatConfirmation{});
    frame(stats, window);
    frame(stats, window);
    EXPECT_FALSE(window.drawn().confirmationShown);
    EXPECT_EQ(stats.runner().progress().state, RunState::Idle);
}

TEST_F(StatsWindowTest, StatsSurviveSwitchingEndpointsAndEnvironments) {
    StatsController stats(m_inbox, hooks());
    record(stats, kAccounts, 300, 200, 1.0);
    ui::StatsWindow window;
    window.state().open = true; // as the top bar's Stats button does
    frame(stats, window);
    EXPECT_EQ(*window.drawn().shownKey, kAccounts);

    // Switch endpoint, then environment, calling each; the table keeps every row.
    m_current = kMeters;
    record(stats, kMeters, 10, 200, 5.0);
    frame(stats, window);
    EXPECT_EQ(*window.drawn().shownKey, kMeters);
    m_current = kStagingAccounts;
    record(stats, kStagingAccounts, 7, 200, 6.0);
    frame(stats, window);
    EXPECT_EQ(*window.drawn().shownKey, kStagingAccounts);
    EXPECT_EQ(window.drawn().timelineMarks, 7u);

    m_current = kAccounts;
    frame(stats, window);
    EXPECT_EQ(window.drawn().rows, 3u);
    EXPECT_EQ(window.drawn().timelineMarks, 300u);
    EXPECT_EQ(stats.book().find(kAccounts)->count(), 300u);
}

} // namespace

namespace lr::stats {
namespace {

/// Where `name` is in the order windows are drawn: the larger, the nearer the front.
int depthOf(const char* name) {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    for (int i = 0; i < g.Windows.Size; ++i)
        if (std::strcmp(g.Windows[i]->Name, name) == 0)
            return i;
    return -1;
}

TEST(StatsWindowVisibility, ClosedUntilAskedForThenInFrontOfTheListBrowserSharingItsPlace) {
    ui::HeadlessContext imgui;
    UiInbox inbox;
    CommandSink sink;
    StatsController stats(inbox, StatsHooks{});
    ui::StatsWindow window;
    EXPECT_FALSE(window.state().open) << "the Stats window must not cover the Response window";

    // A list answer has opened the List browser where the Stats window goes.
    const ui::Rect place{ImVec2(100, 100), ImVec2(900, 700)};
    auto frame = [&] {
        ImGui::NewFrame();
        window.draw(stats, sink, place);
        ui::placeNextWindow(place);
        ImGui::Begin("List browser");
        ImGui::End();
        ImGui::Render();
    };
    frame();
    frame();
    EXPECT_EQ(depthOf("Stats"), -1);

    window.state().open = true; // as the top bar's Stats button does
    frame();
    frame();
    ASSERT_GE(depthOf("Stats"), 0);
    EXPECT_GT(depthOf("Stats"), depthOf("List browser"));
}

/// A loopback server that holds every call until released (or until it goes away), so a run
/// stays busy for exactly as long as the test needs.
class HeldServer {
public:
    HeldServer() {
        m_server.Get("/v1/accounts", [this](const httplib::Request&, httplib::Response& res) {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_released.wait(lock, [this] { return m_open; });
            res.set_content(R"({"items": [], "nextCursor": null})", "application/json");
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = lr::test::listenOnThread(m_server);
    }
    ~HeldServer() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_open = true;
        }
        m_released.notify_all();
        m_server.stop();
        m_thread.join();
    }
    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(m_port) + "/v1/accounts";
    }

private:
    httplib::Server m_server;
    std::mutex m_mutex;
    std::condition_variable m_released;
    bool m_open = false;
    int m_port = 0;
    std::thread m_thread;
};

TEST(StatsWindowVisibility, ARunStartingBringsTheOpenWindowInFrontOfTheListBrowser) {
    ui::HeadlessContext imgui;
    UiInbox inbox;
    CommandSink sink;
    std::string url;
    StatsHooks hooks;
    hooks.currentKey = [] { return std::optional<EndpointKey>(kAccounts); };
    hooks.currentRequest = [&url](std::string&) -> std::optional<RepeatTarget> {
        RepeatTarget target;
        target.key = kAccounts;
        target.request.url = url;
        return target;
    };
    StatsController stats(inbox, hooks);
    HeldServer server; // after the controller: it lets its held call go before the run joins
    url = server.url();

    // The Stats window is open; then a list answer opens the List browser over it.
    ui::StatsWindow window;
    window.state().open = true;
    const ui::Rect place{ImVec2(100, 100), ImVec2(900, 700)};
    bool listShown = false;
    auto frame = [&] {
        ImGui::NewFrame();
        window.draw(stats, sink, place);
        if (listShown) {
            ui::placeNextWindow(place);
            ImGui::Begin("List browser");
            ImGui::End();
        }
        ImGui::Render();
    };
    frame();
    listShown = true;
    frame();
    frame();
    ASSERT_LT(depthOf("Stats"), depthOf("List browser"));

    // A run starts (a script's repeat, or Start clicked in the part still showing).
    ASSERT_TRUE(stats.apply(cmd::StartRepeat{1, 1, 0, false}));
    ASSERT_TRUE(stats.runner().busy()) << stats.message();
    frame();
    frame();
    EXPECT_GT(depthOf("Stats"), depthOf("List browser"));
}

} // namespace
} // namespace lr::stats
