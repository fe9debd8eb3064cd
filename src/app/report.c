/* report.c - `cxcalc report`: run the command of each table kind given,
 * then put their overall metrics side by side and merge their groups by
 * key (see app.h). */
#include <stdlib.h>
#include <string.h>

#include "common.h"

#include "util/alloc.h"
#include "util/sort.h"

/* Every metric of the registry that reads tables of `kind`. */
static unsigned kind_metrics(enum cx_table_kind kind)
{
    unsigned bits = 0;
    for (size_t i = 0; i < cx_metric_count(); i++)
        if (cx_metric_at(i)->table == kind)
            bits |= cx_metric_bit(cx_metric_at(i));
    return bits;
}

static enum cx_status run_kind(enum cx_table_kind kind,
                               const struct cx_run_options *o,
                               struct cx_input_stats *stats,
                               struct cx_report *sub, struct cx_error *err)
{
    switch (kind) {
    case CX_TABLE_SURVEY:
    case CX_TABLE_INTERACTIONS: return cx_app_run(o, kind, stats, sub, err);
    case CX_TABLE_CUSTOMERS: return cx_app_customers(o, stats, sub, err);
    default:
        return cx_error_set(err, CX_ERR_USAGE, NULL,
                            "transactions tables are not supported yet");
    }
}

/* Which table a group came from, by its first metric's place in the
 * registry (survey, interactions, customers). */
static size_t table_rank(const struct cx_report_group *g)
{
    return g->nmetrics ? cx_metric_rank(g->metrics[0].metric)
                       : cx_metric_count();
}

/* The sort order: by key (ctx: the number of --by columns), and for equal
 * keys by table (the sort is not stable). */
static int cmp_groups(const void *pa, const void *pb, void *ctx)
{
    const struct cx_report_group *a =
        *(const struct cx_report_group *const *)pa;
    const struct cx_report_group *b =
        *(const struct cx_report_group *const *)pb;
    int c = cx_app_cmp_keys(a, b, *(const size_t *)ctx);
    if (c)
        return c;
    size_t ra = table_rank(a), rb = table_rank(b);
    return (ra > rb) - (ra < rb);
}

/* Metrics in registry order, as states and merges keep them: the tables'
 * runs give them table by table (st: their states, or NULL). */
static void registry_order(struct cx_metric_result *m, struct cx_mstate *st,
                           size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && cx_metric_rank(m[k - 1].metric)
                                        > cx_metric_rank(m[k].metric);
             k--) {
            struct cx_metric_result tm = m[k];
            m[k] = m[k - 1];
            m[k - 1] = tm;
            if (st) {
                struct cx_mstate ts = st[k];
                st[k] = st[k - 1];
                st[k - 1] = ts;
            }
        }
}

/* Append sub's groups (their texts, results and states copied) to all[]. */
static enum cx_status take_groups(struct cx_report *rep, size_t nby,
                                  const struct cx_report *sub,
                                  struct cx_report_group **all, size_t *n,
                                  size_t *cap, struct cx_error *err)
{
    for (size_t i = 0; i < sub->ngroups; i++) {
        if (cx_grow((void **)all, cap, *n + 1, sizeof **all, 16))
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        const struct cx_report_group *from = &sub->groups[i];
        struct cx_report_group *g = &(*all)[(*n)++];
        memset(g, 0, sizeof *g);
        g->absent = from->absent;
        g->period = from->period;
        g->key = cx_arena_alloc(&rep->arena, (nby ? nby : 1) * sizeof *g->key);
        if (!g->key || !cx_report_keep(rep, &g->period)
            || cx_report_group_room(rep, g, from->nmetrics) != 0)
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        memcpy(g->metrics, from->metrics, from->nmetrics * sizeof *g->metrics);
        if (g->state && from->state)
            memcpy(g->state, from->state, from->nmetrics * sizeof *g->state);
        g->nmetrics = from->nmetrics;
        if (g->state && !cx_report_keep_sketches(rep, g->state, g->nmetrics))
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        for (size_t k = 0; k < nby; k++) {
            g->key[k] = from->key[k];
            if (!cx_report_keep(rep, &g->key[k]))
                return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                    "out of memory");
        }
    }
    return CX_OK;
}

enum cx_status cx_app_report(const struct cx_run_options *o,
                             struct cx_input_stats *stats,
                             struct cx_report *rep, struct cx_error *err)
{
    struct cx_report_group *all = NULL;
    size_t nall = 0, cap = 0, ninputs = 0;
    enum cx_status st = CX_OK;
    rep->no_states = !o->m.partial;
    for (int k = 0; k < CX_TABLE_KIND_COUNT && st == CX_OK; k++) {
        if (!o->table_nfiles[k])
            continue;
        struct cx_run_options sub_o = *o;
        sub_o.files = o->table_files[k];
        sub_o.nfiles = o->table_nfiles[k];
        sub_o.metrics = kind_metrics((enum cx_table_kind)k);
        sub_o.m.report = true;
        struct cx_report sub;
        cx_report_init(&sub);
        st = run_kind((enum cx_table_kind)k, &sub_o, stats + ninputs, &sub,
                      err);
        if (st == CX_OK && rep->noverall + sub.noverall > CX_MAX_METRICS)
            st = cx_error_set(err, CX_ERR_USAGE, NULL, "too many metrics");
        if (st == CX_OK) {
            memcpy(rep->overall + rep->noverall, sub.overall,
                   sub.noverall * sizeof *sub.overall);
            memcpy(rep->overall_state + rep->noverall, sub.overall_state,
                   sub.noverall * sizeof *sub.overall_state);
            if (!cx_report_keep_sketches(
                    rep, rep->overall_state + rep->noverall, sub.noverall))
                st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
            rep->noverall += sub.noverall;
            if (st == CX_OK)
                st = take_groups(rep, o->nby, &sub, &all, &nall, &cap, err);
        }
        cx_report_release(&sub);
        ninputs += o->table_nfiles[k];
    }
    struct cx_report_group **order = NULL, *out = NULL;
    if (st == CX_OK && nall) {
        order = cx_malloc(nall * sizeof *order);
        out = cx_malloc(nall * sizeof *out);
        if (!order || !out)
            st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    }
    if (st == CX_OK) {
        size_t nby = o->nby;
        for (size_t i = 0; i < nall; i++)
            order[i] = &all[i];
        cx_sort(order, nall, sizeof *order, cmp_groups, &nby);
        /* Groups of different tables with the same key become one. */
        size_t n = 0;
        for (size_t i = 0; i < nall; i++) {
            const struct cx_report_group *g = order[i];
            struct cx_report_group *last = n ? &out[n - 1] : NULL;
            if (last && cx_app_cmp_keys(last, g, o->nby) == 0
                && last->nmetrics + g->nmetrics <= CX_MAX_METRICS) {
                if (cx_report_group_room(rep, last,
                                         last->nmetrics + g->nmetrics) != 0) {
                    st = cx_error_set(err, CX_ERR_NOMEM, NULL,
                                      "out of memory");
                    break;
                }
                memcpy(last->metrics + last->nmetrics, g->metrics,
                       g->nmetrics * sizeof *g->metrics);
                if (last->state && g->state)
                    memcpy(last->state + last->nmetrics, g->state,
                           g->nmetrics * sizeof *g->state);
                last->nmetrics += g->nmetrics;
            } else {
                out[n++] = *g;  /* its arrays are in rep's arena */
            }
        }
        cx_free(rep->groups);
        rep->groups = out;
        rep->ngroups = n;
        out = NULL;
        registry_order(rep->overall, rep->overall_state, rep->noverall);
        for (size_t i = 0; i < n; i++)
            registry_order(rep->groups[i].metrics, rep->groups[i].state,
                           rep->groups[i].nmetrics);
        rep->inputs = stats;
        rep->ninputs = ninputs;
        rep->by_names = o->by;
        rep->nby = o->nby;
        rep->has_period = o->m.period != CX_PERIOD_NONE;
        cx_app_describe_dates(rep, o);
    }
    cx_free(out);
    cx_free(order);
    cx_free(all);
    return st;
}
