// The server as the console embeds it: a fast start, Swagger routes, counters, hardening.

#include "test_sandbox_fixture.hpp"

#include <cstdio>
#include <future>
#include <sstream>

namespace lr::sandbox::test {
namespace {

TEST(SandboxServer, StartsFastWithTheDefaultRecordCount) {
    Options options; // 200 000 records, as the console starts it
    auto server = startSandbox(options);
    EXPECT_GT(server->port(), 0);
    EXPECT_EQ(server->baseUrl(), "http://127.0.0.1:" + std::to_string(server->port()));
    // The console's first frame waits for this; keep it well under a frame budget of 100 ms
    // even on a loaded machine (typically ~35 ms in Release).
    EXPECT_LT(server->startMilliseconds(), 400.0);
    RecordProperty("start_ms", std::to_string(server->startMilliseconds()));
}

/// The backlog the kernel gives the listening socket on `port`, as `ss` reports it (Send-Q of a
/// LISTEN row); -1 when no such row is found.
int listenBacklog(int port) {
    const std::string command = "ss -Hltn 'sport = :" + std::to_string(port) + "' 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return -1;
    char line[512];
    int backlog = -1;
    while (backlog < 0 && std::fgets(line, sizeof line, pipe)) {
        std::istringstream row(line);
        std::string state;
        int recvQ = 0;
        int sendQ = 0;
        if (row >> state >> recvQ >> sendQ && state == "LISTEN")
            backlog = sendQ;
    }
    pclose(pipe);
    return backlog;
}

TEST(SandboxServer, ListensWithRoomForTheRunnersConnectionsOpenedAtOnce) {
    // cpp-httplib's own backlog of 5 overflowed when a repeat run opened 8 or 16 connections
    // at once on a busy machine, and every dropped SYN stalled the run for a second.
    Options options;
    options.records = 100;
    auto server = startSandbox(options);
    const int backlog = listenBacklog(server->port());
    ASSERT_NE(backlog, -1) << "ss (iproute2) found no listening socket on " << server->port();
    EXPECT_GE(backlog, 256);
}

TEST(SandboxServer, ASecondSandboxOnATakenPortSaysSoInsteadOfSharingIt) {
    // cpp-httplib's default socket options set SO_REUSEPORT on Linux, with which a second
    // server binds the same port and the kernel splits the connections between the two.
    Options options;
    options.records = 100;
    auto first = startSandbox(options);
    Options same = options;
    same.port = first->port();
    Server second(same);
    std::string error;
    EXPECT_FALSE(second.start(error));
    EXPECT_NE(error.find("cannot bind 127.0.0.1:" + std::to_string(first->port())),
              std::string::npos)
        << error;
}

TEST(SandboxServer, SwaggerPageListsTheEndpointsAndLinksTheDocument) {
    Options options;
    options.records = 100;
    auto server = startSandbox(options);
    auto page = get(*server, "/swagger", "");
    ASSERT_EQ(page->status, 200);
    EXPECT_EQ(page->get_header_value("Content-Type").rfind("text/html", 0), 0u);
    EXPECT_NE(page->body.find("href=\"/swagger/v1/swagger.json\""), std::string::npos);
    for (const char* path : {"/v1/accounts/{accountId}/limits", "/v1/usage/export",
                             "/v1/runtime/decisions", "/connect/token"})
        EXPECT_NE(page->body.find(path), std::string::npos) << path;

    // The document is served as the assets hold it, or a 404 problem when it is absent.
    auto doc = get(*server, "/swagger/v1/swagger.json", "");
    ASSERT_TRUE(doc);
    if (doc->status == 200) {
        simdjson::dom::parser parser;
        EXPECT_EQ(parser.parse(doc->body).error(), simdjson::SUCCESS);
    } else {
        expectProblem(doc, 404, "NOT_FOUND");
    }
}

TEST(SandboxServer, CountsRequestsAndTheMostInFlight) {
    Options options;
    options.records = 100;
    options.faults = true;
    auto server = startSandbox(options);
    const std::uint64_t before = server->requestCount();
    std::vector<std::future<httplib::Result>> calls;
    for (int i = 0; i < 4; ++i)
        calls.push_back(std::async(std::launch::async, [&] {
            return get(*server, "/__faults/drip?intervalMs=100&bytes=13", "");
        }));
    for (auto& call : calls)
        EXPECT_EQ(call.get()->status, 200);
    EXPECT_EQ(server->requestCount(), before + 4);
    EXPECT_GE(server->maxConcurrentRequests(), 2); // each drip takes ~1.2 s; they overlapped
}

TEST(SandboxServer, OversizedBodiesAndHeaderFloodsAreRefused) {
    Options options;
    options.records = 100;
    options.maxBodyBytes = 4096;
    auto server = startSandbox(options);
    auto res = postJson(*server, "/v1/usage/check", demoToken(*server),
                        "{\"pad\":\"" + std::string(10'000, 'x') + "\"}");
    expectProblem(res, 413, "REQUEST_TOO_LARGE");

    httplib::Headers many;
    for (int i = 0; i < 150; ++i)
        many.emplace("X-Filler-" + std::to_string(i), "1");
    expectProblem(get(*server, "/health", "", many), 431, "REQUEST_HEADERS_TOO_LARGE");
}

TEST(SandboxServer, TwoServersOnPortZeroGetTwoPortsAndStopTwice) {
    Options options;
    options.records = 100;
    auto a = startSandbox(options);
    auto b = startSandbox(options);
    EXPECT_NE(a->port(), b->port());
    a->stop();
    a->stop();
    EXPECT_FALSE(get(*a, "/health", ""));
    EXPECT_EQ(get(*b, "/health", "")->status, 200);
}

} // namespace
} // namespace lr::sandbox::test
