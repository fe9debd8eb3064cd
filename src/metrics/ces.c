/* ces.c - customer effort score: the mean and the easy / difficult boxes
 * (SPEC §3; Gartner CES 2.0 7-point agreement scale by default). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cxcalc/registry.h"
#include "cxcalc/table.h"
#include "metrics/slots.h"
#include "metrics/stats.h"
#include "table/cell.h"

/* Its registry entry (below): its accumulator merges by its state's
 * members. */
extern const struct cx_metric_def cx_ces_metric;

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
    cx_mstate_add(&cx_ces_metric, into, from, sizeof *into);
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

/* Its state in a state file. */
#define ACC u.ces
static const struct cx_state_field state_fields[] = {
    CX_SU(ACC, n), CX_SU(ACC, easy), CX_SU(ACC, difficult), CX_SU(ACC, sum),
    CX_SU(ACC, sum_sq), CX_SU(ACC, missing), CX_SU(ACC, invalid), CX_S_END};
#undef ACC

/* ---- the registry entry ------------------------------------------------ */

static void finish_state(const struct cx_mstate *s,
                         const struct cx_metric_opts *o,
                         struct cx_metric_result *out)
{
    cx_ces_finish(&s->u.ces, &o->ces, out);
}

/* ---- its part in a run ------------------------------------------------ */

static void scale(const struct cx_metric_opts *o, int *lo, int *hi)
{
    *lo = 1;
    *hi = o->ces.scale_hi;
}

static void add_score(void *acc, const struct cx_metric_opts *o, int score)
{
    cx_ces_add(acc, &o->ces, score);
}

static const struct cx_score_spec score = {
    sizeof(struct cx_ces_acc), CX_ROLE_CES, scale,
    offsetof(struct cx_ces_acc, missing), offsetof(struct cx_ces_acc, invalid),
    add_score};

static void text_extra(const struct cx_metric_result *m, char *buf,
                       size_t size)
{
    char e[16], d[16];
    cx_value_format(cx_result_value(m, "easy_pct"), "%.1f%%", e, sizeof e);
    cx_value_format(cx_result_value(m, "difficult_pct"), "%.1f%%", d,
                    sizeof d);
    snprintf(buf, size, "easy %s  difficult %s", e, d);
}

/* Its own options (see registry.h). */
static const char *const options[] = {
    "confidence", "labels", "ces-scale", "ces-low-is-easy",
    "threads", NULL};

static const struct cx_field_def fields[] = {
    CX_F_COUNT(n), CX_F_COUNT(easy), CX_F_COUNT(difficult),
    CX_F_REAL(value, "score"), CX_F_REAL(easy_pct, "percent"),
    CX_F_REAL(difficult_pct, "percent"), CX_F_REAL(ci_low, "score"),
    CX_F_REAL(ci_high, "score"), CX_F_COUNT(missing), CX_F_COUNT(invalid),
    CX_F_END};

const struct cx_metric_def cx_ces_metric = {
    .name = "ces", .summary = "customer effort score, the mean score",
    .table = CX_TABLE_SURVEY, .options = options, .fields = fields,
    .text = {"CES (mean score)", "%.2f", "", text_extra},
    .job = &cx_score_job, .job_data = &score, .finish = finish_state,
    .state = {"ces", state_fields, NULL, NULL, NULL}};
