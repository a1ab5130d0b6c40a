#pragma once

// Per-endpoint timing statistics for every call the console makes, by environment, method and
// path template. Owned by the UI thread; the repeat runner's results reach it through
// RepeatRunner::drain, single calls through StatsBook::record.

#include "core/Http.hpp"
#include "core/stats/LatencyHistogram.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lr::stats {

struct EndpointKey {
    std::string environment; // "Sandbox", "Staging", ...
    std::string method;      // "GET"
    std::string path;        // the template, "/v1/accounts/{accountId}", never a filled-in URL

    [[nodiscard]] std::string label() const { return method + " " + path; }
    bool operator<(const EndpointKey& other) const;
    bool operator==(const EndpointKey& other) const;
};

/// One finished call as the statistics see it.
struct CallSample {
    std::uint64_t callId = 0; // what cmd::OpenCall carries back to reopen it
    double sentAtSeconds = 0; // steady clock
    int status = 0;           // 0 when no status line arrived
    TransportError error = TransportError::None;
    Timings timings;
};
CallSample sampleOf(const HttpResponse& response, double sentAtSeconds);

/// Status classes the timeline colours by.
enum class StatusClass { Success, Redirect, ClientError, ServerError, Transport };
StatusClass classify(int status, TransportError error);

/// A mark on the timeline: compact, so a few thousand per endpoint cost little.
struct CallMark {
    std::uint64_t callId = 0;
    double sentAtSeconds = 0;
    float durationMs = 0;
    std::int16_t status = 0;
    TransportError error = TransportError::None;
};

/// Average time per phase over the calls that measured it, milliseconds.
struct PhaseAverages {
    double queuedMs = 0, connectMs = 0, firstByteMs = 0, downloadMs = 0, parseMs = 0;
};

class EndpointStats {
public:
    /// Timeline marks kept per endpoint; older marks drop out, the histogram keeps everything.
    static constexpr std::size_t kRecentCapacity = 8192;

    void record(const CallSample& sample);

    [[nodiscard]] std::uint64_t count() const { return m_count; }
    [[nodiscard]] std::uint64_t successes() const { return m_successes; } // 2xx
    [[nodiscard]] std::uint64_t errors() const { return m_count - m_successes; }
    /// Non-2xx answers by status code; transport failures under status 0.
    [[nodiscard]] const std::map<int, std::uint64_t>& errorsByStatus() const {
        return m_errorsByStatus;
    }
    /// Durations (send to last byte) of calls that got a status line.
    [[nodiscard]] const LatencyHistogram& durations() const { return m_durations; }
    [[nodiscard]] PhaseAverages phaseAverages() const;

    /// Recent calls, oldest first.
    [[nodiscard]] std::vector<CallMark> recent() const;
    /// The i-th recent call, oldest first, without copying the ring (i < recentSize()).
    [[nodiscard]] const CallMark& recentAt(std::size_t i) const {
        return m_recent[(m_recentNext + i) % m_recent.size()];
    }
    [[nodiscard]] std::size_t recentSize() const { return m_recent.size(); }

private:
    struct PhaseSum {
        double sum = 0;
        std::uint64_t n = 0;
        void add(double ms) {
            if (ms >= 0) { // -1: not measured (a reused connection has no connect phase)
                sum += ms;
                ++n;
            }
        }
        [[nodiscard]] double mean() const { return n ? sum / double(n) : 0.0; }
    };

    std::uint64_t m_count = 0;
    std::uint64_t m_successes = 0;
    std::map<int, std::uint64_t> m_errorsByStatus;
    LatencyHistogram m_durations;
    PhaseSum m_queued, m_connect, m_firstByte, m_download, m_parse;
    std::vector<CallMark> m_recent; // ring of kRecentCapacity
    std::size_t m_recentNext = 0;
};

/// A call kept for reopening from the timeline.
struct RetainedCall {
    std::uint64_t callId = 0;
    std::shared_ptr<const HttpResponse> response; // without its body when that was too big
    std::size_t bodyBytesNotKept = 0;             // the size of the body left out, if any
};

class StatsBook {
public:
    /// How many of the newest calls stay reopenable, and the largest body kept with one: 256
    /// calls of a 355 MB export would otherwise hold 90 GB, and reopening parses the body on the
    /// UI thread (a 1 MiB body in about a millisecond). At most 256 MiB of bodies in all.
    static constexpr std::size_t kRetainedResponses = 256;
    static constexpr std::size_t kRetainedBodyBytes = std::size_t(1) << 20;

    void record(const EndpointKey& key, const CallSample& sample);
    /// Keeps a response so a click on its timeline mark can reopen it; a body over
    /// kRetainedBodyBytes is left out (the caller's pointer still holds it, to free where it
    /// likes). The oldest call goes first and is returned, for the caller to free elsewhere too.
    std::shared_ptr<const HttpResponse> retain(const std::shared_ptr<const HttpResponse>& response,
                                               std::uint64_t callId);
    [[nodiscard]] const RetainedCall* retained(std::uint64_t callId) const;

    [[nodiscard]] const EndpointStats* find(const EndpointKey& key) const;
    [[nodiscard]] const std::map<EndpointKey, EndpointStats>& endpoints() const {
        return m_endpoints;
    }
    /// Bumped on every change, so views can cache what they derive.
    [[nodiscard]] std::uint64_t revision() const { return m_revision; }

    void reset();
    void reset(const EndpointKey& key);

    /// One header line, then one line per endpoint; durations in milliseconds.
    [[nodiscard]] std::string toCsv() const;

private:
    std::map<EndpointKey, EndpointStats> m_endpoints;
    std::vector<RetainedCall> m_retained; // a ring of kRetainedResponses
    std::size_t m_retainedNext = 0;
    std::uint64_t m_revision = 0;
};

} // namespace lr::stats
