#include "sandbox/Generator.hpp"

#include "core/Json.hpp"
#include "sandbox/Time.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace lr::sandbox {
namespace {

bool keyLess(std::int64_t at, std::uint32_t seq, const UsageKey& key) {
    return at < key.atMs || (at == key.atMs && seq < key.seq);
}

void appendHex(std::string& out, std::uint64_t value, int digits) {
    static const char* kHex = "0123456789abcdef";
    char buffer[16];
    for (int i = digits - 1; i >= 0; --i) {
        buffer[i] = kHex[value & 15];
        value >>= 4;
    }
    out.append(buffer, static_cast<std::size_t>(digits));
}

void appendPadded(std::string& out, std::uint32_t value, int digits) {
    char buffer[16];
    for (int i = digits - 1; i >= 0; --i) {
        buffer[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(buffer, static_cast<std::size_t>(digits));
}

} // namespace

void appendNumber(std::string& out, double value) {
    char buffer[32];
    std::to_chars_result result{};
    if (std::floor(value) == value && std::fabs(value) < 9e15)
        result = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
    else
        result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

UsageScan::UsageScan(const Tenant& tenant, const std::vector<CommittedUsage>& committed,
                     const UsageFilter& filter)
    : m_tenant(tenant), m_committed(committed), m_filter(filter) {
    // Start both sequences at the later of `from` and the cursor.
    UsageKey start{filter.fromMs, 0};
    if (filter.hasAfter && !keyLess(filter.after.atMs, filter.after.seq + 1, start))
        start = {filter.after.atMs, filter.after.seq + 1};
    const auto& records = tenant.records;
    m_generated =
        static_cast<std::size_t>(std::lower_bound(records.begin(), records.end(), start,
                                                  [](const UsageRecord& r, const UsageKey& k) {
                                                      return keyLess(r.occurredAtMs, r.seq, k);
                                                  }) -
                                 records.begin());
    m_committedAt = static_cast<std::size_t>(
        std::lower_bound(committed.begin(), committed.end(), start,
                         [](const CommittedUsage& c, const UsageKey& k) {
                             return keyLess(c.record.occurredAtMs, c.record.seq, k);
                         }) -
        committed.begin());
}

bool UsageScan::matches(const UsageRecord& record) const {
    return (m_filter.account < 0 || record.account == m_filter.account) &&
           (m_filter.meter < 0 || record.meter == m_filter.meter);
}

bool UsageScan::next(UsageItem& item) {
    const auto& records = m_tenant.records;
    for (;;) {
        const UsageRecord* generated =
            m_generated < records.size() ? &records[m_generated] : nullptr;
        const CommittedUsage* committed =
            m_committedAt < m_committed.size() ? &m_committed[m_committedAt] : nullptr;
        if (generated && generated->occurredAtMs >= m_filter.toMs)
            generated = nullptr;
        if (committed && committed->record.occurredAtMs >= m_filter.toMs)
            committed = nullptr;
        if (!generated && !committed)
            return false;

        // Take whichever comes first in (occurredAt, seq) order.
        const bool takeCommitted =
            committed &&
            (!generated || keyLess(committed->record.occurredAtMs, committed->record.seq,
                                   {generated->occurredAtMs, generated->seq}));
        if (takeCommitted) {
            ++m_committedAt;
            if (matches(committed->record)) {
                item = {&committed->record, committed};
                return true;
            }
        } else {
            ++m_generated;
            if (matches(*generated)) {
                item = {generated, nullptr};
                return true;
            }
        }
    }
}

void appendUsageJson(std::string& out, const Tenant& tenant, const UsageItem& item) {
    const UsageRecord& r = *item.record;
    const Account& account = tenant.accounts[r.account];
    const Meter& meter = tenant.meters[r.meter];

    out.append("{\"id\":\"usg_");
    appendPadded(out, r.seq, 10);
    out.append("\",\"accountId\":\"");
    out.append(account.id);
    out.append("\",\"externalRef\":\"");
    out.append(account.externalRef);
    out.append("\",\"meter\":\"");
    out.append(meter.key);
    out.append("\",\"quantity\":");
    appendNumber(out, r.quantity);
    out.append(",\"unit\":\"");
    out.append(meter.unit);
    out.append("\",\"occurredAt\":\"");
    appendInstant(out, r.occurredAtMs);
    out.append("\",\"committedAt\":\"");
    appendInstant(out, item.committed ? item.committed->committedAtMs
                                      : r.occurredAtMs + r.commitDelayMs);
    out.append("\",\"idempotencyKey\":");
    if (item.committed) {
        appendJsonString(out, item.committed->idempotencyKey);
    } else {
        out.append("\"idem-");
        appendHex(out, mix(tenant.seed, r.seq), 16);
        out.push_back('"');
    }
    out.append(",\"source\":\"");
    out.append(kSources[r.source]);
    out.append("\",\"tags\":[");
    bool first = true;
    for (int t = 0; t < 10; ++t) {
        if (!(r.tags & (1u << t)))
            continue;
        if (!first)
            out.push_back(',');
        first = false;
        out.push_back('"');
        out.append(kTags[t]);
        out.push_back('"');
    }
    out.append("],\"metadata\":{\"region\":\"");
    out.append(kRegions[r.region]);
    out.append("\",\"requestId\":\"req-");
    appendHex(out, mix(tenant.seed ^ 0x5EED, r.seq), 12);
    out.push_back('"');
    if (r.note != 0) {
        out.append(",\"note\":");
        appendJsonString(out, kNotes[r.note]);
    }
    out.append("}}");
}

std::string generateExportBody(std::uint64_t seed, std::size_t records) {
    const auto tenant = generateDemoTenant(seed, records);
    const std::vector<CommittedUsage> none;
    UsageFilter filter;
    filter.fromMs = kDataStartMs;
    filter.toMs = kClockOriginMs;
    UsageScan scan(*tenant, none, filter);

    std::string out;
    out.reserve(records * 380 + 64);
    out.append(kExportOpen);
    UsageItem item;
    bool first = true;
    while (scan.next(item)) {
        if (!first)
            out.push_back(',');
        first = false;
        appendUsageJson(out, *tenant, item);
    }
    out.append(kExportClose);
    return out;
}

} // namespace lr::sandbox
