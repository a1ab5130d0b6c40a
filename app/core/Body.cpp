#include "core/Body.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace lr {

Body::Body(std::string_view text) {
    append(text.data(), text.size());
}

void Body::reserve(std::size_t bytes) {
    if (bytes <= m_capacity && m_data)
        return;
    auto grown = std::make_unique<char[]>(bytes + simdjson::SIMDJSON_PADDING);
    if (m_size > 0)
        std::memcpy(grown.get(), m_data.get(), m_size);
    std::memset(grown.get() + m_size, 0, bytes + simdjson::SIMDJSON_PADDING - m_size);
    m_data = std::move(grown);
    m_capacity = bytes;
}

void Body::append(const char* data, std::size_t length) {
    if (m_size + length > m_capacity || !m_data)
        reserve(std::max<std::size_t>({m_size + length, m_capacity * 2, 4096}));
    std::memcpy(m_data.get() + m_size, data, length);
    m_size += length;
}

simdjson::padded_string_view Body::padded() const {
    if (!m_data)
        return simdjson::padded_string_view("", 0, 0);
    return simdjson::padded_string_view(m_data.get(), m_size,
                                        m_capacity + simdjson::SIMDJSON_PADDING);
}

std::string formatBytes(std::uint64_t bytes) {
    char buffer[48];
    if (bytes < 1024)
        std::snprintf(buffer, sizeof buffer, "%llu B", static_cast<unsigned long long>(bytes));
    else if (bytes < (1u << 20))
        std::snprintf(buffer, sizeof buffer, "%.1f KiB", double(bytes) / 1024.0);
    else
        std::snprintf(buffer, sizeof buffer, "%.1f MiB", double(bytes) / (1024.0 * 1024.0));
    return buffer;
}

} // namespace lr
