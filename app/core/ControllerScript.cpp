// The script verbs the core understands. Each one pushes the same Command a click would.

#include "core/Controller.hpp"
#include "core/Script.hpp"

#include <algorithm>

namespace lr {
namespace {

std::string expectOnOff(const std::vector<std::string>& args) {
    return args[0] == "on" || args[0] == "off" ? std::string()
                                               : "'" + args[0] + "' is not on or off";
}

std::string optionalSeconds(const std::vector<std::string>& args) {
    return args.empty() ? std::string() : expectInt(args, 0, 1, 3600);
}

} // namespace

void Controller::registerScriptVerbs(ScriptRunner& runner, CommandSink& sink) {
    m_stats->registerScriptVerbs(runner, sink); // repeat, wait-idle, expect-stat
    m_environments.registerScriptVerbs(runner, sink);
    if (m_history)
        m_history->registerScriptVerbs(runner, sink);
    // open-list, sort, filter, wait-list, load-all-pages, expect-rows, expect-shown, ...
    m_lists.registerScriptVerbs(runner, sink, [this] { return m_state.execution.response.body; });

    runner.registerVerb(
        {"tree-toggle", 1, 1, "tree-toggle ROW (opens or closes a tree row)",
         [](const std::vector<std::string>& args) { return expectInt(args, 0, 0, 100'000'000); },
         [&sink](StepContext& step) {
             sink.push(cmd::TreeToggle{std::size_t(std::stoull(step.args[0]))});
             return StepResult::Done;
         }});
    runner.registerVerb(
        {"wait-tree", 0, 1, "wait-tree [SECONDS]", optionalSeconds, [this](StepContext& step) {
             if (step.calls > 0 && !m_tree.busy() && m_tree.body())
                 return StepResult::Done;
             const double limit = step.args.empty() ? 60 : std::stod(step.args[0]);
             if (step.secondsWaited > limit) {
                 step.error = "the tree is still being read after the timeout";
                 return StepResult::Failed;
             }
             return StepResult::Pending;
         }});

    runner.registerVerb(
        {"select", 2, 2, "select METHOD PATH", nullptr, [this, &sink](StepContext& step) {
             if (m_state.catalogue.indexOf(step.args[0], step.args[1]) < 0) {
                 step.error = "no endpoint " + step.args[0] + " " + step.args[1];
                 return StepResult::Failed;
             }
             sink.push(cmd::SelectEndpoint{step.args[0], step.args[1]});
             return StepResult::Done;
         }});

    runner.registerVerb(
        {"docs-lang", 1, 1, "docs-lang en|it",
         [](const std::vector<std::string>& args) {
             return args[0] == "en" || args[0] == "it" ? std::string()
                                                       : "'" + args[0] + "' is not en or it";
         },
         [&sink](StepContext& step) {
             sink.push(cmd::SetDocsLang{step.args[0] == "it" ? Lang::It : Lang::En});
             return StepResult::Done;
         }});

    runner.registerVerb({"wait-health", 0, 1, "wait-health [SECONDS]", optionalSeconds,
                         [this, &sink](StepContext& step) {
                             if (step.calls == 0) {
                                 sink.push(cmd::CheckHealth{});
                                 return StepResult::Pending;
                             }
                             if (m_state.sandbox.healthChecked) {
                                 if (m_state.sandbox.healthy)
                                     return StepResult::Done;
                                 step.error = "health check failed: " + m_state.sandbox.healthError;
                                 return StepResult::Failed;
                             }
                             const double limit = step.args.empty() ? 10 : std::stod(step.args[0]);
                             if (step.secondsWaited > limit) {
                                 step.error = "no health answer within the timeout";
                                 return StepResult::Failed;
                             }
                             return StepResult::Pending;
                         }});

    runner.registerVerb({"set", 2, 2, "set FIELD VALUE (FIELD 'body' sets the JSON body)", nullptr,
                         [&sink](StepContext& step) {
                             if (step.args[0] == "body")
                                 sink.push(cmd::SetBody{step.args[1]});
                             else
                                 sink.push(cmd::SetField{step.args[0], step.args[1]});
                             return StepResult::Done;
                         }});

    runner.registerVerb({"scopes", 1, -1, "scopes all | scopes SCOPE...", nullptr,
                         [this, &sink](StepContext& step) {
                             std::vector<std::string> scopes;
                             if (step.args.size() == 1 && step.args[0] == "all")
                                 scopes = m_state.catalogue.scopes;
                             else
                                 scopes = step.args;
                             for (const std::string& scope : scopes) {
                                 const auto& known = m_state.catalogue.scopes;
                                 if (std::find(known.begin(), known.end(), scope) == known.end()) {
                                     step.error = "unknown scope " + scope;
                                     return StepResult::Failed;
                                 }
                             }
                             sink.push(cmd::SetScopes{scopes});
                             return StepResult::Done;
                         }});

    runner.registerVerb({"send", 0, 1, "send [anyway]",
                         [](const std::vector<std::string>& args) {
                             return args.empty() || args[0] == "anyway"
                                        ? std::string()
                                        : "'" + args[0] + "' is not 'anyway'";
                         },
                         [&sink](StepContext& step) {
                             sink.push(cmd::Send{!step.args.empty()});
                             return StepResult::Done;
                         }});

    runner.registerVerb({"cancel", 0, 0, "cancel", nullptr, [&sink](StepContext&) {
                             sink.push(cmd::CancelSend{});
                             return StepResult::Done;
                         }});

    runner.registerVerb({"wait-response", 0, 1, "wait-response [SECONDS]", optionalSeconds,
                         [this](StepContext& step) {
                             // The first call comes before the pushed Send is applied.
                             if (step.calls > 0 && m_sendsSettled >= m_sendAttempts && !busy())
                                 return StepResult::Done;
                             const double limit = step.args.empty() ? 30 : std::stod(step.args[0]);
                             if (step.secondsWaited > limit) {
                                 step.error =
                                     "no response within " + std::to_string(int(limit)) + " s";
                                 return StepResult::Failed;
                             }
                             return StepResult::Pending;
                         }});

    runner.registerVerb(
        {"expect-status", 1, 1, "expect-status N",
         [](const std::vector<std::string>& args) { return expectInt(args, 0, 0, 599); },
         [this](StepContext& step) {
             const int expected = std::stoi(step.args[0]);
             const HttpResponse& response = m_state.execution.response;
             if (m_state.execution.phase != ExecutionPhase::NotSent && response.status == expected)
                 return StepResult::Done;
             step.error = "expected status " + step.args[0] + ", got " +
                          (response.ok() ? std::to_string(response.status) : response.errorMessage);
             if (m_state.execution.problem)
                 step.error += " (" + m_state.execution.problem->errorCode + ": " +
                               m_state.execution.problem->detail + ")";
             if (!m_state.forms.missing.empty())
                 step.error += " (missing input: " + m_state.forms.missing[0] + ")";
             return StepResult::Failed;
         }});

    runner.registerVerb({"reveal", 1, 1, "reveal on|off", expectOnOff, [&sink](StepContext& step) {
                             sink.push(cmd::SetReveal{step.args[0] == "on"});
                             return StepResult::Done;
                         }});

    runner.registerVerb({"follow-field", 0, 0, "follow-field (the error card's field link)",
                         nullptr, [this, &sink](StepContext& step) {
                             const auto& problem = m_state.execution.problem;
                             if (!problem || problem->field.empty()) {
                                 step.error = "the last answer has no error field to follow";
                                 return StepResult::Failed;
                             }
                             sink.push(cmd::FocusField{problem->field});
                             return StepResult::Done;
                         }});

    runner.registerVerb({"copy-curl", 0, 0, "copy-curl", nullptr, [&sink](StepContext&) {
                             sink.push(cmd::CopyAsCurl{});
                             return StepResult::Done;
                         }});

    runner.registerVerb({"get-token-with-scope", 1, 1, "get-token-with-scope SCOPE", nullptr,
                         [&sink](StepContext& step) {
                             sink.push(cmd::GetTokenWithScope{step.args[0]});
                             return StepResult::Done;
                         }});
}

} // namespace lr
