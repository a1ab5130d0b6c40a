#pragma once

#include "core/PrettyText.hpp"

#include <memory>
#include <string>

namespace lr::ui {

/// The pretty-printed body, drawn from a PrettyIndex built on a worker: only the lines in
/// view are formatted and submitted, so a 300 MB body scrolls like a small one. JSON is drawn
/// in syntax colours; find searches the body's bytes and jumps to the line that shows them.
class BodyViewer {
public:
    struct State {
        int linesSubmitted = 0;   // last frame, for tests
        long long matchLine = -1; // the line of the current find match
        std::size_t matchOffset = 0;
        bool scrollToMatch = false;
        bool notFound = false;
    };

    /// Draws inside the current window; `index` may be null while it is being built.
    void draw(const char* id, const std::shared_ptr<const PrettyIndex>& index, float height,
              bool colour = true);
    /// Moves to the next occurrence of `text` after the current one, wrapping around.
    void findNext(const std::shared_ptr<const PrettyIndex>& index, const std::string& text);
    void resetFind() { m_state = State{}; }
    [[nodiscard]] const State& state() const { return m_state; }

private:
    State m_state;
};

/// Draws one line of pretty JSON with keys, strings, numbers and literals in their colours.
void drawJsonLine(std::string_view line);

} // namespace lr::ui
