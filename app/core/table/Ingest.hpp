#pragma once

// Turns a JSON list answer into table rows with simdjson On-Demand, in place in the body's
// padded buffer. A list answer is a root array, or an object holding an `items` array (and
// maybe a `nextCursor`). Runs on a worker; cancel and progress are optional.

#include "core/table/ColumnarTable.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace lr {

struct IngestError {
    std::string message;        // "Truncated JSON: the body ends inside an array"
    std::size_t byteOffset = 0; // where in the body the problem is
};

struct IngestResult {
    std::shared_ptr<const TableSegment> segment; // null on error
    IngestError error;
    bool cancelled = false;
    bool notAList = false;                 // valid JSON, but no root array nor `items` array
    std::optional<std::string> nextCursor; // a string `nextCursor` beside `items`
    double seconds = 0.0;

    [[nodiscard]] bool ok() const { return segment != nullptr; }
};

using ProgressFn = std::function<void(double fraction)>;

/// Objects inside a row are flattened into dotted columns ("meta.deep.level") down to this
/// depth; an object nested deeper is one cell holding its JSON text, as an array is. simdjson
/// On-Demand checks no depth, so this also bounds the ingester's recursion: a server's
/// {"items":[{"a":{"a":...}}]} 100 000 levels deep once overflowed the worker's stack.
constexpr std::size_t kMaxFlattenedDepth = 32;

/// Parses one body into a segment. Never throws; problems come back in `error`.
IngestResult ingestSegment(SharedBody body, const std::atomic<bool>* cancel = nullptr,
                           const ProgressFn& progress = {});

struct TableIngest {
    std::shared_ptr<const ColumnarTable> table; // null on error
    IngestResult detail;
};

/// One body as a whole table.
TableIngest ingestTable(SharedBody body, const std::atomic<bool>* cancel = nullptr,
                        const ProgressFn& progress = {});

/// A cheap guess, for the UI thread, that `body` is a list answer: its first non-blank byte is
/// `[`, or the root object has an `items` key holding an array within its first 64 KiB. Reads
/// no more than that; the ingester decides for certain.
bool looksLikeList(std::string_view body);

/// Byte offset of the first invalid UTF-8 sequence, or text.size() when there is none.
std::size_t firstInvalidUtf8(std::string_view text);

} // namespace lr
