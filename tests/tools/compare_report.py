#!/usr/bin/env python3
"""Check that `cxcalc report` holds, for every metric, exactly what the
metric's own command prints: the same overall object, and for every group
of the single command a report group with the same key holding the same
object.  Usage: compare_report.py REPORT.json SINGLE.json..."""
import json
import sys


def key(group):
    return json.dumps(group["key"], sort_keys=True)


def main() -> int:
    report = json.load(open(sys.argv[1]))
    groups = {key(g): g for g in report["groups"]}
    problems = checked = 0
    for path in sys.argv[2:]:
        single = json.load(open(path))
        for metric, obj in single["overall"].items():
            checked += 1
            if report["overall"].get(metric) != obj:
                print(f"{path}: overall {metric} differs")
                problems += 1
        for g in single["groups"]:
            for metric, obj in g.items():
                if metric == "key":
                    continue
                checked += 1
                r = groups.get(key(g))
                if r is None or r.get(metric) != obj:
                    print(f"{path}: group {g['key']} {metric} differs")
                    problems += 1
    print(f"{checked} metric objects compared, {problems} differ")
    return 1 if problems or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
