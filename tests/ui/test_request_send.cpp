// The console's windows with a bare ImGui context (no GL, no window): a mouse click on Send
// goes through the same command path as in the GUI, and the token chip turns valid.

#include "ConsoleHarness.hpp"
#include "ui/ConsoleUi.hpp"
#include "ui/HeadlessContext.hpp"
#include "ui/TopBar.hpp"

#include <imgui.h>

namespace lr {
namespace {

class HeadlessUi {
public:
    /// One frame of the loop: drain results, draw, apply what the windows asked for.
    void frame(test::ConsoleHarness& console) {
        console.inbox().drain();
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        m_ui.draw(console.state(), m_sink, ImGui::GetTime(), 1.0f);
        ImGui::Render();
        console.controller().applyAll(m_sink);
    }

    void click(test::ConsoleHarness& console, ImVec2 at) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        frame(console); // hover
        io.MouseDown[0] = true;
        frame(console);
        io.MouseDown[0] = false;
        frame(console); // a Button fires on release
    }

    ui::ConsoleUi& ui() { return m_ui; }

private:
    ui::HeadlessContext m_imgui; // first: the windows below draw into it
    ui::ConsoleUi m_ui;
    CommandSink m_sink;
};

TEST(RequestSendUi, ClickingSendGetsATokenAndTheChipTurnsValid) {
    test::ConsoleHarness console;
    HeadlessUi ui;
    ui.frame(console);
    ui.frame(console);
    ASSERT_EQ(ui::tokenChipLabel(console.state()), "Token missing");
    ASSERT_TRUE(console.state().selected()->isTokenEndpoint);

    const auto& request = ui.ui().requestWindow().state();
    ASSERT_GT(request.sendMax.x, request.sendMin.x) << "Send was not drawn";
    const ImVec2 centre((request.sendMin.x + request.sendMax.x) / 2,
                        (request.sendMin.y + request.sendMax.y) / 2);
    ui.click(console, centre);
    ASSERT_EQ(console.controller().sendAttempts(), 1u) << "the click did not reach Send";

    // Frames keep coming while the worker fetches the token.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (console.controller().busy() && std::chrono::steady_clock::now() < deadline) {
        console.inbox().waitAndDrain(std::chrono::milliseconds(20));
        ui.frame(console);
    }
    ui.frame(console);
    EXPECT_EQ(console.status(), 200);
    EXPECT_EQ(ui::tokenChipLabel(console.state()).rfind("Token valid \xC2\xB7 ", 0), 0u)
        << ui::tokenChipLabel(console.state());
}

} // namespace
} // namespace lr
