#include "core/ListSession.hpp"

#include "core/Log.hpp"
#include "core/Paths.hpp"
#include "core/Script.hpp"

#include <cstdio>
#include <memory>

namespace lr {

ListSession::ListSession(UiInbox& inbox)
    : m_inbox(inbox), m_engine(inbox, [this](QueryEngine::Outcome&& outcome) {
          // UI thread. Only the newest query's answer counts; older ones were superseded.
          if (outcome.generation != m_engine.latestGeneration())
              return;
          m_queryPending = false;
          if (outcome.cancelled || !sameList(outcome.view.table))
              return;
          const bool stale = outcome.view.table != m_table;
          m_view = std::move(outcome.view);
          // Pages arrived while it ran: the view covers the rows up to then; catch up.
          if (stale)
              submitQuery();
      }) {}

ListSession::~ListSession() {
    m_follower.reset(); // cancels the read in flight and joins
    if (m_ingestCancel)
        m_ingestCancel->store(true);
    if (m_exportCancel)
        m_exportCancel->store(true);
    joinWorker(m_ingestThread);
    joinWorker(m_exportThread);
}

void ListSession::joinWorker(std::thread& worker) {
    if (worker.joinable())
        worker.join();
}

bool ListSession::sameList(const std::shared_ptr<const ColumnarTable>& table) const {
    // A list only grows by appending pages, so it shares its first segment with every earlier
    // state of itself.
    if (!table || !m_table || table->segmentCount() == 0 ||
        table->segmentCount() > m_table->segmentCount())
        return false;
    return &table->segment(0) == &m_table->segment(0);
}

void ListSession::open(SharedBody body, std::string source, std::optional<HttpRequest> origin,
                       HttpLimits limits) {
    // A newer list replaces the one being parsed or paged; the old work stops within a page.
    m_follower.reset();
    m_pagesStatus.clear();
    m_pagesFailed = false;
    m_origin = std::move(origin);
    m_limits = limits;
    m_nextCursor.reset();
    if (m_ingestCancel)
        m_ingestCancel->store(true);
    joinWorker(m_ingestThread);

    const std::uint64_t generation = ++m_openGeneration;
    m_phase = ListPhase::Ingesting;
    m_source = std::move(source);
    m_error = {};
    m_selected = -1;
    m_ingestProgress = 0.0;
    m_ingestCancel = std::make_shared<std::atomic<bool>>(false);
    m_ingestThread =
        std::thread([this, body = std::move(body), cancel = m_ingestCancel, generation] {
            TableIngest ingest =
                ingestTable(body, cancel.get(), [this](double f) { m_ingestProgress = f; });
            if (ingest.detail.cancelled)
                return;
            m_inbox.post([this, generation, ingest = std::move(ingest)]() mutable {
                if (generation != m_openGeneration)
                    return;
                if (!ingest.table) {
                    m_phase = ListPhase::Failed;
                    m_error = ingest.detail.error;
                    logWarn("json", "list not opened: " + m_error.message + " at byte " +
                                        std::to_string(m_error.byteOffset));
                    return;
                }
                logInfo("json", "list of " + std::to_string(ingest.table->rowCount()) + " rows, " +
                                    std::to_string(ingest.table->columnCount()) + " columns in " +
                                    std::to_string(ingest.detail.seconds) + " s");
                m_table = std::move(ingest.table);
                m_nextCursor = ingest.detail.nextCursor;
                if (m_nextCursor && m_nextCursor->empty())
                    m_nextCursor.reset();
                m_phase = ListPhase::Ready;
                m_view = TableView{};
                m_view.table = m_table;
                m_view.rows.resize(m_table->rowCount());
                for (std::size_t i = 0; i < m_view.rows.size(); ++i)
                    m_view.rows[i] = std::uint32_t(i);
                if (!m_wanted.sort.empty() || !m_wanted.filter.empty()) {
                    // Column indices of the old table mean nothing in the new one.
                    m_wanted.sort.clear();
                    submitQuery();
                }
            });
        });
}

void ListSession::openFile(const std::string& path) {
    std::string text;
    std::string error;
    if (!readFile(path, text, error)) {
        m_phase = ListPhase::Failed;
        m_error = {"Could not read " + path + ": " + error, 0};
        return;
    }
    open(std::make_shared<const Body>(text), path);
}

bool ListSession::apply(const Command& command) {
    return std::visit(
        [this](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, cmd::ListSort>) {
                std::vector<SortKey> keys;
                for (const auto& [column, ascending] : c.keys)
                    keys.push_back({column, ascending});
                setSort(std::move(keys));
            } else if constexpr (std::is_same_v<T, cmd::ListFilter>) {
                setFilter(c.text);
            } else if constexpr (std::is_same_v<T, cmd::ListCancelQuery>) {
                cancelQuery();
            } else if constexpr (std::is_same_v<T, cmd::ListExport>) {
                exportView(c.path, c.ndjson);
            } else if constexpr (std::is_same_v<T, cmd::ListCancelExport>) {
                cancelExport();
            } else if constexpr (std::is_same_v<T, cmd::ListSelectRow>) {
                m_selected = c.row;
            } else if constexpr (std::is_same_v<T, cmd::ListLoadAllPages>) {
                loadAllPages();
            } else if constexpr (std::is_same_v<T, cmd::ListCancelPages>) {
                cancelPages();
            } else {
                return false;
            }
            return true;
        },
        command);
}

void ListSession::setSort(std::vector<SortKey> keys) {
    m_wanted.sort = std::move(keys);
    submitQuery();
}

void ListSession::setFilter(std::string text) {
    m_wanted.filter = std::move(text);
    submitQuery();
}

void ListSession::submitQuery() {
    if (!m_table)
        return;
    m_queryPending = true;
    m_engine.submit(m_table, m_wanted);
}

void ListSession::loadAllPages() {
    if (!canLoadAllPages())
        return;
    const std::uint64_t generation = m_openGeneration;
    m_pagesStatus.clear();
    m_pagesFailed = false;
    m_follower = std::make_unique<PageFollower>(
        *m_origin, *m_nextCursor, m_limits,
        [this, generation](PageFollower::Page&& page) {
            m_inbox.post([this, generation, page = std::move(page)]() mutable {
                if (generation == m_openGeneration)
                    appendPage(std::move(page));
            });
        },
        [this, generation](PageFollower::Outcome&& outcome) {
            m_inbox.post([this, generation, outcome = std::move(outcome)]() mutable {
                if (generation == m_openGeneration)
                    finishPages(std::move(outcome));
            });
        });
}

void ListSession::cancelPages() {
    if (m_follower)
        m_follower->cancel();
}

void ListSession::appendPage(PageFollower::Page&& page) {
    const std::size_t first = m_table->rowCount();
    m_table = m_table->withSegment(std::move(page.segment));
    m_nextCursor = std::move(page.nextCursor); // a later walk resumes after this page

    // Without a sort or filter the new rows simply follow; otherwise the engine recomputes
    // (one query at a time: the answer of a running one asks for the next).
    if (!queryActive() && !m_queryPending && m_view.table && m_view.query == TableQuery{}) {
        m_view.table = m_table;
        m_view.rows.reserve(m_table->rowCount());
        for (std::size_t i = first; i < m_table->rowCount(); ++i)
            m_view.rows.push_back(std::uint32_t(i));
    } else if (!m_queryPending) {
        submitQuery();
    }
}

void ListSession::finishPages(PageFollower::Outcome&& outcome) {
    m_follower.reset();
    auto rows = [](std::uint64_t n) {
        std::string digits = std::to_string(n);
        for (int i = int(digits.size()) - 3; i > 0; i -= 3)
            digits.insert(std::size_t(i), ",");
        return digits;
    };
    const std::string kept = std::to_string(outcome.pages) + " more page" +
                             (outcome.pages == 1 ? "" : "s") + " (" + rows(outcome.rows) + " rows)";
    if (outcome.complete) {
        m_pagesStatus = "All pages loaded: " + kept + " after the first; " +
                        rows(m_table->rowCount()) + " rows in all.";
    } else if (outcome.cancelled) {
        m_pagesStatus = "Cancelled; kept " + kept + ".";
    } else {
        m_pagesFailed = true;
        m_pagesStatus = "Stopped at " + outcome.error + "; kept " + kept + ".";
    }
}

void ListSession::exportView(std::string path, bool ndjson) {
    if (!m_table || m_exporting)
        return;
    joinWorker(m_exportThread);
    m_exporting = true;
    m_exportProgress = 0.0;
    m_exportStatus = "Exporting " + std::to_string(m_view.rows.size()) + " rows to " + path;
    m_exportCancel = std::make_shared<std::atomic<bool>>(false);
    m_exportThread = std::thread([this, table = m_view.table, rows = m_view.rows,
                                  path = std::move(path), ndjson, cancel = m_exportCancel] {
        std::string error;
        const bool ok = exportRows(
            *table, rows, path, ndjson, *cancel, [this](double f) { m_exportProgress = f; }, error);
        std::string status = ok ? "Exported " + std::to_string(rows.size()) + " rows to " + path
                                : "Export stopped: " + error;
        m_inbox.post([this, status = std::move(status)] {
            m_exporting = false;
            m_exportStatus = status;
        });
    });
}

void ListSession::cancelExport() {
    if (m_exportCancel)
        m_exportCancel->store(true);
}

namespace {

void appendCsvField(std::string& out, std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(text);
        return;
    }
    out.push_back('"');
    for (char c : text) {
        if (c == '"')
            out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

} // namespace

bool exportRows(const ColumnarTable& table, const std::vector<std::uint32_t>& rows,
                const std::string& path, bool ndjson, const std::atomic<bool>& cancel,
                const std::function<void(double)>& progress, std::string& error) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "wb"),
                                                         &std::fclose);
    if (!file) {
        error = "cannot write " + path;
        return false;
    }

    std::string buffer;
    auto flush = [&] {
        const bool ok = std::fwrite(buffer.data(), 1, buffer.size(), file.get()) == buffer.size();
        buffer.clear();
        return ok;
    };
    if (!ndjson) {
        for (std::size_t c = 0; c < table.columnCount(); ++c) {
            if (c)
                buffer.push_back(',');
            appendCsvField(buffer, table.columnName(c));
        }
        buffer += "\r\n";
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (ndjson) {
            buffer += compactJson(table.rowJson(rows[i]));
            buffer.push_back('\n');
        } else {
            for (std::size_t c = 0; c < table.columnCount(); ++c) {
                if (c)
                    buffer.push_back(',');
                appendCsvField(buffer, table.displayText(rows[i], c));
            }
            buffer += "\r\n";
        }
        if (buffer.size() > (1u << 20)) {
            if (!flush()) {
                error = "write to " + path + " failed";
                return false;
            }
            if (cancel.load()) {
                error = "cancelled after " + std::to_string(i + 1) + " rows";
                return false;
            }
            if (progress)
                progress(double(i + 1) / double(rows.size()));
        }
    }
    if (!flush() || std::fflush(file.get()) != 0) {
        error = "write to " + path + " failed";
        return false;
    }
    if (progress)
        progress(1.0);
    return true;
}

void ListSession::registerScriptVerbs(ScriptRunner& runner, CommandSink& sink,
                                      std::function<SharedBody()> currentBody) {
    runner.registerVerb(
        {"open-list", 0, 1, "open-list [FILE]", nullptr, [this, currentBody](StepContext& step) {
             if (!step.args.empty()) {
                 openFile(step.args[0]);
                 return StepResult::Done;
             }
             SharedBody body = currentBody ? currentBody() : nullptr;
             if (!body) {
                 step.error = "there is no response body to open";
                 return StepResult::Failed;
             }
             open(std::move(body), "last response");
             return StepResult::Done;
         }});
    runner.registerVerb(
        {"sort", 2, 2, "sort COLUMN asc|desc",
         [](const std::vector<std::string>& args) {
             return args[1] == "asc" || args[1] == "desc" ? std::string()
                                                          : "'" + args[1] + "' is not asc or desc";
         },
         [this, &sink](StepContext& step) {
             const int column = m_table ? m_table->findColumn(step.args[0]) : -1;
             if (column < 0) {
                 step.error = "no column '" + step.args[0] + "' in the list";
                 return StepResult::Failed;
             }
             sink.push(cmd::ListSort{{{std::size_t(column), step.args[1] == "asc"}}});
             return StepResult::Done;
         }});
    runner.registerVerb({"filter", 0, 1, "filter [TEXT]", nullptr, [&sink](StepContext& step) {
                             sink.push(cmd::ListFilter{step.args.empty() ? "" : step.args[0]});
                             return StepResult::Done;
                         }});
    runner.registerVerb({"export-list", 1, 1, "export-list PATH (.csv, or .ndjson)", nullptr,
                         [this, &sink](StepContext& step) {
                             if (!m_table) {
                                 step.error = "no list is open";
                                 return StepResult::Failed;
                             }
                             const std::string& path = step.args[0];
                             const bool ndjson = path.size() > 7 &&
                                                 path.compare(path.size() - 7, 7, ".ndjson") == 0;
                             sink.push(cmd::ListExport{path, ndjson});
                             return StepResult::Done;
                         }});
    runner.registerVerb(
        {"load-all-pages", 0, 0, "load-all-pages", nullptr, [this, &sink](StepContext& step) {
             if (!canLoadAllPages()) {
                 step.error = m_phase != ListPhase::Ready
                                  ? "no list is open"
                                  : "the open list has no next page to follow";
                 return StepResult::Failed;
             }
             sink.push(cmd::ListLoadAllPages{});
             return StepResult::Done;
         }});
    auto expectCount = [this](bool shown) {
        return [this, shown](StepContext& step) {
            const std::size_t expected = std::stoull(step.args[0]);
            const std::size_t actual =
                !m_table ? 0 : (shown ? m_view.rows.size() : m_table->rowCount());
            if (m_phase == ListPhase::Ready && actual == expected)
                return StepResult::Done;
            step.error = "expected " + step.args[0] + (shown ? " rows shown" : " rows") +
                         ", the list has " + std::to_string(actual) +
                         (m_pagesStatus.empty() ? "" : " (" + m_pagesStatus + ")");
            return StepResult::Failed;
        };
    };
    auto countArgs = [](const std::vector<std::string>& args) {
        return expectInt(args, 0, 0, 100'000'000);
    };
    runner.registerVerb(
        {"expect-rows", 1, 1, "expect-rows N (rows in the list)", countArgs, expectCount(false)});
    runner.registerVerb({"expect-shown", 1, 1, "expect-shown N (rows after the filter)", countArgs,
                         expectCount(true)});
    runner.registerVerb(
        {"expect-sorted", 2, 2, "expect-sorted COLUMN asc|desc",
         [](const std::vector<std::string>& args) {
             return args[1] == "asc" || args[1] == "desc" ? std::string()
                                                          : "'" + args[1] + "' is not asc or desc";
         },
         [this](StepContext& step) {
             const int column = m_table ? m_table->findColumn(step.args[0]) : -1;
             const auto& keys = m_view.query.sort;
             if (column < 0 || keys.empty() || keys[0].column != std::size_t(column) ||
                 keys[0].ascending != (step.args[1] == "asc")) {
                 step.error = "the view is not sorted by " + step.args[0] + " " + step.args[1];
                 return StepResult::Failed;
             }
             // Every neighbouring pair in order: the check a reader makes by scrolling.
             const int sign = step.args[1] == "asc" ? 1 : -1;
             const ColumnarTable& table = *m_view.table;
             for (std::size_t i = 1; i < m_view.rows.size(); ++i) {
                 const int c = compareCells(table.cell(m_view.rows[i - 1], std::size_t(column)),
                                            table.cell(m_view.rows[i], std::size_t(column)));
                 if (c * sign > 0) {
                     step.error = "rows " + std::to_string(i - 1) + " and " + std::to_string(i) +
                                  " are out of order";
                     return StepResult::Failed;
                 }
             }
             return StepResult::Done;
         }});
    runner.registerVerb({"wait-list", 0, 1, "wait-list [SECONDS]",
                         [](const std::vector<std::string>& args) {
                             return args.empty() ? std::string() : expectInt(args, 0, 1, 3600);
                         },
                         [this](StepContext& step) {
                             // The command of the previous line is applied after this frame's
                             // script tick.
                             if (step.calls == 0)
                                 return StepResult::Pending;
                             if (m_phase == ListPhase::Failed) {
                                 step.error = "the list did not open: " + m_error.message;
                                 return StepResult::Failed;
                             }
                             if (!busy())
                                 return StepResult::Done;
                             const double limit = step.args.empty() ? 60 : std::stod(step.args[0]);
                             if (step.secondsWaited > limit) {
                                 step.error = "the list is still busy after the timeout";
                                 return StepResult::Failed;
                             }
                             return StepResult::Pending;
                         }});
}

} // namespace lr
