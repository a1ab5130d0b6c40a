#include "core/table/ColumnarTable.hpp"

#include "core/Json.hpp"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cstring>

namespace lr {

const char* toString(ColumnKind kind) {
    switch (kind) {
    case ColumnKind::Null:
        return "null";
    case ColumnKind::String:
        return "string";
    case ColumnKind::Number:
        return "number";
    case ColumnKind::Bool:
        return "bool";
    case ColumnKind::Mixed:
        return "mixed";
    }
    return "mixed";
}

// ---------------------------------------------------------------------------------------------
// TableSegment

namespace {

constexpr std::uint64_t kLengthBits = 24;
constexpr std::uint64_t kLengthMask = (std::uint64_t(1) << kLengthBits) - 1;

std::uint64_t packText(std::size_t offset, std::size_t length) {
    return (std::uint64_t(offset) << kLengthBits) |
           std::min<std::uint64_t>(length, TableSegment::kMaxInlineLength);
}

} // namespace

std::size_t TableSegment::addColumn(std::string name) {
    m_columns.push_back(Column{std::move(name), 0, {}, {}, {}});
    return m_columns.size() - 1;
}

void TableSegment::addRow(std::size_t start, std::size_t length) {
    m_rowStart.push_back(start);
    m_rowLength.push_back(std::uint32_t(length));
}

std::uint64_t* TableSegment::slot(std::size_t row, std::size_t column, CellKind kind) {
    Column& c = m_columns[column];
    const std::size_t chunk = row / kChunkRows;
    if (chunk >= c.kinds.size()) {
        c.kinds.resize(chunk + 1);
        c.bits.resize(chunk + 1);
    }
    if (!c.kinds[chunk]) {
        // Kinds start as Missing; bits are only read where a kind says they were written.
        c.kinds[chunk].reset(new CellKind[kChunkRows]());
        c.bits[chunk].reset(new std::uint64_t[kChunkRows]);
    }
    const std::size_t at = row % kChunkRows;
    c.kinds[chunk][at] = kind;
    c.kindMask |= std::uint8_t(1u << unsigned(kind));
    return &c.bits[chunk][at];
}

void TableSegment::setNumber(std::size_t row, std::size_t column, double value) {
    std::memcpy(slot(row, column, CellKind::Number), &value, sizeof value);
}

void TableSegment::setFlag(std::size_t row, std::size_t column, CellKind kind) {
    *slot(row, column, kind) = 0;
}

void TableSegment::setText(std::size_t row, std::size_t column, CellKind kind, std::size_t offset,
                           std::size_t length) {
    *slot(row, column, kind) = packText(offset, length);
    if (length >= kMaxInlineLength)
        m_columns[column].longLengths[row] = length;
}

CellKind TableSegment::kind(std::size_t row, std::size_t column) const {
    const Column& c = m_columns[column];
    const std::size_t chunk = row / kChunkRows;
    if (chunk >= c.kinds.size() || !c.kinds[chunk])
        return CellKind::Missing;
    return c.kinds[chunk][row % kChunkRows];
}

CellValue TableSegment::cell(std::size_t row, std::size_t column) const {
    CellValue value;
    value.kind = kind(row, column);
    if (value.kind == CellKind::Missing)
        return value;

    const Column& c = m_columns[column];
    const std::uint64_t bits = c.bits[row / kChunkRows][row % kChunkRows];
    switch (value.kind) {
    case CellKind::Number:
        std::memcpy(&value.number, &bits, sizeof bits);
        break;
    case CellKind::String:
    case CellKind::EscapedString:
    case CellKind::RawJson: {
        std::uint64_t length = bits & kLengthMask;
        if (length == kMaxInlineLength)
            length = c.longLengths.at(row);
        const std::string_view raw(m_body->data() + (bits >> kLengthBits), length);
        value.text = value.kind == CellKind::EscapedString ? decoded(row, column, raw) : raw;
        break;
    }
    default:
        break;
    }
    return value;
}

const std::string& TableSegment::decoded(std::size_t row, std::size_t column,
                                         std::string_view raw) const {
    const std::uint64_t key = (std::uint64_t(row) << 20) ^ column;
    std::lock_guard<std::mutex> lock(m_decodeMutex);
    auto& entry = m_decoded[key];
    if (!entry)
        entry = std::make_unique<std::string>(decodeJsonString(raw));
    return *entry;
}

// ---------------------------------------------------------------------------------------------
// ColumnarTable

std::shared_ptr<const ColumnarTable>
ColumnarTable::withSegment(std::shared_ptr<const TableSegment> segment) const {
    auto next = std::make_shared<ColumnarTable>(*this);

    // Columns the table has not seen join at the end, in the segment's first-seen order.
    std::vector<int> local(next->m_names.size(), -1);
    for (std::size_t c = 0; c < segment->columnCount(); ++c) {
        const std::string& name = segment->columnName(c);
        auto it = next->m_byName.find(name);
        std::size_t global;
        if (it == next->m_byName.end()) {
            global = next->m_names.size();
            next->m_names.push_back(name);
            next->m_kindMask.push_back(0);
            next->m_byName.emplace(name, global);
            local.push_back(-1);
        } else {
            global = it->second;
        }
        local[global] = int(c);
        next->m_kindMask[global] |= segment->kindMask(c);
    }

    next->m_firstRow.push_back(m_rowCount);
    next->m_rowCount += segment->rowCount();
    next->m_bodyBytes += segment->body() ? segment->body()->size() : 0;
    next->m_localColumn.push_back(std::move(local));
    next->m_segments.push_back(std::move(segment));
    return next;
}

int ColumnarTable::findColumn(std::string_view name) const {
    auto it = m_byName.find(std::string(name));
    return it == m_byName.end() ? -1 : int(it->second);
}

ColumnKind ColumnarTable::columnKind(std::size_t column) const {
    const unsigned mask = m_kindMask[column];
    auto bit = [](CellKind kind) { return 1u << unsigned(kind); };
    const bool string =
        mask & (bit(CellKind::String) | bit(CellKind::EscapedString) | bit(CellKind::RawJson));
    const bool number = mask & bit(CellKind::Number);
    const bool boolean = mask & (bit(CellKind::True) | bit(CellKind::False));
    const int kinds = int(string) + int(number) + int(boolean);
    if (kinds > 1)
        return ColumnKind::Mixed;
    if (string)
        return ColumnKind::String;
    if (number)
        return ColumnKind::Number;
    if (boolean)
        return ColumnKind::Bool;
    return ColumnKind::Null;
}

ColumnarTable::Location ColumnarTable::locate(std::size_t row) const {
    assert(row < m_rowCount && "row out of range");
    if (m_segments.size() == 1)
        return {0, row};
    const auto it = std::upper_bound(m_firstRow.begin(), m_firstRow.end(), row);
    const std::size_t segment = std::size_t(it - m_firstRow.begin()) - 1;
    return {segment, row - m_firstRow[segment]};
}

CellValue ColumnarTable::cell(std::size_t row, std::size_t column) const {
    const Location at = locate(row);
    const int local = localColumn(at.segment, column);
    if (local < 0)
        return {};
    return m_segments[at.segment]->cell(at.row, std::size_t(local));
}

std::string_view ColumnarTable::rowJson(std::size_t row) const {
    const Location at = locate(row);
    return m_segments[at.segment]->rowJson(at.row);
}

std::string ColumnarTable::displayText(std::size_t row, std::size_t column) const {
    const CellValue value = cell(row, column);
    switch (value.kind) {
    case CellKind::Missing:
        return {};
    case CellKind::Null:
        return "null";
    case CellKind::False:
        return "false";
    case CellKind::True:
        return "true";
    case CellKind::Number:
        return formatNumber(value.number);
    case CellKind::String:
    case CellKind::EscapedString:
        // Bodies are UTF-8-validated on ingest and decoding replaces bad escapes, but the
        // check is cheap and ImGui must never see a broken sequence.
        return isValidUtf8(value.text) ? std::string(value.text) : sanitizeUtf8(value.text);
    case CellKind::RawJson:
        return sanitizeUtf8(compactJson(value.text));
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// Text helpers

namespace {

void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xC0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xE0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(char(0x80 | (cp & 0x3F)));
    }
}

bool readHex4(std::string_view raw, std::size_t at, std::uint32_t& out) {
    if (at + 4 > raw.size())
        return false;
    out = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
        const char c = raw[i];
        out <<= 4;
        if (c >= '0' && c <= '9')
            out |= std::uint32_t(c - '0');
        else if (c >= 'a' && c <= 'f')
            out |= std::uint32_t(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            out |= std::uint32_t(c - 'A' + 10);
        else
            return false;
    }
    return true;
}

} // namespace

std::string decodeJsonString(std::string_view raw) {
    constexpr std::uint32_t kReplacement = 0xFFFD;
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c != '\\' || i + 1 >= raw.size()) {
            out.push_back(c);
            continue;
        }
        const char e = raw[++i];
        switch (e) {
        case '"':
        case '\\':
        case '/':
            out.push_back(e);
            break;
        case 'b':
            out.push_back('\b');
            break;
        case 'f':
            out.push_back('\f');
            break;
        case 'n':
            out.push_back('\n');
            break;
        case 'r':
            out.push_back('\r');
            break;
        case 't':
            out.push_back('\t');
            break;
        case 'u': {
            std::uint32_t cp = 0;
            if (!readHex4(raw, i + 1, cp)) {
                appendUtf8(out, kReplacement);
                break;
            }
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                std::uint32_t low = 0;
                if (i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u' &&
                    readHex4(raw, i + 3, low) && low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                } else {
                    cp = kReplacement;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = kReplacement;
            }
            appendUtf8(out, cp);
            break;
        }
        default:
            appendUtf8(out, kReplacement);
            break;
        }
    }
    return out;
}

std::string formatNumber(double value) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, result.ptr);
}

std::string compactJson(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    bool inString = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            out.push_back(c);
            if (c == '\\' && i + 1 < json.size())
                out.push_back(json[++i]);
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
            out.push_back(c);
        } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            out.push_back(c);
        }
    }
    return out;
}

} // namespace lr
