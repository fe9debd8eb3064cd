/* report.c - `cxcalc report`: run the command of each table kind given,
 * then put their overall metrics side by side and merge their groups by
 * key (see app.h). */
#include <stdlib.h>
#include <string.h>

#include "common.h"

#include "cxcalc/alloc.h"

static const unsigned kind_metrics[CX_TABLE_KIND_COUNT] = {
    CX_METRIC_NPS | CX_METRIC_CSAT | CX_METRIC_CES,
    CX_METRIC_AHT | CX_METRIC_FCR,
    CX_METRIC_CHURN | CX_METRIC_CLV,
    0};

static enum cx_status run_kind(enum cx_table_kind kind,
                               const struct cx_run_options *o,
                               struct cx_input_stats *stats,
                               struct cx_report *sub, struct cx_error *err)
{
    switch (kind) {
    case CX_TABLE_SURVEY: return cx_app_survey(o, stats, sub, err);
    case CX_TABLE_INTERACTIONS: return cx_app_interactions(o, stats, sub, err);
    case CX_TABLE_CUSTOMERS: return cx_app_customers(o, stats, sub, err);
    default:
        return cx_error_set(err, CX_ERR_USAGE, NULL,
                            "transactions tables are not supported yet");
    }
}

/* Group order across tables: period (none first), then each --by key in
 * turn: not in the key, then null, then text bytewise. */
static size_t sort_nby;

static int cmp_text(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int cmp_keys(const struct cx_report_group *a,
                    const struct cx_report_group *b)
{
    int pa = !(a->absent & CX_ABSENT_PERIOD), pb = !(b->absent & CX_ABSENT_PERIOD);
    if (pa != pb)
        return pa - pb;
    int c = cmp_text(a->period, b->period);
    if (c)
        return c;
    for (size_t k = 0; k < sort_nby; k++) {
        int xa = a->absent >> k & 1;
        int xb = b->absent >> k & 1;
        if (xa != xb)
            return xb - xa;
        if (!xa && (c = cmp_text(a->key[k], b->key[k])) != 0)
            return c;
    }
    return 0;
}

/* Which table a group came from, by its first metric: survey,
 * interactions, customers. */
static int table_rank(const struct cx_report_group *g)
{
    static const char *const order[] = {"nps", "csat", "ces", "aht", "fcr",
                                        "churn", "clv"};
    for (int i = 0; g->nmetrics && i < 7; i++)
        if (strcmp(g->metrics[0].metric, order[i]) == 0)
            return i;
    return 7;
}

/* The sort order: by key, and for equal keys by table (qsort is not
 * stable). */
static int cmp_groups(const void *pa, const void *pb)
{
    const struct cx_report_group *a = pa, *b = pb;
    int c = cmp_keys(a, b);
    return c ? c : table_rank(a) - table_rank(b);
}

/* Copy s into the report (NULL stays NULL); false when out of memory. */
static bool keep(struct cx_report *rep, const char **s)
{
    if (!*s)
        return true;
    *s = cx_report_strdup(rep, *s, strlen(*s));
    return *s != NULL;
}

/* Append sub's groups (their texts copied) to all[]. */
static enum cx_status take_groups(struct cx_report *rep, size_t nby,
                                  const struct cx_report *sub,
                                  struct cx_report_group **all, size_t *n,
                                  size_t *cap, struct cx_error *err)
{
    for (size_t i = 0; i < sub->ngroups; i++) {
        if (cx_grow((void **)all, cap, *n + 1, sizeof **all, 16))
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        struct cx_report_group *g = &(*all)[(*n)++];
        *g = sub->groups[i];
        g->key = cx_arena_alloc(&rep->arena, (nby ? nby : 1) * sizeof *g->key);
        if (!g->key || !keep(rep, &g->period))
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        for (size_t k = 0; k < nby; k++) {
            g->key[k] = sub->groups[i].key[k];
            if (!keep(rep, &g->key[k]))
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
    for (int k = 0; k < CX_TABLE_KIND_COUNT && st == CX_OK; k++) {
        if (!o->table_nfiles[k])
            continue;
        struct cx_run_options sub_o = *o;
        sub_o.files = o->table_files[k];
        sub_o.nfiles = o->table_nfiles[k];
        sub_o.metrics = kind_metrics[k];
        sub_o.report = true;
        struct cx_report sub;
        cx_report_init(&sub);
        st = run_kind((enum cx_table_kind)k, &sub_o, stats + ninputs, &sub,
                      err);
        if (st == CX_OK && rep->noverall + sub.noverall > CX_MAX_METRICS)
            st = cx_error_set(err, CX_ERR_USAGE, NULL, "too many metrics");
        if (st == CX_OK) {
            memcpy(rep->overall + rep->noverall, sub.overall,
                   sub.noverall * sizeof *sub.overall);
            rep->noverall += sub.noverall;
            st = take_groups(rep, o->nby, &sub, &all, &nall, &cap, err);
        }
        cx_report_release(&sub);
        ninputs += o->table_nfiles[k];
    }
    if (st == CX_OK) {
        sort_nby = o->nby;
        if (nall)
            qsort(all, nall, sizeof *all, cmp_groups);
        /* Groups of different tables with the same key become one. */
        size_t n = 0;
        for (size_t i = 0; i < nall; i++) {
            if (n && cmp_keys(&all[n - 1], &all[i]) == 0
                && all[n - 1].nmetrics + all[i].nmetrics <= CX_MAX_METRICS) {
                memcpy(all[n - 1].metrics + all[n - 1].nmetrics,
                       all[i].metrics, all[i].nmetrics * sizeof *all->metrics);
                all[n - 1].nmetrics += all[i].nmetrics;
            } else {
                all[n++] = all[i];
            }
        }
        cx_free(rep->groups);
        rep->groups = all;
        rep->ngroups = n;
        all = NULL;
        rep->inputs = stats;
        rep->ninputs = ninputs;
        rep->by_names = o->by;
        rep->nby = o->nby;
        rep->has_period = o->period != CX_PERIOD_NONE;
    }
    cx_free(all);
    return st;
}
