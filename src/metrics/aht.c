/* aht.c - average handle time: the mean, median and p90 of handle times of
 * handled contacts (SPEC §3; median and p90 interpolate like numpy's
 * default).  Durations are integer milliseconds, so sums are exact and do
 * not depend on row order; results are in seconds. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cxcalc/registry.h"
#include "metrics/contact.h"
#include "metrics/stats.h"
#include "metrics/vcount.h"
#include "util/alloc.h"

void cx_aht_add(struct cx_aht_acc *a, int64_t handle_ms, int64_t talk_ms,
                int64_t hold_ms, int64_t acw_ms)
{
    a->n++;
    a->sum_ms += handle_ms;
    a->talk_ms += talk_ms;
    a->hold_ms += hold_ms;
    a->acw_ms += acw_ms;
}

void cx_aht_merge(struct cx_aht_acc *into, const struct cx_aht_acc *from)
{
    into->n += from->n;
    into->missing += from->missing;
    into->invalid += from->invalid;
    into->abandoned += from->abandoned;
    into->sum_ms += from->sum_ms;
    into->talk_ms += from->talk_ms;
    into->hold_ms += from->hold_ms;
    into->acw_ms += from->acw_ms;
}

static double mean_s(int64_t sum_ms, uint64_t n)
{
    return (double)sum_ms / (double)n / 1000.0;
}

/* The q-quantile in seconds: exact from the counted values, else from the
 * sketch. */
static double quantile_s(const struct cx_exact *exact,
                         const struct cx_sketch *s, uint64_t n, double q)
{
    if (exact)
        return cx_vcount_quantile(exact->v, exact->n, n, q) / 1000;
    return cx_sketch_quantile(s, q) / 1000;
}

void cx_aht_finish(const struct cx_aht_acc *a, const struct cx_aht_opts *o,
                   const struct cx_exact *exact,
                   const struct cx_sketch *sketch,
                   struct cx_metric_result *out)
{
    bool ok = a->n > 0 && (exact || sketch->n == a->n);
    cx_result_init(out, "aht");
    cx_result_count(out, "n", a->n);
    cx_result_real(out, "value", mean_s(a->sum_ms, a->n), a->n > 0);
    cx_result_real(out, "median",
                   ok ? quantile_s(exact, sketch, a->n, 0.5) : 0, ok);
    cx_result_real(out, "p90",
                   ok ? quantile_s(exact, sketch, a->n, 0.9) : 0, ok);
    if (o->has_talk)
        cx_result_real(out, "talk_mean", mean_s(a->talk_ms, a->n), ok);
    if (o->has_hold)
        cx_result_real(out, "hold_mean", mean_s(a->hold_ms, a->n), ok);
    if (o->has_acw)
        cx_result_real(out, "acw_mean", mean_s(a->acw_ms, a->n), ok);
    cx_result_count(out, "abandoned", a->abandoned);
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
    if (!exact)
        cx_result_bool(out, "percentiles_approximate", true);
}

/* A state read back whose sketch does not hold its n handle times. */
static const char *check(const struct cx_mstate *s)
{
    return s->u.aht.sketch.n != s->u.aht.acc.n
        ? "the AHT sketch does not hold n values" : NULL;
}

/* Its state in a state file. */
#define ACC u.aht.acc
static const struct cx_state_field state_fields[] = {
    CX_SU(ACC, n), CX_SU(ACC, missing), CX_SU(ACC, invalid),
    CX_SU(ACC, abandoned), CX_SI(ACC, sum_ms), CX_SI(ACC, talk_ms),
    CX_SI(ACC, hold_ms), CX_SI(ACC, acw_ms), CX_SB(u.aht.o, has_talk),
    CX_SB(u.aht.o, has_hold), CX_SB(u.aht.o, has_acw),
    CX_SFIELD(CX_SF_SKETCH, "sketch", u.aht.sketch), CX_S_END};
#undef ACC

/* ---- the registry entry ------------------------------------------------ */

static void finish_state(const struct cx_mstate *s,
                         const struct cx_metric_opts *o,
                         struct cx_metric_result *out)
{
    (void)o;
    cx_aht_finish(&s->u.aht.acc, &s->u.aht.o, s->exact, &s->u.aht.sketch,
                  out);
}

/* ---- its part in a run ------------------------------------------------ */

/*
 * The run's handle times, streamed: per grouper slot (and overall) the
 * accumulator and the times counted by value (vcount.h), so memory grows
 * with the distinct handle times, not the rows.
 *
 * Where handle times come from is chosen once, from the columns of every
 * input (contact.h), which are known only at the end; so each source whose
 * columns some input read so far is accumulated on its own, and the end
 * takes the chosen one's.  A source first found in a later input counts
 * the rows before it as missing (or abandoned), as a run over the whole
 * table would: there its columns were empty.
 */
enum { NSRC = 3 };                  /* column, parts, times */

struct times_from {
    bool on;
    struct cx_aht_acc all;
    struct cx_vcount all_times;     /* rows without slots */
    struct cx_aht_acc *slots;       /* cap of each, while on */
    struct cx_vcount *times;
    size_t cap;
};

/* What every row of a scope was before a source was found. */
struct seen {
    uint64_t rows, abandoned;
};

struct run {
    struct cx_contacts c;
    struct times_from src[NSRC];
    struct seen all;
    struct seen *slots;
    size_t nslots, cap;
};

static const enum cx_handle_source sources[NSRC] = {
    CX_HANDLE_COLUMN, CX_HANDLE_PARTS, CX_HANDLE_TIMES};

static enum cx_status nomem(struct cx_error *err)
{
    return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
}

static enum cx_status plan(struct cx_job *j, struct cx_table *t,
                           struct cx_error *err)
{
    struct run *x = cx_calloc(1, sizeof *x);
    if (!x)
        return nomem(err);
    j->priv = x;
    return cx_contacts_plan(&x->c, t, j->o, true) == 0 ? CX_OK : nomem(err);
}

static enum cx_status ready(struct cx_job *j, const struct cx_table *t,
                            struct cx_error *err)
{
    struct run *x = j->priv;
    enum cx_status st = cx_contacts_ready(&x->c, t, err);
    if (st != CX_OK || x->c.src != CX_HANDLE_NONE)
        return st;
    if (j->o->report)
        return CX_DONE;
    return cx_table_missing_role(t, CX_ROLE_HANDLE, "handle time needs a "
                                 "handle column, talk/hold/acw columns, "
                                 "or start and end", err);
}

/* Grow an array of n items of `size` bytes to cap, the new ones zeroed. */
static void *grow_zeroed(void *p, size_t n, size_t cap, size_t size)
{
    unsigned char *q = cx_realloc(p, cap * size);
    if (q)
        memset(q + n * size, 0, (cap - n) * size);
    return q;
}

/* Room for `cap` slots in source f's arrays; -1 when out of memory. */
static int times_room(struct times_from *f, size_t cap)
{
    if (cap <= f->cap)
        return 0;
    struct cx_aht_acc *a = grow_zeroed(f->slots, f->cap, cap, sizeof *a);
    if (!a)
        return -1;
    f->slots = a;
    struct cx_vcount *v = grow_zeroed(f->times, f->cap, cap, sizeof *v);
    if (!v)
        return -1;
    f->times = v;
    f->cap = cap;
    return 0;
}

/* Room for slots [0, n) in the arrays of the run and of the sources that
 * are on; -1 when out of memory. */
static int room(struct run *x, size_t n)
{
    if (n <= x->nslots)
        return 0;
    if (n > x->cap) {
        size_t cap = x->cap ? x->cap : 16;
        while (cap < n)
            cap *= 2;
        struct seen *s = grow_zeroed(x->slots, x->cap, cap, sizeof *s);
        if (!s)
            return -1;
        x->slots = s;
        x->cap = cap;
    }
    for (size_t k = 0; k < NSRC; k++)
        if (x->src[k].on && times_room(&x->src[k], x->cap) != 0)
            return -1;
    x->nslots = n;
    return 0;
}

/* The rows a scope saw before its source was found: missing there (or
 * abandoned), as in a table whose source columns were empty. */
static void before(struct cx_aht_acc *a, const struct seen *s)
{
    a->abandoned += s->abandoned;
    a->missing += s->rows - s->abandoned;
}

static void times_release(struct times_from *f, size_t nslots)
{
    for (size_t s = 0; f->times && s < nslots; s++)
        cx_vcount_release(&f->times[s]);
    cx_vcount_release(&f->all_times);
    cx_free(f->slots);
    cx_free(f->times);
    *f = (struct times_from){0};
}

/* Whether a source before k (one the run would rather take) is on. */
static bool outranked(const struct run *x, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (x->src[i].on)
            return true;
    return false;
}

/* Start accumulating source k, its columns just found, unless a source
 * before it is on; the sources after it are given up (found columns stay
 * found, so they can no longer be chosen).  -1 when out of memory. */
static int turn_on(struct run *x, size_t k)
{
    if (outranked(x, k))
        return 0;
    for (size_t i = k + 1; i < NSRC; i++)
        if (x->src[i].on)
            times_release(&x->src[i], x->nslots);
    struct times_from *f = &x->src[k];
    if (times_room(f, x->cap) != 0)
        return -1;
    f->on = true;
    before(&f->all, &x->all);
    for (size_t s = 0; s < x->nslots; s++)
        before(&f->slots[s], &x->slots[s]);
    return 0;
}

/* Row r (slot `slot`, or none: NULL) into source k's accumulators. */
static enum cx_status add_row(struct run *x, size_t k,
                              const struct cx_table *t, size_t r,
                              const uint32_t *slot, bool abandoned,
                              struct cx_error *err)
{
    struct times_from *f = &x->src[k];
    struct cx_aht_acc one = {0};
    int64_t ms = 0;
    enum cx_cell st = CX_CELL_MISSING;
    if (abandoned) {
        one.abandoned = 1;
    } else {
        st = cx_handle_time_from(&x->c, sources[k], t, r, &ms);
        if (st == CX_CELL_OK)
            cx_aht_add(&one, ms, cx_handle_part(t, x->c.talk, r),
                       cx_handle_part(t, x->c.hold, r),
                       cx_handle_part(t, x->c.acw, r));
        else
            (*(st == CX_CELL_MISSING ? &one.missing : &one.invalid))++;
    }
    cx_aht_merge(&f->all, &one);
    if (slot)
        cx_aht_merge(&f->slots[slot[r]], &one);
    if (st == CX_CELL_OK && cx_vcount_add(slot ? &f->times[slot[r]]
                                               : &f->all_times, ms, 1) != 0)
        return nomem(err);
    return CX_OK;
}

/* How many rows ahead a handle time's multiset is asked for. */
#define AHEAD 8

/* Ask for the memory that row r will touch in source k's multisets. */
static void ask_ahead(const struct run *x, size_t k, const struct cx_table *t,
                      size_t r, const uint32_t *slot)
{
    int64_t ms;
    const struct times_from *f = &x->src[k];
    if (cx_handle_time_from(&x->c, sources[k], t, r, &ms) == CX_CELL_OK)
        cx_vcount_prefetch(slot ? &f->times[slot[r]] : &f->all_times, ms);
}

/* A chunk of rows (or the whole table). */
static enum cx_status add(struct cx_job *j, const struct cx_table *t,
                          const uint32_t *slot, size_t nslots,
                          struct cx_error *err)
{
    struct run *x = j->priv;
    if ((slot && room(x, nslots) != 0)
        || cx_status_marks(&x->c.marks, &x->c.nmarks, t, j->o) != 0)
        return nomem(err);
    for (size_t k = 0; k < NSRC; k++)
        if (!x->src[k].on && cx_handle_source_found(&x->c, t, sources[k])
            && turn_on(x, k) != 0)
            return nomem(err);
    /* The first source's lookups are asked for a few rows ahead: the
     * slots' multisets together pass the cache. */
    size_t k0 = 0;
    while (k0 < NSRC && !x->src[k0].on)
        k0++;
    enum cx_status st = CX_OK;
    for (size_t r = 0; r < t->nrows && st == CX_OK; r++) {
        if (k0 < NSRC && r + AHEAD < t->nrows)
            ask_ahead(x, k0, t, r + AHEAD, slot);
        bool abandoned = cx_contact_abandoned(&x->c, t, r);
        for (size_t k = 0; k < NSRC && st == CX_OK; k++)
            if (x->src[k].on)
                st = add_row(x, k, t, r, slot, abandoned, err);
        x->all.rows++;
        x->all.abandoned += abandoned;
        if (slot) {
            x->slots[slot[r]].rows++;
            x->slots[slot[r]].abandoned += abandoned;
        }
    }
    return st;
}

/* Another part's slots into this one's (map: their slot -> this one's). */
static enum cx_status merge(struct cx_job *into, const struct cx_job *from,
                            const uint32_t *map, size_t nmap,
                            struct cx_error *err)
{
    struct run *x = into->priv;
    const struct run *y = from->priv;
    size_t need = 0, n = nmap < y->nslots ? nmap : y->nslots;
    for (size_t s = 0; s < n; s++)
        need = map[s] + 1 > need ? map[s] + 1 : need;
    if (room(x, need) != 0)
        return nomem(err);
    for (size_t k = 0; k < NSRC; k++) {
        struct times_from *f = &x->src[k];
        const struct times_from *g = &y->src[k];
        if (!f->on && g->on && turn_on(x, k) != 0)
            return nomem(err);
        if (!f->on)
            continue;
        /* a source the other part never found: its rows are missing */
        if (!g->on)
            before(&f->all, &y->all);
        else
            cx_aht_merge(&f->all, &g->all);
        if (g->on && cx_vcount_merge(&f->all_times, &g->all_times) != 0)
            return nomem(err);
        for (size_t s = 0; s < n; s++) {
            if (!g->on) {
                before(&f->slots[map[s]], &y->slots[s]);
                continue;
            }
            cx_aht_merge(&f->slots[map[s]], &g->slots[s]);
            if (cx_vcount_merge(&f->times[map[s]], &g->times[s]) != 0)
                return nomem(err);
        }
    }
    x->all.rows += y->all.rows;
    x->all.abandoned += y->all.abandoned;
    for (size_t s = 0; s < n; s++) {
        x->slots[map[s]].rows += y->slots[s].rows;
        x->slots[map[s]].abandoned += y->slots[s].abandoned;
    }
    return CX_OK;
}

/* One scope's state (with a sketch of its handle times in a partial run)
 * and result (exact percentiles from the counted times). */
static enum cx_status scope(const struct cx_job *j, const struct run *x,
                            const struct cx_table *t,
                            const struct cx_aht_acc *a,
                            const struct cx_vcount *times,
                            struct cx_mstate *st,
                            struct cx_metric_result *out,
                            struct cx_arena *arena, struct cx_error *err)
{
    *st = (struct cx_mstate){.kind = CX_MK_AHT};
    st->u.aht.acc = *a;
    st->u.aht.o = (struct cx_aht_opts){cx_found(t, x->c.talk),
                                       cx_found(t, x->c.hold),
                                       cx_found(t, x->c.acw)};
    struct cx_value_count *v = cx_malloc((times->used + 1) * sizeof *v);
    if (!v)
        return nomem(err);
    struct cx_exact exact = {v, cx_vcount_sorted(times, v)};
    enum cx_status rc = CX_OK;
    if (j->o->partial
        && cx_sketch_from_counts(&st->u.aht.sketch, v, exact.n, arena) != 0)
        rc = nomem(err);
    else
        cx_mstate_finish(st, j->o, &exact, out);
    cx_free(v);
    return rc;
}

/* The chosen source's accumulators: each group's from its slots', then
 * each group and the whole. */
static enum cx_status finish_job(struct cx_job *j, const struct cx_table *t,
                                 const struct cx_job_out *out,
                                 struct cx_error *err)
{
    struct run *x = j->priv;
    size_t k = 0;
    while (k + 1 < NSRC && sources[k] != x->c.src)
        k++;
    const struct times_from *f = &x->src[k];
    size_t ng = out->ngroups;
    struct cx_aht_acc *acc = cx_calloc(ng + 1, sizeof *acc);
    struct cx_vcount *times = cx_calloc(ng + 1, sizeof *times);
    enum cx_status st = acc && times ? CX_OK : nomem(err);
    for (size_t s = 0; st == CX_OK && f->on && s < x->nslots; s++) {
        /* ng: a slot no group of the report holds (the whole only) */
        size_t g = s < out->nslots && out->rank ? out->rank[s] : ng;
        if (g > ng)
            g = ng;
        if (g < ng)
            cx_aht_merge(&acc[g], &f->slots[s]);
        if (cx_vcount_merge(&times[ng], &f->times[s]) != 0
            || (g < ng && cx_vcount_merge(&times[g], &f->times[s]) != 0))
            st = nomem(err);
    }
    if (st == CX_OK && cx_vcount_merge(&times[ng], &f->all_times) != 0)
        st = nomem(err);
    for (size_t g = 0; st == CX_OK && g < ng; g++)
        st = scope(j, x, t, &acc[g], &times[g], out->state[g],
                   out->result[g], out->arena, err);
    if (st == CX_OK)
        st = scope(j, x, t, &f->all, &times[ng], out->state[ng],
                   out->result[ng], out->arena, err);
    for (size_t g = 0; times && g <= ng; g++)
        cx_vcount_release(&times[g]);
    cx_free(times);
    cx_free(acc);
    return st;
}

static void release(struct cx_job *j)
{
    struct run *x = j->priv;
    if (!x)
        return;
    cx_contacts_release(&x->c);
    for (size_t k = 0; k < NSRC; k++)
        times_release(&x->src[k], x->nslots);
    cx_free(x->slots);
    cx_free(x);
    j->priv = NULL;
}

static const struct cx_job_ops job = {plan, add, merge, ready, finish_job,
                                      release};

static void text_extra(const struct cx_metric_result *m, char *buf,
                       size_t size)
{
    char med[24], p90[24];
    cx_value_duration(cx_result_value(m, "median"), med, sizeof med);
    cx_value_duration(cx_result_value(m, "p90"), p90, sizeof p90);
    snprintf(buf, size, "median %s  p90 %s", med, p90);
}

/* Its own options (see registry.h). */
static const char *const options[] = {"handled", "abandoned", "threads",
                                     NULL};

static const struct cx_field_def fields[] = {
    CX_F_COUNT(n), CX_F_REAL(value, "seconds"), CX_F_REAL(median, "seconds"),
    CX_F_REAL(p90, "seconds"), CX_F_REAL(talk_mean, "seconds"),
    CX_F_REAL(hold_mean, "seconds"), CX_F_REAL(acw_mean, "seconds"),
    CX_F_COUNT(abandoned), CX_F_COUNT(missing), CX_F_COUNT(invalid),
    CX_F_BOOL(percentiles_approximate), CX_F_END};

const struct cx_metric_def cx_aht_metric = {
    .name = "aht", .table = CX_TABLE_INTERACTIONS,
    .summary = "average handle time of handled contacts",
    .options = options, .fields = fields,
    .text = {"AHT (mean handle time, m:ss)", NULL, "", text_extra},
    .job = &job, .state = {"aht", state_fields, check, NULL, NULL},
    .finish = finish_state};
