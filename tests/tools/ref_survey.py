#!/usr/bin/env python3
"""Reference implementation of cxcalc's survey metrics (NPS, CSAT, CES).

Written from the contract (SPEC sections 1-4 and 6) alone, so that its
output can be diffed against cxcalc's JSON.  Counts and sums are kept as
exact integers / fractions; only the final square roots are floating point.

Usage:
    ref_survey.py METRIC[,METRIC...] [options] FILE|-

Options (mirroring cxcalc):
    --by COL[,COL...]      group by these columns' trimmed text
    --period day|week|month|quarter|year
    --weight COL           weight column (NPS only)
    --confidence C         default 0.95
    --csat-scale 1-5|1-7|1-10|0-10
    --csat-satisfied LO-HI
    --ces-scale 1-7|1-5
    --ces-low-is-easy
    --since DATE, --until DATE     keep since <= date < until
    --where COL=VALUE, --where COL!=VALUE   (repeatable)
    --min-n N              suppress group metrics with n < N
    -d DELIM               , ; tab | (default: detected from the header)

Output: one JSON document {"overall": {...}, "groups": [...]} on stdout.
Exit status: 0 ok, 1 input error, 2 usage error.
"""

import argparse
import csv
import datetime as dt
import io
import json
import math
import re
import statistics
import sys
from fractions import Fraction

PROG = "ref_survey"

# --------------------------------------------------------------------------
# errors


class InputError(Exception):
    pass


class UsageError(Exception):
    pass


# --------------------------------------------------------------------------
# column roles (SPEC section 1)

ROLE_NAMES = {
    "nps": ["nps", "nps_score", "likelihood_to_recommend", "ltr", "recommend"],
    "csat": ["csat", "csat_score", "satisfaction"],
    "ces": ["ces", "ces_score", "effort", "customer_effort"],
}
DATE_NAMES = ["recorded_date", "submitted_at", "date", "response_date",
              "end_date", "order_date"]
QUESTION_HINTS = {
    "nps": ["recommend"],
    "csat": ["satisf"],
    "ces": ["easy", "effort"],
}


def normalise(name):
    """camelCase split, trim, lowercase, space/-/. -> _"""
    s = name.strip()
    # lower or digit followed by upper: customerID -> customer_ID
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", s)
    # run of capitals followed by a capitalised word: NPSScore -> NPS_Score
    s = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", "_", s)
    s = s.lower()
    return re.sub(r"[ \-.]", "_", s)


def find_role(header, role):
    """Index of the column holding ROLE, or raise InputError."""
    norm = [normalise(h) for h in header]
    names = set(ROLE_NAMES[role])
    hits = [i for i, n in enumerate(norm) if n in names]
    if not hits:
        hits = []
        for i, h in enumerate(header):
            low = h.lower()
            if h.rstrip().endswith(" - Group") or norm[i].endswith("_nps_group"):
                continue
            if any(hint in low for hint in QUESTION_HINTS[role]):
                hits.append(i)
    if not hits:
        raise InputError(f"no '{role}' column; header: {', '.join(header)}")
    if len(hits) > 1:
        both = " and ".join(repr(header[i]) for i in hits)
        raise InputError(f"columns {both} both match role '{role}'; "
                         f"use --col {role}=NAME")
    return hits[0]


def find_date(header):
    norm = [normalise(h) for h in header]
    for name in DATE_NAMES:
        hits = [i for i, n in enumerate(norm) if n == name]
        if len(hits) > 1:
            both = " and ".join(repr(header[i]) for i in hits)
            raise InputError(f"columns {both} both match role 'date'")
        if hits:
            return hits[0]
    raise InputError(f"no 'date' column; header: {', '.join(header)}")


def find_named(header, name, what):
    """A column named by the user: exact match first, then normalised."""
    hits = [i for i, h in enumerate(header) if h == name]
    if not hits:
        n = normalise(name)
        hits = [i for i, h in enumerate(header) if normalise(h) == n]
    if not hits:
        raise InputError(f"{what} column '{name}' not in header: "
                         f"{', '.join(header)}")
    if len(hits) > 1:
        raise InputError(f"{what} column '{name}' is duplicated in the header")
    return hits[0]


# --------------------------------------------------------------------------
# cells (SPEC section 2)

MISSING = "missing"
INVALID = "invalid"
MISSING_MARKERS = {"", "na", "n/a", "null", "-"}


def trim(cell):
    return cell.strip(" \t")


def is_missing(text):
    return text.lower() in MISSING_MARKERS


SCORE_RE = re.compile(r"([0-9]+)(?:\.0+)?", re.ASCII)
LABELLED_SCORE_RE = re.compile(r"([0-9]+)(?:\.0+)? +-.*", re.ASCII | re.DOTALL)


def parse_score(cell, lo, hi):
    t = trim(cell)
    if is_missing(t):
        return MISSING
    m = SCORE_RE.fullmatch(t) or LABELLED_SCORE_RE.fullmatch(t)
    if not m:
        return INVALID
    v = int(m.group(1))
    if v < lo or v > hi:
        return INVALID
    return v


NUMBER_RE = re.compile(
    r"([+-]?)[$€£]?((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)",
    re.ASCII)


def parse_weight(cell):
    """Fraction >= 0, MISSING or INVALID (negative counts as invalid)."""
    t = trim(cell)
    if is_missing(t):
        return MISSING
    m = NUMBER_RE.fullmatch(t)
    if not m:
        return INVALID
    digits = m.group(2).replace(",", "")
    if not math.isfinite(float(digits)):
        return INVALID
    v = Fraction(digits)
    if m.group(1) == "-":
        v = -v
    if v < 0:
        return INVALID
    return v


TS_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?)?",
    re.ASCII)


def parse_timestamp(cell):
    """(utc datetime, fraction-of-second Fraction), MISSING or INVALID."""
    t = trim(cell)
    if is_missing(t):
        return MISSING
    m = TS_RE.fullmatch(t)
    if not m:
        return INVALID
    y, mo, d, hh, mi, ss, frac, off = m.groups()
    try:
        base = dt.datetime(int(y), int(mo), int(d),
                           int(hh or 0), int(mi or 0), int(ss or 0))
    except ValueError:
        return INVALID
    offset = dt.timedelta(0)
    if off and off != "Z":
        oh, om = int(off[1:3]), int(off[4:6])
        if oh > 23 or om > 59:
            return INVALID
        offset = dt.timedelta(hours=oh, minutes=om)
        if off[0] == "-":
            offset = -offset
    try:
        utc = base - offset
    except OverflowError:
        return INVALID
    f = Fraction(int(frac), 10 ** len(frac)) if frac else Fraction(0)
    return (utc, f)


def period_key(ts, period):
    d = ts[0]
    if period == "day":
        return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
    if period == "week":
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if period == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    return f"{d.year:04d}"


# --------------------------------------------------------------------------
# CSV reading

DELIMS = [",", ";", "\t", "|"]


def read_table(path, delim):
    if path == "-":
        raw = sys.stdin.buffer.read()
        name = "<stdin>"
    else:
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as e:
            raise InputError(f"{path}: {e.strerror}")
        name = path
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: not UTF-8 ({e})")
    first_end = len(text)
    for nl in ("\r", "\n"):
        i = text.find(nl)
        if i != -1:
            first_end = min(first_end, i)
    first = text[:first_end]
    m = re.fullmatch(r"sep=(.)", first)
    if m:
        if delim is None:
            delim = m.group(1)
        rest = text[first_end:]
        if rest.startswith("\r\n"):
            rest = rest[2:]
        elif rest[:1] in ("\r", "\n"):
            rest = rest[1:]
        text = rest
        first_end = len(text)
        for nl in ("\r", "\n"):
            i = text.find(nl)
            if i != -1:
                first_end = min(first_end, i)
        first = text[:first_end]
    if delim is None:
        counts = {c: first.count(c) for c in DELIMS}
        best = max(counts.values())
        delim = ","
        if counts[","] != best:
            delim = next(c for c in DELIMS if counts[c] == best)
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim,
                        quotechar='"', doublequote=True, strict=True,
                        skipinitialspace=False)
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(f"{name}: empty file, no header")
        rows = []
        for rec in reader:
            if rec == []:
                continue  # blank line: no record, even in a one-column file
            if len(rec) != len(header):
                raise InputError(
                    f"{name}:{reader.line_num}: record has {len(rec)} fields, "
                    f"header has {len(header)}")
            rows.append(rec)
    except csv.Error as e:
        raise InputError(f"{name}:{reader.line_num}: malformed CSV: {e}")
    return header, rows


# --------------------------------------------------------------------------
# metric accumulators (SPEC section 3)


def ratio(num, den):
    return Fraction(num) / Fraction(den)


def fl(x):
    return None if x is None else float(x)


class NPS:
    name = "nps"

    def __init__(self, weighted):
        self.weighted = weighted
        self.n = self.p = self.pa = self.d = 0
        self.missing = self.invalid = 0
        self.wp = self.wpa = self.wd = Fraction(0)
        self.w2 = Fraction(0)

    def add(self, score, w=None):
        if score == MISSING:
            self.missing += 1
            return
        if score == INVALID:
            self.invalid += 1
            return
        if self.weighted:
            if w in (MISSING, INVALID):
                self.invalid += 1
                return
        else:
            w = Fraction(1)
        self.n += 1
        if score >= 9:
            self.p += 1
            self.wp += w
        elif score >= 7:
            self.pa += 1
            self.wpa += w
        else:
            self.d += 1
            self.wd += w
        self.w2 += w * w

    def result(self, z, suppress):
        out = {"n": self.n, "promoters": self.p, "passives": self.pa,
               "detractors": self.d}
        W = self.wp + self.wpa + self.wd
        if self.weighted:
            tot, neff = W, (W * W / self.w2 if self.w2 else None)
        else:
            tot, neff = Fraction(self.n), Fraction(self.n)
        fields = dict.fromkeys(["promoters_pct", "passives_pct",
                                "detractors_pct", "value", "margin",
                                "ci_low", "ci_high"])
        if self.n > 0 and tot > 0 and not suppress:
            p, pa, d = self.wp / tot, self.wpa / tot, self.wd / tot
            value = 100 * (p - d)
            var = p + d - (p - d) ** 2
            margin = z * 100 * math.sqrt(float(var / neff))
            fv = float(value)
            fields.update(
                promoters_pct=float(100 * p), passives_pct=float(100 * pa),
                detractors_pct=float(100 * d), value=fv, margin=margin,
                ci_low=max(-100.0, fv - margin),
                ci_high=min(100.0, fv + margin))
        out.update(fields)
        out["missing"] = self.missing
        out["invalid"] = self.invalid
        if self.weighted:
            out["weighted_n"] = float(W)
            out["effective_n"] = fl(neff) if self.n > 0 else None
        return out


class CSAT:
    name = "csat"

    def __init__(self, sat_lo, sat_hi):
        self.sat_lo, self.sat_hi = sat_lo, sat_hi
        self.n = self.sat = self.total = 0
        self.missing = self.invalid = 0

    def add(self, score, w=None):
        if score == MISSING:
            self.missing += 1
        elif score == INVALID:
            self.invalid += 1
        else:
            self.n += 1
            self.total += score
            if self.sat_lo <= score <= self.sat_hi:
                self.sat += 1

    def result(self, z, suppress):
        out = {"n": self.n, "satisfied": self.sat, "value": None,
               "mean": None, "ci_low": None, "ci_high": None}
        if self.n > 0 and not suppress:
            n = self.n
            p = ratio(self.sat, n)
            z2 = z * z
            denom = 1 + z2 / n
            centre = (float(p) + z2 / (2 * n)) / denom
            half = z / denom * math.sqrt(float(p * (1 - p)) / n
                                         + z2 / (4 * n * n))
            out.update(value=float(100 * p), mean=float(ratio(self.total, n)),
                       ci_low=100 * (centre - half),
                       ci_high=100 * (centre + half))
        out["missing"] = self.missing
        out["invalid"] = self.invalid
        return out


class CES:
    name = "ces"

    def __init__(self, easy, difficult):
        self.easy_rng, self.diff_rng = easy, difficult
        self.n = self.easy = self.diff = 0
        self.total = self.total2 = 0
        self.missing = self.invalid = 0

    def add(self, score, w=None):
        if score == MISSING:
            self.missing += 1
        elif score == INVALID:
            self.invalid += 1
        else:
            self.n += 1
            self.total += score
            self.total2 += score * score
            if self.easy_rng[0] <= score <= self.easy_rng[1]:
                self.easy += 1
            if self.diff_rng[0] <= score <= self.diff_rng[1]:
                self.diff += 1

    def result(self, z, suppress):
        out = {"n": self.n, "easy": self.easy, "difficult": self.diff,
               "value": None, "easy_pct": None, "difficult_pct": None,
               "ci_low": None, "ci_high": None}
        n = self.n
        if n > 0 and not suppress:
            mean = ratio(self.total, n)
            out.update(value=float(mean),
                       easy_pct=float(100 * ratio(self.easy, n)),
                       difficult_pct=float(100 * ratio(self.diff, n)))
            if n >= 2:
                var = Fraction(n * self.total2 - self.total ** 2, n * (n - 1))
                half = z * math.sqrt(float(var)) / math.sqrt(n)
                out.update(ci_low=float(mean) - half,
                           ci_high=float(mean) + half)
        out["missing"] = self.missing
        out["invalid"] = self.invalid
        return out


# --------------------------------------------------------------------------
# command line


def parse_range(text, opt):
    m = re.fullmatch(r"([0-9]+)-([0-9]+)", text, re.ASCII)
    if not m:
        raise UsageError(f"{opt}: expected LO-HI, got '{text}'")
    return int(m.group(1)), int(m.group(2))


def parse_bound(text, opt):
    ts = parse_timestamp(text)
    if ts in (MISSING, INVALID):
        raise UsageError(f"{opt}: '{text}' is not a date or timestamp")
    return ts


def parse_where(text):
    i = text.find("=")
    if i <= 0:
        raise UsageError(f"--where: expected COL=VALUE or COL!=VALUE, "
                         f"got '{text}'")
    if text[i - 1] == "!":
        col, neg = text[: i - 1], True
    else:
        col, neg = text[:i], False
    if not col:
        raise UsageError(f"--where: empty column name in '{text}'")
    return col, neg, text[i + 1:]


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def build_parser():
    ap = Parser(prog=PROG, allow_abbrev=False, add_help=True,
                description="reference NPS/CSAT/CES")
    ap.add_argument("metrics")
    ap.add_argument("file")
    ap.add_argument("--by")
    ap.add_argument("--period",
                    choices=["day", "week", "month", "quarter", "year"])
    ap.add_argument("--weight")
    ap.add_argument("--confidence", type=float, default=0.95)
    ap.add_argument("--csat-scale", default="1-5",
                    choices=["1-5", "1-7", "1-10", "0-10"])
    ap.add_argument("--csat-satisfied")
    ap.add_argument("--ces-scale", default="1-7", choices=["1-7", "1-5"])
    ap.add_argument("--ces-low-is-easy", action="store_true")
    ap.add_argument("--since")
    ap.add_argument("--until")
    ap.add_argument("--where", action="append", default=[])
    ap.add_argument("--min-n", type=int)
    ap.add_argument("-d", dest="delimiter")
    return ap


def key_sort(key):
    return tuple((0, b"") if k is None else (1, k.encode("utf-8"))
                 for k in key)


def run(argv):
    args = build_parser().parse_args(argv)
    metrics = args.metrics.split(",")
    for m in metrics:
        if m not in ("nps", "csat", "ces"):
            raise UsageError(f"unknown metric '{m}'")
    if len(set(metrics)) != len(metrics):
        raise UsageError("a metric is named twice")
    if not 0 < args.confidence < 1:
        raise UsageError("--confidence must be between 0 and 1")
    z = statistics.NormalDist().inv_cdf((1 + args.confidence) / 2)
    if args.min_n is not None and args.min_n < 0:
        raise UsageError("--min-n must be >= 0")

    csat_lo, csat_hi = parse_range(args.csat_scale, "--csat-scale")
    sat = {"1-5": (4, 5), "1-7": (6, 7), "1-10": (9, 10),
           "0-10": (9, 10)}[args.csat_scale]
    if args.csat_satisfied:
        sat = parse_range(args.csat_satisfied, "--csat-satisfied")
        if not (csat_lo <= sat[0] <= sat[1] <= csat_hi):
            raise UsageError("--csat-satisfied must lie within --csat-scale")
    ces_lo, ces_hi = parse_range(args.ces_scale, "--ces-scale")
    if ces_hi == 7:
        easy, diff = (5, 7), (1, 3)
    else:
        easy, diff = (4, 5), (1, 2)
    if args.ces_low_is_easy:
        easy, diff = (ces_lo + ces_hi - easy[1], ces_lo + ces_hi - easy[0]), \
                     (ces_lo + ces_hi - diff[1], ces_lo + ces_hi - diff[0])

    since = parse_bound(args.since, "--since") if args.since else None
    until = parse_bound(args.until, "--until") if args.until else None
    wheres = [parse_where(w) for w in args.where]
    by_names = args.by.split(",") if args.by else []
    if any(b == "" for b in by_names):
        raise UsageError("--by: empty column name")

    delim = args.delimiter
    if delim is not None:
        delim = {"tab": "\t", "\\t": "\t", "TAB": "\t"}.get(delim, delim)
        if len(delim) != 1:
            raise UsageError("-d takes one character (or 'tab')")

    header, rows = read_table(args.file, delim)

    scales = {"nps": (0, 10), "csat": (csat_lo, csat_hi),
              "ces": (ces_lo, ces_hi)}
    cols = {m: find_role(header, m) for m in metrics}
    date_col = None
    if args.period or since or until:
        date_col = find_date(header)
    weight_col = None
    if args.weight and "nps" in metrics:
        weight_col = find_named(header, args.weight, "--weight")
    by_cols = [find_named(header, b, "--by") for b in by_names]
    where_cols = [(find_named(header, c, "--where"), neg, v)
                  for c, neg, v in wheres]

    def new_acc(m):
        if m == "nps":
            return NPS(weight_col is not None)
        if m == "csat":
            return CSAT(*sat)
        return CES(easy, diff)

    overall = {m: new_acc(m) for m in metrics}
    groups = {}
    grouping = bool(by_cols) or args.period is not None

    for rec in rows:
        if any((trim(rec[c]) == v) == neg for c, neg, v in where_cols):
            continue
        ts = None
        if date_col is not None:
            ts = parse_timestamp(rec[date_col])
            if since or until:
                if ts in (MISSING, INVALID):
                    continue
                if since and ts < since:
                    continue
                if until and not ts < until:
                    continue
        target = [overall]
        if grouping:
            key = []
            if args.period:
                key.append(None if ts in (MISSING, INVALID)
                           else period_key(ts, args.period))
            for c in by_cols:
                t = trim(rec[c])
                key.append(t if t != "" else None)
            key = tuple(key)
            if key not in groups:
                groups[key] = {m: new_acc(m) for m in metrics}
            target.append(groups[key])
        w = parse_weight(rec[weight_col]) if weight_col is not None else None
        for m in metrics:
            s = parse_score(rec[cols[m]], *scales[m])
            for accs in target:
                accs[m].add(s, w)

    out = {"overall": {m: overall[m].result(z, False) for m in metrics},
           "groups": []}
    key_names = (["period"] if args.period else []) + \
        [header[c] for c in by_cols]
    for key in sorted(groups, key=key_sort):
        accs = groups[key]
        g = {"key": {}}
        # SPEC shows "by" columns first, then period, in the key object
        for name, val in zip(key_names[1:] if args.period else key_names,
                             key[1:] if args.period else key):
            g["key"][name] = val
        if args.period:
            g["key"]["period"] = key[0]
        for m in metrics:
            sup = args.min_n is not None and accs[m].n < args.min_n
            r = accs[m].result(z, sup)
            if sup:
                r["suppressed"] = True
            g[m] = r
        out["groups"].append(g)
    return out


def main(argv=None):
    try:
        out = run(sys.argv[1:] if argv is None else argv)
    except UsageError as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 2
    except InputError as e:
        print(f"{PROG}: {e}", file=sys.stderr)
        return 1
    text = json.dumps(out, ensure_ascii=False, indent=1, allow_nan=False)
    sys.stdout.buffer.write((text + "\n").encode("utf-8"))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
