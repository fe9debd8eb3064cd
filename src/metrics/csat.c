/* csat.c - customer satisfaction, top-two-box share (SPEC §3; Wilson 1927
 * for the interval). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "table/cell.h"

#include "cxcalc/registry.h"
#include "cxcalc/table.h"
#include "metrics/slots.h"
#include "metrics/stats.h"

/* Its registry entry (below): its accumulator merges by its state's
 * members. */
extern const struct cx_metric_def cx_csat_metric;

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
    cx_mstate_add(&cx_csat_metric, into, from, sizeof *into);
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

/* Its state in a state file. */
#define ACC u.csat
static const struct cx_state_field state_fields[] = {
    CX_SU(ACC, n), CX_SU(ACC, satisfied), CX_SU(ACC, sum), CX_SU(ACC, missing),
    CX_SU(ACC, invalid), CX_SU(ACC, scored), CX_S_END};
#undef ACC

/* ---- the registry entry ------------------------------------------------ */

static void finish_state(const struct cx_mstate *s,
                         const struct cx_metric_opts *o,
                         struct cx_metric_result *out)
{
    cx_csat_finish(&s->u.csat, &o->csat, out);
}

/* ---- its part in a run ------------------------------------------------ */

static void scale(const struct cx_metric_opts *o, int *lo, int *hi)
{
    *lo = o->csat.scale_lo;
    *hi = o->csat.scale_hi;
}

static void add_score(void *acc, const struct cx_metric_opts *o, int score)
{
    cx_csat_add(acc, &o->csat, score);
}

static const struct cx_score_spec score = {
    sizeof(struct cx_csat_acc), CX_ROLE_CSAT, scale,
    offsetof(struct cx_csat_acc, missing),
    offsetof(struct cx_csat_acc, invalid), add_score};

static void text_extra(const struct cx_metric_result *m, char *buf,
                       size_t size)
{
    char mean[16];
    cx_value_format(cx_result_value(m, "mean"), "%.2f", mean, sizeof mean);
    snprintf(buf, size, "mean %s", mean);
}

/* Its own options (see registry.h). */
static const char *const options[] = {
    "confidence", "labels", "csat-scale", "csat-satisfied",
    "threads", NULL};

static const struct cx_field_def fields[] = {
    CX_F_COUNT(n), CX_F_COUNT(satisfied), CX_F_REAL(value, "percent"),
    CX_F_REAL(mean, "score"), CX_F_REAL(ci_low, "percent"),
    CX_F_REAL(ci_high, "percent"), CX_F_COUNT(missing), CX_F_COUNT(invalid),
    CX_F_END};

const struct cx_metric_def cx_csat_metric = {
    .name = "csat", .table = CX_TABLE_SURVEY,
    .summary = "customer satisfaction, % in the top boxes",
    .options = options, .fields = fields, .finish = finish_state,
    .text = {"CSAT (% satisfied)", "%.1f", "", text_extra},
    .job = &cx_score_job, .job_data = &score,
    .state = {"csat", state_fields, NULL, NULL, NULL}};
