#!/usr/bin/env bash
# tests/bench/compressed.sh CXCALC SURVEY.csv [RUNS] — what compressed input
# costs: `cxcalc nps --by segment` on the plain file (one thread, and the
# default threads), on a gzip -6 copy and on a zstd -3 copy, interleaved
# run by run so that every ratio comes from the same minutes of the same
# machine; then the decompressors alone (zcat, zstd -dc) as floors.
# Prints a markdown table of median wall seconds and peak RSS, and each
# time as a ratio of the one-thread plain read.  BASE=OLD_CXCALC adds the
# plain one-thread run of another binary (the reader before a change).
# The copies are made once, beside SURVEY (SURVEY.gz, SURVEY.zst).
set -euo pipefail
CX=$1 S=$2 RUNS=${3:-5}
[ -f "$S.gz" ] || gzip -6 -c "$S" > "$S.gz"
[ -f "$S.zst" ] || zstd -3 -q -c "$S" > "$S.zst"
cat "$S" "$S.gz" "$S.zst" > /dev/null          # warm the page cache
declare -A cmd=(
    [plain-1t]="$CX nps --by segment -q --threads 1 $S"
    [plain]="$CX nps --by segment -q $S"
    [gzip]="$CX nps --by segment -q $S.gz"
    [zstd]="$CX nps --by segment -q $S.zst"
    [zcat]="zcat $S.gz"
    [zstd-dc]="zstd -dc $S.zst"
)
order=(plain-1t plain gzip zstd zcat zstd-dc)
if [ -n "${BASE:-}" ]; then
    cmd[base-plain-1t]="$BASE nps --by segment -q --threads 1 $S"
    order=(base-plain-1t "${order[@]}")
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for ((r = 0; r < RUNS; r++)); do
    for k in "${order[@]}"; do
        /usr/bin/time -f '%e %M' -o "$tmp/t" ${cmd[$k]} > /dev/null
        cat "$tmp/t" >> "$tmp/$k"
    done
done
# checks: the same JSON from the plain file and both copies
a=$($CX nps --by segment -q "$S" | grep -v '"path"')
for z in gz zst; do
    [ "$($CX nps --by segment -q "$S.$z" | grep -v '"path"')" = "$a" ] \
        || { echo "DISAGREE: $S.$z" >&2; exit 1; }
done
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
t1=$(cut -d' ' -f1 "$tmp/plain-1t" | median)
echo "| input | wall s (median of $RUNS) | peak RSS MB | × plain, 1 thread |"
echo "|---|---:|---:|---:|"
for k in "${order[@]}"; do
    t=$(cut -d' ' -f1 "$tmp/$k" | median)
    m=$(cut -d' ' -f2 "$tmp/$k" | median)
    awk -v k="$k" -v t="$t" -v m="$m" -v b="$t1" \
        'BEGIN {printf "| %s | %.2f | %.1f | %.2f |\n", k, t, m / 1024, t / b}'
done
