#!/usr/bin/env bash
# A missing input file: exit 1, "cannot open" with the reason, no report;
# -o leaves no file behind.
source "$(dirname "$0")/lib.sh" "$@"

"$CXCALC" nps -f json --col nps=score "$TMP/nope.csv" > "$TMP/out" \
    2> "$TMP/err"
expect_status "nps MISSING" $? 1
expect_match "stderr of nps MISSING" "$TMP/err" \
    "^cxcalc: $TMP/nope.csv: cannot open: No such file or directory$"
expect_empty "stdout of nps MISSING" "$TMP/out"
no_sanitizer "$TMP/err"

mkdir "$TMP/reports"
"$CXCALC" nps -f json --col nps=score -o "$TMP/reports/r.json" \
    "$BASE" "$TMP/nope.csv" 2> "$TMP/err"
expect_status "nps -o R FILE MISSING" $? 1
if [ -n "$(ls -A "$TMP/reports")" ]; then
    fail "-o left files behind: $(ls -A "$TMP/reports")"
else
    echo "ok: -o left no file"
fi
finish
