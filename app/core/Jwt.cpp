#include "core/Jwt.hpp"

#include "core/Base64.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <simdjson.h>

namespace lr {
namespace {

constexpr std::string_view kHs256Header = R"({"alg":"HS256","typ":"JWT"})";

std::string hmacSha256(std::string_view key, std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
    return std::string(reinterpret_cast<const char*>(digest), length);
}

bool isBase64UrlText(std::string_view text) {
    for (const char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace

const char* toString(JwtStatus status) {
    switch (status) {
    case JwtStatus::Ok:
        return "ok";
    case JwtStatus::Malformed:
        return "malformed";
    case JwtStatus::UnsupportedAlgorithm:
        return "unsupported algorithm";
    case JwtStatus::BadSignature:
        return "bad signature";
    }
    return "malformed";
}

std::string jwtEncodeHs256(std::string_view payloadJson, std::string_view key) {
    std::string token = base64UrlEncode(kHs256Header);
    token.push_back('.');
    token += base64UrlEncode(payloadJson);
    const std::string signature = hmacSha256(key, token);
    token.push_back('.');
    token += base64UrlEncode(signature);
    return token;
}

std::optional<JwtParts> jwtDecode(std::string_view token) {
    const std::size_t first = token.find('.');
    if (first == std::string_view::npos)
        return std::nullopt;
    const std::size_t second = token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
        return std::nullopt;

    const std::string_view header = token.substr(0, first);
    const std::string_view payload = token.substr(first + 1, second - first - 1);
    const std::string_view signature = token.substr(second + 1);
    if (header.empty() || payload.empty() || !isBase64UrlText(header) ||
        !isBase64UrlText(payload) || !isBase64UrlText(signature))
        return std::nullopt;

    auto headerJson = base64Decode(header);
    auto payloadJson = base64Decode(payload);
    if (!headerJson || !payloadJson)
        return std::nullopt;
    return JwtParts{std::move(*headerJson), std::move(*payloadJson)};
}

JwtStatus jwtVerifyHs256(std::string_view token, std::string_view key, JwtParts* parts) {
    auto decoded = jwtDecode(token);
    if (!decoded)
        return JwtStatus::Malformed;

    // The algorithm comes from the header, but only HS256 is accepted: never "none".
    simdjson::dom::parser parser;
    simdjson::dom::element header;
    if (parser.parse(decoded->headerJson).get(header) != simdjson::SUCCESS)
        return JwtStatus::Malformed;
    std::string_view alg;
    if (header["alg"].get(alg) != simdjson::SUCCESS || alg != "HS256")
        return JwtStatus::UnsupportedAlgorithm;

    const std::size_t last = token.rfind('.');
    const auto signature = base64Decode(token.substr(last + 1));
    const std::string expected = hmacSha256(key, token.substr(0, last));
    if (!signature || signature->size() != expected.size() ||
        CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0)
        return JwtStatus::BadSignature;

    if (parts)
        *parts = std::move(*decoded);
    return JwtStatus::Ok;
}

std::optional<JwtClaims> jwtParseClaims(std::string_view payloadJson) {
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    if (parser.parse(payloadJson.data(), payloadJson.size()).get(object) != simdjson::SUCCESS)
        return std::nullopt;

    JwtClaims claims;
    const auto text = [&](const char* name, std::string& out) {
        std::string_view value;
        if (object[name].get(value) == simdjson::SUCCESS)
            out = std::string(value);
    };
    const auto number = [&](const char* name, std::int64_t& out) {
        simdjson::dom::element element;
        if (object[name].get(element) != simdjson::SUCCESS)
            return;
        std::int64_t i = 0;
        double d = 0;
        if (element.get(i) == simdjson::SUCCESS)
            out = i;
        else if (element.get(d) == simdjson::SUCCESS)
            out = static_cast<std::int64_t>(d);
    };
    text("iss", claims.iss);
    text("sub", claims.sub);
    text("tenant", claims.tenant);
    text("scope", claims.scope);
    text("jti", claims.jti);
    number("iat", claims.iat);
    number("exp", claims.exp);
    return claims;
}

} // namespace lr
