#!/usr/bin/env python3
"""Property test of the date layouts: the same instants written in every
layout cxcalc reads give identical reports.

    prop_dates.py CXCALC [ITERATIONS [SEED]]    (default 8 iterations, seed 1)

Each iteration draws survey answers at random wall-clock times (whole
seconds, 1970-2060) in a random zone, then writes them in each layout: the
local layouts as the wall-clock time, the epoch and offset layouts as the
instant Python's zoneinfo gives (fold=0: the first of a repeated hour, and
for a skipped hour the offset before it, as cxcalc reads them).  Every file
is run through `nps --by channel --period P --tz ZONE --since D` and the
reports must be equal but for their "inputs" (which name the layout read).
A second export has dates only (midnight), for the date-only layouts.  A row dated the 13th or later
makes every D/M and M/D file decide its order.  The last line is
"N passed, M failed"; the exit status is 1 when M > 0.
"""

import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
from zoneinfo import ZoneInfo

ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Kolkata",
         "Australia/Lord_Howe", "Pacific/Apia", "America/Sao_Paulo"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
          "Oct", "Nov", "Dec"]


def ampm(t):
    h = t.hour % 12 or 12
    return "%d:%02d:%02d %s" % (h, t.minute, t.second,
                                "AM" if t.hour < 12 else "PM")


def offset(t, zone):
    off = t.replace(tzinfo=ZoneInfo(zone), fold=0).utcoffset()
    m = int(off.total_seconds()) // 60
    sign = "-" if m < 0 else "+"
    return "%s%02d:%02d" % (sign, abs(m) // 60, abs(m) % 60)


def instant(t, zone):
    return int(t.replace(tzinfo=ZoneInfo(zone), fold=0).timestamp())


# name -> (--date-format or None, writer(wall time, zone), with a time)
LAYOUTS = {
    "iso": (None, lambda t, z: t.strftime("%Y-%m-%dT%H:%M:%S"), True),
    "iso-space": (None, lambda t, z: t.strftime("%Y-%m-%d %H:%M:%S"), True),
    "iso-offset": (None, lambda t, z: t.strftime("%Y-%m-%dT%H:%M:%S")
                   + offset(t, z), True),
    "ymd-slash": (None, lambda t, z: "%d/%02d/%02d %d:%02d:%02d" % (
        t.year, t.month, t.day, t.hour, t.minute, t.second), True),
    "yyyymmdd": (None, lambda t, z: t.strftime("%Y%m%d %H:%M:%S"), True),
    "yymmdd": (None, lambda t, z: t.strftime("%y%m%d"), False),
    "dmy-dot": (None, lambda t, z: t.strftime("%d.%m.%Y %H:%M:%S"), True),
    "mdy": (None, lambda t, z: "%d/%d/%d %s" % (t.month, t.day, t.year,
                                                 ampm(t)), True),
    "dmy": (None, lambda t, z: "%d/%d/%d %d:%02d:%02d" % (
        t.day, t.month, t.year, t.hour, t.minute, t.second), True),
    "day-month": (None, lambda t, z: "%d %s %d %02d:%02d:%02d" % (
        t.day, MONTHS[t.month - 1], t.year, t.hour, t.minute, t.second),
        True),
    "month-day": (None, lambda t, z: "%s %d, %d %s" % (
        MONTHS[t.month - 1], t.day, t.year, ampm(t)), True),
    "epoch": ("epoch", lambda t, z: str(instant(t, z)), True),
    "epoch-ms": ("epoch-ms", lambda t, z: str(instant(t, z) * 1000), True),
    "excel": ("excel", lambda t, z: "%.10f" % (
        (t - dt.datetime(1899, 12, 30)).total_seconds() / 86400), True),
    "strptime": ("%d|%m|%Y %H-%M-%S",
                 lambda t, z: t.strftime("%d|%m|%Y %H-%M-%S"), True),
}


def draw(rng, n, with_time):
    rows = []
    for i in range(n):
        year = rng.randint(1970, 2060)
        # a third of the times within two hours of midnight, where a
        # wrong offset moves a row to another day
        hour = rng.choice([0, 1, 22, 23]) if rng.random() < 0.34 \
            else rng.randint(0, 23)
        t = dt.datetime(year, rng.randint(1, 12), rng.randint(1, 28),
                        hour, rng.randint(0, 59), rng.randint(0, 59))
        if i == 0:
            t = t.replace(day=rng.randint(13, 28))
        if not with_time:
            t = t.replace(hour=0, minute=0, second=0)
        rows.append((t, rng.choice(["phone", "chat", "email"]),
                     rng.randint(0, 10)))
    return rows


def report(cxcalc, path, fmt, zone, period, since):
    args = [cxcalc, "nps", "--by", "channel", "--period", period, "--tz",
            zone, "--since", since, "-q", "-f", "json", path]
    if fmt:
        args[2:2] = ["--date-format", fmt]
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        return None, out.stderr.strip()
    rep = json.loads(out.stdout)
    rep.pop("inputs")
    return rep, None


def one(cxcalc, rng, tmp):
    zone = rng.choice(ZONES)
    period = rng.choice(["day", "day", "week", "month", "quarter"])
    since = "%d-%02d-01" % (rng.randint(1970, 2060), rng.randint(1, 12))
    failures = []
    for with_time in (True, False):
        rows = draw(rng, rng.randint(20, 200), with_time)
        first = None
        for name, (fmt, write, timed) in LAYOUTS.items():
            if not timed and with_time:
                continue
            path = os.path.join(tmp, name + ".csv")
            with open(path, "w", newline="") as f:
                w = csv.writer(f, lineterminator="\n")
                w.writerow(["id", "date", "channel", "nps"])
                for i, (t, ch, s) in enumerate(rows):
                    w.writerow([i, write(t, zone), ch, s])
            rep, err = report(cxcalc, path, fmt, zone, period, since)
            if rep is None:
                failures.append("%s (%s): %s" % (name, zone, err))
            elif first is None:
                first = (name, rep)
            elif rep != first[1]:
                failures.append("%s differs from %s (zone %s, period %s, "
                                "since %s)" % (name, first[0], zone, period,
                                               since))
    return failures


def main():
    cxcalc = sys.argv[1]
    iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(iterations):
            failures = one(cxcalc, rng, tmp)
            for f in failures:
                print("FAIL", f)
            failed += bool(failures)
            passed += not failures
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
