#include "core/RequestView.hpp"

#include "core/Json.hpp"
#include "core/RequestBuilder.hpp"

namespace lr {
namespace {

constexpr std::string_view kDots = "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"; // •••

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

bool isFormBody(const HttpRequest& request) {
    return request.contentType.rfind("application/x-www-form-urlencoded", 0) == 0;
}

/// Quotes for a POSIX shell double-quoted string, leaving `$NAME` references to expand.
std::string shellDoubleQuoted(std::string_view text, bool keepVariables) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '$' && keepVariables && text.compare(i, 11, "$LIMITRAIL_") == 0) {
            out.push_back(c);
            continue;
        }
        if (c == '"' || c == '\\' || c == '$' || c == '`')
            out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
    return out;
}

} // namespace

std::string redactAuthorization(std::string_view value) {
    if (value.rfind("Bearer ", 0) == 0) {
        const std::string_view token = value.substr(7);
        return "Bearer " + std::string(token.substr(0, std::min<std::size_t>(6, token.size()))) +
               "\xE2\x80\xA6(redacted)";
    }
    if (value.rfind("Basic ", 0) == 0)
        return "Basic " + std::string(kDots) + "(redacted)";
    return std::string(value);
}

std::string describeRequest(const HttpRequest& request, bool reveal) {
    std::string out = "{\n  \"method\": " + jsonString(request.method) +
                      ",\n  \"url\": " + jsonString(request.url) + ",\n  \"headers\": {";
    bool first = true;
    for (const Header& header : request.headers) {
        const bool secret = iequals(header.name, "Authorization");
        out += first ? "\n" : ",\n";
        out += "    " + jsonString(header.name) + ": " +
               jsonString(secret && !reveal ? redactAuthorization(header.value) : header.value);
        first = false;
    }
    if (!request.contentType.empty()) {
        out += first ? "\n" : ",\n";
        out += "    \"Content-Type\": " + jsonString(request.contentType);
        first = false;
    }
    out += first ? "}" : "\n  }";

    if (isFormBody(request)) {
        out += ",\n  \"form\": {";
        bool firstField = true;
        for (const auto& [name, value] : formDecode(request.body)) {
            out += firstField ? "\n" : ",\n";
            out += "    " + jsonString(name) + ": " +
                   jsonString(name == "client_secret" && !reveal ? std::string(kDots) : value);
            firstField = false;
        }
        out += firstField ? "}" : "\n  }";
    } else if (!request.body.empty()) {
        // The body is shown as sent; it is JSON the user typed (or the pane shows it as text).
        out += ",\n  \"body\": " + request.body;
    }
    out += "\n}";
    return sanitizeUtf8(out);
}

std::string toCurl(const HttpRequest& request) {
    std::string out = "curl -sS";
    if (request.method != "GET")
        out += " -X " + request.method;
    out += " " + shellDoubleQuoted(request.url, false);
    for (const Header& header : request.headers) {
        std::string value = header.value;
        if (iequals(header.name, "Authorization"))
            value = value.rfind("Basic ", 0) == 0 ? "Basic $LIMITRAIL_BASIC_AUTH"
                                                  : "Bearer $LIMITRAIL_TOKEN";
        out += " \\\n  -H " + shellDoubleQuoted(header.name + ": " + value, true);
    }
    if (!request.contentType.empty())
        out += " \\\n  -H " + shellDoubleQuoted("Content-Type: " + request.contentType, false);

    if (isFormBody(request)) {
        for (const auto& [name, value] : formDecode(request.body)) {
            const std::string shown = name == "client_secret" ? "$LIMITRAIL_CLIENT_SECRET" : value;
            out += " \\\n  --data-urlencode " +
                   shellDoubleQuoted(name + "=" + shown, name == "client_secret");
        }
    } else if (!request.body.empty()) {
        out += " \\\n  --data-raw " + shellDoubleQuoted(request.body, false);
    }
    return out;
}

} // namespace lr
