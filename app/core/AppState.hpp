#pragma once

// Everything the windows draw, owned by the UI thread through the Controller. Windows read it
// and push Commands; they never change it directly.

#include "core/Catalogue.hpp"
#include "core/HistoryTypes.hpp"
#include "core/Http.hpp"
#include "core/PrettyText.hpp"
#include "core/Problem.hpp"
#include "core/Token.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lr {

struct Environment {
    std::string name = "Sandbox"; // Sandbox, Staging, Production, or a custom name
    std::string apiBase;
    std::string oauthBase;
    bool embedded = false; // the in-process sandbox
};

enum class ExecutionPhase { NotSent, Sending, Done, Failed };

/// The Response window's model of the last call.
struct Execution {
    ExecutionPhase phase = ExecutionPhase::NotSent;
    std::uint64_t jobId = 0;
    std::string endpointKey;       // "GET /v1/accounts"
    double sentAtSeconds = 0.0;    // UI clock, for the live "Sending… 0.4 s"
    HttpRequest request;           // as sent (the pane redacts it)
    std::string storedRequestJson; // a call reopened from history: its request, redacted on disk
    HttpResponse response;         // valid once phase is Done or Failed
    std::optional<Problem> problem;
    std::shared_ptr<const PrettyIndex> pretty; // the body's line index, built on the worker
    bool bodyIsJson = false;
    std::vector<std::string> notes; // "Token fetched first", "401: new token, retried once"
};

/// The token endpoint's form. The secret lives here, in memory only.
struct TokenForm {
    std::string clientId;
    Secret secret;
    bool secretFromEnvironment = false; // LIMITRAIL_CLIENT_SECRET
    std::vector<std::string> scopes;    // selected, in catalogue order
};

/// Per-endpoint form values and what the last Send attempt found wrong with them.
struct RequestForms {
    std::map<std::string, std::map<std::string, std::string>> values; // by endpoint key
    std::map<std::string, std::string> bodies;                        // by endpoint key
    std::vector<std::string> missing; // required inputs the last Send found empty
    std::string buildError;           // another reason the last Send sent nothing
    std::string scopeWarning;         // the endpoint's scope the token lacks
    std::string highlightField;       // focused from an error card's field link
    double highlightUntil = 0.0;      // UI clock
    int focusRequest = 0;             // bumped to ask the form to focus highlightField
};

struct SandboxStatus {
    bool running = false;
    std::string url;
    bool healthChecked = false;
    bool healthy = false;
    double healthMs = 0.0;
    std::string healthError;
};

struct AppState {
    Environment environment;
    /// Every environment the top bar offers: the three built-in ones, then the custom ones.
    std::vector<Environment> environments;
    Lang docsLang = Lang::En;

    Catalogue catalogue;
    bool catalogueLoaded = false;
    std::string catalogueError; // shown instead of an empty window

    int selectedEndpoint = -1; // index into catalogue.endpoints

    Execution execution;
    Token token; // memory only
    TokenForm tokenForm;
    RequestForms forms;
    bool reveal = false;  // show Authorization and client_secret in the request pane
    HttpLimits limits;    // every call's body cap, timeouts and the http:// guard
    std::string lastCurl; // what Copy as curl put on the clipboard
    SandboxStatus sandbox;
    std::string statusLine;
    HistoryModel history; // written by History only
    // A 429 holds Send until this UI-clock time (its Retry-After, capped); the windows count
    // down to it and Send is refused before then, so a rate limit never meets a retry storm.
    double sendHeldUntil = 0.0;

    [[nodiscard]] const Endpoint* selected() const {
        if (selectedEndpoint < 0 || selectedEndpoint >= int(catalogue.endpoints.size()))
            return nullptr;
        return &catalogue.endpoints[std::size_t(selectedEndpoint)];
    }
};

} // namespace lr
