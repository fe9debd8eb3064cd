#!/usr/bin/env python3
"""Check that a peer's numbers agree with cxcalc's, for tests/bench/run.sh.

Usage: compare.py JOB CXCALC_JSON PEER_OUTPUT PEER_NAME

JOB is nps (A, and F from a pipe), report (B), aht (C), fcr (D) or
nps_customer (E). CXCALC_JSON is cxcalc's
JSON report (the `groups` array, each with `key` and the metric objects;
see docs/json.md). PEER_OUTPUT is the peer's result, either tab-separated
text with a header line (duckdb_capi, duckdb_node.mjs, pandas_jobs.py) or a
JSON array of records (Miller's --ojson); the column names are those of the
queries in run.sh:

  nps     segment, n, nps
  nps_customer  customer_id, n, nps
  report  segment, month, nps_n, nps, csat_n, csat, ces_n, ces
  aht     agent, n, aht, median, p90
  fcr     n, resolved_first, repeat_contacts, fcr      (one row, overall)

Counts must be equal and values equal to 1e-9 (relative to max(1, |x|));
both sides must have the same set of groups. Prints "agree: ..." and exits
0, or one "DISAGREE ..." line per difference (at most 20) and exits 1.
Runs with any python3 (standard library only).
"""

import json
import math
import sys

TOL = 1e-9

# For each job: the key columns (and the cxcalc key names they map to), and
# (peer column, cxcalc metric, cxcalc field, is_count) for each compared value.
JOBS = {
    "nps": ([("segment", "segment")],
            [("n", "nps", "n", True), ("nps", "nps", "value", False)]),
    "nps_customer": ([("customer_id", "customer_id")],
                     [("n", "nps", "n", True), ("nps", "nps", "value", False)]),
    "report": ([("segment", "segment"), ("month", "period")],
               [("nps_n", "nps", "n", True), ("nps", "nps", "value", False),
                ("csat_n", "csat", "n", True), ("csat", "csat", "value", False),
                ("ces_n", "ces", "n", True), ("ces", "ces", "value", False)]),
    "aht": ([("agent", "agent")],
            [("n", "aht", "n", True), ("aht", "aht", "value", False),
             ("median", "aht", "median", False), ("p90", "aht", "p90", False)]),
    "fcr": ([],
            [("n", "fcr", "n", True), ("resolved_first", "fcr", "resolved_first", True),
             ("repeat_contacts", "fcr", "repeat_contacts", True),
             ("fcr", "fcr", "value", False)]),
}


def number(v):
    """A cell as a float, or None for NULL / null / empty / NaN."""
    if v is None:
        return None
    if isinstance(v, (int, float)):
        f = float(v)
    else:
        s = str(v).strip()
        if s in ("", "NULL", "null", "NaN", "nan", "None", "-"):
            return None
        f = float(s)
    return None if math.isnan(f) or math.isinf(f) else f


def read_peer(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith(("[", "{")):
        data = json.loads(text)
        return data if isinstance(data, list) else [data]
    lines = [ln for ln in text.split("\n") if ln != ""]
    if not lines:
        return []
    head = lines[0].split("\t")
    return [dict(zip(head, ln.split("\t"))) for ln in lines[1:]]


def main():
    if len(sys.argv) != 5 or sys.argv[1] not in JOBS:
        sys.exit("usage: compare.py nps|nps_customer|report|aht|fcr CXCALC_JSON "
                 "PEER_OUTPUT PEER_NAME")
    job, cx_path, peer_path, peer = sys.argv[1:]
    keys, values = JOBS[job]
    with open(cx_path, encoding="utf-8") as f:
        cx = json.load(f)

    # Both sides as {key tuple: {peer column: value}}.
    ours = {}
    if keys:
        for g in cx["groups"]:
            k = tuple(g["key"].get(ck) for _, ck in keys)
            ours[k] = {col: g.get(m, {}).get(field) for col, m, field, _ in values}
    else:
        ours[()] = {col: cx["overall"][m].get(field) for col, m, field, _ in values}
    theirs = {}
    for row in read_peer(peer_path):
        k = tuple(None if row.get(pk) in (None, "NULL") else str(row.get(pk)) for pk, _ in keys)
        theirs[k] = row

    problems = []
    for k in sorted(set(ours) | set(theirs), key=lambda t: tuple("" if x is None else x for x in t)):
        label = "/".join("null" if x is None else x for x in k) or "overall"
        if k not in theirs:
            problems.append(f"group {label}: in cxcalc, not in {peer}")
            continue
        if k not in ours:
            problems.append(f"group {label}: in {peer}, not in cxcalc")
            continue
        for col, _, _, is_count in values:
            a, b = number(ours[k][col]), number(theirs[k].get(col))
            if a is None or b is None:
                same = a is None and b is None
            elif is_count:
                same = a == b
            else:
                same = abs(a - b) <= TOL * max(1.0, abs(a))
            if not same:
                problems.append(f"group {label}: {col} cxcalc {ours[k][col]!r} vs {peer} {theirs[k].get(col)!r}")

    if problems:
        for p in problems[:20]:
            print(f"DISAGREE {job} {peer}: {p}")
        if len(problems) > 20:
            print(f"DISAGREE {job} {peer}: ... and {len(problems) - 20} more")
        return 1
    print(f"agree: {job} {peer} = cxcalc ({len(ours)} group{'s' if len(ours) != 1 else ''},"
          f" {len(values)} values each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
