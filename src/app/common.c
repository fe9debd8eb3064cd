/* common.c - steps shared by the commands (see common.h). */
#include "common.h"

#include <string.h>

#include "cxcalc/alloc.h"

enum cx_status cx_app_load(struct cx_table *t, const struct cx_run_options *o,
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
    if (o->weight)      /* --weight COL is an override of the weight role */
        ov[lo.noverrides++] = (struct cx_col_override){
            true, CX_TABLE_SURVEY, CX_ROLE_WEIGHT, o->weight};
    lo.overrides = ov;
    lo.where_found = where_found;

    enum cx_status st = CX_OK;
    for (size_t i = 0; i < nfiles && st == CX_OK; i++) {
        const char *path = files[i];
        const char *display = strcmp(path, "-") == 0 ? "<stdin>" : path;
        memset(&stats[i], 0, sizeof stats[i]);
        stats[i].path = path;
        st = cx_load_file(t, path, display, &lo, i + 1 == nfiles, &stats[i],
                          err);
    }
    cx_free(ov);
    cx_free(where_found);
    return st;
}

enum cx_status cx_app_group(struct cx_grouping *g, struct cx_report *rep,
                            const struct cx_table *t, const size_t *by_cols,
                            const struct cx_run_options *o,
                            enum cx_period period, long date_col,
                            struct cx_error *err)
{
    size_t used[CX_MAX_BY], nused = 0;
    uint64_t absent = 0;
    if (period != CX_PERIOD_NONE && o->report
        && (date_col < 0 || !t->cols[date_col].found)) {
        /* `report`: this table has no date, so no period in its keys. */
        period = CX_PERIOD_NONE;
        absent |= CX_ABSENT_PERIOD;
    }
    for (size_t k = 0; k < o->nby && k < CX_MAX_BY; k++) {
        if (t->cols[by_cols[k]].found)
            used[nused++] = by_cols[k];
        else
            absent |= UINT64_C(1) << k;
    }
    enum cx_status st = cx_group_build(g, t, used, nused, period, date_col,
                                       err);
    if (st != CX_OK)
        return st;
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

void cx_app_describe(struct cx_report *rep, const struct cx_run_options *o,
                     const struct cx_input_stats *stats)
{
    rep->inputs = stats;
    rep->ninputs = o->nfiles ? o->nfiles : 1;
    rep->by_names = o->by;
    rep->nby = o->nby;
    rep->has_period = o->period != CX_PERIOD_NONE;
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

enum cx_status cx_app_missing_role(const struct cx_table *t,
                                   enum cx_role role, const char *why,
                                   struct cx_error *err)
{
    return cx_error_set(err, CX_ERR_COLUMN,
                        &(struct cx_loc){t->first_file, 0, 0},
                        "no column for role '%s' (%s; name it with --col "
                        "%s=NAME); columns are: %s",
                        cx_role_name(role), why, cx_role_name(role),
                        t->header ? t->header : "");
}
