/* interactions.c - `cxcalc aht|fcr` over contact-center exports: handle
 * times and first contact resolution (SPEC §3), overall and per group. */
#include <stdlib.h>
#include <string.h>

#include "common.h"

#include "cxcalc/alloc.h"
#include "cxcalc/cell.h"
#include "cxcalc/sort.h"
#include "cxcalc/stats.h"

/* Table columns of the interaction roles (-1: none). */
struct cols {
    long customer, start, end, talk, hold, acw, handle, resolved, issue;
    long status;
    size_t by[CX_MAX_BY];
};

enum source { SRC_HANDLE, SRC_PARTS, SRC_TIMES };

struct ctx {
    const struct cx_run_options *o;
    struct cx_table t;
    struct cols c;
    struct cx_grouping g;
    uint8_t *abandoned_id;      /* per interned string: an abandoned status */
    enum source src;
    bool repeat;
    unsigned metrics;           /* what this run computes */
};

/* Add the role columns the requested metrics read, and nothing else:
 * AHT reads the handle-time columns, FCR the flag or the contacts. */
static enum cx_status setup(struct ctx *x, struct cx_error *err)
{
    const struct cx_run_options *o = x->o;
    struct cx_table *t = &x->t;
    struct cols *c = &x->c;
    bool aht = o->metrics & CX_METRIC_AHT, fcr = o->metrics & CX_METRIC_FCR;
    bool dated = o->period != CX_PERIOD_NONE || o->load.has_since
                 || o->load.has_until;
    bool flag_only = fcr && !aht && o->fcr_method == CX_FCR_FLAG;
    /* Start and end times give a handle time only where a file has no
     * handle column: from a file that has one they are not read (unless
     * the start is a date or FCR's contact time too). */
    uint32_t handle = CX_ROLE_BIT(CX_ROLE_HANDLE);
    bool start_elsewhere = dated || (fcr && !flag_only);
    struct { long *col; enum cx_role role; enum cx_col_kind kind;
             bool want, required; uint32_t unless; } roles[] = {
        {&c->customer, CX_ROLE_CUSTOMER, CX_KIND_DIM, fcr && !flag_only,
         false, 0},
        {&c->start, CX_ROLE_START, CX_KIND_TIME,
         dated || aht || (fcr && !flag_only),
         o->load.has_since || o->load.has_until
             || (o->period != CX_PERIOD_NONE && !o->report),
         start_elsewhere ? 0 : handle},
        {&c->end, CX_ROLE_END, CX_KIND_TIME, aht, false, handle},
        {&c->talk, CX_ROLE_TALK, CX_KIND_DURATION, aht, false, 0},
        {&c->hold, CX_ROLE_HOLD, CX_KIND_DURATION, aht, false, 0},
        {&c->acw, CX_ROLE_ACW, CX_KIND_DURATION, aht, false, 0},
        {&c->handle, CX_ROLE_HANDLE, CX_KIND_DURATION, aht, false, 0},
        {&c->resolved, CX_ROLE_RESOLVED, CX_KIND_FLAG,
         fcr && o->fcr_method != CX_FCR_REPEAT, false, 0},
        {&c->issue, CX_ROLE_ISSUE, CX_KIND_DIM, fcr && !flag_only, false, 0},
        {&c->status, CX_ROLE_STATUS, CX_KIND_DIM, true, false, 0},
    };
    if (o->nby > sizeof c->by / sizeof c->by[0])
        return cx_error_set(err, CX_ERR_USAGE, NULL,
                            "too many --by columns (at most 63)");
    bool ok = true;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        *roles[i].col = -1;
        if (!roles[i].want)
            continue;
        *roles[i].col = cx_table_add(t, &(struct cx_colspec){
            NULL, roles[i].role, roles[i].kind, 0, 0, roles[i].required});
        ok = ok && *roles[i].col >= 0;
        if (*roles[i].col >= 0)
            t->cols[*roles[i].col].unless = roles[i].unless;
    }
    for (size_t k = 0; ok && k < o->nby; k++) {
        long col = cx_table_add(t, &(struct cx_colspec){
            o->by[k], CX_ROLE_COUNT, CX_KIND_DIM, 0, 0, !o->report});
        ok = col >= 0;
        c->by[k] = (size_t)col;
    }
    return ok ? CX_OK : cx_error_set(err, CX_ERR_NOMEM, NULL,
                                     "out of memory");
}

/* The column is in use and some input had it. */
static bool found(const struct ctx *x, long col)
{
    return col >= 0 && x->t.cols[col].found;
}

/* Decide where handle times and FCR come from, now that the inputs are
 * read; a method the columns cannot support is an error (in `report`, the
 * metric is left out instead). */
static enum cx_status choose(struct ctx *x, struct cx_error *err)
{
    const struct cx_run_options *o = x->o;
    enum cx_status st = CX_OK;
    x->metrics = o->metrics;
    if (x->metrics & CX_METRIC_AHT) {
        if (found(x, x->c.handle))
            x->src = SRC_HANDLE;
        else if (found(x, x->c.talk) || found(x, x->c.hold)
                 || found(x, x->c.acw))
            x->src = SRC_PARTS;
        else if (found(x, x->c.start) && found(x, x->c.end))
            x->src = SRC_TIMES;
        else if (o->report)
            x->metrics &= ~(unsigned)CX_METRIC_AHT;
        else
            return cx_app_missing_role(&x->t, CX_ROLE_HANDLE,
                                       "handle time needs a handle column, "
                                       "talk/hold/acw columns, or start and "
                                       "end", err);
    }
    if (x->metrics & CX_METRIC_FCR) {
        bool has_flag = found(x, x->c.resolved);
        x->repeat = o->fcr_method == CX_FCR_REPEAT || !has_flag;
        if (o->fcr_method == CX_FCR_FLAG && !has_flag)
            st = cx_app_missing_role(&x->t, CX_ROLE_RESOLVED,
                                     "--fcr-method flag needs it", err);
        else if (x->repeat && !found(x, x->c.customer))
            st = cx_app_missing_role(&x->t, CX_ROLE_CUSTOMER,
                                     "the repeat-contact method needs it",
                                     err);
        else if (x->repeat && !found(x, x->c.start))
            st = cx_app_missing_role(&x->t, CX_ROLE_START,
                                     "the repeat-contact method needs it",
                                     err);
        if (st != CX_OK && o->report) {
            x->metrics &= ~(unsigned)CX_METRIC_FCR;
            st = CX_OK;
        }
    }
    return st;
}

/* Mark the interned status texts that mean abandoned (SPEC §3). */
static enum cx_status mark_abandoned(struct ctx *x, struct cx_error *err)
{
    static const char *const words[] = {"abandoned", "abandon", "missed",
                                        "no_answer"};
    size_t n = x->t.strings.count;
    x->abandoned_id = cx_calloc(n ? n : 1, 1);
    if (!x->abandoned_id)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    for (size_t id = 0; id < n; id++) {
        size_t len;
        const char *s = cx_intern_get(&x->t.strings, (uint32_t)id, &len);
        char norm[64];
        cx_normalise(s, len, norm, sizeof norm);
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
            if (strcmp(norm, words[w]) == 0)
                x->abandoned_id[id] = 1;
    }
    return CX_OK;
}

static bool abandoned(const struct ctx *x, size_t r)
{
    return found(x, x->c.status)
           && x->abandoned_id[x->t.cols[x->c.status].v.dim[r]];
}

/* A duration cell that counts 0 when missing or invalid (component means). */
static int64_t part_or_zero(const struct ctx *x, long col, size_t r)
{
    if (!found(x, col))
        return 0;
    const struct cx_column *c = &x->t.cols[col];
    return c->state[r] == CX_CELL_OK ? c->v.ms[r] : 0;
}

/* The handle time of row r: CX_CELL_OK with *ms, or missing / invalid. */
static enum cx_cell handle_time(const struct ctx *x, size_t r, int64_t *ms)
{
    const struct cx_table *t = &x->t;
    if (x->src == SRC_HANDLE) {
        const struct cx_column *h = &t->cols[x->c.handle];
        *ms = h->v.ms[r];
        return (enum cx_cell)h->state[r];
    }
    if (x->src == SRC_PARTS) {
        const long parts[3] = {x->c.talk, x->c.hold, x->c.acw};
        bool any = false;
        *ms = 0;
        for (int i = 0; i < 3; i++) {
            if (!found(x, parts[i]))
                continue;
            const struct cx_column *p = &t->cols[parts[i]];
            if (p->state[r] == CX_CELL_INVALID)
                return CX_CELL_INVALID;
            if (p->state[r] == CX_CELL_OK) {
                any = true;
                *ms += p->v.ms[r];
            }
        }
        return any ? CX_CELL_OK : CX_CELL_MISSING;
    }
    const struct cx_column *s = &t->cols[x->c.start], *e = &t->cols[x->c.end];
    if (s->state[r] == CX_CELL_INVALID || e->state[r] == CX_CELL_INVALID)
        return CX_CELL_INVALID;
    if (s->state[r] != CX_CELL_OK || e->state[r] != CX_CELL_OK)
        return CX_CELL_MISSING;
    *ms = e->v.ms[r] - s->v.ms[r];
    /* negative, or longer than any handle time (the cap of durations) */
    return *ms < 0 || *ms > CX_DURATION_MAX_MS ? CX_CELL_INVALID : CX_CELL_OK;
}

/* One scope's AHT state (with a sketch of its handle times in a partial
 * run) and result (exact percentiles from the sorted times). */
static int aht_state(const struct ctx *x, struct cx_report *rep,
                     const struct cx_aht_acc *a, const struct cx_aht_opts *ao,
                     const int64_t *sorted, struct cx_mstate *st,
                     struct cx_metric_result *out)
{
    *st = (struct cx_mstate){.kind = CX_MK_AHT};
    st->u.aht.acc = *a;
    st->u.aht.o = *ao;
    if (x->o->partial
        && cx_sketch_build(&st->u.aht.sketch, sorted, a->n, &rep->arena) != 0)
        return -1;
    struct cx_finish_opts fo;
    cx_app_finish_opts(x->o, &fo);
    cx_mstate_finish(st, &fo, sorted, out);
    return 0;
}

/* AHT for the overall scope and every group. */
static enum cx_status run_aht(struct ctx *x, struct cx_report *rep,
                              struct cx_error *err)
{
    const struct cx_table *t = &x->t;
    size_t ng = x->g.ngroups, nrows = t->nrows;
    struct cx_aht_acc all = {0};
    struct cx_aht_acc *acc = cx_calloc(ng + 1, sizeof *acc);
    int64_t *vals = cx_malloc((nrows ? nrows : 1) * sizeof *vals);
    int64_t *byg = cx_malloc((nrows ? nrows : 1) * sizeof *byg);
    size_t *start = cx_calloc(ng + 2, sizeof *start);
    size_t *fill = NULL;
    int64_t *tmp = NULL;
    enum cx_status status = CX_OK;
    if (!acc || !vals || !byg || !start)
        goto nomem;
    size_t nv = 0;
    for (size_t r = 0; r < nrows; r++) {
        struct cx_aht_acc *ga = ng ? &acc[x->g.row_group[r]] : NULL;
        int64_t ms = 0;
        if (abandoned(x, r)) {
            all.abandoned++;
            if (ga)
                ga->abandoned++;
            continue;
        }
        enum cx_cell st = handle_time(x, r, &ms);
        if (st != CX_CELL_OK) {
            uint64_t *cnt = st == CX_CELL_MISSING ? &all.missing
                                                  : &all.invalid;
            (*cnt)++;
            if (ga)
                (*(st == CX_CELL_MISSING ? &ga->missing : &ga->invalid))++;
            continue;
        }
        int64_t tk = part_or_zero(x, x->c.talk, r);
        int64_t hd = part_or_zero(x, x->c.hold, r);
        int64_t aw = part_or_zero(x, x->c.acw, r);
        cx_aht_add(&all, ms, tk, hd, aw);
        if (ga) {
            cx_aht_add(ga, ms, tk, hd, aw);
            start[x->g.row_group[r] + 1]++;
        }
        vals[nv++] = ms;
    }
    /* Handle times by group (a counting sort on the group), each sorted. */
    for (size_t i = 0; i < ng; i++)
        start[i + 1] += start[i];
    if (ng) {
        fill = cx_calloc(ng + 1, sizeof *fill);
        if (!fill)
            goto nomem;
        memcpy(fill, start, ng * sizeof *fill);
        size_t k = 0;
        for (size_t r = 0; r < nrows; r++) {
            int64_t ms;
            if (abandoned(x, r) || handle_time(x, r, &ms) != CX_CELL_OK)
                continue;
            byg[fill[x->g.row_group[r]]++] = vals[k++];
        }
    }
    /* Each group's slice sorted through a scratch of the largest group
     * and finished; then byg, done with, is the scratch of the whole. */
    struct cx_aht_opts ao = {found(x, x->c.talk), found(x, x->c.hold),
                             found(x, x->c.acw)};
    size_t most = 1;
    for (size_t i = 0; i < ng; i++)
        if (start[i + 1] - start[i] > most)
            most = start[i + 1] - start[i];
    if (ng) {
        tmp = cx_malloc(most * sizeof *tmp);
        if (!tmp)
            goto nomem;
    }
    for (size_t i = 0; i < ng; i++) {
        struct cx_report_group *rg = &rep->groups[i];
        cx_sort_i64(byg + start[i], start[i + 1] - start[i], tmp);
        if (aht_state(x, rep, &acc[i], &ao, byg + start[i],
                      &rg->state[rg->nmetrics],
                      &rg->metrics[rg->nmetrics]) != 0)
            goto nomem;
        rg->nmetrics++;
    }
    cx_sort_i64(vals, nv, byg);
    if (aht_state(x, rep, &all, &ao, vals, &rep->overall_state[rep->noverall],
                  &rep->overall[rep->noverall]) != 0)
        goto nomem;
    rep->noverall++;
    goto done;
nomem:
    status = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
done:
    cx_free(tmp);
    cx_free(fill);
    cx_free(acc);
    cx_free(vals);
    cx_free(byg);
    cx_free(start);
    return status;
}

/* Contacts for episodes by customer, issue and start; ctx is the run's
 * struct ctx. */
static int cmp_contacts(const void *pa, const void *pb, void *ctx)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const struct ctx *x = ctx;
    const struct cx_table *t = &x->t;
    const struct cols *c = &x->c;
    uint32_t ca = t->cols[c->customer].v.dim[a];
    uint32_t cb = t->cols[c->customer].v.dim[b];
    if (ca != cb)
        return ca < cb ? -1 : 1;
    if (found(x, c->issue)) {
        uint32_t ia = t->cols[c->issue].v.dim[a];
        uint32_t ib = t->cols[c->issue].v.dim[b];
        if (ia != ib)
            return ia < ib ? -1 : 1;
    }
    int64_t sa = t->cols[c->start].v.ms[a], sb = t->cols[c->start].v.ms[b];
    if (sa != sb)
        return sa < sb ? -1 : 1;
    return (a > b) - (a < b);       /* ties keep file order */
}

/* Repeat-contact episodes (SPEC §3): per customer (and issue), in time
 * order; a contact more than the window after the episode's first contact
 * opens a new episode.  An episode counts in the groups of its first
 * contact. */
static enum cx_status episodes(struct ctx *x, struct cx_fcr_acc *all,
                               struct cx_fcr_acc *acc, struct cx_error *err)
{
    const struct cx_table *t = &x->t;
    const struct cols *c = &x->c;
    size_t *rows = cx_malloc((t->nrows ? t->nrows : 1) * sizeof *rows);
    if (!rows)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    size_t n = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        struct cx_fcr_acc *ga = x->g.ngroups ? &acc[x->g.row_group[r]] : NULL;
        if (abandoned(x, r)) {
            all->abandoned++;
            if (ga)
                ga->abandoned++;
        } else if (t->cols[c->customer].v.dim[r] == 0
                   || t->cols[c->start].state[r] != CX_CELL_OK) {
            all->invalid++;
            if (ga)
                ga->invalid++;
        } else {
            rows[n++] = r;
        }
    }
    cx_sort(rows, n, sizeof *rows, cmp_contacts, x);
    bool by_issue = found(x, c->issue);
    for (size_t i = 0; i < n;) {
        size_t first = rows[i], j = i + 1;
        int64_t t0 = t->cols[c->start].v.ms[first];
        while (j < n
               && t->cols[c->customer].v.dim[rows[j]]
                      == t->cols[c->customer].v.dim[first]
               && (!by_issue
                   || t->cols[c->issue].v.dim[rows[j]]
                          == t->cols[c->issue].v.dim[first])
               && t->cols[c->start].v.ms[rows[j]] - t0 <= x->o->fcr_window_ms)
            j++;
        uint64_t k = j - i;
        struct cx_fcr_acc *ga = x->g.ngroups ? &acc[x->g.row_group[first]]
                                             : NULL;
        all->n++;
        all->contacts += k;
        all->resolved += k == 1;
        if (ga) {
            ga->n++;
            ga->contacts += k;
            ga->resolved += k == 1;
        }
        i = j;
    }
    cx_free(rows);
    return CX_OK;
}

static void flags(const struct ctx *x, struct cx_fcr_acc *all,
                  struct cx_fcr_acc *acc)
{
    const struct cx_column *f = &x->t.cols[x->c.resolved];
    for (size_t r = 0; r < x->t.nrows; r++) {
        struct cx_fcr_acc one = {0};
        if (abandoned(x, r))
            one.abandoned = 1;
        else if (f->state[r] == CX_CELL_MISSING)
            one.missing = 1;
        else if (f->state[r] == CX_CELL_INVALID)
            one.invalid = 1;
        else {
            one.n = 1;
            one.resolved = f->v.flag[r];
        }
        cx_fcr_merge(all, &one);
        if (x->g.ngroups)
            cx_fcr_merge(&acc[x->g.row_group[r]], &one);
    }
}

static enum cx_status run_fcr(struct ctx *x, struct cx_report *rep,
                              struct cx_error *err)
{
    size_t ng = x->g.ngroups;
    struct cx_fcr_acc all = {0};
    struct cx_fcr_acc *acc = cx_calloc(ng + 1, sizeof *acc);
    if (!acc)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    enum cx_status st = CX_OK;
    if (x->repeat)
        st = episodes(x, &all, acc, err);
    else
        flags(x, &all, acc);
    if (st == CX_OK) {
        struct cx_finish_opts fo;
        cx_app_finish_opts(x->o, &fo);
        struct cx_mstate *s = &rep->overall_state[rep->noverall];
        *s = (struct cx_mstate){.kind = CX_MK_FCR};
        s->u.fcr.acc = all;
        s->u.fcr.repeat = x->repeat;
        cx_mstate_finish(s, &fo, NULL, &rep->overall[rep->noverall++]);
        for (size_t i = 0; i < ng; i++) {
            struct cx_report_group *rg = &rep->groups[i];
            s = &rg->state[rg->nmetrics];
            *s = (struct cx_mstate){.kind = CX_MK_FCR};
            s->u.fcr.acc = acc[i];
            s->u.fcr.repeat = x->repeat;
            cx_mstate_finish(s, &fo, NULL, &rg->metrics[rg->nmetrics++]);
        }
    }
    cx_free(acc);
    return st;
}

enum cx_status cx_app_interactions(const struct cx_run_options *o,
                                   struct cx_input_stats *stats,
                                   struct cx_report *rep,
                                   struct cx_error *err)
{
    struct ctx x;
    memset(&x, 0, sizeof x);
    x.o = o;
    if (cx_table_init(&x.t, CX_TABLE_INTERACTIONS) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    enum cx_status st = setup(&x, err);
    if (st == CX_OK)
        st = cx_app_load(&x.t, o, stats, err);
    if (st == CX_OK)
        st = choose(&x, err);
    if (st == CX_OK && o->partial && x.repeat && o->partitioned_by
        && (x.metrics & CX_METRIC_FCR)
        && strcmp(x.t.cols[x.c.customer].label, o->partitioned_by) != 0)
        st = cx_error_set(err, CX_ERR_STATE,
                          &(struct cx_loc){x.t.first_file, 0, 0},
                          "the input was split by '%s', but repeat-contact "
                          "FCR needs each customer's contacts in one part: "
                          "split by '%s' (cxcalc partition --key %s)",
                          o->partitioned_by, x.t.cols[x.c.customer].label,
                          x.t.cols[x.c.customer].label);
    if (st == CX_OK)
        st = mark_abandoned(&x, err);
    if (st == CX_OK)
        st = cx_app_group(&x.g, rep, &x.t, x.c.by, o, o->period, x.c.start,
                          err);
    /* each group's room: one metric each of AHT and FCR computed */
    size_t nm = !!(x.metrics & CX_METRIC_AHT) + !!(x.metrics & CX_METRIC_FCR);
    for (size_t i = 0; st == CX_OK && i < x.g.ngroups; i++)
        if (cx_report_group_room(rep, &rep->groups[i], nm) != 0)
            st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    if (st == CX_OK) {
        cx_app_describe(rep, o, stats);
        if (x.metrics & CX_METRIC_AHT)
            st = run_aht(&x, rep, err);
        if (st == CX_OK && (x.metrics & CX_METRIC_FCR))
            st = run_fcr(&x, rep, err);
    }
    if (st == CX_OK)
        for (size_t i = 0; i < x.g.ngroups; i++)
            cx_app_suppress(&rep->groups[i], o->min_n);
    cx_free(x.abandoned_id);
    cx_group_release(&x.g);
    cx_table_release(&x.t);
    return st;
}
