// GET /v1/meters, /v1/accounts, /v1/accounts/{id}, /v1/accounts/by-external-ref/{ref} and
// /v1/accounts/{id}/limits.

#include "core/Json.hpp"
#include "sandbox/Generator.hpp"
#include "sandbox/Internal.hpp"
#include "sandbox/Time.hpp"

#include <charconv>

namespace lr::sandbox {
namespace {

constexpr std::size_t kMaxAccountsLimit = 1000;

void appendAccount(std::string& out, const Account& account) {
    out += "{\"id\":\"" + account.id + "\",\"externalRef\":";
    appendJsonString(out, account.externalRef);
    out += ",\"name\":";
    appendJsonString(out, account.name);
    out += ",\"status\":\"";
    out += account.status;
    out += "\",\"plan\":\"";
    out += account.plan;
    out += "\",\"createdAt\":\"";
    appendInstant(out, account.createdAtMs);
    out += "\"}";
}

/// An index cursor ("a1:<next index>") for the small in-memory lists.
bool readIndexCursor(const httplib::Request& req, httplib::Response& res, std::size_t& start) {
    start = 0;
    const std::string* cursor = findParam(req, "cursor");
    if (!cursor || cursor->empty())
        return true;
    const auto text = decodeCursor(*cursor);
    unsigned long long value = 0;
    if (text && text->rfind("a1:", 0) == 0) {
        const char* first = text->data() + 3;
        const char* last = text->data() + text->size();
        const auto [end, ec] = std::from_chars(first, last, value);
        if (ec == std::errc() && end == last && first != last) {
            start = static_cast<std::size_t>(value);
            return true;
        }
    }
    sendProblem(req, res, ErrorCode::ValidationFormat, "The cursor is not one this API issued.",
                "Cursor");
    return false;
}

void appendNextCursor(std::string& out, bool more, std::size_t next) {
    out += "],\"nextCursor\":";
    if (more)
        out += "\"" + encodeCursor("a1:" + std::to_string(next)) + "\"";
    else
        out += "null";
    out += '}';
}

void listMeters(const httplib::Request& req, httplib::Response& res, const Tenant& tenant) {
    std::size_t limit = 0;
    std::size_t start = 0;
    if (!readLimit(req, res, kMaxAccountsLimit, limit) || !readIndexCursor(req, res, start))
        return;
    std::string body = "{\"items\":[";
    std::size_t i = start;
    for (; i < tenant.meters.size() && i < start + limit; ++i) {
        const Meter& meter = tenant.meters[i];
        if (i != start)
            body += ',';
        body += "{\"key\":\"" + meter.key + "\",\"unit\":\"" + meter.unit + "\",\"description\":";
        appendJsonString(body, meter.description);
        body += '}';
    }
    appendNextCursor(body, i < tenant.meters.size(), i);
    sendJson(res, 200, std::move(body));
}

void listAccounts(const httplib::Request& req, httplib::Response& res, const Tenant& tenant) {
    std::size_t limit = 0;
    std::size_t start = 0;
    if (!readLimit(req, res, kMaxAccountsLimit, limit) || !readIndexCursor(req, res, start))
        return;

    // Filters take their values as given; an unknown status or plan is a format error.
    const std::string* status = findParam(req, "status");
    const std::string* plan = findParam(req, "plan");
    const std::string* externalRef = findParam(req, "externalRef");
    if (status && !status->empty() && *status != "active" && *status != "suspended" &&
        *status != "closed") {
        sendProblem(req, res, ErrorCode::ValidationFormat,
                    "Status must be active, suspended or closed.", "Status");
        return;
    }
    if (plan && !plan->empty() && *plan != "free" && *plan != "starter" && *plan != "pro" &&
        *plan != "enterprise") {
        sendProblem(req, res, ErrorCode::ValidationFormat,
                    "Plan must be free, starter, pro or enterprise.", "Plan");
        return;
    }

    std::string body = "{\"items\":[";
    std::size_t count = 0;
    std::size_t i = start;
    bool more = false;
    for (; i < tenant.accounts.size(); ++i) {
        const Account& account = tenant.accounts[i];
        if ((status && !status->empty() && *status != account.status) ||
            (plan && !plan->empty() && *plan != account.plan) ||
            (externalRef && !externalRef->empty() && *externalRef != account.externalRef))
            continue;
        if (count == limit) {
            more = true;
            break;
        }
        if (count++ > 0)
            body += ',';
        appendAccount(body, account);
    }
    appendNextCursor(body, more, i);
    sendJson(res, 200, std::move(body));
}

/// The account named by the path, or a 404 problem.
int pathAccount(const httplib::Request& req, httplib::Response& res, const Tenant& tenant,
                bool byExternalRef) {
    const std::string& key = req.matches[1];
    const int index = tenant.findAccount(key, byExternalRef);
    if (index < 0)
        sendProblem(
            req, res, ErrorCode::AccountNotFound,
            std::string(byExternalRef ? "No account with external reference " : "No account ") +
                key + " in this tenant.",
            byExternalRef ? "ExternalRef" : "AccountId");
    return index;
}

/// The end of the limit's current period, on the sandbox clock.
std::int64_t resetsAt(std::int64_t now, const char* period) {
    const std::string p = period;
    const std::int64_t step = p == "minute" ? 60'000 : p == "hour" ? 3'600'000 : kDayMs;
    if (p != "month")
        return (now / step + 1) * step;
    // First day of the next month.
    std::string day = dayString(now);
    int year = std::stoi(day.substr(0, 4));
    int month = std::stoi(day.substr(5, 2)) + 1;
    if (month == 13) {
        month = 1;
        ++year;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02d-01T00:00:00Z", year, month);
    return parseInstant(text).value_or(now);
}

void listLimits(Context& context, httplib::Response& res, const Tenant& tenant, int account) {
    const std::int64_t now = context.nowMs();
    std::string body = "{\"accountId\":\"" + tenant.accounts[account].id + "\",\"items\":[";
    std::shared_lock lock(tenant.mutex);
    for (std::size_t m = 0; m < tenant.meters.size(); ++m) {
        const int meter = static_cast<int>(m);
        const double quota = tenant.quota(account, meter);
        const double used =
            tenant.baseUsed(account, meter) + tenant.extraUsed[account * tenant.meters.size() + m];
        if (m > 0)
            body += ',';
        body += "{\"meter\":\"" + tenant.meters[m].key + "\",\"period\":\"" +
                tenant.meters[m].period + "\",\"quota\":";
        appendNumber(body, quota);
        body += ",\"used\":";
        appendNumber(body, used);
        body += ",\"remaining\":";
        appendNumber(body, std::max(0.0, quota - used));
        body += ",\"resetsAt\":\"";
        appendInstant(body, resetsAt(now, tenant.meters[m].period));
        body += "\"}";
    }
    body += "],\"nextCursor\":null}";
    sendJson(res, 200, std::move(body));
}

} // namespace

void addAccountRoutes(Context& context, httplib::Server& http) {
    http.Get("/v1/meters", [&context](const httplib::Request& req, httplib::Response& res) {
        Caller caller;
        if (authorize(context, req, res, kScopeAccountsRead, caller))
            listMeters(req, res, *caller.tenant);
    });

    http.Get("/v1/accounts", [&context](const httplib::Request& req, httplib::Response& res) {
        Caller caller;
        if (authorize(context, req, res, kScopeAccountsRead, caller))
            listAccounts(req, res, *caller.tenant);
    });

    http.Get(R"(/v1/accounts/by-external-ref/([^/]+))",
             [&context](const httplib::Request& req, httplib::Response& res) {
                 Caller caller;
                 if (!authorize(context, req, res, kScopeAccountsRead, caller))
                     return;
                 const int index = pathAccount(req, res, *caller.tenant, true);
                 if (index < 0)
                     return;
                 std::string body;
                 appendAccount(body, caller.tenant->accounts[index]);
                 sendJson(res, 200, std::move(body));
             });

    http.Get(R"(/v1/accounts/([^/]+)/limits)",
             [&context](const httplib::Request& req, httplib::Response& res) {
                 Caller caller;
                 if (!authorize(context, req, res, kScopeLimitsRead, caller))
                     return;
                 const int index = pathAccount(req, res, *caller.tenant, false);
                 if (index >= 0)
                     listLimits(context, res, *caller.tenant, index);
             });

    http.Get(R"(/v1/accounts/([^/]+))",
             [&context](const httplib::Request& req, httplib::Response& res) {
                 Caller caller;
                 if (!authorize(context, req, res, kScopeAccountsRead, caller))
                     return;
                 const int index = pathAccount(req, res, *caller.tenant, false);
                 if (index < 0)
                     return;
                 std::string body;
                 appendAccount(body, caller.tenant->accounts[index]);
                 sendJson(res, 200, std::move(body));
             });
}

} // namespace lr::sandbox
