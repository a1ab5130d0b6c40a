#pragma once

// What windows and scripts ask the Controller to do. Both go through the same CommandSink, so
// a scripted step and a click take the same path.

#include "core/Catalogue.hpp"
#include "core/HistoryTypes.hpp"

#include <string>
#include <variant>
#include <vector>

namespace lr {
namespace cmd {

struct SelectEndpoint {
    std::string method;
    std::string path;
};
struct SetDocsLang {
    Lang lang = Lang::En;
};
struct OpenSwagger {};
struct CheckHealth {};

// Environments (issue 8). Switching drops the previous environment's token.
struct SwitchEnvironment {
    std::string name;
};
/// Adds a custom environment, or edits the one called `originalName`.
struct SaveCustomEnvironment {
    std::string originalName; // empty: add
    std::string name;
    std::string apiBase;
    std::string oauthBase;
};
struct RemoveCustomEnvironment {
    std::string name;
};

// History (issue 8).
struct HistoryQuery {
    HistoryFilter filter;
};
/// Reopens a stored call into the Request and Response windows: by id, or with newest = N the
/// N-th newest (1 = the newest).
struct HistoryOpen {
    std::int64_t id = 0;
    std::int64_t newest = 0;
};
struct HistoryClear {};
struct HistorySetRetention {
    HistoryRetention retention;
};

} // namespace cmd

using Command =
    std::variant<cmd::SelectEndpoint, cmd::SetDocsLang, cmd::OpenSwagger, cmd::CheckHealth,
                 cmd::SwitchEnvironment, cmd::SaveCustomEnvironment, cmd::RemoveCustomEnvironment,
                 cmd::HistoryQuery, cmd::HistoryOpen, cmd::HistoryClear, cmd::HistorySetRetention>;

class CommandSink {
public:
    void push(Command command) { m_commands.push_back(std::move(command)); }
    std::vector<Command> take() { return std::exchange(m_commands, {}); }
    [[nodiscard]] bool empty() const { return m_commands.empty(); }

private:
    std::vector<Command> m_commands;
};

} // namespace lr
