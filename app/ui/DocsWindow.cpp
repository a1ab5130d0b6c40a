#include "ui/DocsWindow.hpp"

#include "ui/Theme.hpp"

namespace lr::ui {

void DocsWindow::draw(const AppState& app, CommandSink&, const Rect& initial) {
    placeNextWindow(initial);
    if (!ImGui::Begin("Docs", &m_state.open)) {
        ImGui::End();
        return;
    }

    const Endpoint* endpoint = app.selected();
    if (!endpoint) {
        ImGui::TextColored(kMuted, "Select an endpoint to read its documentation.");
        ImGui::End();
        return;
    }

    const Lang lang = app.docsLang;
    ImGui::TextColored(kMuted, "%s", endpoint->tagTitle.get(lang).c_str());
    ImGui::TextWrapped("%s", endpoint->description.get(lang).c_str());
    ImGui::End();
}

} // namespace lr::ui
