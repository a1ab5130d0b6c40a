#pragma once

// A list answer as columns. Each body (one page of a list, or one export) becomes an immutable
// TableSegment whose cells are numbers or references into that body's padded buffer; a
// ColumnarTable joins segments under one set of column names. Appending a page makes a new
// ColumnarTable that shares the old segments, so the UI can keep drawing the previous value
// while a worker builds the next one.

#include "core/Body.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lr {

enum class CellKind : std::uint8_t {
    Missing = 0, // the row has no such key
    Null,        // JSON null
    False,
    True,
    Number,        // a double
    String,        // bytes between the quotes, no escapes
    EscapedString, // bytes between the quotes, decoded on first use
    RawJson,       // an array, an empty object or one nested past kMaxFlattenedDepth, as JSON text
};

/// What a column holds, for sorting and alignment. Missing cells and nulls do not make a
/// column mixed; a column of nothing but nulls is Null.
enum class ColumnKind : std::uint8_t { Null, String, Number, Bool, Mixed };
const char* toString(ColumnKind kind);

/// One cell as a reader sees it. `text` is the decoded string for strings, the JSON text for
/// RawJson, and empty otherwise. It points into the body or the segment's decode cache, so it
/// lives as long as the table.
struct CellValue {
    CellKind kind = CellKind::Missing;
    double number = 0.0;
    std::string_view text;

    [[nodiscard]] bool isString() const {
        return kind == CellKind::String || kind == CellKind::EscapedString ||
               kind == CellKind::RawJson;
    }
};

/// The rows of one body.
class TableSegment {
public:
    static constexpr std::size_t kChunkRows = std::size_t(1) << 14;
    static constexpr std::uint64_t kMaxInlineLength = (std::uint64_t(1) << 24) - 1;

    explicit TableSegment(SharedBody body) : m_body(std::move(body)) {}

    [[nodiscard]] const SharedBody& body() const { return m_body; }
    [[nodiscard]] std::size_t rowCount() const { return m_rowStart.size(); }
    [[nodiscard]] std::size_t columnCount() const { return m_columns.size(); }
    [[nodiscard]] const std::string& columnName(std::size_t column) const {
        return m_columns[column].name;
    }
    [[nodiscard]] std::uint8_t kindMask(std::size_t column) const {
        return m_columns[column].kindMask;
    }

    [[nodiscard]] CellKind kind(std::size_t row, std::size_t column) const;
    [[nodiscard]] CellValue cell(std::size_t row, std::size_t column) const;
    /// The row's own JSON text, exactly as it is in the body.
    [[nodiscard]] std::string_view rowJson(std::size_t row) const {
        return {m_body->data() + m_rowStart[row], m_rowLength[row]};
    }

    // Building, used by the ingester only.
    std::size_t addColumn(std::string name);
    void addRow(std::size_t start, std::size_t length);
    void setRowLength(std::size_t row, std::size_t length) {
        m_rowLength[row] = std::uint32_t(length);
    }
    void setNumber(std::size_t row, std::size_t column, double value);
    void setFlag(std::size_t row, std::size_t column, CellKind kind); // Null, False, True
    void setText(std::size_t row, std::size_t column, CellKind kind, std::size_t offset,
                 std::size_t length);

private:
    struct Column {
        std::string name;
        std::uint8_t kindMask = 0; // bit per CellKind seen
        std::vector<std::unique_ptr<std::uint64_t[]>> bits;
        std::vector<std::unique_ptr<CellKind[]>> kinds;
        std::unordered_map<std::size_t, std::uint64_t> longLengths; // strings past 16 MiB
    };

    std::uint64_t* slot(std::size_t row, std::size_t column, CellKind kind);
    const std::string& decoded(std::size_t row, std::size_t column, std::string_view raw) const;

    SharedBody m_body;
    std::vector<Column> m_columns;
    std::vector<std::uint64_t> m_rowStart;
    std::vector<std::uint32_t> m_rowLength;

    // Escaped strings are decoded once, on first use, by whichever thread asks first.
    mutable std::mutex m_decodeMutex;
    mutable std::unordered_map<std::uint64_t, std::unique_ptr<std::string>> m_decoded;
};

class ColumnarTable {
public:
    ColumnarTable() = default;

    /// A new table with `segment`'s rows appended; this one is unchanged.
    [[nodiscard]] std::shared_ptr<const ColumnarTable>
    withSegment(std::shared_ptr<const TableSegment> segment) const;

    [[nodiscard]] std::size_t rowCount() const { return m_rowCount; }
    [[nodiscard]] std::size_t columnCount() const { return m_names.size(); }
    [[nodiscard]] const std::string& columnName(std::size_t column) const {
        return m_names[column];
    }
    /// -1 when there is no column of that name.
    [[nodiscard]] int findColumn(std::string_view name) const;
    [[nodiscard]] ColumnKind columnKind(std::size_t column) const;
    [[nodiscard]] std::size_t segmentCount() const { return m_segments.size(); }
    [[nodiscard]] const TableSegment& segment(std::size_t index) const {
        return *m_segments[index];
    }
    [[nodiscard]] std::size_t segmentFirstRow(std::size_t index) const { return m_firstRow[index]; }
    /// The segment's own column index for a table column, -1 when the segment lacks it.
    [[nodiscard]] int localColumn(std::size_t segmentIndex, std::size_t column) const {
        const auto& map = m_localColumn[segmentIndex];
        return column < map.size() ? map[column] : -1;
    }
    /// Total bytes of the bodies the table references.
    [[nodiscard]] std::size_t bodyBytes() const { return m_bodyBytes; }

    [[nodiscard]] CellValue cell(std::size_t row, std::size_t column) const;
    /// The cell as the list browser shows it: strings decoded, numbers in their shortest
    /// form, `true`/`false`/`null`, arrays as compact JSON, "" for missing. Always valid UTF-8.
    [[nodiscard]] std::string displayText(std::size_t row, std::size_t column) const;
    [[nodiscard]] std::string_view rowJson(std::size_t row) const;

private:
    struct Location {
        std::size_t segment;
        std::size_t row;
    };
    [[nodiscard]] Location locate(std::size_t row) const;

    std::vector<std::shared_ptr<const TableSegment>> m_segments;
    std::vector<std::size_t> m_firstRow;
    std::vector<std::vector<int>> m_localColumn;
    std::vector<std::string> m_names;
    std::vector<std::uint8_t> m_kindMask;
    std::unordered_map<std::string, std::size_t> m_byName;
    std::size_t m_rowCount = 0;
    std::size_t m_bodyBytes = 0;
};

/// Decodes the inside of a JSON string literal (no quotes). Bad escapes and lone surrogates
/// become U+FFFD, so the result is always valid UTF-8 when the input was.
std::string decodeJsonString(std::string_view raw);

/// Shortest text that reads back as the same double ("42", "0.1", "1e+300").
std::string formatNumber(double value);

/// Removes the blanks outside strings, for one-line JSON.
std::string compactJson(std::string_view json);

} // namespace lr
