#pragma once

#include "core/Commands.hpp"
#include "core/JsonTree.hpp"

namespace lr::ui {

/// The Response body as a collapsible tree, drawn from a JsonTree: only the rows in view are
/// labelled and submitted, so an open array of a million items scrolls like a short one.
/// Clicking a node pushes TreeToggle; the tree reads the node's children (big ones on a
/// worker, their row says "reading" meanwhile).
class TreeViewer {
public:
    struct State {
        int rowsSubmitted = 0; // last frame, for tests
    };

    /// Draws inside the current window.
    void draw(const char* id, const JsonTree& tree, CommandSink& sink, float height = 0.0f);
    [[nodiscard]] const State& state() const { return m_state; }

private:
    State m_state;
};

} // namespace lr::ui
