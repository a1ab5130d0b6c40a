#pragma once

// The sandbox's data: two tenants with their accounts, meters, usage records, decisions and
// limit events, generated deterministically from a seed. Generated records are immutable and
// sorted by (occurredAt, seq); what the API adds later (commits, decisions, events, limit use)
// lives beside them under the tenant's mutex.

#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <vector>

namespace lr::sandbox {

struct Meter {
    std::string key;
    std::string unit;
    std::string description;
    const char* period; // minute, hour, day, month: the period of its limit
    double baseQuota;
};

struct Account {
    std::string id;
    std::string externalRef;
    std::string name;
    const char* status; // active, suspended, closed
    const char* plan;   // free, starter, pro, enterprise
    std::int64_t createdAtMs;
    double quotaFactor;
};

/// One usage record in 32 bytes: strings are derived from the indexes when it is written.
struct UsageRecord {
    std::int64_t occurredAtMs;
    double quantity;
    std::uint32_t seq;           // the id's number; unique in the tenant, 1-based
    std::uint32_t commitDelayMs; // committedAt = occurredAt + this, for generated records
    std::uint16_t account;
    std::uint8_t meter;
    std::uint8_t source; // index into kSources
    std::uint16_t tags;  // bit set over kTags
    std::uint8_t note;   // index into kNotes; 0 = no note
    std::uint8_t region;
};
static_assert(sizeof(UsageRecord) == 32, "keep the record compact: millions are held");

/// A record booked through POST /v1/usage/commit.
struct CommittedUsage {
    UsageRecord record;
    std::int64_t committedAtMs;
    std::string idempotencyKey;
};

struct Decision {
    std::int64_t atMs;
    std::uint32_t seq;
    std::uint16_t account;
    std::uint8_t meter;
    bool allowed;
    bool commit; // false: a check
    double quantity;
    double remaining;
};

enum class EventType : std::uint8_t { LimitReached, LimitReset, UsageRejected };
const char* toString(EventType type);

struct LimitEvent {
    std::int64_t atMs;
    std::uint32_t seq;
    std::uint16_t account;
    std::uint8_t meter;
    EventType type;
};

/// What an Idempotency-Key stands for: the body it came with and the record it booked.
struct IdempotencyEntry {
    std::string bodyFingerprint;
    bool inProgress = true;
    std::uint32_t usageSeq = 0;
    std::string response; // the 201 body, answered again as 200
};

struct Tenant {
    std::string name; // demo, acme
    std::uint64_t seed = 0;
    std::vector<Meter> meters;
    std::vector<Account> accounts;
    std::vector<UsageRecord> records; // immutable after generation, sorted by (time, seq)

    // Everything below changes while serving; guard with `mutex`.
    mutable std::shared_mutex mutex;
    std::vector<CommittedUsage> committed; // sorted by (occurredAt, seq)
    std::vector<Decision> decisions;       // sorted by time (appends are at sandbox "now")
    std::vector<LimitEvent> events;        // likewise
    std::vector<double> extraUsed;         // per account x meter: quantity booked via the API
    std::map<std::string, IdempotencyEntry> idempotency;
    std::uint32_t nextUsageSeq = 1;
    std::uint32_t nextDecisionSeq = 1;
    std::uint32_t nextEventSeq = 1;

    [[nodiscard]] int findAccount(std::string_view idOrRef, bool byExternalRef) const;
    [[nodiscard]] int findMeter(std::string_view key) const;
    /// The limit's use at the start of the sandbox, derived from the seed.
    [[nodiscard]] double baseUsed(int account, int meter) const;
    [[nodiscard]] double quota(int account, int meter) const;
};

/// The demo tenant's client owns `records` usage records; acme gets a small fixed set.
std::unique_ptr<Tenant> generateDemoTenant(std::uint64_t seed, std::size_t records);
std::unique_ptr<Tenant> generateAcmeTenant(std::uint64_t seed);

// Vocabularies the compact records index into.
extern const char* const kSources[4];
extern const char* const kTags[10];
extern const char* const kRegions[6];
extern const char* const kNotes[8];

/// A 64-bit mix of its inputs (splitmix64 finaliser); the data's only source of chance.
std::uint64_t mix(std::uint64_t a, std::uint64_t b = 0);

} // namespace lr::sandbox
