#include "sandbox/Sandbox.hpp"

#include "core/Log.hpp"
#include "sandbox/Internal.hpp"
#include "sandbox/Time.hpp"

#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <sys/socket.h>
#include <thread>

namespace lr::sandbox {

Tenant* Context::tenant(std::string_view name) const {
    if (name == "demo")
        return demo.get();
    if (name == "acme")
        return acme.get();
    return nullptr;
}

std::int64_t Context::nowMs() const {
    using namespace std::chrono;
    return kClockOriginMs + duration_cast<milliseconds>(steady_clock::now() - started).count();
}

bool Context::sleepFor(std::int64_t ms) {
    std::unique_lock<std::mutex> lock(stopMutex);
    stopSignal.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping.load(); });
    return !stopping.load();
}

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxHeaders = 100;

// Connections the kernel may hold complete before the accept loop takes them. cpp-httplib 0.11
// listens with 5, fixed when Debian built the library: a repeat run opening 8 or 16 connections
// at once, while both cores are busy, overflowed it, and each dropped SYN was retried only a
// second later, stalling the whole run for that second.
constexpr int kListenBacklog = 512;

// One request runs on one pool thread from routing to its last byte, so per-request facts
// for the log line can live in thread-locals.
thread_local Clock::time_point t_requestStart;
thread_local bool t_counted = false;

void logRequest(const httplib::Request& req, const httplib::Response& res) {
    const double ms =
        std::chrono::duration<double, std::milli>(Clock::now() - t_requestStart).count();
    const std::string client = takeClientId();
    char line[512];
    // The path only: a query could carry what must never reach a log.
    std::snprintf(line, sizeof line, "%s %.200s %d %.2f ms client=%s", req.method.c_str(),
                  req.path.c_str(), res.status, ms, client.empty() ? "-" : client.c_str());
    logInfo("sandbox", line);
}

} // namespace

struct Server::Impl {
    Context context;
    httplib::Server http;
    std::thread thread;
    double startMs = 0;
    int listenSocket = -1; // the socket bind made, seen by the socket-options hook (same thread)

    void configure();
};

void Server::Impl::configure() {
    Context& ctx = context;
    const Options& o = ctx.options;
    http.set_tcp_nodelay(true);
    // The hook runs on the listening socket between its creation and listen(); start() then
    // listens again with a deeper backlog (Linux resizes the queue of a listening socket).
    // SO_REUSEADDR only: cpp-httplib's default sets SO_REUSEPORT on Linux, with which a second
    // sandbox on a taken port would bind it too and take half the connections.
    http.set_socket_options([this](socket_t sock) {
        const int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listenSocket = sock;
    });
    http.set_payload_max_length(o.maxBodyBytes);
    http.set_read_timeout(o.readTimeoutSeconds, 0);
    http.set_write_timeout(o.writeTimeoutSeconds, 0);
    http.set_keep_alive_timeout(5);
    http.set_keep_alive_max_count(1000); // the repeat runner reuses its connections
    const int threads = std::max(2, o.threads);
    http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };

    http.set_pre_routing_handler([&ctx](const httplib::Request& req, httplib::Response& res) {
        t_requestStart = Clock::now();
        t_counted = true;
        takeClientId();
        ctx.requests.fetch_add(1, std::memory_order_relaxed);
        const int now = ctx.inFlight.fetch_add(1) + 1;
        int seen = ctx.maxInFlight.load();
        while (now > seen && !ctx.maxInFlight.compare_exchange_weak(seen, now)) {
        }

        // cpp-httplib bounds each header line; bound their number too.
        if (req.headers.size() > kMaxHeaders) {
            sendProblem(req, res, ErrorCode::HeadersTooLarge,
                        "More than " + std::to_string(kMaxHeaders) + " header fields.");
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    // Called once the answer is written, streamed bodies included.
    http.set_logger([&ctx](const httplib::Request& req, const httplib::Response& res) {
        if (t_counted) {
            t_counted = false;
            ctx.inFlight.fetch_sub(1);
        }
        if (ctx.options.logRequests)
            logRequest(req, res);
        else
            takeClientId();
    });

    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request& req, httplib::Response& res) {
            if (res.status == 413 && res.body.empty()) {
                sendProblem(req, res, ErrorCode::RequestTooLarge,
                            "The body is larger than this server accepts.");
                return httplib::Server::HandlerResponse::Handled;
            }
            if (res.status == 404 && res.body.empty()) {
                sendProblem(req, res, ErrorCode::NotFound,
                            "No route " + req.method + " " + req.path + ".");
                return httplib::Server::HandlerResponse::Handled;
            }
            return httplib::Server::HandlerResponse::Unhandled;
        }));

    http.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
            sendProblem(req, res, ErrorCode::InternalError, "The sandbox failed on this request.");
        });

    addAuthRoutes(ctx, http);
    addAccountRoutes(ctx, http);
    addUsageRoutes(ctx, http);
    addRuntimeRoutes(ctx, http);
    addExportRoutes(ctx, http);
    addSwaggerRoutes(ctx, http);
    if (o.faults)
        addFaultRoutes(ctx, http);
}

Server::Server(Options options) : m_impl(std::make_unique<Impl>()) {
    m_impl->context.options = std::move(options);
}

Server::~Server() {
    stop();
}

bool Server::start(std::string& error) {
    Impl& impl = *m_impl;
    Context& ctx = impl.context;
    if (impl.thread.joinable()) {
        error = "the sandbox is already running";
        return false;
    }
    const auto begin = Clock::now();

    // 1. The data, from the seed.
    ctx.demo = generateDemoTenant(ctx.options.seed, ctx.options.records);
    ctx.acme = generateAcmeTenant(ctx.options.seed);
    char key[64];
    std::snprintf(key, sizeof key, "limitrail-sandbox-%016llx",
                  static_cast<unsigned long long>(mix(ctx.options.seed, 0x51C)));
    ctx.signingKey = key;
    if (ctx.options.rateLimitPerSecond > 0)
        ctx.rateLimiter = std::make_unique<RateLimiter>(ctx.options.rateLimitPerSecond);

    // 2. Routes, then the socket.
    impl.configure();
    const Options& o = ctx.options;
    const int port = o.port == 0 ? impl.http.bind_to_any_port(o.host)
                                 : (impl.http.bind_to_port(o.host, o.port) ? o.port : -1);
    if (port <= 0) {
        error = "cannot bind " + o.host + ":" + std::to_string(o.port);
        return false;
    }
    if (impl.listenSocket >= 0 && ::listen(impl.listenSocket, kListenBacklog) != 0)
        logWarn("sandbox", "could not deepen the listen backlog; bursts of connections may wait");
    ctx.port = port;
    ctx.issuer = baseUrl();
    ctx.started = Clock::now();
    ctx.stopping = false;

    // 3. The accept loop on its own thread; wait until it runs so an early stop() ends it.
    impl.thread = std::thread([&impl] { impl.http.listen_after_bind(); });
    const auto deadline = Clock::now() + std::chrono::seconds(2);
    while (!impl.http.is_running() && Clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::microseconds(200));

    impl.startMs = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
    char line[160];
    std::snprintf(line, sizeof line, "listening on %s (%zu records, seed %llu, %.1f ms)",
                  ctx.issuer.c_str(), o.records, static_cast<unsigned long long>(o.seed),
                  impl.startMs);
    logInfo("sandbox", line);
    return true;
}

void Server::stop() {
    if (!m_impl || !m_impl->thread.joinable())
        return;
    Context& ctx = m_impl->context;
    {
        std::lock_guard<std::mutex> lock(ctx.stopMutex);
        ctx.stopping = true;
    }
    ctx.stopSignal.notify_all();
    m_impl->http.stop();
    m_impl->thread.join();
}

int Server::port() const {
    return m_impl->context.port;
}

std::string Server::baseUrl() const {
    return "http://" + m_impl->context.options.host + ":" + std::to_string(m_impl->context.port);
}

const Options& Server::options() const {
    return m_impl->context.options;
}

std::uint64_t Server::requestCount() const {
    return m_impl->context.requests.load();
}

int Server::maxConcurrentRequests() const {
    return m_impl->context.maxInFlight.load();
}

double Server::startMilliseconds() const {
    return m_impl->startMs;
}

} // namespace lr::sandbox
