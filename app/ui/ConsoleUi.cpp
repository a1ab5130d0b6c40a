#include "ui/ConsoleUi.hpp"

namespace lr::ui {

void ConsoleUi::handleShortcuts(const AppState& app, CommandSink& sink) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.KeyCtrl && (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) ||
                       ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter))))
        sink.push(cmd::Send{});
    if (app.execution.phase == ExecutionPhase::Sending &&
        ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        sink.push(cmd::CancelSend{});
    // ImGui 1.86 names no F key; its GLFW backend indexes keys by GLFW code, which is 'F'.
    if (io.KeyCtrl && ImGui::IsKeyPressed('F'))
        m_response.focusFind();
}

void ConsoleUi::draw(const AppState& app, CommandSink& sink, double nowSeconds, float scale,
                     const stats::StatsController* stats) {
    handleShortcuts(app, sink);
    const ConsoleLayout layout = computeLayout(ImGui::GetIO().DisplaySize, scale);
    m_topBar.draw(app, sink, layout.topBar, {&m_history.state().open, &m_stats.state().open});
    m_request.draw(app, sink, layout.request, nowSeconds);
    m_response.draw(app, sink, layout.response, nowSeconds);
    m_docs.draw(app, sink, layout.docs);
    m_history.draw(app.history, sink, layout.history);
    m_statusBar.draw(app, layout.statusBar);
    if (stats) {
        // First placed over the lower part of the Response and Docs columns; movable after.
        const float top = layout.response.pos.y + layout.response.size.y * 0.30f;
        const Rect statsRect{ImVec2(layout.response.pos.x, top),
                             ImVec2(layout.docs.pos.x + layout.docs.size.x - layout.response.pos.x,
                                    layout.response.pos.y + layout.response.size.y - top)};
        m_stats.draw(*stats, sink, statsRect);
    }
}

} // namespace lr::ui
