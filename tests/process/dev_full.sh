#!/usr/bin/env bash
# A full disk: `cxcalc … > /dev/full` exits 1 with a write error (SPEC §5:
# exit 1 on a write failure such as a full disk), in every format.
source "$(dirname "$0")/lib.sh" "$@"
[ -c /dev/full ] || skip "/dev/full is not a character device here"

for fmt in json text csv; do
    "$CXCALC" nps -f "$fmt" --col nps=score "$BASE" > /dev/full \
        2> "$TMP/err"
    expect_status "-f $fmt > /dev/full" $? 1
    expect_match "stderr of -f $fmt" "$TMP/err" \
        '^cxcalc: write error: No space left on device$'
    no_sanitizer "$TMP/err"
done
finish
