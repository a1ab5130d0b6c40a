#pragma once

// The one buffer a response body lives in: grown while bytes arrive, then frozen and shared.
// It always keeps simdjson::SIMDJSON_PADDING spare bytes past the end, so a parser can read it
// in place and table cells can point into it without copying.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

// simdjson.h costs seconds per translation unit, and this header is in nearly all of them; the
// callers of padded() parse, so they include it themselves.
namespace simdjson {
class padded_string_view;
} // namespace simdjson

namespace lr {

class Body {
public:
    Body() = default;
    explicit Body(std::string_view text);
    Body(Body&&) noexcept = default;
    Body& operator=(Body&&) noexcept = default;
    Body(const Body&) = delete;
    Body& operator=(const Body&) = delete;

    void reserve(std::size_t bytes);
    void append(const char* data, std::size_t length);
    void clear() { m_size = 0; }

    [[nodiscard]] const char* data() const { return m_data.get(); }
    [[nodiscard]] std::size_t size() const { return m_size; }
    [[nodiscard]] bool empty() const { return m_size == 0; }
    [[nodiscard]] std::string_view view() const { return {m_data.get(), m_size}; }

    /// The body as simdjson wants it: the bytes plus the guaranteed padding.
    [[nodiscard]] simdjson::padded_string_view padded() const;

private:
    std::unique_ptr<char[]> m_data;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0; // usable bytes, padding not counted
};

using SharedBody = std::shared_ptr<const Body>;

/// "532 B", "15.1 KiB", "355.6 MiB": sizes as the Response, History and Stats windows show them.
std::string formatBytes(std::uint64_t bytes);

} // namespace lr
