#pragma once

// What every fault test needs: a real Controller with a private XDG tree (so its history is
// the test's own), a small catalogue whose one secured endpoint reaches any /__faults/ route,
// a UI loop that drains the inbox as the frame loop would and measures the longest frame, and
// servers of our own for answers the sandbox does not give (bad tokens, endless 401s, TLS).

#include "ListenThread.hpp"
#include "core/Controller.hpp"
#include "core/UiInbox.hpp"
#include "sandbox/DemoClient.hpp"
#include "sandbox/Sandbox.hpp"
#include "unit/HistoryTestSupport.hpp"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace lr::test {

using namespace std::chrono_literals;

inline constexpr const char* kFaultEndpointPath = "/__faults/{fault}";
inline constexpr const char* kFaultScope = "limitrail.accounts.read";

/// An OpenAPI document with the token endpoint and GET /__faults/{fault}: the fault's query
/// parameters, an optional X-Note header, and the scope every sandbox token can carry.
inline std::string faultCatalogue() {
    std::string query;
    for (const char* name : {"intervalMs", "bytes", "declared", "sent", "after", "pauseMs",
                             "maxSeconds", "depth", "to"})
        query +=
            std::string(R"(,{"name":")") + name + R"(","in":"query","schema":{"type":"string"}})";
    return std::string(R"({"openapi":"3.0.3","info":{"title":"Faults","version":"1"},)") +
           R"("components":{"securitySchemes":{"oauth":{"type":"oauth2","flows":{)" +
           R"("clientCredentials":{"tokenUrl":"/connect/token","scopes":{")" + kFaultScope +
           R"(":"read"}}}}}},)" + R"("paths":{"/connect/token":{"post":{)" +
           R"("x-limitrail-token-endpoint":true,"responses":{"200":{"description":"token"}}}},)" +
           R"("/__faults/{fault}":{"get":{"security":[{"oauth":[")" + kFaultScope + R"("]}],)" +
           R"("parameters":[{"name":"fault","in":"path","required":true,)" +
           R"("schema":{"type":"string"}},{"name":"X-Note","in":"header",)" +
           R"("schema":{"type":"string"}})" + query +
           R"(],"responses":{"200":{"description":"whatever the fault sends"}}}}}})";
}

/// The in-process sandbox with its fault routes, shared by the tests of one process.
inline sandbox::Server& faultSandbox() {
    static std::unique_ptr<sandbox::Server> server = [] {
        sandbox::Options options;
        options.faults = true;
        options.logRequests = false;
        options.records = 1000;
        auto started = std::make_unique<sandbox::Server>(options);
        std::string error;
        if (!started->start(error))
            ADD_FAILURE() << "sandbox: " << error;
        return started;
    }();
    return *server;
}

/// What the UI loop saw while a call was in flight.
struct Frames {
    int count = 0;
    std::chrono::duration<double, std::milli> longest{0};
    bool settled = false;
};

/// A console on the fault catalogue: API calls go to `apiBase`, token requests to `oauthBase`.
class FaultConsole {
public:
    explicit FaultConsole(std::string apiBase = faultSandbox().baseUrl(),
                          std::string oauthBase = faultSandbox().baseUrl(),
                          std::function<double()> clock = {})
        : controller(inbox, ControllerServices{{}, std::move(clock), {}}) {
        controller.restoreSettings(faultSandbox().baseUrl());
        const std::string path = (xdg.root / "faults.json").string();
        std::ofstream(path) << faultCatalogue();
        controller.loadCatalogueFile(path);
        EXPECT_TRUE(controller.state().catalogueLoaded) << controller.state().catalogueError;

        Environment environment;
        environment.name = "Faults";
        environment.apiBase = std::move(apiBase);
        environment.oauthBase = std::move(oauthBase);
        controller.setEnvironment(environment);
        controller.setClient(sandbox::kDemoClientId, Secret(sandbox::kDemoSecret), false);
        controller.apply(cmd::SetScopes{{kFaultScope}});
        controller.apply(cmd::SelectEndpoint{"GET", kFaultEndpointPath});
        EXPECT_NE(controller.state().selected(), nullptr);

        // The history database is open before any call, so every call lands in it.
        EXPECT_TRUE(drainUntil(inbox, [this] { return state().history.ready; }));
    }

    const AppState& state() const { return controller.state(); }
    const Execution& execution() const { return controller.state().execution; }

    void set(const std::string& name, const std::string& value) {
        controller.apply(cmd::SetField{name, value});
    }

    /// Presses Send and runs the UI loop until what it started is on screen: each turn is one
    /// frame (wait up to 10 ms for results, apply them), timed.
    Frames sendAndRunFrames(std::chrono::seconds limit = 30s) {
        controller.apply(cmd::Send{});
        return runFrames(limit);
    }

    Frames runFrames(std::chrono::seconds limit = 30s) {
        Frames frames;
        const auto giveUp = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < giveUp) {
            const auto start = std::chrono::steady_clock::now();
            inbox.waitAndDrain(10ms);
            ++frames.count;
            frames.longest = std::max<std::chrono::duration<double, std::milli>>(
                frames.longest, std::chrono::steady_clock::now() - start);
            if (controller.sendsSettled() == controller.sendAttempts() && !controller.busy()) {
                frames.settled = true;
                break;
            }
        }
        return frames;
    }

    /// Waits for `count` stored calls, then reopens the newest from the history, as a click in
    /// the History window would, and returns what the Response window then shows.
    Execution reopenNewest(std::int64_t count) {
        EXPECT_TRUE(drainUntil(inbox, [&] { return state().history.total >= count; }))
            << "history holds " << state().history.total << " calls, expected " << count;
        const std::int64_t before = state().history.openedId;
        controller.apply(cmd::HistoryOpen{0, 1});
        EXPECT_TRUE(drainUntil(inbox, [&] { return state().history.openedId != before; }));
        return execution();
    }

    TempXdg xdg; // first: the controller's settings and history live in it
    UiInbox inbox;
    Controller controller;
};

/// The frame loop never waited on the network: no frame took longer than this.
inline constexpr std::chrono::milliseconds kLongestFrame{250};

inline void expectFramesKeptComing(const Frames& frames) {
    EXPECT_TRUE(frames.settled) << "the call never settled";
    EXPECT_LT(frames.longest.count(), double(kLongestFrame.count()))
        << "a frame waited " << frames.longest.count() << " ms";
}

/// True when some note contains `text`.
inline bool hasNote(const Execution& execution, const std::string& text) {
    for (const std::string& note : execution.notes)
        if (note.find(text) != std::string::npos)
            return true;
    return false;
}

inline std::string allNotes(const Execution& execution) {
    std::string all;
    for (const std::string& note : execution.notes)
        all += "\n  " + note;
    return all;
}

/// A loopback server of the test's own; `setup` adds routes before it starts listening. It
/// counts every request it receives and the ones that carried an Authorization header.
class OwnServer {
public:
    explicit OwnServer(const std::function<void(httplib::Server&)>& setup,
                       const std::string& host = "127.0.0.1")
        : m_server(std::make_unique<httplib::Server>()) {
        start(setup, host);
    }
    OwnServer(std::unique_ptr<httplib::Server> server,
              const std::function<void(httplib::Server&)>& setup)
        : m_server(std::move(server)) {
        start(setup, "127.0.0.1");
    }
    ~OwnServer() {
        m_server->stop();
        if (m_thread.joinable())
            m_thread.join();
    }
    std::string url(const std::string& scheme = "http") const {
        return scheme + "://127.0.0.1:" + std::to_string(m_port);
    }
    int port() const { return m_port; }
    int requests() const { return m_requests.load(); }
    int withAuthorization() const { return m_withAuthorization.load(); }

private:
    void start(const std::function<void(httplib::Server&)>& setup, const std::string& host) {
        m_server->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
            ++m_requests;
            if (req.has_header("Authorization"))
                ++m_withAuthorization;
            return httplib::Server::HandlerResponse::Unhandled;
        });
        setup(*m_server);
        m_port = m_server->bind_to_any_port(host);
        m_thread = lr::test::listenOnThread(*m_server);
    }

    std::unique_ptr<httplib::Server> m_server;
    std::atomic<int> m_requests{0};
    std::atomic<int> m_withAuthorization{0};
    int m_port = 0;
    std::thread m_thread;
};

} // namespace lr::test
