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

/* Accumulators of all three metrics for one scope (overall or a group). */
struct accs {
    struct cx_nps_acc nps;
    struct cx_csat_acc csat;
    struct cx_ces_acc ces;
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
            cx_nps_add(&a->nps, col->v.score[r], 1.0);
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

/* Finish one scope's accumulators into results, in nps, csat, ces order. */
static size_t finish(const struct accs *a, const struct cols *c,
                     const struct cx_run_options *o,
                     struct cx_metric_result *out)
{
    size_t n = 0;
    if (c->nps >= 0) {
        struct cx_nps_opts no = {c->weight >= 0, o->z};
        cx_nps_finish(&a->nps, &no, &out[n++]);
    }
    if (c->csat >= 0)
        cx_csat_finish(&a->csat, &o->csat, &out[n++]);
    if (c->ces >= 0)
        cx_ces_finish(&a->ces, &o->ces, &out[n++]);
    return n;
}

enum cx_status cx_app_survey(const struct cx_run_options *o,
                             struct cx_input_stats *stats,
                             struct cx_report *rep, struct cx_error *err)
{
    struct cx_table t;
    struct cols c;
    struct cx_grouping g = {0};
    struct accs *groups = NULL;
    struct accs all;
    memset(&all, 0, sizeof all);
    if (cx_table_init(&t, CX_TABLE_SURVEY) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    enum cx_status st = setup_table(&t, o, &c, err);
    if (st == CX_OK)
        st = cx_app_load(&t, o, stats, err);
    if (st == CX_OK && o->report) {
        /* In `report`, a survey metric whose column is absent is left
         * out rather than an error. */
        long *metric_cols[] = {&c.nps, &c.csat, &c.ces};
        for (size_t i = 0; i < 3; i++)
            if (*metric_cols[i] >= 0 && !t.cols[*metric_cols[i]].found)
                *metric_cols[i] = -1;
    }
    if (st == CX_OK)
        st = cx_app_group(&g, rep, &t, c.by, o, o->period, c.date, err);
    if (st != CX_OK)
        goto done;
    groups = cx_calloc(g.ngroups ? g.ngroups : 1, sizeof *groups);
    if (!groups) {
        st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        goto done;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        add_row(&all, &t, &c, o, r);
        if (g.ngroups)
            add_row(&groups[g.row_group[r]], &t, &c, o, r);
    }
    cx_app_describe(rep, o, stats);
    rep->noverall = finish(&all, &c, o, rep->overall);
    for (size_t i = 0; i < g.ngroups; i++) {
        rep->groups[i].nmetrics = finish(&groups[i], &c, o,
                                         rep->groups[i].metrics);
        cx_app_suppress(&rep->groups[i], o->min_n);
    }
done:
    cx_free(groups);
    cx_group_release(&g);
    cx_table_release(&t);
    return st;
}
