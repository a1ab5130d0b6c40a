#include "ui/ConsoleUi.hpp"

namespace lr::ui {

void ConsoleUi::draw(const AppState& app, CommandSink& sink, double nowSeconds, float scale) {
    const ConsoleLayout layout = computeLayout(ImGui::GetIO().DisplaySize, scale);
    m_topBar.draw(app, sink, layout.topBar);
    m_request.draw(app, sink, layout.request);
    m_response.draw(app, sink, layout.response, nowSeconds);
    m_docs.draw(app, sink, layout.docs);
    m_history.draw(app.history, sink, layout.history);
    m_statusBar.draw(app, layout.statusBar);
}

} // namespace lr::ui
