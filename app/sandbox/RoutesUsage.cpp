// POST /v1/usage/check and /v1/usage/commit: the two calls that read and change limits.

#include "core/Json.hpp"
#include "sandbox/Generator.hpp"
#include "sandbox/Internal.hpp"
#include "sandbox/Time.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <strings.h>

namespace lr::sandbox {
namespace {

constexpr std::int64_t kMaxCommitDelayMs = 10'000;
constexpr std::size_t kMaxIdempotencyKey = 255;

struct UsageInput {
    int account = -1;
    int meter = -1;
    double quantity = 0;
    bool hasOccurredAt = false;
    std::int64_t occurredAtMs = 0;
};

simdjson::simdjson_result<simdjson::dom::element> field(simdjson::dom::object& object,
                                                        std::string_view name) {
    // System.Text.Json's web defaults bind property names case-insensitively; so does this.
    for (auto [key, value] : object) {
        if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0)
            return simdjson::simdjson_result<simdjson::dom::element>(simdjson::dom::element(value));
    }
    return simdjson::simdjson_result<simdjson::dom::element>(simdjson::NO_SUCH_FIELD);
}

bool readText(const httplib::Request& req, httplib::Response& res, simdjson::dom::object& object,
              std::string_view name, std::string_view fieldName, std::string_view& out) {
    simdjson::dom::element element;
    if (field(object, name).get(element) != simdjson::SUCCESS || element.is_null())
        return true;
    if (element.get(out) != simdjson::SUCCESS) {
        sendProblem(req, res, ErrorCode::ValidationFormat,
                    std::string(fieldName) + " must be a string.", fieldName);
        return false;
    }
    return true;
}

/// Validates the body of check and commit; answers the problem itself when it fails.
bool readUsageInput(const httplib::Request& req, httplib::Response& res, const Tenant& tenant,
                    bool commit, UsageInput& input) {
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    if (parser.parse(req.body).get(object) != simdjson::SUCCESS) {
        sendProblem(req, res, ErrorCode::ValidationFormat, "The body is not a JSON object.",
                    "Body");
        return false;
    }

    // 1. Presence and form, in the order of the form's fields.
    std::string_view accountId;
    std::string_view externalRef;
    std::string_view meter;
    std::string_view occurredAt;
    if (!readText(req, res, object, "accountId", "AccountId", accountId) ||
        !readText(req, res, object, "externalRef", "ExternalRef", externalRef) ||
        !readText(req, res, object, "meter", "Meter", meter))
        return false;
    if (accountId.empty() && externalRef.empty()) {
        sendProblem(req, res, ErrorCode::ValidationRequired,
                    "AccountId or ExternalRef is required.", "AccountId");
        return false;
    }
    if (meter.empty()) {
        sendProblem(req, res, ErrorCode::ValidationRequired, "Meter is required.", "Meter");
        return false;
    }
    simdjson::dom::element quantity;
    if (field(object, "quantity").get(quantity) != simdjson::SUCCESS || quantity.is_null()) {
        sendProblem(req, res, ErrorCode::ValidationRequired, "Quantity is required.", "Quantity");
        return false;
    }
    if (quantity.get(input.quantity) != simdjson::SUCCESS || !std::isfinite(input.quantity)) {
        sendProblem(req, res, ErrorCode::ValidationFormat, "Quantity must be a number.",
                    "Quantity");
        return false;
    }
    if (input.quantity <= 0) {
        sendProblem(req, res, ErrorCode::ValidationRange, "Quantity must be above zero.",
                    "Quantity");
        return false;
    }
    if (commit) {
        if (!readText(req, res, object, "occurredAt", "OccurredAt", occurredAt))
            return false;
        if (!occurredAt.empty()) {
            const auto instant = parseInstant(occurredAt);
            if (!instant) {
                sendProblem(req, res, ErrorCode::ValidationFormat,
                            "OccurredAt is not an ISO-8601 instant.", "OccurredAt");
                return false;
            }
            input.hasOccurredAt = true;
            input.occurredAtMs = *instant;
        }
    }

    // 2. What the names point at, in this tenant only.
    input.account = accountId.empty() ? tenant.findAccount(externalRef, true)
                                      : tenant.findAccount(accountId, false);
    if (input.account < 0) {
        sendProblem(req, res, ErrorCode::AccountNotFound,
                    "No account " + std::string(accountId.empty() ? externalRef : accountId) +
                        " in this tenant.",
                    accountId.empty() ? "ExternalRef" : "AccountId");
        return false;
    }
    input.meter = tenant.findMeter(meter);
    if (input.meter < 0) {
        sendProblem(req, res, ErrorCode::MeterNotFound,
                    "No meter " + std::string(meter) + " in this tenant.", "Meter");
        return false;
    }
    return true;
}

/// Remaining quota of an account's meter; call with the tenant's lock held.
double remaining(const Tenant& tenant, int account, int meter) {
    const double used =
        tenant.baseUsed(account, meter) + tenant.extraUsed[account * tenant.meters.size() + meter];
    return std::max(0.0, tenant.quota(account, meter) - used);
}

std::string seqId(const char* prefix, std::uint32_t seq) {
    char text[32];
    std::snprintf(text, sizeof text, "%s%010u", prefix, seq);
    return text;
}

void recordDecision(Tenant& tenant, std::int64_t now, const UsageInput& input, bool allowed,
                    bool commit, double left) {
    Decision d{};
    d.atMs = now;
    d.seq = tenant.nextDecisionSeq++;
    d.account = static_cast<std::uint16_t>(input.account);
    d.meter = static_cast<std::uint8_t>(input.meter);
    d.allowed = allowed;
    d.commit = commit;
    d.quantity = input.quantity;
    d.remaining = left;
    tenant.decisions.push_back(d);
}

void recordEvent(Tenant& tenant, std::int64_t now, const UsageInput& input, EventType type) {
    tenant.events.push_back({now, tenant.nextEventSeq++, static_cast<std::uint16_t>(input.account),
                             static_cast<std::uint8_t>(input.meter), type});
}

void check(Context& context, const httplib::Request& req, httplib::Response& res, Tenant& tenant) {
    UsageInput input;
    if (!readUsageInput(req, res, tenant, false, input))
        return;

    std::unique_lock lock(tenant.mutex);
    const double left = remaining(tenant, input.account, input.meter);
    const bool allowed = input.quantity <= left;
    recordDecision(tenant, context.nowMs(), input, allowed, false, left);
    const std::uint32_t decision = tenant.nextDecisionSeq - 1;
    lock.unlock();

    std::string body =
        std::string("{\"allowed\":") + (allowed ? "true" : "false") + ",\"remaining\":";
    appendNumber(body, left);
    body += std::string(",\"reason\":\"") + (allowed ? "within_limit" : "limit_exceeded") +
            "\",\"accountId\":\"" + tenant.accounts[input.account].id + "\",\"meter\":\"" +
            tenant.meters[input.meter].key + "\",\"quantity\":";
    appendNumber(body, input.quantity);
    body += ",\"decisionId\":\"" + seqId("dec_", decision) + "\"}";
    sendJson(res, 200, std::move(body));
}

std::string fingerprint(const UsageInput& input) {
    std::string text = std::to_string(input.account) + "|" + std::to_string(input.meter) + "|";
    appendNumber(text, input.quantity);
    text += input.hasOccurredAt ? "|" + std::to_string(input.occurredAtMs) : "|-";
    return text;
}

void commit(Context& context, const httplib::Request& req, httplib::Response& res,
            const Caller& caller) {
    Tenant& tenant = *caller.tenant;
    const std::string key = req.get_header_value("Idempotency-Key");
    if (key.empty()) {
        sendProblem(req, res, ErrorCode::ValidationRequired,
                    "The Idempotency-Key header is required on commits.", "IdempotencyKey");
        return;
    }
    if (key.size() > kMaxIdempotencyKey) {
        sendProblem(req, res, ErrorCode::ValidationFormat,
                    "The Idempotency-Key header is longer than 255 characters.", "IdempotencyKey");
        return;
    }
    UsageInput input;
    if (!readUsageInput(req, res, tenant, true, input))
        return;

    // 1. Claim the key, or answer from what it already stands for.
    const std::string slot = std::string(caller.client->id) + "\n" + key;
    const std::string print = fingerprint(input);
    {
        std::unique_lock lock(tenant.mutex);
        const auto it = tenant.idempotency.find(slot);
        if (it != tenant.idempotency.end()) {
            const IdempotencyEntry& entry = it->second;
            if (entry.bodyFingerprint != print) {
                sendProblem(req, res, ErrorCode::IdempotencyKeyReused,
                            "This Idempotency-Key was used with a different body.",
                            "IdempotencyKey");
            } else if (entry.inProgress) {
                res.set_header("Retry-After", "1");
                sendProblem(req, res, ErrorCode::IdempotencyInProgress,
                            "The first request with this Idempotency-Key is still running.",
                            "IdempotencyKey");
            } else {
                sendJson(res, 200, entry.response);
            }
            return;
        }
        tenant.idempotency[slot] = IdempotencyEntry{print, true, 0, {}};
    }

    // 2. A test may hold the first request open to make a retry meet it in flight.
    const std::string delay = req.get_header_value("X-Sandbox-Delay-Ms");
    if (!delay.empty()) {
        long long ms = 0;
        std::from_chars(delay.data(), delay.data() + delay.size(), ms);
        context.sleepFor(std::clamp<long long>(ms, 0, kMaxCommitDelayMs));
    }

    // 3. Book it, or refuse it, and note the decision and any event.
    std::unique_lock lock(tenant.mutex);
    const std::int64_t now = context.nowMs();
    const double left = remaining(tenant, input.account, input.meter);
    if (input.quantity > left) {
        recordDecision(tenant, now, input, false, true, left);
        recordEvent(tenant, now, input, EventType::UsageRejected);
        tenant.idempotency.erase(slot); // a refusal books nothing, so a retry may try again
        lock.unlock();
        sendProblem(req, res, ErrorCode::LimitExceeded,
                    "Committing " + std::to_string(input.quantity) + " would exceed the limit; " +
                        std::to_string(left) + " remain.",
                    "Quantity");
        return;
    }
    CommittedUsage usage{};
    usage.record.occurredAtMs = input.hasOccurredAt ? input.occurredAtMs : now;
    usage.record.quantity = input.quantity;
    usage.record.seq = tenant.nextUsageSeq++;
    usage.record.account = static_cast<std::uint16_t>(input.account);
    usage.record.meter = static_cast<std::uint8_t>(input.meter);
    usage.committedAtMs = now;
    usage.idempotencyKey = key;
    const auto at = std::upper_bound(tenant.committed.begin(), tenant.committed.end(), usage,
                                     [](const CommittedUsage& a, const CommittedUsage& b) {
                                         return a.record.occurredAtMs < b.record.occurredAtMs ||
                                                (a.record.occurredAtMs == b.record.occurredAtMs &&
                                                 a.record.seq < b.record.seq);
                                     });
    tenant.committed.insert(at, usage);
    tenant.extraUsed[input.account * tenant.meters.size() + input.meter] += input.quantity;
    const double after = remaining(tenant, input.account, input.meter);
    recordDecision(tenant, now, input, true, true, after);
    if (after <= 0)
        recordEvent(tenant, now, input, EventType::LimitReached);

    const Account& account = tenant.accounts[input.account];
    std::string body = "{\"usageId\":\"" + seqId("usg_", usage.record.seq) + "\",\"accountId\":\"" +
                       account.id + "\",\"externalRef\":";
    appendJsonString(body, account.externalRef);
    body += ",\"meter\":\"" + tenant.meters[input.meter].key + "\",\"quantity\":";
    appendNumber(body, input.quantity);
    body += ",\"occurredAt\":\"" + instantString(usage.record.occurredAtMs) +
            "\",\"committedAt\":\"" + instantString(now) + "\",\"remaining\":";
    appendNumber(body, after);
    body += ",\"idempotencyKey\":";
    appendJsonString(body, key);
    body += '}';
    IdempotencyEntry& entry = tenant.idempotency[slot];
    entry.inProgress = false;
    entry.usageSeq = usage.record.seq;
    entry.response = body;
    lock.unlock();

    sendJson(res, 201, std::move(body));
}

} // namespace

void addUsageRoutes(Context& context, httplib::Server& http) {
    http.Post("/v1/usage/check", [&context](const httplib::Request& req, httplib::Response& res) {
        Caller caller;
        if (authorize(context, req, res, kScopeUsageRead, caller))
            check(context, req, res, *caller.tenant);
    });

    http.Post("/v1/usage/commit", [&context](const httplib::Request& req, httplib::Response& res) {
        Caller caller;
        if (authorize(context, req, res, kScopeUsageWrite, caller))
            commit(context, req, res, caller);
    });
}

} // namespace lr::sandbox
