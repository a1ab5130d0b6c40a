#pragma once

#include "core/Commands.hpp"
#include "core/ListSession.hpp"
#include "core/PrettyText.hpp"

#include <imgui.h>

#include <memory>
#include <string>

namespace lr::ui {

/// The list browser: the rows of a list answer as a table that only draws what is visible,
/// with sort, filter, details of the selected row, copy and export. It reads a ListSession and
/// pushes list commands; the session does all the work off the UI thread.
class ListBrowser {
public:
    struct State {
        bool open = true;
        char filter[256] = "";
        bool filterActive = false; // the filter box has the keyboard
        char exportPath[512] = "usage-export.csv";
        bool exportNdjson = false;
        long long detailsRow = -1; // the row the details pane was built for
        int rowsSubmitted = 0;     // rows drawn last frame, for tests
        float scrollToY = -1.0f;   // set to scroll the rows once, in pixels
    };

    /// `pos` and `size` place the window the first time it is ever shown.
    void draw(const ListSession& session, CommandSink& sink, ImVec2 pos = ImVec2(60, 60),
              ImVec2 size = ImVec2(900, 600));
    /// The window's body without Begin/End, for embedding and headless tests.
    void drawContents(const ListSession& session, CommandSink& sink);

    [[nodiscard]] const State& state() const { return m_state; }
    State& mutableState() { return m_state; }
    /// "12,345 of 1,000,000 rows"
    static std::string rowCountText(std::size_t shown, std::size_t total);

private:
    void drawToolbar(const ListSession& session, CommandSink& sink);
    void drawPages(const ListSession& session, CommandSink& sink);
    void drawTable(const ListSession& session, CommandSink& sink);
    void drawDetails(const ListSession& session);

    State m_state;
    std::shared_ptr<const PrettyIndex> m_details; // the selected row, pretty
    bool m_tableSeen = false;                     // the rows table has had its first frame
};

} // namespace lr::ui
