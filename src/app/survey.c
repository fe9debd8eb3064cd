/* survey.c - `cxcalc nps|csat|ces`: inputs -> table -> groups ->
 * accumulators -> report (see app.h). */
#include <string.h>

#include "common.h"

#include "cxcalc/alloc.h"
#include "cxcalc/cell.h"
#include "cxcalc/group.h"
#include "cxcalc/stats.h"

void cx_run_options_init(struct cx_run_options *o)
{
    memset(o, 0, sizeof *o);
    o->z = cx_z_for_confidence(0.95);
    cx_csat_scale("1-5", &o->csat);
    o->csat.z = o->z;
    o->ces.scale_hi = 7;
    o->ces.z = o->z;
    o->fcr_window_ms = CX_DEFAULT_FCR_WINDOW_MS;
    o->clv.margin = 1;
    o->unit_days = 7;
    o->horizon_steps = 12;
    o->step_days = 30.4375;
    o->horizon = "12m";
}

/* Accumulators of all three metrics for one scope (overall or a group):
 * NPS last, so that the counts every row touches share cache lines and
 * the exact sums of weighted runs come after them. */
struct accs {
    struct cx_csat_acc csat;
    struct cx_ces_acc ces;
    struct cx_nps_acc nps;
};

/* Table columns the survey metrics read (-1: not used). */
struct cols {
    long nps, csat, ces, weight, date;
    size_t by[CX_MAX_BY];
};

static enum cx_status setup_table(struct cx_table *t,
                                  const struct cx_run_options *o,
                                  struct cols *c, struct cx_error *err)
{
    c->nps = c->csat = c->ces = c->weight = c->date = -1;
    if (o->metrics & CX_METRIC_NPS)
        c->nps = cx_table_add(t, &(struct cx_colspec){
            NULL, CX_ROLE_NPS, CX_KIND_SCORE, 0, 10, !o->report});
    if (o->metrics & CX_METRIC_CSAT)
        c->csat = cx_table_add(t, &(struct cx_colspec){
            NULL, CX_ROLE_CSAT, CX_KIND_SCORE, o->csat.scale_lo,
            o->csat.scale_hi, !o->report});
    if (o->metrics & CX_METRIC_CES)
        c->ces = cx_table_add(t, &(struct cx_colspec){
            NULL, CX_ROLE_CES, CX_KIND_SCORE, 1, o->ces.scale_hi,
            !o->report});
    if (o->weight && (o->metrics & CX_METRIC_NPS))
        c->weight = cx_table_add(t, &(struct cx_colspec){
            NULL, CX_ROLE_WEIGHT, CX_KIND_NONNEG, 0, 0, true});
    /* --since/--until need a date in every table; in `report`, --period
     * leaves a table without one out of the periods. */
    if (o->period != CX_PERIOD_NONE || o->load.has_since
        || o->load.has_until)
        c->date = cx_table_add(t, &(struct cx_colspec){
            NULL, CX_ROLE_DATE, CX_KIND_TIME, 0, 0,
            o->load.has_since || o->load.has_until || !o->report});
    if (o->nby > sizeof c->by / sizeof c->by[0])
        return cx_error_set(err, CX_ERR_USAGE, NULL,
                            "too many --by columns (at most 63)");
    for (size_t k = 0; k < o->nby; k++) {
        long col = cx_table_add(t, &(struct cx_colspec){
            o->by[k], CX_ROLE_COUNT, CX_KIND_DIM, 0, 0, !o->report});
        if (col < 0)
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        c->by[k] = (size_t)col;
    }
    if ((o->metrics & CX_METRIC_NPS && c->nps < 0)
        || (o->metrics & CX_METRIC_CSAT && c->csat < 0)
        || (o->metrics & CX_METRIC_CES && c->ces < 0)
        || (o->weight && o->metrics & CX_METRIC_NPS && c->weight < 0)
        || ((o->period || o->load.has_since || o->load.has_until)
            && c->date < 0))
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    return CX_OK;
}

/* Add row r of t to one scope's accumulators. */
static void add_row(struct accs *a, const struct cx_table *t,
                    const struct cols *c, const struct cx_run_options *o,
                    size_t r)
{
    if (c->nps >= 0) {
        const struct cx_column *col = &t->cols[c->nps];
        if (col->state[r] == CX_CELL_MISSING) {
            a->nps.missing++;
        } else if (col->state[r] == CX_CELL_INVALID) {
            a->nps.invalid++;
        } else if (c->weight >= 0) {
            const struct cx_column *w = &t->cols[c->weight];
            /* A valid score needs a valid weight (SPEC §3). */
            if (w->state[r] != CX_CELL_OK)
                a->nps.invalid++;
            else
                cx_nps_add(&a->nps, col->v.score[r], w->v.num[r]);
        } else {
            cx_nps_count(&a->nps, col->v.score[r]);
        }
    }
    if (c->csat >= 0) {
        const struct cx_column *col = &t->cols[c->csat];
        if (col->state[r] == CX_CELL_MISSING)
            a->csat.missing++;
        else if (col->state[r] == CX_CELL_INVALID)
            a->csat.invalid++;
        else
            cx_csat_add(&a->csat, &o->csat, col->v.score[r]);
    }
    if (c->ces >= 0) {
        const struct cx_column *col = &t->cols[c->ces];
        if (col->state[r] == CX_CELL_MISSING)
            a->ces.missing++;
        else if (col->state[r] == CX_CELL_INVALID)
            a->ces.invalid++;
        else
            cx_ces_add(&a->ces, &o->ces, col->v.score[r]);
    }
}

/* Finish one scope's accumulators into states and results, in nps,
 * csat, ces order. */
static size_t finish(const struct accs *a, const struct cols *c,
                     const struct cx_run_options *o,
                     struct cx_metric_result *out, struct cx_mstate *st)
{
    size_t n = 0;
    if (c->nps >= 0)
        st[n++] = (struct cx_mstate){.kind = CX_MK_NPS, .u.nps = a->nps};
    if (c->csat >= 0)
        st[n++] = (struct cx_mstate){.kind = CX_MK_CSAT, .u.csat = a->csat};
    if (c->ces >= 0)
        st[n++] = (struct cx_mstate){.kind = CX_MK_CES, .u.ces = a->ces};
    struct cx_finish_opts fo;
    cx_app_finish_opts(o, &fo);
    fo.nps_weighted = c->weight >= 0;
    for (size_t i = 0; i < n; i++)
        cx_mstate_finish(&st[i], &fo, NULL, &out[i]);
    return n;
}

/* One part of the input (all of it, unless a large file is parsed in
 * parts at once): its table, and what its rows added up to so far, per
 * overall and per slot of the grouper. */
struct part {
    const struct cx_run_options *o;
    struct cx_table t;
    struct cols c;
    bool grouped;
    struct cx_grouper gr;
    struct accs all;
    struct accs *slots;
    size_t nslots;          /* allocated (zeroed) */
};

/* The chunk sink: add the table's rows to the part's accumulators. */
static enum cx_status add_chunk(void *ctx, struct cx_table *t,
                                struct cx_error *err)
{
    struct part *p = ctx;
    for (size_t r = 0; r < t->nrows; r++) {
        add_row(&p->all, t, &p->c, p->o, r);
        if (!p->grouped)
            continue;
        long s = cx_grouper_row(&p->gr, t, p->c.by, p->c.date, r);
        if (s < 0)
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        if ((size_t)s >= p->nslots) {
            size_t old = p->nslots;
            if (cx_grow((void **)&p->slots, &p->nslots, (size_t)s + 1,
                        sizeof *p->slots, 64))
                return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                    "out of memory");
            memset(p->slots + old, 0, (p->nslots - old) * sizeof *p->slots);
        }
        add_row(&p->slots[s], t, &p->c, p->o, r);
    }
    return CX_OK;
}

static void merge_accs(struct accs *into, const struct accs *from)
{
    cx_nps_merge(&into->nps, &from->nps);
    cx_csat_merge(&into->csat, &from->csat);
    cx_ces_merge(&into->ces, &from->ces);
}

static enum cx_status part_init(struct part *p, const struct cx_run_options *o,
                                struct cx_error *err)
{
    memset(p, 0, sizeof *p);
    p->o = o;
    if (cx_table_init(&p->t, CX_TABLE_SURVEY) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    enum cx_status st = setup_table(&p->t, o, &p->c, err);
    if (st != CX_OK)
        return st;
    enum cx_period period = p->c.date >= 0 ? o->period : CX_PERIOD_NONE;
    p->grouped = o->nby || period != CX_PERIOD_NONE;
    if (cx_grouper_init(&p->gr, o->nby, period) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    return CX_OK;
}

static void part_release(struct part *p)
{
    cx_free(p->slots);
    cx_grouper_release(&p->gr);
    cx_table_release(&p->t);
}

/* Add part q's accumulators to part p's, its keys translated to p's
 * strings. */
static enum cx_status merge_part(struct part *p, const struct part *q,
                                 struct cx_error *err)
{
    merge_accs(&p->all, &q->all);
    uint32_t key[CX_MAX_GROUP_KEYS + 2];
    for (size_t s = 0; s < q->gr.nslots_used; s++) {
        const uint32_t *qk = q->gr.keys + s * q->gr.width;
        for (size_t k = 0; k < q->gr.width; k++) {
            key[k] = qk[k];
            if (k < q->gr.nby) {
                size_t len;
                const char *str = cx_intern_get(&q->t.strings, qk[k], &len);
                if (cx_intern_put(&p->t.strings, str, len, &key[k]) != 0)
                    return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                        "out of memory");
            }
        }
        long ps = cx_grouper_key(&p->gr, key);
        if (ps < 0)
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        if ((size_t)ps >= p->nslots) {
            size_t old = p->nslots;
            if (cx_grow((void **)&p->slots, &p->nslots, (size_t)ps + 1,
                        sizeof *p->slots, 64))
                return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                    "out of memory");
            memset(p->slots + old, 0, (p->nslots - old) * sizeof *p->slots);
        }
        merge_accs(&p->slots[ps], &q->slots[s]);
    }
    return CX_OK;
}

#define MAX_SURVEY_PARTS 16

enum cx_status cx_app_survey(const struct cx_run_options *o,
                             struct cx_input_stats *stats,
                             struct cx_report *rep, struct cx_error *err)
{
    /* Weighted NPS sums doubles, whose rounding depends on the order of
     * the rows: read in order then. */
    size_t nparts = o->weight ? 1 : cx_app_threads(o);
    if (nparts > MAX_SURVEY_PARTS)
        nparts = MAX_SURVEY_PARTS;
    struct part *parts = cx_calloc(nparts, sizeof *parts);
    struct cx_load_part lp[MAX_SURVEY_PARTS];
    struct cx_grouping g = {0};
    uint32_t *rank = NULL;
    struct accs *groups = NULL;
    size_t ninit = 0;
    enum cx_status st = CX_OK;
    if (!parts)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    for (; ninit < nparts && st == CX_OK; ninit++) {
        st = part_init(&parts[ninit], o, err);
        lp[ninit] = (struct cx_load_part){&parts[ninit].t, &parts[ninit]};
    }
    if (st == CX_OK)
        st = cx_app_load_parts(lp, nparts, add_chunk, o, stats, err);
    for (size_t k = 1; k < nparts && st == CX_OK; k++)
        st = merge_part(&parts[0], &parts[k], err);
    struct part *p = &parts[0];
    struct cols c = p->c;
    if (st == CX_OK && o->report) {
        /* In `report`, a survey metric whose column is absent is left
         * out rather than an error. */
        long *metric_cols[] = {&c.nps, &c.csat, &c.ces};
        for (size_t i = 0; i < 3; i++)
            if (*metric_cols[i] >= 0 && !p->t.cols[*metric_cols[i]].found)
                *metric_cols[i] = -1;
    }
    if (st == CX_OK && p->grouped) {
        rank = cx_calloc(p->gr.nslots_used ? p->gr.nslots_used : 1,
                         sizeof *rank);
        if (!rank)
            st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        else
            st = cx_app_group_slots(&g, rep, &p->t, c.by, &p->gr, rank, o,
                                    o->period, c.date, err);
    }
    if (st != CX_OK)
        goto done;
    groups = cx_calloc(g.ngroups ? g.ngroups : 1, sizeof *groups);
    if (!groups) {
        st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        goto done;
    }
    for (size_t s = 0; g.ngroups && s < p->gr.nslots_used; s++)
        merge_accs(&groups[rank[s]], &p->slots[s]);
    cx_app_describe(rep, o, stats);
    rep->noverall = finish(&p->all, &c, o, rep->overall, rep->overall_state);
    for (size_t i = 0; i < g.ngroups; i++) {
        struct cx_report_group *rg = &rep->groups[i];
        if (cx_report_group_room(rep, rg, rep->noverall) != 0) {
            st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
            goto done;
        }
        rg->nmetrics = finish(&groups[i], &c, o, rg->metrics, rg->state);
        cx_app_suppress(rg, o->min_n);
    }
done:
    cx_free(groups);
    cx_free(rank);
    cx_group_release(&g);
    for (size_t k = 0; k < ninit; k++)
        part_release(&parts[k]);
    cx_free(parts);
    return st;
}
