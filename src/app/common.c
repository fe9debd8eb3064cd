/* common.c - steps shared by the commands (see common.h). */
#include "common.h"

#include <string.h>
#include <unistd.h>

#include "util/alloc.h"

enum cx_status cx_app_load_parts(const struct cx_load_part *parts,
                                 size_t nparts, cx_app_chunk_fn chunk,
                                 const struct cx_run_options *o,
                                 struct cx_input_stats *stats,
                                 struct cx_error *err)
{
    static const char *const stdin_only[] = {"-"};
    const char *const *files = o->nfiles ? o->files : stdin_only;
    size_t nfiles = o->nfiles ? o->nfiles : 1;

    struct cx_load_options lo = o->load;
    struct cx_col_override *ov = cx_calloc(lo.noverrides + 1, sizeof *ov);
    bool *where_found = cx_calloc(lo.nwhere + 1, sizeof *where_found);
    if (!ov || !where_found) {
        cx_free(ov);
        cx_free(where_found);
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    }
    if (lo.noverrides)
        memcpy(ov, lo.overrides, lo.noverrides * sizeof *ov);
    if (o->m.weight)      /* --weight COL is an override of the weight role */
        ov[lo.noverrides++] = (struct cx_col_override){
            true, CX_TABLE_SURVEY, CX_ROLE_WEIGHT, o->m.weight};
    lo.overrides = ov;
    lo.where_found = where_found;
    lo.ces_low_is_easy = o->m.ces.low_is_easy;
    if (chunk) {
        lo.chunk = chunk;
        lo.chunk_rows = 16384;
        lo.chunk_ctx = parts[0].chunk_ctx;
    }

    enum cx_status st = CX_OK;
    for (size_t i = 0; i < nfiles && st == CX_OK; i++) {
        const char *path = files[i];
        const char *display = strcmp(path, "-") == 0 ? "<stdin>" : path;
        bool last = i + 1 == nfiles;
        memset(&stats[i], 0, sizeof stats[i]);
        stats[i].path = path;
        st = CX_DONE;
        if (chunk && nparts > 1)
            st = cx_load_file_parts(parts, nparts, path, display, &lo, last,
                                    &stats[i], err);
        if (st == CX_DONE)
            st = cx_load_file(parts[0].t, path, display, &lo, last,
                              &stats[i], err);
    }
    cx_free(ov);
    cx_free(where_found);
    if (st == CX_OK)
        st = cx_app_check_invalid(parts, nparts, o, err);
    return st;
}

enum cx_status cx_app_load(struct cx_table *t, const struct cx_run_options *o,
                           struct cx_input_stats *stats,
                           struct cx_error *err)
{
    struct cx_load_part one = {t, NULL};
    return cx_app_load_parts(&one, 1, NULL, o, stats, err);
}

void cx_run_options_init(struct cx_run_options *o)
{
    memset(o, 0, sizeof *o);
    cx_metric_opts_init(&o->m);
    o->unit_days = 7;
    o->horizon_steps = 12;
    o->step_days = 30.4375;
    o->horizon = "12m";
    o->max_invalid = 0.5;
}

size_t cx_app_threads(const struct cx_run_options *o)
{
    if (o->threads)
        return o->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 16 ? 16 : (size_t)n;
}

/* Which --by columns and period a grouping of t uses: used[] the key
 * positions (k of o->by) some input had; absent the bits of the others. */
static enum cx_period used_keys(const struct cx_table *t,
                                const size_t *by_cols,
                                const struct cx_run_options *o,
                                enum cx_period period, long date_col,
                                size_t *used, size_t *nused,
                                uint64_t *absent)
{
    *nused = 0;
    *absent = 0;
    if (period != CX_PERIOD_NONE && o->m.report
        && (date_col < 0 || !t->cols[date_col].found)) {
        /* `report`: this table has no date, so no period in its keys. */
        period = CX_PERIOD_NONE;
        *absent |= CX_ABSENT_PERIOD;
    }
    for (size_t k = 0; k < o->nby && k < CX_MAX_BY; k++) {
        if (t->cols[by_cols[k]].found)
            used[(*nused)++] = k;
        else
            *absent |= UINT64_C(1) << k;
    }
    return period;
}

/* Size rep->groups to g and fill each group's key texts and period. */
static enum cx_status report_groups(struct cx_report *rep,
                                    const struct cx_grouping *g,
                                    const struct cx_table *t,
                                    const struct cx_run_options *o,
                                    enum cx_period period, uint64_t absent,
                                    size_t nused, struct cx_error *err)
{
    if (cx_report_groups(rep, g->ngroups) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < g->ngroups; i++) {
        struct cx_report_group *rg = &rep->groups[i];
        rg->absent = absent;
        rg->key = cx_arena_alloc(&rep->arena,
                                 (o->nby ? o->nby : 1) * sizeof *rg->key);
        if (!rg->key)
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        for (size_t k = 0, e = 0; k < o->nby; k++) {
            rg->key[k] = NULL;
            if (absent & (UINT64_C(1) << k))
                continue;
            uint32_t id = g->keys[i * nused + e++];
            size_t len;
            const char *s = cx_intern_get(&t->strings, id, &len);
            if (id && !(rg->key[k] = cx_report_strdup(rep, s, len)))
                return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                    "out of memory");
        }
        if (period != CX_PERIOD_NONE
            && g->period_code[i] != CX_PERIOD_NULL) {
            char buf[32];
            cx_period_format(period, g->period_code[i], buf, sizeof buf);
            rg->period = cx_report_strdup(rep, buf, strlen(buf));
            if (!rg->period)
                return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                    "out of memory");
        }
    }
    return CX_OK;
}

enum cx_status cx_app_group_slots(struct cx_grouping *g,
                                  struct cx_report *rep,
                                  const struct cx_app_keys *k,
                                  const struct cx_grouper *gr, uint32_t *rank,
                                  const struct cx_run_options *o,
                                  struct cx_error *err)
{
    const struct cx_table *t = k->t;
    size_t used[CX_MAX_BY], nused;
    uint64_t absent;
    enum cx_period period = used_keys(t, k->by_cols, o, k->period,
                                      k->date_col, used, &nused, &absent);
    memset(g, 0, sizeof *g);
    g->nby = nused;
    g->period = period;
    if (nused == 0 && period == CX_PERIOD_NONE)
        return CX_OK;   /* none of the keys in this table: no groups, as
                           cx_group_build gives */
    enum cx_status st = cx_grouper_finish(gr, &t->strings, used, nused,
                                          period != CX_PERIOD_NONE, g, rank,
                                          err);
    if (st != CX_OK)
        return st;
    return report_groups(rep, g, t, o, period, absent, nused, err);
}

enum cx_status cx_app_group(struct cx_grouping *g, struct cx_report *rep,
                            const struct cx_app_keys *k,
                            const struct cx_run_options *o,
                            struct cx_error *err)
{
    const struct cx_table *t = k->t;
    size_t used[CX_MAX_BY], cols[CX_MAX_BY], nused;
    uint64_t absent;
    enum cx_period period = used_keys(t, k->by_cols, o, k->period,
                                      k->date_col, used, &nused, &absent);
    for (size_t i = 0; i < nused; i++)
        cols[i] = k->by_cols[used[i]];
    enum cx_status st = cx_group_build(g, t, cols, nused, period,
                                       o->m.zone, k->date_col, err);
    if (st != CX_OK)
        return st;
    return report_groups(rep, g, t, o, period, absent, nused, err);
}

void cx_app_describe(struct cx_report *rep, const struct cx_run_options *o,
                     const struct cx_input_stats *stats)
{
    rep->inputs = stats;
    rep->ninputs = o->nfiles ? o->nfiles : 1;
    rep->by_names = o->by;
    rep->nby = o->nby;
    rep->has_period = o->m.period != CX_PERIOD_NONE;
    cx_app_describe_dates(rep, o);
}

void cx_app_describe_dates(struct cx_report *rep,
                           const struct cx_run_options *o)
{
    char buf[64];
    rep->zone_name = o->zone_name;
    if (o->load.has_since) {
        cx_zone_format(o->m.zone, o->load.since_ms, buf, sizeof buf);
        rep->since = cx_report_strdup(rep, buf, strlen(buf));
    }
    if (o->load.has_until) {
        cx_zone_format(o->m.zone, o->load.until_ms, buf, sizeof buf);
        rep->until = cx_report_strdup(rep, buf, strlen(buf));
    }
}

void cx_app_suppress(struct cx_report_group *rg, uint64_t min_n)
{
    if (!min_n)
        return;
    for (size_t m = 0; m < rg->nmetrics; m++) {
        const struct cx_value *n = cx_result_get(&rg->metrics[m], "n");
        if (n && n->kind == CX_V_COUNT && n->u.count < min_n)
            cx_result_suppress(&rg->metrics[m]);
    }
}

static int cmp_text(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

int cx_app_cmp_keys(const struct cx_report_group *a,
                    const struct cx_report_group *b, size_t nby)
{
    int pa = !(a->absent & CX_ABSENT_PERIOD);
    int pb = !(b->absent & CX_ABSENT_PERIOD);
    if (pa != pb)
        return pa - pb;
    int c = cmp_text(a->period, b->period);
    if (c)
        return c;
    for (size_t k = 0; k < nby; k++) {
        int xa = a->absent >> k & 1;
        int xb = b->absent >> k & 1;
        if (xa != xb)
            return xb - xa;
        if (!xa && (c = cmp_text(a->key[k], b->key[k])) != 0)
            return c;
    }
    return 0;
}
