#pragma once

// Every window of the console, drawn once per frame in a fixed order. Owns the windows' own
// view state (their State structs); reads AppState and pushes Commands, nothing else.

#include "core/AppState.hpp"
#include "core/Commands.hpp"
#include "ui/DocsWindow.hpp"
#include "ui/HistoryWindow.hpp"
#include "ui/ListBrowser.hpp"
#include "ui/RequestWindow.hpp"
#include "ui/ResponseWindow.hpp"
#include "ui/StatsWindow.hpp"
#include "ui/StatusBar.hpp"
#include "ui/TopBar.hpp"

namespace lr::ui {

class ConsoleUi {
public:
    /// Between ImGui::NewFrame() and ImGui::Render().
    /// The optional models are drawn when given: the Stats window, the List browser (while a
    /// list is open or opening) and the body's tree view.
    void draw(const AppState& app, CommandSink& sink, double nowSeconds, float scale,
              const stats::StatsController* stats = nullptr, const ListSession* lists = nullptr,
              const JsonTree* tree = nullptr);

    TopBar& topBar() { return m_topBar; }
    RequestWindow& requestWindow() { return m_request; }
    ResponseWindow& responseWindow() { return m_response; }
    DocsWindow& docsWindow() { return m_docs; }
    StatsWindow& statsWindow() { return m_stats; }
    HistoryWindow& historyWindow() { return m_history; }
    ListBrowser& listBrowser() { return m_list; }

private:
    /// Ctrl+Enter sends, Esc cancels the call in flight, Ctrl+F finds in the response body.
    void handleShortcuts(const AppState& app, CommandSink& sink);

    TopBar m_topBar;
    RequestWindow m_request;
    ResponseWindow m_response;
    DocsWindow m_docs;
    StatsWindow m_stats;
    HistoryWindow m_history;
    ListBrowser m_list;
    std::uint64_t m_listShown = 0; // the list the browser was last opened for
    StatusBar m_statusBar;
};

} // namespace lr::ui
