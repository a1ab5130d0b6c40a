#pragma once

// What the sandbox's route files share: the server's state, the callers' identity, and small
// helpers for reading requests and writing answers. Not part of the public interface.

#include "sandbox/Data.hpp"
#include "sandbox/Sandbox.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace lr::sandbox {

/// An OAuth client of the sandbox: its tenant and the scopes it may ask for.
struct Client {
    const char* id;
    const char* secret;
    const char* tenant;
    const char* scopes; // space-separated
};
const Client* findClient(std::string_view id);
extern const Client kClients[2];

enum class ErrorCode {
    ValidationRequired,
    ValidationFormat,
    ValidationRange,
    SecretOnApiHost,
    AuthInvalidToken,
    AuthInsufficientScope,
    AccountNotFound,
    MeterNotFound,
    LimitExceeded,
    IdempotencyKeyReused,
    IdempotencyInProgress,
    RateLimited,
    NotFound,        // no such route or document
    InternalError,   // the 500 fault
    RequestTooLarge, // a body past the server's bound
    HeadersTooLarge, // more header fields than the server takes
};

/// Per-client fixed one-second windows; `limit` requests a window, 0 = off.
class RateLimiter {
public:
    explicit RateLimiter(int limit) : m_limit(limit) {}
    /// True when the call may go ahead; else `retryAfterSeconds` says when to come back.
    bool admit(std::string_view clientId, int& retryAfterSeconds);

private:
    int m_limit;
    std::mutex m_mutex;
    std::map<std::string, std::pair<std::int64_t, int>, std::less<>> m_windows;
};

struct Context {
    Options options;
    std::unique_ptr<Tenant> demo;
    std::unique_ptr<Tenant> acme;
    std::string signingKey;
    std::string issuer; // the base URL, set once the port is known
    int port = 0;
    std::unique_ptr<RateLimiter> rateLimiter;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    // Slow and endless routes wait on this so stop() never waits for them.
    std::atomic<bool> stopping{false};
    std::mutex stopMutex;
    std::condition_variable stopSignal;

    std::atomic<std::uint64_t> requests{0};
    std::atomic<int> inFlight{0};
    std::atomic<int> maxInFlight{0};

    Tenant* tenant(std::string_view name) const;
    /// The sandbox's clock: the fixed origin plus the time since start.
    std::int64_t nowMs() const;
    /// Sleeps up to `ms`; false when the server is stopping.
    bool sleepFor(std::int64_t ms);
};

/// Who is calling, once the bearer token checked out.
struct Caller {
    const Client* client = nullptr;
    Tenant* tenant = nullptr;
};

// Problem.cpp: answers.
std::string newTraceId();
void sendJson(httplib::Response& res, int status, std::string body);
void sendProblem(const httplib::Request& req, httplib::Response& res, ErrorCode code,
                 std::string_view detail, std::string_view field = {});
void sendOAuthError(httplib::Response& res, int status, std::string_view error,
                    std::string_view description);
/// The client id of the current request for the log line; set by the auth step.
void noteClientId(std::string_view clientId);
std::string takeClientId();

// Params.cpp: reading requests (names match case-insensitively, as ASP.NET binds them).
const std::string* findParam(const httplib::Request& req, std::string_view name);
std::string encodeCursor(std::string_view text);
std::optional<std::string> decodeCursor(std::string_view cursor);

/// Reads a required instant; answers the problem itself and returns nullopt when absent/bad.
std::optional<std::int64_t> requiredInstant(const httplib::Request& req, httplib::Response& res,
                                            std::string_view name, std::string_view field);
/// Reads `from` and `to`, checks to > from and a window of at most 31 days.
bool readWindow(const httplib::Request& req, httplib::Response& res, std::int64_t& from,
                std::int64_t& to);
/// Reads `limit` (default 100, 1..max).
bool readLimit(const httplib::Request& req, httplib::Response& res, std::size_t max,
               std::size_t& limit);
/// Resolves an optional `accountId` / `meter` filter; -1 when absent.
bool readAccountFilter(const httplib::Request& req, httplib::Response& res, const Tenant& tenant,
                       int& account);
bool readMeterFilter(const httplib::Request& req, httplib::Response& res, const Tenant& tenant,
                     int& meter);

// Auth.cpp: the token endpoint, discovery, and the check every /v1 call goes through.
void addAuthRoutes(Context& context, httplib::Server& http);
bool authorize(Context& context, const httplib::Request& req, httplib::Response& res,
               std::string_view scope, Caller& caller);
std::string issueToken(Context& context, const Client& client, std::string_view scope);

// The route files.
void addAccountRoutes(Context& context, httplib::Server& http);
void addUsageRoutes(Context& context, httplib::Server& http);
void addRuntimeRoutes(Context& context, httplib::Server& http);
void addExportRoutes(Context& context, httplib::Server& http);
void addSwaggerRoutes(Context& context, httplib::Server& http);
void addFaultRoutes(Context& context, httplib::Server& http);

/// Method and path of every route the sandbox serves, for the /swagger page.
struct RouteInfo {
    const char* method;
    const char* path;
    const char* scope;
    const char* summary;
};
extern const RouteInfo kRoutes[];
extern const std::size_t kRouteCount;

// Scopes.
constexpr std::string_view kScopeAccountsRead = "limitrail.accounts.read";
constexpr std::string_view kScopeLimitsRead = "limitrail.limits.read";
constexpr std::string_view kScopeUsageRead = "limitrail.usage.read";
constexpr std::string_view kScopeUsageWrite = "limitrail.usage.write";
constexpr std::string_view kScopeRuntimeRead = "limitrail.runtime.read";

} // namespace lr::sandbox
