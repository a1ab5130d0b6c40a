// /__faults/: answers that go wrong on purpose, for the console's reliability tests. Only
// with Options::faults. Timings come from query parameters so tests can be fast, and every
// slow or endless answer stops by itself and as soon as the server stops.

#include "core/Json.hpp"
#include "sandbox/Internal.hpp"
#include "sandbox/Time.hpp"

#include <algorithm>
#include <charconv>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace lr::sandbox {
namespace {

long long numberParam(const httplib::Request& req, std::string_view name, long long fallback,
                      long long low, long long high) {
    const std::string* text = findParam(req, name);
    long long value = fallback;
    if (text)
        std::from_chars(text->data(), text->data() + text->size(), value);
    return std::clamp(value, low, high);
}

void sendRaw(httplib::Response& res, int status, std::string body, const char* type) {
    res.status = status;
    res.set_content(std::move(body), type);
}

/// The accepted socket that serves the peer at `remotePort`: cpp-httplib does not hand the
/// socket to handlers, so look among this process's descriptors.
int findConnection(int localPort, int remotePort) {
    DIR* dir = opendir("/proc/self/fd");
    if (!dir)
        return -1;
    int found = -1;
    while (dirent* entry = readdir(dir)) {
        const int fd = std::atoi(entry->d_name);
        sockaddr_storage local{};
        sockaddr_storage peer{};
        socklen_t localLength = sizeof local;
        socklen_t peerLength = sizeof peer;
        if (fd <= 2 || getsockname(fd, reinterpret_cast<sockaddr*>(&local), &localLength) != 0 ||
            getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peerLength) != 0)
            continue;
        const auto port = [](const sockaddr_storage& a) {
            return a.ss_family == AF_INET
                       ? ntohs(reinterpret_cast<const sockaddr_in&>(a).sin_port)
                       : ntohs(reinterpret_cast<const sockaddr_in6&>(a).sin6_port);
        };
        if (port(local) == localPort && port(peer) == remotePort) {
            found = fd;
            break;
        }
    }
    closedir(dir);
    return found;
}

std::string httpDate(std::int64_t unixSecondsValue) {
    const std::time_t t = static_cast<std::time_t>(unixSecondsValue);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return text;
}

void addSlowRoutes(Context& context, httplib::Server& http) {
    // A byte every `intervalMs` (default 2 s) of a small JSON body, `bytes` long.
    http.Get("/__faults/drip", [&context](const httplib::Request& req, httplib::Response& res) {
        const long long interval = numberParam(req, "intervalMs", 2000, 1, 10'000);
        const long long bytes = numberParam(req, "bytes", 16, 12, 1000);
        const long long count = std::min(bytes, 120'000 / interval + 12); // at most ~2 minutes
        auto body =
            std::make_shared<std::string>("{\"drip\":\"" + std::string(count - 11, 'x') + "\"}");
        res.set_content_provider(
            body->size(), "application/json",
            [&context, body, interval](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                if (offset > 0 && !context.sleepFor(interval))
                    return false;
                return sink.write(body->data() + offset, 1);
            });
    });

    // Content-Length promises `declared` bytes; `sent` arrive, then the connection closes.
    http.Get("/__faults/truncated", [](const httplib::Request& req, httplib::Response& res) {
        const long long declared = numberParam(req, "declared", 1000, 2, 10'000'000);
        const long long sent = numberParam(req, "sent", declared / 2, 1, declared - 1);
        auto body = std::make_shared<std::string>(static_cast<std::size_t>(sent), ' ');
        (*body)[0] = '[';
        res.set_content_provider(static_cast<std::size_t>(declared), "application/json",
                                 [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                     if (offset >= body->size())
                                         return false; // cpp-httplib closes the connection
                                     return sink.write(body->data() + offset,
                                                       body->size() - offset);
                                 });
    });

    // `after` bytes of a longer body, a pause so they reach the client, then a TCP reset.
    http.Get("/__faults/reset", [&context](const httplib::Request& req, httplib::Response& res) {
        const long long after = numberParam(req, "after", 1000, 1, 1'000'000);
        const long long pause = numberParam(req, "pauseMs", 100, 0, 5000);
        const int remotePort = req.remote_port;
        auto body = std::make_shared<std::string>(static_cast<std::size_t>(after), ' ');
        (*body)[0] = '[';
        res.set_content_provider(static_cast<std::size_t>(after * 2), "application/json",
                                 [&context, body, pause, remotePort](
                                     std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                     if (offset == 0)
                                         return sink.write(body->data(), body->size());
                                     context.sleepFor(pause);
                                     const int fd = findConnection(context.port, remotePort);
                                     if (fd >= 0) {
                                         // cpp-httplib shuts a socket down (FIN) before closing it,
                                         // so reset it here: on Linux, connect() with AF_UNSPEC
                                         // aborts the connection with an RST.
                                         const linger hard{1, 0};
                                         setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
                                         sockaddr unspecified{};
                                         unspecified.sa_family = AF_UNSPEC;
                                         connect(fd, &unspecified, sizeof unspecified);
                                     }
                                     return false;
                                 });
    });

    // A chunked JSON array that never closes: a chunk every `intervalMs` until `maxSeconds`.
    http.Get("/__faults/endless", [&context](const httplib::Request& req, httplib::Response& res) {
        const long long interval = numberParam(req, "intervalMs", 100, 0, 10'000);
        const long long maxSeconds = numberParam(req, "maxSeconds", 30, 1, 300);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(maxSeconds);
        res.set_chunked_content_provider(
            "application/json",
            [&context, interval, deadline](std::size_t offset, httplib::DataSink& sink) {
                if (std::chrono::steady_clock::now() >= deadline || context.stopping.load())
                    return false;
                if (offset > 0 && interval > 0 && !context.sleepFor(interval))
                    return false;
                std::string chunk = offset == 0 ? "[" : "";
                for (int i = 0; i < 128; ++i)
                    chunk += "{\"n\":" + std::to_string(offset + i) + "},";
                return sink.write(chunk.data(), chunk.size());
            });
    });
}

void addBodyRoutes(httplib::Server& http) {
    http.Get("/__faults/invalid-json", [](const httplib::Request&, httplib::Response& res) {
        sendRaw(res, 200, R"({"items":[{"id":"acc_1","name":"broken",}],"nextCursor":)",
                "application/json");
    });

    http.Get("/__faults/invalid-utf8", [](const httplib::Request&, httplib::Response& res) {
        sendRaw(res, 200,
                "{\"items\":[{\"name\":\"bad \xC3\x28 and \xFF\xFE bytes\"}],"
                "\"nextCursor\":null}",
                "application/json");
    });

    http.Get("/__faults/deep", [](const httplib::Request& req, httplib::Response& res) {
        const long long depth = numberParam(req, "depth", 5000, 1, 1'000'000);
        std::string body(static_cast<std::size_t>(depth), '[');
        body.append(static_cast<std::size_t>(depth), ']');
        sendRaw(res, 200, std::move(body), "application/json");
    });

    http.Get("/__faults/huge-string", [](const httplib::Request& req, httplib::Response& res) {
        const long long bytes = numberParam(req, "bytes", 10 * 1024 * 1024, 1, 100 * 1024 * 1024);
        std::string body = "{\"value\":\"";
        body.append(static_cast<std::size_t>(bytes), 'a');
        body += "\"}";
        sendRaw(res, 200, std::move(body), "application/json");
    });

    http.Get("/__faults/wrong-content-type", [](const httplib::Request&, httplib::Response& res) {
        sendRaw(res, 200, "<html><body><h1>Gateway maintenance</h1></body></html>",
                "text/html; charset=utf-8");
    });
}

void addStatusRoutes(Context& context, httplib::Server& http) {
    http.Get("/__faults/429-seconds", [](const httplib::Request& req, httplib::Response& res) {
        const long long after = numberParam(req, "after", 2, 0, 3600);
        res.set_header("Retry-After", std::to_string(after));
        sendProblem(req, res, ErrorCode::RateLimited, "Rate limited (fault route).");
    });

    http.Get("/__faults/429-date", [](const httplib::Request& req, httplib::Response& res) {
        const long long after = numberParam(req, "after", 2, 0, 3600);
        res.set_header("Retry-After", httpDate(unixSeconds() + after));
        sendProblem(req, res, ErrorCode::RateLimited, "Rate limited (fault route).");
    });

    // To another host name (default: localhost instead of 127.0.0.1); a client must not carry
    // its Authorization header along.
    http.Get("/__faults/redirect", [&context](const httplib::Request& req, httplib::Response& res) {
        const std::string* to = findParam(req, "to");
        res.set_redirect(to ? *to : "http://localhost:" + std::to_string(context.port) + "/health",
                         302);
    });

    http.Get("/__faults/500", [](const httplib::Request& req, httplib::Response& res) {
        sendProblem(req, res, ErrorCode::InternalError, "The server failed (fault route).");
    });

    const auto noAccessToken = [](const httplib::Request&, httplib::Response& res) {
        res.set_header("Cache-Control", "no-store");
        sendJson(res, 200,
                 "{\"token_type\":\"Bearer\",\"expires_in\":3600,"
                 "\"scope\":\"limitrail.accounts.read\"}");
    };
    http.Post("/__faults/token-no-access-token", noAccessToken);
    http.Get("/__faults/token-no-access-token", noAccessToken);

    const auto expiresString = [&context](const httplib::Request&, httplib::Response& res) {
        const Client& client = kClients[0];
        res.set_header("Cache-Control", "no-store");
        sendJson(res, 200,
                 "{\"access_token\":\"" + issueToken(context, client, client.scopes) +
                     "\",\"token_type\":\"Bearer\",\"expires_in\":\"" +
                     std::to_string(context.options.tokenLifetimeSeconds) +
                     "\",\"scope\":" + jsonString(client.scopes) + "}");
    };
    http.Post("/__faults/token-expires-string", expiresString);
    http.Get("/__faults/token-expires-string", expiresString);
}

} // namespace

void addFaultRoutes(Context& context, httplib::Server& http) {
    addSlowRoutes(context, http);
    addBodyRoutes(http);
    addStatusRoutes(context, http);

    http.Get("/__faults", [](const httplib::Request&, httplib::Response& res) {
        sendJson(res, 200,
                 "{\"items\":[\"drip?intervalMs=&bytes=\",\"truncated?declared=&sent=\","
                 "\"reset?after=&pauseMs=\",\"endless?intervalMs=&maxSeconds=\",\"invalid-json\","
                 "\"invalid-utf8\",\"deep?depth=\",\"huge-string?bytes=\",\"wrong-content-type\","
                 "\"429-seconds?after=\",\"429-date?after=\",\"redirect?to=\","
                 "\"token-no-access-token\",\"token-expires-string\",\"500\"],"
                 "\"nextCursor\":null}");
    });
}

} // namespace lr::sandbox
