/* ces.c - customer effort score: the mean and the easy / difficult boxes
 * (SPEC §3; Gartner CES 2.0 7-point agreement scale by default). */
#include <math.h>
#include <string.h>

#include "cxcalc/metrics.h"
#include "cxcalc/stats.h"

bool cx_ces_scale(const char *s, struct cx_ces_opts *o)
{
    if (strcmp(s, "1-7") == 0)
        o->scale_hi = 7;
    else if (strcmp(s, "1-5") == 0)
        o->scale_hi = 5;
    else
        return false;
    return true;
}

/* The boxes: on 1-7 easy is 5-7 and difficult 1-3; on 1-5, 4-5 and 1-2;
 * --ces-low-is-easy mirrors both. */
static void boxes(const struct cx_ces_opts *o, int score, bool *easy,
                  bool *difficult)
{
    int top = o->scale_hi == 7 ? 3 : 2;     /* boxes at each end */
    bool high = score > o->scale_hi - top;
    bool low = score <= top;
    *easy = o->low_is_easy ? low : high;
    *difficult = o->low_is_easy ? high : low;
}

void cx_ces_add(struct cx_ces_acc *a, const struct cx_ces_opts *o, int score)
{
    bool easy, difficult;
    boxes(o, score, &easy, &difficult);
    a->n++;
    a->sum += (uint64_t)score;
    a->sum_sq += (uint64_t)score * (uint64_t)score;
    a->easy += easy;
    a->difficult += difficult;
}

void cx_ces_merge(struct cx_ces_acc *into, const struct cx_ces_acc *from)
{
    into->n += from->n;
    into->easy += from->easy;
    into->difficult += from->difficult;
    into->sum += from->sum;
    into->sum_sq += from->sum_sq;
    into->missing += from->missing;
    into->invalid += from->invalid;
}

void cx_ces_finish(const struct cx_ces_acc *a, const struct cx_ces_opts *o,
                   struct cx_metric_result *out)
{
    bool ok = a->n > 0;
    double n = (double)a->n;
    double mean = (double)a->sum / n;
    double half = 0;
    bool ci = a->n >= 2;
    if (ci)
        half = o->z * sqrt(cx_sample_variance(a->n, a->sum, a->sum_sq) / n);
    cx_result_init(out, "ces");
    cx_result_count(out, "n", a->n);
    cx_result_count(out, "easy", a->easy);
    cx_result_count(out, "difficult", a->difficult);
    cx_result_real(out, "value", mean, ok);
    cx_result_real(out, "easy_pct", 100 * (double)a->easy / n, ok);
    cx_result_real(out, "difficult_pct", 100 * (double)a->difficult / n, ok);
    cx_result_real(out, "ci_low", mean - half, ci);
    cx_result_real(out, "ci_high", mean + half, ci);
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
}
