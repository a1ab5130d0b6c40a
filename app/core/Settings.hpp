#pragma once

// What the console remembers between runs, in $XDG_CONFIG_HOME/limitrail-console/settings.json:
// the environment, each environment's client id and scopes, custom environments, the docs
// language, the history body cap and retention. The window layout is ImGui's own imgui.ini
// beside it. There is deliberately no field for a client secret or a token.

#include "core/Catalogue.hpp"
#include "core/Environments.hpp"
#include "core/HistoryTypes.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace lr {

struct Settings {
    std::string environment = kSandboxName;
    std::vector<EnvironmentProfile> environments; // client ids, scopes, custom environments
    Lang docsLang = Lang::En;
    std::size_t historyBodyCap = kDefaultHistoryBodyCap;
    std::size_t responseBodyCap = std::size_t(1) << 30; // a larger answer fails cleanly
    bool allowInsecureHttp = false; // plain http:// to non-loopback hosts
    HistoryRetention historyRetention;
    bool historyWindowOpen = false;
    std::string layoutFile = "imgui.ini"; // ImGui's window layout, in the same directory
};

/// configDir()/settings.json.
std::filesystem::path settingsPath();

struct SettingsLoad {
    Settings settings;
    bool found = false;  // false on a first run: defaults, no warning
    std::string warning; // the file was unreadable or broken; defaults were used
};

/// Reads settings; a missing file gives defaults, a broken one gives defaults and a warning
/// (the broken file is kept as settings.json.broken for the user). Unknown keys are ignored;
/// a known key of the wrong type keeps its default.
SettingsLoad loadSettings(const std::filesystem::path& path);

/// The settings as JSON text (what saveSettings writes).
std::string settingsToJson(const Settings& settings);

/// Writes atomically: a temporary file beside it, flushed, then renamed over the old one.
/// Returns "" or a message for the status line.
std::string saveSettings(const std::filesystem::path& path, const Settings& settings);

/// The environments part, both ways.
void captureEnvironments(const Environments& environments, Settings& settings);
void restoreEnvironments(const Settings& settings, Environments& environments);

} // namespace lr
