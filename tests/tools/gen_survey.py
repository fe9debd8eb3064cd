#!/usr/bin/env python3
"""Generate a synthetic, deliberately messy survey export (CSV on stdout).

The output imitates what analysts get from survey tools: mostly clean
scores with a sprinkling of missing markers, labelled answers
("10 - Extremely likely"), padded and out-of-range values, timestamps in
several layouts and offsets, quoted segment names and multi-line comments.
The same --seed always yields the same bytes.

Usage:
    gen_survey.py [--rows N] [--seed S] [--crlf] [--bom]
                  [--delimiter ,|;|tab|\\|] [--segments K]
"""

import argparse
import csv
import datetime as dt
import io
import random
import sys

COLUMNS = ["response_id", "submitted_at", "customer_id", "segment", "channel",
           "nps", "csat", "ces", "weight", "comment"]

CHANNELS = ["email", "phone", "chat", "web"]
CHANNEL_WEIGHTS = [40, 25, 20, 15]

# Segment names: plain ones, some needing quotes (comma, double quote),
# one that looks like a missing marker but is an ordinary group key, one
# lower-case and one non-ASCII (bytewise ordering).
SPECIAL_SEGMENTS = [
    "Enterprise EMEA",
    "SMB, North America",
    "\"Gold\" Partners",
    "NA",
    "Mid-Market APAC",
    "Public Sector; DACH",
    "Zürich Private Banking",
    "self-serve",
    "Enterprise, \"Strategic\" Accounts",
    "Startup|LATAM",
]
SIZES = ["Enterprise", "Mid-Market", "SMB", "Public Sector", "Education",
         "Non-profit", "Startup", "Healthcare", "Retail", "Government"]
REGIONS = ["EMEA", "North America", "APAC", "LATAM", "DACH", "Nordics",
           "UK&I", "ANZ", "Benelux", "Iberia"]

WORDS = ("the agent was friendly and quick but the app keeps crashing when I "
         "upload a receipt billing was confusing delivery arrived late again "
         "great support fixed my issue in one call price went up without "
         "notice website is slow on mobile love the new dashboard had to "
         "call three times refund still pending très bien service rapide "
         "excelente atención sehr zufrieden").split()

SCORE_LABELS = {
    "nps": {10: "Extremely likely", 0: "Not at all likely", 5: "Neutral"},
    "csat": {5: "Very satisfied", 1: "Very dissatisfied", 3: "Neutral"},
    "ces": {7: "Strongly agree", 1: "Strongly disagree", 4: "Neutral"},
}
SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}


def segment_names(k):
    names = []
    for name in SPECIAL_SEGMENTS:
        if len(names) < k:
            names.append(name)
    i = 0
    while len(names) < k:
        size = SIZES[i % len(SIZES)]
        region = REGIONS[(i // len(SIZES) + i) % len(REGIONS)]
        name = f"{size} {region}"
        if i >= len(SIZES) * len(REGIONS):
            name = f"{name} {i // (len(SIZES) * len(REGIONS)) + 1}"
        if name not in names:
            names.append(name)
        i += 1
    return names


def clamp(v, lo, hi):
    return max(lo, min(hi, v))


def draw_clean(rng, metric, mood):
    """A clean score for METRIC; MOOD in [-1, 1] shifts the distribution."""
    lo, hi = SCALES[metric]
    if metric == "nps":
        base = rng.choices(range(11),
                           weights=[3, 1, 1, 2, 2, 4, 5, 10, 16, 22, 24])[0]
    elif metric == "csat":
        base = rng.choices(range(1, 6), weights=[8, 7, 12, 33, 40])[0]
    else:
        base = rng.choices(range(1, 8), weights=[4, 5, 7, 12, 22, 28, 22])[0]
    shift = round(mood * (hi - lo) * 0.25 + rng.gauss(0, 0.4))
    return clamp(base + shift, lo, hi)


def messy_score(rng, metric, clean):
    lo, hi = SCALES[metric]
    r = rng.random()
    if r < 0.03:  # missing markers
        return rng.choice(["N/A", "NA", "null", "-", "", "  ", "n/a", "NULL"])
    if r < 0.06:  # acceptable but messy
        kind = rng.randrange(6)
        if kind == 0:
            return f" {clean} "
        if kind == 1:
            return f"{clean}.0"
        if kind == 2:
            label = SCORE_LABELS[metric].get(clean)
            if label is None:
                return f"0{clean}"
            return f"{clean} - {label}"
        if kind == 3:
            return f"{hi} - {SCORE_LABELS[metric][hi]}"
        if kind == 4:
            return f"{lo} - {SCORE_LABELS[metric][lo]}" if metric == "nps" \
                else f"{clean}.00"
        return f"\t{clean}"
    if r < 0.09:  # invalid
        out_of_range = {"nps": ["11", "-1", "12", "100"],
                        "csat": ["0", "6", "-1", "10",
                                 "0 - Not at all likely"],
                        "ces": ["8", "0", "-1", "9"]}[metric]
        other = ["ten", "9.5", "+9", "1e1", "4.5", "９", "five", "7-8",
                 "3,0", "0x5", "½"]
        return rng.choice(out_of_range + other)
    return str(clean)


def timestamp(rng):
    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    r = rng.random()
    if r < 0.02:
        return ""
    if r < 0.025:
        return rng.choice(["2026-02-30", "2026-13-01", "03/05/2026",
                           "2026-04-31T10:00:00Z", "2026-06-01T25:00Z",
                           "yesterday", "2026-6-1"])
    if r < 0.06:
        # near the year boundaries, where offsets move the UTC day, month,
        # year and ISO week
        local = rng.choice([
            dt.datetime(2026, 1, 1, rng.randrange(0, 3), rng.randrange(60)),
            dt.datetime(2026, 12, 31, rng.randrange(21, 24), rng.randrange(60)),
            dt.datetime(2026, 3, 31, 23, rng.randrange(60)),
            dt.datetime(2026, 6, 30, 23, rng.randrange(60)),
        ])
        form = rng.choice([0, 1, 1, 1, 2, 5, 7, 7])
    else:
        secs = rng.randrange(365 * 86400)
        local = (start + dt.timedelta(seconds=secs)).replace(tzinfo=None)
        form = rng.randrange(8)
    if form == 0:
        return local.strftime("%Y-%m-%dT%H:%M:%SZ")
    if form == 1:
        off = rng.choice([2, 1, 5, -5, -8, 9, -3])
        mins = rng.choice([0, 0, 0, 30])
        sign = "+" if off >= 0 else "-"
        return local.strftime("%Y-%m-%dT%H:%M:%S") + \
            f"{sign}{abs(off):02d}:{mins:02d}"
    if form == 2:
        return local.strftime("%Y-%m-%d %H:%M")
    if form == 3:
        return local.strftime("%Y-%m-%d")
    if form == 4:
        return local.strftime("%Y-%m-%d %H:%M:%S")
    if form == 5:
        return local.strftime("%Y-%m-%dT%H:%M:%S") + \
            f".{rng.randrange(1000):03d}Z"
    if form == 6:
        return local.strftime("%Y-%m-%dT%H:%M")
    off = rng.choice([1, 2, -4, 10])
    sign = "+" if off >= 0 else "-"
    return local.strftime("%Y-%m-%d %H:%M") + f"{sign}{abs(off):02d}:00"


def weight(rng):
    r = rng.random()
    if r < 0.01:
        return ""
    if r < 0.02:
        return "0"
    if r < 0.025:
        return "-1"
    if r < 0.03:
        return rng.choice(["abc", "1e0", "n/a", "1,5"])
    return rng.choice([
        f"{rng.uniform(0.3, 2.5):.2f}", f"{rng.uniform(0.5, 1.5):.1f}",
        "1", "0.8", "1.25", f"{rng.uniform(0.1, 4):.4f}", "2",
    ])


def comment(rng, nl):
    r = rng.random()
    if r < 0.35:
        return ""
    n = rng.randrange(2, 18)
    words = [rng.choice(WORDS) for _ in range(n)]
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    r = rng.random()
    if r < 0.25:
        cut = rng.randrange(1, n)
        text = " ".join(words[:cut]) + ", " + " ".join(words[cut:])
    elif r < 0.4:
        text = f"They said \"{words[0]}\", then nothing"
    elif r < 0.55:
        lines = [" ".join(words[: n // 2]), " ".join(words[n // 2:]) or "ok"]
        if rng.random() < 0.3:
            lines.append("")
            lines.append("-- sent from my phone")
        text = nl.join(lines)
    elif r < 0.6:
        text = "\"" + text + "\""
    elif r < 0.65:
        text = "  " + text + " 👍"
    return text


def generate(rows, seed, crlf, bom, delimiter, segments, out):
    rng = random.Random(seed)
    nl = "\r\n" if crlf else "\n"
    segs = segment_names(segments)
    moods = {s: rng.uniform(-1, 1) for s in segs}
    chan_mood = {c: rng.uniform(-0.5, 0.5) for c in CHANNELS}
    customers = [f"C{rng.randrange(10000, 99999)}"
                 for _ in range(max(1, rows // 3))]

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quotechar='"',
                        quoting=csv.QUOTE_MINIMAL, lineterminator=nl)
    writer.writerow(COLUMNS)
    for i in range(1, rows + 1):
        r = rng.random()
        if r < 0.02:
            seg = ""
        elif r < 0.025:
            seg = "   "
        else:
            seg = rng.choice(segs)
            if rng.random() < 0.03:
                seg = " " + seg + " "
        chan = rng.choices(CHANNELS, weights=CHANNEL_WEIGHTS)[0]
        chan_cell = chan if rng.random() > 0.02 else f" {chan}"
        mood = (moods.get(seg.strip(), 0.0) + chan_mood[chan]) / 1.5
        scores = {}
        for metric in ("nps", "csat", "ces"):
            scores[metric] = messy_score(rng, metric,
                                         draw_clean(rng, metric, mood))
        text = comment(rng, nl)
        writer.writerow([
            f"r{i}", timestamp(rng), rng.choice(customers), seg, chan_cell,
            scores["nps"], scores["csat"], scores["ces"], weight(rng), text,
        ])
    data = buf.getvalue()
    if bom:
        data = "\ufeff" + data
    out.write(data.encode("utf-8"))
    out.flush()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 allow_abbrev=False)
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--crlf", action="store_true")
    ap.add_argument("--bom", action="store_true")
    ap.add_argument("--delimiter", default=",",
                    help="one of , ; tab |")
    ap.add_argument("--segments", type=int, default=20)
    args = ap.parse_args(argv)
    delim = {"tab": "\t", "\\t": "\t"}.get(args.delimiter, args.delimiter)
    if delim not in (",", ";", "\t", "|"):
        ap.error("--delimiter must be one of , ; tab |")
    if args.rows < 0:
        ap.error("--rows must be >= 0")
    if args.segments < 1:
        ap.error("--segments must be >= 1")
    generate(args.rows, args.seed, args.crlf, args.bom, delim,
             args.segments, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
