#!/usr/bin/env python3
"""Reference implementation of cxcalc's interaction metrics (AHT, FCR).

Written from the contract (SPEC sections 1-4 and 6) alone, so that its
output can be diffed against cxcalc's JSON.  Durations and timestamps are
kept as integer milliseconds and every mean, percentile and share is an
exact fraction; only the Wilson interval's square root is floating point.

Usage:
    ref_interactions.py METRIC[,METRIC] [options] FILE|-

METRIC is aht or fcr.  Options (mirroring cxcalc):
    --by COL[,COL...]      group by these columns' trimmed text
    --period day|week|month|quarter|year   (of the start time, UTC)
    --fcr-method flag|repeat   default: flag when a resolved column exists
    --fcr-window W         repeat-contact window: <integer>d|h|m|s (7d)
    --confidence C         default 0.95
    --since DATE, --until DATE     keep since <= start < until
    --where COL=VALUE, --where COL!=VALUE   (repeatable)
    --min-n N              suppress group metrics with n < N
    -d DELIM               , ; tab | (default: detected from the header)

Rules in brief:
  * A row whose status (trimmed, any case) is abandoned, abandon, missed or
    no_answer is left out of both metrics and counted as `abandoned`.
  * Handle time: the handle column if the file has one; else talk + hold +
    acw (a missing part is 0, all present parts missing = missing, any
    invalid part = invalid); else end - start (negative = invalid).
  * Durations: seconds (312, 312.5), MM:SS (minutes unbounded), H:MM:SS or
    HH:MM:SS (hours unbounded, later parts two digits below 60), a fraction
    on the last part; no signs; rounded to the millisecond, half up; more
    than 2^63 - 1 ms is invalid.
  * Median and p90 interpolate linearly between closest ranks (numpy's
    default method).
  * Repeat-contact FCR: contacts of one customer (and issue, when the file
    has an issue column) in time order, ties in file order; a contact more
    than the window after the first contact of the current episode opens a
    new episode.  An episode counts in the groups of its first contact;
    `abandoned` and `invalid` count in the row's own group.

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

PROG = "ref_interactions"

# --------------------------------------------------------------------------
# errors


class InputError(Exception):
    pass


class UsageError(Exception):
    pass


# --------------------------------------------------------------------------
# column roles (SPEC section 1)

ROLE_NAMES = {
    "customer": ["customer", "customer_id"],
    "start": ["start", "start_time", "started_at"],
    "end": ["end", "end_time", "ended_at"],
    "talk": ["talk", "talk_time"],
    "hold": ["hold", "hold_time"],
    "acw": ["acw", "wrap", "wrap_time", "wrapup", "after_call_work"],
    "handle": ["handle", "handle_time", "aht"],
    "resolved": ["fcr", "resolved", "resolved_first_contact",
                 "first_contact_resolution"],
    "issue": ["issue", "issue_id"],
    "status": ["status"],
}
PARTS = ("talk", "hold", "acw")


def normalise(name):
    """camelCase split, trim, lowercase, space/-/. -> _"""
    s = name.strip()
    s = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", s)
    s = re.sub(r"(?<=[A-Z])(?=[A-Z][a-z])", "_", s)
    s = s.lower()
    return re.sub(r"[ \-.]", "_", s)


class Roles:
    """Resolves roles from the header on demand (unused roles never are)."""

    def __init__(self, header):
        self.header = header
        self.norm = [normalise(h) for h in header]
        self.cache = {}

    def find(self, role):
        """Column index of ROLE, None when absent; ambiguity is an error."""
        if role not in self.cache:
            names = set(ROLE_NAMES[role])
            hits = [i for i, n in enumerate(self.norm) if n in names]
            if len(hits) > 1:
                both = " and ".join(repr(self.header[i]) for i in hits)
                raise InputError(f"columns {both} both match role '{role}'; "
                                 f"use --col {role}=NAME")
            self.cache[role] = hits[0] if hits else None
        return self.cache[role]

    def need(self, role, why):
        i = self.find(role)
        if i is None:
            raise InputError(f"no '{role}' column ({why}); header: "
                             f"{', '.join(self.header)}")
        return i


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


def half_up_ms(seconds):
    """Fraction of seconds -> integer milliseconds, half up."""
    return math.floor(seconds * 1000 + Fraction(1, 2))


DUR_SECONDS_RE = re.compile(r"([0-9]+)(?:\.([0-9]+))?", re.ASCII)
DUR_MMSS_RE = re.compile(r"([0-9]+):([0-9]{2})(?:\.([0-9]+))?", re.ASCII)
DUR_HMS_RE = re.compile(r"([0-9]+):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?",
                        re.ASCII)
MAX_MS = 2 ** 63 - 1  # durations are whole milliseconds in 64 bits


def frac_part(digits):
    return Fraction(int(digits), 10 ** len(digits)) if digits else Fraction(0)


def parse_duration(cell):
    """Integer milliseconds >= 0, MISSING or INVALID.

    The first part is unbounded (minutes of MM:SS may pass 59, hours of
    H:MM:SS may pass 99); a value past 64-bit milliseconds is invalid."""
    t = trim(cell)
    if is_missing(t):
        return MISSING
    m = DUR_SECONDS_RE.fullmatch(t)
    if m:
        ms = half_up_ms(int(m.group(1)) + frac_part(m.group(2)))
    else:
        m = DUR_MMSS_RE.fullmatch(t)
        if m:
            mm, ss = int(m.group(1)), int(m.group(2))
            if ss >= 60:
                return INVALID
            ms = half_up_ms(mm * 60 + ss + frac_part(m.group(3)))
        else:
            m = DUR_HMS_RE.fullmatch(t)
            if not m:
                return INVALID
            hh, mm, ss = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if mm >= 60 or ss >= 60:
                return INVALID
            ms = half_up_ms(hh * 3600 + mm * 60 + ss + frac_part(m.group(4)))
    return ms if ms <= MAX_MS else INVALID


FLAG_TRUE = {"1", "true", "yes", "y", "t"}
FLAG_FALSE = {"0", "false", "no", "n", "f"}


def parse_flag(cell):
    t = trim(cell)
    if is_missing(t):
        return MISSING
    low = t.lower()
    if low in FLAG_TRUE:
        return True
    if low in FLAG_FALSE:
        return False
    return INVALID


TS_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?)?",
    re.ASCII)
EPOCH = dt.datetime(1970, 1, 1)


def parse_timestamp(cell):
    """Integer UTC milliseconds since 1970, MISSING or INVALID.

    Digits of the seconds past the millisecond are dropped."""
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
    offset_min = 0
    if off and off != "Z":
        oh, om = int(off[1:3]), int(off[4:6])
        if oh > 23 or om > 59:
            return INVALID
        offset_min = oh * 60 + om
        if off[0] == "-":
            offset_min = -offset_min
    delta = base - EPOCH
    ms = (delta.days * 86400 + delta.seconds) * 1000
    if frac:
        ms += int((frac + "00")[:3])
    return ms - offset_min * 60000


def ms_to_datetime(ms):
    return EPOCH + dt.timedelta(milliseconds=ms)


def period_key(ms, period):
    d = ms_to_datetime(ms)
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


ABANDONED = {"abandoned", "abandon", "missed", "no_answer"}


def is_abandoned(cell):
    return trim(cell).lower() in ABANDONED


# --------------------------------------------------------------------------
# CSV reading

DELIMS = [",", ";", "\t", "|"]


def first_line(text):
    end = len(text)
    for nl in ("\r", "\n"):
        i = text.find(nl)
        if i != -1:
            end = min(end, i)
    return text[:end], end


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
    first, first_end = first_line(text)
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
        first, first_end = first_line(text)
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
            if rec == [] and len(header) != 1:
                continue  # blank line
            if rec == []:
                rec = [""]
            if len(rec) != len(header):
                raise InputError(
                    f"{name}:{reader.line_num}: record has {len(rec)} fields, "
                    f"header has {len(header)}")
            rows.append(rec)
    except csv.Error as e:
        raise InputError(f"{name}:{reader.line_num}: malformed CSV: {e}")
    return header, rows


# --------------------------------------------------------------------------
# statistics


def percentile(sorted_vals, q):
    """numpy's default ('linear') percentile of exact values, q a Fraction."""
    n = len(sorted_vals)
    h = (n - 1) * q
    lo = math.floor(h)
    if lo + 1 >= n:
        return Fraction(sorted_vals[lo])
    return sorted_vals[lo] + (h - lo) * (sorted_vals[lo + 1] - sorted_vals[lo])


def wilson(k, n, z):
    """Wilson score interval of k/n, in percent."""
    p = Fraction(k, n)
    z2 = z * z
    denom = 1 + z2 / n
    centre = (float(p) + z2 / (2 * n)) / denom
    half = z / denom * math.sqrt(float(p * (1 - p)) / n + z2 / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


# --------------------------------------------------------------------------
# metric accumulators (SPEC section 3)


class AHT:
    name = "aht"

    def __init__(self, parts):
        self.parts = parts  # names of the part columns the file has
        self.handles = []   # integer ms
        self.part_sums = {p: 0 for p in parts}
        self.abandoned = self.missing = self.invalid = 0

    def add(self, row):
        kind = row["aht"]
        if kind == "abandoned":
            self.abandoned += 1
        elif kind == MISSING:
            self.missing += 1
        elif kind == INVALID:
            self.invalid += 1
        else:
            handle, parts = kind
            self.handles.append(handle)
            for p in self.parts:
                self.part_sums[p] += parts[p]

    def result(self, z, suppress):
        n = len(self.handles)
        out = {"n": n, "value": None, "median": None, "p90": None}
        for p in self.parts:
            out[f"{p}_mean"] = None
        if n > 0 and not suppress:
            vals = sorted(self.handles)
            out["value"] = float(Fraction(sum(vals), n * 1000))
            out["median"] = float(percentile(vals, Fraction(1, 2)) / 1000)
            out["p90"] = float(percentile(vals, Fraction(9, 10)) / 1000)
            for p in self.parts:
                out[f"{p}_mean"] = float(Fraction(self.part_sums[p],
                                                  n * 1000))
        out["abandoned"] = self.abandoned
        out["missing"] = self.missing
        out["invalid"] = self.invalid
        return out


class FCRFlag:
    name = "fcr"

    def __init__(self):
        self.n = self.true = 0
        self.abandoned = self.missing = self.invalid = 0

    def add(self, row):
        kind = row["fcr"]
        if kind == "abandoned":
            self.abandoned += 1
        elif kind == MISSING:
            self.missing += 1
        elif kind == INVALID:
            self.invalid += 1
        else:
            self.n += 1
            if kind:
                self.true += 1

    def result(self, z, suppress):
        out = {"method": "flag", "n": self.n, "resolved_first": self.true,
               "value": None, "ci_low": None, "ci_high": None}
        if self.n > 0 and not suppress:
            out["value"] = float(Fraction(100 * self.true, self.n))
            out["ci_low"], out["ci_high"] = wilson(self.true, self.n, z)
        out["missing"] = self.missing
        out["invalid"] = self.invalid
        out["abandoned"] = self.abandoned
        return out


class FCRRepeat:
    name = "fcr"

    def __init__(self):
        self.n = self.single = self.contacts = 0
        self.abandoned = self.invalid = 0

    def add(self, row):
        kind = row["fcr"]
        if kind == "abandoned":
            self.abandoned += 1
        elif kind == INVALID:
            self.invalid += 1
        # valid contacts count through add_episode

    def add_episode(self, size):
        self.n += 1
        self.contacts += size
        if size == 1:
            self.single += 1

    def result(self, z, suppress):
        out = {"method": "repeat", "n": self.n,
               "resolved_first": self.single,
               "repeat_contacts": self.contacts - self.n,
               "value": None, "ci_low": None, "ci_high": None}
        if self.n > 0 and not suppress:
            out["value"] = float(Fraction(100 * self.single, self.n))
            out["ci_low"], out["ci_high"] = wilson(self.single, self.n, z)
        out["missing"] = 0
        out["invalid"] = self.invalid
        out["abandoned"] = self.abandoned
        return out


# --------------------------------------------------------------------------
# command line


WINDOW_UNITS = {"d": 86400000, "h": 3600000, "m": 60000, "s": 1000}


def parse_window(text):
    m = re.fullmatch(r"([0-9]+)([dhms])", text, re.ASCII)
    if not m:
        raise UsageError(f"--fcr-window: expected <integer>d|h|m|s, "
                         f"got '{text}'")
    if int(m.group(1)) == 0:
        raise UsageError("--fcr-window must be more than 0")
    return int(m.group(1)) * WINDOW_UNITS[m.group(2)]


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
                description="reference AHT/FCR")
    ap.add_argument("metrics")
    ap.add_argument("file")
    ap.add_argument("--by")
    ap.add_argument("--period",
                    choices=["day", "week", "month", "quarter", "year"])
    ap.add_argument("--fcr-method", choices=["flag", "repeat"])
    ap.add_argument("--fcr-window", default="7d")
    ap.add_argument("--confidence", type=float, default=0.95)
    ap.add_argument("--since")
    ap.add_argument("--until")
    ap.add_argument("--where", action="append", default=[])
    ap.add_argument("--min-n", type=int)
    ap.add_argument("-d", dest="delimiter")
    return ap


def key_sort(key):
    return tuple((0, b"") if k is None else (1, k.encode("utf-8"))
                 for k in key)


def handle_of(rec, cols):
    """(handle ms, {part: ms}) or MISSING / INVALID for a handled row."""
    parts = {}
    for p in PARTS:
        if cols[p] is not None:
            v = parse_duration(rec[cols[p]])
            parts[p] = v
    if cols["handle"] is not None:
        h = parse_duration(rec[cols["handle"]])
        if h in (MISSING, INVALID):
            return h
        return h, {p: (0 if v in (MISSING, INVALID) else v)
                   for p, v in parts.items()}
    if parts:
        vals = list(parts.values())
        if INVALID in vals:
            return INVALID
        if all(v == MISSING for v in vals):
            return MISSING
        clean = {p: (0 if v == MISSING else v) for p, v in parts.items()}
        return sum(clean.values()), clean
    s = parse_timestamp(rec[cols["start"]])
    e = parse_timestamp(rec[cols["end"]])
    if INVALID in (s, e):
        return INVALID
    if MISSING in (s, e):
        return MISSING
    if e < s:
        return INVALID
    return e - s, {}


def run(argv):
    args = build_parser().parse_args(argv)
    metrics = args.metrics.split(",")
    for m in metrics:
        if m not in ("aht", "fcr"):
            raise UsageError(f"unknown metric '{m}'")
    if len(set(metrics)) != len(metrics):
        raise UsageError("a metric is named twice")
    if not 0 < args.confidence < 1:
        raise UsageError("--confidence must be between 0 and 1")
    z = statistics.NormalDist().inv_cdf((1 + args.confidence) / 2)
    if args.min_n is not None and args.min_n < 0:
        raise UsageError("--min-n must be >= 0")
    window = parse_window(args.fcr_window)
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
    roles = Roles(header)

    status_col = roles.find("status")
    start_col = None
    if args.period or since is not None or until is not None:
        start_col = roles.need("start", "--period/--since/--until use it")

    cols = {}
    if "aht" in metrics:
        cols["handle"] = roles.find("handle")
        # the handle column wins, but part means are still reported
        for p in PARTS:
            cols[p] = roles.find(p)
        if cols["handle"] is None and all(cols[p] is None for p in PARTS):
            cols["start"] = roles.need("start", "AHT from end - start")
            cols["end"] = roles.need("end", "AHT from end - start")
    aht_parts = [p for p in PARTS if cols.get(p) is not None]

    method = None
    if "fcr" in metrics:
        resolved_col = None
        if args.fcr_method != "repeat":
            resolved_col = roles.find("resolved")
            if resolved_col is None and args.fcr_method == "flag":
                roles.need("resolved", "--fcr-method flag")
        method = "flag" if resolved_col is not None else "repeat"
        if method == "repeat":
            cust_col = roles.need("customer", "repeat-contact FCR")
            fcr_start_col = roles.need("start", "repeat-contact FCR")
            issue_col = roles.find("issue")

    by_cols = [find_named(header, b, "--by") for b in by_names]
    where_cols = [(find_named(header, c, "--where"), neg, v)
                  for c, neg, v in wheres]

    def new_accs():
        accs = {}
        for m in metrics:
            if m == "aht":
                accs[m] = AHT(aht_parts)
            elif method == "flag":
                accs[m] = FCRFlag()
            else:
                accs[m] = FCRRepeat()
        return accs

    overall = new_accs()
    groups = {}
    grouping = bool(by_cols) or args.period is not None
    contacts = []  # repeat FCR: (customer, issue, start, index, targets)

    for index, rec in enumerate(rows):
        if any((trim(rec[c]) == v) == neg for c, neg, v in where_cols):
            continue
        ts = None
        if start_col is not None:
            ts = parse_timestamp(rec[start_col])
            if since is not None or until is not None:
                if ts in (MISSING, INVALID):
                    continue
                if since is not None and ts < since:
                    continue
                if until is not None and not ts < until:
                    continue
        targets = [overall]
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
                groups[key] = new_accs()
            targets.append(groups[key])

        abandoned = status_col is not None and is_abandoned(rec[status_col])
        row = {}
        if "aht" in metrics:
            row["aht"] = "abandoned" if abandoned else handle_of(rec, cols)
        if "fcr" in metrics:
            if abandoned:
                row["fcr"] = "abandoned"
            elif method == "flag":
                row["fcr"] = parse_flag(rec[resolved_col])
            else:
                cust = trim(rec[cust_col])
                start = parse_timestamp(rec[fcr_start_col])
                # SPEC §2: a missing-value token means no customer.
                if is_missing(cust) or start in (MISSING, INVALID):
                    row["fcr"] = INVALID
                else:
                    row["fcr"] = "contact"
                    issue = trim(rec[issue_col]) if issue_col is not None \
                        else None
                    contacts.append((cust, issue, start, index, targets))
        for accs in targets:
            for m in metrics:
                accs[m].add(row)

    if method == "repeat":
        contacts.sort(key=lambda c: (c[0], c[1] or "", c[2], c[3]))
        i = 0
        while i < len(contacts):
            cust, issue, first, _, targets = contacts[i]
            j = i + 1
            while (j < len(contacts) and contacts[j][0] == cust
                   and contacts[j][1] == issue
                   and contacts[j][2] - first <= window):
                j += 1
            for accs in targets:
                accs["fcr"].add_episode(j - i)
            i = j

    out = {"overall": {m: overall[m].result(z, False) for m in metrics},
           "groups": []}
    by_header = [header[c] for c in by_cols]
    for key in sorted(groups, key=key_sort):
        accs = groups[key]
        g = {"key": {}}
        by_key = key[1:] if args.period else key
        for name, val in zip(by_header, by_key):
            g["key"][name] = val
        if args.period:
            g["key"]["period"] = key[0]
        for m in metrics:
            n = len(accs[m].handles) if m == "aht" else accs[m].n
            sup = args.min_n is not None and n < args.min_n
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
