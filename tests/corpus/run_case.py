#!/usr/bin/env python3
"""Run one bad-input corpus case of expected.tsv against cxcalc.

    run_case.py CXCALC CORPUS_DIR NAME     run the row called NAME
    run_case.py --list CORPUS_DIR          print the row names

The command runs in the folder of the input file, with the file's bare
name, so messages read `cxcalc: NAME.csv:7: ...`.  Columns of expected.tsv
(tab-separated; `-` means "no check"):

  name    test name (corpus/NAME in CTest)
  file    a file in files/, or one gen_big.py writes at test time
  args    the command line after `cxcalc`, split like a shell would;
          {FILE} is the input
  exit    expected exit status
  stderr  a regular expression stderr must match (re.search, multi-line;
          {F} is the escaped file name), or EMPTY: stderr must be empty
  n       the `n` of the first metric of `overall` (exit 0 only)
  value   its `value` (a number, or null)
  checks  more assertions, separated by " && ":
            PATH=JSON     a field of the JSON output (overall.nps.missing=4,
                          inputs.0.skipped_rows=1, groups.1.key.comment="OK")
            @baseline     n 5, promoters 2, passives 1, detractors 2,
                          value 0, missing 0, invalid 0, 5 rows
            stdout~RE, stdout!~RE, stderr~RE, stderr!~RE
            maxwidth=N    no stdout line longer than N characters
  status  ok, or spec-gap: the binary does not meet SPEC.md here yet.  A
          spec-gap case that fails is reported as skipped (exit 77) with
          the reason; one that passes fails, so the mark gets removed.
  why     what SPEC.md requires (printed for spec-gap cases)

Every case also fails on sanitizer reports in stderr, and on stdout that
is not UTF-8 or (with -f json and exit 0) not JSON.
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

COLUMNS = ["name", "file", "args", "exit", "stderr", "n", "value", "checks",
           "status", "why"]
GENERATED = {"42_very_long_line_wide_header.csv",
             "43_long_field_1MiB_plus_1.csv"}
BASELINE = ["n=5", "value=0", "promoters=2", "passives=1", "detractors=2",
            "missing=0", "invalid=0"]
SANITIZER = re.compile(r"(AddressSanitizer|LeakSanitizer|UndefinedBehavior"
                       r"Sanitizer|runtime error:|MemorySanitizer)")


def rows(corpus):
    with open(os.path.join(corpus, "expected.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            cells += [""] * (len(COLUMNS) - len(cells))
            yield dict(zip(COLUMNS, cells))


def lookup(doc, path):
    cur = doc
    for part in path.split("."):
        if isinstance(cur, list):
            cur = cur[int(part)]
        elif isinstance(cur, dict):
            if part not in cur:
                raise KeyError(path)
            cur = cur[part]
        else:
            raise KeyError(path)
    return cur


def same_number(actual, expected):
    if expected is None or actual is None:
        return actual is expected
    if isinstance(expected, bool) or isinstance(actual, bool):
        return actual is expected
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return abs(actual - expected) <= 1e-9 * max(1.0, abs(expected))
    return actual == expected


def run(cxcalc, corpus, row):
    failures = []
    name = row["file"]
    tmp = None
    if name in GENERATED:
        tmp = tempfile.TemporaryDirectory(prefix="cxcalc-corpus-")
        subprocess.run([sys.executable, os.path.join(corpus, "gen_big.py"),
                        name, tmp.name], check=True, stdout=subprocess.DEVNULL)
        folder = tmp.name
    else:
        folder = os.path.join(corpus, "files")
    if not os.path.exists(os.path.join(folder, name)):
        return ["input file %s does not exist" % name]
    args = [name if a == "{FILE}" else a for a in shlex.split(row["args"])]
    cmd = [cxcalc] + args
    print("$ cd %s && cxcalc %s" % (folder, " ".join(map(shlex.quote, args))))
    try:
        p = subprocess.run(cmd, cwd=folder, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=240)
    except subprocess.TimeoutExpired:
        return ["timed out"]
    finally:
        if tmp:
            tmp.cleanup()
    err = p.stderr.decode("utf-8", "replace")
    sys.stdout.write("exit %d\n--- stderr\n%s--- stdout (first 2000 bytes)\n%s\n"
                     % (p.returncode, err,
                        p.stdout[:2000].decode("utf-8", "replace")))
    if SANITIZER.search(err):
        failures.append("sanitizer report on stderr")
    if p.returncode != int(row["exit"]):
        failures.append("exit %d, expected %s" % (p.returncode, row["exit"]))
    fre = re.escape(name)
    want = row["stderr"]
    if want == "EMPTY":
        if err:
            failures.append("stderr is not empty")
    elif want not in ("", "-"):
        if not re.search(want.replace("{F}", fre), err, re.M):
            failures.append("stderr does not match /%s/" % want)
    try:
        out = p.stdout.decode("utf-8")
    except UnicodeDecodeError as e:
        failures.append("stdout is not UTF-8: %s" % e)
        out = p.stdout.decode("utf-8", "replace")
    doc = None
    if p.returncode == 0 and "json" in args and "-f" in args:
        try:
            doc = json.loads(out)
        except ValueError as e:
            failures.append("stdout is not JSON: %s" % e)
    checks = ([c.strip() for c in row["checks"].split(" && ")]
              if row["checks"] not in ("", "-") else [])
    metric = None
    if doc is not None and isinstance(doc.get("overall"), dict) \
            and doc["overall"]:
        metric = "overall." + next(iter(doc["overall"]))
    if "@baseline" in checks:
        checks.remove("@baseline")
        checks += ["inputs.0.rows=5"] + [
            "%s.%s" % (metric, c) if metric else c for c in BASELINE]
    for col in ("n", "value"):
        if row[col] not in ("", "-"):
            checks.append("%s.%s=%s" % (metric, col, row[col]))
    for c in checks:
        m = re.match(r"^(stdout|stderr)(!?)~(.*)$", c, re.S)
        if m:
            text = out if m.group(1) == "stdout" else err
            found = re.search(m.group(3).replace("{F}", fre), text, re.M)
            if bool(found) == (m.group(2) == "!"):
                failures.append("%s %s /%s/" % (
                    m.group(1), "matches" if found else "does not match",
                    m.group(3)))
            continue
        m = re.match(r"^maxwidth=(\d+)$", c)
        if m:
            for line in out.split("\n"):
                if len(line) > int(m.group(1)):
                    failures.append("stdout line of %d characters (> %s): %r"
                                    % (len(line), m.group(1), line))
                    break
            continue
        path, _, expected = c.partition("=")
        if doc is None:
            failures.append("no JSON document to check %s" % c)
            continue
        if path.startswith("None."):
            failures.append("no metric in overall for %s" % c)
            continue
        try:
            actual = lookup(doc, path)
        except (KeyError, IndexError, ValueError):
            failures.append("%s: no such field" % path)
            continue
        if not same_number(actual, json.loads(expected)):
            failures.append("%s = %s, expected %s"
                            % (path, json.dumps(actual), expected))
    return failures


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--list":
        for r in rows(sys.argv[2]):
            print(r["name"])
        return 0
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    cxcalc, corpus, name = sys.argv[1:]
    matches = [r for r in rows(corpus) if r["name"] == name]
    if len(matches) != 1:
        sys.exit("run_case.py: %d rows called %r" % (len(matches), name))
    row = matches[0]
    failures = run(os.path.abspath(cxcalc), corpus, row)
    gap = row["status"] == "spec-gap"
    for f in failures:
        print("FAIL: %s" % f)
    if gap and failures:
        print("SKIPPED: known gap between cxcalc and SPEC.md: %s" % row["why"])
        return 77
    if gap:
        print("XPASS: this case now meets SPEC.md; mark it ok in expected.tsv")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
