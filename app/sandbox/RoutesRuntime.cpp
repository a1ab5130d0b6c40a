// GET /v1/runtime/usage, /v1/runtime/decisions, /v1/runtime/events and /v1/usage/summary:
// the windowed reads over what the tenant booked and decided.

#include "core/Json.hpp"
#include "sandbox/Generator.hpp"
#include "sandbox/Internal.hpp"
#include "sandbox/Time.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace lr::sandbox {
namespace {

constexpr std::size_t kMaxRuntimeLimit = 10'000;

/// Parses "<prefix><a>:<b>" or "<prefix><a>" cursors; false when the text is not one.
bool parseCursorNumbers(std::string_view text, std::string_view prefix, long long& a,
                        long long* b) {
    if (text.substr(0, prefix.size()) != prefix)
        return false;
    const char* p = text.data() + prefix.size();
    const char* end = text.data() + text.size();
    auto r = std::from_chars(p, end, a);
    if (r.ec != std::errc() || r.ptr == p)
        return false;
    if (!b)
        return r.ptr == end;
    if (r.ptr == end || *r.ptr != ':')
        return false;
    p = r.ptr + 1;
    r = std::from_chars(p, end, *b);
    return r.ec == std::errc() && r.ptr == end && r.ptr != p;
}

void badCursor(const httplib::Request& req, httplib::Response& res) {
    sendProblem(req, res, ErrorCode::ValidationFormat, "The cursor is not one this API issued.",
                "Cursor");
}

void appendCursor(std::string& out, const std::string* cursor) {
    out += "],\"nextCursor\":";
    if (cursor)
        out += "\"" + *cursor + "\"";
    else
        out += "null";
    out += '}';
}

void runtimeUsage(const httplib::Request& req, httplib::Response& res, const Tenant& tenant) {
    UsageFilter filter;
    std::size_t limit = 0;
    if (!readWindow(req, res, filter.fromMs, filter.toMs) ||
        !readAccountFilter(req, res, tenant, filter.account) ||
        !readMeterFilter(req, res, tenant, filter.meter) ||
        !readLimit(req, res, kMaxRuntimeLimit, limit))
        return;
    if (const std::string* cursor = findParam(req, "cursor"); cursor && !cursor->empty()) {
        const auto text = decodeCursor(*cursor);
        long long at = 0;
        long long seq = 0;
        if (!text || !parseCursorNumbers(*text, "u1:", at, &seq) || seq < 0) {
            badCursor(req, res);
            return;
        }
        filter.hasAfter = true;
        filter.after = {at, static_cast<std::uint32_t>(seq)};
    }

    // One page, plus a look at whether another record follows it.
    std::string body;
    body.reserve(limit * 380 + 64);
    body += "{\"items\":[";
    std::shared_lock lock(tenant.mutex);
    UsageScan scan(tenant, tenant.committed, filter);
    UsageItem item;
    UsageKey last;
    std::size_t count = 0;
    bool more = false;
    while (scan.next(item)) {
        if (count == limit) {
            more = true;
            break;
        }
        if (count++ > 0)
            body += ',';
        appendUsageJson(body, tenant, item);
        last = {item.record->occurredAtMs, item.record->seq};
    }
    lock.unlock();
    const std::string next =
        encodeCursor("u1:" + std::to_string(last.atMs) + ":" + std::to_string(last.seq));
    appendCursor(body, more ? &next : nullptr);
    sendJson(res, 200, std::move(body));
}

/// Decisions and events share their walk: sorted by time and seq, paged by seq.
template <typename Row, typename Write, typename Keep>
void timedList(const httplib::Request& req, httplib::Response& res, const Tenant& tenant,
               const std::vector<Row>& rows, const char* prefix, Write write, Keep keep) {
    std::int64_t from = 0;
    std::int64_t to = 0;
    int account = -1;
    int meter = -1;
    std::size_t limit = 0;
    if (!readWindow(req, res, from, to) || !readAccountFilter(req, res, tenant, account) ||
        !readMeterFilter(req, res, tenant, meter) || !readLimit(req, res, kMaxRuntimeLimit, limit))
        return;
    long long after = 0;
    if (const std::string* cursor = findParam(req, "cursor"); cursor && !cursor->empty()) {
        const auto text = decodeCursor(*cursor);
        if (!text || !parseCursorNumbers(*text, prefix, after, nullptr)) {
            badCursor(req, res);
            return;
        }
    }

    std::string body = "{\"items\":[";
    std::shared_lock lock(tenant.mutex);
    auto it = std::lower_bound(rows.begin(), rows.end(), from,
                               [](const Row& r, std::int64_t t) { return r.atMs < t; });
    std::size_t count = 0;
    std::uint32_t lastSeq = 0;
    bool more = false;
    for (; it != rows.end() && it->atMs < to; ++it) {
        if (static_cast<long long>(it->seq) <= after || (account >= 0 && it->account != account) ||
            (meter >= 0 && it->meter != meter) || !keep(*it))
            continue;
        if (count == limit) {
            more = true;
            break;
        }
        if (count++ > 0)
            body += ',';
        write(body, *it);
        lastSeq = it->seq;
    }
    lock.unlock();
    const std::string next = encodeCursor(prefix + std::to_string(lastSeq));
    appendCursor(body, more ? &next : nullptr);
    sendJson(res, 200, std::move(body));
}

void appendRowHead(std::string& out, const Tenant& tenant, const char* idPrefix, std::uint32_t seq,
                   int account, int meter) {
    char id[32];
    std::snprintf(id, sizeof id, "%s%010u", idPrefix, seq);
    out += std::string("{\"id\":\"") + id + "\",\"accountId\":\"" + tenant.accounts[account].id +
           "\",\"externalRef\":";
    appendJsonString(out, tenant.accounts[account].externalRef);
    out += ",\"meter\":\"" + tenant.meters[meter].key + "\"";
}

void decisions(const httplib::Request& req, httplib::Response& res, const Tenant& tenant) {
    const std::string* allowedFilter = findParam(req, "allowed");
    if (allowedFilter && *allowedFilter != "true" && *allowedFilter != "false") {
        sendProblem(req, res, ErrorCode::ValidationFormat, "Allowed must be true or false.",
                    "Allowed");
        return;
    }
    timedList(
        req, res, tenant, tenant.decisions, "d1:",
        [&tenant](std::string& out, const Decision& d) {
            appendRowHead(out, tenant, "dec_", d.seq, d.account, d.meter);
            out +=
                std::string(",\"kind\":\"") + (d.commit ? "commit" : "check") + "\",\"quantity\":";
            appendNumber(out, d.quantity);
            out += std::string(",\"allowed\":") + (d.allowed ? "true" : "false") +
                   ",\"reason\":\"" + (d.allowed ? "within_limit" : "limit_exceeded") +
                   "\",\"remaining\":";
            appendNumber(out, d.remaining);
            out += ",\"decidedAt\":\"" + instantString(d.atMs) + "\"}";
        },
        [allowedFilter](const Decision& d) {
            return !allowedFilter || (*allowedFilter == "true") == d.allowed;
        });
}

void events(const httplib::Request& req, httplib::Response& res, const Tenant& tenant) {
    const std::string* type = findParam(req, "type");
    if (type && !type->empty() && *type != "limit_reached" && *type != "limit_reset" &&
        *type != "usage_rejected") {
        sendProblem(req, res, ErrorCode::ValidationFormat,
                    "Type must be limit_reached, limit_reset or usage_rejected.", "Type");
        return;
    }
    timedList(
        req, res, tenant, tenant.events, "e1:",
        [&tenant](std::string& out, const LimitEvent& e) {
            appendRowHead(out, tenant, "evt_", e.seq, e.account, e.meter);
            out += std::string(",\"type\":\"") + toString(e.type) + "\",\"occurredAt\":\"" +
                   instantString(e.atMs) + "\"}";
        },
        [type](const LimitEvent& e) {
            return !type || type->empty() || *type == toString(e.type);
        });
}

void summary(const httplib::Request& req, httplib::Response& res, const Tenant& tenant) {
    UsageFilter filter;
    if (!readWindow(req, res, filter.fromMs, filter.toMs) ||
        !readAccountFilter(req, res, tenant, filter.account) ||
        !readMeterFilter(req, res, tenant, filter.meter))
        return;
    const std::string* groupParam = findParam(req, "groupBy");
    const std::string groupBy = groupParam && !groupParam->empty() ? *groupParam : "meter";
    if (groupBy != "meter" && groupBy != "account" && groupBy != "day") {
        sendProblem(req, res, ErrorCode::ValidationFormat, "GroupBy must be meter, account or day.",
                    "GroupBy");
        return;
    }

    // Totals keyed by meter index, account index or day number, in that key's order.
    std::map<std::int64_t, std::pair<double, std::size_t>> totals;
    std::shared_lock lock(tenant.mutex);
    UsageScan scan(tenant, tenant.committed, filter);
    UsageItem item;
    while (scan.next(item)) {
        const UsageRecord& r = *item.record;
        const std::int64_t key = groupBy == "meter"     ? r.meter
                                 : groupBy == "account" ? r.account
                                                        : r.occurredAtMs / kDayMs;
        auto& total = totals[key];
        total.first += r.quantity;
        ++total.second;
    }
    lock.unlock();

    std::string body = "{\"groupBy\":\"" + groupBy + "\",\"from\":\"" +
                       instantString(filter.fromMs) + "\",\"to\":\"" + instantString(filter.toMs) +
                       "\",\"items\":[";
    bool first = true;
    for (const auto& [key, total] : totals) {
        if (!first)
            body += ',';
        first = false;
        if (groupBy == "meter") {
            body += "{\"meter\":\"" + tenant.meters[key].key + "\",\"unit\":\"" +
                    tenant.meters[key].unit + "\"";
        } else if (groupBy == "account") {
            body += "{\"accountId\":\"" + tenant.accounts[key].id + "\",\"externalRef\":";
            appendJsonString(body, tenant.accounts[key].externalRef);
        } else {
            body += "{\"day\":\"" + dayString(key * kDayMs) + "\"";
        }
        body += ",\"quantity\":";
        appendNumber(body, total.first);
        body += ",\"records\":" + std::to_string(total.second) + "}";
    }
    body += "],\"nextCursor\":null}";
    sendJson(res, 200, std::move(body));
}

} // namespace

void addRuntimeRoutes(Context& context, httplib::Server& http) {
    http.Get("/v1/runtime/usage", [&context](const httplib::Request& req, httplib::Response& res) {
        Caller caller;
        if (authorize(context, req, res, kScopeUsageRead, caller))
            runtimeUsage(req, res, *caller.tenant);
    });

    http.Get("/v1/runtime/decisions",
             [&context](const httplib::Request& req, httplib::Response& res) {
                 Caller caller;
                 if (authorize(context, req, res, kScopeRuntimeRead, caller))
                     decisions(req, res, *caller.tenant);
             });

    http.Get("/v1/runtime/events", [&context](const httplib::Request& req, httplib::Response& res) {
        Caller caller;
        if (authorize(context, req, res, kScopeRuntimeRead, caller))
            events(req, res, *caller.tenant);
    });

    http.Get("/v1/usage/summary", [&context](const httplib::Request& req, httplib::Response& res) {
        Caller caller;
        if (authorize(context, req, res, kScopeUsageRead, caller))
            summary(req, res, *caller.tenant);
    });
}

} // namespace lr::sandbox
