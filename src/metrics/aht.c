/* aht.c - average handle time: the mean, median and p90 of handle times of
 * handled contacts (SPEC §3; median and p90 interpolate like numpy's
 * default).  Durations are integer milliseconds, so sums are exact and do
 * not depend on row order; results are in seconds. */
#include <stddef.h>
#include <stdio.h>

#include "cxcalc/registry.h"
#include "metrics/contact.h"
#include "metrics/stats.h"
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

/* The q-quantile in seconds: exact from sorted_ms, else from the sketch. */
static double quantile_s(const int64_t *sorted_ms, const struct cx_sketch *s,
                         uint64_t n, double q)
{
    if (sorted_ms)
        return cx_quantile_sorted(sorted_ms, n, q) / 1000;
    return cx_sketch_quantile(s, q) / 1000;
}

void cx_aht_finish(const struct cx_aht_acc *a, const struct cx_aht_opts *o,
                   const int64_t *sorted_ms, const struct cx_sketch *sketch,
                   struct cx_metric_result *out)
{
    bool ok = a->n > 0 && (sorted_ms || sketch->n == a->n);
    cx_result_init(out, "aht");
    cx_result_count(out, "n", a->n);
    cx_result_real(out, "value", mean_s(a->sum_ms, a->n), a->n > 0);
    cx_result_real(out, "median",
                   ok ? quantile_s(sorted_ms, sketch, a->n, 0.5) : 0, ok);
    cx_result_real(out, "p90",
                   ok ? quantile_s(sorted_ms, sketch, a->n, 0.9) : 0, ok);
    if (o->has_talk)
        cx_result_real(out, "talk_mean", mean_s(a->talk_ms, a->n), ok);
    if (o->has_hold)
        cx_result_real(out, "hold_mean", mean_s(a->hold_ms, a->n), ok);
    if (o->has_acw)
        cx_result_real(out, "acw_mean", mean_s(a->acw_ms, a->n), ok);
    cx_result_count(out, "abandoned", a->abandoned);
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
    if (!sorted_ms)
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
    cx_aht_finish(&s->u.aht.acc, &s->u.aht.o, s->sorted, &s->u.aht.sketch,
                  out);
}

/* ---- its part in a run ------------------------------------------------ */

/* The run's handle times: the overall and per-slot accumulators, and
 * every handled contact's time and slot, for exact percentiles. */
struct run {
    struct cx_contacts c;
    struct cx_aht_acc all;
    struct cx_aht_acc *slots;
    size_t nslots;
    int64_t *ms;                /* n handle times, in row order */
    uint32_t *slot;             /* and their slots */
    size_t n;
};

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

/* Row r into one scope; true when it has a handle time *ms. */
static bool add_row(const struct run *x, const struct cx_table *t, size_t r,
                    struct cx_aht_acc *a, int64_t *ms)
{
    if (cx_contact_abandoned(&x->c, t, r)) {
        a->abandoned++;
        return false;
    }
    enum cx_cell st = cx_handle_time(&x->c, t, r, ms);
    if (st != CX_CELL_OK) {
        (*(st == CX_CELL_MISSING ? &a->missing : &a->invalid))++;
        return false;
    }
    cx_aht_add(a, *ms, cx_handle_part(t, x->c.talk, r),
               cx_handle_part(t, x->c.hold, r),
               cx_handle_part(t, x->c.acw, r));
    return true;
}

/* Every row at once (the metric needs them all, registry.h). */
static enum cx_status add(struct cx_job *j, const struct cx_table *t,
                          const uint32_t *slot, size_t nslots,
                          struct cx_error *err)
{
    struct run *x = j->priv;
    x->slots = cx_calloc(nslots + 1, sizeof *x->slots);
    x->ms = cx_malloc((t->nrows + 1) * sizeof *x->ms);
    x->slot = cx_malloc((t->nrows + 1) * sizeof *x->slot);
    if (!x->slots || !x->ms || !x->slot)
        return nomem(err);
    x->nslots = nslots;
    for (size_t r = 0; r < t->nrows; r++) {
        struct cx_aht_acc one = {0};
        int64_t ms = 0;
        bool handled = add_row(x, t, r, &one, &ms);
        cx_aht_merge(&x->all, &one);
        if (slot)
            cx_aht_merge(&x->slots[slot[r]], &one);
        if (handled) {
            x->slot[x->n] = slot ? slot[r] : 0;
            x->ms[x->n++] = ms;
        }
    }
    return CX_OK;
}

/* One scope's state (with a sketch of its handle times in a partial
 * run) and result (exact percentiles from the sorted times). */
static enum cx_status scope(const struct cx_job *j, const struct run *x,
                            const struct cx_table *t,
                            const struct cx_aht_acc *a, const int64_t *sorted,
                            struct cx_mstate *st,
                            struct cx_metric_result *out,
                            struct cx_arena *arena, struct cx_error *err)
{
    *st = (struct cx_mstate){.kind = CX_MK_AHT};
    st->u.aht.acc = *a;
    st->u.aht.o = (struct cx_aht_opts){cx_found(t, x->c.talk),
                                       cx_found(t, x->c.hold),
                                       cx_found(t, x->c.acw)};
    if (j->o->partial
        && cx_sketch_build(&st->u.aht.sketch, sorted, a->n, arena) != 0)
        return nomem(err);
    cx_mstate_finish(st, j->o, sorted, out);
    return CX_OK;
}

/* Each group's handle times together (a counting sort on the group),
 * each sorted through a scratch of the largest group and finished; then
 * the whole, sorted through the groups' array. */
static enum cx_status finish_job(struct cx_job *j, const struct cx_table *t,
                                 const struct cx_job_out *out,
                                 struct cx_error *err)
{
    struct run *x = j->priv;
    size_t ng = out->ngroups, most = 1;
    struct cx_aht_acc *acc = cx_calloc(ng + 1, sizeof *acc);
    size_t *start = cx_calloc(ng + 2, sizeof *start);
    int64_t *byg = cx_malloc((x->n + 1) * sizeof *byg), *tmp = NULL;
    enum cx_status st = acc && start && byg ? CX_OK : nomem(err);
    for (size_t s = 0; st == CX_OK && ng && s < x->nslots; s++)
        cx_aht_merge(&acc[out->rank[s]], &x->slots[s]);
    for (size_t i = 0; st == CX_OK && ng && i < x->n; i++)
        start[out->rank[x->slot[i]] + 1]++;
    for (size_t g = 0; st == CX_OK && g < ng; g++) {
        most = start[g + 1] > most ? start[g + 1] : most;
        start[g + 1] += start[g];
    }
    if (st == CX_OK && ng && !(tmp = cx_malloc(most * sizeof *tmp)))
        st = nomem(err);
    for (size_t i = 0; st == CX_OK && ng && i < x->n; i++)
        byg[start[out->rank[x->slot[i]]]++] = x->ms[i];
    /* start[g] is now where group g + 1 begins */
    for (size_t g = 0, from = 0; st == CX_OK && g < ng; g++) {
        cx_sort_i64(byg + from, start[g] - from, tmp);
        st = scope(j, x, t, &acc[g], byg + from, out->state[g],
                   out->result[g], out->arena, err);
        from = start[g];
    }
    if (st == CX_OK) {
        cx_sort_i64(x->ms, x->n, byg);
        st = scope(j, x, t, &x->all, x->ms, out->state[ng], out->result[ng],
                   out->arena, err);
    }
    cx_free(tmp);
    cx_free(acc);
    cx_free(start);
    cx_free(byg);
    return st;
}

static void release(struct cx_job *j)
{
    struct run *x = j->priv;
    if (!x)
        return;
    cx_contacts_release(&x->c);
    cx_free(x->slots);
    cx_free(x->ms);
    cx_free(x->slot);
    cx_free(x);
    j->priv = NULL;
}

static const struct cx_job_ops job = {plan, add, NULL, ready, finish_job,
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
static const char *const options[] = {"handled", "abandoned", NULL};

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
    .needs_all_rows = true,     /* exact median and p90 */
    .text = {"AHT (mean handle time, m:ss)", NULL, "", text_extra},
    .job = &job, .state = {"aht", state_fields, check, NULL, NULL},
    .finish = finish_state};
