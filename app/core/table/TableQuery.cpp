#include "core/table/TableQuery.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>

namespace lr {
namespace {

char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

bool containsIgnoreCase(std::string_view hay, std::string_view needle) {
    if (needle.empty())
        return true;
    if (hay.size() < needle.size())
        return false;
    const char first = needle[0];
    const std::size_t last = hay.size() - needle.size();
    for (std::size_t i = 0; i <= last; ++i) {
        if (lowerAscii(hay[i]) != first)
            continue;
        std::size_t k = 1;
        while (k < needle.size() && lowerAscii(hay[i + k]) == needle[k])
            ++k;
        if (k == needle.size())
            return true;
    }
    return false;
}

bool cellMatches(const CellValue& cell, std::string_view needle) {
    switch (cell.kind) {
    case CellKind::Missing:
        return false;
    case CellKind::Null:
        return containsIgnoreCase("null", needle);
    case CellKind::False:
        return containsIgnoreCase("false", needle);
    case CellKind::True:
        return containsIgnoreCase("true", needle);
    case CellKind::Number:
        return containsIgnoreCase(formatNumber(cell.number), needle);
    default:
        return containsIgnoreCase(cell.text, needle);
    }
}

int rankOf(CellKind kind) {
    switch (kind) {
    case CellKind::Missing:
        return 0;
    case CellKind::Null:
        return 1;
    case CellKind::False:
        return 2;
    case CellKind::True:
        return 3;
    case CellKind::Number:
        return 4;
    default:
        return 5;
    }
}

constexpr int kTextRank = 5;
constexpr int kNumberRank = 4;

/// One sort key's values for every row, read once so comparisons touch flat arrays.
struct PreparedKey {
    bool ascending = true;
    std::vector<std::uint8_t> rank;
    std::vector<double> number;
    std::vector<std::string_view> text;
};

PreparedKey prepareKey(const ColumnarTable& table, const SortKey& key) {
    PreparedKey prepared;
    prepared.ascending = key.ascending;
    const std::size_t rows = table.rowCount();
    prepared.rank.assign(rows, 0);
    prepared.number.assign(rows, 0.0);
    prepared.text.assign(rows, {});
    for (std::size_t s = 0; s < table.segmentCount(); ++s) {
        const int local = table.localColumn(s, key.column);
        if (local < 0)
            continue;
        const TableSegment& segment = table.segment(s);
        const std::size_t first = table.segmentFirstRow(s);
        for (std::size_t r = 0; r < segment.rowCount(); ++r) {
            const CellValue cell = segment.cell(r, std::size_t(local));
            prepared.rank[first + r] = std::uint8_t(rankOf(cell.kind));
            prepared.number[first + r] = cell.number;
            prepared.text[first + r] = cell.text;
        }
    }
    return prepared;
}

int compareText(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    const int c = n ? std::memcmp(a.data(), b.data(), n) : 0;
    if (c != 0)
        return c < 0 ? -1 : 1;
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

int comparePrepared(const PreparedKey& key, std::uint32_t a, std::uint32_t b) {
    int c = 0;
    if (key.rank[a] != key.rank[b]) {
        c = key.rank[a] < key.rank[b] ? -1 : 1;
    } else if (key.rank[a] == kNumberRank) {
        c = key.number[a] < key.number[b] ? -1 : (key.number[a] > key.number[b] ? 1 : 0);
    } else if (key.rank[a] == kTextRank) {
        c = compareText(key.text[a], key.text[b]);
    }
    return key.ascending ? c : -c;
}

/// The primary key as one integer per row, so most comparisons never leave the entry: text
/// contributes 8 bytes after the prefix every value shares (ids like "usg_000123").
struct Entry {
    std::uint64_t key;
    std::uint32_t row;
    std::uint8_t rank;
};

std::uint64_t orderedBits(double value) {
    std::uint64_t bits;
    std::memcpy(&bits, &value, sizeof bits);
    return (bits & (std::uint64_t(1) << 63)) ? ~bits : bits | (std::uint64_t(1) << 63);
}

std::uint64_t textPrefix(std::string_view text, std::size_t skip) {
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        const std::size_t at = skip + i;
        key = (key << 8) | (at < text.size() ? std::uint8_t(text[at]) : 0);
    }
    return key;
}

bool sortRows(const ColumnarTable& table, const std::vector<SortKey>& sort,
              const std::atomic<bool>& cancel, const std::function<void(double)>& progress,
              std::vector<std::uint32_t>& rows) {
    // 1. Read every key's values once.
    std::vector<PreparedKey> keys;
    for (const SortKey& key : sort) {
        if (key.column >= table.columnCount())
            continue;
        keys.push_back(prepareKey(table, key));
        if (cancel.load())
            return false;
    }
    if (keys.empty())
        return true;
    if (progress)
        progress(0.2);

    // 2. Entries carry the primary key; text skips the prefix all values share.
    const PreparedKey& primary = keys.front();
    std::size_t common = std::string_view::npos;
    std::string_view reference;
    for (std::uint32_t row : rows) {
        if (primary.rank[row] != kTextRank)
            continue;
        const std::string_view text = primary.text[row];
        if (common == std::string_view::npos) {
            reference = text;
            common = text.size();
            continue;
        }
        std::size_t k = 0;
        const std::size_t limit = std::min(common, text.size());
        while (k < limit && text[k] == reference[k])
            ++k;
        common = k;
    }
    if (common == std::string_view::npos)
        common = 0;

    std::vector<Entry> entries(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::uint32_t row = rows[i];
        std::uint64_t key = 0;
        if (primary.rank[row] == kNumberRank)
            key = orderedBits(primary.number[row]);
        else if (primary.rank[row] == kTextRank)
            key = textPrefix(primary.text[row], common);
        entries[i] = {key, row, primary.rank[row]};
    }

    const bool ascending = primary.ascending;
    auto less = [&](const Entry& a, const Entry& b) {
        if (a.rank != b.rank)
            return ascending ? a.rank < b.rank : a.rank > b.rank;
        if (a.key != b.key)
            return ascending ? a.key < b.key : a.key > b.key;
        if (a.rank == kTextRank) {
            const std::string_view ta = primary.text[a.row];
            const std::string_view tb = primary.text[b.row];
            const std::size_t skip = common + 8;
            const int c = compareText(ta.size() > skip ? ta.substr(skip) : std::string_view(),
                                      tb.size() > skip ? tb.substr(skip) : std::string_view());
            if (c != 0)
                return ascending ? c < 0 : c > 0;
        }
        for (std::size_t k = 1; k < keys.size(); ++k) {
            const int c = comparePrepared(keys[k], a.row, b.row);
            if (c != 0)
                return c < 0;
        }
        return a.row < b.row; // stable: equal rows keep the body's order
    };

    // 3. Sort blocks, then merge them pairwise, checking for cancellation in between.
    constexpr std::size_t kBlock = 1 << 16;
    const std::size_t n = entries.size();
    const std::size_t blocks = (n + kBlock - 1) / kBlock;
    for (std::size_t b = 0; b < blocks; ++b) {
        if (cancel.load())
            return false;
        std::sort(entries.begin() + std::ptrdiff_t(b * kBlock),
                  entries.begin() + std::ptrdiff_t(std::min(n, (b + 1) * kBlock)), less);
        if (progress)
            progress(0.2 + 0.5 * double(b + 1) / double(blocks));
    }
    std::vector<Entry> buffer(n);
    for (std::size_t width = kBlock; width < n; width *= 2) {
        for (std::size_t lo = 0; lo < n; lo += 2 * width) {
            if (cancel.load())
                return false;
            const std::size_t mid = std::min(n, lo + width);
            const std::size_t hi = std::min(n, lo + 2 * width);
            std::merge(entries.begin() + std::ptrdiff_t(lo), entries.begin() + std::ptrdiff_t(mid),
                       entries.begin() + std::ptrdiff_t(mid), entries.begin() + std::ptrdiff_t(hi),
                       buffer.begin() + std::ptrdiff_t(lo), less);
        }
        entries.swap(buffer);
        if (progress)
            progress(std::min(0.95, 0.7 + 0.25 * double(width) / double(n)));
    }

    for (std::size_t i = 0; i < n; ++i)
        rows[i] = entries[i].row;
    return true;
}

} // namespace

bool TableQuery::operator==(const TableQuery& other) const {
    if (filter != other.filter || sort.size() != other.sort.size())
        return false;
    for (std::size_t i = 0; i < sort.size(); ++i)
        if (sort[i].column != other.sort[i].column || sort[i].ascending != other.sort[i].ascending)
            return false;
    return true;
}

ParsedFilter parseFilter(const ColumnarTable& table, const std::string& filter) {
    ParsedFilter parsed;
    std::string text = filter;
    const std::size_t colon = filter.find(':');
    if (colon != std::string::npos && colon > 0) {
        const int column = table.findColumn(std::string_view(filter).substr(0, colon));
        if (column >= 0) {
            parsed.column = column;
            text = filter.substr(colon + 1);
        }
    }
    for (char& c : text)
        c = lowerAscii(c);
    parsed.needle = std::move(text);
    return parsed;
}

int compareCells(const CellValue& a, const CellValue& b) {
    const int ra = rankOf(a.kind);
    const int rb = rankOf(b.kind);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    if (ra == kNumberRank)
        return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
    if (ra == kTextRank)
        return compareText(a.text, b.text);
    return 0;
}

bool computeView(const ColumnarTable& table, const TableQuery& query,
                 const std::atomic<bool>& cancel, const std::function<void(double)>& progress,
                 std::vector<std::uint32_t>& out) {
    out.clear();
    const std::size_t rowCount = table.rowCount();
    const ParsedFilter filter = parseFilter(table, query.filter);
    const bool filtering = !filter.needle.empty();
    const double filterShare = query.sort.empty() ? 1.0 : 0.3;

    // 1. Filter, segment by segment, so each segment's columns are looked up once.
    out.reserve(rowCount);
    for (std::size_t s = 0; s < table.segmentCount(); ++s) {
        const TableSegment& segment = table.segment(s);
        const std::size_t first = table.segmentFirstRow(s);
        std::vector<std::size_t> columns;
        if (filtering) {
            for (std::size_t c = 0; c < table.columnCount(); ++c) {
                if (filter.column >= 0 && int(c) != filter.column)
                    continue;
                const int local = table.localColumn(s, c);
                if (local >= 0)
                    columns.push_back(std::size_t(local));
            }
        }
        for (std::size_t r = 0; r < segment.rowCount(); ++r) {
            if ((r & 0x3FFF) == 0 && r > 0) {
                if (cancel.load())
                    return false;
                if (progress && filtering)
                    progress(filterShare * double(first + r) / double(rowCount));
            }
            bool keep = !filtering;
            for (std::size_t k = 0; !keep && k < columns.size(); ++k)
                keep = cellMatches(segment.cell(r, columns[k]), filter.needle);
            if (keep)
                out.push_back(std::uint32_t(first + r));
        }
    }
    if (cancel.load())
        return false;

    // 2. Sort what passed, reporting the rest of the progress.
    if (query.sort.empty())
        return true;
    auto sortProgress = [&](double f) {
        if (progress)
            progress(filterShare + (1.0 - filterShare) * f);
    };
    return sortRows(table, query.sort, cancel, sortProgress, out);
}

// ---------------------------------------------------------------------------------------------
// QueryEngine

QueryEngine::QueryEngine(UiInbox& inbox, Done done)
    : m_inbox(inbox), m_done(std::move(done)), m_thread([this] { run(); }) {}

QueryEngine::~QueryEngine() {
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
        m_pending.reset();
        if (m_currentCancel)
            m_currentCancel->store(true);
    }
    m_wake.notify_all();
    m_thread.join();
}

std::uint64_t QueryEngine::submit(std::shared_ptr<const ColumnarTable> table, TableQuery query) {
    const std::uint64_t generation = ++m_generation;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (m_currentCancel)
            m_currentCancel->store(true);
        m_pending = Job{generation, std::move(table), std::move(query)};
        m_busy = true;
    }
    m_wake.notify_all();
    return generation;
}

void QueryEngine::cancel() {
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_pending) {
        const std::uint64_t generation = m_pending->generation;
        m_pending.reset();
        m_inbox.post([done = m_done, generation] {
            Outcome outcome;
            outcome.generation = generation;
            outcome.cancelled = true;
            done(std::move(outcome));
        });
    }
    if (m_currentCancel)
        m_currentCancel->store(true);
}

void QueryEngine::run() {
    for (;;) {
        Job job;
        auto cancel = std::make_shared<std::atomic<bool>>(false);
        {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || m_pending.has_value(); });
            if (m_stopping)
                return;
            job = std::move(*m_pending);
            m_pending.reset();
            m_currentCancel = cancel;
        }

        const auto started = std::chrono::steady_clock::now();
        m_progress = 0.0;
        Outcome outcome;
        outcome.generation = job.generation;
        outcome.view.generation = job.generation;
        const bool finished =
            job.table && computeView(
                             *job.table, job.query, *cancel, [this](double f) { m_progress = f; },
                             outcome.view.rows);
        outcome.cancelled = !finished;
        if (finished) {
            outcome.view.table = std::move(job.table);
            outcome.view.query = std::move(job.query);
            outcome.view.seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        } else {
            outcome.view.rows.clear();
        }

        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_currentCancel.reset();
            if (!m_pending)
                m_busy = false;
            if (m_stopping)
                return;
        }
        m_progress = 1.0;
        m_inbox.post(
            [done = m_done, outcome = std::move(outcome)]() mutable { done(std::move(outcome)); });
    }
}

} // namespace lr
