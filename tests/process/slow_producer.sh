#!/usr/bin/env bash
# A slow producer on a pipe gives the same report as the file: short reads
# inside the first block (which the delimiter is sniffed from), and a pause
# in the middle of a CRLF line well past the first 1 MiB block.
source "$(dirname "$0")/lib.sh" "$@"
run() { "$CXCALC" nps -f json --col nps=score --by submitted_at - "$@"; }

run < "$BASE" > "$TMP/expected" 2> "$TMP/err"
expect_status "nps - < FILE" $? 0
(head -3 "$BASE"; sleep 1; tail -n +4 "$BASE") | run > "$TMP/out" \
    2> "$TMP/err"
expect_status "slow producer" $? 0
expect_empty "stderr of the slow producer" "$TMP/err"
if cmp -s "$TMP/expected" "$TMP/out"; then
    echo "ok: same report as the file"
else
    fail "the report differs from the file's:"
    diff "$TMP/expected" "$TMP/out" | head -20
fi

# About 3 MB of CRLF rows, paused inside a line (between its CR and LF at
# an odd offset) after 1.5 MB.
make_rows 80000 "$TMP/big.lf"
sed 's/$/\r/' "$TMP/big.lf" > "$TMP/big.csv"
size=$(wc -c < "$TMP/big.csv")
cut=$(grep -bo $'\r' "$TMP/big.csv" | awk -F: '$1 > 1500000 {print $1 + 1; exit}')
[ -n "$cut" ] && [ "$cut" -lt "$size" ] || skip "could not place the pause"
run < "$TMP/big.csv" > "$TMP/expected" 2> "$TMP/err"
expect_status "nps - < BIG" $? 0
(head -c "$cut" "$TMP/big.csv"; sleep 1; tail -c +"$((cut + 1))" "$TMP/big.csv") |
    run > "$TMP/out" 2> "$TMP/err"
expect_status "slow producer, 3 MB" $? 0
expect_empty "stderr of the slow 3 MB producer" "$TMP/err"
if cmp -s "$TMP/expected" "$TMP/out"; then
    echo "ok: same report as the 3 MB file"
else
    fail "the 3 MB report differs from the file's:"
    diff "$TMP/expected" "$TMP/out" | head -20
fi
finish
