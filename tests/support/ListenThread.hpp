#pragma once

// The accept loop of a test's own cpp-httplib server, on a thread of its own. It returns once the
// server runs: cpp-httplib's stop() does nothing to a server that has not begun listening, so a
// test that finished before the thread got going would wait on its join for ever.

#include <httplib.h>

#include <chrono>
#include <thread>

namespace lr::test {

inline std::thread listenOnThread(httplib::Server& server) {
    std::thread thread([&server] { server.listen_after_bind(); });
    // Bounded: a listen that fails ends the thread without ever running.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server.is_running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::yield();
    return thread;
}

} // namespace lr::test
