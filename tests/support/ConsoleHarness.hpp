#pragma once

// A console without a window: the real Controller, the real catalogue and an in-process
// sandbox, driven through the same commands a click pushes. The test thread plays the UI
// thread: it applies commands and drains the inbox, as one frame of the loop does.

#include "core/Controller.hpp"
#include "core/Paths.hpp"
#include "core/UiInbox.hpp"
#include "sandbox/DemoClient.hpp"
#include "sandbox/Sandbox.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

namespace lr::test {

class ConsoleHarness {
public:
    explicit ConsoleHarness(sandbox::Options options = quietSandbox()) : m_sandbox(options) {
        std::string error;
        m_started = m_sandbox.start(error);
        EXPECT_TRUE(m_started) << error;
        m_controller = std::make_unique<Controller>(m_inbox, ControllerServices{});
        m_controller->loadCatalogueFile((assetsDir() / "openapi" / "limitrail.v1.json").string());
        EXPECT_TRUE(state().catalogueLoaded) << state().catalogueError;
        useEnvironment(m_sandbox.baseUrl());
        m_controller->setClient(sandbox::kDemoClientId, Secret(sandbox::kDemoSecret), false);
    }

    static sandbox::Options quietSandbox() {
        sandbox::Options options;
        options.logRequests = false;
        options.records = 5000;
        return options;
    }

    void useEnvironment(const std::string& base, const std::string& name = "Sandbox") {
        Environment environment;
        environment.name = name;
        environment.apiBase = base;
        environment.oauthBase = base;
        m_controller->setEnvironment(environment);
    }

    Controller& controller() { return *m_controller; }
    const AppState& state() const { return m_controller->state(); }
    sandbox::Server& server() { return m_sandbox; }
    UiInbox& inbox() { return m_inbox; }

    void push(Command command) { m_controller->apply(command); }

    void select(const std::string& method, const std::string& path) {
        ASSERT_GE(state().catalogue.indexOf(method, path), 0) << method << " " << path;
        push(cmd::SelectEndpoint{method, path});
    }

    void set(const std::string& name, const std::string& value) {
        push(cmd::SetField{name, value});
    }

    /// Sends and plays frames until the outcome is on screen. False on a 20 s timeout.
    bool send(bool anyway = false) {
        push(cmd::Send{anyway});
        return settle();
    }

    /// Plays frames until no send is pending. False on timeout.
    bool settle(std::chrono::seconds timeout = std::chrono::seconds(20)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (m_controller->sendsSettled() < m_controller->sendAttempts() ||
               m_controller->busy()) {
            if (std::chrono::steady_clock::now() > deadline)
                return false;
            m_inbox.waitAndDrain(std::chrono::milliseconds(50));
        }
        return true;
    }

    int status() const { return state().execution.response.status; }

private:
    sandbox::Server m_sandbox;
    bool m_started = false;
    UiInbox m_inbox;
    std::unique_ptr<Controller> m_controller; // after the inbox: its worker posts there
};

} // namespace lr::test
