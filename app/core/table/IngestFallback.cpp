// The ingester on whatever kernel simdjson's On-Demand front end picks for the compile flags
// (the portable one for baseline x86-64). Used when the CPU lacks AVX2.

#include "core/table/IngestDetail.hpp"

#include <simdjson.h>

#include <chrono>
#include <cstring>
#include <unordered_map>

namespace lr::detail::fallback_kernel {
#include "core/table/IngestKernel.inl"
} // namespace lr::detail::fallback_kernel

namespace lr::detail {

IngestResult ingestFallback(SharedBody body, const std::atomic<bool>* cancel,
                            const ProgressFn& progress) {
    return fallback_kernel::ingestWithKernel(std::move(body), cancel, progress);
}

} // namespace lr::detail
