// limitrail-sandbox: the sandbox server on its own.

#include "core/Log.hpp"
#include "sandbox/Sandbox.hpp"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

namespace {

volatile std::sig_atomic_t g_stop = 0;

void onSignal(int) {
    g_stop = 1;
}

void printHelp() {
    std::printf("usage: limitrail-sandbox [--host ADDR] [--port N]\n"
                "  --host ADDR   address to bind (default 127.0.0.1)\n"
                "  --port N      port (default 8080; 0 picks a free one)\n");
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
            options.port = std::stoi(value());
        } else {
            std::fprintf(stderr, "limitrail-sandbox: unknown option %s (see --help)\n",
                         arg.c_str());
            return 2;
        }
    }

    lr::sandbox::Server server(options);
    std::string error;
    if (!server.start(error)) {
        std::fprintf(stderr, "limitrail-sandbox: %s\n", error.c_str());
        return 1;
    }
    std::printf("LimitRail sandbox on %s\n", server.baseUrl().c_str());
    std::fflush(stdout);

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    while (!g_stop)
        pause();
    server.stop();
    return 0;
}
