#pragma once

// The history database: SQLite in WAL mode, owned by one thread of its own. Every write and
// query travels through a lock-free queue to that thread; answers come back to the UI thread
// through the UiInbox as values. Constructing the store never opens the database on the calling
// thread, so start-up does not wait for history however large it is.
//
// Failures are values: an unreadable or corrupt file is moved aside and a new one started, a
// write that fails (full disk, read-only directory) rolls back and is reported through
// onNotice; the console keeps working either way.

#include "core/HistoryTypes.hpp"
#include "core/UiInbox.hpp"

#include <concurrentqueue/blockingconcurrentqueue.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;

namespace lr {

/// Something the user should see in the status line; posted to the UI thread.
struct HistoryNotice {
    enum class Kind {
        Opened,    // the database is ready; `message` says how many calls it holds
        Recovered, // a broken file was moved aside and a new one started
        Changed,   // a call was stored, dropped by retention, or the history was cleared
        Error,     // something failed; earlier entries are untouched
    };
    Kind kind = Kind::Opened;
    std::string message;
};

struct HistoryStoreOptions {
    std::filesystem::path directory; // holds history.db; dataDir() when empty
    HistoryRetention retention;
    int busyTimeoutMs = 5000; // a second console holding the write lock waits this long
    /// Runs on the UI thread (through the inbox) for every notice.
    std::function<void(const HistoryNotice&)> onNotice;
    /// Test hook: when above 0, the database may not grow past this many pages, so writes
    /// fail as on a full disk (SQLITE_FULL from SQLite itself).
    std::int64_t maxPageCount = 0;
};

/// One answer to query(): the newest matching rows and how many there are.
struct HistoryPage {
    HistoryFilter filter;
    std::vector<HistorySummary> rows;   // newest first, at most filter.limit
    std::int64_t matching = 0;          // rows matching the filter
    std::int64_t total = 0;             // rows stored
    std::int64_t totalBytes = 0;        // stored bytes, as retention counts them
    std::vector<std::string> endpoints; // "METHOD /path" of every stored call, for the filter
    std::string error;                  // empty on success
};

class HistoryStore {
public:
    HistoryStore(UiInbox& inbox, HistoryStoreOptions options);
    ~HistoryStore(); // runs what is queued, closes the database, joins

    HistoryStore(const HistoryStore&) = delete;
    HistoryStore& operator=(const HistoryStore&) = delete;

    /// Thread-safe: the HTTP worker may call it directly. The entry must be redacted already
    /// (build it with makeHistoryEntry).
    void insert(HistoryEntry entry);
    /// Stores many entries in one transaction (imports, benchmarks).
    void insertBatch(std::vector<HistoryEntry> entries);

    using PageHandler = std::function<void(HistoryPage&&)>;
    using EntryHandler = std::function<void(std::optional<HistoryEntry>&&, const std::string&)>;
    using DoneHandler = std::function<void(const std::string& error)>;

    /// Handlers run on the UI thread.
    void query(HistoryFilter filter, PageHandler onPage);
    void get(std::int64_t id, EntryHandler onEntry);
    /// The n-th newest stored call, 1 being the newest.
    void getNewest(std::int64_t n, EntryHandler onEntry);
    void clear(DoneHandler onDone);
    void setRetention(HistoryRetention retention);

    [[nodiscard]] std::filesystem::path databasePath() const { return m_path; }

private:
    using Job = std::function<void()>;

    void run();
    void post(Job job) { m_jobs.enqueue(std::move(job)); }
    void notify(HistoryNotice::Kind kind, std::string message);

    // Store thread only.
    bool open();
    bool openFile(std::string& error, int& code);
    void closeDb();
    void recover(const std::string& why);
    bool exec(const char* sql, std::string& error, int* code = nullptr);
    bool writeEntries(std::vector<HistoryEntry>& entries, std::string& error, int& code);
    bool enforceRetention(std::string& error, int& code);
    void handleFailure(int code, const std::string& what, const std::string& error);
    HistoryPage runQuery(const HistoryFilter& filter);
    std::optional<HistoryEntry> readEntry(const char* sql, std::int64_t value, std::string& error);

    UiInbox& m_inbox;
    HistoryStoreOptions m_options;
    std::filesystem::path m_path;
    moodycamel::BlockingConcurrentQueue<Job> m_jobs;

    // Store thread only.
    sqlite3* m_db = nullptr;
    std::string m_openError;
    std::int64_t m_totalBytes = 0;
    std::int64_t m_totalRows = 0;

    std::thread m_thread; // last member: started once everything above exists
};

} // namespace lr
