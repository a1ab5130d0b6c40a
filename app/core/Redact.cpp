#include "core/Redact.hpp"

#include "core/Json.hpp"
#include "core/Url.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>

namespace lr {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool isBase64UrlChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '=';
}

// A JWT: "eyJ" then three base64url segments separated by dots. Returns its length, or 0.
std::size_t jwtLengthAt(std::string_view text, std::size_t at) {
    if (text.compare(at, 3, "eyJ") != 0)
        return 0;
    std::size_t i = at;
    int dots = 0;
    while (i < text.size() && (isBase64UrlChar(text[i]) || text[i] == '.')) {
        if (text[i] == '.')
            ++dots;
        ++i;
    }
    return dots >= 2 ? i - at : 0;
}

void replaceAll(std::string& text, std::string_view needle) {
    if (needle.empty())
        return;
    std::size_t at = 0;
    while ((at = text.find(needle, at)) != std::string::npos) {
        text.replace(at, needle.size(), kRedacted);
        at += kRedacted.size();
    }
}

} // namespace

bool isSensitiveHeader(std::string_view name) {
    for (std::string_view known : {"authorization", "proxy-authorization", "cookie", "set-cookie",
                                   "x-api-key", "api-key", "x-client-secret"})
        if (equalsIgnoreCase(name, known))
            return true;
    return false;
}

bool isSensitiveField(std::string_view name) {
    for (std::string_view known :
         {"client_secret", "access_token", "refresh_token", "id_token", "password", "secret",
          "client_assertion", "assertion", "token", "clientSecret", "accessToken", "refreshToken",
          "api_key", "apiKey"})
        if (equalsIgnoreCase(name, known))
            return true;
    return false;
}

HeaderList redactHeaders(const HeaderList& headers) {
    HeaderList out;
    out.reserve(headers.size());
    for (const Header& header : headers) {
        if (!isSensitiveHeader(header.name)) {
            out.push_back(header);
            continue;
        }

        // Keep the scheme ("Bearer", "Basic"): it tells the reader how the call authenticated.
        std::string value(kRedacted);
        const std::size_t space = header.value.find(' ');
        if (equalsIgnoreCase(header.name, "authorization") && space != std::string::npos &&
            space > 0 && space < 16)
            value = header.value.substr(0, space) + " " + std::string(kRedacted);
        out.push_back({header.name, std::move(value)});
    }
    return out;
}

std::string redactForm(std::string_view form) {
    std::string out;
    out.reserve(form.size());
    std::size_t start = 0;
    while (start <= form.size()) {
        std::size_t end = form.find('&', start);
        if (end == std::string_view::npos)
            end = form.size();
        const std::string_view pair = form.substr(start, end - start);
        const std::size_t equals = pair.find('=');
        const std::string_view name = pair.substr(0, equals);
        // Only the name is decoded, to compare it; a value is never decoded or kept.
        if (equals != std::string_view::npos && isSensitiveField(formDecodeComponent(name))) {
            out.append(name);
            out.push_back('=');
            out.append(kRedacted);
        } else {
            out.append(pair);
        }
        if (end == form.size())
            break;
        out.push_back('&');
        start = end + 1;
    }
    return out;
}

std::string redactUrl(std::string_view url) {
    const std::size_t question = url.find('?');
    if (question == std::string_view::npos)
        return std::string(url);
    const std::size_t hash = url.find('#', question);
    const std::string_view query =
        url.substr(question + 1, hash == std::string_view::npos ? url.npos : hash - question - 1);
    std::string out(url.substr(0, question + 1));
    out += redactForm(query);
    if (hash != std::string_view::npos)
        out += url.substr(hash);
    return out;
}

std::string redactJsonFields(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    std::size_t i = 0;

    // Finds the end of the string starting at `open` (a quote); npos when unterminated.
    auto stringEnd = [&json](std::size_t open) {
        for (std::size_t k = open + 1; k < json.size(); ++k) {
            if (json[k] == '\\')
                ++k;
            else if (json[k] == '"')
                return k;
        }
        return std::string_view::npos;
    };

    while (i < json.size()) {
        if (json[i] != '"') {
            out.push_back(json[i++]);
            continue;
        }

        // 1. A string: copy it, and see whether it is a key followed by ':'.
        const std::size_t close = stringEnd(i);
        if (close == std::string_view::npos) {
            out.append(json.substr(i));
            break;
        }
        const std::string_view key = json.substr(i + 1, close - i - 1);
        out.append(json.substr(i, close - i + 1));
        i = close + 1;
        std::size_t k = i;
        while (k < json.size() && std::isspace(static_cast<unsigned char>(json[k])))
            ++k;
        if (k >= json.size() || json[k] != ':' || !isSensitiveField(key))
            continue;

        // 2. A sensitive key: copy up to its value, then replace a string value's content.
        ++k;
        while (k < json.size() && std::isspace(static_cast<unsigned char>(json[k])))
            ++k;
        out.append(json.substr(i, k - i));
        i = k;
        if (i >= json.size() || json[i] != '"')
            continue;
        const std::size_t valueClose = stringEnd(i);
        out.push_back('"');
        out.append(kRedacted);
        out.push_back('"');
        if (valueClose == std::string_view::npos)
            break; // cut off inside the secret: nothing of it is kept
        i = valueClose + 1;
    }
    return out;
}

std::string scrubSecrets(std::string_view text, const std::vector<std::string>& secrets,
                         bool cutOff) {
    std::string out;
    out.reserve(text.size());

    // 1. Anything shaped like a JWT, whoever issued it.
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = text[i] == 'e' ? jwtLengthAt(text, i) : 0;
        if (length > 0) {
            out.append(kRedacted);
            i += length;
        } else {
            out.push_back(text[i++]);
        }
    }

    // 2. The secrets the caller still holds; short ones would match innocent text.
    for (const std::string& secret : secrets)
        if (secret.size() >= 8)
            replaceAll(out, secret);

    // 3. A cut-off text may end in the first part of a secret or a token.
    if (cutOff) {
        for (const std::string& secret : secrets) {
            if (secret.size() < 8)
                continue;
            for (std::size_t k = std::min(secret.size() - 1, out.size()); k >= 4; --k) {
                if (out.compare(out.size() - k, k, secret, 0, k) == 0) {
                    out.resize(out.size() - k);
                    break;
                }
            }
        }
        std::size_t tail = out.size();
        while (tail > 0 && (isBase64UrlChar(out[tail - 1]) || out[tail - 1] == '.'))
            --tail;
        if (out.compare(tail, 3, "eyJ") == 0)
            out.resize(tail);
    }
    return out;
}

std::string redactedRequestJson(const HttpRequest& request,
                                const std::vector<std::string>& knownSecrets) {
    std::string json = "{\n  \"method\": ";
    appendJsonString(json, request.method);
    json += ",\n  \"url\": ";
    appendJsonString(json, redactUrl(request.url));
    json += ",\n  \"headers\": {";
    const HeaderList headers = redactHeaders(request.headers);
    for (std::size_t i = 0; i < headers.size(); ++i) {
        json += i == 0 ? "\n    " : ",\n    ";
        appendJsonString(json, headers[i].name);
        json += ": ";
        appendJsonString(json, headers[i].value);
    }
    json += headers.empty() ? "}" : "\n  }";
    if (!request.body.empty()) {
        const bool form = request.contentType.find("x-www-form-urlencoded") != std::string::npos;
        json += ",\n  \"body\": ";
        appendJsonString(json, form ? redactForm(request.body) : redactJsonFields(request.body));
    }
    json += "\n}";
    return scrubSecrets(json, knownSecrets);
}

HistoryEntry makeHistoryEntry(const HttpResponse& response, const HistoryContext& context) {
    HistoryEntry entry;
    entry.timeUnixMs = context.timeUnixMs;
    if (entry.timeUnixMs == 0)
        entry.timeUnixMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    entry.environment = context.environment;
    entry.method = response.request.method;
    entry.url = scrubSecrets(redactUrl(response.request.url), context.knownSecrets);
    entry.pathTemplate = context.pathTemplate;
    if (entry.pathTemplate.empty()) {
        Url parsed;
        std::string ignored;
        entry.pathTemplate = parseUrl(response.request.url, parsed, ignored)
                                 ? parsed.target.substr(0, parsed.target.find('?'))
                                 : std::string("/");
    }
    entry.requestJson = redactedRequestJson(response.request, context.knownSecrets);
    entry.status = response.ok() ? response.status : 0;
    entry.error =
        response.ok() ? std::string() : scrubSecrets(response.errorMessage, context.knownSecrets);
    entry.timings = response.timings;

    entry.responseHeaders = redactHeaders(response.headers);
    for (Header& header : entry.responseHeaders)
        header.value = scrubSecrets(header.value, context.knownSecrets);

    // The body: redact a little past the cap so a key near the cut is still seen whole, then
    // cut, then drop any partial secret the cut left at the end.
    if (response.body) {
        const std::string_view whole = response.body->view();
        entry.bodySize = whole.size();
        const std::size_t margin = 64 * 1024;
        const bool cut = whole.size() > context.bodyCap;
        std::string redacted = scrubSecrets(
            redactJsonFields(whole.substr(0, context.bodyCap + margin)), context.knownSecrets);
        if (cut && redacted.size() > context.bodyCap)
            redacted.resize(context.bodyCap);
        entry.body = cut ? scrubSecrets(redacted, context.knownSecrets, true) : redacted;
    }
    return entry;
}

const char* toString(StatusFilter filter) {
    switch (filter) {
    case StatusFilter::Any:
        return "Any status";
    case StatusFilter::Success2xx:
        return "2xx";
    case StatusFilter::Redirect3xx:
        return "3xx";
    case StatusFilter::Client4xx:
        return "4xx";
    case StatusFilter::Server5xx:
        return "5xx";
    case StatusFilter::Failed:
        return "No answer";
    case StatusFilter::Exact:
        return "Exact code";
    }
    return "?";
}

} // namespace lr
