#!/usr/bin/env bash
# stdout closed (`>&-`): a write failure, exit 1 with a message naming it,
# never exit 0 with the report lost.
source "$(dirname "$0")/lib.sh" "$@"

for fmt in json text csv; do
    "$CXCALC" nps -f "$fmt" --col nps=score "$BASE" >&- 2> "$TMP/err"
    expect_status "-f $fmt >&-" $? 1
    expect_match "stderr of -f $fmt" "$TMP/err" \
        '^cxcalc: write error: Bad file descriptor$'
    no_sanitizer "$TMP/err"
done
finish
