#include "core/Base64.hpp"
#include "sandbox/Internal.hpp"
#include "sandbox/Time.hpp"

#include <charconv>
#include <strings.h>

namespace lr::sandbox {

const std::string* findParam(const httplib::Request& req, std::string_view name) {
    for (const auto& [key, value] : req.params) {
        if (key.size() == name.size() && strncasecmp(key.data(), name.data(), name.size()) == 0)
            return &value;
    }
    return nullptr;
}

std::string encodeCursor(std::string_view text) {
    return base64UrlEncode(text);
}

std::optional<std::string> decodeCursor(std::string_view cursor) {
    return base64Decode(cursor);
}

std::optional<std::int64_t> requiredInstant(const httplib::Request& req, httplib::Response& res,
                                            std::string_view name, std::string_view field) {
    const std::string* text = findParam(req, name);
    if (!text || text->empty()) {
        sendProblem(req, res, ErrorCode::ValidationRequired,
                    "The " + std::string(field) + " query parameter is required.", field);
        return std::nullopt;
    }
    const auto instant = parseInstant(*text);
    if (!instant) {
        sendProblem(req, res, ErrorCode::ValidationFormat,
                    std::string(field) + " is not an ISO-8601 instant.", field);
        return std::nullopt;
    }
    return instant;
}

bool readWindow(const httplib::Request& req, httplib::Response& res, std::int64_t& from,
                std::int64_t& to) {
    const auto f = requiredInstant(req, res, "from", "From");
    if (!f)
        return false;
    const auto t = requiredInstant(req, res, "to", "To");
    if (!t)
        return false;
    if (*t <= *f) {
        sendProblem(req, res, ErrorCode::ValidationRange, "To must be after From.", "To");
        return false;
    }
    if (*t - *f > 31 * kDayMs) {
        sendProblem(req, res, ErrorCode::ValidationRange,
                    "The window from From to To may span at most 31 days.", "To");
        return false;
    }
    from = *f;
    to = *t;
    return true;
}

bool readLimit(const httplib::Request& req, httplib::Response& res, std::size_t max,
               std::size_t& limit) {
    limit = 100;
    const std::string* text = findParam(req, "limit");
    if (!text)
        return true;
    long long value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size()) {
        sendProblem(req, res, ErrorCode::ValidationFormat, "Limit is not a whole number.", "Limit");
        return false;
    }
    if (value < 1 || static_cast<unsigned long long>(value) > max) {
        sendProblem(req, res, ErrorCode::ValidationRange,
                    "Limit must be between 1 and " + std::to_string(max) + ".", "Limit");
        return false;
    }
    limit = static_cast<std::size_t>(value);
    return true;
}

bool readAccountFilter(const httplib::Request& req, httplib::Response& res, const Tenant& tenant,
                       int& account) {
    account = -1;
    const std::string* id = findParam(req, "accountId");
    if (!id || id->empty())
        return true;
    account = tenant.findAccount(*id, false);
    if (account < 0) {
        sendProblem(req, res, ErrorCode::AccountNotFound, "No account " + *id + " in this tenant.",
                    "AccountId");
        return false;
    }
    return true;
}

bool readMeterFilter(const httplib::Request& req, httplib::Response& res, const Tenant& tenant,
                     int& meter) {
    meter = -1;
    const std::string* key = findParam(req, "meter");
    if (!key || key->empty())
        return true;
    meter = tenant.findMeter(*key);
    if (meter < 0) {
        sendProblem(req, res, ErrorCode::MeterNotFound, "No meter " + *key + " in this tenant.",
                    "Meter");
        return false;
    }
    return true;
}

} // namespace lr::sandbox
