#pragma once

// Internals shared by the ingest kernels; not part of the table's API.

#include "core/table/Ingest.hpp"

namespace lr::detail {

inline bool isBlank(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/// Offset just past the object or array that starts at `start`, string-aware; `size` when it
/// never closes.
std::size_t valueEnd(const char* data, std::size_t size, std::size_t start);

/// A light syntax walk that finds where a body simdjson refused goes wrong, for the error
/// message. It only runs after a failure.
bool locateProblem(std::string_view text, IngestError& out);

bool haswellAvailable();
IngestResult ingestHaswell(SharedBody body, const std::atomic<bool>* cancel,
                           const ProgressFn& progress);
IngestResult ingestFallback(SharedBody body, const std::atomic<bool>* cancel,
                            const ProgressFn& progress);

} // namespace lr::detail
