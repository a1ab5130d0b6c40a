// The History window, headless: it draws only the visible rows of a long history, a filter
// edit asks for a new page, a double click reopens the row under the mouse, and nothing is
// cleared without the confirmation.

#include "core/History.hpp"
#include "ui/HeadlessContext.hpp"
#include "ui/HistoryWindow.hpp"
#include "ui/Theme.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <cstring>

namespace lr::ui {
namespace {

class HistoryWindowTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (int i = 0; i < 100'000; ++i) {
            HistorySummary row;
            row.id = 100'000 - i; // newest first
            row.timeUnixMs = 1'700'000'000'000 + row.id;
            row.environment = "Sandbox";
            row.method = "GET";
            row.pathTemplate = "/v1/accounts";
            row.status = i % 7 ? 200 : 404;
            row.durationMs = 12;
            model.rows.push_back(row);
        }
        model.ready = true;
        model.total = model.matching = 100'000;
        window.state().open = true;
    }
    ui::HeadlessContext m_imgui{ImVec2(1400, 900)};

    void frame(ImVec2 mouse = ImVec2(-1, -1), bool down = false) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = mouse;
        io.MouseDown[0] = down;
        ImGui::NewFrame();
        window.draw(model, sink, {ImVec2(0, 0), ImVec2(1200, 800)});
        ImGui::Render();
    }

    template <typename T>
    std::vector<T> taken() {
        std::vector<T> found;
        for (Command& command : sink.take())
            if (auto* c = std::get_if<T>(&command))
                found.push_back(*c);
        return found;
    }

    HistoryModel model;
    HistoryWindow window;
    CommandSink sink;
};

TEST_F(HistoryWindowTest, DrawsOnlyVisibleRowsOfAHundredThousand) {
    frame();
    frame();
    EXPECT_GT(window.lastDrawnRows(), 5);
    EXPECT_LT(window.lastDrawnRows(), 100);
    EXPECT_TRUE(taken<cmd::HistoryQuery>().empty()); // the filter matches what is shown
}

TEST_F(HistoryWindowTest, FilterEditAsksForANewPage) {
    frame();
    sink.take();
    std::strcpy(window.state().text, "acc_42");
    window.state().status = 4; // 5xx
    frame();
    const auto queries = taken<cmd::HistoryQuery>();
    ASSERT_EQ(queries.size(), 1u);
    EXPECT_EQ(queries[0].filter.text, "acc_42");
    EXPECT_EQ(queries[0].filter.status, StatusFilter::Server5xx);
}

TEST_F(HistoryWindowTest, DoubleClickReopensTheRowUnderTheMouse) {
    frame();
    frame();
    const Rect row = window.firstRowRect();
    ASSERT_GT(row.size.y, 0);
    const ImVec2 at(row.pos.x + 20, row.pos.y + row.size.y / 2);
    frame(at, false);
    frame(at, true);
    frame(at, false);
    frame(at, true);
    frame(at, false);
    const auto opens = taken<cmd::HistoryOpen>();
    ASSERT_FALSE(opens.empty());
    EXPECT_EQ(opens.back().id, 100'000); // the newest row is first
    EXPECT_EQ(window.state().selectedId, 100'000);
}

TEST_F(HistoryWindowTest, ClearNeedsTheConfirmation) {
    window.state().confirmClear = true; // what the Clear history button sets
    frame();
    frame();
    EXPECT_TRUE(taken<cmd::HistoryClear>().empty());
    ImGui::NewFrame();
    const bool popupOpen = ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
    ImGui::Render();
    EXPECT_TRUE(popupOpen);
}

TEST(HistoryFormat, DurationsAndSizesReadLikeTheResponseWindow) {
    EXPECT_EQ(formatDuration(12.4), "12 ms");
    EXPECT_EQ(formatDuration(1240), "1.24 s");
    EXPECT_EQ(formatDuration(125000), "2 min 5 s");
    EXPECT_EQ(formatBytes(532), "532 B");
    EXPECT_EQ(formatBytes(3 << 20), "3.0 MiB");
}

} // namespace
} // namespace lr::ui
