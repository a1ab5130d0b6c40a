#pragma once

// Usage records as JSON, and the one walk over a tenant's records that the runtime list, the
// summary and the export share. `generateExportBody` is what the list-ingest benchmark feeds
// on: the exact bytes GET /v1/usage/export sends for the demo tenant's whole record set.

#include "sandbox/Data.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lr::sandbox {

/// The bytes of GET /v1/usage/export?from=<origin-30d>&to=<origin> on a fresh sandbox started
/// with this seed and record count: `{"items":[...],"nextCursor":null}`, ~365 bytes a record.
std::string generateExportBody(std::uint64_t seed, std::size_t records);

/// The position of a record in the (occurredAt, seq) order; a page's cursor names its last one.
struct UsageKey {
    std::int64_t atMs = 0;
    std::uint32_t seq = 0;
};

struct UsageFilter {
    std::int64_t fromMs = 0; // inclusive
    std::int64_t toMs = 0;   // exclusive
    int account = -1;        // -1: any
    int meter = -1;
    bool hasAfter = false; // resume strictly after `after`
    UsageKey after;
};

/// One record of the walk: generated ones carry no committedAt or key of their own.
struct UsageItem {
    const UsageRecord* record = nullptr;
    const CommittedUsage* committed = nullptr;
};

/// Walks generated and committed records merged in (occurredAt, seq) order. `committed` must
/// outlive the scan and stay unchanged (take a copy, or hold the tenant's lock).
class UsageScan {
public:
    UsageScan(const Tenant& tenant, const std::vector<CommittedUsage>& committed,
              const UsageFilter& filter);

    /// False when the window holds no more matching records.
    bool next(UsageItem& item);

private:
    bool matches(const UsageRecord& record) const;

    const Tenant& m_tenant;
    const std::vector<CommittedUsage>& m_committed;
    UsageFilter m_filter;
    std::size_t m_generated = 0;
    std::size_t m_committedAt = 0;
};

void appendUsageJson(std::string& out, const Tenant& tenant, const UsageItem& item);
void appendNumber(std::string& out, double value);

/// The opening and closing of an export body, around records joined by commas.
constexpr std::string_view kExportOpen = "{\"items\":[";
constexpr std::string_view kExportClose = "],\"nextCursor\":null}";

} // namespace lr::sandbox
