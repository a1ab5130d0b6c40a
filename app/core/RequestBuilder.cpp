#include "core/RequestBuilder.hpp"

#include "core/Url.hpp"

#include <simdjson.h>

#include <random>

namespace lr {
namespace {

bool isBodyEndpoint(const Endpoint& endpoint) {
    return endpoint.bodyMediaType == "application/json";
}

bool containsSecret(std::string_view text, const Secret* secret) {
    return secret && !secret->empty() && text.find(secret->reveal()) != std::string_view::npos;
}

} // namespace

FormValues initialFormValues(const Endpoint& endpoint) {
    FormValues form;
    for (const Field& field : endpoint.fields) {
        if (field.location == FieldLocation::Body || field.location == FieldLocation::Form)
            continue;
        if (field.name == "Idempotency-Key") {
            form.values[field.name] = newUuid();
            continue;
        }
        // Required inputs start from the example so the first Send works; optional filters start
        // empty (the example is the input's hint), so they do not narrow the answer unasked.
        form.values[field.name] = !field.defaultValue.empty() ? field.defaultValue
                                  : field.required            ? field.example
                                                              : std::string();
    }
    form.body = endpoint.bodyExample;
    return form;
}

BuildResult buildTokenRequest(const Environment& environment, const std::string& clientId,
                              const Secret& secret, const std::vector<std::string>& scopes) {
    BuildResult result;
    if (clientId.empty())
        result.missing.push_back("client_id");
    if (secret.empty())
        result.missing.push_back("client_secret");
    if (scopes.empty())
        result.missing.push_back("scope");
    if (!result.missing.empty())
        return result;

    HttpRequest request;
    request.method = "POST";
    request.url = joinUrl(environment.oauthBase, "/connect/token");
    request.contentType = "application/x-www-form-urlencoded";
    request.headers.push_back({"Accept", "application/json"});
    request.body = formEncode({{"grant_type", "client_credentials"},
                               {"client_id", clientId},
                               {"client_secret", secret.reveal()},
                               {"scope", joinScopes(scopes)}});
    result.request = std::move(request);
    return result;
}

BuildResult buildApiRequest(const Endpoint& endpoint, const FormValues& form,
                            const Environment& environment, const Token* token,
                            const Secret* secretToRefuse, bool skipRequired) {
    BuildResult result;
    std::string path = endpoint.path;
    std::string query;
    HeaderList headers;

    // 1. Parameters by location; required ones left empty are collected, not sent.
    for (const Field& field : endpoint.fields) {
        if (field.location == FieldLocation::Body || field.location == FieldLocation::Form)
            continue;
        auto it = form.values.find(field.name);
        const std::string value = it == form.values.end() ? std::string() : it->second;
        if (value.empty()) {
            if (field.required)
                result.missing.push_back(field.name);
            if (field.location != FieldLocation::Path)
                continue;
        }
        if (field.name == "client_secret" || containsSecret(value, secretToRefuse)) {
            result.error = "The client secret belongs on the token request only; remove it from "
                           "the input " +
                           field.name + ".";
            return result;
        }
        switch (field.location) {
        case FieldLocation::Path: {
            const std::string placeholder = "{" + field.name + "}";
            const auto at = path.find(placeholder);
            if (at != std::string::npos)
                path.replace(at, placeholder.size(), urlEncode(value));
            break;
        }
        case FieldLocation::Query:
            query += (query.empty() ? "?" : "&") + urlEncode(field.name) + "=" + urlEncode(value);
            break;
        case FieldLocation::Header:
            if (hasLineBreak(value)) {
                result.error = "The header " + field.name +
                               " contains a line break (CR or LF); it was not sent.";
                return result;
            }
            headers.push_back({field.name, value});
            break;
        default:
            break;
        }
    }

    // 2. The JSON body must parse, and its required top-level members must be there.
    std::string body;
    if (isBodyEndpoint(endpoint)) {
        body = form.body;
        if (containsSecret(body, secretToRefuse)) {
            result.error = "The client secret belongs on the token request only; remove it from "
                           "the body.";
            return result;
        }
        simdjson::dom::parser parser;
        simdjson::dom::element root;
        const auto parsed = parser.parse(body.data(), body.size()).get(root);
        if (parsed) {
            result.error =
                std::string("The JSON body is not valid: ") + simdjson::error_message(parsed);
            if (!skipRequired)
                return result;
            result.error.clear();
        } else if (root.is_object()) {
            for (const Field& field : endpoint.fields) {
                if (field.location != FieldLocation::Body || !field.required)
                    continue;
                simdjson::dom::element member;
                if (root[field.name].get(member) || member.is_null())
                    result.missing.push_back(field.name);
            }
        }
    }

    if (!result.missing.empty() && !skipRequired)
        return result;

    // 3. Authorization: the token, when the endpoint needs one and the console has one.
    if (!endpoint.isTokenEndpoint && !endpoint.scope.empty() && token && token->present())
        headers.insert(headers.begin(), {"Authorization", "Bearer " + token->accessToken});
    headers.insert(headers.begin(), {"Accept", "application/json"});

    HttpRequest request;
    request.method = endpoint.method;
    request.url =
        joinUrl(endpoint.usesOAuthHost ? environment.oauthBase : environment.apiBase, path) + query;
    request.headers = std::move(headers);
    if (isBodyEndpoint(endpoint)) {
        request.body = std::move(body);
        request.contentType = "application/json";
    }
    result.request = std::move(request);
    return result;
}

std::string formEncode(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out;
    for (const auto& [name, value] : pairs) {
        if (!out.empty())
            out.push_back('&');
        out += urlEncode(name) + "=" + urlEncode(value);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> formDecode(std::string_view body) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t start = 0;
    while (start < body.size()) {
        std::size_t end = body.find('&', start);
        if (end == std::string_view::npos)
            end = body.size();
        const std::string_view pair = body.substr(start, end - start);
        const auto eq = pair.find('=');
        if (!pair.empty())
            out.emplace_back(
                formDecodeComponent(pair.substr(0, eq)),
                eq == std::string_view::npos ? "" : formDecodeComponent(pair.substr(eq + 1)));
        start = end + 1;
    }
    return out;
}

std::string newUuid() {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    const std::uint64_t hi = rng();
    const std::uint64_t lo = rng();
    unsigned char bytes[16];
    for (int i = 0; i < 8; ++i) {
        bytes[i] = static_cast<unsigned char>(hi >> (56 - 8 * i));
        bytes[8 + i] = static_cast<unsigned char>(lo >> (56 - 8 * i));
    }
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
    static const char* kHex = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out.push_back('-');
        out.push_back(kHex[bytes[i] >> 4]);
        out.push_back(kHex[bytes[i] & 15]);
    }
    return out;
}

} // namespace lr
