#!/usr/bin/env bash
# A directory as input: an input error (exit 1) naming it, on the command
# line and on stdin; nothing on stdout.
source "$(dirname "$0")/lib.sh" "$@"
mkdir "$TMP/exports"

"$CXCALC" nps -f json --col nps=score "$TMP/exports" > "$TMP/out" \
    2> "$TMP/err"
expect_status "nps DIR" $? 1
expect_match "stderr of nps DIR" "$TMP/err" \
    "^cxcalc: $TMP/exports: is a directory"
expect_empty "stdout of nps DIR" "$TMP/out"
no_sanitizer "$TMP/err"

"$CXCALC" nps -f json --col nps=score - < "$TMP/exports" > "$TMP/out" \
    2> "$TMP/err"
expect_status "nps - < DIR" $? 1
expect_match "stderr of nps - < DIR" "$TMP/err" '^cxcalc: <stdin>: '
expect_empty "stdout of nps - < DIR" "$TMP/out"
no_sanitizer "$TMP/err"

# The second of two inputs is a directory: still an error, and no report.
"$CXCALC" nps -f json --col nps=score "$BASE" "$TMP/exports" \
    > "$TMP/out" 2> "$TMP/err"
expect_status "nps FILE DIR" $? 1
expect_match "stderr of nps FILE DIR" "$TMP/err" \
    "^cxcalc: $TMP/exports: is a directory"
expect_empty "stdout of nps FILE DIR" "$TMP/out"
finish
