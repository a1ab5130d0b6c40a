#pragma once

// History: past calls newest first with status and duration, filtered by endpoint, status and
// text, reopened with a double click (or Open). Retention and Clear history live in its
// footer. Reads the HistoryModel and pushes History* commands; never touches the database.

#include "core/Commands.hpp"
#include "core/History.hpp"
#include "ui/Layout.hpp"

#include <cstdint>
#include <string>

namespace lr {
class ScriptRunner;
}

namespace lr::ui {

class HistoryWindow {
public:
    struct State {
        bool open = false;
        char text[256] = "";         // the text filter as typed
        int status = 0;              // index of StatusFilter
        int exactStatus = 404;       // with StatusFilter::Exact
        std::string endpoint;        // "" for every endpoint
        std::int64_t selectedId = 0; // the highlighted row
        int maxEntries = 0;          // retention as edited; 0 until first seen
        int maxMiB = 0;
        bool confirmClear = false; // the confirmation popup is asked for
    };

    void draw(const HistoryModel& model, CommandSink& sink, const Rect& initial);

    State& state() { return m_state; }
    [[nodiscard]] const State& state() const { return m_state; }

    /// Rows drawn by the last frame: the clipper keeps it to what is visible.
    [[nodiscard]] int lastDrawnRows() const { return m_lastDrawnRows; }
    /// Screen rectangle of the first visible row in the last frame, for UI tests.
    [[nodiscard]] const Rect& firstRowRect() const { return m_firstRowRect; }

    /// The filter the controls describe.
    [[nodiscard]] HistoryFilter filter(const HistoryModel& model) const;

    /// history-window show|hide
    void registerScriptVerbs(ScriptRunner& runner);

private:
    void drawFilters(const HistoryModel& model);
    void drawTable(const HistoryModel& model, CommandSink& sink);
    void drawFooter(const HistoryModel& model, CommandSink& sink);

    State m_state;
    int m_lastDrawnRows = 0;
    Rect m_firstRowRect;
};

/// "12 ms", "1.24 s", "2 min 5 s".
std::string formatDuration(double ms);
/// "14:03:07" for today, "2024-05-02 14:03" otherwise, local time.
std::string formatCallTime(std::int64_t unixMs, std::int64_t nowUnixMs);

} // namespace lr::ui
