#include "core/HttpWorker.hpp"

#include "core/Log.hpp"
#include "core/Url.hpp"

#include <httplib.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>

namespace lr {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kCaBundle = "/etc/ssl/certs/ca-certificates.crt";

double msBetween(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

TransportError fromHttplib(httplib::Error error) {
    switch (error) {
    case httplib::Error::Success:
        return TransportError::None;
    case httplib::Error::Connection:
    case httplib::Error::BindIPAddress:
        return TransportError::Connect;
    case httplib::Error::ConnectionTimeout:
        return TransportError::Timeout;
    case httplib::Error::Read:
        return TransportError::Read;
    case httplib::Error::Write:
        return TransportError::Write;
    case httplib::Error::Canceled:
        return TransportError::Cancelled;
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLLoadingCerts:
    case httplib::Error::SSLServerVerification:
        return TransportError::Tls;
    default:
        return TransportError::Other;
    }
}

/// Which TLS check failed, in words: cpp-httplib keeps OpenSSL's chain verdict, and reports a
/// host-name mismatch as a verification failure with a chain verdict of OK.
std::string tlsMessage(httplib::Error error, long verifyResult, const std::string& host) {
    switch (error) {
    case httplib::Error::SSLLoadingCerts:
        return std::string("TLS failed: the CA certificates could not be loaded from ") +
               kCaBundle + ".";
    case httplib::Error::SSLServerVerification:
        break;
    default:
        return "TLS handshake with " + host + " failed.";
    }
    if (verifyResult == X509_V_OK)
        return "TLS certificate verification failed: host-name mismatch (the certificate is not "
               "for " +
               host + ").";
    const bool selfSigned = verifyResult == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT ||
                            verifyResult == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN;
    return std::string("TLS certificate verification failed: ") +
           (selfSigned ? "self-signed certificate" : "untrusted certificate") + " (" +
           X509_verify_cert_error_string(verifyResult) + ").";
}

} // namespace

struct HttpClientPool::Impl {
    std::map<std::string, std::unique_ptr<httplib::Client>> clients;

    httplib::Client& clientFor(const Url& url, const HttpLimits& limits) {
        const std::string origin = url.origin();
        auto it = clients.find(origin);
        if (it == clients.end()) {
            auto client = std::make_unique<httplib::Client>(origin);
            client->set_keep_alive(true);
            // cpp-httplib 0.11 leaves Nagle on, which holds each keep-alive request ~40 ms.
            client->set_tcp_nodelay(true);
            client->set_follow_location(false);
            if (url.scheme == "https") {
                client->enable_server_certificate_verification(true);
                client->set_ca_cert_path(limits.caBundle.empty() ? kCaBundle
                                                                 : limits.caBundle.c_str());
            }
            it = clients.emplace(origin, std::move(client)).first;
        }
        httplib::Client& client = *it->second;
        client.set_connection_timeout(std::chrono::milliseconds(limits.connectTimeoutMs));
        client.set_read_timeout(std::chrono::milliseconds(limits.readTimeoutMs));
        client.set_write_timeout(std::chrono::milliseconds(limits.readTimeoutMs));
        return client;
    }
};

HttpClientPool::HttpClientPool() : m_impl(std::make_unique<Impl>()) {}
HttpClientPool::~HttpClientPool() = default;

HttpResponse performRequest(HttpClientPool& pool, const HttpRequest& request,
                            const HttpLimits& limits, CancelToken& cancel) {
    HttpResponse response;
    response.request = request;

    // 1. Refuse what must never go on the wire: bad URLs, insecure hosts, split headers.
    Url url;
    std::string urlError;
    if (!parseUrl(request.url, url, urlError)) {
        response.error = TransportError::InvalidUrl;
        response.errorMessage = "Invalid URL: " + urlError;
        return response;
    }
    if (url.scheme == "http" && !url.isLoopback() && !limits.allowInsecureHttp) {
        response.error = TransportError::InsecureHttpRefused;
        response.errorMessage = "Plain http:// is refused for non-loopback host " + url.host +
                                "; use https:// or allow insecure HTTP in the settings.";
        return response;
    }
    for (const Header& header : request.headers) {
        if (hasLineBreak(header.name) || hasLineBreak(header.value)) {
            response.error = TransportError::InvalidHeader;
            response.errorMessage =
                "Header '" + header.name + "' contains a line break (CR or LF); nothing was sent.";
            return response;
        }
    }

    // 2. Build the cpp-httplib request with callbacks that enforce cap, deadline and cancel.
    httplib::Client& client = pool.impl().clientFor(url, limits);
    const bool reused = client.is_socket_open() != 0;

    auto body = std::make_shared<Body>();
    const auto sentAt = Clock::now();
    const auto deadline = sentAt + std::chrono::milliseconds(limits.deadlineMs);
    Clock::time_point firstByteAt{};
    std::optional<unsigned long long> declaredLength;
    TransportError abortReason = TransportError::None;

    auto shouldAbort = [&]() {
        if (cancel.cancelled()) {
            abortReason = TransportError::Cancelled;
            return true;
        }
        if (Clock::now() > deadline) {
            abortReason = TransportError::DeadlineExceeded;
            return true;
        }
        return false;
    };

    httplib::Request req;
    req.method = request.method;
    req.path = url.target;
    for (const Header& header : request.headers)
        req.headers.emplace(header.name, header.value);
    if (!request.body.empty() || !request.contentType.empty()) {
        req.body = request.body;
        if (!request.contentType.empty())
            req.headers.emplace("Content-Type", request.contentType);
    }
    req.response_handler = [&](const httplib::Response& head) {
        firstByteAt = Clock::now();
        if (head.has_header("Content-Length")) {
            const std::string declared = head.get_header_value("Content-Length");
            const unsigned long long length = std::strtoull(declared.c_str(), nullptr, 10);
            declaredLength = length;
            if (length > limits.bodyCap) {
                abortReason = TransportError::BodyTooLarge;
                return false;
            }
            body->reserve(static_cast<std::size_t>(length));
        }
        return !shouldAbort();
    };
    req.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
        if (body->size() + length > limits.bodyCap) {
            abortReason = TransportError::BodyTooLarge;
            return false;
        }
        body->append(data, length);
        return !shouldAbort();
    };
    req.progress = [&](uint64_t, uint64_t) { return !shouldAbort(); };

    // 3. Send, then turn the outcome into one value.
    httplib::Response res;
    httplib::Error error = httplib::Error::Success;
    cancel.setInterrupt([&client] { client.stop(); });
    const bool sent = !cancel.cancelled() && client.send(req, res, error);
    cancel.setInterrupt(nullptr);
    const auto doneAt = Clock::now();

    response.timings.connectMs = reused ? -1.0 : 0.0;
    response.timings.durationMs = msBetween(sentAt, doneAt);
    if (firstByteAt != Clock::time_point{}) {
        response.timings.firstByteMs = msBetween(sentAt, firstByteAt);
        response.timings.downloadMs = msBetween(firstByteAt, doneAt);
    }

    if (!sent || error != httplib::Error::Success) {
        response.error = abortReason != TransportError::None ? abortReason
                         : cancel.cancelled()                ? TransportError::Cancelled
                                                             : fromHttplib(error);
        if (response.error == TransportError::Read && Clock::now() > deadline)
            response.error = TransportError::DeadlineExceeded;
        switch (response.error) {
        case TransportError::BodyTooLarge:
            response.errorMessage = "The response body is larger than the body cap of " +
                                    std::to_string(limits.bodyCap) + " bytes; the call stopped.";
            break;
        case TransportError::DeadlineExceeded:
            response.errorMessage = "The call took longer than its deadline of " +
                                    std::to_string(limits.deadlineMs) + " ms and was stopped.";
            break;
        case TransportError::Cancelled:
            response.errorMessage = "Cancelled.";
            break;
        case TransportError::Tls:
            response.errorMessage = tlsMessage(error, client.get_openssl_verify_result(), url.host);
            break;
        case TransportError::Connect:
            response.errorMessage = "Could not connect to " + url.host + ":" +
                                    std::to_string(url.port) + " (refused or unreachable).";
            break;
        case TransportError::Read:
            response.errorMessage =
                firstByteAt == Clock::time_point{}
                    ? "The connection closed before an answer arrived."
                    : "The connection closed or was reset after " + std::to_string(body->size()) +
                          (declaredLength ? " of " + std::to_string(*declaredLength) : "") +
                          " body bytes; the body is incomplete.";
            break;
        default:
            response.errorMessage = httplib::to_string(error);
            break;
        }
        // Keep what arrived, and the status line if there was one, for the response pane.
        response.status = firstByteAt != Clock::time_point{} ? res.status : 0;
        response.body = std::move(body);
        client.stop(); // the connection is in an unknown state; the next call opens a new one
        return response;
    }

    response.status = res.status;
    response.reason = !res.reason.empty() ? res.reason : reasonPhrase(res.status);
    response.headers.reserve(res.headers.size());
    for (const auto& [name, value] : res.headers)
        response.headers.push_back({name, value});
    response.body = std::move(body);
    return response;
}

HttpWorker::HttpWorker(std::string name) : m_name(std::move(name)) {
    m_thread = std::thread([this] { run(); });
}

HttpWorker::~HttpWorker() {
    stop();
    m_thread.join();
}

std::uint64_t HttpWorker::submit(HttpJob job) {
    if (job.id == 0)
        job.id = m_nextId.fetch_add(1);
    const std::uint64_t id = job.id;
    m_jobs.enqueue(Queued{std::move(job), Clock::now()});
    return id;
}

void HttpWorker::stop() {
    // The flag also cancels the call in flight; an empty job wakes the thread if it waits.
    m_stopping.store(true);
    {
        std::lock_guard<std::mutex> lock(m_currentMutex);
        if (m_current)
            m_current->cancel();
    }
    Queued wake; // an empty job: it wakes run(), which then sees m_stopping
    m_jobs.enqueue(std::move(wake));
}

void HttpWorker::run() {
    HttpClientPool pool;
    Queued queued;
    while (true) {
        m_jobs.wait_dequeue(queued);
        if (m_stopping.load())
            break;
        if (!queued.job.onComplete)
            continue;

        HttpJob& job = queued.job;
        const auto startedAt = Clock::now();
        {
            std::lock_guard<std::mutex> lock(m_currentMutex);
            m_current = job.cancel;
        }
        if (m_stopping.load())
            job.cancel->cancel();
        HttpResponse response = performRequest(pool, job.request, job.limits, *job.cancel);
        {
            std::lock_guard<std::mutex> lock(m_currentMutex);
            m_current.reset();
        }
        response.jobId = job.id;
        response.timings.queuedMs = msBetween(queued.submittedAt, startedAt);
        // The query is left out of the log: it is the user's data, and short lines read better.
        logInfo("net", job.request.method + " " +
                           job.request.url.substr(0, job.request.url.find('?')) + " -> " +
                           (response.ok() ? std::to_string(response.status)
                                          : std::string(toString(response.error))) +
                           " in " + std::to_string(static_cast<int>(response.timings.durationMs)) +
                           " ms");
        job.onComplete(std::move(response));
    }
}

void CancelToken::cancel() {
    m_cancelled.store(true);
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_interrupt)
        m_interrupt();
}

void CancelToken::setInterrupt(std::function<void()> interrupt) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_interrupt = std::move(interrupt);
}

const std::string* findHeader(const HeaderList& headers, std::string_view name) {
    for (const Header& header : headers) {
        if (header.name.size() != name.size())
            continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i)
            same = std::tolower(static_cast<unsigned char>(header.name[i])) ==
                   std::tolower(static_cast<unsigned char>(name[i]));
        if (same)
            return &header.value;
    }
    return nullptr;
}

bool hasLineBreak(std::string_view value) {
    // Not find_first_of: libstdc++ runs a memchr over the two needles for every character, which
    // was the biggest cost of a repeat-runner call on its own side of the wire (long tokens).
    return std::any_of(value.begin(), value.end(), [](char c) { return c == '\r' || c == '\n'; });
}

const char* toString(TransportError error) {
    switch (error) {
    case TransportError::None:
        return "none";
    case TransportError::InvalidUrl:
        return "invalid URL";
    case TransportError::InsecureHttpRefused:
        return "insecure http refused";
    case TransportError::InvalidHeader:
        return "invalid header";
    case TransportError::Connect:
        return "connection failed";
    case TransportError::Tls:
        return "TLS failure";
    case TransportError::Timeout:
        return "timeout";
    case TransportError::DeadlineExceeded:
        return "deadline exceeded";
    case TransportError::Cancelled:
        return "cancelled";
    case TransportError::BodyTooLarge:
        return "body over the cap";
    case TransportError::Read:
        return "read failed";
    case TransportError::Write:
        return "write failed";
    case TransportError::Other:
        return "transport error";
    }
    return "?";
}

const char* reasonPhrase(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 304:
        return "Not Modified";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "";
    }
}

} // namespace lr
