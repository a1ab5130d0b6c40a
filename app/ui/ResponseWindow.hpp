#pragma once

#include "core/AppState.hpp"
#include "core/Commands.hpp"
#include "ui/Layout.hpp"

namespace lr::ui {

/// Execution result, the HTTP request as sent, the response headers and the response body.
class ResponseWindow {
public:
    struct State {
        bool open = true;
    };

    void draw(const AppState& app, CommandSink& sink, const Rect& initial, double nowSeconds);
    [[nodiscard]] const State& state() const { return m_state; }

private:
    void drawExecution(const AppState& app, double nowSeconds);

    State m_state;
};

} // namespace lr::ui
