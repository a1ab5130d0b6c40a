#pragma once

#include "core/AppState.hpp"
#include "core/Commands.hpp"
#include "ui/Layout.hpp"

namespace lr::ui {

/// The selected endpoint's documentation in the chosen language.
class DocsWindow {
public:
    struct State {
        bool open = true;
    };

    void draw(const AppState& app, CommandSink& sink, const Rect& initial);
    [[nodiscard]] const State& state() const { return m_state; }

private:
    State m_state;
};

} // namespace lr::ui
