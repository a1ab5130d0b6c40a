// limitrail-sandbox: the sandbox server on its own.

#include "core/Log.hpp"
#include "sandbox/Sandbox.hpp"

#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <pthread.h>
#include <string>

namespace {

void printHelp() {
    std::printf(
        "usage: limitrail-sandbox [options]\n"
        "\n"
        "The LimitRail public API v1 on loopback, with deterministic data: tenant demo\n"
        "(client lr_cdadc4d7359a489ca5a2bd3fc9cb0202, secret sandbox-secret, all scopes) and\n"
        "tenant acme (client lr_acme0000000000000000000000000001, secret acme-secret).\n"
        "\n"
        "  --host ADDR            address to bind (default 127.0.0.1; anything else exposes\n"
        "                         the sandbox beyond this machine)\n"
        "  --port N               port (default 8080; 0 picks a free one)\n"
        "  --seed N               seed of the generated data (default 42)\n"
        "  --records N            usage records of tenant demo (default 200000)\n"
        "  --token-lifetime SEC   lifetime of issued tokens in seconds (default 3600)\n"
        "  --faults               serve the fault routes under /__faults/ (slow, cut, reset,\n"
        "                         endless and malformed answers for reliability tests)\n"
        "  --rate-limit N         requests a second per client before 429 (default 0 = off)\n"
        "  --quiet                no log line per request\n"
        "  -h, --help             this text\n"
        "\n"
        "Endpoints: POST /connect/token, GET /.well-known/openid-configuration, GET /health,\n"
        "the /v1 API, GET /swagger and GET /swagger/v1/swagger.json.\n");
}

template <typename T>
T parseNumber(const std::string& flag, const std::string& text) {
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        std::fprintf(stderr, "limitrail-sandbox: %s needs a number, not '%s'\n", flag.c_str(),
                     text.c_str());
        std::exit(2);
    }
    return value;
}

} // namespace

int main(int argc, char** argv) {
    lr::sandbox::Options options;
    options.port = 8080;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "limitrail-sandbox: %s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            printHelp();
            return 0;
        } else if (arg == "--host") {
            options.host = value();
        } else if (arg == "--port") {
            options.port = parseNumber<int>(arg, value());
        } else if (arg == "--seed") {
            options.seed = parseNumber<std::uint64_t>(arg, value());
        } else if (arg == "--records") {
            options.records = parseNumber<std::size_t>(arg, value());
        } else if (arg == "--token-lifetime") {
            options.tokenLifetimeSeconds = parseNumber<int>(arg, value());
        } else if (arg == "--faults") {
            options.faults = true;
        } else if (arg == "--rate-limit") {
            options.rateLimitPerSecond = parseNumber<int>(arg, value());
        } else if (arg == "--quiet") {
            options.logRequests = false;
        } else {
            std::fprintf(stderr, "limitrail-sandbox: unknown option %s (see --help)\n",
                         arg.c_str());
            return 2;
        }
    }
    if (options.records > 20'000'000) {
        std::fprintf(stderr, "limitrail-sandbox: --records is capped at 20000000\n");
        return 2;
    }

    // Block SIGINT and SIGTERM before any thread starts, so every server thread inherits the
    // mask and the main thread alone takes them, in sigwait below. (With a handler and pause(),
    // a signal delivered to a server thread would never wake the main thread.)
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

    lr::sandbox::Server server(options);
    std::string error;
    if (!server.start(error)) {
        std::fprintf(stderr, "limitrail-sandbox: %s\n", error.c_str());
        return 1;
    }
    std::printf("LimitRail sandbox on %s (started in %.0f ms)\n", server.baseUrl().c_str(),
                server.startMilliseconds());
    std::fflush(stdout);

    int signal = 0;
    sigwait(&stopSignals, &signal);
    server.stop();
    return 0;
}
