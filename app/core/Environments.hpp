#pragma once

// The environments the console can talk to: the embedded Sandbox, Staging, Production, and
// Custom ones the user adds. Each remembers its own client id and chosen scopes, so switching
// back finds them as they were. Never a secret or a token: those live in memory only.

#include "core/AppState.hpp"

#include <string>
#include <vector>

namespace lr {

class ScriptRunner;
class CommandSink;

struct EnvironmentProfile {
    Environment environment; // name, API and OAuth bases, embedded
    bool custom = false;
    std::string clientId;
    std::vector<std::string> scopes;
};

class Environments {
public:
    /// Sandbox (base URLs filled in by setSandboxBase), Staging and Production.
    Environments();

    [[nodiscard]] const std::vector<EnvironmentProfile>& all() const { return m_profiles; }
    [[nodiscard]] const EnvironmentProfile& active() const { return m_profiles[m_active]; }
    EnvironmentProfile& active() { return m_profiles[m_active]; }
    [[nodiscard]] const EnvironmentProfile* find(const std::string& name) const;
    EnvironmentProfile* find(const std::string& name);

    /// Makes `name` active. False (and nothing changes) when there is no such environment.
    /// The caller drops the previous environment's token when this returns true and
    /// `changed` is set.
    bool select(const std::string& name, bool* changed = nullptr);

    /// The embedded sandbox's loopback URL, known once it has started.
    void setSandboxBase(const std::string& url);

    /// Adds a custom environment, or edits the one called `originalName`. Returns an error
    /// for the user ("Staging is a built-in environment", "an API base URL is required", ...)
    /// or "" on success; client id and scopes of an edited one are kept.
    std::string saveCustom(const std::string& originalName, const std::string& name,
                           const std::string& apiBase, const std::string& oauthBase);
    /// Removes a custom environment; the Sandbox becomes active if it was the active one.
    std::string removeCustom(const std::string& name);

    void setClientId(const std::string& clientId) { active().clientId = clientId; }
    void setScopes(std::vector<std::string> scopes) { active().scopes = std::move(scopes); }

    /// Replaces the remembered client ids, scopes and custom environments with `saved`
    /// (from the settings file), then selects `activeName` when it exists. Built-in URLs are
    /// never taken from the file.
    void restore(const std::vector<EnvironmentProfile>& saved, const std::string& activeName);

    /// `env NAME` (case-insensitive; "Custom" alone is not a name). Pushes SwitchEnvironment.
    void registerScriptVerbs(ScriptRunner& runner, CommandSink& sink);

private:
    std::vector<EnvironmentProfile> m_profiles;
    std::size_t m_active = 0;
};

/// The built-in names, in the order of the environment combo.
inline constexpr const char* kSandboxName = "Sandbox";
inline constexpr const char* kStagingName = "Staging";
inline constexpr const char* kProductionName = "Production";

} // namespace lr
