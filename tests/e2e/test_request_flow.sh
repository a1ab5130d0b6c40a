# The heart of the console under Xvfb: a token, GET /v1/accounts, and the 400 card for a
# missing `from` whose field link highlights the input. Each step's status is asserted by the
# script itself (expect-status) and each screen is saved.
source "$(dirname "$0")/lib.sh"

cat >"$OUT/script.txt" <<SCRIPT
wait-frames 3
select POST /connect/token
send
wait-response 20
expect-status 200
wait-frames 3
screenshot $OUT/token.png
select GET /v1/accounts
send
wait-response 20
expect-status 200
wait-frames 3
screenshot $OUT/accounts-200.png
select GET /v1/runtime/usage
set from ""
send
send anyway
wait-response 20
expect-status 400
follow-field
wait-frames 3
screenshot $OUT/from-400.png
quit
SCRIPT

run_console "$OUT/script.txt"
for png in token accounts-200 from-400; do
    check_png "$OUT/$png.png" 1600 1000
done
grep -q "POST http://127.0.0.1:[0-9]*/connect/token -> 200" "$OUT/console.log"
grep -q "GET http://127.0.0.1:[0-9]*/v1/runtime/usage -> 400" "$OUT/console.log"
# Nothing the console logged carries the secret or a bearer token.
if grep -q -e "sandbox-secret" -e "eyJ" "$OUT/console.log"; then
    echo "FAIL: the log shows the client secret or a token" >&2
    exit 1
fi
echo "request flow OK"
