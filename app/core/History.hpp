#pragma once

// The UI thread's side of the history: it owns the HistoryStore, keeps the HistoryModel the
// History window draws up to date, and turns the History* commands into store jobs. Nothing
// here waits for the disk: every answer arrives later through the UiInbox.

#include "core/Commands.hpp"
#include "core/HistoryStore.hpp"
#include "core/UiInbox.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lr {

class ScriptRunner;

class History {
public:
    /// Starts the store (its thread opens the database) and asks for the first page.
    History(UiInbox& inbox, HistoryModel& model, HistoryStoreOptions options = {});
    ~History();

    History(const History&) = delete;
    History& operator=(const History&) = delete;

    /// Thread-safe; `entry` comes from makeHistoryEntry.
    void record(HistoryEntry entry);

    /// Handles HistoryQuery, HistoryOpen, HistoryClear and HistorySetRetention; false for any
    /// other command.
    bool apply(const Command& command);

    /// Runs on the UI thread with a reopened call: fill the Request and Response windows.
    void setOnReopen(std::function<void(HistoryEntry&&)> onReopen);
    /// Runs on the UI thread with a line for the status bar (errors and recoveries).
    void setOnStatus(std::function<void(const std::string&)> onStatus);

    /// history-open N (1 = newest) and wait-history COUNT [SECONDS].
    void registerScriptVerbs(ScriptRunner& runner, CommandSink& sink);

    HistoryStore& store() { return *m_store; }
    [[nodiscard]] const HistoryModel& model() const { return m_model; }

private:
    void onNotice(const HistoryNotice& notice);
    void runQuery(HistoryFilter filter);
    void open(const cmd::HistoryOpen& command);
    void status(const std::string& line);

    HistoryModel& m_model;
    std::function<void(HistoryEntry&&)> m_onReopen;
    std::function<void(const std::string&)> m_onStatus;

    // Handlers queued in the inbox check this before touching `this`.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
    bool m_stale = false; // something changed while a query was on its way

    struct OpenRequest {
        std::uint64_t sequence = 0;
        bool done = true;
        std::string error;
    };
    OpenRequest m_open;

    std::unique_ptr<HistoryStore> m_store; // last member: joined first on destruction
};

} // namespace lr
