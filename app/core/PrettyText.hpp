#pragma once

// A pretty-printed view of a JSON body without writing the pretty text out: a worker builds a
// line index (where each pretty line starts in the body, and its depth), and the viewer
// formats only the lines it draws. The index costs 8 bytes a line; the body is not copied.
// Bodies that are not valid JSON still index line by line, so the raw text stays viewable.

#include "core/Body.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lr {

class PrettyIndex {
public:
    /// Builds the index; returns null when cancelled. Runs on a worker.
    static std::shared_ptr<const PrettyIndex>
    build(SharedBody body, const std::atomic<bool>* cancel = nullptr,
          const std::function<void(double)>& progress = {});

    [[nodiscard]] std::size_t lineCount() const { return m_lines.size(); }
    /// One pretty line, indented two spaces a level, valid UTF-8 (bad bytes become U+FFFD).
    [[nodiscard]] std::string line(std::size_t index) const;
    [[nodiscard]] std::size_t depth(std::size_t index) const { return m_lines[index] >> 40; }
    [[nodiscard]] const SharedBody& body() const { return m_body; }
    /// The line that shows the body byte at `offset` (for find: search the body, then jump).
    [[nodiscard]] std::size_t lineOfOffset(std::size_t offset) const;

private:
    SharedBody m_body;
    std::vector<std::uint64_t> m_lines; // offset (low 40 bits) | depth << 40
};

} // namespace lr
