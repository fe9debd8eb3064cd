/* merge.c - `cxcalc merge`: partial states into the report one run over
 * all their inputs gives (see app.h).
 *
 * States are read one at a time and merged into the report as they come,
 * so memory is the size of the result plus one state, however many states
 * a reducer's stdin holds.  Nothing depends on their order: counts add,
 * sums of reals are exact, sketches add bucket counts, and groups and
 * inputs are kept sorted. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#include "report/state.h"
#include "util/alloc.h"
#include "util/sort.h"

/* A state bigger than this, or bytes that never become one, stop the
 * reading (a CSV given by mistake is not read whole). */
#define MAX_STATE_BYTES ((size_t)1 << 30)

/* ---- reading states one by one ----------------------------------------- */

struct source {
    FILE *f;
    const char *path, *display;
    char *buf;              /* bytes read and not yet parsed: buf[0..len) */
    size_t len, cap;
    size_t count;           /* states read */
    bool eof;
    /* how far the object at buf[0] has been scanned for its end */
    size_t scanned;
    long depth;
    bool in_string, escaped;
};

static enum cx_status source_open(struct source *s, const char *path,
                                  struct cx_error *err)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    s->display = strcmp(path, "-") == 0 ? "<stdin>" : path;
    s->f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!s->f)
        return cx_error_set(err, CX_ERR_IO,
                            &(struct cx_loc){s->display, 0, 0},
                            "cannot open: %s", strerror(errno));
    return CX_OK;
}

static void source_close(struct source *s)
{
    if (s->f && s->f != stdin)
        fclose(s->f);
    cx_free(s->buf);
}

/* Read more bytes into s->buf; sets eof at the end. */
static enum cx_status source_fill(struct source *s, struct cx_error *err)
{
    if (s->len >= MAX_STATE_BYTES)
        return cx_error_set(err, CX_ERR_STATE,
                            &(struct cx_loc){s->display, 0, 0},
                            "not a cxcalc state (no state in the first "
                            "1 GiB); make states with --partial");
    if (cx_grow((void **)&s->buf, &s->cap, s->len + 65536 + 1, 1, 65536))
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    size_t k = fread(s->buf + s->len, 1, s->cap - s->len - 1, s->f);
    s->len += k;
    if (k == 0) {
        if (ferror(s->f))
            return cx_error_set(err, CX_ERR_IO,
                                &(struct cx_loc){s->display, 0, 0},
                                "read error: %s", strerror(errno));
        s->eof = true;
    }
    return CX_OK;
}

static void source_drop(struct source *s, size_t n)
{
    memmove(s->buf, s->buf + n, s->len - n);
    s->len -= n;
    s->scanned = 0;
    s->depth = 0;
    s->in_string = s->escaped = false;
}

/* Scan on for the end of the JSON object at buf[0]: one past its closing
 * brace, or 0 when the bytes read so far do not hold all of it. */
static size_t source_scan(struct source *s)
{
    for (; s->scanned < s->len; s->scanned++) {
        char c = s->buf[s->scanned];
        if (s->in_string) {
            if (s->escaped)
                s->escaped = false;
            else if (c == '\\')
                s->escaped = true;
            else if (c == '"')
                s->in_string = false;
        } else if (c == '"') {
            s->in_string = true;
        } else if (c == '{' || c == '[') {
            s->depth++;
        } else if ((c == '}' || c == ']') && --s->depth <= 0) {
            return ++s->scanned;
        }
    }
    return 0;
}

/*
 * The next state of s into st (named in messages by a text kept in rep):
 * CX_OK, CX_DONE at the end, or an error.  A state is one JSON object,
 * on one line as written or over many: its end is found by scanning (so
 * reading stays linear however it is cut into reads), then it is parsed.
 * st holds a state (to release) only after CX_OK.
 */
static enum cx_status source_next(struct source *s, struct cx_report *rep,
                                  struct cx_state *st, struct cx_error *err)
{
    for (;;) {
        size_t blank = 0;
        while (blank < s->len
               && (s->buf[blank] == ' ' || s->buf[blank] == '\t'
                   || s->buf[blank] == '\r' || s->buf[blank] == '\n'))
            blank++;
        if (blank)
            source_drop(s, blank);
        if (s->len == 0 && s->eof)
            return CX_DONE;
        size_t end = 0;
        if (s->len && (s->buf[0] != '{' || (end = source_scan(s)) != 0
                       || s->eof)) {
            /* the second state of a file is "FILE (state 2)" */
            char name[512];
            snprintf(name, sizeof name, s->count ? "%s (state %zu)" : "%s",
                     s->display, s->count + 1);
            const char *kept = cx_report_strdup(rep, name, strlen(name));
            if (!kept)
                return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                    "out of memory");
            if (s->buf[0] != '{' || !end)
                return cx_error_set(err, CX_ERR_STATE,
                                    &(struct cx_loc){kept, 0, 0},
                                    "not a cxcalc state (%s); make states "
                                    "with --partial",
                                    s->buf[0] != '{' ? "not a JSON object"
                                                     : "cut short");
            size_t used;
            enum cx_status r = cx_read_state(s->buf, end, kept, st, &used,
                                             err);
            if (r != CX_OK) {
                cx_state_release(st);
                return r;
            }
            st->source = kept;
            source_drop(s, end);
            s->count++;
            return CX_OK;
        }
        enum cx_status r = source_fill(s, err);
        if (r != CX_OK)
            return r;
    }
}

/* ---- the merge so far ------------------------------------------------- */

struct merge {
    struct cx_report *rep;      /* overall and group states, sorted groups */
    size_t capgroups;
    struct cx_input_stats *inputs;
    size_t ninputs, capinputs;
    size_t nstates;
    const char *current;        /* the name of the state being merged */
    const char *first;          /* the first state's name */
    const char *options;        /* and options, which all must share */
    struct cx_state_opts opts;  /* their texts kept in rep */
    /* repeat-contact FCR needs inputs split by one column */
    bool repeat;
    const char *split_by, *unsplit, *clash;
    struct cx_arena scratch;    /* for one state's sketch merges */
};

static bool keep_all(struct cx_report *rep, const char *const *from,
                     size_t n, const char *const **to)
{
    const char **v = cx_arena_alloc(&rep->arena, (n ? n : 1) * sizeof *v);
    if (!v)
        return false;
    for (size_t i = 0; i < n; i++) {
        v[i] = from[i];
        if (!cx_report_keep(rep, &v[i]))
            return false;
    }
    *to = v;
    return true;
}

/* The first state's options become the merge's. */
static bool keep_options(struct merge *m, const struct cx_state *st)
{
    struct cx_report *rep = m->rep;
    m->opts = st->opts;
    m->options = st->options_json;
    m->first = st->source;
    return cx_report_keep(rep, &m->options)
           && cx_report_keep(rep, &m->opts.command)
           && cx_report_keep(rep, &m->opts.m.weight)
           && cx_report_keep(rep, &m->opts.m.partitioned_by)
           && cx_report_keep(rep, &m->opts.m.handled)
           && cx_report_keep(rep, &m->opts.m.abandoned)
           && cx_report_keep(rep, &m->opts.zone_name)
           && cx_report_keep(rep, &m->opts.since)
           && cx_report_keep(rep, &m->opts.until)
           && keep_all(rep, st->opts.by, st->opts.nby, &m->opts.by)
           && keep_all(rep, st->opts.where, st->opts.nwhere,
                       &m->opts.where);
}

/* Sketch arrays of the merge are owned (cx_malloc): a merge frees what it
 * replaces, so they stay the size of the result however many states come.
 * `old_index`, `old_count`: the arrays the state had before its merge. */
static int own_sketch(struct cx_mstate *s, const int32_t *old_index,
                      const uint64_t *old_count)
{
    struct cx_sketch *sk = &s->u.aht.sketch;
    size_t nb = sk->nb ? sk->nb : 1;
    int32_t *index = cx_malloc(nb * sizeof *index);
    uint64_t *count = cx_malloc(nb * sizeof *count);
    if (!index || !count) {
        cx_free(index);
        cx_free(count);
        return -1;
    }
    memcpy(index, sk->index, sk->nb * sizeof *index);
    memcpy(count, sk->count, sk->nb * sizeof *count);
    cx_free((void *)old_index);
    cx_free((void *)old_count);
    sk->index = index;
    sk->count = count;
    return 0;
}

/* Merge `from` into the states of one scope (kept in kind order). */
static enum cx_status merge_into(struct merge *m, struct cx_mstate *into,
                                 size_t *n, const struct cx_mstate *from,
                                 struct cx_error *err)
{
    struct cx_loc here = {m->current, 0, 0};
    const struct cx_metric_def *d = cx_metric_of_kind(from->kind);
    size_t i = 0;
    while (i < *n && into[i].kind < from->kind)
        i++;
    if ((from->kind == CX_MK_CHURN && i < *n && into[i].kind == CX_MK_EVENTS)
        || (from->kind == CX_MK_EVENTS && i > 0
            && into[i - 1].kind == CX_MK_CHURN))
        return cx_error_set(err, CX_ERR_STATE, &here,
                            "cannot merge churn by a churned flag with "
                            "churn by dates (give --churn-method when making "
                            "the states)");
    if (i == *n || into[i].kind != from->kind) {
        if (*n == CX_MAX_METRICS)
            return cx_error_set(err, CX_ERR_STATE, &here, "too many metrics");
        memmove(into + i + 1, into + i, (*n - i) * sizeof *into);
        (*n)++;
        /* a new scope: how it was computed comes with it */
        into[i] = (struct cx_mstate){.kind = from->kind};
        if (d->state.empty_like)
            d->state.empty_like(&into[i], from);
    }
    const int32_t *old_index = into[i].u.aht.sketch.index;
    const uint64_t *old_count = into[i].u.aht.sketch.count;
    int rc = cx_mstate_merge(&into[i], from, &m->scratch);
    if (rc == 0 && from->kind == CX_MK_AHT
        && own_sketch(&into[i], old_index, old_count) != 0) {
        /* leave no array of scratch behind for the caller to free */
        cx_free((void *)old_index);
        cx_free((void *)old_count);
        into[i].u.aht.sketch = (struct cx_sketch){0};
        rc = -1;
    }
    if (rc < 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    if (rc == 2)
        return cx_error_set(err, CX_ERR_STATE, &here, "cannot merge %s "
                            "states: a sum would pass 2^63",
                            cx_mkind_name(from->kind));
    if (rc > 0)
        return cx_error_set(err, CX_ERR_STATE, &here, "cannot merge %s "
                            "states computed differently: %s", d->name,
                            d->state.differs ? d->state.differs : "");
    return CX_OK;
}

/* Sorting a state's groups (by their indexes) by key. */
struct sort_ctx {
    const struct cx_report_group *groups;
    size_t nby;
};

static int cmp_index(const void *pa, const void *pb, void *ctx)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const struct sort_ctx *s = ctx;
    return cx_app_cmp_keys(&s->groups[a], &s->groups[b], s->nby);
}

/* A new group of the merge with g's key (kept in rep) and no states (the
 * slot may hold a stale copy of a group moved on: its arrays are not
 * this group's). */
static bool new_group(struct cx_report *rep, size_t nby,
                      struct cx_report_group *to,
                      const struct cx_report_group *g)
{
    memset(to, 0, sizeof *to);
    to->absent = g->absent;
    to->period = g->period;
    to->key = cx_arena_alloc(&rep->arena, (nby ? nby : 1) * sizeof *to->key);
    if (!to->key || !cx_report_keep(rep, &to->period))
        return false;
    for (size_t k = 0; k < nby; k++) {
        to->key[k] = g->key[k];
        if (!cx_report_keep(rep, &to->key[k]))
            return false;
    }
    return true;
}

/* Merge x's states into the merge's group g, made room for first: as
 * many as the kinds of the two together. */
static enum cx_status merge_group(struct merge *m, struct cx_report_group *g,
                                  const struct cx_report_group *x,
                                  struct cx_error *err)
{
    struct cx_loc here = {m->current, 0, 0};
    size_t n = g->nmetrics;
    for (size_t i = 0; i < x->nmetrics; i++) {
        bool have = false;
        for (size_t j = 0; j < g->nmetrics && !have; j++)
            have = g->state[j].kind == x->state[i].kind;
        n += !have;
    }
    if (n > CX_MAX_METRICS)
        return cx_error_set(err, CX_ERR_STATE, &here, "too many metrics");
    if (cx_report_group_room(m->rep, g, n) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    enum cx_status st = CX_OK;
    for (size_t i = 0; st == CX_OK && i < x->nmetrics; i++)
        st = merge_into(m, g->state, &g->nmetrics, &x->state[i], err);
    return st;
}

/*
 * Merge st's groups (in[order[0..n)], sorted) into the merge's sorted
 * groups, from the back: the merge's last group or the state's, whichever
 * sorts later, goes last.  With `write` false only counts the new groups
 * (*added), so the array can be grown first; then writes.
 */
static enum cx_status merge_pass(struct merge *m,
                                 const struct cx_report_group *in,
                                 const size_t *order, size_t n, bool write,
                                 size_t *added, struct cx_error *err)
{
    struct cx_report *rep = m->rep;
    size_t nby = m->opts.nby;
    struct cx_report_group *g = rep->groups;
    size_t i = rep->ngroups, j = n, k = rep->ngroups + *added, fresh = 0;
    while (j > 0) {
        const struct cx_report_group *x = &in[order[j - 1]];
        int c = i > 0 ? cx_app_cmp_keys(&g[i - 1], x, nby) : -1;
        if (c > 0) {
            if (write && k != i) {
                /* moved up; the slot left must not look like a group
                 * (its sketches are the moved group's) */
                g[k - 1] = g[i - 1];
                memset(&g[i - 1], 0, sizeof *g);
            }
            i--;
            k--;
            continue;
        }
        if (c < 0) {        /* a key the merge does not have yet */
            fresh++;
            if (write) {
                if (!new_group(rep, nby, &g[k - 1], x))
                    return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                        "out of memory");
                enum cx_status st = merge_group(m, &g[k - 1], x, err);
                if (st != CX_OK)
                    return st;
            }
            k--;
        } else if (write) { /* the same key: merged where it is */
            enum cx_status st = merge_group(m, &g[i - 1], x, err);
            if (st != CX_OK)
                return st;
        }
        j--;
    }
    if (!write)
        *added = fresh;
    return CX_OK;
}

static enum cx_status merge_groups(struct merge *m, const struct cx_state *st,
                                   struct cx_error *err)
{
    size_t n = st->rep.ngroups, added = 0;
    if (n == 0)
        return CX_OK;
    size_t *order = cx_malloc(n * sizeof *order);
    if (!order)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    struct sort_ctx ctx = {st->rep.groups, m->opts.nby};
    cx_sort(order, n, sizeof *order, cmp_index, &ctx);
    enum cx_status s = CX_OK;
    for (size_t i = 1; i < n && s == CX_OK; i++)
        if (cmp_index(&order[i - 1], &order[i], &ctx) == 0)
            s = cx_error_set(err, CX_ERR_STATE,
                             &(struct cx_loc){st->source, 0, 0},
                             "not a cxcalc state: %s",
                             "two groups with the same key");
    if (s == CX_OK)
        s = merge_pass(m, st->rep.groups, order, n, false, &added, err);
    struct cx_report *rep = m->rep;
    if (s == CX_OK && added) {
        size_t old = m->capgroups;
        if (cx_grow((void **)&rep->groups, &m->capgroups,
                    rep->ngroups + added, sizeof *rep->groups, 16))
            s = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        else
            memset(rep->groups + old, 0,
                   (m->capgroups - old) * sizeof *rep->groups);
    }
    if (s == CX_OK) {
        s = merge_pass(m, st->rep.groups, order, n, true, &added, err);
        /* also after a failure: every slot up to there is a group or
         * zeroed, and what they own is released with them */
        rep->ngroups += added;
    }
    cx_free(order);
    return s;
}

static enum cx_status merge_inputs(struct merge *m, const struct cx_state *st,
                                   struct cx_error *err)
{
    size_t n = st->rep.ninputs;
    if (n && cx_grow((void **)&m->inputs, &m->capinputs, m->ninputs + n,
                     sizeof *m->inputs, 16))
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        struct cx_input_stats *in = &m->inputs[m->ninputs];
        *in = st->rep.inputs[i];
        bool ok = cx_report_keep(m->rep, &in->path);
        for (int r = 0; ok && r < CX_ROLE_COUNT; r++)
            ok = cx_report_keep(m->rep, &in->labels[r])
                 && cx_report_keep(m->rep, &in->dates[r]);
        if (!ok)
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        m->ninputs++;
    }
    return CX_OK;
}

static bool has_repeat_fcr(const struct cx_state *s)
{
    for (size_t i = 0; i < s->rep.noverall; i++)
        if (s->rep.overall_state[i].kind == CX_MK_FCR
            && s->rep.overall_state[i].u.fcr.repeat)
            return true;
    return false;
}

/* One more state into the merge. */
static enum cx_status merge_state(struct merge *m, const struct cx_state *st,
                                  struct cx_error *err)
{
    char msg[512];
    if (m->nstates == 0 && !keep_options(m, st))
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    if (m->nstates > 0
        && !cx_state_same_options(st->options_json, m->options, msg,
                                  sizeof msg))
        return cx_error_set(err, CX_ERR_STATE,
                            &(struct cx_loc){st->source, 0, 0},
                            "cannot merge with %s: %s", m->first, msg);
    m->nstates++;
    m->current = st->source;
    m->repeat = m->repeat || has_repeat_fcr(st);
    const char *k = st->opts.m.partitioned_by;
    if (!k && !m->unsplit)
        m->unsplit = st->source;
    if (k && !m->split_by && !(m->split_by = cx_report_strdup(
                                   m->rep, k, strlen(k))))
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    if (k && strcmp(k, m->split_by) != 0 && !m->clash)
        m->clash = st->source;
    enum cx_status s = CX_OK;
    for (size_t i = 0; s == CX_OK && i < st->rep.noverall; i++)
        s = merge_into(m, m->rep->overall_state, &m->rep->noverall,
                       &st->rep.overall_state[i], err);
    if (s == CX_OK)
        s = merge_groups(m, st, err);
    if (s == CX_OK)
        s = merge_inputs(m, st, err);
    /* the state's sketches are merged into owned arrays: scratch is free */
    cx_arena_release(&m->scratch);
    cx_arena_init(&m->scratch, 0);
    return s;
}

/* Repeat-contact FCR from more than one part: each must hold all of a
 * customer's contacts, split by the same column. */
static enum cx_status check_split(const struct merge *m, struct cx_error *err)
{
    if (!m->repeat || m->nstates < 2)
        return CX_OK;
    if (m->unsplit)
        return cx_error_set(err, CX_ERR_STATE,
                            &(struct cx_loc){m->unsplit, 0, 0},
                            "cannot merge repeat-contact FCR: a customer's "
                            "contacts must all be in one part, and this "
                            "state does not say its input was split by "
                            "customer (split with `cxcalc partition --key "
                            "COLUMN`, whose parts say so; input split "
                            "otherwise: run with --partitioned-by COLUMN)");
    if (m->clash)
        return cx_error_set(err, CX_ERR_STATE,
                            &(struct cx_loc){m->clash, 0, 0},
                            "cannot merge repeat-contact FCR: states come "
                            "from inputs split by different columns (not "
                            "'%s')", m->split_by);
    return CX_OK;
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
    const uint64_t x[] = {a->rows, a->skipped_rows, a->filtered_rows,
                          a->padded_rows, a->pad_short_rows};
    const uint64_t y[] = {b->rows, b->skipped_rows, b->filtered_rows,
                          b->padded_rows, b->pad_short_rows};
    for (int i = 0; i < 5; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

/* The owned sketch arrays move into rep's arena (the report keeps them). */
static bool settle_sketches(struct cx_report *rep, struct cx_mstate *s,
                            size_t n)
{
    const void *owned[2 * CX_MAX_METRICS];
    for (size_t i = 0; i < n; i++) {
        owned[2 * i] = s[i].kind == CX_MK_AHT ? s[i].u.aht.sketch.index : NULL;
        owned[2 * i + 1] = s[i].kind == CX_MK_AHT ? s[i].u.aht.sketch.count
                                                  : NULL;
    }
    bool ok = cx_report_keep_sketches(rep, s, n);
    for (size_t i = 0; i < 2 * n; i++)
        cx_free((void *)owned[i]);
    return ok;
}

/* The merged states into results, and the report's description. */
static enum cx_status finish(struct merge *m, uint64_t min_n,
                             struct cx_state_opts *opts_out,
                             struct cx_error *err)
{
    struct cx_report *rep = m->rep;
    qsort(m->inputs, m->ninputs, sizeof *m->inputs, cmp_inputs);
    struct cx_input_stats *in = cx_arena_alloc(
        &rep->arena, (m->ninputs ? m->ninputs : 1) * sizeof *in);
    if (!in)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    memcpy(in, m->inputs, m->ninputs * sizeof *in);
    rep->inputs = in;
    rep->ninputs = m->ninputs;
    rep->by_names = m->opts.by;
    rep->nby = m->opts.nby;
    rep->has_period = m->opts.m.period != CX_PERIOD_NONE;
    rep->zone_name = m->opts.zone_name;
    rep->since = m->opts.since;
    rep->until = m->opts.until;
    const struct cx_metric_opts *fo = &m->opts.m;
    for (size_t i = 0; i < rep->noverall; i++)
        cx_mstate_finish(&rep->overall_state[i], fo, NULL, &rep->overall[i]);
    for (size_t g = 0; g < rep->ngroups; g++) {
        struct cx_report_group *rg = &rep->groups[g];
        for (size_t i = 0; i < rg->nmetrics; i++)
            cx_mstate_finish(&rg->state[i], fo, NULL, &rg->metrics[i]);
        cx_app_suppress(rg, min_n);
    }
    /* As one state again (merge --partial): split by a column only when
     * every state was, by the same. */
    *opts_out = m->opts;
    opts_out->m.partitioned_by = m->unsplit || m->clash ? NULL : m->split_by;
    return CX_OK;
}

enum cx_status cx_app_merge(const char *const *paths, size_t npaths,
                            uint64_t min_n, struct cx_report *rep,
                            struct cx_state_opts *opts_out,
                            struct cx_error *err)
{
    static const char *const stdin_only[] = {"-"};
    if (!npaths) {
        paths = stdin_only;
        npaths = 1;
    }
    struct merge m;
    memset(&m, 0, sizeof m);
    m.rep = rep;
    cx_arena_init(&m.scratch, 0);
    cx_free(rep->groups);       /* the merge grows its own */
    rep->groups = NULL;
    rep->ngroups = 0;
    enum cx_status st = CX_OK;
    for (size_t p = 0; p < npaths && st == CX_OK; p++) {
        struct source src;
        st = source_open(&src, paths[p], err);
        size_t before = m.nstates;
        while (st == CX_OK) {
            struct cx_state one;
            st = source_next(&src, rep, &one, err);
            if (st != CX_OK)
                break;
            st = merge_state(&m, &one, err);
            cx_state_release(&one);
        }
        if (st == CX_DONE)
            st = m.nstates > before
                     ? CX_OK
                     : cx_error_set(err, CX_ERR_STATE,
                                    &(struct cx_loc){src.display, 0, 0},
                                    "no state in this input; make states "
                                    "with --partial");
        source_close(&src);
    }
    if (st == CX_OK)
        st = check_split(&m, err);
    bool ok = settle_sketches(rep, rep->overall_state, rep->noverall);
    for (size_t g = 0; g < rep->ngroups; g++)
        ok = settle_sketches(rep, rep->groups[g].state,
                             rep->groups[g].nmetrics) && ok;
    if (st == CX_OK && !ok)
        st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    if (st == CX_OK)
        st = finish(&m, min_n, opts_out, err);
    cx_free(m.inputs);
    cx_arena_release(&m.scratch);
    return st;
}
