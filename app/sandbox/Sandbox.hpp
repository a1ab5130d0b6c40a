#pragma once

// The LimitRail sandbox: the whole public API of shared/API.md on loopback, so the console
// works with no account and every screen (errors included) can be seen and tested. The console
// embeds it on a free port; `limitrail-sandbox` runs it alone.

#include <cstdint>
#include <memory>
#include <string>

namespace lr::sandbox {

struct Options {
    std::string host = "127.0.0.1";
    int port = 0; // 0: any free port
    std::uint64_t seed = 42;
    std::size_t records = 200'000; // the demo tenant's usage records
    int tokenLifetimeSeconds = 3600;
    bool faults = false;        // the /__faults/ routes
    int rateLimitPerSecond = 0; // per client; 0 = off
    bool logRequests = true;

    // Hardening: bounds on what one request may cost.
    std::size_t maxBodyBytes = 1024 * 1024;
    int readTimeoutSeconds = 10;
    int writeTimeoutSeconds = 30;
    int threads = 16; // request handlers; slow fault routes each hold one
};

class Server {
public:
    explicit Server(Options options = {});
    ~Server(); // stops and joins

    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Generates the data, binds and starts serving on a background thread. False with
    /// `error` when it cannot.
    bool start(std::string& error);
    /// Ends slow answers and downloads, then joins the server thread. Idempotent.
    void stop();

    [[nodiscard]] int port() const;
    [[nodiscard]] std::string baseUrl() const; // "http://127.0.0.1:PORT"
    [[nodiscard]] const Options& options() const;

    /// Requests routed so far, and the most that were in flight at once; for the repeat-runner
    /// tests. Cheap atomics.
    [[nodiscard]] std::uint64_t requestCount() const;
    [[nodiscard]] int maxConcurrentRequests() const;
    /// How long the last start() took, data generation included.
    [[nodiscard]] double startMilliseconds() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lr::sandbox
