#!/usr/bin/env python3
"""Write the same synthetic survey responses in the header layouts of
survey-tool exports, so that cxcalc can be checked to read each of them
exactly like the plain CSV.

Usage:
    gen_layouts.py [--rows N] [--seed S] --out DIR

Files written to DIR (the same --rows/--seed always give the same bytes):

  plain.csv             one header row: nps, csat, ces, weight, segment,
                        submitted_at, comment (LF)
  qualtrics.csv         Qualtrics CSV: ids (Q1..Q6, embedded data
                        'segment', 'weight'), question text, ImportId JSON;
                        the score roles only in the question text; a
                        Q1_NPS_GROUP column (1/2/3); StartDate, EndDate,
                        RecordedDate, ResponseId (LF)
  qualtrics_bad_group.csv   the same, where two rows' Q1_NPS_GROUP
                        disagree with the score (one code, one label) and
                        one carries a correct label; the line numbers and
                        texts are listed in truth.json
  qualtrics_legacy.csv  legacy Qualtrics: V1..V10 and question ids, then
                        ResponseID... and question text; UTF-8 BOM, a
                        trailing comma on every line (LF)
  surveymonkey.csv      SurveyMonkey: question text, then answer labels
                        (Response, Open-Ended Response); Respondent ID,
                        Collector ID, dates MM/DD/YYYY hh:mm:ss AM (LF)
  excel_utf16.txt       Excel "Unicode text": UTF-16LE with a BOM, TAB,
                        CRLF
  semicolon.csv         ';', decimal-comma weights, UTF-8 BOM, CRLF
  sep_line.csv          an Excel 'sep=;' first line, then as semicolon.csv
                        without the BOM (CRLF)
  zendesk.csv           a Zendesk ticket export: Ticket ID, Group,
                        Satisfaction Score (Good, Bad, Offered, Unoffered)
  truth.json            the counts each score should give (n, missing,
                        invalid), and the bad-group lines

Every response has an NPS score 0-10, a CSAT score 1-5, a CES score 1-7, a
weight with decimals, a segment, a date and a free-text comment (commas,
quotes, line breaks, non-ASCII); some cells are missing (empty, NA, n/a,
-), some invalid (out of range, words, 9.5, a negative weight, an
impossible date).  Dates run from November 2025 to February 2026 in UTC;
some fall in the midnight and noon hours so that the 12-hour clock of
SurveyMonkey is exercised.
"""

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import sys

SEGMENTS = ["retail", "business", "Enterprise, EMEA", "public sector",
            "\"Gold\" partners", "Öffentlicher Dienst", "NA", ""]
SEGMENT_WEIGHTS = [30, 25, 10, 10, 5, 5, 5, 10]

COMMENTS = [
    "",
    "Quick and friendly, thanks",
    "Agent said \"we'll call back\" and never did",
    "Slow, expensive, and the app crashed twice",
    "Line one\nline two, with a comma",
    "Très bien; service rapide",
    "Great 👍 support",
    "Had to call three times.\r\nStill waiting for the refund",
    "tab\tinside",
    "  padded text  ",
    "=1+1 is not a formula",
    "Ça va, \"merci\"",
]

# Missing markers (SPEC §2) and invalid cells per score.
MISSING = ["", "NA", "n/a", "-", "null", "  "]
INVALID = {
    "nps": ["ten", "11", "9.5", "-1"],
    "csat": ["0", "6", "four", "4.5"],
    "ces": ["8", "0", "easy", "3.7"],
}
SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}

QUESTIONS = {
    "Q1": "How likely are you to recommend our company to a friend or "
          "colleague?",
    "Q2": "Overall, how satisfied are you with the support you received?",
    "Q3": "The company made it easy for me to handle my issue.",
    "Q4": "Please tell us why you gave these ratings.",
    "Q5": "Which channel did you use to contact us?",
    "Q6": "May we contact you about your answers?",
}
CHANNELS = ["1", "2", "3", "4"]          # numeric choice codes

NPS_GROUP_LABEL = {1: "Detractor", 2: "Passive", 3: "Promoter"}


def score_cell(rng, name):
    """A score cell as text, and its class: ok, missing or invalid."""
    lo, hi = SCALES[name]
    u = rng.random()
    if u < 0.07:
        return rng.choice(MISSING), "missing"
    if u < 0.11:
        return rng.choice(INVALID[name]), "invalid"
    v = rng.randint(lo, hi)
    w = rng.random()
    if w < 0.03:
        return "%d.0" % v, "ok"
    if w < 0.05:
        return " %d " % v, "ok"
    return str(v), "ok"


def weight_cell(rng):
    """A weight in dot-decimal form (None for the special cases)."""
    u = rng.random()
    if u < 0.03:
        return ""
    if u < 0.05:
        return rng.choice(["heavy", "-0.5"])
    whole = rng.randint(0, 2)
    frac = rng.choice([0, 25, 5, 75, 4, 1])
    if frac == 0 and whole == 0:
        whole = 1
    if frac == 0:
        return str(whole)
    return "%d.%s" % (whole, frac)


def date_value(rng):
    """A datetime, a verbatim token, or ('impossible', y, m, d, H, M, S)."""
    u = rng.random()
    if u < 0.03:
        return rng.choice(["", "NA"])
    if u < 0.045:
        return "soon"
    if u < 0.055:
        return ("impossible", 2026, 2, 30, 10, 15, 0)
    start = dt.datetime(2025, 11, 1)
    day = start + dt.timedelta(days=rng.randrange(120))
    hour = rng.choice([0, 0, 11, 12, 12, 23] + list(range(24)))
    if rng.random() < 0.03:       # the last second of a month
        nxt = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        return nxt - dt.timedelta(seconds=1)
    return day.replace(hour=hour, minute=rng.randrange(60),
                       second=rng.randrange(60))


def make_rows(n, seed):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        r = {"id": i + 1}
        for name in ("nps", "csat", "ces"):
            r[name], r[name + "_class"] = score_cell(rng, name)
        r["weight"] = weight_cell(rng)
        r["segment"] = rng.choices(SEGMENTS, SEGMENT_WEIGHTS)[0]
        r["date"] = date_value(rng)
        r["comment"] = rng.choice(COMMENTS)
        r["duration"] = rng.randint(30, 900)
        r["channel"] = rng.choice(CHANNELS)
        r["contact"] = rng.choice(["1", "2", ""])
        rows.append(r)
    return rows


# -- dates per layout -------------------------------------------------------

def fmt_iso(d):
    if isinstance(d, dt.datetime):
        return d.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(d, tuple):
        return "%04d-%02d-%02d %02d:%02d:%02d" % d[1:]
    return d


def fmt_us(d):
    """SurveyMonkey: MM/DD/YYYY hh:mm:ss AM."""
    if isinstance(d, dt.datetime):
        h = d.hour % 12 or 12
        return "%02d/%02d/%04d %02d:%02d:%02d %s" % (
            d.month, d.day, d.year, h, d.minute, d.second,
            "AM" if d.hour < 12 else "PM")
    if isinstance(d, tuple):
        _, y, m, dd, hh, mi, ss = d
        return "%02d/%02d/%04d %02d:%02d:%02d %s" % (
            m, dd, y, hh % 12 or 12, mi, ss, "AM" if hh < 12 else "PM")
    return d


def earlier(d, seconds, fmt):
    """The start of a response that ended at d."""
    if isinstance(d, dt.datetime):
        return fmt(d - dt.timedelta(seconds=seconds))
    return fmt(d)


def decimal_comma(w):
    return w.replace(".", ",")


def nps_group(r):
    if r["nps_class"] != "ok":
        return ""
    v = int(float(r["nps"].strip()))
    return "3" if v >= 9 else "2" if v >= 7 else "1"


# -- writers ----------------------------------------------------------------

def csv_text(records, delimiter=",", lineterminator="\n"):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator=lineterminator,
                   quoting=csv.QUOTE_MINIMAL)
    for rec in records:
        w.writerow(rec)
    return buf.getvalue()


def write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


PLAIN_HEADER = ["nps", "csat", "ces", "weight", "segment", "submitted_at",
                "comment"]


def plain_records(rows, dc=False):
    yield PLAIN_HEADER
    for r in rows:
        w = decimal_comma(r["weight"]) if dc else r["weight"]
        yield [r["nps"], r["csat"], r["ces"], w, r["segment"],
               fmt_iso(r["date"]), r["comment"]]


QUALTRICS_META = [
    ("StartDate", "Start Date", "startDate"),
    ("EndDate", "End Date", "endDate"),
    ("Status", "Response Type", "status"),
    ("IPAddress", "IP Address", "ipAddress"),
    ("Progress", "Progress", "progress"),
    ("Duration (in seconds)", "Duration (in seconds)", "duration"),
    ("Finished", "Finished", "finished"),
    ("RecordedDate", "Recorded Date", "recordedDate"),
    ("ResponseId", "Response ID", "_recordId"),
    ("RecipientLastName", "Recipient Last Name", "recipientLastName"),
    ("RecipientFirstName", "Recipient First Name", "recipientFirstName"),
    ("RecipientEmail", "Recipient Email", "recipientEmail"),
    ("ExternalReference", "External Data Reference", "externalDataReference"),
    ("LocationLatitude", "Location Latitude", "locationLatitude"),
    ("LocationLongitude", "Location Longitude", "locationLongitude"),
    ("DistributionChannel", "Distribution Channel", "distributionChannel"),
    ("UserLanguage", "User Language", "userLanguage"),
]


def response_id(i):
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    rng = random.Random(i * 7919)
    return "R_" + "".join(rng.choice(alphabet) for _ in range(15))


def qualtrics_records(rows, groups):
    """groups: the Q1_NPS_GROUP cell of each row."""
    ids = [m[0] for m in QUALTRICS_META]
    texts = [m[1] for m in QUALTRICS_META]
    imports = ['{"ImportId":"%s"}' % m[2] for m in QUALTRICS_META]
    questions = [
        ("Q1", QUESTIONS["Q1"], "QID1"),
        ("Q1_NPS_GROUP", QUESTIONS["Q1"] + " - Group", "QID1_NPS_GROUP"),
        ("Q2", QUESTIONS["Q2"], "QID2"),
        ("Q3", QUESTIONS["Q3"], "QID3"),
        ("Q4", QUESTIONS["Q4"], "QID4_TEXT"),
        ("Q5", QUESTIONS["Q5"], "QID5"),
        ("Q6", QUESTIONS["Q6"], "QID6"),
        ("segment", "segment", "segment"),
        ("weight", "weight", "weight"),
    ]
    ids += [q[0] for q in questions]
    texts += [q[1] for q in questions]
    imports += ['{"ImportId":"%s"}' % q[2] for q in questions]
    yield ids
    yield texts
    yield imports
    for r, g in zip(rows, groups):
        end = fmt_iso(r["date"])
        yield [earlier(r["date"], r["duration"], fmt_iso), end, "0",
               "", "100", str(r["duration"]), "1", end, response_id(r["id"]),
               "", "", "", "", "", "", "anonymous", "EN",
               r["nps"], g, r["csat"], r["ces"], r["comment"], r["channel"],
               r["contact"], r["segment"], r["weight"]]


def legacy_records(rows):
    qids = ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]
    ids = ["V%d" % k for k in range(1, 11)] + qids + [
        "segment", "weight", "LocationLatitude", "LocationLongitude",
        "LocationAccuracy", ""]
    texts = ["ResponseID", "ResponseSet", "Name", "ExternalDataReference",
             "EmailAddress", "IPAddress", "Status", "StartDate", "EndDate",
             "Finished"] + [QUESTIONS[q] for q in qids] + [
        "segment", "weight", "LocationLatitude", "LocationLongitude",
        "LocationAccuracy", ""]
    yield ids
    yield texts
    for r in rows:
        yield [response_id(r["id"]), "Default Response Set", "Anonymous",
               "", "", "", "0", earlier(r["date"], r["duration"], fmt_iso),
               fmt_iso(r["date"]), "1",
               r["nps"], r["csat"], r["ces"], r["comment"], r["channel"],
               r["contact"], r["segment"], r["weight"], "", "", "-1", ""]


SM_META = ["Respondent ID", "Collector ID", "Start Date", "End Date",
           "IP Address", "Email Address", "First Name", "Last Name",
           "Custom Data 1"]
SM_CSAT_LABELS = {5: "Very satisfied", 1: "Very dissatisfied"}


def sm_csat(r):
    """SurveyMonkey's numerical export with the end labels kept."""
    if r["csat_class"] != "ok":
        return r["csat"]
    v = int(float(r["csat"].strip()))
    if v in SM_CSAT_LABELS:
        return "%d - %s" % (v, SM_CSAT_LABELS[v])
    return r["csat"]


def surveymonkey_records(rows):
    # Custom variables (segment, weight) follow the respondent columns,
    # with nothing under them in the second row.
    q = [QUESTIONS["Q4"], QUESTIONS["Q1"], QUESTIONS["Q2"], QUESTIONS["Q3"],
         QUESTIONS["Q5"]]
    yield SM_META + ["segment", "weight"] + q
    yield [""] * (len(SM_META) + 2) + ["Open-Ended Response", "Response",
                                       "Response", "Response", "Response"]
    collectors = ["414754221", "414754235", "414754230"]
    for r in rows:
        yield [str(19085864000 - r["id"] * 4211), collectors[r["id"] % 3],
               earlier(r["date"], r["duration"], fmt_us), fmt_us(r["date"]),
               "", "", "", "", "", r["segment"], r["weight"],
               r["comment"], r["nps"], sm_csat(r), r["ces"], r["channel"]]


def zendesk_rows(n, seed):
    rng = random.Random(seed + 1)
    groups = ["Support", "Billing", "Tier 2, Escalations"]
    scores = ["Good", "Good", "Good", "Bad", "Offered", "Unoffered",
              "good", "BAD", ""]
    out = [["Ticket ID", "Subject", "Requester", "Group", "Assignee",
            "Status", "Created at", "Solved at", "Satisfaction Score"]]
    for i in range(n):
        created = dt.datetime(2026, 1, 1) + dt.timedelta(
            minutes=rng.randrange(60 * 24 * 50))
        solved = created + dt.timedelta(minutes=rng.randrange(30, 3000))
        out.append([str(48000 + i), rng.choice(["Refund", "Login, again",
                                                "\"Urgent\" order"]),
                    "Customer %d" % rng.randrange(1, 400),
                    rng.choice(groups), rng.choice(["Ann", "Bo", ""]),
                    "Solved", created.strftime("%Y-%m-%d %H:%M"),
                    solved.strftime("%Y-%m-%d %H:%M"), rng.choice(scores)])
    return out


def record_lines(text):
    """The physical line on which each record of a CSV text starts."""
    rd = csv.reader(io.StringIO(text, newline=""))
    starts, prev = [], 0
    for _ in rd:
        starts.append(prev + 1)
        prev = rd.line_num
    return starts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.rows < 20:
        ap.error("--rows must be at least 20")
    os.makedirs(a.out, exist_ok=True)
    rows = make_rows(a.rows, a.seed)

    def out(name, data):
        write_bytes(os.path.join(a.out, name), data)

    out("plain.csv", csv_text(plain_records(rows)).encode())

    groups = [nps_group(r) for r in rows]
    out("qualtrics.csv", csv_text(qualtrics_records(rows, groups)).encode())

    # Two disagreements (a code, a label) and one agreeing label, on the
    # first rows with a valid score.
    bad = list(groups)
    valid = [i for i, r in enumerate(rows) if r["nps_class"] == "ok"]
    wrong = {"1": "3", "2": "1", "3": "1"}
    i0, i1, i2 = valid[0], valid[1], valid[2]
    bad[i0] = wrong[groups[i0]]
    bad[i1] = NPS_GROUP_LABEL[int({"1": "2", "2": "3", "3": "2"}[groups[i1]])]
    bad[i2] = NPS_GROUP_LABEL[int(groups[i2])]
    text = csv_text(qualtrics_records(rows, bad))
    out("qualtrics_bad_group.csv", text.encode())
    starts = record_lines(text)
    names = {"1": "detractor", "2": "passive", "3": "promoter"}
    label_code = {v: str(k) for k, v in NPS_GROUP_LABEL.items()}
    mismatches = []
    for i in (i0, i1):
        said = label_code.get(bad[i], bad[i])
        mismatches.append({
            "line": starts[3 + i],
            "says": names[said],
            "score": int(float(rows[i]["nps"].strip())),
            "is": names[groups[i]],
        })

    legacy = csv_text(legacy_records(rows))
    out("qualtrics_legacy.csv", b"\xef\xbb\xbf" + legacy.encode())

    out("surveymonkey.csv", csv_text(surveymonkey_records(rows)).encode())

    utf16 = csv_text(plain_records(rows), "\t", "\r\n")
    out("excel_utf16.txt", b"\xff\xfe" + utf16.encode("utf-16-le"))

    semi = csv_text(plain_records(rows, dc=True), ";", "\r\n")
    out("semicolon.csv", b"\xef\xbb\xbf" + semi.encode())
    out("sep_line.csv", ("sep=;\r\n" + semi).encode())

    out("zendesk.csv",
        csv_text(zendesk_rows(max(40, a.rows // 4), a.seed)).encode())

    truth = {"rows": a.rows, "nps_group_mismatches": mismatches}
    for name in ("nps", "csat", "ces"):
        cls = [r[name + "_class"] for r in rows]
        truth[name] = {"n": cls.count("ok"), "missing": cls.count("missing"),
                       "invalid": cls.count("invalid")}
    out("truth.json", (json.dumps(truth, indent=1) + "\n").encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
