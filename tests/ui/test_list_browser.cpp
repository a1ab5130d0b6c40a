// The list browser drawn headless with a real table: the row count it states, and that it
// submits only the rows that fit on screen.

#include "core/ListSession.hpp"
#include "sandbox/Generator.hpp"
#include "ui/ListBrowser.hpp"

#include <gtest/gtest.h>
#include <imgui.h>

#include <chrono>

namespace lr::ui {
namespace {

class ListBrowserTest : public ::testing::Test {
protected:
    void SetUp() override {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1200, 800);
        io.IniFilename = nullptr;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    void TearDown() override { ImGui::DestroyContext(); }

    void frame() {
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        browser.draw(session, sink);
        ImGui::Render();
    }
    void settle() {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (session.busy() && std::chrono::steady_clock::now() < deadline)
            inbox.waitAndDrain(std::chrono::milliseconds(50));
        ASSERT_FALSE(session.busy());
    }

    UiInbox inbox;
    ListSession session{inbox};
    ListBrowser browser;
    CommandSink sink;
};

TEST_F(ListBrowserTest, RowCountTextUsesThousandsSeparators) {
    EXPECT_EQ(ListBrowser::rowCountText(12345, 1000000), "12,345 of 1,000,000 rows");
    EXPECT_EQ(ListBrowser::rowCountText(0, 7), "0 of 7 rows");
}

TEST_F(ListBrowserTest, DrawsOnlyTheVisibleRowsOfALargeList) {
    session.open(std::make_shared<const Body>(sandbox::generateExportBody(9, 100000)), "test");
    settle();
    for (int i = 0; i < 3; ++i)
        frame();
    EXPECT_GT(browser.state().rowsSubmitted, 5);
    EXPECT_LT(browser.state().rowsSubmitted, 80); // 800 px of rows, not 100,000

    // The toolbar states the count from the view and the table.
    EXPECT_EQ(ListBrowser::rowCountText(session.view().rows.size(), session.table()->rowCount()),
              "100,000 of 100,000 rows");
}

TEST_F(ListBrowserTest, FilterAndHeaderSortBecomeCommandsThatChangeTheView) {
    session.open(std::make_shared<const Body>(R"([{"k":"b"},{"k":"a"},{"k":"c"}])"), "test");
    settle();
    frame();
    sink.take();

    sink.push(cmd::ListFilter{"k:a"});
    sink.push(cmd::ListSort{{{0, true}}});
    for (const Command& c : sink.take())
        EXPECT_TRUE(session.apply(c));
    settle();
    ASSERT_EQ(session.view().rows.size(), 1u);
    EXPECT_EQ(session.view().rows[0], 1u);

    session.setFilter("");
    settle();
    EXPECT_EQ(session.view().rows, (std::vector<std::uint32_t>{1, 0, 2}));
    frame();
    EXPECT_EQ(browser.state().rowsSubmitted, 3);
}

TEST_F(ListBrowserTest, ABrokenBodyShowsItsErrorInsteadOfATable) {
    session.open(std::make_shared<const Body>(R"({"items":[{"a":1},)"), "test");
    settle();
    EXPECT_EQ(session.phase(), ListPhase::Failed);
    frame();
    EXPECT_EQ(browser.state().rowsSubmitted, 0);
    EXPECT_NE(session.error().message.find("Truncated"), std::string::npos);
}

} // namespace
} // namespace lr::ui
