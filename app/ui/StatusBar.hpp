#pragma once

#include "core/AppState.hpp"
#include "ui/Layout.hpp"

namespace lr::ui {

/// One line at the bottom: what just happened, and the embedded sandbox's health.
class StatusBar {
public:
    void draw(const AppState& app, const Rect& rect);
};

} // namespace lr::ui
