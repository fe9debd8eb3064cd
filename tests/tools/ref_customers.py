#!/usr/bin/env python3
"""Reference implementation of cxcalc's customer metrics (churn, formula CLV).

Written from the contract (SPEC sections 1-4 and 6) and the documented
choices below alone, so that its output can be diffed against cxcalc's
JSON.  Counts and sums are exact integers / fractions; a float appears only
when a value is written out.

Usage:
    ref_customers.py churn|clv [options] FILE|-

Options (mirroring cxcalc):
    --churn-method snapshot|events   default: snapshot when the table has a
                           churned flag column, else events
    --margin M             CLV gross margin: 0.8 or 80% (default 1)
    --discount-rate D      CLV monthly discount rate: 0.01 or 1% (default 0)
    --churn-rate C         CLV monthly churn: 0.05 or 5% (default: the data)
    --arpu A               CLV revenue per customer and month (default: the
                           mean revenue)
    --horizon Nm           CLV: sum N months (default: every month)
    --by COL[,COL...]      group by these columns' trimmed text
    --period month|quarter|year (events); day|week|month|quarter|year
                           (snapshot: the period of the signup date)
    --since DATE, --until DATE     keep since <= signup < until (rows
                           without a valid signup are left out)
    --where COL=VALUE, --where COL!=VALUE   (repeatable)
    --min-n N              suppress group metrics with n < N
    -d DELIM               , ; tab | (default: detected from the header)

Rules in brief:
  * Roles (names after normalisation): customer (customer, customer_id),
    signup (signup, signup_date), cancel (cancel, cancel_date, churn_date),
    churned (churned, churn), tenure (tenure, tenure_months), revenue
    (revenue, monthly_revenue, monthly_charges; never total_charges).
  * Snapshot: n = customers = rows with a valid flag; churned = true rows;
    value = 100 * churned / customers.  With a tenure column, monthly_rate
    = 100 * (churned rows with a valid tenure) / (sum of tenure over rows
    with a valid flag and a valid tenure), null when that sum is 0; a
    tenure is a number >= 0 (negative is invalid).  missing / invalid count
    the flag.  --period groups rows by the period of their signup date
    (null when it has none).
  * Events: a row counts (n = customers) when its signup is a valid date
    and its cancel is empty or a valid date not before the signup; missing
    = signup missing; invalid = signup or cancel not a date, or cancel
    before signup (invalid wins over missing).  Months are calendar months
    in UTC from the month of the first counted signup to the month of the
    latest counted signup or cancel (one range for every group).  For month
    M: active_start = customers with signup month < M and no cancel or
    cancel month >= M; churned = of those, cancels in M; new = signups in
    M.  active_start, churned, new are the sums over the months; value =
    100 * sum churned / sum active_start (null when 0).
    --period month|quarter|year: the groups are the periods measured: one
    group per (by-key, period) with any active_start, new or churned,
    holding the sums over that period's months within the range, with n =
    customers = that active_start sum and missing = invalid = 0.
  * CLV (formula): value = arpu * margin * (1 + d) / (d + c), c and d
    monthly fractions; null when c is unknown or 0 (or no ARPU), with a
    "note" when c is 0.  --horizon Nm: value = the sum over t = 1..N of
    arpu * margin * (1 - c)^(t-1) / (1 + d)^t (defined for c = 0 too);
    horizon_months = N, else null.
    c = snapshot monthly_rate, event value, or --churn-rate; arpu = mean
    revenue over n = the customers counted by the churn computation that
    have a valid revenue (with --arpu: every counted customer).  missing /
    invalid = rows left out for a missing / invalid churn input or revenue,
    invalid winning.  Per group, c and arpu are the group's own; event
    period groups use the period's churn and their by-group's arpu, n,
    missing and invalid.  implied_lifetime_months = 1 / c, and the
    same value again as expected_lifetime_months.
    margin is reported as a fraction; churn_rate, discount_rate in percent.
  * --min-n: a group whose n < N has every real-valued field null (counts
    stay) and "suppressed": true.

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
import sys
from fractions import Fraction

PROG = "ref_customers"

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
    "signup": ["signup", "signup_date"],
    "cancel": ["cancel", "cancel_date", "churn_date"],
    "churned": ["churned", "churn"],
    "tenure": ["tenure", "tenure_months"],
    "revenue": ["revenue", "monthly_revenue", "monthly_charges"],
}


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


NUMBER_RE = re.compile(
    r"([+-]?)[$€£]?((?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)",
    re.ASCII)


def parse_number(cell):
    """Exact Fraction, MISSING or INVALID (money / number cells)."""
    t = trim(cell)
    if is_missing(t):
        return MISSING
    m = NUMBER_RE.fullmatch(t)
    if not m:
        return INVALID
    digits = m.group(2).replace(",", "")
    if not math.isfinite(float(digits)):
        return INVALID  # overflows a double
    v = Fraction(digits)
    return -v if m.group(1) == "-" else v


def parse_tenure(cell):
    v = parse_number(cell)
    if v not in (MISSING, INVALID) and v < 0:
        return INVALID
    return v


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


def month_index(ms):
    d = ms_to_datetime(ms)
    return d.year * 12 + d.month - 1


def period_key(ms, period):
    d = ms_to_datetime(ms)
    if period == "day":
        return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
    if period == "week":
        iso = d.isocalendar()
        return f"{iso[0]:04d}-W{iso[1]:02d}"
    return month_period_key(d.year * 12 + d.month - 1, period)


def month_period_key(mi, period):
    y, m = divmod(mi, 12)
    m += 1
    if period == "month":
        return f"{y:04d}-{m:02d}"
    if period == "quarter":
        return f"{y:04d}-Q{(m - 1) // 3 + 1}"
    return f"{y:04d}"


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
# helpers


def fl(x):
    return None if x is None else float(x)


def pct(num, den):
    """100 * num / den as an exact Fraction, None when den is 0."""
    if den == 0:
        return None
    return Fraction(100 * num) / Fraction(den)


def suppress(out, real_fields):
    for f in real_fields:
        if f in out:
            out[f] = None
    out["suppressed"] = True
    return out


# --------------------------------------------------------------------------
# per-row facts


class Row:
    """What one kept row contributes.

    churn: "ok", MISSING or INVALID (the churn input: flag or dates)
    flag: True/False (snapshot, when ok)
    tenure: Fraction, MISSING or INVALID (snapshot, when a tenure column)
    s, c: signup / cancel month index (events, when ok; c None = active)
    revenue: Fraction, MISSING or INVALID (None when not read)
    """
    __slots__ = ("churn", "flag", "tenure", "s", "c", "revenue",
                 "signup_ms", "cancel_ms")


# --------------------------------------------------------------------------
# churn accumulators


class Snapshot:
    def __init__(self, has_tenure):
        self.has_tenure = has_tenure
        self.customers = self.churned = 0
        self.missing = self.invalid = 0
        self.tenure_sum = Fraction(0)
        self.churned_wt = 0

    def add(self, r):
        if r.churn == MISSING:
            self.missing += 1
            return
        if r.churn == INVALID:
            self.invalid += 1
            return
        self.customers += 1
        if r.flag:
            self.churned += 1
        if self.has_tenure and r.tenure not in (MISSING, INVALID):
            self.tenure_sum += r.tenure
            if r.flag:
                self.churned_wt += 1

    def monthly(self):
        """Monthly churn as a Fraction of 1, None when unknown."""
        if not self.has_tenure or self.tenure_sum == 0:
            return None
        return Fraction(self.churned_wt) / self.tenure_sum

    def result(self, sup):
        out = {"method": "snapshot", "n": self.customers,
               "customers": self.customers, "churned": self.churned,
               "value": fl(pct(self.churned, self.customers))}
        if self.has_tenure:
            mr = self.monthly()
            out["monthly_rate"] = fl(None if mr is None else 100 * mr)
        out["missing"] = self.missing
        out["invalid"] = self.invalid
        if sup:
            suppress(out, ("value", "monthly_rate"))
        return out


class Events:
    """Sums over a set of months [lo, hi] of one set of rows."""

    def __init__(self):
        self.customers = 0
        self.missing = self.invalid = 0
        self.active = self.churned = self.new = 0

    def add_row(self, r, lo, hi):
        if r.churn == MISSING:
            self.missing += 1
            return
        if r.churn == INVALID:
            self.invalid += 1
            return
        self.customers += 1
        self.add_months(r, lo, hi)

    def add_months(self, r, lo, hi):
        """Add the row's active_start / churned / new over months lo..hi."""
        s, c = r.s, r.c
        first = max(s + 1, lo)
        last = hi if c is None else min(c, hi)
        if last >= first:
            self.active += last - first + 1
        if c is not None and c > s and lo <= c <= hi:
            self.churned += 1
        if lo <= s <= hi:
            self.new += 1

    def monthly(self):
        if self.active == 0:
            return None
        return Fraction(self.churned, self.active)

    def result(self, sup):
        out = {"method": "events", "n": self.customers,
               "customers": self.customers, "active_start": self.active,
               "churned": self.churned, "new": self.new,
               "value": fl(pct(self.churned, self.active)),
               "missing": self.missing, "invalid": self.invalid}
        if sup:
            suppress(out, ("value",))
        return out


class ClvBase:
    """Counts and revenue of the rows CLV averages over."""

    def __init__(self, use_revenue):
        self.use_revenue = use_revenue  # False with --arpu (or for churn)
        self.n = 0
        self.rev_sum = Fraction(0)
        self.missing = self.invalid = 0

    def add(self, r):
        states = [r.churn if r.churn in (MISSING, INVALID) else "ok"]
        if self.use_revenue:
            rv = r.revenue
            states.append(rv if rv in (MISSING, INVALID) else "ok")
        if INVALID in states:
            self.invalid += 1
        elif MISSING in states:
            self.missing += 1
        else:
            self.n += 1
            if self.use_revenue:
                self.rev_sum += r.revenue


NO_CHURN_NOTE = ("no churn in this scope: its lifetime has no end, so the "
                 "value is unbounded; give --horizon to sum a number of "
                 "months")


def clv_value(m, c, d, horizon):
    """For ever: the margin m at the start of each month, kept with 1 - c,
    discounted by 1 + d, in closed form (None when c is 0: no end).  Over
    `horizon` months: sum over t = 1..H of m (1 - c)^(t-1) / (1 + d)^t,
    term by term (each month's margin discounted at its end)."""
    if horizon is None:
        return m * (1 + d) / (d + c) if c > 0 else None
    r = (1 - c) / (1 + d)
    total, term = Fraction(0), m / (1 + d)
    for _ in range(horizon):
        total += term
        term *= r
    return total


def clv_result(base, c, opts, sup):
    """base: ClvBase; c: monthly churn Fraction or None; opts: dict."""
    if opts["arpu"] is not None:
        arpu = opts["arpu"]
    elif base.n > 0:
        arpu = base.rev_sum / base.n
    else:
        arpu = None
    if opts["churn_rate"] is not None:
        c = opts["churn_rate"]
    d = opts["discount_rate"]
    m = opts["margin"]
    h = opts["horizon"]
    value = None
    if arpu is not None and c is not None:
        value = clv_value(arpu * m, c, d, h)
    life = fl(1 / c if c else None)
    out = {"method": "formula", "n": base.n, "arpu": fl(arpu),
           "margin": float(m),
           "churn_rate": fl(None if c is None else 100 * c),
           "discount_rate": float(100 * d),
           "implied_lifetime_months": life,
           "expected_lifetime_months": life,
           "horizon_months": h,
           "value": fl(value)}
    if c == 0 and h is None:
        out["note"] = NO_CHURN_NOTE
    out.update({"missing": base.missing, "invalid": base.invalid})
    if sup:
        suppress(out, ("arpu", "margin", "churn_rate", "discount_rate",
                       "implied_lifetime_months",
                       "expected_lifetime_months", "horizon_months",
                       "value"))
    return out


# --------------------------------------------------------------------------
# command line

RATE_RE = re.compile(r"([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(%?)", re.ASCII)


def parse_rate(text, opt):
    m = RATE_RE.fullmatch(text.strip())
    if not m:
        raise UsageError(f"{opt}: expected a fraction (0.05) or a percent "
                         f"(5%), got '{text}'")
    v = Fraction(m.group(1))
    if m.group(2):
        v /= 100
    return v


def parse_arpu(text):
    v = parse_number(text)
    if v in (MISSING, INVALID) or v < 0:
        raise UsageError(f"--arpu: expected an amount, got '{text}'")
    return v


def parse_horizon(text):
    m = re.fullmatch(r"([0-9]+)m", text, re.ASCII)
    if not m or not 1 <= int(m.group(1)) <= 100000:
        raise UsageError(f"--horizon: expected months like 24m, got "
                         f"'{text}'")
    return int(m.group(1))


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
                description="reference churn / formula CLV")
    ap.add_argument("metric", choices=["churn", "clv"])
    ap.add_argument("file")
    ap.add_argument("--churn-method", choices=["snapshot", "events"])
    ap.add_argument("--margin", default="1")
    ap.add_argument("--discount-rate", default="0")
    ap.add_argument("--churn-rate")
    ap.add_argument("--arpu")
    ap.add_argument("--horizon")
    ap.add_argument("--by")
    ap.add_argument("--period",
                    choices=["day", "week", "month", "quarter", "year"])
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
    if args.min_n is not None and args.min_n < 0:
        raise UsageError("--min-n must be >= 0")
    opts = {
        "margin": parse_rate(args.margin, "--margin"),
        "discount_rate": parse_rate(args.discount_rate, "--discount-rate"),
        "churn_rate": (parse_rate(args.churn_rate, "--churn-rate")
                       if args.churn_rate is not None else None),
        "arpu": parse_arpu(args.arpu) if args.arpu is not None else None,
        "horizon": (parse_horizon(args.horizon)
                    if args.horizon is not None else None),
    }
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

    churned_col = None
    if args.churn_method != "events":
        churned_col = roles.find("churned")
        if churned_col is None and args.churn_method == "snapshot":
            roles.need("churned", "--churn-method snapshot")
    method = "snapshot" if churned_col is not None else "events"
    if method == "events" and args.period in ("day", "week"):
        raise UsageError("event churn is measured in calendar months: "
                         "--period month, quarter or year")

    signup_col = cancel_col = tenure_col = revenue_col = None
    if method == "events":
        signup_col = roles.need("signup", "event churn")
        cancel_col = roles.need("cancel", "event churn")
    else:
        tenure_col = roles.find("tenure")
        if args.period or since is not None or until is not None:
            signup_col = roles.need("signup", "--period/--since/--until")
    if args.metric == "clv" and opts["arpu"] is None:
        revenue_col = roles.need("revenue", "CLV's ARPU")
    if signup_col is None and (since is not None or until is not None):
        signup_col = roles.need("signup", "--since/--until")

    by_cols = [find_named(header, b, "--by") for b in by_names]
    where_cols = [(find_named(header, c, "--where"), neg, v)
                  for c, neg, v in wheres]

    # ---- rows -------------------------------------------------------------
    kept = []  # (by-key tuple, snapshot period or None, Row)
    for rec in rows:
        if any((trim(rec[c]) == v) == neg for c, neg, v in where_cols):
            continue
        signup = None
        if signup_col is not None:
            signup = parse_timestamp(rec[signup_col])
            if since is not None or until is not None:
                if signup in (MISSING, INVALID):
                    continue
                if since is not None and signup < since:
                    continue
                if until is not None and not signup < until:
                    continue
        r = Row()
        r.revenue = (parse_number(rec[revenue_col])
                     if revenue_col is not None else None)
        if method == "snapshot":
            f = parse_flag(rec[churned_col])
            r.churn = f if f in (MISSING, INVALID) else "ok"
            r.flag = f if r.churn == "ok" else None
            r.tenure = (parse_tenure(rec[tenure_col])
                        if tenure_col is not None else None)
        else:
            cancel = parse_timestamp(rec[cancel_col])
            if signup == INVALID or cancel == INVALID:
                r.churn = INVALID
            elif signup == MISSING:
                r.churn = MISSING
            elif cancel != MISSING and cancel < signup:
                r.churn = INVALID
            else:
                r.churn = "ok"
                r.signup_ms = signup
                r.cancel_ms = None if cancel == MISSING else cancel
                r.s = month_index(signup)
                r.c = None if cancel == MISSING else month_index(cancel)
        bykey = tuple((lambda t: t if t != "" else None)(trim(rec[c]))
                      for c in by_cols)
        per = None
        if method == "snapshot" and args.period:
            per = (None if signup in (MISSING, INVALID, None)
                   else period_key(signup, args.period))
        kept.append((bykey, per, r))

    grouping = bool(by_cols) or args.period is not None
    min_n = args.min_n

    def sup_of(n):
        return min_n is not None and n < min_n

    out = {"overall": {}, "groups": []}
    key_names = [header[c] for c in by_cols]

    def make_key(bykey, per):
        k = {name: val for name, val in zip(key_names, bykey)}
        if args.period:
            k["period"] = per
        return k

    # ---- snapshot ------------------------------------------------------------
    if method == "snapshot":
        has_tenure = tenure_col is not None
        groups = {}

        def feed(target, r):
            target[0].add(r)
            target[1].add(r)

        overall = (Snapshot(has_tenure), ClvBase(revenue_col is not None))
        for bykey, per, r in kept:
            feed(overall, r)
            if grouping:
                gk = ((per,) if args.period else ()) + bykey
                if gk not in groups:
                    groups[gk] = (Snapshot(has_tenure),
                                  ClvBase(revenue_col is not None))
                feed(groups[gk], r)

        def emit(acc, sup):
            if args.metric == "churn":
                return acc[0].result(sup)
            return clv_result(acc[1], acc[0].monthly(), opts, sup)

        def n_of(acc):
            return acc[0].customers if args.metric == "churn" else acc[1].n

        out["overall"][args.metric] = emit(overall, False)
        for gk in sorted(groups, key=key_sort):
            acc = groups[gk]
            per = gk[0] if args.period else None
            bykey = gk[1:] if args.period else gk
            sup = sup_of(n_of(acc))
            g = {"key": make_key(bykey, per), args.metric: emit(acc, sup)}
            out["groups"].append(g)
        return out

    # ---- events ---------------------------------------------------------------
    months = []
    for _, _, r in kept:
        if r.churn == "ok":
            months.append(r.s)
            if r.c is not None:
                months.append(r.c)
    lo = min((r.s for _, _, r in kept if r.churn == "ok"), default=None)
    hi = max(months, default=None)
    if lo is None:
        lo, hi = 0, -1  # no months at all

    def new_pair():
        return (Events(), ClvBase(revenue_col is not None))

    overall = new_pair()
    bygroups = {}
    for bykey, _, r in kept:
        overall[0].add_row(r, lo, hi)
        overall[1].add(r)
        if grouping:
            if bykey not in bygroups:
                bygroups[bykey] = (new_pair(), [])
            pair, members = bygroups[bykey]
            pair[0].add_row(r, lo, hi)
            pair[1].add(r)
            members.append(r)

    def emit(pair, sup):
        if args.metric == "churn":
            return pair[0].result(sup)
        return clv_result(pair[1], pair[0].monthly(), opts, sup)

    out["overall"][args.metric] = emit(overall, False)
    if not grouping:
        return out

    if not args.period:
        for bykey in sorted(bygroups, key=key_sort):
            pair, _ = bygroups[bykey]
            n = pair[0].customers if args.metric == "churn" else pair[1].n
            out["groups"].append({"key": make_key(bykey, None),
                                  args.metric: emit(pair, sup_of(n))})
        return out

    # periods measured: consecutive runs of months sharing a period key
    periods = []  # (key, first month, last month)
    for mi in range(lo, hi + 1):
        k = month_period_key(mi, args.period)
        if periods and periods[-1][0] == k:
            periods[-1] = (k, periods[-1][1], mi)
        else:
            periods.append((k, mi, mi))
    entries = []
    for bykey, (pair, members) in bygroups.items():
        for pk, plo, phi in periods:
            ev = Events()
            for r in members:
                if r.churn == "ok":
                    ev.add_months(r, plo, phi)
            if ev.active == 0 and ev.new == 0 and ev.churned == 0:
                continue
            ev.customers = ev.active
            entries.append(((pk,) + bykey, ev, pair))
    entries.sort(key=lambda e: key_sort(e[0]))
    for gk, ev, pair in entries:
        if args.metric == "churn":
            m = ev.result(sup_of(ev.active))
        else:
            m = clv_result(pair[1], ev.monthly(), opts, sup_of(pair[1].n))
        out["groups"].append({"key": make_key(gk[1:], gk[0]),
                              args.metric: m})
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
