// GET /swagger/v1/swagger.json (the catalogue document, as the assets hold it) and GET
// /swagger, a small page that links to it and lists the endpoints.

#include "core/Paths.hpp"
#include "sandbox/Internal.hpp"

namespace lr::sandbox {

const RouteInfo kRoutes[] = {
    {"POST", "/connect/token", "", "OAuth client credentials token"},
    {"GET", "/.well-known/openid-configuration", "", "Discovery document"},
    {"GET", "/health", "", "Liveness"},
    {"GET", "/v1/meters", "limitrail.accounts.read", "Meters of the tenant"},
    {"GET", "/v1/accounts", "limitrail.accounts.read", "List accounts"},
    {"GET", "/v1/accounts/{accountId}", "limitrail.accounts.read", "One account"},
    {"GET", "/v1/accounts/by-external-ref/{externalRef}", "limitrail.accounts.read",
     "The account with that external reference"},
    {"GET", "/v1/accounts/{accountId}/limits", "limitrail.limits.read", "An account's limits"},
    {"POST", "/v1/usage/check", "limitrail.usage.read", "Would this usage fit?"},
    {"POST", "/v1/usage/commit", "limitrail.usage.write", "Book usage (Idempotency-Key)"},
    {"GET", "/v1/runtime/usage", "limitrail.usage.read", "Committed usage records, paged"},
    {"GET", "/v1/runtime/decisions", "limitrail.runtime.read", "Check and commit decisions"},
    {"GET", "/v1/runtime/events", "limitrail.runtime.read", "Limit events"},
    {"GET", "/v1/usage/summary", "limitrail.usage.read", "Totals grouped by meter, account or day"},
    {"GET", "/v1/usage/export", "limitrail.usage.read", "Every record of a window, streamed"},
};
const std::size_t kRouteCount = sizeof kRoutes / sizeof kRoutes[0];

namespace {

std::string escapeHtml(std::string_view text) {
    std::string out;
    for (const char c : text) {
        switch (c) {
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

std::string swaggerPage() {
    std::string html =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>LimitRail sandbox API</title><style>body{font-family:sans-serif;margin:2em}"
        "td,th{padding:4px 12px;text-align:left}code{font-size:1.05em}</style></head><body>\n"
        "<h1>LimitRail sandbox API v1</h1>\n<p>OpenAPI document: "
        "<a href=\"/swagger/v1/swagger.json\">/swagger/v1/swagger.json</a></p>\n"
        "<table><tr><th>Method</th><th>Path</th><th>Scope</th><th>Summary</th></tr>\n";
    for (std::size_t i = 0; i < kRouteCount; ++i) {
        const RouteInfo& r = kRoutes[i];
        html += "<tr><td>" + std::string(r.method) + "</td><td><code>" + escapeHtml(r.path) +
                "</code></td><td>" + escapeHtml(r.scope) + "</td><td>" + escapeHtml(r.summary) +
                "</td></tr>\n";
    }
    html += "</table>\n</body></html>\n";
    return html;
}

} // namespace

void addSwaggerRoutes(Context&, httplib::Server& http) {
    http.Get("/swagger/v1/swagger.json", [](const httplib::Request& req, httplib::Response& res) {
        std::string body;
        std::string error;
        if (!readFile(assetsDir() / "openapi" / "limitrail.v1.json", body, error)) {
            sendProblem(req, res, ErrorCode::NotFound, "The OpenAPI document is not installed.");
            return;
        }
        sendJson(res, 200, std::move(body));
    });

    http.Get("/swagger", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(swaggerPage(), "text/html; charset=utf-8");
    });
}

} // namespace lr::sandbox
