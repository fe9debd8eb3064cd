#!/usr/bin/env python3
"""Compare a reference metrics JSON with cxcalc's JSON output.

Usage:
    compare_json.py EXPECTED ACTUAL [--tol 1e-6]

Every field of every metric object in EXPECTED's "overall" and in each of
its "groups" must be present in ACTUAL: integers equal exactly, floats
within the absolute tolerance, null equal to null, booleans equal. Groups
must match one to one, by key and in the same order. Keys and fields that
only ACTUAL has (schema_version, inputs, alerts, extra metric fields) are
ignored.

Prints each difference as "PATH: expected X, actual Y" and exits 1 if there
is any; otherwise prints "ok N values" and exits 0. Exit 2 on unreadable
input.
"""

import argparse
import json
import math
import sys


def fmt(v):
    return json.dumps(v, ensure_ascii=False)


class Comparer:
    def __init__(self, tol):
        self.tol = tol
        self.diffs = []
        self.count = 0

    def diff(self, path, exp, act, why=""):
        msg = f"{path}: expected {fmt(exp)}, actual {fmt(act)}"
        if why:
            msg += f" ({why})"
        self.diffs.append(msg)

    def value(self, path, exp, act):
        self.count += 1
        if exp is None or isinstance(exp, bool) or isinstance(exp, str):
            if type(act) is not type(exp) or act != exp:
                self.diff(path, exp, act)
            return
        if isinstance(act, bool) or not isinstance(act, (int, float)):
            self.diff(path, exp, act, "not a number")
            return
        if isinstance(exp, int):
            if isinstance(act, float) and not act.is_integer():
                self.diff(path, exp, act, "not an integer")
            elif act != exp:
                self.diff(path, exp, act)
            return
        if isinstance(exp, float):
            if not math.isfinite(float(act)) or abs(float(act) - exp) > self.tol:
                self.diff(path, exp, act,
                          f"|diff| {abs(float(act) - exp):.3g}"
                          if math.isfinite(float(act)) else "")
            return
        if exp != act:
            self.diff(path, exp, act)

    def metric(self, path, exp, act):
        if not isinstance(act, dict):
            self.diff(path, "object", act, "metric missing")
            return
        for field, ev in exp.items():
            if field not in act:
                self.count += 1
                self.diff(f"{path}.{field}", ev, None, "field missing")
            else:
                self.value(f"{path}.{field}", ev, act[field])
        if "suppressed" not in exp and act.get("suppressed") is True:
            self.diff(f"{path}.suppressed", None, True,
                      "suppressed but expected not")

    def metrics(self, path, exp, act, skip=()):
        if not isinstance(act, dict):
            self.diff(path, "object", act, "missing")
            return
        for name, eobj in exp.items():
            if name in skip:
                continue
            self.metric(f"{path}.{name}", eobj, act.get(name))

    def document(self, exp, act):
        if not isinstance(act, dict):
            self.diff("$", "object", act)
            return
        self.metrics("overall", exp.get("overall", {}), act.get("overall"))
        eg = exp.get("groups", [])
        ag = act.get("groups")
        if not isinstance(ag, list):
            self.diff("groups", f"list of {len(eg)}", ag, "missing")
            return
        if len(eg) != len(ag):
            self.diff("groups", f"{len(eg)} groups", f"{len(ag)} groups",
                      "count differs")
            ekeys = [fmt(g.get("key")) for g in eg]
            akeys = [fmt(g.get("key")) if isinstance(g, dict) else fmt(g)
                     for g in ag]
            for k in ekeys:
                if k not in akeys:
                    self.diffs.append(f"groups: key {k} only in expected")
            for k in akeys:
                if k not in ekeys:
                    self.diffs.append(f"groups: key {k} only in actual")
        for i, (e, a) in enumerate(zip(eg, ag)):
            path = f"groups[{i}]"
            ekey = e.get("key")
            akey = a.get("key") if isinstance(a, dict) else None
            self.count += 1
            if not isinstance(akey, dict) or \
                    json.dumps(ekey, sort_keys=True) != \
                    json.dumps(akey, sort_keys=True):
                self.diff(f"{path}.key", ekey, akey, "key or order differs")
                continue
            self.metrics(f"{path}{fmt(ekey)}", e, a, skip=("key",))


def load(path):
    if path == "-":
        return json.load(sys.stdin)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv=None):
    ap = argparse.ArgumentParser(description="compare metric JSON documents",
                                 allow_abbrev=False)
    ap.add_argument("expected")
    ap.add_argument("actual")
    ap.add_argument("--tol", type=float, default=1e-6)
    args = ap.parse_args(argv)
    try:
        exp = load(args.expected)
    except (OSError, ValueError) as e:
        print(f"compare_json: {args.expected}: {e}", file=sys.stderr)
        return 2
    try:
        act = load(args.actual)
    except (OSError, ValueError) as e:
        print(f"compare_json: {args.actual}: {e}", file=sys.stderr)
        return 2
    sys.stdout.reconfigure(encoding="utf-8", errors="backslashreplace")
    c = Comparer(args.tol)
    c.document(exp, act)
    if c.diffs:
        for d in c.diffs:
            print(d)
        print(f"{len(c.diffs)} differences in {c.count} values")
        return 1
    print(f"ok {c.count} values")
    return 0


if __name__ == "__main__":
    sys.exit(main())
