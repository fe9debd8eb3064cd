#!/usr/bin/env bash
# A reader that stops early (`| head -c 10`) ends the run quietly (SPEC §5:
# a closed stdout ends the run quietly): nothing on stderr and exit 0, both
# with SIGPIPE ignored by the parent (`trap '' PIPE`, as cron and some
# shells start jobs) and with the default disposition.
source "$(dirname "$0")/lib.sh" "$@"
make_rows 20000 "$TMP/big.csv"      # reports of 2-8 MB with --by

for fmt in json text csv; do
    for how in ignored default; do
        if [ "$how" = ignored ]; then
            (trap '' PIPE
             "$CXCALC" nps -f "$fmt" --col nps=score --by response_id \
                 "$TMP/big.csv" 2> "$TMP/err" | head -c 10 > "$TMP/out"
             echo "${PIPESTATUS[0]}" > "$TMP/status")
        else
            ("$CXCALC" nps -f "$fmt" --col nps=score --by response_id \
                 "$TMP/big.csv" 2> "$TMP/err" | head -c 10 > "$TMP/out"
             echo "${PIPESTATUS[0]}" > "$TMP/status")
        fi
        expect_status "-f $fmt | head -c 10, SIGPIPE $how" \
            "$(cat "$TMP/status")" 0
        expect_empty "stderr of -f $fmt | head, SIGPIPE $how" "$TMP/err"
        [ "$(wc -c < "$TMP/out")" -eq 10 ] ||
            fail "-f $fmt: head got $(wc -c < "$TMP/out") bytes"
    done
done
finish
