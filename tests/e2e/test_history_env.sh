# Environments and history under Xvfb: switching to Staging shows its URLs and drops the
# token; the History window lists the calls made, newest first; a second start keeps them.
# The calls are made with the secret revealed on screen: it still never reaches the disk.
source "$(dirname "$0")/lib.sh"

cat >"$OUT/first.txt" <<SCRIPT
wait-frames 3
reveal on
send
wait-response 20
expect-status 200
select GET /v1/meters
send
wait-response 20
expect-status 200
env Staging
wait-frames 3
screenshot $OUT/staging.png
env Sandbox
quit
SCRIPT
run_console "$OUT/first.txt"
check_png "$OUT/staging.png" 1600 1000

# A new start: the history is read back off the UI thread; history-open reopens the newest.
cat >"$OUT/second.txt" <<SCRIPT
wait-frames 3
history-window show
wait-history 2 20
history-open 1
wait-frames 5
screenshot $OUT/history.png
quit
SCRIPT
run_console "$OUT/second.txt"
check_png "$OUT/history.png" 1600 1000

# Neither the secret nor a token reached the disk.
if grep -r -a -l -e "sandbox-secret" -e "eyJhbGciOi" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"; then
    echo "FAIL: a secret or token is on disk" >&2
    exit 1
fi
echo "history and environments OK"
