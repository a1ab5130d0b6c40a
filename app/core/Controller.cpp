#include "core/Controller.hpp"

#include "core/Log.hpp"
#include "core/Paths.hpp"
#include "core/Redact.hpp"
#include "core/Script.hpp"
#include "core/Url.hpp"

#include <chrono>

namespace lr {

Controller::Controller(UiInbox& inbox, ControllerServices services)
    : m_inbox(inbox), m_services(std::move(services)),
      m_worker(std::make_unique<HttpWorker>("http")) {
    if (!m_services.now) {
        m_services.now = [] {
            using namespace std::chrono;
            return duration<double>(steady_clock::now().time_since_epoch()).count();
        };
    }
}

Controller::~Controller() = default;

void Controller::loadCatalogueFile(const std::string& path) {
    const auto started = std::chrono::steady_clock::now();
    std::string text;
    std::string readError;
    if (!readFile(path, text, readError)) {
        m_state.catalogueLoaded = false;
        m_state.catalogueError = "The API catalogue could not be read: " + readError;
        logError("catalogue", m_state.catalogueError);
        return;
    }

    Catalogue catalogue;
    CatalogueError error;
    if (!loadCatalogue(text, catalogue, error)) {
        m_state.catalogueLoaded = false;
        m_state.catalogueError = "The API catalogue " + path + " is invalid: " + error.toString();
        logError("catalogue", m_state.catalogueError);
        return;
    }

    m_state.catalogue = std::move(catalogue);
    m_state.catalogueLoaded = true;
    m_state.catalogueError.clear();
    m_state.selectedEndpoint = m_state.catalogue.endpoints.empty() ? -1 : 0;
    for (std::size_t i = 0; i < m_state.catalogue.endpoints.size(); ++i) {
        if (m_state.catalogue.endpoints[i].isTokenEndpoint) {
            m_state.selectedEndpoint = int(i);
            break;
        }
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    logInfo("catalogue", "loaded " + std::to_string(m_state.catalogue.endpoints.size()) +
                             " endpoints from " + path + " in " + std::to_string(ms) + " ms");
}

void Controller::setEnvironment(Environment environment) {
    m_state.environment = std::move(environment);
}

void Controller::restoreSettings(const std::string& sandboxUrl) {
    // 1. Settings: a broken file is reported and defaults are used.
    SettingsLoad load = loadSettings(settingsPath());
    m_settings = std::move(load.settings);
    if (!load.warning.empty())
        m_state.statusLine = load.warning;
    m_environments.setSandboxBase(sandboxUrl);
    restoreEnvironments(m_settings, m_environments);
    setEnvironment(m_environments.active().environment);
    m_state.docsLang = m_settings.docsLang;

    // 2. History opens on its own thread; the first frame does not wait for it.
    HistoryStoreOptions options;
    options.retention = m_settings.historyRetention;
    m_history = std::make_unique<History>(m_inbox, m_state.history, options);
    m_history->setOnStatus([this](const std::string& line) { m_state.statusLine = line; });
    m_history->setOnReopen([this](HistoryEntry&& entry) { onReopen(std::move(entry)); });
}

void Controller::saveSettings() {
    captureEnvironments(m_environments, m_settings);
    m_settings.docsLang = m_state.docsLang;
    m_settings.historyRetention = m_state.history.retention;
    const std::string error = lr::saveSettings(settingsPath(), m_settings);
    if (!error.empty())
        m_state.statusLine = error;
}

void Controller::onSwitchEnvironment(const std::string& name) {
    bool changed = false;
    if (!m_environments.select(name, &changed)) {
        m_state.statusLine = "No environment called " + name;
        return;
    }
    // FIXME(wiring): drop the previous environment's token here once the token flow lands.
    setEnvironment(m_environments.active().environment);
    m_state.sandbox.healthChecked = false;
    saveSettings();
}

void Controller::onReopen(HistoryEntry&& entry) {
    // The stored call fills the Response window as if it had just come back.
    const int index = m_state.catalogue.indexOf(entry.method, entry.pathTemplate);
    if (index >= 0)
        m_state.selectedEndpoint = index;
    Execution& execution = m_state.execution;
    execution.phase = entry.status > 0 ? ExecutionPhase::Done : ExecutionPhase::Failed;
    execution.response = HttpResponse{};
    execution.response.request.method = entry.method;
    execution.response.request.url = entry.url;
    execution.response.status = entry.status;
    execution.response.reason = reasonPhrase(entry.status);
    execution.response.headers = std::move(entry.responseHeaders);
    execution.response.body = std::make_shared<Body>(entry.body);
    execution.response.errorMessage = entry.error;
    execution.response.error = entry.status > 0 ? TransportError::None : TransportError::Other;
    execution.response.timings = entry.timings;
}

void Controller::apply(const Command& command) {
    if (m_history && m_history->apply(command)) {
        if (std::holds_alternative<cmd::HistorySetRetention>(command))
            saveSettings();
        return;
    }
    std::visit(
        [this](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, cmd::SelectEndpoint>) {
                onSelectEndpoint(c);
            } else if constexpr (std::is_same_v<T, cmd::SetDocsLang>) {
                m_state.docsLang = c.lang;
                saveSettings();
            } else if constexpr (std::is_same_v<T, cmd::OpenSwagger>) {
                const std::string url = joinUrl(m_state.environment.apiBase, "/swagger");
                logInfo("ui", "opening " + url);
                if (m_services.openUrl)
                    m_services.openUrl(url);
            } else if constexpr (std::is_same_v<T, cmd::CheckHealth>) {
                onCheckHealth();
            } else if constexpr (std::is_same_v<T, cmd::SwitchEnvironment>) {
                onSwitchEnvironment(c.name);
            } else if constexpr (std::is_same_v<T, cmd::SaveCustomEnvironment>) {
                const std::string error =
                    m_environments.saveCustom(c.originalName, c.name, c.apiBase, c.oauthBase);
                m_state.statusLine = error.empty() ? "Saved environment " + c.name : error;
                saveSettings();
            } else if constexpr (std::is_same_v<T, cmd::RemoveCustomEnvironment>) {
                const std::string error = m_environments.removeCustom(c.name);
                m_state.statusLine = error.empty() ? "Removed environment " + c.name : error;
                setEnvironment(m_environments.active().environment);
                saveSettings();
            }
        },
        command);
}

void Controller::applyAll(CommandSink& sink) {
    for (const Command& command : sink.take())
        apply(command);
}

bool Controller::animating() const {
    return m_state.execution.phase == ExecutionPhase::Sending;
}

void Controller::onSelectEndpoint(const cmd::SelectEndpoint& command) {
    const int index = m_state.catalogue.indexOf(command.method, command.path);
    if (index < 0) {
        m_state.statusLine = "No endpoint " + command.method + " " + command.path;
        return;
    }
    m_state.selectedEndpoint = index;
}

void Controller::onCheckHealth() {
    HttpJob job;
    job.request.method = "GET";
    job.request.url = joinUrl(m_state.environment.apiBase, "/health");
    job.limits.deadlineMs = 5000;
    m_state.sandbox.healthChecked = false;
    HistoryContext context;
    context.environment = m_state.environment.name;
    context.pathTemplate = "/health";
    context.bodyCap = m_settings.historyBodyCap;
    job.onComplete = [this, context](HttpResponse&& response) {
        // Worker thread: redact and store the call, build the result value here, apply it on
        // the UI thread.
        if (m_history)
            m_history->record(makeHistoryEntry(response, context));
        const bool healthy = response.ok() && response.status == 200 && response.body &&
                             response.body->view().find("\"ok\"") != std::string_view::npos;
        const double ms = response.timings.durationMs;
        std::string error = response.ok()
                                ? (healthy ? "" : "status " + std::to_string(response.status))
                                : response.errorMessage;
        m_inbox.post([this, healthy, ms, error = std::move(error)] {
            m_state.sandbox.healthChecked = true;
            m_state.sandbox.healthy = healthy;
            m_state.sandbox.healthMs = ms;
            m_state.sandbox.healthError = error;
            m_state.statusLine = healthy ? "API healthy (" + std::to_string(int(ms + 0.5)) +
                                               " ms): " + m_state.environment.apiBase
                                         : "Health check failed: " + error;
        });
    };
    m_worker->submit(std::move(job));
}

void Controller::registerScriptVerbs(ScriptRunner& runner, CommandSink& sink) {
    m_environments.registerScriptVerbs(runner, sink);
    if (m_history)
        m_history->registerScriptVerbs(runner, sink);
    runner.registerVerb(
        {"select", 2, 2, "select METHOD PATH", nullptr, [this, &sink](StepContext& step) {
             if (m_state.catalogue.indexOf(step.args[0], step.args[1]) < 0) {
                 step.error = "no endpoint " + step.args[0] + " " + step.args[1];
                 return StepResult::Failed;
             }
             sink.push(cmd::SelectEndpoint{step.args[0], step.args[1]});
             return StepResult::Done;
         }});
    runner.registerVerb(
        {"docs-lang", 1, 1, "docs-lang en|it",
         [](const std::vector<std::string>& args) {
             return args[0] == "en" || args[0] == "it" ? std::string()
                                                       : "'" + args[0] + "' is not en or it";
         },
         [&sink](StepContext& step) {
             sink.push(cmd::SetDocsLang{step.args[0] == "it" ? Lang::It : Lang::En});
             return StepResult::Done;
         }});
    runner.registerVerb({"wait-health", 0, 1, "wait-health [SECONDS]",
                         [](const std::vector<std::string>& args) {
                             return args.empty() ? std::string() : expectInt(args, 0, 1, 600);
                         },
                         [this, &sink](StepContext& step) {
                             if (step.calls == 0) {
                                 sink.push(cmd::CheckHealth{});
                                 return StepResult::Pending;
                             }
                             if (m_state.sandbox.healthChecked) {
                                 if (m_state.sandbox.healthy)
                                     return StepResult::Done;
                                 step.error = "health check failed: " + m_state.sandbox.healthError;
                                 return StepResult::Failed;
                             }
                             const double limit = step.args.empty() ? 10 : std::stod(step.args[0]);
                             if (step.secondsWaited > limit) {
                                 step.error = "no health answer within the timeout";
                                 return StepResult::Failed;
                             }
                             return StepResult::Pending;
                         }});
}

} // namespace lr
