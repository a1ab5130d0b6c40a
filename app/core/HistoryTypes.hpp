#pragma once

// The values that travel between the history store's thread, the UI thread and the History
// window. Everything here is already redacted: no field ever holds a secret or a token.

#include "core/Http.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lr {

/// The response body is stored up to this many bytes; larger bodies keep their size and
/// their first part.
inline constexpr std::size_t kDefaultHistoryBodyCap = std::size_t(1) << 20; // 1 MiB

/// One stored call, as reopened into the Request and Response windows.
struct HistoryEntry {
    std::int64_t id = 0;         // assigned by the store; newest is highest
    std::int64_t timeUnixMs = 0; // when the call was sent, wall clock
    std::string environment;     // "Sandbox", "Staging", ... or a custom name
    std::string method;          // upper case
    std::string pathTemplate;    // the catalogue's path, "/v1/accounts/{accountId}"
    std::string url;             // as sent, query secrets redacted
    std::string requestJson;     // the request view, redacted (see Redact.hpp)
    int status = 0;              // 0 when no status line arrived
    std::string error;           // transport error text, empty on a status line
    Timings timings;
    HeaderList responseHeaders; // redacted
    std::string body;           // the first bodyCap bytes, redacted
    std::uint64_t bodySize = 0; // the whole body as received

    [[nodiscard]] bool bodyTruncated() const { return bodySize > body.size(); }
};

/// One row of the History window: no request, headers or body.
struct HistorySummary {
    std::int64_t id = 0;
    std::int64_t timeUnixMs = 0;
    std::string environment;
    std::string method;
    std::string pathTemplate;
    int status = 0;
    bool failed = false; // a transport error, no status line
    double durationMs = 0.0;
    std::uint64_t bodySize = 0;
};

/// Status filter of the History window.
enum class StatusFilter { Any, Success2xx, Redirect3xx, Client4xx, Server5xx, Failed, Exact };

struct HistoryFilter {
    std::string endpoint; // "METHOD /path/template", empty for any
    StatusFilter status = StatusFilter::Any;
    int exactStatus = 0;      // with StatusFilter::Exact
    std::string text;         // substring of url, request, error or body; empty for any
    std::size_t limit = 5000; // rows returned, newest first

    bool operator==(const HistoryFilter& other) const {
        return endpoint == other.endpoint && status == other.status &&
               exactStatus == other.exactStatus && text == other.text && limit == other.limit;
    }
    bool operator!=(const HistoryFilter& other) const { return !(*this == other); }
};

/// Oldest calls are dropped once either bound is passed.
struct HistoryRetention {
    std::int64_t maxEntries = 100'000;
    std::int64_t maxBytes = std::int64_t(512) << 20; // 512 MiB of stored text and bodies
};

/// What the History window draws. Owned by the UI thread; only History writes it.
struct HistoryModel {
    bool ready = false;               // the first page has arrived
    bool querying = false;            // a query is on its way
    HistoryFilter filter;             // the filter of `rows`
    std::vector<HistorySummary> rows; // newest first
    std::int64_t matching = 0;
    std::int64_t total = 0;
    std::int64_t totalBytes = 0;
    std::vector<std::string> endpoints;
    HistoryRetention retention;
    std::string error;         // the last failure, kept until something succeeds
    std::string notice;        // the last message worth showing (opened, recovered)
    std::int64_t openedId = 0; // the call last reopened
};

const char* toString(StatusFilter filter);

} // namespace lr
