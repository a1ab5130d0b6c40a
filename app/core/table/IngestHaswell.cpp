// The ingester built for AVX2 CPUs. simdjson's On-Demand front end picks its kernel at compile
// time, and the project builds for baseline x86-64, which would leave it on the slow portable
// kernel; this file alone is compiled for Haswell and only called when the CPU has AVX2.
// FIXME(portability): standard-library templates instantiated here are shared (COMDAT) with
// the rest of the program, so in theory an AVX2 copy could be linked in for everyone; a CPU
// without AVX2 has not been tried.

// This comes before every include: simdjson.h (pulled in by Body.hpp too) fixes its On-Demand
// kernel when it is first included. The pragma does not define __AVX2__, so the kernel is
// named explicitly.
// clang ignores the GCC pragma; its own attribute region does the same (the fuzz build).
#if defined(__x86_64__) && defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,bmi,pclmul,lzcnt"))), apply_to = function)
#define SIMDJSON_BUILTIN_IMPLEMENTATION haswell
#define LR_INGEST_HASWELL 1
#elif defined(__x86_64__) && defined(__GNUC__)
#pragma GCC target("avx2,bmi,pclmul,lzcnt")
#define SIMDJSON_BUILTIN_IMPLEMENTATION haswell
#define LR_INGEST_HASWELL 1
#endif

#include "core/table/IngestDetail.hpp"

#include <simdjson.h>

#include <chrono>
#include <cstring>
#include <unordered_map>

#if LR_INGEST_HASWELL
namespace lr::detail::haswell_kernel {
#include "core/table/IngestKernel.inl"
} // namespace lr::detail::haswell_kernel
#endif

namespace lr::detail {

IngestResult ingestHaswell(SharedBody body, const std::atomic<bool>* cancel,
                           const ProgressFn& progress) {
#if LR_INGEST_HASWELL
    return haswell_kernel::ingestWithKernel(std::move(body), cancel, progress);
#else
    return ingestFallback(std::move(body), cancel, progress);
#endif
}

} // namespace lr::detail

#if defined(__x86_64__) && defined(__clang__)
#pragma clang attribute pop
#endif
