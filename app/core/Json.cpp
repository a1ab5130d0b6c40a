#include "core/Json.hpp"

#include <simdjson.h>

#include <cstdint>

namespace lr {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD

/// Length of the valid UTF-8 sequence starting at `i`, or 0 when it is not valid.
std::size_t validSequenceLength(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80)
        return 1;
    std::size_t length = 0;
    std::uint32_t codepoint = 0;
    if ((c & 0xE0) == 0xC0) {
        length = 2;
        codepoint = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        length = 3;
        codepoint = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        length = 4;
        codepoint = c & 0x07;
    } else {
        return 0;
    }
    if (i + length > s.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
        codepoint = (codepoint << 6) | (byte(i + k) & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((length == 2 && codepoint < 0x80) || (length == 3 && codepoint < 0x800) ||
        (length == 4 && codepoint < 0x10000) || codepoint > 0x10FFFF ||
        (codepoint >= 0xD800 && codepoint <= 0xDFFF))
        return 0;
    return length;
}

} // namespace

void appendJsonString(std::string& out, std::string_view text) {
    static const char* kHex = "0123456789abcdef";
    out.push_back('"');
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const std::size_t length = validSequenceLength(text, i);
            if (length == 0) {
                out.append(kReplacement);
                ++i;
            } else {
                out.append(text.substr(i, length));
                i += length;
            }
            continue;
        }
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default:
            if (c < 0x20) {
                out.append("\\u00");
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 15]);
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
        ++i;
    }
    out.push_back('"');
}

std::string jsonString(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    appendJsonString(out, text);
    return out;
}

namespace {

void appendPretty(std::string& out, simdjson::dom::element value, int depth) {
    const std::string pad(std::size_t(depth) * 2, ' ');
    switch (value.type()) {
    case simdjson::dom::element_type::OBJECT: {
        simdjson::dom::object object;
        if (value.get(object) || object.size() == 0) {
            out += "{}";
            return;
        }
        out += "{\n";
        bool first = true;
        for (auto field : object) {
            out += first ? "" : ",\n";
            first = false;
            out += pad + "  ";
            appendJsonString(out, field.key);
            out += ": ";
            appendPretty(out, field.value, depth + 1);
        }
        out += "\n" + pad + "}";
        return;
    }
    case simdjson::dom::element_type::ARRAY: {
        simdjson::dom::array array;
        if (value.get(array) || array.size() == 0) {
            out += "[]";
            return;
        }
        out += "[\n";
        bool first = true;
        for (simdjson::dom::element item : array) {
            out += first ? "" : ",\n";
            first = false;
            out += pad + "  ";
            appendPretty(out, item, depth + 1);
        }
        out += "\n" + pad + "]";
        return;
    }
    case simdjson::dom::element_type::STRING: {
        std::string_view text;
        if (!value.get_string().get(text))
            appendJsonString(out, text);
        return;
    }
    default:
        out += simdjson::to_string(value);
        return;
    }
}

} // namespace

std::string prettyJson(simdjson::dom::element value) {
    std::string out;
    appendPretty(out, value, 0);
    return out;
}

bool isValidUtf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = validSequenceLength(text, i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

std::string sanitizeUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t length = validSequenceLength(text, i);
        if (length == 0) {
            out.append(kReplacement);
            ++i;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

} // namespace lr
