// GET /v1/usage/export: every record of the window in one answer, streamed chunk by chunk so
// a million records never sit in memory as one string.

#include "sandbox/Generator.hpp"
#include "sandbox/Internal.hpp"

namespace lr::sandbox {
namespace {

constexpr std::size_t kChunkBytes = 256 * 1024;

/// What one export carries across the provider's calls. The committed records are copied
/// at the start, so commits during a long download neither block it nor shift it.
struct ExportState {
    ExportState(const Tenant& t, std::vector<CommittedUsage> c, const UsageFilter& f)
        : tenant(t), committed(std::move(c)), scan(tenant, committed, f) {}

    const Tenant& tenant;
    std::vector<CommittedUsage> committed;
    UsageScan scan;
    std::string chunk;
    bool opened = false;
    bool first = true;
};

void exportUsage(Context& context, const httplib::Request& req, httplib::Response& res,
                 const Tenant& tenant) {
    UsageFilter filter;
    if (!readWindow(req, res, filter.fromMs, filter.toMs) ||
        !readAccountFilter(req, res, tenant, filter.account) ||
        !readMeterFilter(req, res, tenant, filter.meter))
        return;

    std::vector<CommittedUsage> committed;
    {
        std::shared_lock lock(tenant.mutex);
        committed = tenant.committed;
    }
    auto state = std::make_shared<ExportState>(tenant, std::move(committed), filter);

    res.status = 200;
    res.set_chunked_content_provider("application/json; charset=utf-8",
                                     [&context, state](std::size_t, httplib::DataSink& sink) {
                                         // A stopping server ends the download rather than waiting
                                         // for it.
                                         if (context.stopping.load())
                                             return false;
                                         ExportState& s = *state;
                                         s.chunk.clear();
                                         if (!s.opened) {
                                             s.chunk.append(kExportOpen);
                                             s.opened = true;
                                         }
                                         UsageItem item;
                                         bool done = false;
                                         while (s.chunk.size() < kChunkBytes) {
                                             if (!s.scan.next(item)) {
                                                 done = true;
                                                 break;
                                             }
                                             if (!s.first)
                                                 s.chunk.push_back(',');
                                             s.first = false;
                                             appendUsageJson(s.chunk, s.tenant, item);
                                         }
                                         if (done)
                                             s.chunk.append(kExportClose);
                                         if (!sink.write(s.chunk.data(), s.chunk.size()))
                                             return false;
                                         if (done)
                                             sink.done();
                                         return true;
                                     });
}

} // namespace

void addExportRoutes(Context& context, httplib::Server& http) {
    http.Get("/v1/usage/export", [&context](const httplib::Request& req, httplib::Response& res) {
        Caller caller;
        if (authorize(context, req, res, kScopeUsageRead, caller))
            exportUsage(context, req, res, *caller.tenant);
    });
}

} // namespace lr::sandbox
