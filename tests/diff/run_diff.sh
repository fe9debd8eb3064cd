#!/usr/bin/env bash
# Differential test: cxcalc's survey metrics (nps, csat, ces) against the
# independent Python reference in tests/tools/ref_survey.py, on generated
# messy survey exports.
#
# Usage: tests/diff/run_diff.sh CXCALC_BINARY
#
# Environment: PYTHON (default python3), DIFF_TOL (default 1e-6),
# KEEP_TMP=1 keeps the work directory for inspection.
# Exit status: 0 all cases agree, 1 a case failed, 2 usage error.

set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 CXCALC_BINARY" >&2
    exit 2
fi

cxcalc=$1
case $cxcalc in
    */*) cxcalc=$(cd "$(dirname "$cxcalc")" && pwd)/$(basename "$cxcalc") ;;
    *) cxcalc=$(command -v "$cxcalc" || true) ;;
esac
if [ -z "$cxcalc" ] || [ ! -x "$cxcalc" ]; then
    echo "$0: '$1' is not an executable" >&2
    exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools=$(cd "$here/../tools" && pwd)
py=${PYTHON:-python3}
tol=${DIFF_TOL:-1e-6}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cxcalc-diff.XXXXXX")
cleanup() {
    if [ "${KEEP_TMP:-0}" = 1 ]; then
        echo "work directory kept: $tmp" >&2
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT

gen() { # NAME GENERATOR-OPTIONS...
    local name=$1
    shift
    "$py" "$tools/gen_survey.py" "$@" >"$tmp/$name.csv"
}

gen base    --rows 2000 --seed 1
gen seed2   --rows 2000 --seed 2 --segments 8
gen crlfbom --rows 2000 --seed 3 --crlf --bom
gen semi    --rows 2000 --seed 4 --delimiter ';'
gen tab     --rows 1500 --seed 5 --delimiter tab
gen pipe    --rows 1500 --seed 6 --delimiter '|' --crlf
gen manyseg --rows 2000 --seed 7 --segments 36
gen tiny    --rows 40   --seed 8 --segments 12

pass=0
fail=0
failed=()

# run_case NAME STDIN(0|1) FILE METRIC [OPTIONS...]
run_case() {
    local name=$1 use_stdin=$2 file=$3 metric=$4
    shift 4
    local dir="$tmp/case$((pass + fail))"
    mkdir -p "$dir"
    local shown="cxcalc $metric -q -f json $* $(basename "$file")"
    [ "$use_stdin" = 1 ] && shown="cxcalc $metric -q -f json $* - < $(basename "$file")"

    local rc=0
    if [ "$use_stdin" = 1 ]; then
        "$cxcalc" "$metric" -q -f json --max-invalid 100% "$@" - <"$file" >"$dir/actual.json" \
            2>"$dir/cx.err" || rc=$?
    else
        "$cxcalc" "$metric" -q -f json --max-invalid 100% "$@" "$file" >"$dir/actual.json" \
            2>"$dir/cx.err" || rc=$?
    fi
    local rrc=0
    "$py" "$tools/ref_survey.py" "$metric" "$@" "$file" >"$dir/expected.json" \
        2>"$dir/ref.err" || rrc=$?

    local why=""
    if [ $rrc -ne 0 ]; then
        why="reference failed (exit $rrc): $(head -c 500 "$dir/ref.err")"
    elif [ $rc -ne 0 ]; then
        why="cxcalc exit $rc: $(head -c 500 "$dir/cx.err")"
    elif ! "$py" "$tools/compare_json.py" --tol "$tol" "$dir/expected.json" \
            "$dir/actual.json" >"$dir/compare.out" 2>&1; then
        why=$(head -n 20 "$dir/compare.out")
    fi
    if [ -z "$why" ]; then
        pass=$((pass + 1))
        printf 'ok   %-34s %s\n' "$name" "$(tail -n 1 "$dir/compare.out")"
    else
        fail=$((fail + 1))
        failed+=("$name")
        printf 'FAIL %-34s %s\n' "$name" "$shown"
        printf '%s\n' "$why" | sed 's/^/     /'
    fi
}

case_() { run_case "$1" 0 "$tmp/$2.csv" "${@:3}"; }
case_stdin() { run_case "$1" 1 "$tmp/$2.csv" "${@:3}"; }

# overall, on every dialect variant
for f in base seed2 crlfbom semi tab pipe; do
    for m in nps csat ces; do
        case_ "$m overall ($f)" "$f" "$m"
    done
done

# stdin
case_stdin "nps stdin (base)"              base    nps
case_stdin "nps stdin (crlfbom)"           crlfbom nps
case_stdin "csat stdin --by segment (semi)" semi   csat --by segment

# grouping
for m in nps csat ces; do
    case_ "$m --by segment"                  base "$m" --by segment
    case_ "$m --by channel --period month"   base "$m" --by channel --period month
    case_ "$m --period week"                 base "$m" --period week
    case_ "$m --confidence 0.9"              base "$m" --confidence 0.9
done
case_ "nps --by segment,channel"             seed2 nps --by segment,channel
case_ "csat --by channel,segment (crlfbom)"  crlfbom csat --by channel,segment
case_ "nps --period day"                     seed2 nps --period day
case_ "ces --period quarter --by channel"    semi ces --period quarter --by channel
case_ "csat --period year"                   base csat --period year
case_ "nps --period week (crlfbom)"          crlfbom nps --period week

# weights
case_ "nps --weight weight"                  base nps --weight weight
case_ "nps --weight weight --by segment"     seed2 nps --weight weight --by segment
case_ "nps --weight weight --period month"   crlfbom nps --weight weight --period month
case_ "nps --weight --conf 0.99 (semi)"      semi nps --weight weight --confidence 0.99

# scales
case_ "ces --ces-low-is-easy --ces-scale 1-7" base ces --ces-low-is-easy --ces-scale 1-7
case_ "ces --ces-scale 1-5"                  base ces --ces-scale 1-5
case_ "ces --ces-scale 1-5 --ces-low-is-easy" seed2 ces --ces-scale 1-5 --ces-low-is-easy
case_ "csat --csat-scale 1-5"                base csat --csat-scale 1-5
case_ "csat --csat-scale 0-10"               base csat --csat-scale 0-10
case_ "csat --csat-scale 1-7"                seed2 csat --csat-scale 1-7
case_ "csat --csat-satisfied 3-5"            base csat --csat-satisfied 3-5

# filters
for m in nps csat ces; do
    case_ "$m --since/--until"               base "$m" --since 2026-03-01 --until 2026-07-01
    case_ "$m --where channel=email"         base "$m" --where channel=email
done
case_ "nps --since/--until --period week"    crlfbom nps --since 2026-03-01 --until 2026-07-01 --period week
case_ "csat --since with offset"             seed2 csat --since 2026-06-30T22:00:00-02:00 --by channel
case_ "nps --until only"                     semi nps --until 2026-01-01T01:00Z --period day
case_ "ces --where channel!=email --by seg"  base ces --where channel!=email --by segment
case_ "nps --where x2 --weight"              seed2 nps --where channel!=web --where segment!=NA --weight weight

# small-group suppression
for m in nps csat ces; do
    case_ "$m --min-n 50 --by segment"       manyseg "$m" --min-n 50 --by segment
done
case_ "nps --min-n 30 --weight --by seg,ch"  base nps --min-n 30 --weight weight --by segment,channel
case_ "ces --min-n 2 --by segment (tiny)"    tiny ces --min-n 2 --by segment
case_ "nps --by segment (tiny)"              tiny nps --by segment --period month
case_ "csat --by segment (tiny)"             tiny csat --by segment,channel
case_ "ces --by segment (tiny)"              tiny ces --by segment --confidence 0.8

echo
echo "$pass passed, $fail failed"
if [ "$fail" -ne 0 ]; then
    for n in "${failed[@]}"; do
        echo "failed: $n"
    done
    exit 1
fi
