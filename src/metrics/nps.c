/* nps.c - Net Promoter Score (SPEC §3; Reichheld 2003 for the split,
 * R package NPS 1.1 `npvar` for the variance, Kish 1965 for the effective
 * sample size of weighted data). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>

#include "cxcalc/registry.h"
#include "cxcalc/table.h"
#include "metrics/slots.h"
#include "metrics/stats.h"
#include "table/cell.h"

/* Its registry entry (below): its accumulator merges by its state's
 * members. */
extern const struct cx_metric_def cx_nps_metric;

void cx_nps_count(struct cx_nps_acc *a, int score)
{
    if (score >= 9)
        a->promoters++;
    else if (score >= 7)
        a->passives++;
    else
        a->detractors++;
}

void cx_nps_add(struct cx_nps_acc *a, int score, double weight)
{
    cx_nps_count(a, score);
    cx_xsum_add(score >= 9   ? &a->w_promoters
                : score >= 7 ? &a->w_passives
                             : &a->w_detractors,
                weight);
    cx_xsum_add(&a->w_sq, weight * weight);
}

void cx_nps_merge(struct cx_nps_acc *into, const struct cx_nps_acc *from)
{
    cx_mstate_add(&cx_nps_metric, into, from, sizeof *into);
}

void cx_nps_finish(const struct cx_nps_acc *a, const struct cx_nps_opts *o,
                   struct cx_metric_result *out)
{
    uint64_t n = a->promoters + a->passives + a->detractors;
    double total, p, pa, d, size;
    double wp = cx_xsum_value(&a->w_promoters);
    double wpa = cx_xsum_value(&a->w_passives);
    double wd = cx_xsum_value(&a->w_detractors);
    if (o->weighted) {
        total = wp + wpa + wd;
        p = wp / total;
        pa = wpa / total;
        d = wd / total;
        size = total * total / cx_xsum_value(&a->w_sq); /* Kish n */
    } else {
        total = (double)n;
        p = (double)a->promoters / total;
        pa = (double)a->passives / total;
        d = (double)a->detractors / total;
        size = total;
    }
    bool ok = n > 0 && total > 0;
    double value = o->weighted
        ? 100 * (wp - wd) / total
        : 100 * ((double)a->promoters - (double)a->detractors) / total;
    /* Var(y) for y in {-1, 0, 1}: p + d - (p - d)^2. */
    double var = p + d - (p - d) * (p - d);
    double margin = o->z * 100 * sqrt((var > 0 ? var : 0) / size);

    cx_result_init(out, "nps");
    cx_result_count(out, "n", n);
    cx_result_count(out, "promoters", a->promoters);
    cx_result_count(out, "passives", a->passives);
    cx_result_count(out, "detractors", a->detractors);
    cx_result_real(out, "promoters_pct", 100 * p, ok);
    cx_result_real(out, "passives_pct", 100 * pa, ok);
    cx_result_real(out, "detractors_pct", 100 * d, ok);
    cx_result_real(out, "value", value, ok);
    cx_result_real(out, "margin", margin, ok);
    cx_result_real(out, "ci_low", cx_clamp(value - margin, -100, 100), ok);
    cx_result_real(out, "ci_high", cx_clamp(value + margin, -100, 100), ok);
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
    if (o->weighted) {
        cx_result_real(out, "weighted_n", total, true);
        cx_result_real(out, "effective_n", size, ok);
    }
}

/* Its state in a state file. */
#define ACC u.nps
static const struct cx_state_field state_fields[] = {
    CX_SU(ACC, promoters), CX_SU(ACC, passives), CX_SU(ACC, detractors),
    CX_SU(ACC, missing), CX_SU(ACC, invalid), CX_SX(ACC, w_promoters),
    CX_SX(ACC, w_passives), CX_SX(ACC, w_detractors), CX_SX(ACC, w_sq),
    CX_S_END};
#undef ACC

/* ---- the registry entry ------------------------------------------------ */

static void finish_state(const struct cx_mstate *s,
                         const struct cx_metric_opts *o,
                         struct cx_metric_result *out)
{
    struct cx_nps_opts no = {o->weight != NULL, o->z};
    cx_nps_finish(&s->u.nps, &no, out);
}

/* ---- its part in a run ------------------------------------------------ */

static enum cx_status plan(struct cx_job *j, struct cx_table *t,
                           struct cx_error *err)
{
    /* An unweighted run keeps the counts only: its accumulator stops
     * before the weights' exact sums (40 bytes a group, not 392). */
    size_t size = j->o->weight ? sizeof(struct cx_nps_acc)
                               : offsetof(struct cx_nps_acc, w_promoters);
    struct cx_slot_job *s = cx_slot_job_plan(j, t, size, CX_ROLE_NPS,
                                             CX_KIND_SCORE, 0, 10, err);
    if (!s || !j->o->weight)
        return s ? CX_OK : err->status;
    /* a valid score needs a valid weight (SPEC §3) */
    s->col[1] = cx_table_add(t, &(struct cx_colspec){
        NULL, CX_ROLE_WEIGHT, CX_KIND_NONNEG, 0, 0, true, 0});
    return s->col[1] >= 0 ? CX_OK : cx_error_set(err, CX_ERR_NOMEM, NULL,
                                                 "out of memory");
}

/* Row r into one scope: a valid score counts (weighted runs: with a
 * valid weight, SPEC §3). */
static inline void add_row(struct cx_nps_acc *a, const struct cx_column *c,
                           const struct cx_column *w, size_t r)
{
    if (c->state[r] == CX_CELL_MISSING)
        a->missing++;
    else if (c->state[r] == CX_CELL_INVALID)
        a->invalid++;
    else if (!w)
        cx_nps_count(a, c->v.score[r]);
    else if (w->state[r] != CX_CELL_OK)
        a->invalid++;
    else
        cx_nps_add(a, c->v.score[r], w->v.num[r]);
}

static enum cx_status add(struct cx_job *j, const struct cx_table *t,
                          const uint32_t *slot, size_t nslots,
                          struct cx_error *err)
{
    struct cx_slot_job *s = j->priv;
    enum cx_status st = cx_slot_job_room(s, nslots, err);
    if (st != CX_OK)
        return st;
    const struct cx_column *c = &t->cols[s->col[0]];
    const struct cx_column *w = s->col[1] >= 0 ? &t->cols[s->col[1]] : NULL;
    struct cx_nps_acc *all = (struct cx_nps_acc *)(void *)s->all;
    for (size_t r = 0; r < t->nrows; r++) {
        add_row(all, c, w, r);
        if (slot)
            add_row((struct cx_nps_acc *)cx_slot_acc(s, slot[r]), c, w, r);
    }
    return CX_OK;
}

static const struct cx_job_ops job = {
    plan, add, cx_slot_job_merge, cx_slot_job_ready, cx_slot_job_finish,
    cx_slot_job_release};

#define BAR_CHARS 16

/* The promoter/passive/detractor shares, and the split as a bar of '+',
 * '.' and '-'. */
static void text_extra(const struct cx_metric_result *m, char *buf,
                       size_t size)
{
    const struct cx_value *pv = cx_result_value(m, "promoters_pct");
    const struct cx_value *dv = cx_result_value(m, "detractors_pct");
    char p[16], pa[16], d[16], bar[BAR_CHARS + 3] = "";
    cx_value_format(pv, "%.1f", p, sizeof p);
    cx_value_format(cx_result_value(m, "passives_pct"), "%.1f", pa,
                    sizeof pa);
    cx_value_format(dv, "%.1f", d, sizeof d);
    if (pv->kind == CX_V_REAL && dv->kind == CX_V_REAL) {
        int np = (int)lround(pv->u.real * BAR_CHARS / 100);
        int nd = (int)lround(dv->u.real * BAR_CHARS / 100);
        if (np + nd > BAR_CHARS)
            nd = BAR_CHARS - np;
        int i = 0;
        bar[i++] = '[';
        for (int k = 0; k < BAR_CHARS; k++)
            bar[i++] = k < np ? '+' : k >= BAR_CHARS - nd ? '-' : '.';
        bar[i++] = ']';
        bar[i] = '\0';
    }
    snprintf(buf, size, "%5s/%5s/%5s %s", p, pa, d, bar);
}

/* Its own options (see registry.h). */
static const char *const options[] = {
    "confidence", "labels", "weight", "threads", NULL};

static const struct cx_field_def fields[] = {
    CX_F_COUNT(n), CX_F_COUNT(promoters), CX_F_COUNT(passives),
    CX_F_COUNT(detractors), CX_F_REAL(promoters_pct, "percent"),
    CX_F_REAL(passives_pct, "percent"), CX_F_REAL(detractors_pct, "percent"),
    CX_F_REAL(value, "points"), CX_F_REAL(margin, "points"),
    CX_F_REAL(ci_low, "points"), CX_F_REAL(ci_high, "points"),
    CX_F_COUNT(missing), CX_F_COUNT(invalid), CX_F_REAL(weighted_n, "weight"),
    CX_F_REAL(effective_n, "count"), CX_F_END};

const struct cx_metric_def cx_nps_metric = {
    .name = "nps", .table = CX_TABLE_SURVEY, .options = options,
    .summary = "Net Promoter Score (0-10 scale)", .fields = fields,
    .text = {"NPS (-100..100)", "%.1f", "  P%/ Pa%/  D%", text_extra},
    .job = &job, .state = {"nps", state_fields, NULL, NULL, NULL},
    .finish = finish_state};
