#!/usr/bin/env bash
# `cxcalc report` over survey, interactions and customers exports must hold
# exactly what each metric's own command prints (SPEC §5), for several
# groupings; a --fail-if breach exits 3 with the report still written.
set -euo pipefail
CXCALC=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tools=$here/../tools
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
python3 "$tools/gen_survey.py" --rows 1500 --seed 11 > s.csv
python3 "$tools/gen_interactions.py" --rows 1500 --seed 12 > i.csv
python3 "$tools/gen_customers.py" --rows 1500 --seed 13 > c.csv

has_col() { head -1 "$1" | tr ',' '\n' | grep -qx "$2"; }

failed=0
run_case() {    # $1 name, $2 by column or "", rest: more options
    local name=$1 by=$2
    shift 2
    local opts=("$@") byopt=()
    [ -n "$by" ] && byopt=(--by "$by")
    "$CXCALC" report -q --surveys s.csv --interactions i.csv \
        --customers c.csv "${byopt[@]}" "${opts[@]}" > report.json
    local singles=()
    for pair in nps:s.csv csat:s.csv ces:s.csv aht:i.csv fcr:i.csv \
                churn:c.csv clv:c.csv; do
        local m=${pair%%:*} f=${pair#*:} mine=()
        if [ -n "$by" ] && has_col "$f" "$by"; then mine=(--by "$by"); fi
        "$CXCALC" "$m" -q "${mine[@]}" "${opts[@]}" "$f" > "$m.json"
        singles+=("$m.json")
    done
    if python3 "$tools/compare_report.py" report.json "${singles[@]}" \
            > out.txt; then
        echo "ok   $name: $(tail -1 out.txt)"
    else
        echo "FAIL $name"; cat out.txt; failed=$((failed + 1))
    fi
}

run_case "no groups" ""
run_case "--by channel (all three tables)" channel
run_case "--by segment (no such column in interactions)" segment
run_case "--by queue (interactions only)" queue
run_case "--period month" "" --period month
run_case "--by channel --period quarter --min-n 40" channel --period quarter --min-n 40

set +e
"$CXCALC" report -q --surveys s.csv --customers c.csv --fail-if 'nps<101' \
    --fail-if 'churn>=0' --fail-if 'clv.n>0' -o out.json 2> alerts.txt
rc=$?
set -e
if [ "$rc" = 3 ] && [ "$(wc -l < alerts.txt)" = 3 ] \
   && python3 -c 'import json,sys; d=json.load(open("out.json")); sys.exit(len(d["alerts"]) != 3)'; then
    echo "ok   --fail-if breaches: exit 3, 3 alerts, report written"
else
    echo "FAIL --fail-if: exit $rc"; cat alerts.txt; failed=$((failed + 1))
fi
if "$CXCALC" report -q --surveys s.csv --fail-if 'nps>100' > /dev/null; then
    echo "ok   --fail-if kept: exit 0"
else
    echo "FAIL --fail-if kept threshold"; failed=$((failed + 1))
fi
[ "$failed" = 0 ]
