# The List browser on the embedded sandbox with 20 000 usage records: the export of the whole
# data window opens as a table of every record, sorts by quantity (checked row by row), and a
# filter keeps exactly the rows that hold its text (checked against the unfiltered export).
# Then GET /v1/runtime/usage in pages of 5 000, followed to its end with Load all pages, holds
# the same 20 000 records. Screenshots of the sorted and of the filtered table.
source "$(dirname "$0")/lib.sh"

RECORDS=20000
cat >"$OUT/script.txt" <<SCRIPT
wait-health 20
select GET /v1/usage/export
set from 2025-12-02T00:00:00Z
set to 2026-01-01T00:00:00Z
set accountId ""
set meter ""
send
wait-response 120
expect-status 200
wait-list 60
expect-rows $RECORDS
export-list $OUT/all.ndjson
wait-list 60
sort quantity desc
wait-list 60
expect-sorted quantity desc
wait-frames 5
screenshot $OUT/list-sorted.png
filter externalRef:crm-000042
wait-list 60
expect-sorted quantity desc
export-list $OUT/filtered.ndjson
wait-list 60
wait-frames 5
screenshot $OUT/list-filtered.png
select GET /v1/runtime/usage
set from 2025-12-02T00:00:00Z
set to 2026-01-01T00:00:00Z
set accountId ""
set meter ""
set limit 5000
send
wait-response 60
expect-status 200
wait-list 60
expect-rows 5000
load-all-pages
wait-list 120
expect-rows $RECORDS
quit
SCRIPT

run_console "$OUT/script.txt" --sandbox-records "$RECORDS"
check_png "$OUT/list-sorted.png" 1600 1000
check_png "$OUT/list-filtered.png" 1600 1000

# The NDJSON exports: one line per row; the filtered one holds exactly the rows of the full one
# whose externalRef is crm-000042.
all=$(wc -l <"$OUT/all.ndjson")
[ "$all" -eq "$RECORDS" ] || { echo "FAIL: all.ndjson has $all rows, not $RECORDS" >&2; exit 1; }
expected=$(grep -c '"externalRef":"crm-000042"' "$OUT/all.ndjson" || true)
filtered=$(wc -l <"$OUT/filtered.ndjson")
[ "$expected" -gt 0 ] || { echo "FAIL: no crm-000042 rows in the export" >&2; exit 1; }
[ "$filtered" -eq "$expected" ] || {
    echo "FAIL: the filter kept $filtered rows, the export has $expected for crm-000042" >&2
    exit 1
}
grep -q "page walk of .*/v1/runtime/usage ended after 3 pages, 15000 rows" "$OUT/console.log" || {
    echo "FAIL: the page walk did not fetch the 3 remaining pages" >&2
    exit 1
}
echo "list browser OK: $OUT/list-sorted.png $OUT/list-filtered.png ($filtered of $all rows)"
