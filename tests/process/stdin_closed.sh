#!/usr/bin/env bash
# stdin closed (`<&-`): reading it is a read error, exit 1, naming
# <stdin>; a run that reads a FILE does not care (the file may even get
# descriptor 0).
source "$(dirname "$0")/lib.sh" "$@"

"$CXCALC" nps -f json --col nps=score - <&- > "$TMP/out" 2> "$TMP/err"
expect_status "nps - <&-" $? 1
expect_match "stderr of nps - <&-" "$TMP/err" \
    '^cxcalc: <stdin>: read error: Bad file descriptor$'
expect_empty "stdout of nps - <&-" "$TMP/out"
no_sanitizer "$TMP/err"

"$CXCALC" nps -f json --col nps=score <&- > "$TMP/out" 2> "$TMP/err"
expect_status "nps (no FILE) <&-" $? 1
expect_match "stderr of nps <&-" "$TMP/err" \
    '^cxcalc: <stdin>: read error: Bad file descriptor$'
no_sanitizer "$TMP/err"

"$CXCALC" nps -f json --col nps=score "$BASE" <&- > "$TMP/out" 2> "$TMP/err"
expect_status "nps FILE <&-" $? 0
expect_empty "stderr of nps FILE <&-" "$TMP/err"
expect_match "stdout of nps FILE <&-" "$TMP/out" '"n": 5,'
finish
