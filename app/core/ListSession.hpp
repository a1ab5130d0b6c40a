#pragma once

// The list browser's model, owned by the UI thread: the table of the list being browsed, the
// view (rows after filter and sort), and the background work on it (ingest, queries, export).
// Every heavy step runs on a worker and comes back through the UiInbox; the UI thread only
// swaps finished values in.

#include "core/Commands.hpp"
#include "core/Http.hpp"
#include "core/PageFollower.hpp"
#include "core/UiInbox.hpp"
#include "core/table/Ingest.hpp"
#include "core/table/TableQuery.hpp"

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace lr {

class ScriptRunner;

enum class ListPhase { Empty, Ingesting, Ready, Failed };

class ListSession {
public:
    explicit ListSession(UiInbox& inbox);
    ~ListSession(); // cancels and joins its workers

    ListSession(const ListSession&) = delete;
    ListSession& operator=(const ListSession&) = delete;

    /// Parses `body` into a new table on a worker; `source` names it ("GET /v1/usage/export").
    /// `origin` is the request that fetched it: with it, a `nextCursor` can be followed.
    void open(SharedBody body, std::string source, std::optional<HttpRequest> origin = {},
              HttpLimits limits = {});
    /// Reads a file and opens it (script verb `open-list FILE`).
    void openFile(const std::string& path);

    /// Applies a list command; false when the command is not a list command.
    bool apply(const Command& command);

    void setSort(std::vector<SortKey> keys);
    void setFilter(std::string text);
    void cancelQuery() { m_engine.cancel(); }
    void exportView(std::string path, bool ndjson);
    void cancelExport();
    /// Follows `nextCursor` from the last page to the end, appending each page's rows.
    void loadAllPages();
    void cancelPages();

    // What the window draws.
    [[nodiscard]] ListPhase phase() const { return m_phase; }
    [[nodiscard]] const std::string& source() const { return m_source; }
    /// Counts open() calls: a new value means a new list.
    [[nodiscard]] std::uint64_t openGeneration() const { return m_openGeneration; }
    [[nodiscard]] const std::shared_ptr<const ColumnarTable>& table() const { return m_table; }
    [[nodiscard]] const TableView& view() const { return m_view; }
    [[nodiscard]] const TableQuery& wantedQuery() const { return m_wanted; }
    [[nodiscard]] const IngestError& error() const { return m_error; }
    [[nodiscard]] double ingestProgress() const { return m_ingestProgress.load(); }
    [[nodiscard]] bool queryRunning() const { return m_queryPending; }
    [[nodiscard]] double queryProgress() const { return m_engine.progress(); }
    [[nodiscard]] long long selectedRow() const { return m_selected; }
    [[nodiscard]] bool exporting() const { return m_exporting; }
    [[nodiscard]] double exportProgress() const { return m_exportProgress.load(); }
    [[nodiscard]] const std::string& exportStatus() const { return m_exportStatus; }
    /// True when the open list has a next page and the request that fetched it is known.
    [[nodiscard]] bool canLoadAllPages() const {
        return m_phase == ListPhase::Ready && m_origin && m_nextCursor && !m_follower;
    }
    [[nodiscard]] bool followingPages() const { return m_follower != nullptr; }
    /// Pages, rows and bytes the running walk has fetched (zero when none runs).
    [[nodiscard]] std::size_t pagesFetched() const { return m_follower ? m_follower->pages() : 0; }
    [[nodiscard]] std::uint64_t pageRowsFetched() const {
        return m_follower ? m_follower->rows() : 0;
    }
    [[nodiscard]] std::uint64_t pageBytesFetched() const {
        return m_follower ? m_follower->bytes() : 0;
    }
    /// "All 12 pages loaded" or "Stopped at page 5: HTTP 500 …; kept 4 pages (40,000 rows)".
    [[nodiscard]] const std::string& pagesStatus() const { return m_pagesStatus; }
    [[nodiscard]] bool pagesFailed() const { return m_pagesFailed; }
    /// True while anything runs in the background, for the script's wait-list.
    [[nodiscard]] bool busy() const {
        return m_phase == ListPhase::Ingesting || m_queryPending || m_exporting || m_follower;
    }

    /// Verbs: open-list [FILE], sort COLUMN asc|desc, filter TEXT, wait-list [SECONDS],
    /// load-all-pages, expect-rows N, expect-shown N, expect-sorted COLUMN asc|desc.
    /// `currentBody` gives the body of the last response for a bare `open-list`.
    void registerScriptVerbs(ScriptRunner& runner, CommandSink& sink,
                             std::function<SharedBody()> currentBody);

private:
    void submitQuery();
    void joinWorker(std::thread& worker);
    [[nodiscard]] bool queryActive() const {
        return !m_wanted.sort.empty() || !m_wanted.filter.empty();
    }
    void appendPage(PageFollower::Page&& page);
    void finishPages(PageFollower::Outcome&& outcome);
    /// True when `view` was computed on this list (maybe before its latest pages arrived).
    [[nodiscard]] bool sameList(const std::shared_ptr<const ColumnarTable>& table) const;

    UiInbox& m_inbox;
    ListPhase m_phase = ListPhase::Empty;
    std::string m_source;
    std::shared_ptr<const ColumnarTable> m_table;
    TableView m_view;
    TableQuery m_wanted;
    IngestError m_error;
    long long m_selected = -1;
    bool m_queryPending = false;
    std::uint64_t m_openGeneration = 0;

    std::shared_ptr<std::atomic<bool>> m_ingestCancel;
    std::atomic<double> m_ingestProgress{0.0};
    std::thread m_ingestThread;

    bool m_exporting = false;
    std::string m_exportStatus;
    std::shared_ptr<std::atomic<bool>> m_exportCancel;
    std::atomic<double> m_exportProgress{0.0};
    std::thread m_exportThread;

    std::optional<HttpRequest> m_origin; // what fetched the list, Authorization included
    HttpLimits m_limits;
    std::optional<std::string> m_nextCursor;
    std::string m_pagesStatus;
    bool m_pagesFailed = false;
    std::unique_ptr<PageFollower> m_follower;

    QueryEngine m_engine; // after the members its callback touches
};

/// Writes the view's rows as CSV (header of column names, RFC 4180 quoting) or NDJSON (each
/// row's JSON on one line). False with `error` set on failure or cancel.
bool exportRows(const ColumnarTable& table, const std::vector<std::uint32_t>& rows,
                const std::string& path, bool ndjson, const std::atomic<bool>& cancel,
                const std::function<void(double)>& progress, std::string& error);

} // namespace lr
