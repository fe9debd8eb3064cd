/*
 * cohort.h - churn by events (SPEC §3): monthly cohorts of customers from
 * their signup and cancel months, per group.  A customer is new in its
 * signup month; active at the start of every later month up to and
 * including its cancel month (the last month measured when it is still
 * active); churned in its cancel month if it was active at that month's
 * start, that is, signed up in an earlier month.
 *
 * Months are month period codes (cx_period_code, CX_PERIOD_MONTH).  Pure
 * arithmetic: the cohorts own their arrays, nothing else is allocated.
 */
#ifndef CXCALC_COHORT_H
#define CXCALC_COHORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxcalc/calendar.h"
#include "cxcalc/metrics.h"

/* The months measured: the first signup's month to the latest signup or
 * cancel month.  Zeroed: no customer yet. */
struct cx_month_span {
    bool any;
    int64_t first, last;
};

/* Widen s by a customer's signup month ms and cancel month mc (-1: still
 * active). */
void cx_month_span_add(struct cx_month_span *s, int64_t ms, int64_t mc);

/* The number of months in s, 0 when it has no customer. */
int64_t cx_month_span_count(const struct cx_month_span *s);

/* Per group, per month: the customers active at the month's start, the
 * churned and the new.  Zeroed: no months (m0 0, nmonths 0). */
struct cx_cohorts {
    int64_t m0, nmonths;        /* the first month, and how many */
    size_t ngroups;
    uint64_t *active, *churned, *added;     /* [group][month] */
    uint64_t *leaving;          /* where stays end, until cx_cohorts_close */
};

/* Empty cohorts of ngroups groups (0: one) over months m0 .. m0 +
 * nmonths - 1; 0, or -1 (c zeroed) when out of memory. */
int cx_cohorts_init(struct cx_cohorts *c, size_t ngroups, int64_t m0,
                    int64_t nmonths);

/* Add a customer of group g who signed up in month ms and cancelled in
 * month mc (-1: still active); ms and mc (when not -1) are in c's months,
 * mc >= ms. */
void cx_cohorts_add(struct cx_cohorts *c, size_t g, int64_t ms, int64_t mc);

/* Once every customer is added: the monthly counts of active customers
 * (cx_cohorts_add marks where each stay starts and ends). */
void cx_cohorts_close(struct cx_cohorts *c);

/* Add group g's counts over months from .. to (those of c's months; none
 * when from > to) to ev's active_start, churned and added.  After
 * cx_cohorts_close. */
void cx_cohorts_sum(const struct cx_cohorts *c, size_t g, int64_t from,
                    int64_t to, struct cx_events_acc *ev);

void cx_cohorts_release(struct cx_cohorts *c);

/* The period code of p (month, quarter or year) that month m is in; m may
 * be negative (before year 0). */
int64_t cx_month_period(enum cx_period p, int64_t m);

/* The first and last month of period code `code` of p (month, quarter or
 * year). */
void cx_period_months(enum cx_period p, int64_t code, int64_t *from,
                      int64_t *to);

#endif
