#include "core/HistoryStore.hpp"

#include "core/Log.hpp"
#include "core/Paths.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <system_error>
#include <thread>

namespace lr {
namespace fs = std::filesystem;

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS calls(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time_ms INTEGER NOT NULL,
    environment TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    url TEXT NOT NULL,
    request TEXT NOT NULL,
    status INTEGER NOT NULL,
    error TEXT NOT NULL,
    queued_ms REAL NOT NULL,
    connect_ms REAL NOT NULL,
    first_byte_ms REAL NOT NULL,
    download_ms REAL NOT NULL,
    parse_ms REAL NOT NULL,
    duration_ms REAL NOT NULL,
    response_headers TEXT NOT NULL,
    body BLOB NOT NULL,
    body_size INTEGER NOT NULL,
    bytes INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS calls_endpoint ON calls(method, path);
)sql";

constexpr const char* kEntryColumns =
    "id, time_ms, environment, method, path, url, request, status, error, queued_ms, "
    "connect_ms, first_byte_ms, download_ms, parse_ms, duration_ms, response_headers, body, "
    "body_size";

bool isCorruption(int code) {
    const int primary = code & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

// A prepared statement that finalizes itself.
class Statement {
public:
    Statement(sqlite3* db, const std::string& sql) {
        m_rc = sqlite3_prepare_v2(db, sql.c_str(), int(sql.size()), &m_stmt, nullptr);
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    [[nodiscard]] bool ok() const { return m_rc == SQLITE_OK; }
    [[nodiscard]] int prepareCode() const { return m_rc; }
    sqlite3_stmt* get() { return m_stmt; }

    void text(int index, const std::string& value) {
        sqlite3_bind_text(m_stmt, index, value.data(), int(value.size()), SQLITE_TRANSIENT);
    }
    void blob(int index, const std::string& value) {
        sqlite3_bind_blob(m_stmt, index, value.data(), int(value.size()), SQLITE_TRANSIENT);
    }
    void integer(int index, std::int64_t value) { sqlite3_bind_int64(m_stmt, index, value); }
    void real(int index, double value) { sqlite3_bind_double(m_stmt, index, value); }

    std::string columnText(int column) {
        const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
        const int size = sqlite3_column_bytes(m_stmt, column);
        return data ? std::string(data, std::size_t(size)) : std::string();
    }

private:
    sqlite3_stmt* m_stmt = nullptr;
    int m_rc = SQLITE_OK;
};

// Header values cannot hold CR or LF (the HTTP layer refuses them), so lines are enough.
std::string encodeHeaders(const HeaderList& headers) {
    std::string out;
    for (const Header& header : headers) {
        out += header.name;
        out += ": ";
        out += header.value;
        out += '\n';
    }
    return out;
}

HeaderList decodeHeaders(const std::string& text) {
    HeaderList headers;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        const std::string line = text.substr(start, end - start);
        const std::size_t colon = line.find(": ");
        if (colon != std::string::npos)
            headers.push_back({line.substr(0, colon), line.substr(colon + 2)});
        start = end + 1;
    }
    return headers;
}

std::int64_t storedBytes(const HistoryEntry& entry) {
    std::int64_t bytes = 0;
    for (const Header& header : entry.responseHeaders)
        bytes += std::int64_t(header.name.size() + header.value.size() + 3);
    return bytes + std::int64_t(entry.url.size() + entry.requestJson.size() + entry.body.size() +
                                entry.error.size() + entry.environment.size() +
                                entry.method.size() + entry.pathTemplate.size());
}

std::string likePattern(const std::string& text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            pattern.push_back('\\');
        pattern.push_back(c);
    }
    pattern.push_back('%');
    return pattern;
}

std::string timestampForFileName() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%d-%H%M%S", &local);
    return buffer;
}

} // namespace

HistoryStore::HistoryStore(UiInbox& inbox, HistoryStoreOptions options)
    : m_inbox(inbox), m_options(std::move(options)) {
    if (m_options.directory.empty())
        m_options.directory = dataDir();
    m_path = m_options.directory / "history.db";
    m_thread = std::thread([this] { run(); });
}

HistoryStore::~HistoryStore() {
    post(nullptr); // an empty job is the stop mark
    m_thread.join();
}

void HistoryStore::run() {
    open();

    for (;;) {
        Job job;
        m_jobs.wait_dequeue(job);
        if (!job)
            break;
        job();
    }

    // Another thread may have queued a last write just before the stop mark; keep it.
    Job late;
    while (m_jobs.try_dequeue(late))
        if (late)
            late();
    closeDb();
}

void HistoryStore::notify(HistoryNotice::Kind kind, std::string message) {
    if (kind == HistoryNotice::Kind::Error)
        logError("history", message);
    else if (kind != HistoryNotice::Kind::Changed)
        logInfo("history", message);
    if (!m_options.onNotice)
        return;
    m_inbox.post([handler = m_options.onNotice, notice = HistoryNotice{kind, std::move(message)}] {
        handler(notice);
    });
}

bool HistoryStore::exec(const char* sql, std::string& error, int* code) {
    char* message = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &message);
    if (code)
        *code = rc;
    if (rc == SQLITE_OK)
        return true;
    error = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return false;
}

bool HistoryStore::openFile(std::string& error, int& code) {
    code =
        sqlite3_open_v2(m_path.c_str(), &m_db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (code != SQLITE_OK) {
        error = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(code);
        closeDb();
        return false;
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, m_options.busyTimeoutMs);

    // WAL lets a second console read while this one writes; NORMAL sync is safe with WAL.
    // secure_delete overwrites what retention and Clear history remove.
    if (!exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;", error,
              &code) ||
        !exec(kSchema, error, &code))
        return false;
    if (m_options.maxPageCount > 0) {
        const std::string pragma =
            "PRAGMA max_page_count=" + std::to_string(m_options.maxPageCount) + ";";
        exec(pragma.c_str(), error, &code);
    }

    Statement totals(m_db, "SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM calls");
    if (!totals.ok() || sqlite3_step(totals.get()) != SQLITE_ROW) {
        code = sqlite3_extended_errcode(m_db);
        error = sqlite3_errmsg(m_db);
        return false;
    }
    m_totalRows = sqlite3_column_int64(totals.get(), 0);
    m_totalBytes = sqlite3_column_int64(totals.get(), 1);
    return true;
}

bool HistoryStore::open() {
    std::error_code ec;
    fs::create_directories(m_options.directory, ec);

    // A second console creating or switching the same file to WAL at this very moment makes
    // SQLite answer BUSY without calling the busy handler; wait for it like the handler would.
    std::string error;
    int code = SQLITE_OK;
    const auto giveUp =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(m_options.busyTimeoutMs);
    bool opened = openFile(error, code);
    while (!opened && ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED) &&
           std::chrono::steady_clock::now() < giveUp) {
        closeDb();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        opened = openFile(error, code);
    }
    if (opened) {
        notify(HistoryNotice::Kind::Opened,
               "History: " + std::to_string(m_totalRows) + " calls in " + m_path.string());
        return true;
    }
    if (isCorruption(code)) {
        recover(error);
        return m_db != nullptr;
    }
    closeDb();
    m_openError = "History is not saved: cannot open " + m_path.string() + ": " + error;
    notify(HistoryNotice::Kind::Error, m_openError);
    return false;
}

void HistoryStore::closeDb() {
    if (m_db)
        sqlite3_close_v2(m_db);
    m_db = nullptr;
}

void HistoryStore::recover(const std::string& why) {
    closeDb();

    // Keep the broken file for the user to inspect; its -wal and -shm belong with it.
    const fs::path aside = m_path.string() + ".corrupt-" + timestampForFileName();
    std::error_code ec;
    fs::rename(m_path, aside, ec);
    if (ec) {
        m_openError = "History is not saved: " + m_path.string() + " is unreadable (" + why +
                      ") and cannot be moved aside: " + ec.message();
        notify(HistoryNotice::Kind::Error, m_openError);
        return;
    }
    for (const char* suffix : {"-wal", "-shm"}) {
        std::error_code ignored;
        fs::rename(m_path.string() + suffix, aside.string() + suffix, ignored);
    }

    std::string error;
    int code = SQLITE_OK;
    if (!openFile(error, code)) {
        closeDb();
        m_openError = "History is not saved: cannot start a new database: " + error;
        notify(HistoryNotice::Kind::Error, m_openError);
        return;
    }
    m_openError.clear();
    notify(HistoryNotice::Kind::Recovered, "The history database was unreadable (" + why +
                                               "); it was moved to " + aside.string() +
                                               " and a new one started.");
}

void HistoryStore::handleFailure(int code, const std::string& what, const std::string& error) {
    notify(HistoryNotice::Kind::Error, what + ": " + error);
    if (isCorruption(code))
        recover(error);
}

bool HistoryStore::writeEntries(std::vector<HistoryEntry>& entries, std::string& error, int& code) {
    // One transaction: either every entry is stored, or none and nothing earlier changes.
    if (!exec("BEGIN IMMEDIATE", error, &code))
        return false;

    Statement insert(m_db, "INSERT INTO calls(time_ms, environment, method, path, url, request, "
                           "status, error, queued_ms, connect_ms, first_byte_ms, download_ms, "
                           "parse_ms, duration_ms, response_headers, body, body_size, bytes) "
                           "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    const std::int64_t rowsBefore = m_totalRows;
    const std::int64_t bytesBefore = m_totalBytes;
    bool ok = insert.ok();
    for (std::size_t i = 0; ok && i < entries.size(); ++i) {
        const HistoryEntry& e = entries[i];
        const std::int64_t bytes = storedBytes(e);
        sqlite3_reset(insert.get());
        insert.integer(1, e.timeUnixMs);
        insert.text(2, e.environment);
        insert.text(3, e.method);
        insert.text(4, e.pathTemplate);
        insert.text(5, e.url);
        insert.text(6, e.requestJson);
        insert.integer(7, e.status);
        insert.text(8, e.error);
        insert.real(9, e.timings.queuedMs);
        insert.real(10, e.timings.connectMs);
        insert.real(11, e.timings.firstByteMs);
        insert.real(12, e.timings.downloadMs);
        insert.real(13, e.timings.parseMs);
        insert.real(14, e.timings.durationMs);
        insert.text(15, encodeHeaders(e.responseHeaders));
        insert.blob(16, e.body);
        insert.integer(17, std::int64_t(e.bodySize));
        insert.integer(18, bytes);
        ok = sqlite3_step(insert.get()) == SQLITE_DONE;
        if (ok) {
            m_totalRows += 1;
            m_totalBytes += bytes;
        }
    }
    if (!ok) {
        code = sqlite3_extended_errcode(m_db);
        error = sqlite3_errmsg(m_db);
    }
    if (ok && enforceRetention(error, code) && exec("COMMIT", error, &code))
        return true;

    std::string ignored;
    exec("ROLLBACK", ignored);
    m_totalRows = rowsBefore;
    m_totalBytes = bytesBefore;
    return false;
}

bool HistoryStore::enforceRetention(std::string& error, int& code) {
    const HistoryRetention& keep = m_options.retention;
    std::int64_t lastDropped = 0;

    // 1. By count: everything older than the newest maxEntries.
    if (keep.maxEntries > 0 && m_totalRows > keep.maxEntries) {
        Statement s(m_db, "SELECT id FROM calls ORDER BY id DESC LIMIT 1 OFFSET ?");
        s.integer(1, keep.maxEntries);
        if (s.ok() && sqlite3_step(s.get()) == SQLITE_ROW)
            lastDropped = sqlite3_column_int64(s.get(), 0);
    }

    // 2. By size: the oldest rows until the rest fits.
    if (keep.maxBytes > 0 && m_totalBytes > keep.maxBytes) {
        Statement s(m_db, "SELECT id, bytes FROM calls ORDER BY id ASC");
        std::int64_t freed = 0;
        const std::int64_t excess = m_totalBytes - keep.maxBytes;
        while (s.ok() && freed < excess && sqlite3_step(s.get()) == SQLITE_ROW) {
            freed += sqlite3_column_int64(s.get(), 1);
            lastDropped = std::max<std::int64_t>(lastDropped, sqlite3_column_int64(s.get(), 0));
        }
    }
    if (lastDropped == 0)
        return true;

    Statement sum(m_db, "SELECT COUNT(*), COALESCE(SUM(bytes), 0) FROM calls WHERE id <= ?");
    sum.integer(1, lastDropped);
    Statement drop(m_db, "DELETE FROM calls WHERE id <= ?");
    drop.integer(1, lastDropped);
    if (!sum.ok() || sqlite3_step(sum.get()) != SQLITE_ROW || !drop.ok() ||
        sqlite3_step(drop.get()) != SQLITE_DONE) {
        code = sqlite3_extended_errcode(m_db);
        error = sqlite3_errmsg(m_db);
        return false;
    }
    m_totalRows -= sqlite3_column_int64(sum.get(), 0);
    m_totalBytes -= sqlite3_column_int64(sum.get(), 1);
    return true;
}

void HistoryStore::insert(HistoryEntry entry) {
    std::vector<HistoryEntry> one;
    one.push_back(std::move(entry));
    insertBatch(std::move(one));
}

void HistoryStore::insertBatch(std::vector<HistoryEntry> entries) {
    post([this, entries = std::move(entries)]() mutable {
        if (!m_db) {
            notify(HistoryNotice::Kind::Error, m_openError);
            return;
        }
        std::string error;
        int code = SQLITE_OK;
        if (!writeEntries(entries, error, code)) {
            handleFailure(code, "History not saved", error);
            return;
        }
        notify(HistoryNotice::Kind::Changed, {});
    });
}

void HistoryStore::setRetention(HistoryRetention retention) {
    post([this, retention] {
        m_options.retention = retention;
        if (!m_db)
            return;
        std::string error;
        int code = SQLITE_OK;
        if (!exec("BEGIN IMMEDIATE", error, &code)) {
            handleFailure(code, "History retention not applied", error);
            return;
        }
        const std::int64_t rows = m_totalRows;
        const std::int64_t bytes = m_totalBytes;
        if (enforceRetention(error, code) && exec("COMMIT", error, &code)) {
            notify(HistoryNotice::Kind::Changed, {});
            return;
        }
        std::string ignored;
        exec("ROLLBACK", ignored);
        m_totalRows = rows;
        m_totalBytes = bytes;
        handleFailure(code, "History retention not applied", error);
    });
}

HistoryPage HistoryStore::runQuery(const HistoryFilter& filter) {
    HistoryPage page;
    page.filter = filter;
    page.total = m_totalRows;
    page.totalBytes = m_totalBytes;

    // 1. The WHERE clause, with every value bound rather than spliced in.
    std::string where;
    auto add = [&where](const char* condition) {
        where += where.empty() ? " WHERE " : " AND ";
        where += condition;
    };
    std::string method;
    std::string path;
    if (!filter.endpoint.empty()) {
        const std::size_t space = filter.endpoint.find(' ');
        method = filter.endpoint.substr(0, space);
        path = space == std::string::npos ? "" : filter.endpoint.substr(space + 1);
        add("method = ?1 AND path = ?2");
    }
    switch (filter.status) {
    case StatusFilter::Any:
        break;
    case StatusFilter::Success2xx:
        add("status BETWEEN 200 AND 299");
        break;
    case StatusFilter::Redirect3xx:
        add("status BETWEEN 300 AND 399");
        break;
    case StatusFilter::Client4xx:
        add("status BETWEEN 400 AND 499");
        break;
    case StatusFilter::Server5xx:
        add("status BETWEEN 500 AND 599");
        break;
    case StatusFilter::Failed:
        add("status = 0");
        break;
    case StatusFilter::Exact:
        add("status = ?3");
        break;
    }
    const std::string pattern = likePattern(filter.text);
    if (!filter.text.empty())
        add("(url LIKE ?4 ESCAPE '\\' OR request LIKE ?4 ESCAPE '\\' OR error LIKE ?4 ESCAPE "
            "'\\' OR CAST(body AS TEXT) LIKE ?4 ESCAPE '\\')");
    auto bind = [&](Statement& s) {
        if (!filter.endpoint.empty()) {
            s.text(1, method);
            s.text(2, path);
        }
        if (filter.status == StatusFilter::Exact)
            s.integer(3, filter.exactStatus);
        if (!filter.text.empty())
            s.text(4, pattern);
    };

    // 2. The newest rows, then how many match in all.
    Statement rows(m_db, "SELECT id, time_ms, environment, method, path, status, error != '', "
                         "duration_ms, body_size FROM calls" +
                             where + " ORDER BY id DESC LIMIT ?5");
    if (!rows.ok()) {
        page.error = sqlite3_errmsg(m_db);
        return page;
    }
    bind(rows);
    rows.integer(5, std::int64_t(filter.limit));
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(rows.get())) == SQLITE_ROW) {
        HistorySummary row;
        row.id = sqlite3_column_int64(rows.get(), 0);
        row.timeUnixMs = sqlite3_column_int64(rows.get(), 1);
        row.environment = rows.columnText(2);
        row.method = rows.columnText(3);
        row.pathTemplate = rows.columnText(4);
        row.status = sqlite3_column_int(rows.get(), 5);
        row.failed = sqlite3_column_int(rows.get(), 6) != 0;
        row.durationMs = sqlite3_column_double(rows.get(), 7);
        row.bodySize = std::uint64_t(sqlite3_column_int64(rows.get(), 8));
        page.rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
        page.error = sqlite3_errmsg(m_db);
        if (isCorruption(sqlite3_extended_errcode(m_db)))
            recover(page.error);
        return page;
    }

    Statement count(m_db, "SELECT COUNT(*) FROM calls" + where);
    bind(count);
    if (count.ok() && sqlite3_step(count.get()) == SQLITE_ROW)
        page.matching = sqlite3_column_int64(count.get(), 0);

    // 3. The endpoints for the filter's combo; the index answers without reading rows.
    Statement endpoints(m_db, "SELECT DISTINCT method, path FROM calls ORDER BY path, method");
    while (endpoints.ok() && sqlite3_step(endpoints.get()) == SQLITE_ROW)
        page.endpoints.push_back(endpoints.columnText(0) + " " + endpoints.columnText(1));
    return page;
}

void HistoryStore::query(HistoryFilter filter, PageHandler onPage) {
    post([this, filter = std::move(filter), onPage = std::move(onPage)] {
        HistoryPage page;
        if (m_db) {
            page = runQuery(filter);
        } else {
            page.filter = filter;
            page.error = m_openError;
        }
        m_inbox.post([onPage, page = std::move(page)]() mutable { onPage(std::move(page)); });
    });
}

std::optional<HistoryEntry> HistoryStore::readEntry(const char* sql, std::int64_t value,
                                                    std::string& error) {
    Statement s(m_db, std::string("SELECT ") + kEntryColumns + " FROM calls " + sql);
    if (!s.ok()) {
        error = sqlite3_errmsg(m_db);
        return std::nullopt;
    }
    s.integer(1, value);
    const int rc = sqlite3_step(s.get());
    if (rc != SQLITE_ROW) {
        if (rc != SQLITE_DONE)
            error = sqlite3_errmsg(m_db);
        return std::nullopt;
    }
    HistoryEntry e;
    e.id = sqlite3_column_int64(s.get(), 0);
    e.timeUnixMs = sqlite3_column_int64(s.get(), 1);
    e.environment = s.columnText(2);
    e.method = s.columnText(3);
    e.pathTemplate = s.columnText(4);
    e.url = s.columnText(5);
    e.requestJson = s.columnText(6);
    e.status = sqlite3_column_int(s.get(), 7);
    e.error = s.columnText(8);
    e.timings.queuedMs = sqlite3_column_double(s.get(), 9);
    e.timings.connectMs = sqlite3_column_double(s.get(), 10);
    e.timings.firstByteMs = sqlite3_column_double(s.get(), 11);
    e.timings.downloadMs = sqlite3_column_double(s.get(), 12);
    e.timings.parseMs = sqlite3_column_double(s.get(), 13);
    e.timings.durationMs = sqlite3_column_double(s.get(), 14);
    e.responseHeaders = decodeHeaders(s.columnText(15));
    e.body = s.columnText(16);
    e.bodySize = std::uint64_t(sqlite3_column_int64(s.get(), 17));
    return e;
}

void HistoryStore::get(std::int64_t id, EntryHandler onEntry) {
    post([this, id, onEntry = std::move(onEntry)] {
        std::string error = m_db ? "" : m_openError;
        std::optional<HistoryEntry> entry;
        if (m_db)
            entry = readEntry("WHERE id = ?1", id, error);
        if (!entry && error.empty())
            error = "no stored call with id " + std::to_string(id);
        m_inbox.post([onEntry, entry = std::move(entry), error]() mutable {
            onEntry(std::move(entry), error);
        });
    });
}

void HistoryStore::getNewest(std::int64_t n, EntryHandler onEntry) {
    post([this, n, onEntry = std::move(onEntry)] {
        std::string error = m_db ? "" : m_openError;
        std::optional<HistoryEntry> entry;
        if (m_db && n >= 1)
            entry = readEntry("ORDER BY id DESC LIMIT 1 OFFSET ?1", n - 1, error);
        if (!entry && error.empty())
            error = "history holds " + std::to_string(m_totalRows) + " call(s), not " +
                    std::to_string(n);
        m_inbox.post([onEntry, entry = std::move(entry), error]() mutable {
            onEntry(std::move(entry), error);
        });
    });
}

void HistoryStore::clear(DoneHandler onDone) {
    post([this, onDone = std::move(onDone)] {
        std::string error = m_db ? "" : m_openError;
        int code = SQLITE_OK;
        // secure_delete zeroes the freed pages; the checkpoint and VACUUM shrink the files so
        // nothing of the cleared calls lingers in the WAL or at the end of the database.
        if (m_db && exec("DELETE FROM calls", error, &code)) {
            m_totalRows = 0;
            m_totalBytes = 0;
            std::string ignored;
            exec("PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);",
                 ignored);
            notify(HistoryNotice::Kind::Changed, {});
        } else if (m_db) {
            handleFailure(code, "History not cleared", error);
        }
        if (onDone)
            m_inbox.post([onDone, error] { onDone(error); });
    });
}

} // namespace lr
