#pragma once

// The values that travel between the UI thread and the HTTP workers. A request goes out as an
// HttpJob; a response comes back as one immutable HttpResponse.

#include "core/Body.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace lr {

struct Header {
    std::string name;
    std::string value;
};
using HeaderList = std::vector<Header>;

/// Case-insensitive lookup; nullptr when absent.
const std::string* findHeader(const HeaderList& headers, std::string_view name);

struct HttpRequest {
    std::string method = "GET";
    std::string url; // absolute
    HeaderList headers;
    std::string body;
    std::string contentType; // empty when there is no body
};

struct HttpLimits {
    int connectTimeoutMs = 10'000;
    int readTimeoutMs = 30'000;                 // between two reads
    int deadlineMs = 120'000;                   // the whole call, send to last byte
    std::size_t bodyCap = std::size_t(1) << 30; // 1 GiB
    bool allowInsecureHttp = false;             // plain http:// to a non-loopback host
    std::string caBundle; // PEM file of trusted CAs for https; empty: the system's bundle
};

/// What went wrong below HTTP; None when a status line arrived.
enum class TransportError {
    None,
    InvalidUrl,
    InsecureHttpRefused,
    InvalidHeader,
    Connect,
    Tls,
    Timeout,
    DeadlineExceeded,
    Cancelled,
    BodyTooLarge,
    Read,
    Write,
    Other,
};
const char* toString(TransportError error);

/// Milliseconds. Duration is send to last byte; -1 where a phase was not measurable.
struct Timings {
    double queuedMs = 0.0;    // submit to the worker picking the job up
    double connectMs = -1.0;  // TCP (+ TLS) set-up, -1 when a kept-alive connection was reused
    double firstByteMs = 0.0; // send to the status line and headers
    double downloadMs = 0.0;  // headers to last byte
    double parseMs = 0.0;     // filled by whoever parses the body afterwards
    double durationMs = 0.0;  // send to last byte
};

/// Cancels one call from any thread. While the call blocks in a read, the performer registers an
/// interrupt (it shuts the socket down), so Cancel works on a server that has gone silent too.
class CancelToken {
public:
    void cancel();
    [[nodiscard]] bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
    /// Set by the thread performing the call for as long as it blocks; nullptr clears it.
    void setInterrupt(std::function<void()> interrupt);

private:
    std::atomic<bool> m_cancelled{false};
    std::mutex m_mutex;
    std::function<void()> m_interrupt;
};
using CancelFlag = std::shared_ptr<CancelToken>;

struct HttpResponse {
    std::uint64_t jobId = 0;
    HttpRequest request; // as sent, for the request pane and history (redacted by the viewer)
    int status = 0;
    std::string reason;
    HeaderList headers;
    SharedBody body;
    TransportError error = TransportError::None;
    std::string errorMessage;
    Timings timings;

    [[nodiscard]] bool ok() const { return error == TransportError::None; }
};

struct HttpJob {
    std::uint64_t id = 0;
    HttpRequest request;
    HttpLimits limits;
    CancelFlag cancel = std::make_shared<CancelToken>();
    /// Runs on the worker thread once the call ends, so heavy parsing stays off the UI thread.
    /// It hands its results to the UI through a UiInbox.
    std::function<void(HttpResponse&&)> onComplete;
};

/// The HTTP reason phrase for a status code ("Not Found"), empty when unknown.
const char* reasonPhrase(int status);

/// True when a header value holds CR or LF, which would split the request.
bool hasLineBreak(std::string_view value);

} // namespace lr
