#pragma once

#include "core/AppState.hpp"
#include "core/Commands.hpp"
#include "ui/Layout.hpp"

#include <string>

namespace lr::ui {

/// The endpoint picker, the selected endpoint's header, scope and form, and Send.
class RequestWindow {
public:
    struct State {
        bool open = true;
        int seenFocusRequest = 0; // the AppState focus request already acted on
        ImVec2 sendMin, sendMax;  // where Send was drawn last frame (screen space), for tests
        std::string clientIdChoice;
    };

    void draw(const AppState& app, CommandSink& sink, const Rect& initial, double nowSeconds);
    [[nodiscard]] const State& state() const { return m_state; }

private:
    void drawPicker(const AppState& app, CommandSink& sink);
    void drawHeader(const Endpoint& endpoint, Lang lang);
    // RequestForm.cpp: the inputs, the warnings and the buttons.
    void drawTokenForm(const AppState& app, CommandSink& sink);
    void drawParameters(const AppState& app, const Endpoint& endpoint, CommandSink& sink,
                        double nowSeconds);
    void drawBody(const AppState& app, const Endpoint& endpoint, CommandSink& sink);
    void drawWarnings(const AppState& app, CommandSink& sink);
    void drawActions(const AppState& app, CommandSink& sink, double nowSeconds);

    State m_state;
};

/// "OAuth token" for the token endpoint, the scope name otherwise, "none" when public.
std::string scopeLabel(const Endpoint& endpoint);

} // namespace lr::ui
