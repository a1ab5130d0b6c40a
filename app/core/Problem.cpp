#include "core/Problem.hpp"

#include <simdjson.h>

#include <cctype>
#include <cstring>
#include <ctime>

namespace lr {
namespace {

std::string field(simdjson::dom::object& object, const char* key) {
    std::string_view text;
    if (!object[key].get(text))
        return std::string(text);
    int64_t number = 0;
    if (!object[key].get(number))
        return std::to_string(number);
    return {};
}

} // namespace

std::optional<Problem> parseProblem(std::string_view body) {
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (body.empty() || parser.parse(body.data(), body.size()).get(root))
        return std::nullopt;
    simdjson::dom::object object;
    if (root.get(object))
        return std::nullopt;

    Problem problem;
    // RFC 6749 §5.2: {"error": "...", "error_description": "..."}.
    std::string_view error;
    if (!object["error"].get(error)) {
        problem.kind = ProblemKind::OAuthError;
        problem.errorCode = std::string(error);
        problem.title = std::string(error);
        problem.detail = field(object, "error_description");
        return problem;
    }

    problem.kind = ProblemKind::ProblemDetails;
    problem.type = field(object, "type");
    problem.title = field(object, "title");
    problem.detail = field(object, "detail");
    problem.instance = field(object, "instance");
    problem.errorCode = field(object, "errorCode");
    problem.resourceKey = field(object, "resourceKey");
    problem.field = field(object, "field");
    problem.traceId = field(object, "traceId");
    int64_t status = 0;
    if (!object["status"].get(status))
        problem.status = int(status);
    if (problem.title.empty() && problem.errorCode.empty() && problem.type.empty())
        return std::nullopt;
    return problem;
}

std::optional<AuthChallenge> parseWwwAuthenticate(std::string_view value) {
    AuthChallenge challenge;
    std::size_t i = 0;
    auto skipBlanks = [&] {
        while (i < value.size() && (value[i] == ' ' || value[i] == '\t'))
            ++i;
    };

    skipBlanks();
    const std::size_t schemeStart = i;
    while (i < value.size() && value[i] != ' ' && value[i] != ',')
        ++i;
    challenge.scheme = std::string(value.substr(schemeStart, i - schemeStart));
    if (challenge.scheme.empty())
        return std::nullopt;

    while (i < value.size()) {
        skipBlanks();
        if (i < value.size() && value[i] == ',') {
            ++i;
            continue;
        }
        const std::size_t nameStart = i;
        while (i < value.size() && value[i] != '=' && value[i] != ',' && value[i] != ' ')
            ++i;
        std::string name(value.substr(nameStart, i - nameStart));
        for (char& c : name)
            c = char(std::tolower(static_cast<unsigned char>(c)));
        skipBlanks();
        if (i >= value.size() || value[i] != '=') {
            if (name.empty())
                return std::nullopt;
            continue; // a token68 or a bare word; nothing the console uses
        }
        ++i;
        skipBlanks();
        std::string parsed;
        if (i < value.size() && value[i] == '"') {
            ++i;
            bool closed = false;
            while (i < value.size()) {
                const char c = value[i++];
                if (c == '\\' && i < value.size()) {
                    parsed.push_back(value[i++]);
                } else if (c == '"') {
                    closed = true;
                    break;
                } else {
                    parsed.push_back(c);
                }
            }
            if (!closed)
                return std::nullopt;
        } else {
            const std::size_t start = i;
            while (i < value.size() && value[i] != ',' && value[i] != ' ')
                ++i;
            parsed = std::string(value.substr(start, i - start));
        }
        if (!name.empty())
            challenge.params[name] = parsed;
    }
    return challenge;
}

std::optional<std::chrono::seconds> parseRetryAfter(std::string_view value,
                                                    std::chrono::system_clock::time_point now) {
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ')
        value.remove_suffix(1);
    if (value.empty())
        return std::nullopt;

    // delta-seconds: digits only.
    bool digits = value.size() <= 10;
    for (char c : value)
        digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (digits)
        return std::chrono::seconds(std::stoll(std::string(value)));

    // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
    const std::string text(value);
    std::tm tm{};
    const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (!end || *end != '\0')
        return std::nullopt;
    // In seconds, not the clock's nanoseconds: a date in year 6810 overflows those.
    const std::time_t when = timegm(&tm);
    const long long delta = static_cast<long long>(when) -
                            static_cast<long long>(std::chrono::system_clock::to_time_t(now));
    return std::chrono::seconds(delta < 0 ? 0 : delta);
}

} // namespace lr
