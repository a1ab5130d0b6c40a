#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   tools/dev.sh run    install what is missing, build in Release, open the console
#   tools/dev.sh test   the same set-up, then the whole test suite (ctest); with CI=true (or
#                       LIMITRAIL_RELIABILITY=1) also the sanitizer builds and a short fuzz run
#                       (tools/reliability.sh all)
# As root it installs the Debian packages itself; otherwise it prints the one sudo line to run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$here/build"
jobs=$(nproc 2>/dev/null || echo 2)

# Every Debian package the build, the console and the tests use (see README, Dependencies).
packages=(
    build-essential cmake ninja-build pkg-config
    libimgui-dev libstb-dev libglfw3-dev
    libcpp-httplib-dev libssl-dev libsimdjson-dev
    libreaderwriterqueue-dev libconcurrentqueue-dev
    libgtest-dev libbenchmark-dev nlohmann-json3-dev libsqlite3-dev libsecret-1-dev
    fonts-inter fonts-jetbrains-mono
    xvfb xauth xdotool imagemagick xdg-utils ca-certificates openssl
    clang libclang-rt-14-dev libfuzzer-14-dev iproute2
)

install_missing() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        echo "Installing: ${missing[*]}"
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    else
        echo "Missing Debian packages. Run this once, then run this command again:"
        echo "  sudo apt-get install -y ${missing[*]}"
        exit 1
    fi
}

configure_and_build() {
    local generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    if [ ! -f "$build/CMakeCache.txt" ]; then
        cmake -S "$here" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release
    fi
    cmake --build "$build" --parallel "$jobs"
}

case "${1:-run}" in
run)
    install_missing
    configure_and_build
    shift || true
    exec "$build/limitrail-console" "$@"
    ;;
test)
    install_missing
    start=$SECONDS
    configure_and_build
    echo "== build: $((SECONDS - start)) s"
    start=$SECONDS
    # -j: the suites are independent; e2e tests each get their own Xvfb server.
    ctest --test-dir "$build" --output-on-failure --parallel "$jobs" --timeout 300
    echo "== ctest: $((SECONDS - start)) s"
    if [ "${CI:-}" = true ] || [ "${LIMITRAIL_RELIABILITY:-}" = 1 ]; then
        "$here/tools/reliability.sh" all "${LIMITRAIL_FUZZ_SECONDS:-30}"
    fi
    ;;
*)
    echo "usage: tools/dev.sh run|test" >&2
    exit 2
    ;;
esac
