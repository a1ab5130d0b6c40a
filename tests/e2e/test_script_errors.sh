# A script with an unknown verb stops before anything runs, naming the line.
source "$(dirname "$0")/lib.sh"

printf 'wait-frames 1\nscreenshoot x.png\nquit\n' >"$OUT/bad.txt"
set +e
timeout 60 xvfb-run -a -s "-screen 0 1600x1000x24" "$CONSOLE" --script "$OUT/bad.txt" \
    >"$OUT/console.log" 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] || { echo "FAIL: a bad script exited 0" >&2; exit 1; }
grep -q "line 2: unknown verb 'screenshoot'" "$OUT/console.log" || {
    echo "FAIL: the error does not name line 2 and the verb:" >&2
    cat "$OUT/console.log" >&2
    exit 1
}
echo "script errors OK"
