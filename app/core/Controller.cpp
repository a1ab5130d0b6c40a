#include "core/Controller.hpp"

#include "core/Json.hpp"
#include "core/Log.hpp"
#include "core/Paths.hpp"
#include "core/Redact.hpp"
#include "core/RequestView.hpp"
#include "core/Script.hpp"
#include "core/Url.hpp"
#include "core/table/Ingest.hpp"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

namespace lr {
namespace {

using Clock = std::chrono::steady_clock;

/// Bodies up to this size are pretty-printed for the pane on the worker; larger ones are shown
/// as received (the big-body viewer handles those).
constexpr std::size_t kPrettyLimit = 8u << 20;

/// How long a 429 without a readable Retry-After holds Send: long enough to stop a storm of
/// clicks, short enough not to feel broken.
constexpr std::chrono::seconds kRateLimitWaitWithoutHint{5};

/// Bodies up to this size are checked as JSON on the worker, so a broken answer says so.
constexpr std::size_t kJsonCheckLimit = 256u << 20;

/// Why `body` is not JSON the viewers can show as such; empty when it is.
std::string jsonWarning(std::string_view body) {
    if (const std::size_t bad = firstInvalidUtf8(body); bad < body.size())
        return "The body is not valid UTF-8 (first bad byte at offset " + std::to_string(bad) +
               "); it is shown as text, bad bytes as U+FFFD.";
    simdjson::dom::parser parser;
    // An empty view may hold no pointer at all, which simdjson must not be given.
    const char* bytes = body.empty() ? "" : body.data();
    const simdjson::error_code error = parser.parse(bytes, body.size()).error();
    if (error == simdjson::DEPTH_ERROR)
        return "The body nests JSON deeper than " + std::to_string(simdjson::DEFAULT_MAX_DEPTH) +
               " levels; it is shown as text.";
    if (error)
        return std::string("The body is not valid JSON (") + simdjson::error_message(error) +
               "); it is shown as text.";
    return {};
}

bool sameLetters(std::string_view a, std::string_view b) {
    std::string x;
    std::string y;
    for (char c : a)
        if (std::isalnum(static_cast<unsigned char>(c)))
            x.push_back(char(std::tolower(static_cast<unsigned char>(c))));
    for (char c : b)
        if (std::isalnum(static_cast<unsigned char>(c)))
            y.push_back(char(std::tolower(static_cast<unsigned char>(c))));
    return !x.empty() && x == y;
}

} // namespace

std::string displayBody(std::string_view body, bool& isJson) {
    isJson = false;
    if (body.empty())
        return {};
    if (body.size() <= kPrettyLimit) {
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        if (!parser.parse(body.data(), body.size()).get(root)) {
            isJson = true;
            return prettyJson(root);
        }
    }
    return sanitizeUtf8(body);
}

void restoreFormFromUrl(const Endpoint& endpoint, const std::string& url,
                        std::map<std::string, std::string>& values) {
    Url parsed;
    std::string error;
    if (!parseUrl(url, parsed, error))
        return;
    const auto queryAt = parsed.target.find('?');
    const std::string path = parsed.target.substr(0, queryAt);

    // Path inputs: walk the template and the path segment by segment.
    std::size_t t = 0;
    std::size_t p = 0;
    const std::string& pattern = endpoint.path;
    while (t < pattern.size() && p <= path.size()) {
        if (pattern[t] == '{') {
            const std::size_t close = pattern.find('}', t);
            const std::size_t segmentEnd = std::min(path.find('/', p), path.size());
            if (close == std::string::npos)
                break;
            const auto decoded = formDecode("v=" + path.substr(p, segmentEnd - p));
            values[pattern.substr(t + 1, close - t - 1)] = decoded.empty() ? "" : decoded[0].second;
            t = close + 1;
            p = segmentEnd;
        } else {
            if (p >= path.size() || pattern[t] != path[p])
                break;
            ++t;
            ++p;
        }
    }

    // Query inputs, except what the history redacted.
    if (queryAt == std::string::npos)
        return;
    for (auto& [name, value] : formDecode(std::string_view(parsed.target).substr(queryAt + 1))) {
        if (value.find("redacted") != std::string::npos)
            continue;
        for (const Field& field : endpoint.fields)
            if (field.location == FieldLocation::Query && field.name == name)
                values[name] = value;
    }
}

std::optional<std::string> requestBodyOf(std::string_view requestJson) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    simdjson::dom::element body;
    if (parser.parse(requestJson.data(), requestJson.size()).get(root) || root["body"].get(body))
        return std::nullopt;
    if (body.is_string())
        return std::string(body.get_string().value());
    return prettyJson(body);
}

std::string matchFieldName(const Endpoint& endpoint, const std::string& problemField) {
    for (const Field& field : endpoint.fields)
        if (sameLetters(field.name, problemField))
            return field.name;
    return {};
}

Controller::Controller(UiInbox& inbox, ControllerServices services)
    : m_inbox(inbox), m_services(std::move(services)),
      m_worker(std::make_unique<HttpWorker>("http")) {
    if (!m_services.now) {
        m_services.now = [] {
            return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
        };
    }
    m_stats = std::make_unique<stats::StatsController>(m_inbox, statsHooks());
}

stats::StatsHooks Controller::statsHooks() {
    stats::StatsHooks hooks;
    hooks.currentKey = [this]() -> std::optional<stats::EndpointKey> {
        const Endpoint* endpoint = m_state.selected();
        if (!endpoint)
            return std::nullopt;
        return stats::EndpointKey{m_state.environment.name, endpoint->method, endpoint->path};
    };
    // The runner repeats exactly what Send would send now, with the token it holds.
    hooks.currentRequest = [this](std::string& why) -> std::optional<stats::RepeatTarget> {
        const Endpoint* endpoint = m_state.selected();
        if (!endpoint) {
            why = "no endpoint is selected";
            return std::nullopt;
        }
        if (endpoint->isTokenEndpoint) {
            why = "the token endpoint is not repeated; select an API endpoint";
            return std::nullopt;
        }
        if (!endpoint->scope.empty() && !m_state.token.hasScope(endpoint->scope)) {
            why = "the token lacks " + endpoint->scope + "; Send once to get one";
            return std::nullopt;
        }
        const BuildResult built =
            buildApiRequest(*endpoint, formFor(*endpoint), m_state.environment, &m_state.token,
                            &m_state.tokenForm.secret);
        if (!built.request) {
            why = !built.error.empty() ? built.error : "a required input is empty";
            return std::nullopt;
        }
        return stats::RepeatTarget{{m_state.environment.name, endpoint->method, endpoint->path},
                                   *built.request,
                                   m_state.limits};
    };
    hooks.otherWorkIdle = [this] { return !busy(); };
    return hooks;
}

void Controller::onOpenCall(const cmd::OpenCall& command) {
    const stats::RetainedCall* kept = m_stats->book().retained(command.callId);
    if (!kept) {
        m_state.statusLine = "Call " + std::to_string(command.callId) +
                             " is no longer kept; only its timing is in the statistics.";
        return;
    }
    // Parsed here, on the UI thread: the book keeps bodies of 1 MiB at most, about a
    // millisecond of work.
    CallResult result = processResponse(HttpResponse(*kept->response), CallKind::Api);
    m_state.execution = Execution{};
    m_state.execution.phase = result.response.ok() ? ExecutionPhase::Done : ExecutionPhase::Failed;
    m_state.execution.jobId = command.callId;
    m_state.execution.request = result.response.request;
    m_state.execution.endpointKey =
        result.response.request.method + " " + result.response.request.url;
    m_state.execution.pretty = std::move(result.pretty);
    m_state.execution.bodyIsJson = result.bodyIsJson;
    m_state.execution.problem = std::move(result.problem);
    m_state.execution.notes.push_back("Call " + std::to_string(command.callId) +
                                      ", reopened from the Stats timeline.");
    if (kept->bodyBytesNotKept > 0)
        m_state.execution.notes.push_back(
            "Its body (" + formatBytes(kept->bodyBytesNotKept) +
            ") was not kept: the Stats window keeps bodies of up to " +
            formatBytes(stats::StatsBook::kRetainedBodyBytes) + " for reopening.");
    m_state.execution.response = std::move(result.response);
}

Controller::~Controller() = default;

void Controller::loadCatalogueFile(const std::string& path) {
    const auto started = Clock::now();
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
    if (m_state.tokenForm.scopes.empty())
        m_state.tokenForm.scopes = m_state.catalogue.scopes;
    if (const Endpoint* endpoint = m_state.selected())
        ensureForm(*endpoint);

    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    logInfo("catalogue", "loaded " + std::to_string(m_state.catalogue.endpoints.size()) +
                             " endpoints from " + path + " in " + std::to_string(ms) + " ms");
}

void Controller::refreshEnvironmentList() {
    m_state.environments.clear();
    for (const EnvironmentProfile& profile : m_environments.all())
        m_state.environments.push_back(profile.environment);
}

void Controller::setEnvironment(Environment environment) {
    refreshEnvironmentList();
    m_state.environment = std::move(environment);
    m_state.token = Token{}; // a token belongs to the environment that issued it
}

void Controller::setEmbeddedClient(std::string clientId, Secret secret) {
    m_embeddedClientId = std::move(clientId);
    m_embeddedSecret = std::move(secret);
    applyProfileClient();
}

void Controller::applyProfileClient() {
    const EnvironmentProfile& profile = m_environments.active();
    TokenForm& form = m_state.tokenForm;
    form.clientId = !profile.clientId.empty()      ? profile.clientId
                    : profile.environment.embedded ? m_embeddedClientId
                                                   : std::string();
    if (!profile.scopes.empty())
        form.scopes = profile.scopes;
    // A typed secret belongs to the client it was typed for: it never follows the user to
    // another environment's token endpoint. One from LIMITRAIL_CLIENT_SECRET stays.
    if (!form.secretFromEnvironment)
        form.secret = profile.environment.embedded ? m_embeddedSecret : Secret();
}

void Controller::setClient(std::string clientId, Secret secret, bool fromEnvironment) {
    m_state.tokenForm.clientId = std::move(clientId);
    m_state.tokenForm.secret = std::move(secret);
    m_state.tokenForm.secretFromEnvironment = fromEnvironment;
}

void Controller::restoreSettings(const std::string& sandboxUrl) {
    // 1. Settings: a broken file is reported and defaults are used.
    SettingsLoad load = loadSettings(settingsPath());
    m_settings = std::move(load.settings);
    if (!load.warning.empty())
        m_state.statusLine = load.warning;
    m_environments.setSandboxBase(sandboxUrl);
    restoreEnvironments(m_settings, m_environments);
    m_state.limits.bodyCap = m_settings.responseBodyCap;
    m_state.limits.allowInsecureHttp = m_settings.allowInsecureHttp;
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
    m_environments.setClientId(m_state.tokenForm.clientId);
    m_environments.setScopes(m_state.tokenForm.scopes);
    captureEnvironments(m_environments, m_settings);
    m_settings.responseBodyCap = m_state.limits.bodyCap;
    m_settings.allowInsecureHttp = m_state.limits.allowInsecureHttp;
    m_settings.docsLang = m_state.docsLang;
    m_settings.historyRetention = m_state.history.retention;
    m_settingsWriter.save(settingsPath(), m_settings); // written off the UI thread
}

void Controller::onSwitchEnvironment(const std::string& name) {
    // The environment being left remembers its client and scopes.
    m_environments.setClientId(m_state.tokenForm.clientId);
    m_environments.setScopes(m_state.tokenForm.scopes);
    bool changed = false;
    if (!m_environments.select(name, &changed)) {
        m_state.statusLine = "No environment called " + name;
        return;
    }
    // setEnvironment drops the previous environment's token: it was issued for another host.
    setEnvironment(m_environments.active().environment);
    applyProfileClient();
    m_state.sandbox.healthChecked = false;
    if (m_state.environment.embedded)
        onCheckHealth();
    saveSettings();
}

void Controller::onReopen(HistoryEntry&& entry) {
    // 1. The Request window: the endpoint, and the inputs the stored URL and body carried.
    const int index = m_state.catalogue.indexOf(entry.method, entry.pathTemplate);
    if (index >= 0) {
        m_state.selectedEndpoint = index;
        const Endpoint& endpoint = m_state.catalogue.endpoints[std::size_t(index)];
        ensureForm(endpoint);
        restoreFormFromUrl(endpoint, entry.url, m_state.forms.values[endpoint.key()]);
        if (std::optional<std::string> body = requestBodyOf(entry.requestJson))
            m_state.forms.bodies[endpoint.key()] = *body;
    }

    // 2. The Response window, as if the call had just come back.
    Execution& execution = m_state.execution;
    execution = Execution{};
    execution.phase = entry.status > 0 ? ExecutionPhase::Done : ExecutionPhase::Failed;
    execution.endpointKey = entry.method + " " + entry.pathTemplate;
    execution.storedRequestJson = entry.requestJson;
    execution.request.method = entry.method;
    execution.request.url = entry.url;
    execution.response.request = execution.request;
    execution.response.status = entry.status;
    execution.response.reason = reasonPhrase(entry.status);
    execution.response.headers = std::move(entry.responseHeaders);
    execution.response.errorMessage = entry.error;
    execution.response.error = entry.status > 0 ? TransportError::None : TransportError::Other;
    execution.response.timings = entry.timings;
    if (entry.status >= 400)
        execution.problem = parseProblem(entry.body);
    execution.response.body = std::make_shared<Body>(entry.body);
    execution.pretty = PrettyIndex::build(execution.response.body);
    execution.bodyIsJson = !entry.body.empty() && (entry.body[0] == '{' || entry.body[0] == '[');
    execution.notes.push_back("Reopened from history (call #" + std::to_string(entry.id) + ")" +
                              (entry.bodyTruncated()
                                   ? ", body cut at " + std::to_string(entry.body.size()) + " of " +
                                         std::to_string(entry.bodySize) + " bytes"
                                   : std::string()) +
                              ".");
}

void Controller::apply(const Command& command) {
    if (m_stats->apply(command) || m_lists.apply(command) || m_tree.apply(command))
        return;
    if (std::holds_alternative<cmd::TreeShow>(command)) {
        m_tree.show(m_state.execution.response.body);
        return;
    }
    if (const auto* open = std::get_if<cmd::OpenCall>(&command)) {
        onOpenCall(*open);
        return;
    }
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
                if (m_history) // settings are restored: keep the choice across a restart
                    saveSettings();
            } else if constexpr (std::is_same_v<T, cmd::OpenSwagger>) {
                const std::string url = joinUrl(m_state.environment.apiBase, "/swagger");
                logInfo("ui", "opening " + url);
                if (m_services.openUrl)
                    m_services.openUrl(url);
            } else if constexpr (std::is_same_v<T, cmd::CheckHealth>) {
                onCheckHealth();
            } else if constexpr (std::is_same_v<T, cmd::Send>) {
                onSend(c);
            } else if constexpr (std::is_same_v<T, cmd::CancelSend>) {
                if (m_inFlight)
                    m_inFlight->cancel();
            } else if constexpr (std::is_same_v<T, cmd::SetField>) {
                onSetField(c);
            } else if constexpr (std::is_same_v<T, cmd::SetBody>) {
                if (const Endpoint* endpoint = m_state.selected())
                    m_state.forms.bodies[endpoint->key()] = c.text;
            } else if constexpr (std::is_same_v<T, cmd::SetScopes>) {
                m_state.tokenForm.scopes = c.scopes;
            } else if constexpr (std::is_same_v<T, cmd::GetTokenWithScope>) {
                onGetTokenWithScope(c.scope);
            } else if constexpr (std::is_same_v<T, cmd::SetReveal>) {
                m_state.reveal = c.reveal;
            } else if constexpr (std::is_same_v<T, cmd::CopyAsCurl>) {
                onCopyAsCurl();
            } else if constexpr (std::is_same_v<T, cmd::FocusField>) {
                onFocusField(c.name);
            } else if constexpr (std::is_same_v<T, cmd::ResetForm>) {
                if (const Endpoint* endpoint = m_state.selected()) {
                    m_state.forms.values.erase(endpoint->key());
                    m_state.forms.bodies.erase(endpoint->key());
                    ensureForm(*endpoint);
                }
            } else if constexpr (std::is_same_v<T, cmd::SetLimits>) {
                m_state.limits.bodyCap = std::max<std::size_t>(c.bodyCapBytes, 1024);
                m_state.limits.allowInsecureHttp = c.allowInsecureHttp;
                saveSettings();
            } else if constexpr (std::is_same_v<T, cmd::SwitchEnvironment>) {
                onSwitchEnvironment(c.name);
            } else if constexpr (std::is_same_v<T, cmd::SaveCustomEnvironment>) {
                const std::string error =
                    m_environments.saveCustom(c.originalName, c.name, c.apiBase, c.oauthBase);
                m_state.statusLine = error.empty() ? "Saved environment " + c.name : error;
                refreshEnvironmentList();
                if (error.empty() && m_state.environment.name == c.originalName)
                    setEnvironment(m_environments.active().environment);
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
    return m_state.execution.phase == ExecutionPhase::Sending || m_stats->animating() ||
           m_lists.busy() || m_tree.busy() || sendHeldSeconds() > 0 ||
           (m_state.forms.highlightUntil > 0 && now() < m_state.forms.highlightUntil);
}

bool Controller::busy() const {
    return m_state.execution.phase == ExecutionPhase::Sending || m_tokenFetchInFlight;
}

const Endpoint* Controller::endpointAt(int index) const {
    if (index < 0 || index >= int(m_state.catalogue.endpoints.size()))
        return nullptr;
    return &m_state.catalogue.endpoints[std::size_t(index)];
}

void Controller::ensureForm(const Endpoint& endpoint) {
    const std::string key = endpoint.key();
    if (m_state.forms.values.count(key))
        return;
    FormValues initial = initialFormValues(endpoint);
    m_state.forms.values[key] = std::move(initial.values);
    m_state.forms.bodies[key] = std::move(initial.body);
}

FormValues Controller::formFor(const Endpoint& endpoint) const {
    FormValues form;
    const std::string key = endpoint.key();
    if (auto it = m_state.forms.values.find(key); it != m_state.forms.values.end())
        form.values = it->second;
    if (auto it = m_state.forms.bodies.find(key); it != m_state.forms.bodies.end())
        form.body = it->second;
    return form;
}

void Controller::onSelectEndpoint(const cmd::SelectEndpoint& command) {
    const int index = m_state.catalogue.indexOf(command.method, command.path);
    if (index < 0) {
        m_state.statusLine = "No endpoint " + command.method + " " + command.path;
        return;
    }
    m_state.selectedEndpoint = index;
    m_state.forms.missing.clear();
    m_state.forms.buildError.clear();
    m_state.forms.scopeWarning.clear();
    ensureForm(*endpointAt(index));
}

void Controller::onSetField(const cmd::SetField& command) {
    const Endpoint* endpoint = m_state.selected();
    if (command.name == "client_id") {
        m_state.tokenForm.clientId = command.value;
    } else if (command.name == "client_secret") {
        m_state.tokenForm.secret.set(command.value);
        m_state.tokenForm.secretFromEnvironment = false;
    } else if (command.name == "scope") {
        m_state.tokenForm.scopes = splitScopes(command.value);
    } else if (endpoint) {
        m_state.forms.values[endpoint->key()][command.name] = command.value;
    }
    // Typing into a flagged input clears its flag.
    auto& missing = m_state.forms.missing;
    missing.erase(std::remove(missing.begin(), missing.end(), command.name), missing.end());
}

void Controller::onSend(const cmd::Send& command) {
    const Endpoint* endpoint = m_state.selected();
    if (!endpoint || busy())
        return;
    ++m_sendAttempts;
    const std::uint64_t attempt = m_sendAttempts;
    if (const double held = sendHeldSeconds(); held > 0 && !endpoint->isTokenEndpoint) {
        m_state.statusLine = "Rate limited (429): Send again in " +
                             std::to_string(int(std::ceil(held))) + " s; nothing was sent.";
        m_sendsSettled = attempt;
        return;
    }
    sendAttempt(*endpoint, command);
    // Refused before anything went out (missing input, scope warning): settled at once.
    if (!busy() && m_sendsSettled < attempt)
        m_sendsSettled = attempt;
}

void Controller::sendAttempt(const Endpoint& current, const cmd::Send& command) {
    const Endpoint* endpoint = &current;
    m_state.forms.missing.clear();
    m_state.forms.buildError.clear();
    m_state.forms.scopeWarning.clear();

    if (endpoint->isTokenEndpoint) {
        fetchToken(m_state.tokenForm.scopes, std::nullopt, true);
        return;
    }

    // Check the form before anything else goes out, a token fetch included.
    const BuildResult dryRun = buildApiRequest(*endpoint, formFor(*endpoint), m_state.environment,
                                               nullptr, &m_state.tokenForm.secret, command.anyway);
    if (!dryRun.request) {
        m_state.forms.missing = dryRun.missing;
        m_state.forms.buildError = dryRun.error;
        m_state.statusLine =
            !dryRun.error.empty() ? dryRun.error : "Required input missing; nothing was sent.";
        return;
    }

    // A call that needs a token gets one first when there is none or it has expired.
    const bool needsToken = !endpoint->scope.empty();
    const TokenStatus status = m_state.token.status(Clock::now());
    if (needsToken && status != TokenStatus::Valid) {
        std::vector<std::string> scopes = m_state.tokenForm.scopes;
        if (std::find(scopes.begin(), scopes.end(), endpoint->scope) == scopes.end())
            scopes.push_back(endpoint->scope);
        PendingCall pending;
        pending.endpointIndex = m_state.selectedEndpoint;
        pending.anyway = command.anyway;
        pending.notes.push_back(status == TokenStatus::Missing
                                    ? "There was no token, so one was fetched first."
                                    : "The token had expired, so a new one was fetched first.");
        fetchToken(std::move(scopes), std::move(pending), false);
        return;
    }

    // Warn before sending with a token that lacks the endpoint's scope.
    if (needsToken && !command.anyway && !m_state.token.hasScope(endpoint->scope)) {
        m_state.forms.scopeWarning = endpoint->scope;
        m_state.statusLine = "The token lacks " + endpoint->scope + "; nothing was sent.";
        return;
    }
    sendApiCall(m_state.selectedEndpoint, command.anyway, false, {});
}

void Controller::sendApiCall(int endpointIndex, bool anyway, bool isRetry,
                             std::vector<std::string> notes) {
    const Endpoint* endpoint = endpointAt(endpointIndex);
    if (!endpoint)
        return;
    const BuildResult built = buildApiRequest(*endpoint, formFor(*endpoint), m_state.environment,
                                              &m_state.token, &m_state.tokenForm.secret, anyway);
    if (!built.request) {
        m_state.forms.missing = built.missing;
        m_state.forms.buildError = built.error;
        m_state.statusLine =
            !built.error.empty() ? built.error : "Required input missing; nothing was sent.";
        if (m_state.execution.phase == ExecutionPhase::Sending)
            m_state.execution.phase = ExecutionPhase::NotSent;
        return;
    }

    CallContext context;
    context.kind = CallKind::Api;
    context.endpointIndex = endpointIndex;
    context.anyway = anyway;
    context.isRetry = isRetry;
    context.notes = std::move(notes);
    submit(*built.request, endpoint->key(), std::move(context));
}

void Controller::fetchToken(std::vector<std::string> scopes, std::optional<PendingCall> then,
                            bool showInResponse) {
    const BuildResult built = buildTokenRequest(m_state.environment, m_state.tokenForm.clientId,
                                                m_state.tokenForm.secret, scopes);
    if (!built.request) {
        m_state.forms.missing = built.missing;
        m_state.statusLine =
            "The token form is incomplete (" + joinScopes(built.missing) + "); nothing was sent.";
        if (m_state.execution.phase == ExecutionPhase::Sending)
            m_state.execution.phase = ExecutionPhase::NotSent;
        return;
    }
    m_tokenFetchInFlight = true;

    CallContext context;
    context.kind = CallKind::Token;
    context.showInResponse = showInResponse;
    context.then = std::move(then);
    if (context.then)
        context.notes = context.then->notes;
    const Endpoint* tokenEndpoint = nullptr;
    for (const Endpoint& e : m_state.catalogue.endpoints)
        if (e.isTokenEndpoint)
            tokenEndpoint = &e;
    submit(*built.request, tokenEndpoint ? tokenEndpoint->key() : "POST /connect/token",
           std::move(context));
}

void Controller::submit(HttpRequest request, std::string endpointKey, CallContext context) {
    // The Response window shows "Sending…" from the first job of a user's action on.
    if (m_state.execution.phase != ExecutionPhase::Sending) {
        m_state.execution = Execution{};
        m_state.execution.phase = ExecutionPhase::Sending;
        m_state.execution.sentAtSeconds = now();
    }
    m_state.execution.endpointKey = endpointKey;
    m_state.execution.request = request;
    m_state.execution.notes = context.notes;

    // What the history needs, taken now on the UI thread; the record is made on the worker.
    HistoryContext history;
    history.environment = m_state.environment.name;
    history.pathTemplate = endpointKey.substr(endpointKey.find(' ') + 1);
    history.bodyCap = m_settings.historyBodyCap;
    history.knownSecrets = {m_state.tokenForm.secret.reveal(), m_state.token.accessToken};

    HttpJob job;
    job.request = std::move(request);
    job.limits = m_state.limits;
    m_inFlight = job.cancel;
    const CallKind kind = context.kind;
    History* store = m_history.get();
    job.onComplete = [this, kind, store, history = std::move(history), context = std::move(context),
                      endpointKey](HttpResponse&& response) mutable {
        // Worker thread: record and parse here so the UI thread only swaps in the results.
        if (store)
            store->record(makeHistoryEntry(response, history));
        auto result = std::make_shared<CallResult>(processResponse(std::move(response), kind));
        m_inbox.post([this, context = std::move(context), result, endpointKey]() mutable {
            recordStats(endpointKey, result->response);
            onCallFinished(std::move(context), std::move(*result));
        });
    };
    m_state.execution.jobId = m_worker->submit(std::move(job));
}

void Controller::recordStats(const std::string& endpointKey, const HttpResponse& response) {
    // endpointKey is "METHOD /path/template"; the stats derive the sent-at time themselves.
    const auto space = endpointKey.find(' ');
    if (space == std::string::npos)
        return;
    m_stats->recordCall(
        {m_state.environment.name, endpointKey.substr(0, space), endpointKey.substr(space + 1)},
        response);
}

CallResult processResponse(HttpResponse&& response, CallKind kind) {
    const auto started = Clock::now();
    CallResult result;
    const std::string_view body = response.body ? response.body->view() : std::string_view();
    result.pretty = PrettyIndex::build(response.body);
    const auto first = body.find_first_not_of(" \t\r\n");
    result.bodyIsJson =
        first != std::string_view::npos && (body[first] == '{' || body[first] == '[');
    const std::string* type = findHeader(response.headers, "Content-Type");
    const bool declaredJson = type && type->find("json") != std::string::npos;
    // No body at all (a reopened call whose body was not kept) has nothing to check.
    if ((result.bodyIsJson || declaredJson) && response.ok() && response.body &&
        body.size() <= kJsonCheckLimit) {
        result.bodyWarning = jsonWarning(body);
        result.bodyIsJson = result.bodyWarning.empty();
    }
    if (response.ok() && response.status >= 400)
        result.problem = parseProblem(body);
    if (kind == CallKind::Token && response.ok() && response.status == 200) {
        TokenParse parsed = parseTokenResponse(body, Clock::now());
        result.token = std::move(parsed.token);
        result.tokenError = std::move(parsed.error);
    }
    result.response = std::move(response);
    result.response.timings.parseMs =
        std::chrono::duration<double, std::milli>(Clock::now() - started).count();
    return result;
}

void Controller::onCallFinished(CallContext context, CallResult result) {
    std::string statusNote; // a refused token or a 429 hold, after the status
    HttpResponse& response = result.response;
    if (context.kind == CallKind::Token) {
        m_tokenFetchInFlight = false;
        if (result.token) {
            m_state.token = std::move(*result.token);
            m_state.statusLine = "Token valid for " +
                                 std::to_string(m_state.token.expiresInSeconds) +
                                 " s, scopes: " + joinScopes(m_state.token.scopes);
            logInfo("auth", "token received, scopes: " + joinScopes(m_state.token.scopes));
            if (context.then && !context.showInResponse) {
                const PendingCall then = std::move(*context.then);
                sendApiCall(then.endpointIndex, then.anyway, then.isRetry, then.notes);
                return;
            }
        } else {
            // The call that waited for this token is not sent; the token answer explains why.
            if (!result.tokenError.empty()) {
                context.notes.push_back("The token answer was refused: " + result.tokenError + ".");
                statusNote = context.notes.back();
            }
            if (context.then)
                context.notes.push_back(
                    "The token request failed, so " +
                    m_state.catalogue.endpoints[std::size_t(context.then->endpointIndex)].key() +
                    " was not sent.");
            logWarn("auth", "token request failed: " +
                                (response.ok() ? "status " + std::to_string(response.status)
                                               : response.errorMessage));
        }
    } else {
        // A 401 invalid_token gets one new token and one retry, never a loop.
        const std::string* header = findHeader(response.headers, "WWW-Authenticate");
        const std::optional<AuthChallenge> challenge =
            header ? parseWwwAuthenticate(*header) : std::nullopt;
        const bool invalidToken = response.status == 401 && challenge &&
                                  challenge->params.count("error") &&
                                  challenge->params.at("error") == "invalid_token";
        if (invalidToken && !context.isRetry) {
            PendingCall retry;
            retry.endpointIndex = context.endpointIndex;
            retry.anyway = context.anyway;
            retry.isRetry = true;
            retry.notes = context.notes;
            retry.notes.push_back("401 invalid_token: fetched a new token and retried once.");
            std::vector<std::string> scopes =
                m_state.token.scopes.empty() ? m_state.tokenForm.scopes : m_state.token.scopes;
            m_state.token = Token{};
            fetchToken(std::move(scopes), std::move(retry), false);
            return;
        }
        if (response.status == 403 && challenge && challenge->params.count("scope"))
            m_state.forms.scopeWarning = challenge->params.at("scope");
        if (response.status == 429)
            statusNote = holdSendForRetryAfter(response, context.notes);
        if (const std::string* location = findHeader(response.headers, "Location");
            location && response.status / 100 == 3)
            context.notes.push_back("Redirect to " + sanitizeUtf8(*location) +
                                    " not followed: the token is never sent to another host.");
    }
    if (!result.bodyWarning.empty())
        context.notes.push_back(std::move(result.bodyWarning));

    m_state.execution.notes = std::move(context.notes);
    m_state.execution.request = response.request;
    m_state.execution.phase = response.ok() ? ExecutionPhase::Done : ExecutionPhase::Failed;
    m_state.execution.response = std::move(response);
    m_state.execution.pretty = std::move(result.pretty);
    m_state.execution.bodyIsJson = result.bodyIsJson;
    m_state.execution.problem = std::move(result.problem);
    m_inFlight.reset();
    m_sendsSettled = m_sendAttempts;
    const HttpResponse& shown = m_state.execution.response;
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f ms", shown.timings.durationMs);
    m_state.statusLine = shown.ok() ? m_state.execution.endpointKey + " \xE2\x86\x92 " +
                                          std::to_string(shown.status) + " " + shown.reason +
                                          " in " + duration
                                    : shown.errorMessage;
    if (!statusNote.empty())
        m_state.statusLine += " \xC2\xB7 " + statusNote;
    if (context.kind == CallKind::Api)
        openListIfAny();
}

std::string Controller::holdSendForRetryAfter(const HttpResponse& response,
                                              std::vector<std::string>& notes) {
    // No automatic retry: Send is held for the server's wait (capped), then the user decides.
    const std::string* header = findHeader(response.headers, "Retry-After");
    const std::optional<std::chrono::seconds> asked =
        header ? parseRetryAfter(*header, std::chrono::system_clock::now()) : std::nullopt;
    const std::chrono::seconds wait =
        asked ? std::min(*asked, kMaxRetryAfterWait) : kRateLimitWaitWithoutHint;
    m_state.sendHeldUntil = now() + double(wait.count());

    const std::string seconds = std::to_string(wait.count()) + " s";
    if (asked && *asked > kMaxRetryAfterWait)
        notes.push_back("429: Retry-After asks for " + std::to_string(asked->count()) +
                        " s; Send is held for the console's maximum of " + seconds + ".");
    else if (asked)
        notes.push_back("429: Retry-After " + sanitizeUtf8(*header) + ": Send is held for " +
                        seconds + ".");
    else if (header)
        notes.push_back("429: Retry-After \"" + sanitizeUtf8(header->substr(0, 60)) +
                        "\" is neither seconds nor an HTTP date; Send is held for " + seconds +
                        ".");
    else
        notes.push_back("429 without Retry-After: Send is held for " + seconds + ".");
    return "Rate limited (429): Send again in " + seconds + ".";
}

double Controller::sendHeldSeconds() const {
    return std::max(0.0, m_state.sendHeldUntil - now());
}

void Controller::openListIfAny() {
    // A 2xx list answer fills the List browser; the check reads only the body's first bytes.
    const HttpResponse& response = m_state.execution.response;
    if (!response.ok() || response.status < 200 || response.status > 299 || !response.body ||
        !looksLikeList(response.body->view()))
        return;
    m_lists.open(response.body, m_state.execution.endpointKey, m_state.execution.request,
                 m_state.limits);
}

void Controller::onGetTokenWithScope(const std::string& scope) {
    if (busy())
        return;
    auto& scopes = m_state.tokenForm.scopes;
    if (!scope.empty() && std::find(scopes.begin(), scopes.end(), scope) == scopes.end())
        scopes.push_back(scope);
    m_state.forms.scopeWarning.clear();
    fetchToken(scopes, std::nullopt, true);
}

void Controller::onCopyAsCurl() {
    const Endpoint* endpoint = m_state.selected();
    if (!endpoint)
        return;
    BuildResult built = endpoint->isTokenEndpoint
                            ? buildTokenRequest(m_state.environment, m_state.tokenForm.clientId,
                                                m_state.tokenForm.secret, m_state.tokenForm.scopes)
                            : buildApiRequest(*endpoint, formFor(*endpoint), m_state.environment,
                                              &m_state.token, &m_state.tokenForm.secret, true);
    if (!built.request) {
        m_state.statusLine =
            "Nothing to copy: " + (built.error.empty() ? "the form is incomplete" : built.error);
        return;
    }
    // The endpoint needs a token even when the console has none yet: show where it goes.
    if (!endpoint->isTokenEndpoint && !endpoint->scope.empty() &&
        !findHeader(built.request->headers, "Authorization"))
        built.request->headers.push_back({"Authorization", "Bearer $LIMITRAIL_TOKEN"});
    m_state.lastCurl = toCurl(*built.request);
    if (m_services.setClipboard)
        m_services.setClipboard(m_state.lastCurl);
    m_state.statusLine = "Copied as curl (token as $LIMITRAIL_TOKEN, secret as "
                         "$LIMITRAIL_CLIENT_SECRET).";
}

void Controller::onFocusField(const std::string& name) {
    const Endpoint* endpoint = m_state.selected();
    if (!endpoint)
        return;
    const std::string field = matchFieldName(*endpoint, name);
    m_state.forms.highlightField = field.empty() ? name : field;
    m_state.forms.highlightUntil = now() + 4.0;
    ++m_state.forms.focusRequest;
}

void Controller::onCheckHealth() {
    HttpJob job;
    job.request.method = "GET";
    job.request.url = joinUrl(m_state.environment.apiBase, "/health");
    job.limits.deadlineMs = 5000;
    m_state.sandbox.healthChecked = false;
    // The console's own probe, not a call the user made: it stays out of the history.
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

} // namespace lr
