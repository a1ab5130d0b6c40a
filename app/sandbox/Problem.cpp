#include "core/Json.hpp"
#include "sandbox/Internal.hpp"

#include <random>

namespace lr::sandbox {
namespace {

struct ProblemSpec {
    const char* errorCode;
    int status;
    const char* slug; // the tail of the `type` URL
    const char* title;
    const char* resourceKey;
};

const ProblemSpec& spec(ErrorCode code) {
    static const ProblemSpec kSpecs[] = {
        {"VALIDATION_REQUIRED", 400, "validation-required", "A required field is missing.",
         "errors.validation.required"},
        {"VALIDATION_FORMAT", 400, "validation-format", "A field has the wrong format.",
         "errors.validation.format"},
        {"VALIDATION_RANGE", 400, "validation-range", "A field is out of range.",
         "errors.validation.range"},
        {"SECRET_ON_API_HOST", 400, "secret-on-api-host",
         "A client secret was sent to the API host.", "errors.auth.secretOnApiHost"},
        {"AUTH_INVALID_TOKEN", 401, "auth-invalid-token", "The access token is missing or invalid.",
         "errors.auth.invalidToken"},
        {"AUTH_INSUFFICIENT_SCOPE", 403, "auth-insufficient-scope",
         "The access token lacks the required scope.", "errors.auth.insufficientScope"},
        {"ACCOUNT_NOT_FOUND", 404, "account-not-found", "The account was not found.",
         "errors.account.notFound"},
        {"METER_NOT_FOUND", 404, "meter-not-found", "The meter was not found.",
         "errors.meter.notFound"},
        {"LIMIT_EXCEEDED", 409, "limit-exceeded", "The usage would exceed the limit.",
         "errors.limit.exceeded"},
        {"IDEMPOTENCY_KEY_REUSED", 422, "idempotency-key-reused",
         "The idempotency key was used with a different request.", "errors.idempotency.keyReused"},
        {"IDEMPOTENCY_IN_PROGRESS", 409, "idempotency-in-progress",
         "A request with this idempotency key is still running.", "errors.idempotency.inProgress"},
        {"RATE_LIMITED", 429, "rate-limited", "Too many requests.", "errors.rateLimit.exceeded"},
        {"NOT_FOUND", 404, "not-found", "The resource was not found.", "errors.notFound"},
        {"INTERNAL_ERROR", 500, "internal-error", "An unexpected error occurred.",
         "errors.internal"},
        {"REQUEST_TOO_LARGE", 413, "request-too-large", "The request is too large.",
         "errors.request.tooLarge"},
        {"REQUEST_HEADERS_TOO_LARGE", 431, "request-headers-too-large",
         "The request has too many header fields.", "errors.request.headersTooLarge"},
    };
    return kSpecs[static_cast<int>(code)];
}

thread_local std::string t_clientId;

} // namespace

std::string newTraceId() {
    // W3C traceparent form: version, 16-byte trace id, 8-byte parent id, flags.
    thread_local std::mt19937_64 random{std::random_device{}()};
    static const char* kHex = "0123456789abcdef";
    std::string id = "00-";
    for (int i = 0; i < 48; ++i) {
        if (i == 32)
            id.push_back('-');
        id.push_back(kHex[random() & 15]);
    }
    id += "-01";
    return id;
}

void sendJson(httplib::Response& res, int status, std::string body) {
    res.status = status;
    res.set_content(std::move(body), "application/json; charset=utf-8");
}

void sendProblem(const httplib::Request& req, httplib::Response& res, ErrorCode code,
                 std::string_view detail, std::string_view field) {
    const ProblemSpec& s = spec(code);
    std::string body = "{\"type\":\"https://docs.limitrail.com/errors/";
    body += s.slug;
    body += "\",\"title\":";
    appendJsonString(body, s.title);
    body += ",\"status\":" + std::to_string(s.status) + ",\"detail\":";
    appendJsonString(body, detail);
    body += ",\"instance\":";
    appendJsonString(body, req.path);
    body += ",\"errorCode\":\"";
    body += s.errorCode;
    body += "\",\"resourceKey\":\"";
    body += s.resourceKey;
    body += '"';
    if (!field.empty()) {
        body += ",\"field\":";
        appendJsonString(body, field);
    }
    body += ",\"traceId\":\"" + newTraceId() + "\"}";
    res.status = s.status;
    res.set_content(std::move(body), "application/problem+json; charset=utf-8");
}

void sendOAuthError(httplib::Response& res, int status, std::string_view error,
                    std::string_view description) {
    std::string body = "{\"error\":";
    appendJsonString(body, error);
    body += ",\"error_description\":";
    appendJsonString(body, description);
    body += '}';
    res.set_header("Cache-Control", "no-store");
    res.set_header("Pragma", "no-cache");
    sendJson(res, status, std::move(body));
}

void noteClientId(std::string_view clientId) {
    t_clientId = std::string(clientId);
}

std::string takeClientId() {
    std::string id = std::move(t_clientId);
    t_clientId.clear();
    return id;
}

} // namespace lr::sandbox
