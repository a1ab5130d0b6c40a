#pragma once

// What the list browser shows of a table: the rows that pass a filter, in sort order. The
// order is a permutation of row indices computed off the UI thread by QueryEngine; a newer
// query supersedes the one running, and a cancelled query leaves the shown order alone.

#include "core/UiInbox.hpp"
#include "core/table/ColumnarTable.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace lr {

struct SortKey {
    std::size_t column = 0;
    bool ascending = true;
};

struct TableQuery {
    std::vector<SortKey> sort; // first key first; empty keeps the body's order
    std::string filter;        // "text" over all columns, or "column:text"

    bool operator==(const TableQuery& other) const;
};

/// The filter split into an optional column and a lower-case needle. `column:text` names a
/// column only when such a column exists; otherwise the whole text is the needle.
struct ParsedFilter {
    int column = -1;
    std::string needle;
};
ParsedFilter parseFilter(const ColumnarTable& table, const std::string& filter);

/// Sort order of cells: missing < null < false < true < numbers < text; text bytewise.
int compareCells(const CellValue& a, const CellValue& b);

/// Computes the rows to show. False when cancelled (then `out` is unspecified).
bool computeView(const ColumnarTable& table, const TableQuery& query,
                 const std::atomic<bool>& cancel, const std::function<void(double)>& progress,
                 std::vector<std::uint32_t>& out);

struct TableView {
    std::shared_ptr<const ColumnarTable> table;
    TableQuery query;
    std::vector<std::uint32_t> rows; // indices into the table, in display order
    std::uint64_t generation = 0;
    double seconds = 0.0;
};

class QueryEngine {
public:
    struct Outcome {
        std::uint64_t generation = 0;
        bool cancelled = false;
        TableView view; // valid when not cancelled
    };
    using Done = std::function<void(Outcome&&)>;

    /// `done` runs on the UI thread, through `inbox`, once per submitted query.
    QueryEngine(UiInbox& inbox, Done done);
    ~QueryEngine();
    QueryEngine(const QueryEngine&) = delete;
    QueryEngine& operator=(const QueryEngine&) = delete;

    /// Queues a query; the one running is cancelled and the one waiting dropped. Returns the
    /// new query's generation.
    std::uint64_t submit(std::shared_ptr<const ColumnarTable> table, TableQuery query);
    /// Cancels what is running or waiting.
    void cancel();

    [[nodiscard]] bool busy() const { return m_busy.load(); }
    [[nodiscard]] double progress() const { return m_progress.load(); }
    [[nodiscard]] std::uint64_t latestGeneration() const { return m_generation.load(); }

private:
    struct Job {
        std::uint64_t generation = 0;
        std::shared_ptr<const ColumnarTable> table;
        TableQuery query;
    };
    void run();

    UiInbox& m_inbox;
    Done m_done;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::optional<Job> m_pending;
    std::shared_ptr<std::atomic<bool>> m_currentCancel;
    bool m_stopping = false;
    std::atomic<bool> m_busy{false};
    std::atomic<double> m_progress{0.0};
    std::atomic<std::uint64_t> m_generation{0};
    std::thread m_thread; // last: started after everything above exists
};

} // namespace lr
