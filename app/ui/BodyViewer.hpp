#pragma once

#include "core/PrettyText.hpp"

#include <memory>

namespace lr::ui {

/// The pretty-printed body, drawn from a PrettyIndex built on a worker: only the lines in
/// view are formatted and submitted, so a 300 MB body scrolls like a small one.
class BodyViewer {
public:
    struct State {
        int linesSubmitted = 0; // last frame, for tests
    };

    /// Draws inside the current window; `index` may be null while it is being built.
    void draw(const char* id, const std::shared_ptr<const PrettyIndex>& index, float height);
    [[nodiscard]] const State& state() const { return m_state; }

private:
    State m_state;
};

} // namespace lr::ui
