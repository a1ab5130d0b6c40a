#include "core/Url.hpp"

#include <cctype>
#include <charconv>

namespace lr {

std::string Url::origin() const {
    const bool v6 = host.find(':') != std::string::npos;
    return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool Url::isLoopback() const {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

bool parseUrl(std::string_view text, Url& out, std::string& error) {
    out = Url{};
    const auto schemeEnd = text.find("://");
    if (schemeEnd == std::string_view::npos) {
        error = "not an absolute URL (missing scheme://)";
        return false;
    }
    for (char c : text.substr(0, schemeEnd))
        out.scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (out.scheme != "http" && out.scheme != "https") {
        error = "unsupported scheme '" + out.scheme + "' (only http and https)";
        return false;
    }

    std::string_view rest = text.substr(schemeEnd + 3);
    const auto pathStart = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, pathStart);
    std::string_view target = pathStart == std::string_view::npos ? "" : rest.substr(pathStart);
    if (authority.find('@') != std::string_view::npos) {
        error = "credentials in the URL are not allowed";
        return false;
    }

    std::string_view portText;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            error = "unterminated IPv6 address";
            return false;
        }
        out.host = std::string(authority.substr(1, close - 1));
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':') {
                error = "unexpected text after the IPv6 address";
                return false;
            }
            portText = authority.substr(close + 2);
        }
    } else {
        const auto colon = authority.rfind(':');
        out.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos)
            portText = authority.substr(colon + 1);
    }
    if (out.host.empty()) {
        error = "the URL has no host";
        return false;
    }
    for (char& c : out.host)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));

    out.port = out.scheme == "https" ? 443 : 80;
    if (!portText.empty()) {
        int port = 0;
        auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (ec != std::errc() || end != portText.data() + portText.size() || port <= 0 ||
            port > 65535) {
            error = "bad port '" + std::string(portText) + "'";
            return false;
        }
        out.port = port;
    }

    if (const auto hash = target.find('#'); hash != std::string_view::npos)
        target = target.substr(0, hash);
    out.target =
        target.empty() || target.front() != '/' ? "/" + std::string(target) : std::string(target);
    return true;
}

std::string urlEncode(std::string_view text) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}

namespace {

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

std::string formDecodeComponent(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out.push_back(' ');
        } else if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
                   hexValue(text[i + 2]) >= 0) {
            out.push_back(char(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::string joinUrl(std::string_view base, std::string_view path) {
    std::string out(base);
    while (!out.empty() && out.back() == '/')
        out.pop_back();
    if (path.empty() || path.front() != '/')
        out.push_back('/');
    out.append(path);
    return out;
}

} // namespace lr
