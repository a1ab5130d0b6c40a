#pragma once

// What windows and scripts ask the Controller to do. Both go through the same CommandSink, so
// a scripted step and a click take the same path.

#include "core/Catalogue.hpp"
#include "core/HistoryTypes.hpp"

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

/// Send the selected endpoint's request. `anyway` skips the console's own checks (required
/// inputs, the token's scope) so the server's answer to them can be seen.
struct Send {
    bool anyway = false;
};
struct CancelSend {};
struct SetField {
    std::string name; // a parameter of the selected endpoint, or client_id / client_secret
    std::string value;
};
struct SetBody {
    std::string text;
};
struct SetScopes {
    std::vector<std::string> scopes; // the token form's selection
};
/// Adds `scope` to the token form's selection and fetches a new token with it.
struct GetTokenWithScope {
    std::string scope;
};
struct SetReveal {
    bool reveal = false;
};
struct CopyAsCurl {};
/// From an error card's field link: focus and highlight that input in the Request form.
struct FocusField {
    std::string name;
};
struct ResetForm {};
/// The settings popup: the response body cap and the plain-http guard.
struct SetLimits {
    std::size_t bodyCapBytes = std::size_t(1) << 30;
    bool allowInsecureHttp = false;
};

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

// One command per line, so each module adds its own without touching the others'.
// clang-format off
using Command = std::variant<
    cmd::SelectEndpoint,
    cmd::SetDocsLang,
    cmd::OpenSwagger,
    cmd::CheckHealth,
    cmd::Send,
    cmd::CancelSend,
    cmd::SetField,
    cmd::SetBody,
    cmd::SetScopes,
    cmd::GetTokenWithScope,
    cmd::SetReveal,
    cmd::CopyAsCurl,
    cmd::FocusField,
    cmd::ResetForm,
    cmd::SetLimits,
    cmd::StartRepeat,
    cmd::CancelRepeat,
    cmd::DismissRepeatConfirmation,
    cmd::ResetStats,
    cmd::ExportStatsCsv,
    cmd::OpenCall,
    cmd::SwitchEnvironment,
    cmd::SaveCustomEnvironment,
    cmd::RemoveCustomEnvironment,
    cmd::HistoryQuery,
    cmd::HistoryOpen,
    cmd::HistoryClear,
    cmd::HistorySetRetention,
    cmd::ListSort,
    cmd::ListFilter,
    cmd::ListCancelQuery,
    cmd::ListExport,
    cmd::ListCancelExport,
    cmd::ListSelectRow
>;
// clang-format on

class CommandSink {
public:
    void push(Command command) { m_commands.push_back(std::move(command)); }
    std::vector<Command> take() { return std::exchange(m_commands, {}); }
    [[nodiscard]] bool empty() const { return m_commands.empty(); }

private:
    std::vector<Command> m_commands;
};

} // namespace lr
