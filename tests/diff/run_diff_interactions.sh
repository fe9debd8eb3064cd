#!/usr/bin/env bash
# Differential test: cxcalc's interaction metrics (aht, fcr) against the
# independent Python reference in tests/tools/ref_interactions.py, on
# generated contact-center exports, plus the hand-made cases of
# tests/diff/interactions_cases.md (checked against their written-out
# expected numbers, for both cxcalc and the reference).
#
# Usage: tests/diff/run_diff_interactions.sh CXCALC_BINARY
#        tests/diff/run_diff_interactions.sh --reference-only
#            (only the hand-made cases, against the reference alone)
#
# Environment: PYTHON (default python3), DIFF_TOL (default 1e-6),
# ROWS (rows per generated file, default 3000), KEEP_TMP=1 keeps the work
# directory for inspection.
# Exit status: 0 all cases agree, 1 a case failed, 2 usage error.

set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 CXCALC_BINARY | --reference-only" >&2
    exit 2
fi

ref_only=0
cxcalc=
if [ "$1" = --reference-only ]; then
    ref_only=1
else
    cxcalc=$1
    case $cxcalc in
        */*) cxcalc=$(cd "$(dirname "$cxcalc")" && pwd)/$(basename "$cxcalc") ;;
        *) cxcalc=$(command -v "$cxcalc" || true) ;;
    esac
    if [ -z "$cxcalc" ] || [ ! -x "$cxcalc" ]; then
        echo "$0: '$1' is not an executable" >&2
        exit 2
    fi
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tools=$(cd "$here/../tools" && pwd)
py=${PYTHON:-python3}
tol=${DIFF_TOL:-1e-6}
rows=${ROWS:-3000}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cxcalc-diff-int.XXXXXX")
cleanup() {
    if [ "${KEEP_TMP:-0}" = 1 ]; then
        echo "work directory kept: $tmp" >&2
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT

pass=0
fail=0
failed=()

report() { # NAME SHOWN WHY COMPARE-OUTPUT
    if [ -z "$3" ]; then
        pass=$((pass + 1))
        printf 'ok   %-44s %s\n' "$1" "$(tail -n 1 "$4" 2>/dev/null || true)"
    else
        fail=$((fail + 1))
        failed+=("$1")
        printf 'FAIL %-44s %s\n' "$1" "$2"
        printf '%s\n' "$3" | sed 's/^/     /'
    fi
}

# --------------------------------------------------------------------------
# hand-made cases: interactions_cases.md -> files + (command, expected) pairs

hand="$tmp/hand"
mkdir -p "$hand"
"$py" - "$here/interactions_cases.md" "$hand" <<'EOF'
import os, re, shlex, sys
md, out = sys.argv[1], sys.argv[2]
text = open(md, encoding="utf-8").read()
blocks = re.findall(r"^```([^\n]*)\n(.*?)^```\s*$", text, re.M | re.S)
n = 0
cmd = None
for info, body in blocks:
    info = info.split()
    if not info:
        continue
    if info[0] == "csv":
        with open(os.path.join(out, info[1]), "w", encoding="utf-8",
                  newline="") as f:
            f.write(body)
    elif info[0] == "cmd":
        cmd = shlex.split(body.strip())
        if len(cmd) < 3 or cmd[0] != "cxcalc":
            sys.exit(f"bad cmd block: {body!r}")
    elif info[0] == "json":
        if cmd is None:
            sys.exit("json block without a cmd block before it")
        n += 1
        with open(os.path.join(out, f"case{n:02d}.args"), "w",
                  encoding="utf-8") as f:
            f.write("\n".join(cmd[1:]) + "\n")
        with open(os.path.join(out, f"case{n:02d}.expected.json"), "w",
                  encoding="utf-8") as f:
            f.write(body)
        cmd = None
if n == 0:
    sys.exit("no cases found")
EOF

# check_hand WHO(ref|cxcalc) ARGS-FILE
check_hand() {
    local who=$1 argsf=$2
    local base=${argsf%.args}
    local args=()
    mapfile -t args <"$argsf"
    local metric=${args[0]}
    local rest=("${args[@]:1}")
    local shown="cxcalc ${args[*]}"
    local act="$base.$who.json" err="$base.$who.err" cmp="$base.$who.cmp"
    local rc=0
    if [ "$who" = ref ]; then
        (cd "$hand" && "$py" "$tools/ref_interactions.py" "$metric" \
            "${rest[@]}") >"$act" 2>"$err" || rc=$?
    else
        (cd "$hand" && "$cxcalc" "$metric" -q -f json --max-invalid 100% "${rest[@]}") \
            >"$act" 2>"$err" || rc=$?
    fi
    local why=""
    if [ $rc -ne 0 ]; then
        why="$who exit $rc: $(head -c 500 "$err")"
    elif ! "$py" "$tools/compare_json.py" --tol "$tol" "$base.expected.json" \
            "$act" >"$cmp" 2>&1; then
        why=$(head -n 20 "$cmp")
    fi
    report "hand[$who] ${args[*]}" "$shown" "$why" "$cmp"
}

for argsf in "$hand"/case*.args; do
    check_hand ref "$argsf"
    [ $ref_only = 1 ] || check_hand cxcalc "$argsf"
done

# --------------------------------------------------------------------------
# generated exports: cxcalc against the reference

gen() { # NAME GENERATOR-OPTIONS...
    local name=$1
    shift
    "$py" "$tools/gen_interactions.py" --rows "$rows" "$@" >"$tmp/$name.csv"
}

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
    "$py" "$tools/ref_interactions.py" "$metric" "$@" "$file" \
        >"$dir/expected.json" 2>"$dir/ref.err" || rrc=$?

    local why=""
    if [ $rrc -ne 0 ]; then
        why="reference failed (exit $rrc): $(head -c 500 "$dir/ref.err")"
    elif [ $rc -ne 0 ]; then
        why="cxcalc exit $rc: $(head -c 500 "$dir/cx.err")"
    elif ! "$py" "$tools/compare_json.py" --tol "$tol" "$dir/expected.json" \
            "$dir/actual.json" >"$dir/compare.out" 2>&1; then
        why=$(head -n 20 "$dir/compare.out")
    fi
    report "$name" "$shown" "$why" "$dir/compare.out"
}

case_() { run_case "$1" 0 "$tmp/$2.csv" "${@:3}"; }
case_stdin() { run_case "$1" 1 "$tmp/$2.csv" "${@:3}"; }

if [ $ref_only = 0 ]; then
    gen base   --seed 11
    gen handle --seed 12 --with-handle
    gen endst  --seed 13 --no-parts --with-end
    gen issue  --seed 14 --no-resolved --with-issue
    gen semi   --seed 15 --crlf --delimiter ';'
    gen fewcus --seed 16 --customers 60 --with-issue

    # overall, on every variant
    for f in base handle endst issue semi fewcus; do
        case_ "aht overall ($f)" "$f" aht
        case_ "fcr overall ($f)" "$f" fcr
    done

    # stdin
    case_stdin "aht stdin (base)"                      base aht
    case_stdin "aht stdin --by queue (semi)"           semi aht --by queue
    case_stdin "fcr stdin repeat (issue)"              issue fcr --by channel

    # AHT grouping
    case_ "aht --by queue"                             base aht --by queue
    case_ "aht --by queue (handle)"                    handle aht --by queue
    case_ "aht --by agent --period month"              base aht --by agent --period month
    case_ "aht --by agent --period month (semi)"       semi aht --by agent --period month
    case_ "aht --by channel"                           base aht --by channel
    case_ "aht --period week (endst)"                  endst aht --period week
    case_ "aht --period day"                           base aht --period day
    case_ "aht --by queue,channel --period quarter"    handle aht --by queue,channel --period quarter

    # AHT filters
    case_ "aht --since/--until"                        base aht --since 2026-02-01 --until 2026-03-01
    case_ "aht --since/--until --by queue (endst)"     endst aht --since 2026-01-15T12:00:00+02:00 --until 2026-03-15 --by queue
    case_ "aht --where queue=sales"                    base aht --where queue=sales --by agent
    case_ "aht --where channel!=email (handle)"        handle aht --where channel!=email

    # FCR, flag method
    case_ "fcr --by agent"                             base fcr --by agent
    case_ "fcr --by agent (semi)"                      semi fcr --by agent
    case_ "fcr --by queue --period month"              handle fcr --by queue --period month
    case_ "fcr --by agent --min-n 250"                 base fcr --by agent --min-n 250
    case_ "fcr --by agent,queue --min-n 60"            base fcr --by agent,queue --min-n 60
    case_ "fcr --confidence 0.9 --by channel"          base fcr --confidence 0.9 --by channel
    case_ "fcr --since/--until"                        base fcr --since 2026-01-10 --until 2026-02-20

    # FCR, repeat-contact method
    case_ "fcr --fcr-method repeat"                    base fcr --fcr-method repeat
    case_ "fcr --fcr-method repeat (semi)"             semi fcr --fcr-method repeat
    case_ "fcr repeat --fcr-window 48h --by queue"     base fcr --fcr-method repeat --fcr-window 48h --by queue
    case_ "fcr repeat --fcr-window 2d --by queue"      base fcr --fcr-method repeat --fcr-window 2d --by queue
    case_ "fcr repeat --period week"                   base fcr --fcr-method repeat --period week
    case_ "fcr repeat --by agent --min-n 136"          base fcr --fcr-method repeat --by agent --min-n 136
    case_ "fcr repeat --by queue --period month"       handle fcr --fcr-method repeat --by queue --period month
    case_ "fcr (issue) --by queue"                     issue fcr --by queue
    case_ "fcr (issue) --fcr-window 48h --period week" issue fcr --fcr-window 48h --period week
    case_ "fcr (issue) --by channel --min-n 100"       issue fcr --by channel --min-n 100
    case_ "fcr (fewcus) repeat --by agent"             fewcus fcr --fcr-method repeat --by agent
    case_ "fcr (fewcus) repeat 48h --period day"       fewcus fcr --fcr-method repeat --fcr-window 48h --period day
    case_ "fcr repeat --since/--until"                 base fcr --fcr-method repeat --since 2026-02-01 --until 2026-03-01
    case_ "fcr repeat --where queue=billing"           base fcr --fcr-method repeat --where queue=billing
    case_ "fcr repeat --fcr-window 24h"                endst fcr --fcr-method repeat --fcr-window 24h --by channel
fi

echo
echo "$pass passed, $fail failed"
if [ "$fail" -ne 0 ]; then
    for n in "${failed[@]}"; do
        echo "failed: $n"
    done
    exit 1
fi
