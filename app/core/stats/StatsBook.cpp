#include "core/stats/StatsBook.hpp"

#include <cstdio>
#include <tuple>

namespace lr::stats {
namespace {

// RFC 4180: quote a field holding a comma, a quote or a line break; double inner quotes.
std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string number(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", value);
    return buffer;
}

} // namespace

bool EndpointKey::operator<(const EndpointKey& other) const {
    return std::tie(environment, path, method) <
           std::tie(other.environment, other.path, other.method);
}

bool EndpointKey::operator==(const EndpointKey& other) const {
    return environment == other.environment && method == other.method && path == other.path;
}

CallSample sampleOf(const HttpResponse& response, double sentAtSeconds) {
    CallSample sample;
    sample.callId = response.jobId;
    sample.sentAtSeconds = sentAtSeconds;
    sample.status = response.status;
    sample.error = response.error;
    sample.timings = response.timings;
    return sample;
}

StatusClass classify(int status, TransportError error) {
    if (error != TransportError::None || status <= 0)
        return StatusClass::Transport;
    if (status < 300)
        return StatusClass::Success;
    if (status < 400)
        return StatusClass::Redirect;
    if (status < 500)
        return StatusClass::ClientError;
    return StatusClass::ServerError;
}

void EndpointStats::record(const CallSample& sample) {
    ++m_count;
    const StatusClass cls = classify(sample.status, sample.error);
    if (cls == StatusClass::Success)
        ++m_successes;
    else
        ++m_errorsByStatus[cls == StatusClass::Transport ? 0 : sample.status];

    // A call that failed below HTTP has no meaningful duration; it counts, but as an error only.
    if (cls != StatusClass::Transport) {
        m_durations.add(sample.timings.durationMs);
        m_queued.add(sample.timings.queuedMs);
        m_connect.add(sample.timings.connectMs);
        m_firstByte.add(sample.timings.firstByteMs);
        m_download.add(sample.timings.downloadMs);
        m_parse.add(sample.timings.parseMs);
    }

    const CallMark mark{sample.callId, sample.sentAtSeconds, float(sample.timings.durationMs),
                        std::int16_t(sample.status), sample.error};
    if (m_recent.size() < kRecentCapacity) {
        // The whole ring at once (address space, paged in as it fills): growing it by copies
        // would stall one drain in a busy run for a copy of thousands of marks.
        if (m_recent.empty())
            m_recent.reserve(kRecentCapacity);
        m_recent.push_back(mark);
    } else {
        m_recent[m_recentNext] = mark;
        m_recentNext = (m_recentNext + 1) % kRecentCapacity;
    }
}

PhaseAverages EndpointStats::phaseAverages() const {
    return {m_queued.mean(), m_connect.mean(), m_firstByte.mean(), m_download.mean(),
            m_parse.mean()};
}

std::vector<CallMark> EndpointStats::recent() const {
    std::vector<CallMark> out;
    out.reserve(m_recent.size());
    for (std::size_t i = 0; i < m_recent.size(); ++i)
        out.push_back(m_recent[(m_recentNext + i) % m_recent.size()]);
    return out;
}

void StatsBook::record(const EndpointKey& key, const CallSample& sample) {
    m_endpoints[key].record(sample);
    ++m_revision;
}

std::shared_ptr<const HttpResponse>
StatsBook::retain(const std::shared_ptr<const HttpResponse>& response, std::uint64_t callId) {
    if (!response)
        return nullptr;
    RetainedCall kept{callId, response, 0};
    if (response->body && response->body->size() > kRetainedBodyBytes) {
        auto withoutBody = std::make_shared<HttpResponse>(*response); // shares the body, no copy
        withoutBody->body.reset();
        kept.response = std::move(withoutBody);
        kept.bodyBytesNotKept = response->body->size();
    }
    if (m_retained.size() < kRetainedResponses) {
        m_retained.push_back(std::move(kept));
        return nullptr;
    }
    RetainedCall& slot = m_retained[m_retainedNext];
    m_retainedNext = (m_retainedNext + 1) % kRetainedResponses;
    std::swap(slot, kept);
    return std::move(kept.response);
}

const RetainedCall* StatsBook::retained(std::uint64_t callId) const {
    for (const RetainedCall& call : m_retained)
        if (call.callId == callId)
            return &call;
    return nullptr;
}

const EndpointStats* StatsBook::find(const EndpointKey& key) const {
    const auto it = m_endpoints.find(key);
    return it == m_endpoints.end() ? nullptr : &it->second;
}

void StatsBook::reset() {
    m_endpoints.clear();
    m_retained.clear();
    m_retainedNext = 0;
    ++m_revision;
}

void StatsBook::reset(const EndpointKey& key) {
    m_endpoints.erase(key);
    ++m_revision;
}

std::string StatsBook::toCsv() const {
    std::string out = "environment,method,path,count,successes,errors,min_ms,mean_ms,p50_ms,"
                      "p90_ms,p99_ms,max_ms,stddev_ms,avg_queued_ms,avg_connect_ms,"
                      "avg_first_byte_ms,avg_download_ms,avg_parse_ms,errors_by_status\r\n";
    for (const auto& [key, stats] : m_endpoints) {
        const LatencyHistogram& d = stats.durations();
        const PhaseAverages phases = stats.phaseAverages();
        std::string byStatus;
        for (const auto& [status, n] : stats.errorsByStatus()) {
            if (!byStatus.empty())
                byStatus += ' ';
            byStatus += (status == 0 ? std::string("transport") : std::to_string(status)) + "=" +
                        std::to_string(n);
        }
        const double values[] = {d.minMs(),          d.meanMs(),         d.percentile(0.50),
                                 d.percentile(0.90), d.percentile(0.99), d.maxMs(),
                                 d.stddevMs(),       phases.queuedMs,    phases.connectMs,
                                 phases.firstByteMs, phases.downloadMs,  phases.parseMs};
        out += csvField(key.environment) + "," + csvField(key.method) + "," + csvField(key.path) +
               "," + std::to_string(stats.count()) + "," + std::to_string(stats.successes()) + "," +
               std::to_string(stats.errors());
        for (double value : values)
            out += "," + number(value);
        out += "," + csvField(byStatus) + "\r\n";
    }
    return out;
}

} // namespace lr::stats
