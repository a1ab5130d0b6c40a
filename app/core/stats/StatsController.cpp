#include "core/stats/StatsController.hpp"

#include "core/Log.hpp"
#include "core/Paths.hpp"
#include "core/Script.hpp"
#include "core/Url.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>

namespace lr::stats {
namespace {

std::string rateText(double rate) {
    return rate > 0 ? std::to_string(int(rate)) + " req/s" : "no rate cap";
}

/// "GET /v1/accounts" as one quoted word or two words.
bool splitEndpoint(const std::vector<std::string>& args, std::string& method, std::string& path,
                   std::size_t& next) {
    const auto space = args[0].find(' ');
    if (space != std::string::npos) {
        method = args[0].substr(0, space);
        path = args[0].substr(space + 1);
        next = 1;
    } else {
        if (args.size() < 2)
            return false;
        method = args[0];
        path = args[1];
        next = 2;
    }
    return !method.empty() && !path.empty() && path[0] == '/';
}

} // namespace

StatsController::StatsController(UiInbox& inbox, StatsHooks hooks)
    : m_inbox(inbox), m_hooks(std::move(hooks)),
      m_runner([this] { m_inbox.post([this] { pump(); }); }) {}

StatsController::~StatsController() {
    if (m_export.joinable())
        m_export.join();
}

bool StatsController::apply(const Command& command) {
    if (const auto* start = std::get_if<cmd::StartRepeat>(&command)) {
        onStartRepeat(*start);
    } else if (std::holds_alternative<cmd::CancelRepeat>(command)) {
        m_runner.cancel();
        m_pending.reset();
    } else if (std::holds_alternative<cmd::DismissRepeatConfirmation>(command)) {
        m_pending.reset();
        m_message = "Run not started.";
    } else if (const auto* reset = std::get_if<cmd::ResetStats>(&command)) {
        if (reset->all)
            m_book.reset();
        else
            m_book.reset({reset->environment, reset->method, reset->path});
    } else if (const auto* exportCsv = std::get_if<cmd::ExportStatsCsv>(&command)) {
        onExport(*exportCsv);
    } else {
        return false;
    }
    return true;
}

void StatsController::recordCall(const EndpointKey& key, const HttpResponse& response,
                                 double sentAtSeconds) {
    if (response.error == TransportError::Cancelled)
        return; // the user stopped it: no timing to learn from
    if (sentAtSeconds < 0) {
        const double now =
            std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
                .count();
        sentAtSeconds = now - response.timings.durationMs / 1000.0;
    }
    m_book.record(key, sampleOf(response, sentAtSeconds));
    // Kept like a runner call, so its timeline mark reopens it (the body is shared, not copied;
    // the Response window holds it as well, so nothing large is freed here).
    m_book.retain(std::make_shared<const HttpResponse>(response), response.jobId);
}

void StatsController::pump() {
    m_runner.drainInto(m_book);
}

std::optional<EndpointKey> StatsController::currentKey() const {
    return m_hooks.currentKey ? m_hooks.currentKey() : std::nullopt;
}

void StatsController::onStartRepeat(const cmd::StartRepeat& command) {
    // 1. The request exactly as Send would build it, token included.
    std::string why = "no request is selected";
    std::optional<RepeatTarget> target =
        m_hooks.currentRequest ? m_hooks.currentRequest(why) : std::nullopt;
    if (!target) {
        m_message = "Cannot repeat: " + why;
        ++m_startRefusals;
        return;
    }

    // 2. A remote host gets a confirmation with N, C and the rate before anything goes out.
    if (RepeatRunner::needsConfirmation(target->request) && !command.remoteConfirmed) {
        Url url;
        std::string error;
        parseUrl(target->request.url, url, error);
        m_pending =
            PendingConfirmation{url.host, target->key.label() + " on " + target->key.environment,
                                command.total, command.concurrency, command.rateCap};
        m_message = "Waiting for confirmation to run against " + url.host + ".";
        return;
    }
    m_pending.reset();

    // 3. Start.
    RunPlan plan;
    plan.key = std::move(target->key);
    plan.request = std::move(target->request);
    plan.limits = target->limits;
    plan.total = command.total;
    plan.concurrency = command.concurrency;
    plan.rateCap = command.rateCap;
    plan.remoteConfirmed = command.remoteConfirmed;
    const std::string error = m_runner.start(std::move(plan));
    if (!error.empty()) {
        m_message = "Cannot repeat: " + error;
        ++m_startRefusals;
        return;
    }
    ++m_runsStarted;
    m_message = "Repeating " + m_runner.plan().key.label() + " " + std::to_string(command.total) +
                " times at concurrency " + std::to_string(command.concurrency) + ", " +
                rateText(command.rateCap) + ".";
}

void StatsController::onExport(const cmd::ExportStatsCsv& command) {
    // The file is written off the UI thread; the result comes back through the inbox.
    std::string path = command.path;
    if (path.empty()) {
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
        path = (dataDir() / ("stats-" + std::to_string(seconds) + ".csv")).string();
    }
    if (m_export.joinable())
        m_export.join();
    m_message = "Exporting statistics to " + path + "…";
    m_export = std::thread([this, path, csv = m_book.toCsv()] {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << csv;
        out.close();
        const bool ok = bool(out);
        logInfo("ui", (ok ? "exported statistics to " : "could not write statistics to ") + path);
        m_inbox.post([this, ok, path] {
            m_message =
                ok ? "Exported statistics to " + path : "Could not write statistics to " + path;
        });
    });
}

void StatsController::registerScriptVerbs(ScriptRunner& runner, CommandSink& sink) {
    runner.registerVerb(
        {"repeat", 2, 3, "repeat N C [RATE]",
         [](const std::vector<std::string>& args) {
             std::string error =
                 expectInt(args, 0, RepeatRunner::kMinTotal, RepeatRunner::kMaxTotal);
             if (error.empty())
                 error = expectInt(args, 1, RepeatRunner::kMinConcurrency,
                                   RepeatRunner::kMaxConcurrency);
             if (error.empty() && args.size() == 3)
                 error = expectInt(args, 2, 0, static_cast<long long>(RepeatRunner::kMaxRateCap));
             return error;
         },
         [this, &sink](StepContext& step) {
             // Remember the counters at the first call; the command is applied before the next.
             if (step.calls == 0) {
                 m_scriptRunsSeen = m_runsStarted;
                 m_scriptRefusalsSeen = m_startRefusals;
                 sink.push(cmd::StartRepeat{
                     int(std::stoll(step.args[0])), int(std::stoll(step.args[1])),
                     step.args.size() == 3 ? std::stod(step.args[2]) : 0.0, false});
                 return StepResult::Pending;
             }
             if (m_runsStarted > m_scriptRunsSeen)
                 return StepResult::Done;
             if (m_pending) {
                 step.error = "the run targets " + m_pending->host +
                              ", not loopback; a script does not confirm remote runs";
                 m_pending.reset();
                 return StepResult::Failed;
             }
             if (m_startRefusals > m_scriptRefusalsSeen) {
                 step.error = m_message;
                 return StepResult::Failed;
             }
             if (step.secondsWaited > 5) {
                 step.error = "the run did not start";
                 return StepResult::Failed;
             }
             return StepResult::Pending;
         }});

    runner.registerVerb({"wait-idle", 0, 1, "wait-idle [SECONDS]",
                         [](const std::vector<std::string>& args) {
                             return args.empty() ? std::string() : expectInt(args, 0, 1, 3600);
                         },
                         [this](StepContext& step) {
                             const bool othersIdle =
                                 !m_hooks.otherWorkIdle || m_hooks.otherWorkIdle();
                             if (!m_runner.busy() && othersIdle)
                                 return StepResult::Done;
                             const double limit = step.args.empty() ? 600 : std::stod(step.args[0]);
                             if (step.secondsWaited > limit) {
                                 step.error =
                                     "still busy after " + std::to_string(int(limit)) + " s (" +
                                     std::to_string(m_runner.progress().completed) + " calls done)";
                                 return StepResult::Failed;
                             }
                             return StepResult::Pending;
                         }});

    runner.registerVerb(
        {"expect-stat", 3, 4, "expect-stat \"METHOD PATH\" count|successes|errors N",
         [](const std::vector<std::string>& args) {
             std::string method, path;
             std::size_t next = 0;
             if (!splitEndpoint(args, method, path, next) || args.size() != next + 2)
                 return std::string("want an endpoint (GET /v1/accounts), a field and a number");
             const std::string& field = args[next];
             if (field != "count" && field != "successes" && field != "errors")
                 return "'" + field + "' is not count, successes or errors";
             return expectInt(args, next + 1, 0, 1LL << 53);
         },
         [this](StepContext& step) {
             std::string method, path;
             std::size_t next = 0;
             splitEndpoint(step.args, method, path, next);
             const std::string& field = step.args[next];
             const auto expected = std::uint64_t(std::stoll(step.args[next + 1]));

             // The current environment's row; with none selected, every environment's.
             const std::optional<EndpointKey> current = currentKey();
             std::uint64_t actual = 0;
             for (const auto& [key, stats] : m_book.endpoints()) {
                 if (key.method != method || key.path != path)
                     continue;
                 if (current && key.environment != current->environment)
                     continue;
                 actual += field == "count"       ? stats.count()
                           : field == "successes" ? stats.successes()
                                                  : stats.errors();
             }
             if (actual == expected)
                 return StepResult::Done;
             step.error = method + " " + path + " " + field + " is " + std::to_string(actual) +
                          ", expected " + std::to_string(expected);
             return StepResult::Failed;
         }});
}

} // namespace lr::stats
