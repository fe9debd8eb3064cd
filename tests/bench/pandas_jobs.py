#!/usr/bin/env python3
"""The benchmark jobs in pandas, as an analyst would write them.

Usage: pandas_jobs.py nps|report|aht FILE

Prints a tab-separated table with the same columns as the DuckDB queries in
run.sh, so that compare.py checks both the same way:

  nps     segment, n, nps                           (NPS by segment)
  report  segment, month, nps_n, nps, csat_n, csat, ces_n, ces
          (by segment and UTC month; CSAT = % of 4-5, CES = mean)
  aht     agent, n, aht, median, p90                (handle seconds by agent)

Each reads only the columns it needs (usecols) with pandas' C parser;
empty cells become NaN and are left out of counts and means.
"""

import sys

import pandas as pd


def out(df):
    """Write df as TSV; floats with 17 significant digits (every bit)."""
    sys.stdout.write("\t".join(df.columns) + "\n")
    for row in df.itertuples(index=False):
        cells = []
        for v in row:
            if isinstance(v, float):
                cells.append("NULL" if v != v else repr(v))
            else:
                cells.append(str(v))
        sys.stdout.write("\t".join(cells) + "\n")


def nps(path):
    df = pd.read_csv(path, usecols=["segment", "nps"], dtype={"segment": str, "nps": "float64"})
    df["p"] = df["nps"] >= 9
    df["d"] = df["nps"] <= 6
    g = df.groupby("segment", sort=True).agg(n=("nps", "count"), p=("p", "sum"), d=("d", "sum"))
    g["nps"] = 100.0 * (g["p"] - g["d"]) / g["n"]
    out(g.reset_index()[["segment", "n", "nps"]])


def report(path):
    df = pd.read_csv(path, usecols=["segment", "submitted_at", "nps", "csat", "ces"],
                     dtype={"segment": str, "submitted_at": str, "nps": "float64",
                            "csat": "float64", "ces": "float64"})
    ts = pd.to_datetime(df["submitted_at"], utc=True)    # ISO 8601, offsets honoured
    df["month"] = ts.dt.year * 100 + ts.dt.month        # formatted per group below
    df["p"] = df["nps"] >= 9
    df["d"] = df["nps"] <= 6
    df["s"] = df["csat"] >= 4
    g = df.groupby(["segment", "month"], sort=True).agg(
        nps_n=("nps", "count"), p=("p", "sum"), d=("d", "sum"),
        csat_n=("csat", "count"), s=("s", "sum"),
        ces_n=("ces", "count"), ces=("ces", "mean")).reset_index()
    g["month"] = [f"{m // 100:04d}-{m % 100:02d}" for m in g["month"]]
    g["nps"] = 100.0 * (g["p"] - g["d"]) / g["nps_n"]
    g["csat"] = 100.0 * g["s"] / g["csat_n"]
    out(g[["segment", "month", "nps_n", "nps", "csat_n", "csat", "ces_n", "ces"]])


def aht(path):
    df = pd.read_csv(path, usecols=["agent", "handle_time_seconds"],
                     dtype={"agent": str, "handle_time_seconds": "float64"})
    by = df.groupby("agent", sort=True)["handle_time_seconds"]
    g = by.agg(["count", "mean"]).rename(columns={"count": "n", "mean": "aht"})
    q = by.quantile([0.5, 0.9]).unstack()      # linear interpolation, like cxcalc
    g["median"], g["p90"] = q[0.5], q[0.9]
    out(g.reset_index()[["agent", "n", "aht", "median", "p90"]])


def main():
    jobs = {"nps": nps, "report": report, "aht": aht}
    if len(sys.argv) != 3 or sys.argv[1] not in jobs:
        sys.exit("usage: pandas_jobs.py nps|report|aht FILE")
    jobs[sys.argv[1]](sys.argv[2])


if __name__ == "__main__":
    main()
