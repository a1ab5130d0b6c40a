#include "core/Controller.hpp"

#include "core/Log.hpp"
#include "core/Paths.hpp"
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

void Controller::apply(const Command& command) {
    std::visit(
        [this](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, cmd::SelectEndpoint>) {
                onSelectEndpoint(c);
            } else if constexpr (std::is_same_v<T, cmd::SetDocsLang>) {
                m_state.docsLang = c.lang;
            } else if constexpr (std::is_same_v<T, cmd::OpenSwagger>) {
                const std::string url = joinUrl(m_state.environment.apiBase, "/swagger");
                logInfo("ui", "opening " + url);
                if (m_services.openUrl)
                    m_services.openUrl(url);
            } else if constexpr (std::is_same_v<T, cmd::CheckHealth>) {
                onCheckHealth();
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
    job.onComplete = [this](HttpResponse&& response) {
        // Worker thread: build the result value here, apply it on the UI thread.
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
