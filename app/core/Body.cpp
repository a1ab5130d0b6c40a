#include "core/Body.hpp"

#include <simdjson.h>

#include <algorithm>
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

} // namespace lr
