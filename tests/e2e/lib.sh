# Shared by the end-to-end tests: run the console under Xvfb with a script and check PNGs.
# Usage in a test: source "$(dirname "$0")/lib.sh"; then run_console SCRIPT; check_png FILE W H

set -euo pipefail

CONSOLE=${1:?usage: test_x.sh CONSOLE WORKDIR}
WORKDIR=${2:?usage: test_x.sh CONSOLE WORKDIR}
NAME=$(basename "$0" .sh)
OUT="$WORKDIR/$NAME"
rm -rf "$OUT"
mkdir -p "$OUT/config" "$OUT/data"

# Each test gets its own config and data directories, never the user's.
export XDG_CONFIG_HOME="$OUT/config"
export XDG_DATA_HOME="$OUT/data"

run_console() {
    local script=$1
    shift
    timeout 150 xvfb-run -a -s "-screen 0 1600x1000x24" "$CONSOLE" --script "$script" "$@" \
        >"$OUT/console.log" 2>&1 || {
        local rc=$?
        echo "console exited with $rc; its log:" >&2
        cat "$OUT/console.log" >&2
        return 1
    }
}

# check_png FILE WIDTH HEIGHT: the PNG exists, has the window's size, and is not blank.
check_png() {
    local file=$1 width=$2 height=$3
    [ -s "$file" ] || { echo "FAIL: $file is missing or empty" >&2; return 1; }
    local size
    size=$(identify -format '%wx%h' "$file")
    [ "$size" = "${width}x${height}" ] || {
        echo "FAIL: $file is $size, expected ${width}x${height}" >&2
        return 1
    }
    # A blank frame has one colour; the console's first screen has hundreds (text, frames).
    local colours
    colours=$(identify -format '%k' "$file")
    [ "$colours" -ge 50 ] || { echo "FAIL: $file looks blank ($colours colours)" >&2; return 1; }
}
