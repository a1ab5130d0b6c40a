# An idle console sleeps in glfwWaitEvents: over 10 s with the window open and nothing
# happening, the process uses under 1% of a core (its own CPU time, read from /proc).
source "$(dirname "$0")/lib.sh"

xvfb-run -a -s "-screen 0 1600x1000x24" "$CONSOLE" >"$OUT/console.log" 2>&1 &
runner=$!
trap 'kill $runner 2>/dev/null; pkill -P $runner 2>/dev/null || true' EXIT

# Wait until the console has drawn its first screen and answered its health check.
for _ in $(seq 1 100); do
    grep -q "/health -> 200" "$OUT/console.log" 2>/dev/null && break
    sleep 0.2
done
pid=$(pgrep -n -f "^$CONSOLE\$" || true)
[ -n "$pid" ] || { echo "FAIL: the console is not running" >&2; cat "$OUT/console.log" >&2; exit 1; }
sleep 2 # the frames that follow start-up settle

ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
before=$(ticks)
sleep 10
after=$(ticks)
used=$((after - before))
# 1% of one core over 10 s is 0.1 s of CPU time.
limit=$((hz / 10))
echo "idle CPU: $used ticks in 10 s at $hz ticks/s (limit $limit)"
[ "$used" -lt "$limit" ] || { echo "FAIL: an idle console used $used ticks in 10 s" >&2; exit 1; }
kill "$pid"
