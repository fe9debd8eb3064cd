/* cohort.c - monthly churn cohorts (see cohort.h, SPEC §3). */
#include "metrics/cohort.h"

#include <string.h>

#include "util/alloc.h"

void cx_month_span_add(struct cx_month_span *s, int64_t ms, int64_t mc)
{
    int64_t last = mc > ms ? mc : ms;
    if (!s->any || ms < s->first)
        s->first = ms;
    if (!s->any || last > s->last)
        s->last = last;
    s->any = true;
}

int64_t cx_month_span_count(const struct cx_month_span *s)
{
    return s->any ? s->last - s->first + 1 : 0;
}

int cx_cohorts_init(struct cx_cohorts *c, size_t ngroups, int64_t m0,
                    int64_t nmonths)
{
    memset(c, 0, sizeof *c);
    size_t cells = (ngroups ? ngroups : 1)
                   * (size_t)(nmonths > 0 ? nmonths : 1);
    c->m0 = m0;
    c->nmonths = nmonths;
    c->ngroups = ngroups ? ngroups : 1;
    c->active = cx_calloc(cells, sizeof *c->active);
    c->churned = cx_calloc(cells, sizeof *c->churned);
    c->added = cx_calloc(cells, sizeof *c->added);
    c->leaving = cx_calloc(cells, sizeof *c->leaving);
    if (!c->active || !c->churned || !c->added || !c->leaving) {
        cx_cohorts_release(c);
        return -1;
    }
    return 0;
}

void cx_cohorts_add(struct cx_cohorts *c, size_t g, int64_t ms, int64_t mc)
{
    size_t base = g * (size_t)c->nmonths;
    int64_t end = c->m0 + c->nmonths;       /* past the last month */
    int64_t last = mc >= 0 ? mc : end - 1;
    c->added[base + (size_t)(ms - c->m0)]++;
    if (last > ms) {
        /* at risk from month ms + 1 through `last`: the running sum in
         * cx_cohorts_close turns these marks into monthly counts */
        c->active[base + (size_t)(ms + 1 - c->m0)]++;
        if (last + 1 < end)
            c->leaving[base + (size_t)(last + 1 - c->m0)]++;
    }
    if (mc > ms)
        c->churned[base + (size_t)(mc - c->m0)]++;
}

void cx_cohorts_close(struct cx_cohorts *c)
{
    for (size_t g = 0; g < c->ngroups; g++) {
        uint64_t *a = c->active + g * (size_t)c->nmonths;
        const uint64_t *l = c->leaving + g * (size_t)c->nmonths;
        uint64_t run = 0;
        for (int64_t m = 0; m < c->nmonths; m++) {
            run += a[m];
            run -= l[m];
            a[m] = run;
        }
    }
}

void cx_cohorts_sum(const struct cx_cohorts *c, size_t g, int64_t from,
                    int64_t to, struct cx_events_acc *ev)
{
    size_t base = g * (size_t)c->nmonths;
    if (from < c->m0)
        from = c->m0;
    if (to > c->m0 + c->nmonths - 1)
        to = c->m0 + c->nmonths - 1;
    for (int64_t m = from; m <= to; m++) {
        size_t i = base + (size_t)(m - c->m0);
        ev->active_start += c->active[i];
        ev->churned += c->churned[i];
        ev->added += c->added[i];
    }
}

void cx_cohorts_release(struct cx_cohorts *c)
{
    cx_free(c->active);
    cx_free(c->churned);
    cx_free(c->added);
    cx_free(c->leaving);
    memset(c, 0, sizeof *c);
}

int64_t cx_month_period(enum cx_period p, int64_t m)
{
    int64_t d = p == CX_PERIOD_QUARTER ? 3 : p == CX_PERIOD_YEAR ? 12 : 1;
    return m >= 0 ? m / d : -((-m + d - 1) / d);
}

void cx_period_months(enum cx_period p, int64_t code, int64_t *from,
                      int64_t *to)
{
    int64_t d = p == CX_PERIOD_QUARTER ? 3 : p == CX_PERIOD_YEAR ? 12 : 1;
    *from = code * d;
    *to = code * d + d - 1;
}
