/* merge.c - `cxcalc merge`: partial states into the report one run over
 * all their inputs gives (see app.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#include "cxcalc/alloc.h"
#include "cxcalc/state.h"

/* The whole of `path` ("-": stdin) in *buf (NUL-terminated). */
static enum cx_status slurp(const char *path, const char *display,
                            char **buf, size_t *len, struct cx_error *err)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return cx_error_set(err, CX_ERR_IO, &(struct cx_loc){display, 0, 0},
                            "cannot open: %s", strerror(errno));
    size_t cap = 0, n = 0;
    char *b = NULL;
    enum cx_status st = CX_OK;
    for (;;) {
        if (cx_grow((void **)&b, &cap, n + 65536 + 1, 1, 65536)) {
            st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
            break;
        }
        size_t k = fread(b + n, 1, cap - n - 1, f);
        n += k;
        if (k == 0) {
            if (ferror(f))
                st = cx_error_set(err, CX_ERR_IO,
                                  &(struct cx_loc){display, 0, 0},
                                  "read error: %s", strerror(errno));
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (st != CX_OK) {
        cx_free(b);
        return st;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return CX_OK;
}

/* All states of all paths, in the order read. */
struct states {
    struct cx_state *v;
    size_t n, cap;
};

/* Read every state of paths into s.  Names in messages live in rep
 * (an error is printed after the states are gone). */
static enum cx_status read_all(const char *const *paths, size_t npaths,
                               struct states *s, struct cx_report *rep,
                               struct cx_error *err)
{
    enum cx_status st = CX_OK;
    for (size_t i = 0; i < npaths && st == CX_OK; i++) {
        const char *display = strcmp(paths[i], "-") == 0 ? "<stdin>"
                                                         : paths[i];
        char *buf = NULL;
        size_t len = 0, at = 0, in_file = 0;
        st = slurp(paths[i], display, &buf, &len, err);
        while (st == CX_OK) {
            while (at < len && strchr(" \t\r\n", buf[at]))
                at++;
            if (at == len)
                break;
            if (cx_grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v, 8)) {
                st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
                break;
            }
            /* the second state of a file is named "FILE (state 2)" */
            char name[512];
            snprintf(name, sizeof name, in_file ? "%s (state %zu)" : "%s",
                     display, in_file + 1);
            const char *kept = cx_report_strdup(rep, name, strlen(name));
            if (!kept) {
                st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
                break;
            }
            size_t used;
            st = cx_read_state(buf + at, len - at, kept, &s->v[s->n++],
                               &used, err);
            s->v[s->n - 1].source = kept;
            at += used;
            in_file++;
        }
        if (st == CX_OK && in_file == 0)
            st = cx_error_set(err, CX_ERR_STATE,
                              &(struct cx_loc){display, 0, 0},
                              "no state in this input; make states with "
                              "--partial");
        cx_free(buf);
    }
    return st;
}

static bool has_repeat_fcr(const struct cx_state *s)
{
    for (size_t i = 0; i < s->rep.noverall; i++)
        if (s->rep.overall_state[i].kind == CX_MK_FCR
            && s->rep.overall_state[i].u.fcr.repeat)
            return true;
    return false;
}

/* Every state made like the first, and repeat-contact FCR only from
 * parts that each hold all of a customer's contacts. */
static enum cx_status check(const struct states *s, struct cx_error *err)
{
    const struct cx_state *a = &s->v[0];
    char msg[512];
    for (size_t i = 1; i < s->n; i++)
        if (!cx_state_same_options(&s->v[i], a, msg, sizeof msg))
            return cx_error_set(err, CX_ERR_STATE,
                                &(struct cx_loc){s->v[i].source, 0, 0},
                                "cannot merge with %s: %s", a->source, msg);
    bool repeat = false;
    for (size_t i = 0; i < s->n; i++)
        repeat = repeat || has_repeat_fcr(&s->v[i]);
    if (!repeat || s->n == 1)
        return CX_OK;
    for (size_t i = 0; i < s->n; i++) {
        const char *k = s->v[i].opts.partitioned_by;
        const char *k0 = s->v[0].opts.partitioned_by;
        if (!k)
            return cx_error_set(err, CX_ERR_STATE,
                                &(struct cx_loc){s->v[i].source, 0, 0},
                                "cannot merge repeat-contact FCR: a "
                                "customer's contacts must all be in one "
                                "part, and this state does not say its "
                                "input was split by customer (split with "
                                "`cxcalc partition --key COLUMN`, then run "
                                "with --partitioned-by COLUMN)");
        if (!k0 || strcmp(k, k0) != 0)
            return cx_error_set(err, CX_ERR_STATE,
                                &(struct cx_loc){s->v[i].source, 0, 0},
                                "cannot merge repeat-contact FCR: states "
                                "come from inputs split by different "
                                "columns ('%s' vs '%s')", k0 ? k0 : "",
                                k);
    }
    return CX_OK;
}

/* Merge `from` into the states of one scope (kept in kind order). */
static enum cx_status merge_into(struct cx_mstate *into, size_t *n,
                                 const struct cx_mstate *from,
                                 struct cx_arena *arena, struct cx_error *err)
{
    size_t i = 0;
    while (i < *n && into[i].kind < from->kind)
        i++;
    bool churn_clash = (from->kind == CX_MK_CHURN && i < *n
                        && into[i].kind == CX_MK_EVENTS)
                       || (from->kind == CX_MK_EVENTS && i > 0
                           && into[i - 1].kind == CX_MK_CHURN);
    if (churn_clash)
        return cx_error_set(err, CX_ERR_STATE, NULL,
                            "cannot merge churn by a churned flag with "
                            "churn by dates (give --churn-method when making "
                            "the states)");
    if (i == *n || into[i].kind != from->kind) {
        if (*n == CX_MAX_METRICS)
            return cx_error_set(err, CX_ERR_STATE, NULL, "too many metrics");
        memmove(into + i + 1, into + i, (*n - i) * sizeof *into);
        (*n)++;
        into[i] = (struct cx_mstate){.kind = from->kind};
        /* what says how it was computed, to be compared in merging */
        into[i].u.fcr.repeat = from->kind == CX_MK_FCR && from->u.fcr.repeat;
        if (from->kind == CX_MK_EVENTS)
            into[i].u.events.last_month = from->u.events.last_month;
        if (from->kind == CX_MK_CLV) {
            into[i].u.clv.churn = from->u.clv.churn;
            into[i].u.clv.last_month = from->u.clv.last_month;
        }
    }
    int rc = cx_mstate_merge(&into[i], from, arena);
    if (rc < 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    if (rc == 2)
        return cx_error_set(err, CX_ERR_STATE, NULL, "cannot merge %s "
                            "states: a sum would pass 2^63",
                            cx_mkind_name(from->kind));
    if (rc > 0)
        return cx_error_set(
            err, CX_ERR_STATE, NULL, "cannot merge %s states computed "
            "differently: %s", cx_mkind_name(from->kind),
            from->kind == CX_MK_FCR
                ? "by a resolved flag in one, by repeat contacts in another "
                  "(give --fcr-method when making the states)"
            : from->kind == CX_MK_CLV
                ? "from churn by flag in one, by dates in another, or over "
                  "months that end apart"
                : "over month ranges that end in different months (the "
                  "event method counts a customer still active up to the "
                  "last month of the data)");
    return CX_OK;
}

/* Groups of all states, as (state, group) pairs sorted by key. */
struct gref {
    uint32_t state, group;
};

static size_t sort_nby;
static const struct cx_state *sort_states;

static const struct cx_report_group *group_at(const struct cx_state *v,
                                              struct gref r)
{
    return &v[r.state].rep.groups[r.group];
}

static int cmp_grefs(const void *pa, const void *pb)
{
    const struct gref *a = pa, *b = pb;
    int c = cx_app_cmp_keys(group_at(sort_states, *a),
                            group_at(sort_states, *b), sort_nby);
    if (c)
        return c;
    if (a->state != b->state)
        return a->state < b->state ? -1 : 1;
    return (a->group > b->group) - (a->group < b->group);
}

/* Copy s into rep (NULL stays NULL); false when out of memory. */
static bool keep(struct cx_report *rep, const char **s)
{
    return !*s || (*s = cx_report_strdup(rep, *s, strlen(*s))) != NULL;
}

static enum cx_status merge_groups(const struct states *s,
                                   struct cx_report *rep,
                                   struct cx_error *err)
{
    size_t total = 0, nby = s->v[0].opts.nby;
    for (size_t i = 0; i < s->n; i++)
        total += s->v[i].rep.ngroups;
    struct gref *refs = cx_malloc((total ? total : 1) * sizeof *refs);
    if (!refs)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        for (size_t g = 0; g < s->v[i].rep.ngroups; g++)
            refs[k++] = (struct gref){(uint32_t)i, (uint32_t)g};
    sort_nby = nby;
    sort_states = s->v;
    qsort(refs, total, sizeof *refs, cmp_grefs);
    /* first[i]: refs[i] starts a group of equal keys */
    bool *first = cx_malloc((total ? total : 1) * sizeof *first);
    size_t ngroups = 0;
    for (size_t i = 0; first && i < total; i++) {
        first[i] = i == 0 || cx_app_cmp_keys(group_at(s->v, refs[i - 1]),
                                             group_at(s->v, refs[i]),
                                             nby) != 0;
        ngroups += first[i];
    }
    enum cx_status st = CX_OK;
    if (!first || cx_report_groups(rep, ngroups) != 0)
        st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    size_t out = 0;
    for (size_t i = 0; i < total && st == CX_OK; i++) {
        const struct cx_report_group *g = group_at(s->v, refs[i]);
        struct cx_report_group *rg = &rep->groups[first[i] ? out++ : out - 1];
        if (first[i]) {
            rg->absent = g->absent;
            rg->period = g->period;
            rg->key = cx_arena_alloc(&rep->arena,
                                     (nby ? nby : 1) * sizeof *rg->key);
            bool ok = rg->key && keep(rep, &rg->period);
            for (size_t j = 0; ok && j < nby; j++) {
                rg->key[j] = g->key[j];
                ok = keep(rep, &rg->key[j]);
            }
            if (!ok)
                st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        }
        for (size_t m = 0; st == CX_OK && m < g->nmetrics; m++)
            st = merge_into(rg->state, &rg->nmetrics, &g->state[m],
                            &rep->arena, err);
    }
    cx_free(first);
    cx_free(refs);
    return st;
}

/* Inputs in a fixed order whatever the order of the states: by table
 * kind, then path (then counts: mappers reading stdin are all "-"). */
static int cmp_inputs(const void *pa, const void *pb)
{
    const struct cx_input_stats *a = pa, *b = pb;
    if (a->table != b->table)
        return a->table < b->table ? -1 : 1;
    int c = strcmp(a->path, b->path);
    if (c)
        return c;
    const uint64_t x[] = {a->rows, a->skipped_rows, a->filtered_rows};
    const uint64_t y[] = {b->rows, b->skipped_rows, b->filtered_rows};
    for (int i = 0; i < 3; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

/* The inputs of all states, sorted, kept in rep. */
static enum cx_status merge_inputs(const struct states *s,
                                   struct cx_report *rep,
                                   struct cx_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->v[i].rep.ninputs;
    struct cx_input_stats *in = cx_arena_alloc(&rep->arena,
                                               (n ? n : 1) * sizeof *in);
    if (!in)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = 0; j < s->v[i].rep.ninputs; j++) {
            in[k] = s->v[i].rep.inputs[j];
            if (!keep(rep, &in[k++].path))
                return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                    "out of memory");
        }
    qsort(in, k, sizeof *in, cmp_inputs);
    rep->inputs = in;
    rep->ninputs = k;
    return CX_OK;
}

/* The options that finish the merged states, from a state's. */
static void finish_opts(const struct cx_state_opts *so,
                        struct cx_finish_opts *fo)
{
    memset(fo, 0, sizeof *fo);
    fo->z = so->z;
    fo->nps_weighted = so->weight != NULL;
    fo->csat = (struct cx_csat_opts){so->csat_lo, so->csat_hi, so->sat_lo,
                                     so->sat_hi, so->z};
    fo->ces = (struct cx_ces_opts){so->ces_hi, so->ces_low_is_easy, so->z};
    fo->clv = (struct cx_clv_opts){so->margin, so->discount, so->has_arpu,
                                   so->arpu};
    fo->has_churn_rate = so->has_churn_rate;
    fo->churn_rate = so->churn_rate;
}

/* *to = the options of `from`, their texts kept in rep; false when out of
 * memory.  partitioned_by stays only when every state has the same. */
static bool keep_opts(struct cx_report *rep, const struct states *s,
                      struct cx_state_opts *to)
{
    const struct cx_state_opts *from = &s->v[0].opts;
    *to = *from;
    to->by = rep->by_names;
    for (size_t i = 1; i < s->n && to->partitioned_by; i++) {
        const char *k = s->v[i].opts.partitioned_by;
        if (!k || strcmp(k, to->partitioned_by) != 0)
            to->partitioned_by = NULL;
    }
    const char **where = cx_arena_alloc(&rep->arena, (from->nwhere ? from->nwhere : 1)
                                                         * sizeof *where);
    if (!where)
        return false;
    for (size_t i = 0; i < from->nwhere; i++) {
        where[i] = from->where[i];
        if (!keep(rep, &where[i]))
            return false;
    }
    to->where = where;
    return keep(rep, &to->command) && keep(rep, &to->period)
           && keep(rep, &to->weight) && keep(rep, &to->fcr_method)
           && keep(rep, &to->churn_method) && keep(rep, &to->partitioned_by);
}

enum cx_status cx_app_merge(const char *const *paths, size_t npaths,
                            uint64_t min_n, struct cx_report *rep,
                            struct cx_state_opts *opts_out,
                            struct cx_error *err)
{
    static const char *const stdin_only[] = {"-"};
    struct states s = {0};
    enum cx_status st = read_all(npaths ? paths : stdin_only,
                                 npaths ? npaths : 1, &s, rep, err);
    /* Nothing depends on the order of the states (sums are exact, keys
     * and inputs are sorted): they are taken as given. */
    if (st == CX_OK)
        st = check(&s, err);
    const struct cx_state_opts *so = s.n ? &s.v[0].opts : NULL;
    for (size_t i = 0; st == CX_OK && i < s.n; i++)
        for (size_t m = 0; st == CX_OK && m < s.v[i].rep.noverall; m++)
            st = merge_into(rep->overall_state, &rep->noverall,
                            &s.v[i].rep.overall_state[m], &rep->arena, err);
    if (st == CX_OK)
        st = merge_groups(&s, rep, err);
    if (st == CX_OK)
        st = merge_inputs(&s, rep, err);
    if (st == CX_OK) {
        /* The by-names and period outlive the states in rep's arena. */
        const char **by = cx_arena_alloc(&rep->arena, (so->nby ? so->nby : 1)
                                                          * sizeof *by);
        bool ok = by != NULL;
        for (size_t k = 0; ok && k < so->nby; k++)
            ok = (by[k] = cx_report_strdup(rep, so->by[k],
                                           strlen(so->by[k]))) != NULL;
        if (!ok)
            st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        rep->by_names = by;
        rep->nby = so->nby;
        rep->has_period = so->period != NULL;
        if (ok && !keep_opts(rep, &s, opts_out))
            st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    }
    if (st == CX_OK) {
        struct cx_finish_opts fo;
        finish_opts(so, &fo);
        for (size_t m = 0; m < rep->noverall; m++)
            cx_mstate_finish(&rep->overall_state[m], &fo, NULL,
                             &rep->overall[m]);
        for (size_t i = 0; i < rep->ngroups; i++) {
            struct cx_report_group *g = &rep->groups[i];
            for (size_t m = 0; m < g->nmetrics; m++)
                cx_mstate_finish(&g->state[m], &fo, NULL, &g->metrics[m]);
            cx_app_suppress(g, min_n);
        }
    }
    for (size_t i = 0; i < s.n; i++)
        cx_state_release(&s.v[i]);
    cx_free(s.v);
    return st;
}
