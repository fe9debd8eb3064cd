#!/usr/bin/env python3
"""Property tests of partial states and `cxcalc merge` through the command
line, over random exports from tests/tools/gen_*.py.

    prop_merge.py CXCALC [ITERATIONS [SEED]]   (default 6 iterations, seed 1)

Each iteration generates a survey, an interactions and a customers export
and cuts each into 2 to 16 parts in one of three ways: records dealt to
random parts by Python's csv module (some parts may be empty), `cxcalc
partition` in runs of consecutive records, or `cxcalc partition --key
customer_id`.  Then for every command it checks:

  M1  the parts' --partial states, merged in a random order and in random
      groups (some merged first into states with `merge --partial`), give
      byte for byte the report of one run over the part files (in sorted
      order, as merge lists its inputs), except AHT's median and p90;
  M2  AHT's median and p90 are within the sketch's relative error (0.1 %)
      of the single run's, and say "percentiles_approximate";
  M3  merging the states in another order gives the same bytes.

Repeat-contact FCR is checked only on parts cut by customer (found from
the parts' cxcalc-partition.json, or given with --partitioned-by).  Churn by events (also `churn` and `clv` on
a table without a churned flag) merges only where every part's data ends
in the same month; else merge must refuse, saying so.  The last
line is "N passed, M failed"; the exit status is 1 when M > 0.
"""

import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.join(HERE, "..", "tools")
ALPHA = 0.001

SURVEY_CMDS = [
    ["nps", "--by", "segment", "--period", "month"],
    ["nps", "--weight", "weight", "--by", "channel"],
    ["csat", "--by", "channel", "--period", "quarter"],
    ["ces", "--by", "segment,channel"],
]
INTERACTION_CMDS = [
    ["aht", "--by", "channel", "--period", "week"],
    ["fcr", "--fcr-method", "flag", "--by", "queue"],
]
CUSTOMER_CMDS = [
    ["churn", "--by", "plan"],
    ["clv", "--by", "segment"],
    ["churn", "--churn-method", "events", "--by", "plan"],
]


def generate(tool, args):
    out = subprocess.run([sys.executable, os.path.join(TOOLS, tool)] + args,
                         check=True, capture_output=True)
    return out.stdout.decode("utf-8")


def split_random(text, nparts, outdir, rng):
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, data = rows[0], rows[1:]
    parts = [[] for _ in range(nparts)]
    for row in data:
        parts[rng.randrange(nparts)].append(row)
    os.makedirs(outdir)
    paths = []
    for i, p in enumerate(parts):
        path = os.path.join(outdir, "part-%03d.csv" % (i + 1))
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(p)
        paths.append(path)
    return paths


def split(cxcalc, text, nparts, outdir, how, rng):
    if how == "random":
        return split_random(text, nparts, outdir, rng)
    src = outdir + ".csv"
    with open(src, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    args = [cxcalc, "partition", src, "--parts", str(nparts), "--out", outdir]
    if how == "key":
        args += ["--key", "customer_id"]
    out = subprocess.run(args, check=True, capture_output=True)
    return out.stdout.decode().split()


def run(args):
    p = subprocess.run(args, capture_output=True)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def merge_randomly(cxcalc, states, tmp, rng):
    """Merge states in a random order, some in groups first."""
    states = states[:]
    rng.shuffle(states)
    k = 0
    while len(states) > 2 and rng.random() < 0.5:
        n = rng.randint(2, len(states) - 1)
        group, states = states[:n], states[n:]
        k += 1
        out = os.path.join(tmp, "group-%d.state" % k)
        rc, _, err = run([cxcalc, "merge", "--partial", "-o", out] + group)
        if rc != 0:
            return rc, b"", err
        states.insert(rng.randrange(len(states) + 1), out)
    return run([cxcalc, "merge"] + states)


def within(merged, single):
    return abs(merged - single) <= ALPHA * abs(single) * (1 + 1e-9) + 1e-12


def compare_aht(m, s):
    """M1 without the percentiles, M2 for them; a list of problems."""
    problems = []
    scopes = [(m["overall"], s["overall"], "overall")]
    if len(m["groups"]) != len(s["groups"]):
        return ["%d groups vs %d" % (len(m["groups"]), len(s["groups"]))]
    for gm, gs in zip(m["groups"], s["groups"]):
        if gm["key"] != gs["key"]:
            problems.append("key %s vs %s" % (gm["key"], gs["key"]))
        scopes.append((gm, gs, json.dumps(gs["key"])))
    for a, b, where in scopes:
        am, bm = a["aht"], b["aht"]
        if am.get("percentiles_approximate") is not True:
            problems.append(where + ": not marked approximate")
        for f in set(am) | set(bm):
            if f == "percentiles_approximate":
                continue
            if f in ("median", "p90") and bm.get(f) is not None:
                if am.get(f) is None or not within(am[f], bm[f]):
                    problems.append("%s %s: %s vs %s" % (where, f, am.get(f),
                                                         bm[f]))
            elif am.get(f) != bm.get(f):
                problems.append("%s %s: %s vs %s" % (where, f, am.get(f),
                                                     bm.get(f)))
    for k in ("inputs", "alerts"):
        if m[k] != s[k]:
            problems.append(k + " differ")
    return problems


def check(cxcalc, cmd, parts, tmp, rng, extra=()):
    """One command over one set of parts: a problem text or None."""
    states = []
    order = parts[:]
    rng.shuffle(order)
    for i, p in enumerate(order):
        out = os.path.join(tmp, "s%03d.state" % i)
        rc, _, err = run([cxcalc] + cmd + list(extra) + ["--partial", "-q",
                                                          "-o", out, p])
        if rc != 0:
            return "partial run on %s failed: %s" % (p, err.strip())
        states.append(out)
    rc, merged, err = merge_randomly(cxcalc, states, tmp, rng)
    rc_s, single, err_s = run([cxcalc] + cmd + ["-q"] + sorted(parts))
    if rc_s != 0:
        return "single run failed: " + err_s.strip()
    if rc != 0:
        if cmd[0] in ("churn", "clv") and "month" in err:
            return None         # by events: parts' data end in other months
        return "merge failed: " + err.strip()
    if cmd[0] == "aht":
        problems = compare_aht(json.loads(merged), json.loads(single))
        if problems:
            return "; ".join(problems[:5])
    elif merged != single:
        return "merged report differs from the single run"
    rc2, again, _ = run([cxcalc, "merge"] + sorted(states, reverse=True))
    if rc2 != 0 or again != merged:
        return "merging in another order gives other bytes"
    return None


def main():
    cxcalc = os.path.abspath(sys.argv[1])
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 6
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    passed = failed = 0
    for it in range(iterations):
        rng = random.Random(seed * 1000003 + it)
        tmp = tempfile.mkdtemp(prefix="prop-merge-")
        try:
            rows = rng.randint(50, 1500)
            gseed = str(rng.randrange(1 << 30))
            exports = {
                "survey": generate("gen_survey.py", ["--rows", str(rows),
                                                     "--seed", gseed]),
                "interactions": generate(
                    "gen_interactions.py",
                    ["--rows", str(rows), "--seed", gseed, "--with-issue",
                     "--customers", str(max(2, rows // rng.randint(2, 8)))]),
                "customers": generate("gen_customers.py",
                                      ["--rows", str(rows), "--seed", gseed]),
            }
            how = rng.choice(["random", "contiguous", "key"])
            nparts = rng.randint(2, 16)
            parts = {k: split(cxcalc, v, nparts, os.path.join(tmp, k), how,
                              rng)
                     for k, v in exports.items()}
            jobs = [(c, parts["survey"], ()) for c in SURVEY_CMDS]
            jobs += [(c, parts["interactions"], ()) for c in INTERACTION_CMDS]
            jobs += [(c, parts["customers"], ()) for c in CUSTOMER_CMDS]
            if how == "key":
                # the parts' cxcalc-partition.json says how they were cut;
                # --partitioned-by says it again, or instead
                jobs.append((["fcr", "--fcr-method", "repeat", "--by",
                              "channel"], parts["interactions"],
                             rng.choice([(), ("--partitioned-by",
                                              "customer_id")])))
            for cmd, ps, extra in jobs:
                work = tempfile.mkdtemp(dir=tmp)
                problem = check(cxcalc, cmd, ps, work, rng, extra)
                name = "iteration %d (%s, %d parts, %d rows): %s" % (
                    it, how, nparts, rows, " ".join(cmd))
                if problem:
                    failed += 1
                    print("FAIL " + name + ": " + problem)
                else:
                    passed += 1
        finally:
            shutil.rmtree(tmp)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
