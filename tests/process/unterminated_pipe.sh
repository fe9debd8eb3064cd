#!/usr/bin/env bash
# 64 MB after a quote that never closes, from a pipe: the field cap stops
# the run (exit 1, naming line 2 where the quote opened) within 2 s and
# under 20 MB of resident memory, whatever follows.  (Sanitizer builds get
# 20 s and 256 MB: ASan's allocator and shadow memory.)
#     unterminated_pipe.sh CXCALC RUSAGE_RUN
source "$(dirname "$0")/lib.sh" "$@"
RUSAGE_RUN=${2:?usage: $0 CXCALC RUSAGE_RUN}
if [ "$SANITIZED" = 1 ]; then max_s=20; max_kb=262144; else max_s=2; max_kb=20480; fi

# The generator: a header, a quote opened on line 2, then 64 MB of text
# with commas and newlines, never closed.
awk 'BEGIN {
    printf "response_id,submitted_at,score,comment\nr1,2024-03-01T09:00:00Z,10,\""
    s = "lorem ipsum, dolor\nsit amet "
    while (length(s) < 65536) s = s s
    for (i = 0; i < 1024; i++) printf "%s", s
}' 2> /dev/null |
    "$RUSAGE_RUN" "$TMP/usage" "$CXCALC" nps -f json --col nps=score - \
        > "$TMP/out" 2> "$TMP/err"
read -r _ status _ secs _ kb < "$TMP/usage"
echo "exit $status after $secs s, peak RSS $kb KB (limits $max_s s, $max_kb KB)"
expect_status "64 MB unterminated quote on a pipe" "$status" 1
awk -v s="$secs" -v m="$max_s" 'BEGIN { exit !(s <= m) }' ||
    fail "took $secs s (limit $max_s s)"
[ "$kb" -le "$max_kb" ] || fail "peak RSS $kb KB (limit $max_kb KB)"
expect_match "stderr" "$TMP/err" \
    '^cxcalc: <stdin>:2: quoted field opened at line 2 runs past 1048576 bytes'
expect_empty "stdout" "$TMP/out"
no_sanitizer "$TMP/err"
finish
