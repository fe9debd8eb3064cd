#!/usr/bin/env python3
"""Generate a synthetic, deliberately messy contact-center export (CSV on
stdout).

The output imitates an interactions export from a contact-center platform:
customers who call back within hours or days (including contacts exactly
48 hours / 7 days after the first contact of a repeat episode, and one
second later), start times in several layouts and UTC offsets, durations
written as seconds, MM:SS or H:MM:SS with a sprinkling of missing and
invalid cells, resolution flags in many spellings, abandoned calls under
several status names, and a few rows without a customer.
The same --seed always yields the same bytes.

Usage:
    gen_interactions.py [--rows N] [--seed S] [--customers K] [--crlf]
                        [--delimiter ,|;|tab|\\|] [--no-parts] [--with-handle]
                        [--with-end] [--no-resolved] [--with-issue]
"""

import argparse
import csv
import datetime as dt
import io
import math
import random
import sys

AGENTS = ["Ana Souza", "Ben O'Neil", "Chen, Wei", "Dana Kowalski",
          "Emre Yilmaz", "Fatima Zahra", "Gus Peterson", "Hana Sato",
          "Ivan Petrov", "Jules \"JJ\" Martin"]
AGENT_SPEED = [1.0, 0.85, 1.2, 0.95, 1.1, 0.9, 1.35, 1.0, 0.8, 1.05]
QUEUES = ["billing", "tech_support", "sales"]
QUEUE_WEIGHTS = [40, 40, 20]
QUEUE_TALK = {"billing": 260, "tech_support": 420, "sales": 300}
CHANNELS = ["phone", "chat", "email"]
CHANNEL_WEIGHTS = [55, 30, 15]
ISSUES = ["billing_dispute", "login", "delivery", "refund", "outage"]

HANDLED_STATUS = ["completed"] * 8 + ["handled"] * 6 + \
    ["Completed", " completed ", "transferred", "HANDLED", ""]
ABANDONED_STATUS = ["abandoned", "abandoned", "Abandon", "missed",
                    "no_answer", "NO_ANSWER", " Abandoned ", "MISSED"]

MISSING_CELLS = ["", "", "", " ", "NA", "N/A", "null", "-", "n/a", "NULL"]
INVALID_DURATIONS = ["-5", "abc", "25:61", "-0:30", "1:75:00", "+12", "1e2",
                     "12 s", "5:7", "312.", "0x10", "1:2:3", "１２"]
INVALID_FLAGS = ["maybe", "2", "resolved", "?", "yes!", "-1"]

FIRST_DAY = dt.datetime(2026, 1, 1)
LAST_DAY = dt.datetime(2026, 3, 31, 23, 59, 59)
SPAN_S = int((LAST_DAY - FIRST_DAY).total_seconds())

HOUR = 3600
DAY = 86400

# Follow-up offsets from the first contact of an episode.  The exact
# window edges are what repeat-contact FCR must get right.
OFFSET_KINDS = ["minutes", "hours", "hours", "hours", "days", "days",
                "48h", "48h+1", "7d", "7d+1", "tie"]
OFFSET_WEIGHTS = [8, 20, 20, 10, 15, 12, 4, 4, 4, 4, 2]


# --------------------------------------------------------------------------
# cell writers


def fmt_seconds(ms):
    """312, 312.5, 312.25 (shortest exact form)."""
    s, frac = divmod(ms, 1000)
    if frac == 0:
        return str(s)
    return f"{s}.{frac:03d}".rstrip("0")


def fmt_duration(rng, ms):
    s, frac = divmod(ms, 1000)
    if frac:
        r = rng.random()
        if r < 0.6:
            return fmt_seconds(ms)
        if r < 0.9:
            return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.{frac:03d}"
        # four digits after the point: rounded half up to the millisecond
        return f"{s}.{frac:03d}5" if frac < 999 else fmt_seconds(ms)
    r = rng.random()
    if r < 0.35:
        return str(s)
    if r < 0.65:
        return f"{s // 60}:{s % 60:02d}"
    if r < 0.8:
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
    if r < 0.9:
        return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"
    if r < 0.95:
        return f"{s}.0"
    return f" {s} "


def messy_duration(rng, ms, p_missing=0.03, p_invalid=0.01):
    r = rng.random()
    if r < p_missing:
        return rng.choice(MISSING_CELLS)
    if r < p_missing + p_invalid:
        return rng.choice(INVALID_DURATIONS)
    return fmt_duration(rng, ms)


def draw_ms(rng, median_s, sigma, fractional=0.15):
    v = rng.lognormvariate(math.log(median_s), sigma)
    v = min(v, 4 * 3600)
    if rng.random() < fractional:
        return int(v * 1000) // 250 * 250 or 250
    return max(1, int(v)) * 1000


def fmt_timestamp(rng, t, ms=0, forms=None):
    """T is a naive UTC datetime (whole seconds); MS extra milliseconds."""
    whole_minute = t.second == 0 and ms == 0
    choices = forms or ["Z", "Z", "offset", "offset", "space", "space",
                        "minute"]
    form = rng.choice(choices)
    if form == "minute" and not whole_minute:
        form = "Z"
    frac = f".{ms:03d}" if ms else ""
    if form == "Z":
        return t.strftime("%Y-%m-%dT%H:%M:%S") + frac + "Z"
    if form == "space":
        return t.strftime("%Y-%m-%d %H:%M:%S") + frac
    if form == "minute":
        return t.strftime("%Y-%m-%dT%H:%M")
    off_min = rng.choice([120, 60, -300, 330, -480, 540, -180])
    local = t + dt.timedelta(minutes=off_min)
    sign = "+" if off_min >= 0 else "-"
    a = abs(off_min)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + frac + \
        f"{sign}{a // 60:02d}:{a % 60:02d}"


def messy_flag(rng, value):
    r = rng.random()
    if r < 0.03:
        return rng.choice(MISSING_CELLS)
    if r < 0.037:
        return rng.choice(INVALID_FLAGS)
    if value:
        return rng.choice(["yes", "Y", "1", "true", "TRUE", "yes", "1", "t",
                           " y"])
    return rng.choice(["no", "N", "0", "false", "FALSE", "no", "0", "f",
                       "No "])


# --------------------------------------------------------------------------
# timelines


def customer_ids(rng, k):
    ids = set()
    while len(ids) < k:
        ids.add(f"C{rng.randrange(100000, 999999)}")
    return sorted(ids)


def split_episodes(rng, m):
    sizes = []
    while m > 0:
        s = min(m, rng.choices([1, 2, 3, 4, 5], weights=[50, 25, 13, 8, 4])[0])
        sizes.append(s)
        m -= s
    return sizes


def follow_offset(rng):
    kind = rng.choices(OFFSET_KINDS, weights=OFFSET_WEIGHTS)[0]
    if kind == "minutes":
        return rng.randrange(60, 3 * HOUR), False
    if kind == "hours":
        return rng.randrange(3 * HOUR, 47 * HOUR), False
    if kind == "days":
        return rng.randrange(2 * DAY + HOUR, 7 * DAY - HOUR), False
    if kind == "48h":
        return 2 * DAY, True
    if kind == "48h+1":
        return 2 * DAY + 1, True
    if kind == "7d":
        return 7 * DAY, True
    if kind == "7d+1":
        return 7 * DAY + 1, True
    return 0, False


def random_start(rng, lo_s=0, hi_s=SPAN_S):
    s = rng.randrange(lo_s, max(lo_s + 1, hi_s))
    if rng.random() < 0.3:
        s -= s % 60
    return s


def timeline(rng, m):
    """Contacts of one customer: list of (seconds from FIRST_DAY, anchor?)."""
    out = []
    cursor = random_start(rng, 0, 30 * DAY)
    for size in split_episodes(rng, m):
        if cursor > SPAN_S:
            cursor = random_start(rng)
        anchor = cursor
        out.append((anchor, size > 1))
        offs = sorted(follow_offset(rng)[0] for _ in range(size - 1))
        for off in offs:
            out.append((anchor + off, False))
        last = anchor + (offs[-1] if offs else 0)
        cursor = last + 7 * DAY + rng.randrange(HOUR, 20 * DAY)
        if rng.random() < 0.3:
            cursor -= cursor % 60
    return out


# --------------------------------------------------------------------------
# rows


def generate(args, out):
    rng = random.Random(args.seed)
    nl = "\r\n" if args.crlf else "\n"
    rows = args.rows
    k = args.customers if args.customers is not None else max(1, rows // 4)
    k = max(1, k)

    columns = ["interaction_id", "customer_id", "start_time"]
    if args.with_end:
        columns.append("end_time")
    columns += ["agent", "queue", "channel"]
    if args.with_issue:
        columns.append("issue")
    if not args.no_parts:
        columns += ["talk_time", "hold_time", "acw"]
    if args.with_handle:
        columns.append("handle_time")
    if not args.no_resolved:
        columns.append("resolved")
    columns.append("status")

    ids = customer_ids(rng, k)
    # a few rows without a customer; the rest spread over the customers
    # with a skew, so that some call many times
    n_anon = sum(1 for _ in range(rows) if rng.random() < 0.01)
    weights = [rng.paretovariate(1.6) for _ in ids]
    counts = dict.fromkeys(ids, 0)
    for c in rng.choices(ids, weights=weights, k=rows - n_anon):
        counts[c] += 1

    contacts = []  # (seconds, customer cell, anchor?, episode id)
    episode = 0
    for c in ids:
        if counts[c] == 0:
            continue
        for secs, anchor in timeline(rng, counts[c]):
            if anchor:
                episode += 1
            cell = c
            if rng.random() < 0.01:
                cell = rng.choice([f" {c}", f"{c} ", f"\t{c}"])
            contacts.append([secs, cell, anchor, episode])
    for _ in range(n_anon):
        contacts.append([random_start(rng), rng.choice(["", " ", ""]),
                         False, 0])

    # roughly chronological, as exports are, but not strictly
    order = sorted(range(len(contacts)),
                   key=lambda i: contacts[i][0] + rng.uniform(-6, 6) * HOUR)

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=args.delimiter, quotechar='"',
                        quoting=csv.QUOTE_MINIMAL, lineterminator=nl)
    writer.writerow(columns)
    issue_of = {}
    for n, i in enumerate(order, 1):
        secs, cust, anchor, ep = contacts[i]
        start = FIRST_DAY + dt.timedelta(seconds=secs)
        r = rng.random()
        abandoned = not anchor and r < 0.11
        status = rng.choice(ABANDONED_STATUS if abandoned else HANDLED_STATUS)

        # start time: anchors of repeat episodes are always clean, so the
        # window edges after them are really at the edge
        if not anchor and rng.random() < 0.01:
            start_cell = rng.choice(MISSING_CELLS)
        elif not anchor and rng.random() < 0.006:
            start_cell = rng.choice(["2026-02-30T10:00:00Z", "yesterday",
                                     "03/02/2026 10:00", "2026-1-5",
                                     "2026-02-03T25:00Z", "2026-02-03T10"])
        else:
            start_cell = fmt_timestamp(rng, start)

        agent_i = rng.randrange(len(AGENTS))
        agent = AGENTS[agent_i]
        if abandoned and rng.random() < 0.6:
            agent = ""
        elif rng.random() < 0.01:
            agent = ""
        queue = rng.choices(QUEUES, weights=QUEUE_WEIGHTS)[0]
        channel = rng.choices(CHANNELS, weights=CHANNEL_WEIGHTS)[0]
        if rng.random() < 0.02:
            channel = channel.capitalize() if rng.random() < 0.5 \
                else f" {channel}"

        talk = draw_ms(rng, QUEUE_TALK[queue] * AGENT_SPEED[agent_i], 0.6)
        hold = 0 if rng.random() < 0.6 else draw_ms(rng, 60, 0.8)
        acw = draw_ms(rng, 45, 0.5)
        if channel == "email":
            hold = 0
        if abandoned:
            talk = hold = acw = 0
        handle = talk + hold + acw

        row = {"interaction_id": f"I{n:06d}", "customer_id": cust,
               "start_time": start_cell, "agent": agent, "queue": queue,
               "channel": channel, "status": status}
        if args.with_end:
            if rng.random() < 0.03:
                row["end_time"] = rng.choice(MISSING_CELLS)
            elif rng.random() < 0.01:
                before = start - dt.timedelta(minutes=5)  # negative: invalid
                row["end_time"] = rng.choice(["soon", "2026-02-30 10:00:00",
                                              fmt_timestamp(rng, before)])
            else:
                end = start + dt.timedelta(milliseconds=handle)
                ms = end.microsecond // 1000
                end = end.replace(microsecond=0)
                row["end_time"] = fmt_timestamp(rng, end, ms)
        if args.with_issue:
            if ep and ep in issue_of and rng.random() < 0.85:
                issue = issue_of[ep]
            else:
                issue = rng.choice(ISSUES) if rng.random() < 0.93 else ""
                if ep:
                    issue_of.setdefault(ep, issue)
            row["issue"] = issue
        if not args.no_parts:
            if abandoned:
                row["talk_time"] = rng.choice(["", "0", "0:00"])
                row["hold_time"] = rng.choice(["", "0"])
                row["acw"] = rng.choice(["", "0"])
            elif rng.random() < 0.012:  # nothing logged for the contact
                miss = rng.choice(MISSING_CELLS)
                row["talk_time"] = row["hold_time"] = row["acw"] = miss
            else:
                row["talk_time"] = messy_duration(rng, talk)
                row["hold_time"] = messy_duration(rng, hold)
                row["acw"] = messy_duration(rng, acw)
        if args.with_handle:
            row["handle_time"] = rng.choice(["", "0"]) if abandoned \
                else messy_duration(rng, handle)
        if not args.no_resolved:
            if abandoned:
                row["resolved"] = rng.choice(["", "no", "0", "N"])
            else:
                resolved = rng.random() < (0.55 if ep else 0.8)
                row["resolved"] = messy_flag(rng, resolved)
        writer.writerow([row[c] for c in columns])
    out.write(buf.getvalue().encode("utf-8"))
    out.flush()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 allow_abbrev=False)
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--customers", type=int,
                    help="distinct customers (default rows/4)")
    ap.add_argument("--crlf", action="store_true")
    ap.add_argument("--delimiter", default=",", help="one of , ; tab |")
    ap.add_argument("--no-parts", action="store_true",
                    help="omit talk_time, hold_time, acw")
    ap.add_argument("--with-handle", action="store_true",
                    help="add a handle_time column")
    ap.add_argument("--with-end", action="store_true",
                    help="add an end_time column")
    ap.add_argument("--no-resolved", action="store_true",
                    help="omit the resolved flag column")
    ap.add_argument("--with-issue", action="store_true",
                    help="add an issue column")
    args = ap.parse_args(argv)
    args.delimiter = {"tab": "\t", "\\t": "\t"}.get(args.delimiter,
                                                    args.delimiter)
    if args.delimiter not in (",", ";", "\t", "|"):
        ap.error("--delimiter must be one of , ; tab |")
    if args.rows < 0:
        ap.error("--rows must be >= 0")
    if args.customers is not None and args.customers < 1:
        ap.error("--customers must be >= 1")
    generate(args, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
