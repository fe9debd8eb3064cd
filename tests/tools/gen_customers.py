#!/usr/bin/env python3
"""Seeded generator of a synthetic subscription customers export (CSV on
stdout): customer_id, segment, channel, plan, signup_date, cancel_date
(empty while active), monthly_revenue, with a few messy cells (missing
revenue, a cancel before its signup, dates with times and offsets)."""
import argparse
import datetime as dt
import random


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    plans = [("basic", 19.0), ("pro", 49.0), ("team", 129.0)]
    segments = ["SMB", "Mid-Market", "Enterprise", "Education"]
    channels = ["web", "sales", "partner"]
    start = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(2026, 10, 31, tzinfo=dt.timezone.utc)
    span = (end - start).total_seconds()
    print("customer_id,segment,channel,plan,signup_date,cancel_date,"
          "monthly_revenue")
    for i in range(1, a.rows + 1):
        plan, price = rnd.choice(plans)
        signup = start + dt.timedelta(seconds=rnd.random() * span)
        cancel = ""
        monthly_churn = {"basic": 0.06, "pro": 0.03, "team": 0.015}[plan]
        months = rnd.expovariate(monthly_churn)
        c = signup + dt.timedelta(days=months * 30.4375)
        if c < end:
            cancel = c.strftime("%Y-%m-%d")
            if rnd.random() < 0.2:
                cancel = c.strftime("%Y-%m-%dT%H:%M:%SZ")
        s = signup.strftime("%Y-%m-%d")
        if rnd.random() < 0.1:
            s = (signup.astimezone(dt.timezone(dt.timedelta(hours=2)))
                 .strftime("%Y-%m-%dT%H:%M:%S+02:00"))
        revenue = f"{price * rnd.uniform(0.8, 1.3):.2f}"
        r = rnd.random()
        if r < 0.02:
            revenue = ""
        elif r < 0.03:
            revenue = "n/a"
        if rnd.random() < 0.005 and cancel:
            cancel, s = s, cancel           # cancelled before signing up
        print(f"C{i:05d},{rnd.choice(segments)},{rnd.choice(channels)},"
              f"{plan},{s},{cancel},{revenue}")


if __name__ == "__main__":
    main()
