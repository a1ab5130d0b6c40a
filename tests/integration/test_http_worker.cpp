// The HTTP worker end to end: a real GET to the sandbox's /health comes back through the UI
// inbox, and every transport failure comes back as a value the Response window can show.

#include "ClosedPort.hpp"
#include "ListenThread.hpp"
#include "core/HttpWorker.hpp"
#include "core/UiInbox.hpp"
#include "sandbox/Sandbox.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <simdjson.h>

#include <arpa/inet.h>
#include <condition_variable>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace lr {
namespace {

/// Submits one job and waits on the inbox (as the UI would drain it) for its response.
HttpResponse callThroughWorker(HttpWorker& worker, UiInbox& inbox, HttpJob job) {
    std::optional<HttpResponse> result;
    job.onComplete = [&inbox, &result](HttpResponse&& response) {
        auto shared = std::make_shared<HttpResponse>(std::move(response));
        inbox.post([&result, shared] { result = std::move(*shared); });
    };
    worker.submit(std::move(job));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!result && std::chrono::steady_clock::now() < deadline)
        inbox.waitAndDrain(std::chrono::milliseconds(200));
    EXPECT_TRUE(result.has_value()) << "no response within 20 s";
    return result ? std::move(*result) : HttpResponse{};
}

HttpJob get(const std::string& url) {
    HttpJob job;
    job.request.method = "GET";
    job.request.url = url;
    return job;
}

TEST(HttpWorker, HealthOfTheSandboxComesBackThroughTheInbox) {
    sandbox::Options options;
    options.logRequests = false;
    sandbox::Server server(options);
    std::string error;
    ASSERT_TRUE(server.start(error)) << error;

    UiInbox inbox;
    HttpWorker worker;
    const HttpResponse response =
        callThroughWorker(worker, inbox, get(server.baseUrl() + "/health"));

    ASSERT_TRUE(response.ok()) << response.errorMessage;
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.reason, "OK");
    ASSERT_TRUE(response.body);
    simdjson::dom::parser parser;
    std::string_view status;
    ASSERT_FALSE(parser.parse(std::string(response.body->view()))["status"].get(status));
    EXPECT_EQ(status, "ok");
    EXPECT_GT(response.timings.durationMs, 0.0);
    EXPECT_GE(response.timings.durationMs, response.timings.firstByteMs);
}

TEST(HttpWorker, RefusedConnectionIsAnErrorValue) {
    // Bind a port, then close it, so nothing listens there.
    const int port = test::closedLoopbackPort();
    ASSERT_GT(port, 0);
    UiInbox inbox;
    HttpWorker worker;
    const HttpResponse response =
        callThroughWorker(worker, inbox, get("http://127.0.0.1:" + std::to_string(port) + "/"));
    EXPECT_EQ(response.error, TransportError::Connect);
    EXPECT_EQ(response.status, 0);
    EXPECT_FALSE(response.errorMessage.empty());
}

TEST(HttpWorker, PlainHttpToARemoteHostIsRefusedBeforeSending) {
    UiInbox inbox;
    HttpWorker worker;
    const HttpResponse response =
        callThroughWorker(worker, inbox, get("http://api.limitrail.com/health"));
    EXPECT_EQ(response.error, TransportError::InsecureHttpRefused);
    EXPECT_NE(response.errorMessage.find("api.limitrail.com"), std::string::npos);
}

TEST(HttpWorker, HeaderWithLineBreakIsRefusedBeforeSending) {
    UiInbox inbox;
    HttpWorker worker;
    HttpJob job = get("http://127.0.0.1:9/health");
    job.request.headers.push_back({"X-Note", "a\r\nInjected: yes"});
    const HttpResponse response = callThroughWorker(worker, inbox, std::move(job));
    EXPECT_EQ(response.error, TransportError::InvalidHeader);
    EXPECT_NE(response.errorMessage.find("X-Note"), std::string::npos);
}

/// A loopback server whose routes misbehave on purpose.
class TestServer {
public:
    TestServer() {
        m_server.Get("/redirect", [](const httplib::Request&, httplib::Response& res) {
            res.status = 302;
            res.set_header("Location", "http://elsewhere.example/steal");
        });
        m_server.Get("/big", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(std::string(100'000, 'x'), "text/plain");
        });
        m_server.Get("/chunked-big", [](const httplib::Request&, httplib::Response& res) {
            res.set_chunked_content_provider("text/plain", [](size_t, httplib::DataSink& sink) {
                const std::string chunk(8192, 'y');
                for (int i = 0; i < 64; ++i)
                    if (!sink.write(chunk.data(), chunk.size()))
                        return false;
                sink.done();
                return true;
            });
        });
        // Sends one byte, then holds the connection until the test releases it.
        m_server.Get("/stall", [this](const httplib::Request&, httplib::Response& res) {
            res.set_chunked_content_provider("text/plain", [this](size_t, httplib::DataSink& sink) {
                sink.write("{", 1);
                std::unique_lock<std::mutex> lock(m_mutex);
                m_stalled = true;
                m_cv.notify_all();
                m_cv.wait_for(lock, std::chrono::seconds(30), [this] { return m_release; });
                sink.done();
                return true;
            });
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = lr::test::listenOnThread(m_server);
    }

    ~TestServer() {
        release();
        m_server.stop();
        m_thread.join();
    }

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }

    void waitUntilStalled() {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait_for(lock, std::chrono::seconds(10), [this] { return m_stalled; });
    }

    void release() {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_release = true;
        m_cv.notify_all();
    }

private:
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stalled = false;
    bool m_release = false;
};

TEST(HttpWorker, RedirectsAreNotFollowedAndShowTheirLocation) {
    TestServer server;
    UiInbox inbox;
    HttpWorker worker;
    const HttpResponse response = callThroughWorker(worker, inbox, get(server.url("/redirect")));
    ASSERT_TRUE(response.ok()) << response.errorMessage;
    EXPECT_EQ(response.status, 302);
    const std::string* location = findHeader(response.headers, "location");
    ASSERT_NE(location, nullptr);
    EXPECT_EQ(*location, "http://elsewhere.example/steal");
}

TEST(HttpWorker, BodyOverTheCapFailsCleanlyByLengthAndByChunks) {
    TestServer server;
    UiInbox inbox;
    HttpWorker worker;

    HttpJob byLength = get(server.url("/big"));
    byLength.limits.bodyCap = 10'000;
    const HttpResponse declared = callThroughWorker(worker, inbox, std::move(byLength));
    EXPECT_EQ(declared.error, TransportError::BodyTooLarge);
    EXPECT_NE(declared.errorMessage.find("10000"), std::string::npos);

    HttpJob byChunks = get(server.url("/chunked-big"));
    byChunks.limits.bodyCap = 100'000;
    const HttpResponse streamed = callThroughWorker(worker, inbox, std::move(byChunks));
    EXPECT_EQ(streamed.error, TransportError::BodyTooLarge);
    ASSERT_TRUE(streamed.body);
    EXPECT_LE(streamed.body->size(), 100'000u);

    // The worker is still healthy afterwards.
    const HttpResponse after = callThroughWorker(worker, inbox, get(server.url("/big")));
    EXPECT_TRUE(after.ok());
    EXPECT_EQ(after.body->size(), 100'000u);
}

TEST(HttpWorker, CancelStopsAStalledCall) {
    TestServer server;
    UiInbox inbox;
    HttpWorker worker;

    HttpJob job = get(server.url("/stall"));
    job.limits.readTimeoutMs = 20'000;
    CancelFlag cancel = job.cancel;
    std::optional<HttpResponse> result;
    job.onComplete = [&](HttpResponse&& response) {
        auto shared = std::make_shared<HttpResponse>(std::move(response));
        inbox.post([&result, shared] { result = std::move(*shared); });
    };
    worker.submit(std::move(job));

    // The server has sent one byte and gone silent; Cancel must not wait for it.
    server.waitUntilStalled();
    const auto cancelledAt = std::chrono::steady_clock::now();
    cancel->cancel();

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!result && std::chrono::steady_clock::now() < deadline)
        inbox.waitAndDrain(std::chrono::milliseconds(100));
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->error, TransportError::Cancelled);
    EXPECT_LT(std::chrono::steady_clock::now() - cancelledAt, std::chrono::seconds(5))
        << "cancel waited for the read timeout instead of interrupting the read";
}

TEST(HttpWorker, DeadlineStopsASlowCall) {
    TestServer server;
    UiInbox inbox;
    HttpWorker worker;

    HttpJob job = get(server.url("/stall"));
    job.limits.deadlineMs = 300;
    job.limits.readTimeoutMs = 1000;
    const HttpResponse response = callThroughWorker(worker, inbox, std::move(job));
    EXPECT_TRUE(response.error == TransportError::DeadlineExceeded ||
                response.error == TransportError::Read)
        << toString(response.error);
    EXPECT_EQ(response.error, TransportError::DeadlineExceeded)
        << "a read timeout past the deadline is reported as the deadline";
}

} // namespace
} // namespace lr
