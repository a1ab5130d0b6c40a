#include "core/JsonTree.hpp"

#include "core/Json.hpp"

#include <cstring>

namespace lr {
namespace {

bool isBlank(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

std::size_t skipBlanks(std::string_view s, std::size_t i) {
    while (i < s.size() && isBlank(s[i]))
        ++i;
    return i;
}

/// One past the closing quote of the string whose opening quote is at `at`.
std::size_t stringEnd(std::string_view s, std::size_t at) {
    std::size_t i = at + 1;
    while (i < s.size()) {
        const void* quote = std::memchr(s.data() + i, '"', s.size() - i);
        if (!quote)
            return s.size();
        const std::size_t j = std::size_t(static_cast<const char*>(quote) - s.data());
        // An even run of backslashes before the quote escapes only itself.
        std::size_t k = j;
        while (k > at + 1 && s[k - 1] == '\\')
            --k;
        if ((j - k) % 2 == 0)
            return j + 1;
        i = j + 1;
    }
    return s.size();
}

JsonKind kindOf(char c) {
    switch (c) {
    case '{':
        return JsonKind::Object;
    case '[':
        return JsonKind::Array;
    case '"':
        return JsonKind::String;
    case 't':
    case 'f':
    case 'n':
        return JsonKind::Literal;
    default:
        return c == '-' || (c >= '0' && c <= '9') ? JsonKind::Number : JsonKind::Invalid;
    }
}

constexpr std::size_t kCancelEvery = std::size_t(1) << 22; // bytes between cancel checks

/// The end of the value at `at` and, for a container, how many direct children it holds.
std::size_t scanValue(std::string_view s, std::size_t at, std::uint64_t& children,
                      const std::atomic<bool>* cancel) {
    children = 0;
    const char first = s[at];
    if (first == '"')
        return stringEnd(s, at);
    if (first != '{' && first != '[') {
        std::size_t i = at;
        while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !isBlank(s[i]))
            ++i;
        return i;
    }

    // Commas at the container's own level separate its children.
    int depth = 0;
    std::uint64_t commas = 0;
    bool any = false;
    std::size_t nextCheck = at + kCancelEvery;
    for (std::size_t i = at; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '"') {
            any = any || depth == 1;
            i = stringEnd(s, i) - 1;
        } else if (c == '{' || c == '[') {
            any = any || depth == 1;
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth == 0) {
                children = any ? commas + 1 : 0;
                return i + 1;
            }
        } else if (c == ',') {
            commas += depth == 1;
        } else if (depth == 1 && !isBlank(c)) {
            any = true;
        }
        if (i >= nextCheck) {
            if (cancel && cancel->load())
                return s.size();
            nextCheck = i + kCancelEvery;
        }
    }
    children = any ? commas + 1 : 0;
    return s.size();
}

} // namespace

std::vector<JsonTreeRow> readJsonChildren(std::string_view s, std::size_t offset,
                                          std::uint32_t depth, const std::atomic<bool>* cancel) {
    std::vector<JsonTreeRow> rows;
    if (offset >= s.size() || (s[offset] != '{' && s[offset] != '['))
        return rows;
    const bool object = s[offset] == '{';
    std::size_t i = offset + 1;
    for (std::uint64_t index = 0;; ++index) {
        if ((index & 0xFFF) == 0 && cancel && cancel->load())
            return {};
        i = skipBlanks(s, i);
        if (i >= s.size() || s[i] == '}' || s[i] == ']')
            break;

        JsonTreeRow row;
        row.index = index;
        row.depth = depth;
        if (object) {
            if (s[i] != '"')
                break; // not JSON after all: show what was read
            const std::size_t keyEnd = stringEnd(s, i);
            row.keyOffset = i + 1;
            row.keyLength = std::uint32_t(keyEnd - 1 - (i + 1));
            i = skipBlanks(s, keyEnd);
            if (i >= s.size() || s[i] != ':')
                break;
            i = skipBlanks(s, i + 1);
            if (i >= s.size())
                break;
        }
        row.valueOffset = i;
        row.kind = kindOf(s[i]);
        row.valueEnd = scanValue(s, i, row.childCount, cancel);
        rows.push_back(row);

        i = skipBlanks(s, row.valueEnd);
        if (i < s.size() && s[i] == ',')
            ++i;
        else
            break;
    }
    if (cancel && cancel->load())
        return {};
    return rows;
}

JsonTreeRow readJsonRoot(std::string_view s, const std::atomic<bool>* cancel) {
    JsonTreeRow root;
    const std::size_t at = skipBlanks(s, 0);
    if (at >= s.size())
        return root;
    root.valueOffset = at;
    root.kind = kindOf(s[at]);
    root.valueEnd = scanValue(s, at, root.childCount, cancel);
    return root;
}

std::string jsonTreeLabel(std::string_view s, const JsonTreeRow& row, std::size_t maxBytes) {
    std::string out;
    if (row.keyOffset > 0) { // a key sits inside an object, never at byte 0
        out += '"';
        out +=
            sanitizeUtf8(s.substr(row.keyOffset, std::min<std::size_t>(row.keyLength, maxBytes)));
        out += "\": ";
    } else if (row.depth > 0) {
        out += "[" + std::to_string(row.index) + "] ";
    }

    auto count = [](std::uint64_t n, const char* one, const char* many) {
        std::string digits = std::to_string(n);
        for (int i = int(digits.size()) - 3; i > 0; i -= 3)
            digits.insert(std::size_t(i), ",");
        return digits + " " + (n == 1 ? one : many);
    };
    switch (row.kind) {
    case JsonKind::Object:
        return out + "{\xE2\x80\xA6} " + count(row.childCount, "key", "keys");
    case JsonKind::Array:
        return out + "[\xE2\x80\xA6] " + count(row.childCount, "item", "items");
    default: {
        const std::size_t length = std::size_t(row.valueEnd - row.valueOffset);
        std::string_view value = s.substr(std::size_t(row.valueOffset), std::min(length, maxBytes));
        out += sanitizeUtf8(value);
        if (length > maxBytes)
            out += "\xE2\x80\xA6";
        return out;
    }
    }
}

// ---------------------------------------------------------------------------------------------
// JsonTree

JsonTree::JsonTree(UiInbox& inbox) : m_inbox(inbox) {}

JsonTree::~JsonTree() {
    joinWorker();
}

void JsonTree::joinWorker() {
    if (m_cancel)
        m_cancel->store(true);
    if (m_worker.joinable())
        m_worker.join();
    m_cancel.reset();
}

void JsonTree::show(SharedBody body) {
    joinWorker();
    ++m_generation;
    m_loadingRow = -1;
    m_rows.clear();
    m_body = std::move(body);
    if (!m_body || m_body->empty())
        return;

    JsonTreeRow root;
    root.valueOffset = skipBlanks(m_body->view(), 0);
    root.valueEnd = m_body->size();
    root.kind = root.valueOffset < m_body->size() ? kindOf(m_body->view()[root.valueOffset])
                                                  : JsonKind::Invalid;
    if (!root.container()) {
        root = readJsonRoot(m_body->view());
        m_rows.push_back(root);
        return;
    }
    m_rows.push_back(root);
    open(0);
}

void JsonTree::toggle(std::size_t row) {
    if (busy() || row >= m_rows.size() || !m_rows[row].container())
        return;
    if (!m_rows[row].open) {
        open(row);
        return;
    }
    // Closing drops the rows below it that are deeper; they are read again on the next open.
    std::size_t end = row + 1;
    while (end < m_rows.size() && m_rows[end].depth > m_rows[row].depth)
        ++end;
    m_rows.erase(m_rows.begin() + std::ptrdiff_t(row + 1), m_rows.begin() + std::ptrdiff_t(end));
    m_rows[row].open = false;
}

void JsonTree::open(std::size_t row) {
    JsonTreeRow& node = m_rows[row];
    auto place = [this](std::size_t at, std::vector<JsonTreeRow>&& children) {
        JsonTreeRow& parent = m_rows[at];
        parent.open = true;
        parent.loading = false;
        parent.childCount = children.size();
        m_rows.insert(m_rows.begin() + std::ptrdiff_t(at + 1), children.begin(), children.end());
    };

    // Small nodes at once; a big one on the worker, while its row says it is loading.
    if (node.valueEnd - node.valueOffset <= kInlineBytes) {
        place(row, readJsonChildren(m_body->view(), node.valueOffset, node.depth + 1));
        return;
    }
    joinWorker();
    node.loading = true;
    m_loadingRow = static_cast<long long>(row);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_worker = std::thread([this, body = m_body, offset = node.valueOffset, depth = node.depth + 1,
                            cancel = m_cancel, generation = m_generation, row, place] {
        std::vector<JsonTreeRow> children =
            readJsonChildren(body->view(), std::size_t(offset), depth, cancel.get());
        if (cancel->load())
            return;
        m_inbox.post([this, generation, row, place, children = std::move(children)]() mutable {
            if (generation != m_generation)
                return;
            place(row, std::move(children));
            m_loadingRow = -1;
        });
    });
}

bool JsonTree::apply(const Command& command) {
    if (const auto* toggleRow = std::get_if<cmd::TreeToggle>(&command)) {
        toggle(toggleRow->row);
        return true;
    }
    return false;
}

std::string JsonTree::label(std::size_t row) const {
    if (row >= m_rows.size() || !m_body)
        return {};
    if (row == 0 && m_rows[0].loading)
        return m_rows[0].kind == JsonKind::Array ? "[\xE2\x80\xA6] reading"
                                                 : "{\xE2\x80\xA6} reading";
    return jsonTreeLabel(m_body->view(), m_rows[row]);
}

} // namespace lr
