#pragma once

// The UI thread's owner of AppState. It applies Commands, submits jobs to the HTTP worker and
// receives their results through the UiInbox. It knows nothing of ImGui or GLFW: the platform
// hands it the few services it needs (open a URL, the clipboard, the clock).

#include "core/AppState.hpp"
#include "core/Commands.hpp"
#include "core/Environments.hpp"
#include "core/History.hpp"
#include "core/HttpWorker.hpp"
#include "core/JsonTree.hpp"
#include "core/ListSession.hpp"
#include "core/RequestBuilder.hpp"
#include "core/Settings.hpp"
#include "core/SettingsWriter.hpp"
#include "core/UiInbox.hpp"
#include "core/stats/StatsController.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace lr {

class ScriptRunner;

enum class CallKind { Api, Token };

/// What the worker hands back for one call: the response and what was parsed from it.
struct CallResult {
    HttpResponse response;
    std::shared_ptr<const PrettyIndex> pretty;
    bool bodyIsJson = false;
    std::optional<Problem> problem;
    std::optional<Token> token; // a token answer that parsed
    std::string tokenError;     // why a 200 token answer was refused
    std::string bodyWarning;    // why a body that looks like JSON is not shown as JSON
};

/// Runs on the worker: the body's pretty line index, ProblemDetails, token parse;
/// timings.parseMs filled.
CallResult processResponse(HttpResponse&& response, CallKind kind);

struct ControllerServices {
    std::function<void(const std::string& url)> openUrl;
    std::function<double()> now; // seconds, monotonic
    std::function<void(const std::string& text)> setClipboard;
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
    /// The token form's client and secret, e.g. from LIMITRAIL_CLIENT_SECRET on start-up.
    void setClient(std::string clientId, Secret secret, bool fromEnvironment);
    /// The embedded sandbox's demo client, filled in whenever the Sandbox environment is chosen
    /// and the user has not saved another client for it.
    void setEmbeddedClient(std::string clientId, Secret secret);

    /// Reads settings.json (environment, client ids, scopes, docs language, history options)
    /// and starts the history; the embedded sandbox's URL fills the Sandbox environment.
    void restoreSettings(const std::string& sandboxUrl);
    /// Hands settings.json to the writer thread; a failure goes to the status line.
    void saveSettings();
    [[nodiscard]] const Settings& settings() const { return m_settings; }
    Settings& mutableSettings() { return m_settings; }

    void apply(const Command& command);
    void applyAll(CommandSink& sink);

    /// True while something the user sees changes without input (a call in flight).
    [[nodiscard]] bool animating() const;
    /// True while a call or a token fetch is in flight.
    [[nodiscard]] bool busy() const;

    /// The form of the selected endpoint (created from the catalogue on first use).
    [[nodiscard]] FormValues formFor(const Endpoint& endpoint) const;

    /// Registers the verbs the core understands (see README, Scripted mode).
    void registerScriptVerbs(ScriptRunner& runner, CommandSink& sink);

    /// Sends asked for and sends whose outcome is on screen; equal when nothing is pending.
    [[nodiscard]] std::uint64_t sendAttempts() const { return m_sendAttempts; }
    [[nodiscard]] std::uint64_t sendsSettled() const { return m_sendsSettled; }

    /// Seconds until a 429's Retry-After lets Send go again; 0 when Send is free.
    [[nodiscard]] double sendHeldSeconds() const;

    /// The HTTP limits every call uses (body cap, timeouts); settable.
    HttpLimits& limits() { return m_state.limits; }

    /// Timing statistics of every call and the repeat runner (the Stats window reads it).
    [[nodiscard]] const stats::StatsController& stats() const { return *m_stats; }
    /// The list browser's model: a 2xx list answer opens in it (the List browser reads it).
    [[nodiscard]] const ListSession& lists() const { return m_lists; }
    /// The Response body's lazy tree (the Response window's Tree view reads it).
    [[nodiscard]] const JsonTree& tree() const { return m_tree; }

private:
    /// What to send once a token fetch started on its behalf completes.
    struct PendingCall {
        int endpointIndex = -1;
        bool anyway = false;
        bool isRetry = false;
        std::vector<std::string> notes;
    };

    /// Why a call was made, carried through the worker and back.
    struct CallContext {
        CallKind kind = CallKind::Api;
        int endpointIndex = -1;
        bool anyway = false;
        bool isRetry = false;
        bool showInResponse = false; // a token fetch the user asked for
        std::optional<PendingCall> then;
        std::vector<std::string> notes;
    };

    void onSelectEndpoint(const cmd::SelectEndpoint& command);
    void onCheckHealth();
    void onSend(const cmd::Send& command);
    void sendAttempt(const Endpoint& endpoint, const cmd::Send& command);
    void onSetField(const cmd::SetField& command);
    void onGetTokenWithScope(const std::string& scope);
    void onCopyAsCurl();
    void onFocusField(const std::string& name);
    void onOpenCall(const cmd::OpenCall& command);
    void recordStats(const std::string& endpointKey, const HttpResponse& response);
    [[nodiscard]] stats::StatsHooks statsHooks();

    void ensureForm(const Endpoint& endpoint);
    void sendApiCall(int endpointIndex, bool anyway, bool isRetry, std::vector<std::string> notes);
    void fetchToken(std::vector<std::string> scopes, std::optional<PendingCall> then,
                    bool showInResponse);
    void submit(HttpRequest request, std::string endpointKey, CallContext context);
    void onCallFinished(CallContext context, CallResult result);
    void openListIfAny();
    /// Holds Send for a 429's Retry-After; returns the status-line text.
    std::string holdSendForRetryAfter(const HttpResponse& response,
                                      std::vector<std::string>& notes);
    [[nodiscard]] double now() const { return m_services.now(); }
    [[nodiscard]] const Endpoint* endpointAt(int index) const;
    void onSwitchEnvironment(const std::string& name);
    void onReopen(HistoryEntry&& entry);
    void applyProfileClient();
    void refreshEnvironmentList();

    UiInbox& m_inbox;
    ControllerServices m_services;
    AppState m_state;
    CancelFlag m_inFlight; // the call the Cancel button stops
    // Each Send is an attempt; it settles when it is refused before sending or its last answer
    // is shown. Scripts wait on the two counters meeting.
    std::uint64_t m_sendAttempts = 0;
    std::uint64_t m_sendsSettled = 0;
    bool m_tokenFetchInFlight = false;
    Environments m_environments;
    std::string m_embeddedClientId;
    Secret m_embeddedSecret;
    Settings m_settings;
    // A failed write reaches the status line through the inbox; the writer finishes what is
    // waiting before the Controller goes.
    SettingsWriter m_settingsWriter{[this](const std::string& error) {
        m_inbox.post([this, error] { m_state.statusLine = error; });
    }};
    // Their workers post into m_inbox; they stop before it goes (main drains it only in run()).
    ListSession m_lists{m_inbox};
    JsonTree m_tree{m_inbox};
    std::unique_ptr<History> m_history; // before the worker: the worker records into it
    std::unique_ptr<stats::StatsController> m_stats; // its runner threads stop before m_state goes
    std::unique_ptr<HttpWorker> m_worker;            // last member: joined first on destruction
};

/// The form input that an error's PascalCase `field` names ("From" -> "from",
/// "IdempotencyKey" -> "Idempotency-Key"); empty when the endpoint has none.
std::string matchFieldName(const Endpoint& endpoint, const std::string& problemField);

/// Fills `values` with the path and query inputs a stored URL carried (redacted ones skipped).
void restoreFormFromUrl(const Endpoint& endpoint, const std::string& url,
                        std::map<std::string, std::string>& values);
/// The "body" member of a request JSON as the request pane shows it, pretty; nullopt if none.
std::optional<std::string> requestBodyOf(std::string_view requestJson);

/// A small JSON text (a JWT part, a stored request body) pretty-printed; other text is made
/// valid UTF-8. Bodies of responses use PrettyIndex instead.
std::string displayBody(std::string_view body, bool& isJson);

} // namespace lr
