#!/usr/bin/env bash
# The reliability runs that follow the normal test suite (README, Reliability):
#   tools/reliability.sh asan        unit, integration and headless UI tests built with ASan + UBSan (gcc)
#   tools/reliability.sh tsan        the threading tests built with TSan (gcc)
#   tools/reliability.sh fuzz [SEC]  every libFuzzer target for SEC seconds (clang), default 30
#   tools/reliability.sh all [SEC]   the three, in that order; prints the time of each step
# Each sanitizer build lives in its own directory (build-asan, build-tsan, build-fuzz) and builds
# only what it runs, so CI's two cores get through it in a few minutes each. ASan builds at -O0:
# on two cores the compile dominates, and -O0 saves more there than the slower tests cost.
# TSan stays at -O1, where its instrumentation is cheaper to run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

# The threading tests: queues, the HTTP worker and the fault calls through it, the repeat
# runner, the history store's and the settings writer's threads, and sorts/filters off the UI
# thread.
tsan_tests='^(UiInbox|HttpWorker|RepeatRunner|HistoryStore|SettingsWriterTest|TableQuery|FaultsBody|FaultsRateLimit)\.'

# Tests that assert a speed: meaningless unoptimised under a sanitizer's instrumentation.
timing_tests='LoadTime'

sanitized_build() { # dir sanitizer opt-level targets...
    local dir=$1 sanitizer=$2 opt=$3
    shift 3
    local only_threading=OFF
    [ "$sanitizer" = thread ] && only_threading=ON
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        cmake -S "$here" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
            -DCMAKE_CXX_FLAGS_DEBUG="$opt -g1" -DLIMITRAIL_SANITIZE="$sanitizer" \
            -DLIMITRAIL_THREADING_TESTS_ONLY=$only_threading >/dev/null
    fi
    ninja -C "$dir" -j"$jobs" "$@"
}

run_asan() {
    sanitized_build "$here/build-asan" address -O0 limitrail_unit_tests limitrail_integration_tests \
        limitrail_ui_tests
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$here/build-asan" -L 'unit|integration|ui' -E "$timing_tests" \
        --output-on-failure \
        --parallel "$jobs" --timeout 600
}

run_tsan() {
    sanitized_build "$here/build-tsan" thread -O1 limitrail_threading_tests
    # setarch -R: TSan's shadow memory needs the narrower address layout on recent kernels.
    # tools/tsan.supp: the one report from inside the uninstrumented cpp-httplib library.
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$here/tools/tsan.supp" \
        setarch "$(uname -m)" -R ctest --test-dir "$here/build-tsan" -R "$tsan_tests" \
        --output-on-failure --parallel "$jobs" --timeout 600
}

run_fuzz() {
    "$here/tests/fuzz/run.sh" "${1:-30}"
}

timed() { # name command...
    local name=$1 start=$SECONDS
    shift
    echo "== $name"
    "$@"
    echo "== $name: $((SECONDS - start)) s"
}

case "${1:-all}" in
asan) timed asan run_asan ;;
tsan) timed tsan run_tsan ;;
fuzz) timed fuzz run_fuzz "${2:-30}" ;;
all)
    timed asan run_asan
    timed tsan run_tsan
    timed fuzz run_fuzz "${2:-30}"
    ;;
*)
    echo "usage: tools/reliability.sh asan|tsan|fuzz [SECONDS]|all [SECONDS]" >&2
    exit 2
    ;;
esac
