#!/usr/bin/env python3
"""Property tests of the interaction and customer metrics (AHT, FCR by flag
and by repeat contacts, churn, CLV) through the command line, over random
exports from tests/tools/gen_interactions.py and gen_customers.py.

    prop_cli.py CXCALC [ITERATIONS [SEED]]     (default 12 iterations, seed 1)

Each iteration generates an export (a random row count, customer count and
column set), then for every command checks:

  Q1  the data records in a random order give the same report (integer
      fields equal, reals within 1e-9 relative: a CLV revenue sum depends
      on the order of its additions).  For repeat-contact FCR only the
      overall result: an episode counts in the group of its first contact,
      and of two contacts at the same instant the first in the file is
      first (docs/metrics.md), so groups may change with the order;
  Q2  the per-group counts (n, missing, invalid, abandoned) add up to the
      overall ones;
  Q3  added records whose cells for the metric are all empty change only
      `missing` (overall and in their group);
  Q4  --skip-bad-rows on the (clean) export changes nothing.

Records are read and written with Python's csv module, so quoted fields
with delimiters, doubled quotes and line breaks survive the shuffle.  The
last line is "N passed, M failed"; the exit status is 1 when M > 0.
"""

import csv
import io
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, "..", "tools")
COUNTS = ("n", "missing", "invalid", "abandoned", "customers")


def generate(tool, args):
    out = subprocess.run([sys.executable, os.path.join(TOOLS, tool)] + args,
                         check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def records(text):
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return rows[0], rows[1:]


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def run(cxcalc, args, path):
    """The report of one run, read from JSON (the input path made equal)."""
    p = subprocess.run([cxcalc] + args + ["-q", "-f", "json", path],
                       capture_output=True)
    if p.returncode != 0:
        raise AssertionError("exit %d: %s" % (p.returncode,
                                              p.stderr.decode()[:300]))
    rep = json.loads(p.stdout)
    for i in rep.get("inputs", []):
        i["path"] = "F"
    return rep


def close(a, b, where, diffs):
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            diffs.append("%s: keys %s vs %s" % (where, sorted(a), sorted(b)))
            return
        for k in a:
            close(a[k], b[k], "%s.%s" % (where, k), diffs)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            diffs.append("%s: %d vs %d items" % (where, len(a), len(b)))
            return
        for i, (x, y) in enumerate(zip(a, b)):
            close(x, y, "%s[%d]" % (where, i), diffs)
    elif isinstance(a, float) or isinstance(b, float):
        if not (isinstance(a, (int, float)) and isinstance(b, (int, float))
                and abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))):
            diffs.append("%s: %r vs %r" % (where, a, b))
    elif a != b:
        diffs.append("%s: %r vs %r" % (where, a, b))


def metric_of(scope, name):
    return scope.get(name) if name in scope else None


def check_sums(rep, name, diffs):
    overall = rep["overall"][name]
    if not rep["groups"]:
        return
    for field in COUNTS:
        if field not in overall:
            continue
        total = sum(g[name][field] for g in rep["groups"] if name in g)
        if total != overall[field]:
            diffs.append("groups' %s.%s add up to %d, overall %d"
                         % (name, field, total, overall[field]))


def only_missing_grew(base, more, name, added, diffs):
    """more = base with `added` records whose metric cells are empty."""
    a, b = base["overall"][name], more["overall"][name]
    for k in a:
        want = a[k] + added if k == "missing" else a[k]
        if k == "missing" and b[k] != want:
            diffs.append("overall missing %d, expected %d" % (b[k], want))
        elif k != "missing" and b[k] != want and k in COUNTS:
            diffs.append("overall %s changed: %r -> %r" % (k, a[k], b[k]))
        elif k not in COUNTS and k != "missing":
            close(a[k], b[k], "overall." + k, diffs)


# Each case: the generator and its arguments, the command, the metric, and
# what an "all empty" record looks like (the columns to blank; others are
# copied from a random existing record so the record keeps its group).
def cases(rng):
    inter = ["--rows", str(rng.randint(0, 160)),
             "--customers", str(rng.randint(3, 40))]
    inter += [f for f in ("--with-handle", "--with-end", "--with-issue")
              if rng.random() < 0.5]
    cust = ["--rows", str(rng.randint(0, 160))]
    return [
        ("gen_interactions.py", inter, ["aht", "--by", "agent"], "aht",
         ("start_time", "end_time", "talk_time", "hold_time", "acw",
          "handle_time")),
        ("gen_interactions.py", inter, ["fcr", "--by", "channel"], "fcr",
         ("resolved",)),
        ("gen_interactions.py", inter,
         ["fcr", "--fcr-method", "repeat", "--by", "agent"], "fcr", None),
        ("gen_interactions.py", inter + ["--no-resolved"],
         ["fcr", "--fcr-window", "48h", "--by", "queue"], "fcr", None),
        ("gen_customers.py", cust, ["churn", "--by", "plan"], "churn", None),
        ("gen_customers.py", cust, ["clv", "--by", "segment"], "clv", None),
    ]


def iteration(cxcalc, seed, tmp):
    rng = random.Random(seed)
    passed = failed = 0
    for tool, gen_args, cmd, name, blank in cases(rng):
        text = generate(tool, gen_args + ["--seed", str(seed)])
        header, rows = records(text)
        base_path = os.path.join(tmp, "a", "export.csv")
        other = os.path.join(tmp, "b", "export.csv")
        write(base_path, header, rows)
        label = "seed %d: %s %s" % (seed, " ".join(cmd), " ".join(gen_args))
        try:
            base = run(cxcalc, cmd, base_path)
            checks = []
            # Q1
            shuffled = rows[:]
            rng.shuffle(shuffled)
            write(other, header, shuffled)
            d = []
            again = run(cxcalc, cmd, other)
            if "repeat" in cmd or "--fcr-window" in cmd:
                close(base["overall"], again["overall"], "overall", d)
            else:
                close(base, again, "report", d)
            checks.append(("Q1 order", d))
            # Q2
            d = []
            check_sums(base, name, d)
            checks.append(("Q2 group sums", d))
            # Q3
            if blank and rows:
                cols = [header.index(c) for c in blank if c in header]
                status = header.index("status") if "status" in header else -1
                extra = []
                for _ in range(rng.randint(1, 5)):
                    r = list(rng.choice(rows))
                    for c in cols:
                        r[c] = rng.choice(["", " ", "N/A"])
                    if status >= 0:
                        r[status] = "completed"     # not abandoned
                    extra.append(r)
                mixed = rows + extra
                rng.shuffle(mixed)
                write(other, header, mixed)
                d = []
                only_missing_grew(base, run(cxcalc, cmd, other), name,
                                  len(extra), d)
                checks.append(("Q3 missing rows", d))
            # Q4
            d = []
            close(base, run(cxcalc, cmd + ["--skip-bad-rows"], base_path),
                  "report", d)
            checks.append(("Q4 skip-bad-rows", d))
        except (AssertionError, ValueError, KeyError) as e:
            checks = [("run", ["%s: %s" % (type(e).__name__, e)])]
        for what, d in checks:
            if d:
                failed += 1
                print("FAIL %s: %s: %s" % (label, what, "; ".join(d[:5])))
            else:
                passed += 1
    return passed, failed


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: prop_cli.py CXCALC [ITERATIONS [SEED]]")
    cxcalc = os.path.abspath(sys.argv[1])
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="cxcalc-prop.") as tmp:
        os.makedirs(os.path.join(tmp, "a"))
        os.makedirs(os.path.join(tmp, "b"))
        for i in range(iterations):
            p, f = iteration(cxcalc, seed + i, tmp)
            passed += p
            failed += f
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
