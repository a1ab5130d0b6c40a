#pragma once

#include "core/AppState.hpp"
#include "core/Commands.hpp"
#include "ui/BodyViewer.hpp"
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
        bool raw = false; // the body as received instead of pretty
        std::string find; // Ctrl+F text
        bool focusFind = false;
        const void* shownBody = nullptr; // resets find when another body is shown
        std::string rawText;             // the raw view: the start of the body, valid UTF-8
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

    State m_state;
    BodyViewer m_body;
};

} // namespace lr::ui
