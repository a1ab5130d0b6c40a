#include "sandbox/Data.hpp"

#include "sandbox/Time.hpp"

#include <algorithm>
#include <cstdio>

namespace lr::sandbox {

const char* const kSources[4] = {"api", "batch", "sdk-python", "sdk-node"};
const char* const kTags[10] = {"prod",  "staging",  "eu-west", "us-east",  "batch",
                               "burst", "priority", "trial",   "internal", "beta"};
const char* const kRegions[6] = {"eu-west-1", "eu-central-1", "us-east-1",
                                 "us-west-2", "ap-south-1",   "sa-east-1"};
// Notes carry JSON escapes and non-ASCII text so every parser downstream is exercised.
const char* const kNotes[8] = {
    "",
    "Customer said \"urgent\" on the call",
    "Fattura rinviata: società in liquidazione, verificare",
    "Path C:\\exports\\daily run",
    "Multi-line\nnote from the batch job",
    "Ünïcödé façade — naïve café résumé",
    "Tab\tseparated\tvalues from legacy import",
    "Spike 🚀 after release 2.4 (日本語 client)",
};

const char* toString(EventType type) {
    switch (type) {
    case EventType::LimitReached:
        return "limit_reached";
    case EventType::LimitReset:
        return "limit_reset";
    case EventType::UsageRejected:
        return "usage_rejected";
    }
    return "limit_reached";
}

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    std::uint64_t z = a + 0x9E3779B97F4A7C15ULL * (b + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int Tenant::findAccount(std::string_view idOrRef, bool byExternalRef) const {
    for (std::size_t i = 0; i < accounts.size(); ++i) {
        const Account& account = accounts[i];
        if ((byExternalRef ? account.externalRef : account.id) == idOrRef)
            return static_cast<int>(i);
    }
    return -1;
}

int Tenant::findMeter(std::string_view key) const {
    for (std::size_t i = 0; i < meters.size(); ++i) {
        if (meters[i].key == key)
            return static_cast<int>(i);
    }
    return -1;
}

double Tenant::quota(int account, int meter) const {
    return std::max(1.0, meters[meter].baseQuota * accounts[account].quotaFactor);
}

double Tenant::baseUsed(int account, int meter) const {
    // Between 0% and 90% of the quota, in whole units.
    const double q = quota(account, meter);
    const std::uint64_t r = mix(seed ^ 0x11117, static_cast<std::uint64_t>(account) * 64 + meter);
    return static_cast<double>(static_cast<std::uint64_t>(q * static_cast<double>(r % 91) / 100));
}

namespace {

struct MeterSpec {
    const char* key;
    const char* unit;
    const char* description;
    const char* period;
    double quota;
    std::uint32_t maxQuantity;
};

const MeterSpec kDemoMeters[12] = {
    {"api.calls", "request", "API requests served", "minute", 6000, 50},
    {"api.egress", "MB", "Data sent to clients", "hour", 50000, 500},
    {"storage.gb_hours", "GB-hour", "Storage held, in GB-hours", "month", 100000, 200},
    {"compute.seconds", "second", "CPU seconds of background jobs", "day", 86400, 600},
    {"ai.tokens", "token", "Language-model tokens processed", "day", 2000000, 8000},
    {"ai.images", "image", "Images generated", "day", 500, 4},
    {"email.sent", "email", "Transactional e-mails sent", "day", 10000, 20},
    {"sms.sent", "message", "SMS messages sent", "month", 5000, 3},
    {"webhooks.delivered", "delivery", "Webhook deliveries", "hour", 20000, 40},
    {"search.queries", "query", "Search queries", "minute", 3000, 30},
    {"exports.rows", "row", "Rows exported", "day", 1000000, 5000},
    {"seats.active", "seat", "Active seats", "month", 250, 1},
};

const MeterSpec kAcmeMeters[4] = {
    {"api.calls", "request", "API requests served", "minute", 3000, 50},
    {"storage.gb_hours", "GB-hour", "Storage held, in GB-hours", "month", 20000, 100},
    {"compute.seconds", "second", "CPU seconds of background jobs", "day", 43200, 300},
    {"email.sent", "email", "Transactional e-mails sent", "day", 2000, 10},
};

const char* const kPlans[4] = {"free", "starter", "pro", "enterprise"};
const double kPlanFactor[4] = {0.1, 0.5, 1.0, 4.0};
const char* const kNamePrefixes[8] = {"Acme",        "Brightwave", "Café Lumière", "Nordlys",
                                      "Zürich Data", "Orbital",    "Señor Pixel",  "Kōbō Labs"};
const char* const kNameSuffixes[4] = {"Ltd", "GmbH", "S.p.A.", "Inc."};

std::string hexId(const char* prefix, std::uint64_t value, int digits) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%0*llx", prefix, digits,
                  static_cast<unsigned long long>(value & ((1ULL << (4 * digits)) - 1)));
    return buffer;
}

void addMeters(Tenant& tenant, const MeterSpec* specs, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i)
        tenant.meters.push_back(
            {specs[i].key, specs[i].unit, specs[i].description, specs[i].period, specs[i].quota});
}

void addAccounts(Tenant& tenant, std::size_t count, const char* refPrefix) {
    tenant.accounts.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint64_t r = mix(tenant.seed ^ mix(tenant.name.size()), i);
        Account account;
        account.id = hexId("acc_", mix(r, 1), 12);
        char ref[32];
        std::snprintf(ref, sizeof ref, "%s%06zu", refPrefix, i + 1);
        account.externalRef = ref;
        account.name = std::string(kNamePrefixes[r % 8]) + " " + std::to_string(i + 1) + " " +
                       kNameSuffixes[(r >> 8) % 4];
        const unsigned s = (r >> 16) % 20;
        account.status = s < 17 ? "active" : (s < 19 ? "suspended" : "closed");
        const unsigned plan = (r >> 24) % 4;
        account.plan = kPlans[plan];
        account.quotaFactor = kPlanFactor[plan];
        account.createdAtMs = kDataStartMs - static_cast<std::int64_t>((r >> 32) % 700) * kDayMs;
        tenant.accounts.push_back(std::move(account));
    }
}

/// A value in [0, n) from 32 bits of `r` rotated by `shift`: a multiply instead of a
/// division, since start() generates every record on the console's startup path.
std::uint32_t pick(std::uint64_t r, int shift, std::uint64_t n) {
    const std::uint64_t rotated = shift == 0 ? r : (r >> shift) | (r << (64 - shift));
    return static_cast<std::uint32_t>(((rotated & 0xFFFFFFFFULL) * n) >> 32);
}

/// Records spread evenly over the 30 days before the origin: record i falls in the i-th slice,
/// so the vector comes out sorted without a sort.
void addRecords(Tenant& tenant, std::size_t count, const MeterSpec* specs) {
    tenant.records.resize(count);
    const auto n = static_cast<std::int64_t>(std::max<std::size_t>(count, 1));
    const std::uint64_t accounts = tenant.accounts.size();
    const std::uint64_t meters = tenant.meters.size();

    // Slice k is [span*k/n, span*(k+1)/n), stepped without a division per record.
    const std::int64_t step = kDataSpanMs / n;
    const std::int64_t stepRest = kDataSpanMs % n;
    std::int64_t sliceStart = 0;
    std::int64_t carry = 0;
    for (std::size_t i = 0; i < count; ++i) {
        carry += stepRest;
        std::int64_t next = sliceStart + step;
        if (carry >= n) {
            carry -= n;
            ++next;
        }
        const std::int64_t sliceLength = std::max<std::int64_t>(1, next - sliceStart);

        const std::uint64_t r1 = mix(tenant.seed, i);
        const std::uint64_t r2 = mix(r1, 7);
        UsageRecord& record = tenant.records[i];
        record.occurredAtMs =
            kDataStartMs + sliceStart + pick(r1, 0, static_cast<std::uint64_t>(sliceLength));
        record.seq = static_cast<std::uint32_t>(i + 1);
        record.account = static_cast<std::uint16_t>(pick(r1, 32, accounts));
        record.meter = static_cast<std::uint8_t>(pick(r1, 16, meters));
        record.quantity = static_cast<double>(1 + pick(r2, 0, specs[record.meter].maxQuantity));
        record.commitDelayMs = 20 + pick(r2, 32, 1500);
        record.source = static_cast<std::uint8_t>((r2 >> 8) & 3);
        // One to three tags.
        record.tags = static_cast<std::uint16_t>(1u << pick(r2, 12, 10));
        if ((r2 >> 44) & 1)
            record.tags |= static_cast<std::uint16_t>(1u << pick(r2, 20, 10));
        if (((r2 >> 45) & 3) == 0)
            record.tags |= static_cast<std::uint16_t>(1u << pick(r2, 28, 10));
        record.note = pick(r2, 48, 6) == 0 ? static_cast<std::uint8_t>(1 + pick(r2, 40, 7)) : 0;
        record.region = static_cast<std::uint8_t>(pick(r1, 24, 6));
        sliceStart = next;
    }
    tenant.nextUsageSeq = static_cast<std::uint32_t>(count + 1);
}

void addDecisionsAndEvents(Tenant& tenant, std::size_t decisions, std::size_t events) {
    const auto spread = [](std::size_t i, std::size_t n, std::uint64_t r) {
        const std::int64_t slice = kDataSpanMs / static_cast<std::int64_t>(n);
        return kDataStartMs + slice * static_cast<std::int64_t>(i) +
               static_cast<std::int64_t>(r % static_cast<std::uint64_t>(slice));
    };
    for (std::size_t i = 0; i < decisions; ++i) {
        const std::uint64_t r = mix(tenant.seed ^ 0xD3C1, i);
        Decision d{};
        d.atMs = spread(i, decisions, r);
        d.seq = tenant.nextDecisionSeq++;
        d.account = static_cast<std::uint16_t>((r >> 20) % tenant.accounts.size());
        d.meter = static_cast<std::uint8_t>((r >> 36) % tenant.meters.size());
        d.allowed = (r >> 44) % 10 != 0;
        d.commit = (r >> 48) & 1;
        d.quantity = static_cast<double>(1 + (r >> 50) % 20);
        d.remaining = d.allowed ? static_cast<double>((r >> 8) % 500) : 0.0;
        tenant.decisions.push_back(d);
    }
    for (std::size_t i = 0; i < events; ++i) {
        const std::uint64_t r = mix(tenant.seed ^ 0xE7E7, i);
        LimitEvent e{};
        e.atMs = spread(i, events, r);
        e.seq = tenant.nextEventSeq++;
        e.account = static_cast<std::uint16_t>((r >> 20) % tenant.accounts.size());
        e.meter = static_cast<std::uint8_t>((r >> 36) % tenant.meters.size());
        e.type = static_cast<EventType>((r >> 44) % 3);
        tenant.events.push_back(e);
    }
}

std::unique_ptr<Tenant> makeTenant(const char* name, std::uint64_t seed, const MeterSpec* meters,
                                   std::size_t meterCount, std::size_t accounts,
                                   const char* refPrefix, std::size_t records,
                                   std::size_t decisions, std::size_t events) {
    auto tenant = std::make_unique<Tenant>();
    tenant->name = name;
    tenant->seed = mix(seed, tenant->name.size() * 131 + static_cast<unsigned char>(name[0]));
    addMeters(*tenant, meters, meterCount);
    addAccounts(*tenant, accounts, refPrefix);
    addRecords(*tenant, records, meters);
    addDecisionsAndEvents(*tenant, decisions, events);
    tenant->extraUsed.assign(tenant->accounts.size() * tenant->meters.size(), 0.0);
    return tenant;
}

} // namespace

std::unique_ptr<Tenant> generateDemoTenant(std::uint64_t seed, std::size_t records) {
    return makeTenant("demo", seed, kDemoMeters, 12, 500, "crm-", records, 2000, 500);
}

std::unique_ptr<Tenant> generateAcmeTenant(std::uint64_t seed) {
    return makeTenant("acme", seed, kAcmeMeters, 4, 50, "acme-", 2000, 200, 50);
}

} // namespace lr::sandbox
