#pragma once

#include "core/AppState.hpp"
#include "core/Commands.hpp"
#include "ui/Layout.hpp"

namespace lr::ui {

/// The endpoint picker, the selected endpoint's header, scope and form, and Send.
class RequestWindow {
public:
    struct State {
        bool open = true;
    };

    void draw(const AppState& app, CommandSink& sink, const Rect& initial);
    [[nodiscard]] const State& state() const { return m_state; }

private:
    void drawPicker(const AppState& app, CommandSink& sink);
    void drawHeader(const Endpoint& endpoint, Lang lang);

    State m_state;
};

/// "OAuth token" for the token endpoint, the scope name otherwise, "none" when public.
std::string scopeLabel(const Endpoint& endpoint);

} // namespace lr::ui
