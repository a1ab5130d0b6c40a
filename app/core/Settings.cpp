#include "core/Settings.hpp"

#include "core/Json.hpp"
#include "core/Paths.hpp"

#include <simdjson.h>

#include <cstdio>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace lr {
namespace fs = std::filesystem;

namespace {

constexpr int kSettingsVersion = 1;

// Reads `key` of `object` into `out` when present and of the right type; otherwise keeps `out`.
void readString(simdjson::dom::object object, const char* key, std::string& out) {
    std::string_view value;
    if (object[key].get_string().get(value) == simdjson::SUCCESS)
        out = std::string(value);
}

template <typename T>
void readInt(simdjson::dom::object object, const char* key, T& out, T minimum) {
    std::int64_t value = 0;
    if (object[key].get_int64().get(value) == simdjson::SUCCESS && value >= std::int64_t(minimum))
        out = T(value);
}

void readBool(simdjson::dom::object object, const char* key, bool& out) {
    bool value = false;
    if (object[key].get_bool().get(value) == simdjson::SUCCESS)
        out = value;
}

EnvironmentProfile readProfile(simdjson::dom::object object) {
    EnvironmentProfile profile;
    readString(object, "name", profile.environment.name);
    readBool(object, "custom", profile.custom);
    if (profile.custom) {
        readString(object, "apiBase", profile.environment.apiBase);
        readString(object, "oauthBase", profile.environment.oauthBase);
    }
    readString(object, "clientId", profile.clientId);
    simdjson::dom::array scopes;
    if (object["scopes"].get_array().get(scopes) == simdjson::SUCCESS) {
        for (simdjson::dom::element scope : scopes) {
            std::string_view text;
            if (scope.get_string().get(text) == simdjson::SUCCESS)
                profile.scopes.emplace_back(text);
        }
    }
    return profile;
}

bool parseSettings(const std::string& text, Settings& out, std::string& error) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (auto code = parser.parse(text).get(root); code != simdjson::SUCCESS) {
        error = simdjson::error_message(code);
        return false;
    }
    simdjson::dom::object object;
    if (root.get_object().get(object) != simdjson::SUCCESS) {
        error = "the top level is not an object";
        return false;
    }

    readString(object, "environment", out.environment);
    std::string lang;
    readString(object, "docsLang", lang);
    if (lang == "it")
        out.docsLang = Lang::It;
    readInt<std::size_t>(object, "historyBodyCap", out.historyBodyCap, 1024);
    readInt<std::size_t>(object, "responseBodyCap", out.responseBodyCap, 1024);
    readBool(object, "allowInsecureHttp", out.allowInsecureHttp);
    simdjson::dom::object history;
    if (object["historyRetention"].get_object().get(history) == simdjson::SUCCESS) {
        readInt<std::int64_t>(history, "maxEntries", out.historyRetention.maxEntries, 1);
        readInt<std::int64_t>(history, "maxBytes", out.historyRetention.maxBytes, 1 << 20);
    }
    readBool(object, "historyWindowOpen", out.historyWindowOpen);
    readString(object, "layoutFile", out.layoutFile);

    simdjson::dom::array environments;
    if (object["environments"].get_array().get(environments) == simdjson::SUCCESS) {
        for (simdjson::dom::element element : environments) {
            simdjson::dom::object profile;
            if (element.get_object().get(profile) == simdjson::SUCCESS)
                out.environments.push_back(readProfile(profile));
        }
    }
    return true;
}

} // namespace

fs::path settingsPath() {
    return configDir() / "settings.json";
}

SettingsLoad loadSettings(const fs::path& path) {
    SettingsLoad result;
    std::error_code ec;
    if (!fs::exists(path, ec))
        return result;

    std::string text;
    std::string error;
    result.found = true;
    if (!readFile(path, text, error)) {
        result.warning = "Settings not loaded (" + error + "); using defaults.";
        return result;
    }
    Settings parsed;
    if (!parseSettings(text, parsed, error)) {
        // Keep the broken file for the user; the next save writes a good one.
        const fs::path aside = path.string() + ".broken";
        fs::rename(path, aside, ec);
        result.warning = "Settings file " + path.string() + " is broken (" + error +
                         "); using defaults" + (ec ? "." : ", the old file is " + aside.string());
        return result;
    }
    result.settings = std::move(parsed);
    return result;
}

std::string settingsToJson(const Settings& s) {
    std::string json = "{\n  \"version\": " + std::to_string(kSettingsVersion);
    json += ",\n  \"environment\": ";
    appendJsonString(json, s.environment);
    json += ",\n  \"docsLang\": ";
    appendJsonString(json, toString(s.docsLang));
    json += ",\n  \"historyBodyCap\": " + std::to_string(s.historyBodyCap);
    json += ",\n  \"responseBodyCap\": " + std::to_string(s.responseBodyCap);
    json += std::string(",\n  \"allowInsecureHttp\": ") + (s.allowInsecureHttp ? "true" : "false");
    json += ",\n  \"historyRetention\": {\"maxEntries\": " +
            std::to_string(s.historyRetention.maxEntries) +
            ", \"maxBytes\": " + std::to_string(s.historyRetention.maxBytes) + "}";
    json += ",\n  \"historyWindowOpen\": ";
    json += s.historyWindowOpen ? "true" : "false";
    json += ",\n  \"layoutFile\": ";
    appendJsonString(json, s.layoutFile);

    json += ",\n  \"environments\": [";
    for (std::size_t i = 0; i < s.environments.size(); ++i) {
        const EnvironmentProfile& p = s.environments[i];
        json += i == 0 ? "\n    {" : ",\n    {";
        json += "\"name\": ";
        appendJsonString(json, p.environment.name);
        json += ", \"custom\": ";
        json += p.custom ? "true" : "false";
        if (p.custom) {
            json += ", \"apiBase\": ";
            appendJsonString(json, p.environment.apiBase);
            json += ", \"oauthBase\": ";
            appendJsonString(json, p.environment.oauthBase);
        }
        json += ", \"clientId\": ";
        appendJsonString(json, p.clientId);
        json += ", \"scopes\": [";
        for (std::size_t k = 0; k < p.scopes.size(); ++k) {
            if (k > 0)
                json += ", ";
            appendJsonString(json, p.scopes[k]);
        }
        json += "]}";
    }
    json += s.environments.empty() ? "]" : "\n  ]";
    json += "\n}\n";
    return json;
}

std::string saveSettings(const fs::path& path, const Settings& settings) {
    const std::string json = settingsToJson(settings);
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);

    // 1. A temporary file in the same directory, so the rename cannot cross file systems.
    const fs::path temporary = path.string() + ".tmp-" + std::to_string(::getpid());
    std::FILE* file = std::fopen(temporary.c_str(), "wb");
    if (!file)
        return "Settings not saved: cannot write " + temporary.string();
    const bool written = std::fwrite(json.data(), 1, json.size(), file) == json.size() &&
                         std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
    const bool closed = std::fclose(file) == 0;
    if (!written || !closed) {
        fs::remove(temporary, ec);
        return "Settings not saved: writing " + temporary.string() + " failed (disk full?)";
    }

    // 2. The rename replaces the old file in one step: a crash leaves the old or the new one.
    fs::rename(temporary, path, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        return "Settings not saved: " + ec.message();
    }
    return {};
}

void captureEnvironments(const Environments& environments, Settings& settings) {
    settings.environment = environments.active().environment.name;
    settings.environments = environments.all();
}

void restoreEnvironments(const Settings& settings, Environments& environments) {
    environments.restore(settings.environments, settings.environment);
}

} // namespace lr
