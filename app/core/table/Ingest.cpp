#include "core/table/Ingest.hpp"

#include "core/table/IngestDetail.hpp"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <unordered_map>

namespace lr::detail {

std::size_t valueEnd(const char* data, std::size_t size, std::size_t start) {
    int depth = 0;
    bool inString = false;
    for (std::size_t i = start; i < size; ++i) {
        const char c = data[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return size;
}

bool locateProblem(std::string_view text, IngestError& out) {
    std::string stack;
    std::size_t stringStart = 0;
    bool inString = false;
    bool rootEnded = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            else if (static_cast<unsigned char>(c) < 0x20) {
                out = {"Malformed JSON: a control character inside a string", i};
                return true;
            }
            continue;
        }
        if (stack.empty() && rootEnded && c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            out = {"Malformed JSON: unexpected content after the end of the document", i};
            return true;
        }
        if (c == '"') {
            inString = true;
            stringStart = i;
        } else if (c == '{' || c == '[') {
            stack.push_back(c);
        } else if (c == '}' || c == ']') {
            const char open = c == '}' ? '{' : '[';
            if (stack.empty() || stack.back() != open) {
                out = {std::string("Malformed JSON: unexpected '") + c + "'", i};
                return true;
            }
            stack.pop_back();
            rootEnded = stack.empty();
        }
    }
    if (inString) {
        out = {"Truncated JSON: the string that starts here is never closed", stringStart};
        return true;
    }
    if (!stack.empty()) {
        out = {std::string("Truncated JSON: the body ends inside ") +
                   (stack.back() == '{' ? "an object" : "an array"),
               text.size()};
        return true;
    }
    return false;
}

bool haswellAvailable() {
    static const bool available = [] {
        const auto* haswell = simdjson::get_available_implementations()["haswell"];
        return haswell && haswell->supported_by_runtime_system();
    }();
    return available;
}

} // namespace lr::detail

namespace lr {

std::size_t firstInvalidUtf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t min = 0;
        if ((c & 0xE0) == 0xC0) {
            length = 2;
            min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4;
            min = 0x10000;
        } else {
            return i;
        }
        if (i + length > n)
            return i;
        std::uint32_t cp = c & (0xFF >> (length + 1));
        for (std::size_t k = 1; k < length; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += length;
    }
    return n;
}

bool looksLikeList(std::string_view body) {
    constexpr std::size_t kLookAhead = 64 * 1024;
    const std::size_t first = body.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return false;
    if (body[first] == '[')
        return true;
    if (body[first] != '{')
        return false;

    // Walk the root object's first bytes: a string at depth 1 right after '{' or ',' is a key.
    const std::size_t end = std::min(body.size(), first + kLookAhead);
    int depth = 0;
    char previous = 0; // the last byte outside strings and blanks
    for (std::size_t i = first; i < end; ++i) {
        const char c = body[i];
        if (c == '"') {
            const std::size_t start = i + 1;
            while (++i < end && body[i] != '"')
                i += body[i] == '\\';
            if (i >= end)
                return false;
            const bool key = depth == 1 && (previous == '{' || previous == ',');
            if (key && body.substr(start, i - start) == "items") {
                const std::size_t colon = body.find_first_not_of(" \t\r\n", i + 1);
                const std::size_t value = colon == std::string_view::npos
                                              ? colon
                                              : body.find_first_not_of(" \t\r\n", colon + 1);
                return value != std::string_view::npos && body[colon] == ':' && body[value] == '[';
            }
            previous = '"';
        } else if (c == '{' || c == '[') {
            ++depth;
            previous = c;
        } else if (c == '}' || c == ']') {
            --depth;
            previous = c;
        } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
            previous = c;
        }
    }
    return false;
}

IngestResult ingestSegment(SharedBody body, const std::atomic<bool>* cancel,
                           const ProgressFn& progress) {
    if (!body) {
        IngestResult result;
        result.error = {"There is no body", 0};
        return result;
    }
    // On-Demand's kernel is chosen at compile time; pick the AVX2 build when the CPU has it.
    if (detail::haswellAvailable())
        return detail::ingestHaswell(std::move(body), cancel, progress);
    return detail::ingestFallback(std::move(body), cancel, progress);
}

TableIngest ingestTable(SharedBody body, const std::atomic<bool>* cancel,
                        const ProgressFn& progress) {
    TableIngest out;
    out.detail = ingestSegment(std::move(body), cancel, progress);
    if (out.detail.ok())
        out.table = ColumnarTable().withSegment(out.detail.segment);
    return out;
}

} // namespace lr
