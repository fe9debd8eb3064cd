#!/usr/bin/env bash
# Differential test: cxcalc's customer metrics (churn, formula CLV) against
# the independent Python reference in tests/tools/ref_customers.py, on the
# IBM Telco churn sample (tests/data/telco/), on the same data with its
# header rewritten in other casings, and on generated subscription
# exports; plus the hand-made cases of tests/diff/customers_cases.md
# (checked against their written-out expected numbers, for both cxcalc and
# the reference).
#
# Usage: tests/diff/run_diff_customers.sh CXCALC_BINARY
#        tests/diff/run_diff_customers.sh --reference-only
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
data=$(cd "$here/../data" && pwd)
py=${PYTHON:-python3}
tol=${DIFF_TOL:-1e-6}
rows=${ROWS:-3000}

telco="$data/telco/Telco-Customer-Churn.csv"
if [ ! -r "$telco" ]; then
    echo "$0: missing $telco" >&2
    exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cxcalc-diff-cust.XXXXXX")
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
        printf 'ok   %-50s %s\n' "$1" "$(tail -n 1 "$4" 2>/dev/null || true)"
    else
        fail=$((fail + 1))
        failed+=("$1")
        printf 'FAIL %-50s %s\n' "$1" "$2"
        printf '%s\n' "$3" | sed 's/^/     /'
    fi
}

# --------------------------------------------------------------------------
# hand-made cases: customers_cases.md -> files + (command, expected) pairs

hand="$tmp/hand"
mkdir -p "$hand"
"$py" - "$here/customers_cases.md" "$hand" <<'EOF'
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
    local shown="cxcalc $metric -q -f json ${rest[*]}"
    local act="$base.$who.json" err="$base.$who.err" cmp="$base.$who.cmp"
    local rc=0
    if [ "$who" = ref ]; then
        (cd "$hand" && "$py" "$tools/ref_customers.py" "$metric" \
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
# Telco sample, header variants, generated exports: cxcalc vs the reference

# run_case NAME FILE METRIC [OPTIONS...]
run_case() {
    local name=$1 file=$2 metric=$3
    shift 3
    local dir="$tmp/case$((pass + fail))"
    mkdir -p "$dir"
    local shown="cxcalc $metric -q -f json $* $(basename "$file")"

    local rc=0
    "$cxcalc" "$metric" -q -f json --max-invalid 100% "$@" "$file" >"$dir/actual.json" \
        2>"$dir/cx.err" || rc=$?
    local rrc=0
    "$py" "$tools/ref_customers.py" "$metric" "$@" "$file" \
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

case_() { run_case "$1" "$tmp/$2.csv" "${@:3}"; }

if [ $ref_only = 0 ]; then
    cp "$telco" "$tmp/telco.csv"

    # the Telco data with its header in other casings and spellings, and
    # with CRLF line endings and a BOM
    "$py" - "$telco" "$tmp" <<'EOF'
import os, sys
src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8", newline="") as f:
    text = f.read()
head, rest = text.split("\n", 1)
cols = head.split(",")
variants = {
    "telco_case": {"customerID": "CustomerId", "MonthlyCharges":
                   "monthly charges", "Churn": "CHURN", "tenure": "Tenure"},
    "telco_case2": {"customerID": "CUSTOMER-ID", "MonthlyCharges":
                    "Monthly.Charges", "Churn": " churn ", "tenure":
                    "TENURE_MONTHS"},
}
for name, ren in variants.items():
    new = ",".join(ren.get(c, c) for c in cols)
    with open(os.path.join(out, name + ".csv"), "w", encoding="utf-8",
              newline="") as f:
        f.write(new + "\n" + rest)
with open(os.path.join(out, "telco_crlf.csv"), "w", encoding="utf-8-sig",
          newline="") as f:
    f.write(text.replace("\n", "\r\n"))
EOF

    # Telco, snapshot method
    case_ "telco churn"                               telco churn
    case_ "telco churn --by Contract"                 telco churn --by Contract
    case_ "telco churn --by gender,SeniorCitizen"     telco churn --by gender,SeniorCitizen
    case_ "telco churn --by PaymentMethod --min-n 1550" telco churn --by PaymentMethod --min-n 1550
    case_ "telco churn --where InternetService!=No"   telco churn --where InternetService!=No --by Contract
    case_ "telco clv --margin 0.8"                    telco clv --margin 0.8
    case_ "telco clv --discount-rate 1% --by Contract" telco clv --discount-rate 1% --by Contract
    case_ "telco clv --churn-rate 5% --arpu 100"      telco clv --churn-rate 5% --arpu 100
    case_ "telco clv --margin 80% --by InternetService" telco clv --margin 80% --by InternetService
    case_ "telco clv --by Contract --min-n 1500"      telco clv --by Contract --min-n 1500
    case_ "telco clv --churn-rate 0.02 --by gender"   telco clv --churn-rate 0.02 --discount-rate 0.005 --by gender
    case_ "telco clv --horizon 24m --by Contract"     telco clv --horizon 24m --discount-rate 1% --by Contract
    case_ "telco clv --horizon 120m --margin 0.8"     telco clv --horizon 120m --margin 0.8 --by PaymentMethod

    # Telco, header variants
    for f in telco_case telco_case2 telco_crlf; do
        case_ "$f churn --by Contract"                "$f" churn --by Contract
        case_ "$f clv --margin 0.8"                   "$f" clv --margin 0.8
        case_ "$f clv --discount-rate 1% --by Contract" "$f" clv --discount-rate 1% --by Contract
    done

    # generated subscription exports, event method
    "$py" "$tools/gen_customers.py" --rows "$rows" --seed 1 >"$tmp/gen.csv"
    "$py" "$tools/gen_customers.py" --rows "$rows" --seed 2 >"$tmp/gen2.csv"
    "$py" "$tools/gen_customers.py" --rows 200 --seed 3 >"$tmp/small.csv"

    for f in gen gen2 small; do
        case_ "$f churn"                              "$f" churn
        case_ "$f clv"                                "$f" clv
    done
    case_ "gen churn --by plan"                       gen churn --by plan
    case_ "gen churn --period month"                  gen churn --period month
    case_ "gen churn --period quarter --by segment"   gen churn --period quarter --by segment
    case_ "gen churn --period year --by plan,channel" gen churn --period year --by plan,channel
    case_ "gen2 churn --period month --by plan"       gen2 churn --period month --by plan
    case_ "gen clv --margin 70% --by channel"         gen clv --margin 70% --by channel
    case_ "gen clv --discount-rate 1% --by plan"      gen clv --discount-rate 1% --by plan
    case_ "gen clv --period quarter --by plan"        gen clv --period quarter --by plan
    case_ "gen clv --period month"                    gen clv --period month
    case_ "gen clv --arpu 50 --by segment"            gen clv --arpu 50 --by segment
    case_ "gen clv --horizon 36m --period quarter"    gen clv --horizon 36m --discount-rate 1% --period quarter --by plan
    case_ "gen churn --by segment --min-n 760"        gen churn --by segment --min-n 760
    case_ "gen churn --period quarter --min-n 700"    gen churn --period quarter --by plan --min-n 700
    case_ "gen clv --by channel,plan --min-n 330"     gen clv --by channel,plan --min-n 330
    case_ "small churn --period month --min-n 40"     small churn --period month --min-n 40
    case_ "gen churn --since/--until --by plan"       gen churn --since 2025-06-01 --until 2026-01-01 --by plan
    case_ "gen churn --where plan=pro --period month" gen churn --where plan=pro --period month
    case_ "gen clv --where segment!=SMB --by plan"    gen clv --where segment!=SMB --by plan
fi

echo
echo "$pass passed, $fail failed"
if [ "$fail" -ne 0 ]; then
    for n in "${failed[@]}"; do
        echo "failed: $n"
    done
    exit 1
fi
