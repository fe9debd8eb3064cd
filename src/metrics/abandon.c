/* abandon.c - abandon rate: the share of contacts not handled (abandoned
 * before an agent took them, or not answered), of the contacts with a
 * status (SPEC §3: the words of cx_status_abandoned, a "no" of an answered
 * flag, --handled and --abandoned; Wilson 1927 for the interval).  A
 * contact without a status is missing. */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>

#include "cxcalc/registry.h"
#include "metrics/contact.h"
#include "metrics/slots.h"
#include "metrics/stats.h"
#include "util/alloc.h"

/* The accumulator: counts, kept as the state's counts. */
enum { N, ABANDONED, MISSING, NCOUNTS };

struct acc {
    uint64_t c[NCOUNTS];
};

/* The statuses' marks (contact.h). */
struct own {
    uint8_t *marks;
    size_t nmarks;
};

static enum cx_status plan(struct cx_job *j, struct cx_table *t,
                           struct cx_error *err)
{
    struct cx_slot_job *s = cx_slot_job_plan(j, t, sizeof(struct acc),
                                             CX_ROLE_STATUS, CX_KIND_DIM, 0, 0,
                                             err);
    if (s && !(s->own = cx_calloc(1, sizeof(struct own))))
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    return s ? CX_OK : err->status;
}

/* Mark the statuses interned since the last batch. */
static enum cx_status mark(struct own *w, const struct cx_table *t,
                           const struct cx_metric_opts *o,
                           struct cx_error *err)
{
    if (cx_status_marks(&w->marks, &w->nmarks, t, o) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    return CX_OK;
}

static enum cx_status add(struct cx_job *j, const struct cx_table *t,
                          const uint32_t *slot, size_t nslots,
                          struct cx_error *err)
{
    struct cx_slot_job *s = j->priv;
    struct own *w = s->own;
    enum cx_status st = cx_slot_job_room(s, nslots, err);
    if (st == CX_OK)
        st = mark(w, t, j->o, err);
    if (st != CX_OK)
        return st;
    const uint32_t *status = t->cols[s->col[0]].v.dim;
    struct acc *all = (struct acc *)s->all;
    for (size_t r = 0; r < t->nrows; r++) {
        uint32_t id = status[r];
        uint64_t abandoned = w->marks[id];
        struct acc *g = slot ? cx_slot_acc(s, slot[r]) : all;
        all->c[N] += id != 0;
        all->c[ABANDONED] += abandoned;
        all->c[MISSING] += id == 0;
        if (slot) {
            g->c[N] += id != 0;
            g->c[ABANDONED] += abandoned;
            g->c[MISSING] += id == 0;
        }
    }
    return CX_OK;
}

static void release(struct cx_job *j)
{
    struct cx_slot_job *s = j->priv;
    if (s && s->own)
        cx_free(((struct own *)s->own)->marks);
    if (s)
        cx_free(s->own);
    cx_slot_job_release(j);
}

/* ---- the result of a state ------------------------------------------- */

static void finish_state(const struct cx_mstate *s,
                         const struct cx_metric_opts *o,
                         struct cx_metric_result *out)
{
    uint64_t n = s->u.counts[N], abandoned = s->u.counts[ABANDONED];
    bool ok = n > 0;
    double low = 0, high = 0;
    if (ok)
        cx_wilson(abandoned, n, o->z, &low, &high);
    cx_result_init(out, "abandon");
    cx_result_count(out, "n", n);
    cx_result_count(out, "abandoned", abandoned);
    cx_result_real(out, "value", 100 * (double)abandoned / (double)n, ok);
    cx_result_real(out, "ci_low", low, ok);
    cx_result_real(out, "ci_high", high, ok);
    cx_result_count(out, "missing", s->u.counts[MISSING]);
    cx_result_count(out, "invalid", 0);
}

/* A state read back whose abandoned contacts are more than its n. */
static const char *check(const struct cx_mstate *s)
{
    return s->u.counts[ABANDONED] > s->u.counts[N]
        ? "more contacts abandoned than counted" : NULL;
}

/* ---- the registry entry ------------------------------------------------ */

static const struct cx_job_ops job = {
    plan, add, cx_slot_job_merge, cx_slot_job_ready, cx_slot_job_finish,
    release};

static void text_extra(const struct cx_metric_result *m, char *buf,
                       size_t size)
{
    snprintf(buf, size, "abandoned %" PRIu64,
             cx_result_count_of(m, "abandoned"));
}

static const char *const options[] = {"confidence", "handled", "abandoned",
                                     "threads", NULL};

static const struct cx_field_def fields[] = {
    CX_F_COUNT(n), CX_F_COUNT(abandoned), CX_F_REAL(value, "percent"),
    CX_F_REAL(ci_low, "percent"), CX_F_REAL(ci_high, "percent"),
    CX_F_COUNT(missing), CX_F_COUNT(invalid), CX_F_END};

static const struct cx_state_field state_fields[] = {
    CX_S_U64("n", u.counts[N]), CX_S_U64("abandoned", u.counts[ABANDONED]),
    CX_S_U64("missing", u.counts[MISSING]), CX_S_END};

const struct cx_metric_def cx_abandon_metric = {
    .name = "abandon", .table = CX_TABLE_INTERACTIONS,
    .summary = "abandon rate, % of contacts abandoned",
    .options = options, .fields = fields, .finish = finish_state,
    .text = {"Abandon rate (% of contacts)", "%.1f", "", text_extra},
    .job = &job, .state = {"abandon", state_fields, check, NULL, NULL}};
