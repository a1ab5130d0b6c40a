#include "core/Token.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lr {

TokenStatus Token::status(SteadyTime now) const {
    if (!present())
        return TokenStatus::Missing;
    return now < expiresAt ? TokenStatus::Valid : TokenStatus::Expired;
}

double Token::secondsLeft(SteadyTime now) const {
    return std::max(0.0, std::chrono::duration<double>(expiresAt - now).count());
}

bool Token::hasScope(std::string_view scope) const {
    return scope.empty() || std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

int tokenSafetyMarginSeconds(int expiresInSeconds) {
    return std::min(30, std::max(0, expiresInSeconds / 10));
}

TokenParse parseTokenResponse(std::string_view body, SteadyTime receivedAt) {
    TokenParse result;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(body.data(), body.size()).get(root)) {
        result.error = "the token answer is not valid JSON";
        return result;
    }
    if (!root.is_object()) {
        result.error = "the token answer is not a JSON object";
        return result;
    }

    Token token;
    std::string_view text;
    if (root["access_token"].get(text) || text.empty()) {
        result.error = "the token answer has no access_token";
        return result;
    }
    token.accessToken = std::string(text);
    token.tokenType = root["token_type"].get(text) ? "Bearer" : std::string(text);

    // expires_in must be a number of seconds; a string or a negative value is refused rather
    // than guessed, so the chip never shows a lifetime the server did not give.
    simdjson::dom::element expires;
    if (root["expires_in"].get(expires)) {
        result.error = "the token answer has no expires_in";
        return result;
    }
    double seconds = 0;
    if (expires.is_int64())
        seconds = double(expires.get_int64().value());
    else if (expires.is_uint64())
        seconds = double(expires.get_uint64().value());
    else if (expires.is_double())
        seconds = expires.get_double().value();
    else {
        result.error = "expires_in is not a number";
        return result;
    }
    if (!std::isfinite(seconds) || seconds < 1 || seconds > 366.0 * 24 * 3600) {
        result.error = "expires_in is out of range";
        return result;
    }
    token.expiresInSeconds = int(seconds);

    if (!root["scope"].get(text))
        token.scopes = splitScopes(text);
    token.receivedAt = receivedAt;
    token.expiresAt =
        receivedAt + std::chrono::seconds(token.expiresInSeconds -
                                          tokenSafetyMarginSeconds(token.expiresInSeconds));
    result.token = std::move(token);
    return result;
}

std::vector<std::string> splitScopes(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ')
            ++i;
        std::size_t end = text.find(' ', i);
        if (end == std::string_view::npos)
            end = text.size();
        if (end > i)
            out.emplace_back(text.substr(i, end - i));
        i = end;
    }
    return out;
}

std::string joinScopes(const std::vector<std::string>& scopes) {
    std::string out;
    for (const std::string& scope : scopes) {
        if (!out.empty())
            out.push_back(' ');
        out += scope;
    }
    return out;
}

std::string formatCountdown(double seconds) {
    const long total = long(std::max(0.0, seconds));
    char buffer[32];
    if (total >= 3600)
        std::snprintf(buffer, sizeof buffer, "%ld:%02ld:%02ld", total / 3600, total / 60 % 60,
                      total % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%02ld:%02ld", total / 60, total % 60);
    return buffer;
}

} // namespace lr
