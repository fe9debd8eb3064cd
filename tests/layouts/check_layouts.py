#!/usr/bin/env python3
"""Comparisons for run_layouts.sh.  Each subcommand prints nothing and
exits 0 when the check holds, else prints the difference on one or a few
lines and exits 1.

  same PLAIN.json OTHER.json
      the 'overall' and 'groups' objects are identical, and so are the
      inputs' row counts
  counts RUN.json METRIC truth.json
      overall METRIC n, missing, invalid as the generator made them
  zendesk RUN.json zendesk.csv [GROUPCOL]
      CSAT = 100 * good / (good + bad), n = good + bad, the rest missing
      (overall, and per GROUPCOL value when given)
  nps RUN.json COLUMN [--by COL] CSV...
      overall NPS (and per --by group) from the CSV files, computed here
  score RUN.json METRIC COLUMN HEADER_ROWS [--period-us COL] CSV
      NPS/CSAT/CES of a file with extra header rows, overall and per
      month of a SurveyMonkey date column
  warnings STDERR FILE truth.json
      the NPS group disagreements are warned about, on their lines, and
      nothing else about the group column
  no-group-warning STDERR
      no warning names an _NPS_GROUP column
  rows RUN.json N
      inputs[0].rows == N
  batch FILE
      run the checks listed in FILE, one a line: a name, the folder to
      run it in, then the subcommand and its arguments, separated by TABs; print
      "ok   NAME" or "FAIL NAME: why" for each; exit 1 if any failed
"""

import csv
import json
import math
import os
import re
import sys

MISSING = {"", "na", "n/a", "null", "-"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Failed(Exception):
    pass


def fail(msg):
    raise Failed(msg)


def first_diff(a, b, path="overall"):
    """The first path where two JSON values differ, or None."""
    if type(a) is not type(b):
        return "%s: %r != %r" % (path, a, b)
    if isinstance(a, dict):
        first_keys = ("key", "n", "value", "missing", "invalid")
        for k in sorted(set(a) | set(b),
                        key=lambda k: (first_keys.index(k)
                                       if k in first_keys else 99, k)):
            if k not in a or k not in b:
                return "%s.%s: present in only one" % (path, k)
            d = first_diff(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d entries != %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_diff(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    if a != b or (isinstance(a, float) and math.copysign(1, a)
                  != math.copysign(1, b)):
        return "%s: %r != %r" % (path, a, b)
    return None


def cmd_same(plain, other):
    a, b = load(plain), load(other)
    for key in ("overall", "groups"):
        d = first_diff(a.get(key), b.get(key), key)
        if d:
            fail(d)
    ra = [(i["rows"], i["skipped_rows"]) for i in a["inputs"]]
    rb = [(i["rows"], i["skipped_rows"]) for i in b["inputs"]]
    if ra != rb:
        fail("inputs rows/skipped_rows: %r != %r" % (ra, rb))


def cmd_counts(run, metric, truth):
    got = load(run)["overall"][metric]
    want = load(truth)[metric]
    for k in ("n", "missing", "invalid"):
        if got[k] != want[k]:
            fail("%s.%s: %r, generated %r" % (metric, k, got[k], want[k]))


def read_csv(path, header_rows=1):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[header_rows:]


def close(a, b):
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def cmd_zendesk(run, path, group_col=None):
    doc = load(run)
    header, rows = read_csv(path)
    si = header.index("Satisfaction Score")
    gi = header.index(group_col) if group_col else None

    def expect(rs):
        vals = [r[si].strip().lower() for r in rs]
        good, bad = vals.count("good"), vals.count("bad")
        other = len(vals) - good - bad
        value = 100.0 * good / (good + bad) if good + bad else None
        return {"n": good + bad, "satisfied": good, "value": value,
                "missing": other, "invalid": 0}

    def compare(where, got, want):
        for k, v in want.items():
            ok = close(got[k], v) if k == "value" else got[k] == v
            if not ok:
                fail("%s csat.%s: %r, expected %r" % (where, k, got[k], v))

    compare("overall", doc["overall"]["csat"], expect(rows))
    if gi is None:
        return
    keys = sorted({r[gi].strip() for r in rows}, key=lambda s: s.encode())
    got = {g["key"][group_col]: g["csat"] for g in doc["groups"]}
    if sorted(got) != sorted(keys):
        fail("groups %r, expected %r" % (sorted(got), keys))
    for k in keys:
        compare("group %r" % k, got[k],
                expect([r for r in rows if r[gi].strip() == k]))


def parse_score(cell, lo, hi):
    """SPEC §2 scores: ('ok', v), ('missing',) or ('invalid',)."""
    s = cell.strip(" \t")
    if s.lower() in MISSING:
        return ("missing",)
    m = re.fullmatch(r"([0-9]+)(\.0+| +-.*)?", s, re.S)
    if not m or not lo <= int(m.group(1)) <= hi:
        return ("invalid",)
    return ("ok", int(m.group(1)))


def nps_of(cells):
    p = d = n = missing = invalid = 0
    for c in cells:
        r = parse_score(c, 0, 10)
        if r[0] == "missing":
            missing += 1
        elif r[0] == "invalid":
            invalid += 1
        else:
            n += 1
            p += r[1] >= 9
            d += r[1] <= 6
    value = 100.0 * (p - d) / n if n else None
    return {"n": n, "promoters": p, "detractors": d, "value": value,
            "missing": missing, "invalid": invalid}


SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


def metric_of(metric, cells):
    if metric == "nps":
        return nps_of(cells)
    lo, hi = SCALES[metric]
    vals, missing, invalid = [], 0, 0
    for c in cells:
        r = parse_score(c, lo, hi)
        if r[0] == "ok":
            vals.append(r[1])
        elif r[0] == "missing":
            missing += 1
        else:
            invalid += 1
    n = len(vals)
    out = {"n": n, "missing": missing, "invalid": invalid}
    if metric == "csat":
        sat = sum(v >= 4 for v in vals)
        out["satisfied"] = sat
        out["value"] = 100.0 * sat / n if n else None
        out["mean"] = sum(vals) / n if n else None
    else:
        out["value"] = sum(vals) / n if n else None
        out["easy"] = sum(v >= 5 for v in vals)
    return out


def compare_metric(where, metric, got, want):
    for k, v in want.items():
        ok = close(got[k], v) if isinstance(v, float) else got[k] == v
        if not ok:
            fail("%s %s.%s: %r, computed %r" % (where, metric, k, got[k], v))


def cmd_nps(run, column, by, paths):
    doc = load(run)
    table = []
    for p in paths:
        header, rows = read_csv(p)
        ci = header.index(column)
        bi = header.index(by) if by else None
        for r in rows:
            table.append((r[ci], r[bi].strip() if by else None))
    compare_metric("overall", "nps", doc["overall"]["nps"],
                   nps_of([c for c, _ in table]))
    if not by:
        return
    keys = sorted({k for _, k in table}, key=lambda s: s.encode())
    got = {g["key"][by]: g["nps"] for g in doc["groups"]}
    if sorted(got) != sorted(keys):
        fail("groups: %d keys, expected %d" % (len(got), len(keys)))
    for k in keys:
        compare_metric("group %r" % k, "nps", got[k],
                       nps_of([c for c, g in table if g == k]))


def us_month(cell):
    m = re.fullmatch(r"(\d\d)/(\d\d)/(\d{4}) (\d\d):(\d\d):(\d\d) ([AP]M)",
                     cell.strip())
    return "%s-%s" % (m.group(3), m.group(1)) if m else None


def cmd_score(run, metric, column, header_rows, period_col, path):
    doc = load(run)
    header, rows = read_csv(path, int(header_rows))
    ci = header.index(column)
    compare_metric("overall", metric, doc["overall"][metric],
                   metric_of(metric, [r[ci] for r in rows]))
    if not period_col:
        return
    pi = header.index(period_col)
    months = sorted({us_month(r[pi]) for r in rows},
                    key=lambda m: (m is not None, m or ""))
    got = {g["key"]["period"]: g[metric] for g in doc["groups"]}
    if sorted(got, key=lambda m: (m is not None, m or "")) != months:
        fail("periods %r, expected %r" % (sorted(got, key=str), months))
    for m in months:
        compare_metric("period %s" % m, metric, got[m], metric_of(
            metric, [r[ci] for r in rows if us_month(r[pi]) == m]))


def cmd_warnings(stderr, path, truth):
    with open(stderr, encoding="utf-8") as f:
        lines = f.read().splitlines()
    got = [l for l in lines if "_NPS_GROUP" in l]
    want = ["cxcalc: %s:%d: column 'Q1_NPS_GROUP' says %s but the score "
            "%d is a %s" % (path, m["line"], m["says"], m["score"], m["is"])
            for m in load(truth)["nps_group_mismatches"]]
    if got != want:
        fail("group warnings %r, expected %r" % (got, want))


def cmd_no_group_warning(stderr):
    with open(stderr, encoding="utf-8") as f:
        got = [l for l in f.read().splitlines() if "NPS_GROUP" in l]
    if got:
        fail("unexpected: %s" % got[0])


def cmd_rows(run, n):
    got = load(run)["inputs"][0]["rows"]
    if got != int(n):
        fail("rows %r, expected %s" % (got, n))


def run(cmd, args):
    if cmd == "same":
        cmd_same(*args)
    elif cmd == "counts":
        cmd_counts(*args)
    elif cmd == "zendesk":
        cmd_zendesk(*args)
    elif cmd == "nps":
        by = None
        if args[2:3] == ["--by"]:
            by = args[3]
            args = args[:2] + args[4:]
        cmd_nps(args[0], args[1], by, args[2:])
    elif cmd == "score":
        period = None
        if args[4:5] == ["--period-us"]:
            period = args[5]
            args = args[:4] + args[6:]
        cmd_score(args[0], args[1], args[2], args[3], period, args[4])
    elif cmd == "warnings":
        cmd_warnings(*args)
    elif cmd == "no-group-warning":
        cmd_no_group_warning(*args)
    elif cmd == "rows":
        cmd_rows(*args)
    else:
        fail("unknown check %r" % cmd)


def batch(path):
    failed = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            name, cwd, cmd, args = fields[0], fields[1], fields[2], fields[3:]
            try:
                os.chdir(cwd)
                run(cmd, args)
                print("ok   %s" % name)
            except Failed as e:
                print("FAIL %s: %s" % (name, e))
                failed += 1
            except Exception as e:      # a broken run: say so, go on
                print("FAIL %s: %s: %s" % (name, type(e).__name__, e))
                failed += 1
    return 1 if failed else 0


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    if argv[1] == "batch":
        return batch(argv[2])
    try:
        run(argv[1], argv[2:])
    except Failed as e:
        print(e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
