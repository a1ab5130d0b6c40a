#pragma once

#include "core/AppState.hpp"
#include "core/Commands.hpp"
#include "ui/Layout.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lr::ui {

/// Execution result, the error card, the HTTP request as sent, the response headers and the
/// response body.
class ResponseWindow {
public:
    struct State {
        bool open = true;
        bool raw = false;   // the body as received instead of pretty
        std::string find;   // Ctrl+F text
        int findMatch = -1; // line of the current match
        bool focusFind = false;
        // Line index of the body text on screen, rebuilt when the call or the view changes.
        std::uint64_t indexedJob = 0;
        bool indexedRaw = false;
        std::string rawText;
        std::vector<std::string_view> lines;
    };

    void draw(const AppState& app, CommandSink& sink, const Rect& initial, double nowSeconds);
    [[nodiscard]] const State& state() const { return m_state; }
    void focusFind() { m_state.focusFind = true; }

private:
    void drawExecution(const AppState& app, double nowSeconds);
    void drawErrorCard(const AppState& app, CommandSink& sink);
    void drawRequest(const AppState& app, CommandSink& sink);
    void drawHeaders(const AppState& app);
    void drawBody(const AppState& app);
    void indexBody(const AppState& app);

    State m_state;
};


} // namespace lr::ui
