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
                     const stats::StatsController* stats, const ListSession* lists,
                     const JsonTree* tree) {
    handleShortcuts(app, sink);
    const ConsoleLayout layout = computeLayout(ImGui::GetIO().DisplaySize, scale);
    const bool listOpen = lists && lists->phase() != ListPhase::Empty;
    m_topBar.draw(app, sink, layout.topBar, {&m_history.state().open, &m_stats.state().open});
    m_request.draw(app, sink, layout.request, nowSeconds);
    m_response.draw(app, sink, layout.response, nowSeconds, tree, listOpen);
    m_docs.draw(app, sink, layout.docs);
    m_history.draw(app.history, sink, layout.history);
    m_statusBar.draw(app, layout.statusBar);
    if (listOpen) {
        // Each new list brings the browser back; its close box hides it until the next one,
        // or until "Open as table" in the Response body's toolbar.
        if (lists->openGeneration() != m_listShown) {
            m_listShown = lists->openGeneration();
            m_list.mutableState().open = true;
        }
        if (m_response.mutableState().tableRequested) {
            m_response.mutableState().tableRequested = false;
            m_list.mutableState().open = true;
            ImGui::SetNextWindowFocus();
        }
        m_list.draw(*lists, sink, layout.list.pos, layout.list.size);
    }
    // After the List browser: when a list answer and a run arrive in the same frame, the run
    // (what the user just started) is the one in front.
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
