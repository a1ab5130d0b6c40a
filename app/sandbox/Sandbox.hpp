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
    std::size_t records = 200'000;
    int tokenLifetimeSeconds = 3600;
    bool faults = false;        // the /__faults/ routes
    int rateLimitPerSecond = 0; // per client; 0 = off
    bool logRequests = true;
};

class Server {
public:
    explicit Server(Options options = {});
    ~Server(); // stops and joins

    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds and starts serving on a background thread. False with `error` when it cannot.
    bool start(std::string& error);
    void stop();

    [[nodiscard]] int port() const;
    [[nodiscard]] std::string baseUrl() const; // "http://127.0.0.1:PORT"
    [[nodiscard]] const Options& options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace lr::sandbox
