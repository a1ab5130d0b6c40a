#include "sandbox/Sandbox.hpp"

#include "core/Log.hpp"

#include <httplib.h>

#include <chrono>
#include <thread>

namespace lr::sandbox {

struct Server::Impl {
    Options options;
    httplib::Server http;
    std::thread thread;
    int port = 0;
};

Server::Server(Options options) : m_impl(std::make_unique<Impl>()) {
    m_impl->options = std::move(options);
}

Server::~Server() {
    stop();
}

bool Server::start(std::string& error) {
    Impl& impl = *m_impl;
    impl.http.set_tcp_nodelay(true);
    impl.http.Get("/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content("{\"status\": \"ok\"}", "application/json");
    });

    if (impl.options.port == 0) {
        impl.port = impl.http.bind_to_any_port(impl.options.host);
    } else {
        impl.port =
            impl.http.bind_to_port(impl.options.host, impl.options.port) ? impl.options.port : -1;
    }
    if (impl.port <= 0) {
        error = "cannot bind " + impl.options.host + ":" + std::to_string(impl.options.port);
        return false;
    }
    // The socket listens already; the accept loop runs on its own thread.
    impl.thread = std::thread([&impl] { impl.http.listen_after_bind(); });
    logInfo("sandbox", "listening on " + baseUrl());
    return true;
}

void Server::stop() {
    if (!m_impl || !m_impl->thread.joinable())
        return;
    m_impl->http.stop();
    m_impl->thread.join();
}

int Server::port() const {
    return m_impl->port;
}

std::string Server::baseUrl() const {
    return "http://" + m_impl->options.host + ":" + std::to_string(m_impl->port);
}

const Options& Server::options() const {
    return m_impl->options;
}

} // namespace lr::sandbox
