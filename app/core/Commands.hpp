#pragma once

// What windows and scripts ask the Controller to do. Both go through the same CommandSink, so
// a scripted step and a click take the same path.

#include "core/Catalogue.hpp"

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
// List browser (ListSession): sort keys in priority order; filter text; export of the view.
struct ListSort {
    std::vector<std::pair<std::size_t, bool>> keys; // column, ascending
};
struct ListFilter {
    std::string text;
};
struct ListCancelQuery {};
struct ListExport {
    std::string path;
    bool ndjson = false; // CSV otherwise
};
struct ListCancelExport {};
struct ListSelectRow {
    long long row = -1; // table row, -1 for none
};

} // namespace cmd

using Command = std::variant<cmd::SelectEndpoint, cmd::SetDocsLang, cmd::OpenSwagger,
                             cmd::CheckHealth, cmd::ListSort, cmd::ListFilter, cmd::ListCancelQuery,
                             cmd::ListExport, cmd::ListCancelExport, cmd::ListSelectRow>;

class CommandSink {
public:
    void push(Command command) { m_commands.push_back(std::move(command)); }
    std::vector<Command> take() { return std::exchange(m_commands, {}); }
    [[nodiscard]] bool empty() const { return m_commands.empty(); }

private:
    std::vector<Command> m_commands;
};

} // namespace lr
