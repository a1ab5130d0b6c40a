# The first screen under Xvfb: the window opens at its size, the embedded sandbox answers its
# health check through the worker, and the screenshot shows the drawn console.
source "$(dirname "$0")/lib.sh"

cat >"$OUT/script.txt" <<SCRIPT
wait-frames 3
wait-health 20
wait-frames 3
screenshot $OUT/first-screen.png
quit
SCRIPT

run_console "$OUT/script.txt"
check_png "$OUT/first-screen.png" 1600 1000
grep -q "GET http://127.0.0.1:[0-9]*/health -> 200" "$OUT/console.log" || {
    echo "FAIL: no successful health check in the console log" >&2
    exit 1
}
# imgui.ini goes to the config directory, never the working directory.
[ -f "$XDG_CONFIG_HOME/limitrail-console/imgui.ini" ] || {
    echo "FAIL: imgui.ini was not written to $XDG_CONFIG_HOME/limitrail-console" >&2
    exit 1
}
echo "first screen OK: $OUT/first-screen.png"
