#pragma once

#include "core/AppState.hpp"
#include "core/Commands.hpp"
#include "ui/Layout.hpp"

#include <string>

namespace lr::ui {

/// The strip across the top: environment, its API and OAuth URLs, the token chip, the docs
/// language and Swagger.
class TopBar {
public:
    struct State {
        bool tokenPopupOpen = false;
        // The custom environment editor.
        bool openEditor = false;
        std::string editingName; // empty: adding a new one
        std::string name;
        std::string apiBase;
        std::string oauthBase;
        int bodyCapMiB = 1024; // the settings popup's edit buffer
    };

    /// The open flags of the windows the bar's View buttons toggle (view state, not AppState).
    struct Toggles {
        bool* history = nullptr;
        bool* stats = nullptr;
    };

    void draw(const AppState& app, CommandSink& sink, const Rect& rect, Toggles toggles);
    [[nodiscard]] const State& state() const { return m_state; }

private:
    void drawTokenPopup(const AppState& app, CommandSink& sink);
    void drawEnvironmentPicker(const AppState& app, CommandSink& sink);
    void drawEnvironmentEditor(CommandSink& sink);
    void drawSettings(const AppState& app, CommandSink& sink);

    State m_state;
};

/// "Token missing", "Token valid · 58:12 left" or "Token expired".
std::string tokenChipLabel(const AppState& app);

} // namespace lr::ui
