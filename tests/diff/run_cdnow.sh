#!/usr/bin/env bash
# The CLV model on the CDNOW sample reproduces the published results
# (Fader, Hardie & Lee 2005; BTYD and CLVTools): parameters within 0.1 %
# (Gamma-Gamma 0.5 %), customers 2,357, repeaters 946, customer 1516's
# 52-week expectation and P(alive), customer 1's expected spend; the run
# time is printed.
set -euo pipefail
CXCALC=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s%N)
"$CXCALC" clv -q -f json --transactions "$here/../data/cdnow/cdnow_sample.csv" \
    --calibration-end 1997-09-30 --horizon 52w \
    --per-customer "$tmp/customers.csv" > "$tmp/clv.json"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
python3 - "$tmp/clv.json" "$tmp/customers.csv" "$elapsed_ms" <<'PY'
import csv, json, sys
clv = json.load(open(sys.argv[1]))["overall"]["clv"]
rows = {r["customer"]: r for r in csv.DictReader(open(sys.argv[2]))}
ms = int(sys.argv[3])
checks = [
    ("r", clv["r"], 0.2426, 1e-3), ("alpha", clv["alpha"], 4.4135, 1e-3),
    ("a", clv["a"], 0.7929, 1e-3), ("b", clv["b"], 2.4258, 1e-3),
    ("loglik_bgnbd", clv["loglik_bgnbd"], -9582.43, 1e-3),
    ("p", clv["p"], 6.249, 5e-3), ("q", clv["q"], 3.745, 5e-3),
    ("gamma", clv["gamma"], 15.448, 5e-3),
    ("1516 E[Y(52)]", float(rows["1516"]["expected_purchases"]), 25.76, 1e-3),
    ("1516 P(alive)", float(rows["1516"]["p_alive"]), 0.9689, 1e-3),
    ("0001 E[M]", float(rows["0001"]["expected_spend"]), 24.66, 1e-3),
]
bad = 0
for name, got, want, rel in checks:
    ok = abs(got - want) <= rel * abs(want)
    bad += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {got:.6g} (published {want}, {rel:.1%})")
for name, got, want in [("n", clv["n"], 2357), ("repeaters", clv["repeaters"], 946)]:
    bad += got != want
    print(f"{'ok  ' if got == want else 'FAIL'} {name}: {got} (published {want})")
bad += not clv["converged"]
print(f"{'ok  ' if clv['converged'] else 'FAIL'} converged; "
      f"{ms} ms in all (load, fits, predictions)")
sys.exit(1 if bad else 0)
PY
