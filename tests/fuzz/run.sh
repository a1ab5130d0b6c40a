#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) if needed and runs each for SECONDS.
#   tests/fuzz/run.sh [SECONDS] [TARGET...]
# LIMITRAIL_FUZZ_RUNS=N also stops a target after N executions (the long acceptance runs use
# N=10000000 with SECONDS=1800). Exits non-zero on a finding; the crashing input is left in build-fuzz/findings/.
# The seed corpus of each target is tests/fuzz/corpus/<target>/ (kept small, from real sandbox
# answers); inputs the run discovers go to build-fuzz/corpus/<target>/, not into the repository.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] &&
    targets=(fuzz_ingest fuzz_problem fuzz_token fuzz_catalogue fuzz_jwt fuzz_headers)
build=${LIMITRAIL_FUZZ_BUILD:-$here/build-fuzz}
jobs=${LIMITRAIL_JOBS:-2}

if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang CXX=clang++ cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DLIMITRAIL_FUZZ=ON -DLIMITRAIL_BUILD_TESTS=OFF -DLIMITRAIL_BUILD_BENCH=OFF >/dev/null
fi
ninja -C "$build" -j"$jobs" "${targets[@]}"

mkdir -p "$build/findings"
status=0
for target in "${targets[@]}"; do
    work="$build/corpus/$target"
    mkdir -p "$work"
    log="$build/$target.log"
    # -max_len: big enough for a catalogue seed; detect_leaks off: a fuzz run is not a leak test
    # (the ASan unit-test build checks leaks).
    if ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$build/$target" -max_total_time="$seconds" ${LIMITRAIL_FUZZ_RUNS:+-runs=$LIMITRAIL_FUZZ_RUNS} -max_len=65536 -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$build/findings/$target-" \
        "$work" "$here/tests/fuzz/corpus/$target" >"$log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
        secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o '[0-9]* second' | grep -o '[0-9]*' || echo "$seconds")
        echo "$target: ok, $runs executions in ${secs}s"
    elif [ $? -eq 72 ]; then # libFuzzer's exit code for SIGINT/SIGTERM
        echo "$target: interrupted before the time was up (see $log)" >&2
        status=1
    else
        echo "$target: FINDING (see $log and $build/findings/)" >&2
        tail -n 40 "$log" >&2
        status=1
    fi
done
exit $status
