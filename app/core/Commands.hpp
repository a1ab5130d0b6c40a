#pragma once

// What windows and scripts ask the Controller to do. Both go through the same CommandSink, so
// a scripted step and a click take the same path.

#include "core/Catalogue.hpp"

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

} // namespace cmd

using Command =
    std::variant<cmd::SelectEndpoint, cmd::SetDocsLang, cmd::OpenSwagger, cmd::CheckHealth>;

class CommandSink {
public:
    void push(Command command) { m_commands.push_back(std::move(command)); }
    std::vector<Command> take() { return std::exchange(m_commands, {}); }
    [[nodiscard]] bool empty() const { return m_commands.empty(); }

private:
    std::vector<Command> m_commands;
};

} // namespace lr
