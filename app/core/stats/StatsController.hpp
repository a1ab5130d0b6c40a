#pragma once

// The UI thread's owner of the statistics and the repeat runner. The Controller forwards the
// stats commands here, reports every single call it makes, and supplies the "current request"
// (ready to send, token included) through StatsHooks. Runner results arrive through the
// UiInbox: a worker posts one pump task per batch, so no frame-loop change is needed to drain.

#include "core/Commands.hpp"
#include "core/UiInbox.hpp"
#include "core/stats/RepeatRunner.hpp"
#include "core/stats/StatsBook.hpp"

#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace lr {
class ScriptRunner;
}

namespace lr::stats {

/// What the runner repeats: the request exactly as Send would send it.
struct RepeatTarget {
    EndpointKey key;     // environment name, method, path template
    HttpRequest request; // absolute URL, headers with Authorization, body
    HttpLimits limits;
};

struct StatsHooks {
    /// The selected endpoint's request as Send would build it; nullopt with a reason in
    /// `why` when it cannot be built (no endpoint selected, no token, a required field empty).
    std::function<std::optional<RepeatTarget>(std::string& why)> currentRequest;
    /// The selected endpoint's key, cheap enough for every frame (the Stats window's label).
    std::function<std::optional<EndpointKey>()> currentKey;
    /// True when nothing else is in flight (no Send pending); wait-idle waits for it too.
    std::function<bool()> otherWorkIdle;
};

/// A run waiting for the user's confirmation because it targets a non-loopback host.
struct PendingConfirmation {
    std::string host;
    std::string label; // "GET /v1/accounts on Production"
    int total = 0;
    int concurrency = 0;
    double rateCap = 0;
};

class StatsController {
public:
    StatsController(UiInbox& inbox, StatsHooks hooks);
    ~StatsController(); // cancels the run and joins; waits for a CSV export to finish

    StatsController(const StatsController&) = delete;
    StatsController& operator=(const StatsController&) = delete;

    /// Applies StartRepeat, CancelRepeat, DismissRepeatConfirmation, ResetStats and
    /// ExportStatsCsv; false for any other command (OpenCall is the Controller's).
    bool apply(const Command& command);

    /// A single call the Controller made (Send), on the UI thread when its result arrives.
    /// `sentAtSeconds` is on the steady clock the runner uses; by default it is derived from
    /// now and the call's duration.
    void recordCall(const EndpointKey& key, const HttpResponse& response,
                    double sentAtSeconds = -1);

    /// Drains the runner into the book. The inbox calls it; headless callers may too.
    void pump();

    /// True while a run goes on: the frame loop must keep drawing.
    [[nodiscard]] bool animating() const { return m_runner.busy(); }

    [[nodiscard]] const StatsBook& book() const { return m_book; }
    [[nodiscard]] const RepeatRunner& runner() const { return m_runner; }
    [[nodiscard]] const std::optional<PendingConfirmation>& pendingConfirmation() const {
        return m_pending;
    }
    [[nodiscard]] std::optional<EndpointKey> currentKey() const;
    /// The last thing worth telling the user ("Exported …", "Cannot repeat: …").
    [[nodiscard]] const std::string& message() const { return m_message; }

    /// repeat N C [RATE], wait-idle [SECONDS], expect-stat ENDPOINT count|successes|errors N.
    void registerScriptVerbs(ScriptRunner& runner, CommandSink& sink);

private:
    void onStartRepeat(const cmd::StartRepeat& command);
    void onExport(const cmd::ExportStatsCsv& command);

    UiInbox& m_inbox;
    StatsHooks m_hooks;
    StatsBook m_book;
    std::optional<PendingConfirmation> m_pending;
    std::string m_message;
    std::uint64_t m_runsStarted = 0;
    std::uint64_t m_startRefusals = 0;
    std::uint64_t m_scriptRunsSeen = 0; // the counters when a `repeat` step pushed its command
    std::uint64_t m_scriptRefusalsSeen = 0;
    std::thread m_export;
    RepeatRunner m_runner; // last: its threads stop before anything above goes away
};

} // namespace lr::stats
