// What actually goes over the wire: a recording server sees every request the console sends.
// The client secret reaches the token endpoint and nothing else; Cancel stops a silent call.

#include "ConsoleHarness.hpp"
#include "ListenThread.hpp"
#include "core/RequestBuilder.hpp"

#include <httplib.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace lr {
namespace {

struct Seen {
    std::string path;
    std::string everything; // request line, headers and body, as the server got them
};

/// Answers the token endpoint with a token and everything else with an empty list, and keeps
/// what it received. /v1/meters can be told to go silent until released.
class RecordingServer {
public:
    RecordingServer() {
        m_server.Post(
            "/connect/token", [this](const httplib::Request& req, httplib::Response& res) {
                keep(req);
                res.set_content(
                    R"({"access_token":"tok-123","token_type":"Bearer","expires_in":3600,)"
                    R"("scope":"limitrail.accounts.read limitrail.limits.read )"
                    R"(limitrail.usage.read limitrail.usage.write limitrail.runtime.read"})",
                    "application/json");
            });
        auto any = [this](const httplib::Request& req, httplib::Response& res) {
            keep(req);
            if (req.path == "/v1/meters" && m_stall) {
                res.set_chunked_content_provider(
                    "application/json", [this](size_t, httplib::DataSink& sink) {
                        std::unique_lock<std::mutex> lock(m_mutex);
                        m_stalled = true;
                        m_cv.notify_all();
                        m_cv.wait_for(lock, std::chrono::seconds(30), [this] { return m_release; });
                        sink.done();
                        return true;
                    });
                return;
            }
            res.set_content(R"({"items":[],"nextCursor":null})", "application/json");
        };
        m_server.Get(".*", any);
        m_server.Post(".*", any);
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = lr::test::listenOnThread(m_server);
    }
    ~RecordingServer() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_release = true;
            m_cv.notify_all();
        }
        m_server.stop();
        m_thread.join();
    }

    std::string base() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    std::vector<Seen> seen() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_seen;
    }
    void stallMeters() { m_stall = true; }
    bool stalled() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_stalled;
    }

private:
    void keep(const httplib::Request& req) {
        Seen seen{req.path, req.method + " " + req.target + "\n"};
        for (const auto& [name, value] : req.headers)
            seen.everything += name + ": " + value + "\n";
        seen.everything += req.body;
        std::lock_guard<std::mutex> lock(m_mutex);
        m_seen.push_back(std::move(seen));
    }

    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::vector<Seen> m_seen;
    std::atomic<bool> m_stall{false};
    bool m_stalled = false;
    bool m_release = false;
};

TEST(RequestsWire, TheClientSecretReachesTheTokenEndpointAndNothingElse) {
    RecordingServer server;
    test::ConsoleHarness console;
    console.useEnvironment(server.base(), "Custom");
    const std::string secret = "s3cr3t-only-for-the-token-endpoint";
    console.controller().setClient("lr_cdadc4d7359a489ca5a2bd3fc9cb0202", Secret(secret), false);

    // Every endpoint, with the secret typed into each of its inputs in turn: the builder
    // refuses those, and the plain sends go out without it.
    for (const Endpoint& endpoint : console.state().catalogue.endpoints) {
        SCOPED_TRACE(endpoint.key());
        console.select(endpoint.method, endpoint.path);
        ASSERT_TRUE(console.send(true));
        for (const Field& field : endpoint.fields) {
            if (field.location == FieldLocation::Body || field.location == FieldLocation::Form ||
                endpoint.isTokenEndpoint)
                continue;
            const std::string before = console.controller().formFor(endpoint).values[field.name];
            console.set(field.name, "x" + secret);
            ASSERT_TRUE(console.send(true));
            EXPECT_NE(console.state().forms.buildError.find("client secret"), std::string::npos)
                << field.name;
            console.set(field.name, before);
        }
        if (endpoint.bodyMediaType == "application/json") {
            console.push(cmd::SetBody{"{\"note\": \"" + secret + "\"}"});
            ASSERT_TRUE(console.send(true));
            EXPECT_NE(console.state().forms.buildError.find("client secret"), std::string::npos);
        }
    }

    int tokenRequests = 0;
    for (const Seen& seen : server.seen()) {
        if (seen.path == "/connect/token") {
            ++tokenRequests;
            EXPECT_NE(seen.everything.find(secret), std::string::npos);
            continue;
        }
        EXPECT_EQ(seen.everything.find(secret), std::string::npos) << seen.everything;
        EXPECT_EQ(seen.everything.find("client_secret"), std::string::npos) << seen.everything;
    }
    EXPECT_GE(tokenRequests, 1);
    EXPECT_GT(server.seen().size(), 10u) << "the calls did reach the server";
}

TEST(RequestsWire, CancelStopsACallWhoseServerWentSilent) {
    RecordingServer server;
    server.stallMeters();
    test::ConsoleHarness console;
    console.useEnvironment(server.base(), "Custom");

    console.select("GET", "/v1/meters");
    console.push(cmd::Send{});
    // Play frames (the token comes first) until the call sits at the silent server.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server.stalled() && std::chrono::steady_clock::now() < deadline)
        console.inbox().waitAndDrain(std::chrono::milliseconds(20));
    ASSERT_TRUE(server.stalled()) << "the call never reached the server";
    EXPECT_EQ(console.state().execution.phase, ExecutionPhase::Sending);

    const auto cancelledAt = std::chrono::steady_clock::now();
    console.push(cmd::CancelSend{});
    ASSERT_TRUE(console.settle(std::chrono::seconds(10)));
    EXPECT_LT(std::chrono::steady_clock::now() - cancelledAt, std::chrono::seconds(5));
    EXPECT_EQ(console.state().execution.phase, ExecutionPhase::Failed);
    EXPECT_EQ(console.state().execution.response.error, TransportError::Cancelled);
}

} // namespace
} // namespace lr
