#!/usr/bin/env python3
"""Generate large, realistic CX exports for the benchmarks (CSV on stdout).

Unlike tests/tools/gen_*.py, which make deliberately messy files to test
the parsers, this generator makes the clean-but-realistic bulk that a
survey tool or contact-center platform exports every day, quickly and at
any size, so that cxcalc and its peers (DuckDB, pandas, Miller) can all
read it and must agree on every number.

  --kind survey (default)
      response_id,submitted_at,customer_id,segment,channel,nps,csat,ces,comment
      ~20 plain segment names (--segments K for more), ISO-8601 UTC
      timestamps over the 12 months of 2025, nps 0-10 (~3 % empty),
      csat 1-5 (~5 % empty), ces 1-7 (~8 % empty); the comment is empty for
      most rows, a short plain text for some and, for ~10 %, a quoted text
      with commas, doubled quotes and embedded newlines. ~74 bytes a row
      (10 M rows: ~740 MB).

  --kind interactions
      interaction_id,customer_id,agent,channel,started_at,ended_at,
      handle_time_seconds,resolved,issue
      ~200 agents, rows in start-time order over 2025; ~20 % of contacts
      are followed by a call-back of the same customer (mostly about the
      same issue) between 1 hour and 10 days later, so repeat contacts
      within a 7-day window exist; handle times 30-1800 s (~1 % empty);
      resolved yes/no.

The same --kind, --rows, --seed and --segments always give the same bytes
(only random.random() is used, whose sequence is stable across Python
versions). Memory is constant for surveys; for interactions it is bounded
by the call-backs pending within 10 days (a few tens of thousands).

Usage:
    gen_export.py [--kind survey|interactions] [--rows N] [--seed S]
                  [--segments K] [--agents K] > export.csv
"""

import argparse
import datetime as dt
import heapq
import random
import sys

YEAR = 2025
DAYS = 365
SECONDS = DAYS * 86400
EPOCH = dt.datetime(YEAR, 1, 1, tzinfo=dt.timezone.utc)

SIZES = ["Enterprise", "Mid-Market", "SMB", "Public Sector", "Education",
         "Nonprofit", "Startup", "Healthcare", "Retail", "Government"]
REGIONS = ["EMEA", "North America", "APAC", "LATAM", "DACH", "Nordics",
           "UKI", "ANZ", "Benelux", "Iberia"]
CHANNELS = ["email", "web", "chat", "phone", "app"]
CHANNEL_WEIGHTS = [34, 24, 18, 14, 10]

WORDS = ("agent was friendly and quick but app keeps crashing when I upload "
         "receipt billing confusing delivery arrived late again great support "
         "fixed my issue in one call price went up without notice website is "
         "slow on mobile love the new dashboard had to call three times refund "
         "still pending").split()

ISSUES = ["billing", "login", "delivery", "refund", "technical", "account",
          "cancellation", "order_status", "product_info", "complaint"]
ISSUE_WEIGHTS = [22, 14, 16, 9, 15, 8, 4, 7, 3, 2]
FIRST_NAMES = ["Ana", "Ben", "Chloe", "David", "Elif", "Farah", "Goran",
               "Hana", "Ivan", "Jules", "Kofi", "Lena", "Mateo", "Nora",
               "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq"]
LAST_NAMES = ["Martin", "Sato", "Okafor", "Novak", "Silva", "Berg", "Khan",
              "Rossi", "Meyer", "Dubois"]


def segment_names(k):
    """K distinct plain segment names: 'Enterprise EMEA', … then numbered."""
    names = []
    i = 0
    while len(names) < k:
        base = i % (len(SIZES) * len(REGIONS))
        # Walk sizes and regions so that the first 20 names mix both.
        name = f"{SIZES[base % len(SIZES)]} {REGIONS[(base // len(SIZES) + base) % len(REGIONS)]}"
        rnd = i // (len(SIZES) * len(REGIONS))
        if rnd:
            name = f"{name} {rnd + 1}"
        names.append(name)
        i += 1
    return names


def cumulative(weights):
    out, s = [], 0.0
    for w in weights:
        s += w
        out.append(s)
    return [c / s for c in out]


def table(values, weights, size=4096):
    """A lookup table: values[int(random()*size)] follows the weights."""
    cum = cumulative(weights)
    out, j = [], 0
    for i in range(size):
        u = (i + 0.5) / size
        while cum[j] < u:
            j += 1
        out.append(values[j])
    return out


def day_strings():
    return [(EPOCH + dt.timedelta(days=d)).strftime("%Y-%m-%d") for d in range(DAYS)]


def time_strings():
    return [f"T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z" for s in range(86400)]


class Out:
    """Buffered writer of str chunks to stdout's binary buffer."""

    def __init__(self):
        self.parts = []
        self.raw = sys.stdout.buffer

    def add(self, s):
        self.parts.append(s)
        if len(self.parts) >= 8192:
            self.flush()

    def flush(self):
        if self.parts:
            self.raw.write("".join(self.parts).encode("utf-8"))
            self.parts = []


def survey(rows, seed, nseg):
    rnd = random.Random(seed).random
    segs = segment_names(nseg)
    # Segment sizes are skewed (a long tail of small segments).
    seg_tab = table(list(range(nseg)), [1.0 / (1 + i * 0.15) for i in range(nseg)], 8192)
    chan_tab = table(CHANNELS, CHANNEL_WEIGHTS)
    # Three "moods" of segments give NPS/CSAT/CES that differ by segment.
    nps_w = [
        [2, 1, 1, 2, 2, 5, 6, 12, 18, 22, 29],
        [4, 2, 3, 4, 4, 8, 9, 14, 17, 16, 19],
        [1, 1, 1, 1, 2, 3, 5, 11, 20, 25, 30],
    ]
    csat_w = [[6, 6, 12, 36, 40], [10, 10, 18, 34, 28], [4, 4, 10, 34, 48]]
    ces_w = [[3, 4, 7, 12, 22, 28, 24], [6, 8, 10, 16, 22, 22, 16], [2, 3, 5, 10, 20, 30, 30]]
    nps_tab = [table([""] + [str(v) for v in range(11)], [3 * 97 / 100] + [w * 0.97 for w in ws])
               for ws in nps_w]
    csat_tab = [table([""] + [str(v) for v in range(1, 6)], [5 * 95 / 100] + [w * 0.95 for w in ws])
                for ws in csat_w]
    ces_tab = [table([""] + [str(v) for v in range(1, 8)], [8 * 92 / 100] + [w * 0.92 for w in ws])
               for ws in ces_w]
    days, times = day_strings(), time_strings()
    nwords = len(WORDS)
    ncust = max(1000, rows // 3)
    out = Out()
    out.add("response_id,submitted_at,customer_id,segment,channel,nps,csat,ces,comment\n")
    for i in range(1, rows + 1):
        s = seg_tab[int(rnd() * 8192)]
        mood = s % 3
        u = rnd()
        if u < 0.75:
            comment = ""
        elif u < 0.90:
            a = int(rnd() * nwords)
            comment = f"{WORDS[a]} {WORDS[(a * 7 + 3) % nwords]} {WORDS[(a * 3 + 1) % nwords]}"
        else:
            # Quoted: commas, a doubled quote and one or two embedded newlines.
            a = int(rnd() * nwords)
            w1, w2, w3 = WORDS[a], WORDS[(a * 5 + 2) % nwords], WORDS[(a * 11 + 7) % nwords]
            if u < 0.96:
                comment = f'"{w1}, {w2}\nthey said ""{w3}"", then nothing"'
            else:
                comment = f'"{w1} {w2},\n{w3}, ""again""\nthanks"'
        out.add(
            f"R{i:08d},{days[int(rnd() * DAYS)]}{times[int(rnd() * 86400)]},"
            f"C{int(rnd() * ncust) + 100000},{segs[s]},{chan_tab[int(rnd() * 4096)]},"
            f"{nps_tab[mood][int(rnd() * 4096)]},{csat_tab[mood][int(rnd() * 4096)]},"
            f"{ces_tab[mood][int(rnd() * 4096)]},{comment}\n")
    out.flush()


def interactions(rows, seed, nagents):
    rnd = random.Random(seed).random
    agents = [f"{FIRST_NAMES[i % 20]} {LAST_NAMES[(i // 20 + i) % 10]}" +
              (f" {i // 200 + 1}" if i >= 200 else "") for i in range(nagents)]
    agent_tab = table(list(range(nagents)), [1.0 + (i % 7) * 0.2 for i in range(nagents)], 8192)
    chan_tab = table(["phone", "chat", "email", "social"], [55, 25, 15, 5])
    issue_tab = table(list(range(len(ISSUES))), ISSUE_WEIGHTS)
    # Handle time: a skewed distribution over 30..1800 s (median ~6 min).
    handle_tab = table(list(range(30, 1801)),
                       [1.0 / (1 + ((s - 330) / 180.0) ** 2) if s >= 330 else 0.4 + s / 550.0
                        for s in range(30, 1801)], 16384)
    days, times = day_strings(), time_strings()
    ncust = max(1000, rows // 2)
    # Mean seconds between new contacts; ~14 % of rows are call-backs.
    gap = SECONDS / (rows * 0.86)
    pending = []                  # heap of (time, seq, customer, issue) call-backs
    seq = 0
    out = Out()
    out.add("interaction_id,customer_id,agent,channel,started_at,ended_at,"
            "handle_time_seconds,resolved,issue\n")

    def stamp(sec):
        d = sec // 86400
        if d >= DAYS:             # call-backs after 31 Dec stay in 2025's last second
            return days[DAYS - 1] + times[86399]
        return days[d] + times[sec % 86400]

    t = gap * rnd()               # when the next new contact starts
    for i in range(1, rows + 1):
        if pending and pending[0][0] <= t:
            # A call-back due before the next new contact: rows stay in time order.
            start, _, cust, issue = heapq.heappop(pending)
        else:
            start = t
            # New contacts arrive ~uniformly over the year (jittered gaps).
            t += gap * 0.2 + gap * 1.6 * rnd()
            cust = int(rnd() * ncust) + 500000
            issue = issue_tab[int(rnd() * 4096)]
        start = int(start)
        handle = handle_tab[int(rnd() * 16384)]
        end = start + handle + int(rnd() * 60)   # the record closes after the talk
        resolved_p = 0.72
        u = rnd()
        resolved = "yes" if u < resolved_p else "no"
        if u >= 0.55 and rnd() < (0.45 if resolved == "no" else 0.12):
            # A call-back: mostly the same issue, 1 hour to 10 days later.
            later = start + 3600 + int(rnd() * 9 * 86400)
            again_issue = issue if rnd() < 0.85 else issue_tab[int(rnd() * 4096)]
            seq += 1
            heapq.heappush(pending, (later, seq, cust, again_issue))
        ht = "" if rnd() < 0.01 else str(handle)
        out.add(
            f"I{i:08d},C{cust},{agents[agent_tab[int(rnd() * 8192)]]},"
            f"{chan_tab[int(rnd() * 4096)]},{stamp(start)},{stamp(end)},{ht},"
            f"{resolved},{ISSUES[issue]}\n")
    out.flush()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kind", choices=["survey", "interactions"], default="survey")
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--segments", type=int, default=20, help="survey: number of segments")
    ap.add_argument("--agents", type=int, default=200, help="interactions: number of agents")
    a = ap.parse_args()
    if a.rows < 0 or a.segments < 1 or a.agents < 1:
        ap.error("--rows must be >= 0, --segments and --agents >= 1")
    try:
        if a.kind == "survey":
            survey(a.rows, a.seed, a.segments)
        else:
            interactions(a.rows, a.seed, a.agents)
        sys.stdout.flush()
    except BrokenPipeError:
        # `| head` closed the pipe: stop quietly.
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
