# The docs language is a setting: chosen in one run, it is there in the next.
source "$(dirname "$0")/lib.sh"

printf 'wait-frames 2\ndocs-lang it\nwait-frames 2\nquit\n' >"$OUT/first.txt"
run_console "$OUT/first.txt"
grep -q '"docsLang": "it"' "$XDG_CONFIG_HOME/limitrail-console/settings.json" || {
    echo "FAIL: settings.json does not keep docsLang it" >&2
    exit 1
}

cat >"$OUT/second.txt" <<SCRIPT
wait-frames 3
select GET /v1/runtime/usage
wait-frames 3
screenshot $OUT/docs-it.png
quit
SCRIPT
run_console "$OUT/second.txt"
check_png "$OUT/docs-it.png" 1600 1000
echo "docs language OK"
