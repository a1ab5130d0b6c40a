# The Stats window after 5 000 calls of GET /v1/accounts at concurrency 8 on the embedded
# sandbox: one Send (which fetches the token), then the repeat runner through the script verbs;
# the stats must count every call, and the screenshot shows the table, histogram and timeline.
source "$(dirname "$0")/lib.sh"

cat >"$OUT/script.txt" <<SCRIPT
wait-health 20
select GET /v1/accounts
send
wait-response 30
expect-status 200
repeat 5000 8
wait-idle 120
expect-stat "GET /v1/accounts" count 5001
expect-stat "GET /v1/accounts" errors 0
mouse 300 900
wait-frames 10
screenshot $OUT/stats-5000-accounts.png
quit
SCRIPT

run_console "$OUT/script.txt"
check_png "$OUT/stats-5000-accounts.png" 1600 1000
grep -q "repeat GET /v1/accounts finished after 5000 calls" "$OUT/console.log" || {
    echo "FAIL: the run did not finish 5000 calls" >&2
    exit 1
}
echo "stats runner OK: $OUT/stats-5000-accounts.png"
