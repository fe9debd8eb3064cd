/* csat.c - customer satisfaction, top-two-box share (SPEC §3; Wilson 1927
 * for the interval). */
#include <string.h>

#include "cxcalc/cell.h"

#include "cxcalc/metrics.h"
#include "cxcalc/stats.h"

bool cx_csat_scale(const char *s, struct cx_csat_opts *o)
{
    static const struct {
        const char *name;
        int lo, hi, sat_lo;
    } scales[] = {{"1-5", 1, 5, 4}, {"1-7", 1, 7, 6}, {"1-10", 1, 10, 9},
                  {"0-10", 0, 10, 9}};
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
        if (strcmp(s, scales[i].name) == 0) {
            o->scale_lo = scales[i].lo;
            o->scale_hi = scales[i].hi;
            o->sat_lo = scales[i].sat_lo;
            o->sat_hi = scales[i].hi;
            return true;
        }
    }
    return false;
}

void cx_csat_add(struct cx_csat_acc *a, const struct cx_csat_opts *o,
                 int score)
{
    a->n++;
    if (score == CX_RATING_GOOD || score == CX_RATING_BAD) {
        a->satisfied += score == CX_RATING_GOOD;   /* good = satisfied */
        return;
    }
    a->scored++;
    a->sum += (uint64_t)score;
    if (score >= o->sat_lo && score <= o->sat_hi)
        a->satisfied++;
}

void cx_csat_merge(struct cx_csat_acc *into, const struct cx_csat_acc *from)
{
    into->n += from->n;
    into->satisfied += from->satisfied;
    into->sum += from->sum;
    into->missing += from->missing;
    into->invalid += from->invalid;
    into->scored += from->scored;
}

void cx_csat_finish(const struct cx_csat_acc *a, const struct cx_csat_opts *o,
                    struct cx_metric_result *out)
{
    bool ok = a->n > 0;
    double low = 0, high = 0;
    if (ok)
        cx_wilson(a->satisfied, a->n, o->z, &low, &high);
    cx_result_init(out, "csat");
    cx_result_count(out, "n", a->n);
    cx_result_count(out, "satisfied", a->satisfied);
    cx_result_real(out, "value", 100 * (double)a->satisfied / (double)a->n,
                   ok);
    cx_result_real(out, "mean", (double)a->sum / (double)a->scored,
                   a->scored > 0);
    cx_result_real(out, "ci_low", low, ok);
    cx_result_real(out, "ci_high", high, ok);
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
}
