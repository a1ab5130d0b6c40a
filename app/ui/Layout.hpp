#pragma once

// Where the windows go the first time (imgui.ini keeps the user's own layout afterwards): the
// top bar across the top, then Request | Response | Docs side by side, a status line below.

#include <imgui.h>

namespace lr::ui {

struct Rect {
    ImVec2 pos;
    ImVec2 size;
};

struct ConsoleLayout {
    Rect topBar;
    Rect request;
    Rect response;
    Rect docs;
    Rect statusBar;
    Rect history; // floating over the response and docs the first time it opens
    Rect list;    // the List browser: over the lower part of the Response and Docs columns
};

ConsoleLayout computeLayout(ImVec2 display, float scale);

/// Places the next window at `rect` the first time it is ever shown.
void placeNextWindow(const Rect& rect);

} // namespace lr::ui
