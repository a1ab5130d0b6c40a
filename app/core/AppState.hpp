#pragma once

// Everything the windows draw, owned by the UI thread through the Controller. Windows read it
// and push Commands; they never change it directly.

#include "core/Catalogue.hpp"
#include "core/HistoryTypes.hpp"
#include "core/Http.hpp"

#include <cstdint>
#include <string>

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
    double sentAtSeconds = 0.0; // UI clock, for the live "Sending… 0.4 s"
    HttpResponse response;      // valid once phase is Done or Failed
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
    Lang docsLang = Lang::En;

    Catalogue catalogue;
    bool catalogueLoaded = false;
    std::string catalogueError; // shown instead of an empty window

    int selectedEndpoint = -1; // index into catalogue.endpoints

    Execution execution;
    SandboxStatus sandbox;
    std::string statusLine;
    HistoryModel history; // written by History only

    [[nodiscard]] const Endpoint* selected() const {
        if (selectedEndpoint < 0 || selectedEndpoint >= int(catalogue.endpoints.size()))
            return nullptr;
        return &catalogue.endpoints[std::size_t(selectedEndpoint)];
    }
};

} // namespace lr
