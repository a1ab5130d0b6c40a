#pragma once

// The UI thread's owner of AppState. It applies Commands, submits jobs to the HTTP worker and
// receives their results through the UiInbox. It knows nothing of ImGui or GLFW: the platform
// hands it the few services it needs (open a URL, the clock).

#include "core/AppState.hpp"
#include "core/Commands.hpp"
#include "core/Environments.hpp"
#include "core/History.hpp"
#include "core/Settings.hpp"
#include "core/HttpWorker.hpp"
#include "core/UiInbox.hpp"

#include <functional>
#include <memory>
#include <string>

namespace lr {

class ScriptRunner;

struct ControllerServices {
    std::function<void(const std::string& url)> openUrl;
    std::function<double()> now; // seconds, monotonic
};

class Controller {
public:
    Controller(UiInbox& inbox, ControllerServices services);
    ~Controller();

    Controller(const Controller&) = delete;
    Controller& operator=(const Controller&) = delete;

    [[nodiscard]] const AppState& state() const { return m_state; }
    AppState& mutableState() { return m_state; }

    /// Loads the catalogue file; on failure the error is kept in the state for the windows.
    void loadCatalogueFile(const std::string& path);
    void setEnvironment(Environment environment);

    /// Reads settings.json (environment, client ids, scopes, docs language, history options)
    /// and starts the history; the embedded sandbox's URL fills the Sandbox environment.
    void restoreSettings(const std::string& sandboxUrl);
    /// Writes settings.json; a failure goes to the status line.
    void saveSettings();
    [[nodiscard]] const Settings& settings() const { return m_settings; }
    Settings& mutableSettings() { return m_settings; }

    void apply(const Command& command);
    void applyAll(CommandSink& sink);

    /// True while something the user sees changes without input (a call in flight).
    [[nodiscard]] bool animating() const;

    /// Registers the verbs the core understands: select, docs-lang, health, wait-health.
    void registerScriptVerbs(ScriptRunner& runner, CommandSink& sink);

private:
    void onSelectEndpoint(const cmd::SelectEndpoint& command);
    void onCheckHealth();
    void onSwitchEnvironment(const std::string& name);
    void onReopen(HistoryEntry&& entry);

    UiInbox& m_inbox;
    ControllerServices m_services;
    AppState m_state;
    Environments m_environments;
    Settings m_settings;
    std::unique_ptr<History> m_history; // before the worker: the worker records into it
    std::unique_ptr<HttpWorker> m_worker; // last member: joined first on destruction
};

} // namespace lr
