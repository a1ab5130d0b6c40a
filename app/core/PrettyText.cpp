#include "core/PrettyText.hpp"

#include "core/Json.hpp"

#include <cstring>

namespace lr {
namespace {

constexpr std::uint64_t kOffsetMask = (std::uint64_t(1) << 40) - 1;
constexpr std::uint64_t kMaxDepth = (std::uint64_t(1) << 24) - 1;

bool isBlank(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

} // namespace

std::shared_ptr<const PrettyIndex> PrettyIndex::build(SharedBody body,
                                                      const std::atomic<bool>* cancel,
                                                      const std::function<void(double)>& progress) {
    auto index = std::make_shared<PrettyIndex>();
    index->m_body = body;
    if (!body || body->empty())
        return index;

    const char* data = body->data();
    const std::size_t size = body->size();
    std::vector<std::uint64_t>& lines = index->m_lines;
    lines.reserve(size / 16);

    std::uint64_t depth = 0;
    bool lineOpen = false; // a line has started and is waiting for its first byte
    auto startLine = [&](std::size_t at) {
        lines.push_back(std::uint64_t(at) | (std::min(depth, kMaxDepth) << 40));
    };
    auto nextNonBlank = [&](std::size_t from) {
        while (from < size && isBlank(data[from]))
            ++from;
        return from;
    };

    // A line starts after an opening bracket, after a comma, and at a closing bracket;
    // empty brackets ({} and []) stay on one line.
    std::size_t i = nextNonBlank(0);
    startLine(i);
    std::size_t nextReport = std::size_t(1) << 24;
    while (i < size) {
        const char c = data[i];
        if (i >= nextReport) {
            nextReport += std::size_t(1) << 24;
            if (cancel && cancel->load())
                return nullptr;
            if (progress)
                progress(double(i) / double(size));
        }
        if (lineOpen && !isBlank(c)) {
            startLine(i);
            lineOpen = false;
        }
        if (c == '"') {
            // Skip the string: find the closing quote that no backslash escapes.
            std::size_t j = i + 1;
            for (;;) {
                const void* q = std::memchr(data + j, '"', size - j);
                if (!q) {
                    j = size;
                    break;
                }
                j = std::size_t(static_cast<const char*>(q) - data);
                std::size_t slashes = 0;
                while (j - slashes > i + 1 && data[j - slashes - 1] == '\\')
                    ++slashes;
                if (slashes % 2 == 0)
                    break;
                ++j;
            }
            i = j + 1;
            continue;
        }
        if (c == '{' || c == '[') {
            const std::size_t next = nextNonBlank(i + 1);
            if (next < size && (data[next] == '}' || data[next] == ']')) {
                i = next + 1;
                continue;
            }
            ++depth;
            lineOpen = true;
        } else if (c == '}' || c == ']') {
            if (depth > 0)
                --depth;
            if (!lineOpen)
                startLine(i);
            lineOpen = false;
        } else if (c == ',') {
            lineOpen = true;
        }
        ++i;
    }
    if (progress)
        progress(1.0);
    return index;
}

std::string PrettyIndex::line(std::size_t index) const {
    const std::size_t start = std::size_t(m_lines[index] & kOffsetMask);
    const std::size_t end =
        index + 1 < m_lines.size() ? std::size_t(m_lines[index + 1] & kOffsetMask) : m_body->size();
    std::string out(depth(index) * 2, ' ');

    // Drop the blanks outside strings and put one space after each colon.
    const char* data = m_body->data();
    bool inString = false;
    for (std::size_t i = start; i < end; ++i) {
        const char c = data[i];
        if (inString) {
            out.push_back(c);
            if (c == '\\' && i + 1 < end)
                out.push_back(data[++i]);
            else if (c == '"')
                inString = false;
            continue;
        }
        if (isBlank(c))
            continue;
        out.push_back(c);
        if (c == '"')
            inString = true;
        else if (c == ':')
            out.push_back(' ');
    }
    return isValidUtf8(out) ? out : sanitizeUtf8(out);
}

std::size_t PrettyIndex::lineOfOffset(std::size_t offset) const {
    // Lines are in body order, so their start offsets are sorted.
    std::size_t low = 0;
    std::size_t high = m_lines.size();
    while (high - low > 1) {
        const std::size_t middle = (low + high) / 2;
        if ((m_lines[middle] & kOffsetMask) <= offset)
            low = middle;
        else
            high = middle;
    }
    return low;
}

} // namespace lr
