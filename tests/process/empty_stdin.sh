#!/usr/bin/env bash
# `cxcalc nps < /dev/null`: the empty-input error (exit 1), as for an empty
# file.
source "$(dirname "$0")/lib.sh" "$@"

"$CXCALC" nps -f json --col nps=score < /dev/null > "$TMP/out" 2> "$TMP/err"
expect_status "nps < /dev/null" $? 1
expect_match "stderr" "$TMP/err" '^cxcalc: <stdin>: empty input: no header row$'
expect_empty "stdout" "$TMP/out"
no_sanitizer "$TMP/err"
finish
