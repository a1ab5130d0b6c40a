#pragma once

// What windows and scripts ask the Controller to do. Both go through the same CommandSink, so
// a scripted step and a click take the same path.

#include "core/Catalogue.hpp"

#include <cstdint>
#include <string>
#include <utility>
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

// Stats window and repeat runner (core/stats/StatsController handles all but OpenCall).
struct StartRepeat {
    int total = 1;                // N
    int concurrency = 1;          // C
    double rateCap = 0;           // calls per second; 0: none
    bool remoteConfirmed = false; // set only by the confirmation popup
};
struct CancelRepeat {};
struct DismissRepeatConfirmation {};
struct ResetStats {
    bool all = true; // otherwise only environment + method + path
    std::string environment;
    std::string method;
    std::string path;
};
struct ExportStatsCsv {
    std::string path; // empty: dataDir()/stats-<unix time>.csv
};
/// Show a past call (a timeline mark) in the Response window; the Controller handles it.
struct OpenCall {
    std::uint64_t callId = 0;
};

} // namespace cmd

using Command =
    std::variant<cmd::SelectEndpoint, cmd::SetDocsLang, cmd::OpenSwagger, cmd::CheckHealth,
                 cmd::StartRepeat, cmd::CancelRepeat, cmd::DismissRepeatConfirmation,
                 cmd::ResetStats, cmd::ExportStatsCsv, cmd::OpenCall>;

class CommandSink {
public:
    void push(Command command) { m_commands.push_back(std::move(command)); }
    std::vector<Command> take() { return std::exchange(m_commands, {}); }
    [[nodiscard]] bool empty() const { return m_commands.empty(); }

private:
    std::vector<Command> m_commands;
};

} // namespace lr
