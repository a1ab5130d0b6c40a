#include "core/Environments.hpp"

#include "core/Commands.hpp"
#include "core/Script.hpp"
#include "core/Url.hpp"

#include <algorithm>
#include <cctype>

namespace lr {
namespace {

EnvironmentProfile builtIn(const char* name, const char* api, const char* oauth) {
    EnvironmentProfile profile;
    profile.environment.name = name;
    profile.environment.apiBase = api;
    profile.environment.oauthBase = oauth;
    return profile;
}

bool sameName(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string checkBase(const char* what, const std::string& base) {
    if (base.empty())
        return std::string("an ") + what + " base URL is required";
    Url url;
    std::string error;
    if (!parseUrl(base, url, error))
        return std::string(what) + " base URL: " + error;
    return {};
}

} // namespace

Environments::Environments() {
    EnvironmentProfile sandbox = builtIn(kSandboxName, "", "");
    sandbox.environment.embedded = true;
    m_profiles.push_back(std::move(sandbox));
    m_profiles.push_back(
        builtIn(kStagingName, "https://stg-api.limitrail.com", "https://stg-oauth.limitrail.com"));
    m_profiles.push_back(
        builtIn(kProductionName, "https://api.limitrail.com", "https://oauth.limitrail.com"));
}

const EnvironmentProfile* Environments::find(const std::string& name) const {
    for (const EnvironmentProfile& profile : m_profiles)
        if (sameName(profile.environment.name, name))
            return &profile;
    return nullptr;
}

EnvironmentProfile* Environments::find(const std::string& name) {
    return const_cast<EnvironmentProfile*>(std::as_const(*this).find(name));
}

bool Environments::select(const std::string& name, bool* changed) {
    const EnvironmentProfile* profile = find(name);
    if (!profile)
        return false;
    const std::size_t index = std::size_t(profile - m_profiles.data());
    if (changed)
        *changed = index != m_active;
    m_active = index;
    return true;
}

void Environments::setSandboxBase(const std::string& url) {
    m_profiles[0].environment.apiBase = url;
    m_profiles[0].environment.oauthBase = url;
}

std::string Environments::saveCustom(const std::string& originalName, const std::string& name,
                                     const std::string& apiBase, const std::string& oauthBase) {
    // 1. The name: not empty, not a built-in, not taken by another custom one.
    if (name.empty())
        return "a name is required";
    if (sameName(name, "Custom"))
        return "'Custom' is the group, not a name; pick another";
    EnvironmentProfile* existing = find(name);
    if (existing && !existing->custom)
        return name + " is a built-in environment";
    EnvironmentProfile* edited = originalName.empty() ? nullptr : find(originalName);
    if (!originalName.empty() && (!edited || !edited->custom))
        return "no custom environment called " + originalName;
    if (existing && existing != edited)
        return "an environment called " + name + " already exists";

    // 2. The URLs must be absolute http(s) URLs; the HTTP layer guards plain http itself.
    if (std::string problem = checkBase("API", apiBase); !problem.empty())
        return problem;
    const std::string oauth = oauthBase.empty() ? apiBase : oauthBase;
    if (std::string problem = checkBase("OAuth", oauth); !problem.empty())
        return problem;

    if (!edited) {
        m_profiles.emplace_back();
        edited = &m_profiles.back();
        edited->custom = true;
    }
    edited->environment.name = name;
    edited->environment.apiBase = apiBase;
    edited->environment.oauthBase = oauth;
    edited->environment.embedded = false;
    return {};
}

std::string Environments::removeCustom(const std::string& name) {
    const EnvironmentProfile* profile = find(name);
    if (!profile || !profile->custom)
        return "no custom environment called " + name;
    const std::size_t index = std::size_t(profile - m_profiles.data());
    m_profiles.erase(m_profiles.begin() + std::ptrdiff_t(index));
    if (m_active == index)
        m_active = 0;
    else if (m_active > index)
        --m_active;
    return {};
}

void Environments::restore(const std::vector<EnvironmentProfile>& saved,
                           const std::string& activeName) {
    for (const EnvironmentProfile& profile : saved) {
        const std::string& name = profile.environment.name;
        if (profile.custom) {
            if (!saveCustom(find(name) ? name : "", name, profile.environment.apiBase,
                            profile.environment.oauthBase)
                     .empty())
                continue; // a broken custom entry is dropped, not fatal
        }
        EnvironmentProfile* target = find(name);
        if (!target || target->custom != profile.custom)
            continue;
        target->clientId = profile.clientId;
        target->scopes = profile.scopes;
    }
    if (!select(activeName))
        m_active = 0;
}

void Environments::registerScriptVerbs(ScriptRunner& runner, CommandSink& sink) {
    runner.registerVerb({"env", 1, 1, "env NAME   (Sandbox, Staging, Production or a custom name)",
                         nullptr, [this, &sink](StepContext& step) {
                             const EnvironmentProfile* profile = find(step.args[0]);
                             if (!profile) {
                                 step.error = "no environment called '" + step.args[0] + "'";
                                 return StepResult::Failed;
                             }
                             sink.push(cmd::SwitchEnvironment{profile->environment.name});
                             return StepResult::Done;
                         }});
}

} // namespace lr
