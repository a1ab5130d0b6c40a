#pragma once

#include "core/AppState.hpp"
#include "core/Commands.hpp"
#include "core/JsonTree.hpp"
#include "ui/BodyViewer.hpp"
#include "ui/TreeViewer.hpp"
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
    enum class BodyMode { Pretty, Raw, Tree };

    struct State {
        bool open = true;
        BodyMode mode = BodyMode::Pretty;
        bool tableRequested = false; // "Open as table" clicked; the console shows the browser
        std::string find; // Ctrl+F text
        bool focusFind = false;
        const void* shownBody = nullptr; // resets find when another body is shown
        std::string rawText;             // the raw view: the start of the body, valid UTF-8
    };

    /// `tree` is the body's tree view model; `listOpen` whether a list is open in the browser.
    void draw(const AppState& app, CommandSink& sink, const Rect& initial, double nowSeconds,
              const JsonTree* tree = nullptr, bool listOpen = false);
    [[nodiscard]] const State& state() const { return m_state; }
    State& mutableState() { return m_state; }
    void focusFind() { m_state.focusFind = true; }

private:
    void drawExecution(const AppState& app, double nowSeconds);
    void drawErrorCard(const AppState& app, CommandSink& sink);
    void drawRequest(const AppState& app, CommandSink& sink);
    void drawHeaders(const AppState& app);
    void drawBody(const AppState& app, CommandSink& sink, const JsonTree* tree, bool listOpen);

    State m_state;
    BodyViewer m_body;
    TreeViewer m_tree;
};

} // namespace lr::ui
