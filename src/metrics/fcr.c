/* fcr.c - first contact resolution: the share of resolved-first flags, or
 * of one-contact episodes (SPEC §3; Wilson 1927 for the interval). */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cxcalc/registry.h"
#include "metrics/contact.h"
#include "metrics/slots.h"
#include "metrics/stats.h"
#include "util/alloc.h"
#include "util/sort.h"

/* Its registry entry (below): its accumulator merges by its state's
 * members. */
extern const struct cx_metric_def cx_fcr_metric;

void cx_fcr_merge(struct cx_fcr_acc *into, const struct cx_fcr_acc *from)
{
    cx_mstate_add(&cx_fcr_metric, into, from, sizeof *into);
}

void cx_fcr_finish(const struct cx_fcr_acc *a, const struct cx_fcr_opts *o,
                   struct cx_metric_result *out)
{
    bool ok = a->n > 0;
    double low = 0, high = 0;
    if (ok)
        cx_wilson(a->resolved, a->n, o->z, &low, &high);
    cx_result_init(out, "fcr");
    cx_result_text(out, "method", o->repeat ? "repeat" : "flag");
    cx_result_count(out, "n", a->n);
    cx_result_count(out, "resolved_first", a->resolved);
    if (o->repeat)
        cx_result_count(out, "repeat_contacts", a->contacts - a->n);
    cx_result_real(out, "value", 100 * (double)a->resolved / (double)a->n,
                   ok);
    cx_result_real(out, "ci_low", low, ok);
    cx_result_real(out, "ci_high", high, ok);
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
    cx_result_count(out, "abandoned", a->abandoned);
}

static void empty_like(struct cx_mstate *s, const struct cx_mstate *like)
{
    s->u.fcr.repeat = like->u.fcr.repeat;
}

/* Its state in a state file. */
#define ACC u.fcr.acc
static const struct cx_state_field state_fields[] = {
    CX_SU(ACC, n), CX_SU(ACC, resolved), CX_SU(ACC, contacts),
    CX_SU(ACC, missing), CX_SU(ACC, invalid), CX_SU(ACC, abandoned),
    CX_SFIELD(CX_SF_SAME_BOOL, "repeat", u.fcr.repeat), CX_S_END};
#undef ACC

/* ---- the registry entry ------------------------------------------------ */

static void finish_state(const struct cx_mstate *s,
                         const struct cx_metric_opts *o,
                         struct cx_metric_result *out)
{
    struct cx_fcr_opts fo = {s->u.fcr.repeat, o->z};
    cx_fcr_finish(&s->u.fcr.acc, &fo, out);
}

/* ---- repeat-contact episodes (SPEC §3) --------------------------------- */

static int cmp_contacts(const void *pa, const void *pb, void *ctx)
{
    const struct cx_contact_log *c = ctx;
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    if (c->customer[a] != c->customer[b])
        return c->customer[a] < c->customer[b] ? -1 : 1;
    if (c->issue && c->issue[a] != c->issue[b])
        return c->issue[a] < c->issue[b] ? -1 : 1;
    if (c->start[a] != c->start[b])
        return c->start[a] < c->start[b] ? -1 : 1;
    return (a > b) - (a < b);       /* ties keep file order */
}

void cx_fcr_episodes(const struct cx_contact_log *c, size_t *idx, size_t n,
                     int64_t window_ms,
                     void (*episode)(void *ctx, size_t first,
                                     uint64_t contacts),
                     void *ctx)
{
    cx_sort(idx, n, sizeof *idx, cmp_contacts, (void *)c);
    for (size_t i = 0; i < n;) {
        size_t first = idx[i], j = i + 1;
        while (j < n && c->customer[idx[j]] == c->customer[first]
               && (!c->issue || c->issue[idx[j]] == c->issue[first])
               && c->start[idx[j]] - c->start[first] <= window_ms)
            j++;
        episode(ctx, first, j - i);
        i = j;
    }
}

/* ---- its part in a run ------------------------------------------------ */

enum { RESOLVED, CUSTOMER, START, ISSUE };      /* its columns (col[]) */

/* The run's own: the contact rules, the method chosen. */
struct own {
    struct cx_contacts c;
    bool repeat;
};

static void acc_state(const struct cx_job *j, const void *acc,
                      struct cx_mstate *st)
{
    const struct cx_slot_job *s = j->priv;
    const struct own *w = s->own;
    *st = (struct cx_mstate){.kind = CX_MK_FCR};
    st->u.fcr.acc = *(const struct cx_fcr_acc *)acc;
    st->u.fcr.repeat = w->repeat;
}

static enum cx_status nomem(struct cx_error *err)
{
    return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
}

/* The flag, or a customer's contacts in time (per issue) for episodes. */
static enum cx_status plan(struct cx_job *j, struct cx_table *t,
                           struct cx_error *err)
{
    enum cx_status st = cx_slot_job_new(j, sizeof(struct cx_fcr_acc), err);
    if (st != CX_OK)
        return st;
    struct cx_slot_job *s = j->priv;
    s->state = acc_state;
    struct own *w = cx_calloc(1, sizeof *w);
    if (!(s->own = w) || cx_contacts_plan(&w->c, t, j->o, false) != 0)
        return nomem(err);
    static const struct { enum cx_role role; enum cx_col_kind kind; }
        cols[] = {{CX_ROLE_RESOLVED, CX_KIND_FLAG},
                  {CX_ROLE_CUSTOMER, CX_KIND_DIM},
                  {CX_ROLE_START, CX_KIND_TIME},
                  {CX_ROLE_ISSUE, CX_KIND_DIM}};
    enum cx_fcr_method m = j->o->fcr_method;
    for (int i = RESOLVED; i <= ISSUE; i++) {
        if (i == RESOLVED ? m == CX_FCR_REPEAT : m == CX_FCR_FLAG)
            continue;
        s->col[i] = cx_table_add(t, &(struct cx_colspec){
            NULL, cols[i].role, cols[i].kind, 0, 0, false, 0});
        if (s->col[i] < 0)
            return nomem(err);
    }
    return CX_OK;
}

/* The method the columns allow (SPEC §3); one they cannot support is an
 * error, or in `report` leaves FCR out. */
static enum cx_status ready(struct cx_job *j, const struct cx_table *t,
                            struct cx_error *err)
{
    struct cx_slot_job *s = j->priv;
    struct own *w = s->own;
    const struct cx_metric_opts *o = j->o;
    enum cx_status st = cx_contacts_ready(&w->c, t, err);
    if (st != CX_OK)
        return st;
    bool has_flag = cx_found(t, s->col[RESOLVED]);
    const char *why = "the repeat-contact method needs it";
    w->repeat = o->fcr_method == CX_FCR_REPEAT || !has_flag;
    if (o->fcr_method == CX_FCR_FLAG && !has_flag)
        st = cx_table_missing_role(t, CX_ROLE_RESOLVED,
                                   "--fcr-method flag needs it", err);
    else if (w->repeat && !cx_found(t, s->col[CUSTOMER]))
        st = cx_table_missing_role(t, CX_ROLE_CUSTOMER, why, err);
    else if (w->repeat && !cx_found(t, s->col[START]))
        st = cx_table_missing_role(t, CX_ROLE_START, why, err);
    if (st != CX_OK)
        return o->report ? CX_DONE : st;
    const char *key = w->repeat ? t->cols[s->col[CUSTOMER]].label : NULL;
    if (o->partial && key && o->partitioned_by
        && strcmp(key, o->partitioned_by) != 0)
        return cx_error_set(err, CX_ERR_STATE,
                            &(struct cx_loc){t->first_file, 0, 0},
                            "the input was split by '%s', but "
                            "repeat-contact FCR needs each customer's "
                            "contacts in one part: split by '%s' (cxcalc "
                            "partition --key %s)", o->partitioned_by, key,
                            key);
    return CX_OK;
}

/* One row's count for one scope: abandoned, or its flag. */
static struct cx_fcr_acc flag_of(const struct cx_slot_job *s,
                                 const struct cx_table *t, size_t r)
{
    const struct own *w = s->own;
    const struct cx_column *f = &t->cols[s->col[RESOLVED]];
    struct cx_fcr_acc one = {0};
    if (cx_contact_abandoned(&w->c, t, r))
        one.abandoned = 1;
    else if (f->state[r] == CX_CELL_MISSING)
        one.missing = 1;
    else if (f->state[r] == CX_CELL_INVALID)
        one.invalid = 1;
    else
        one = (struct cx_fcr_acc){1, f->v.flag[r], 0, 0, 0, 0};
    return one;
}

/* Into the overall scope and row r's slot. */
static void count(struct cx_slot_job *s, const uint32_t *slot, size_t r,
                  const struct cx_fcr_acc *one)
{
    cx_fcr_merge((struct cx_fcr_acc *)s->all, one);
    if (slot)
        cx_fcr_merge(cx_slot_acc(s, slot[r]), one);
}

/* What an episode adds to the overall scope and its first contact's. */
struct episodes {
    struct cx_slot_job *s;
    const uint32_t *slot;
};

static void add_episode(void *ctx, size_t first, uint64_t contacts)
{
    const struct episodes *e = ctx;
    struct cx_fcr_acc one = {1, contacts == 1, contacts, 0, 0, 0};
    count(e->s, e->slot, first, &one);
}

/* The contacts that can open or repeat an episode (not abandoned, with a
 * customer and a valid start), cut into episodes; an episode counts in
 * the scope of its first contact. */
static enum cx_status add_episodes(struct cx_job *j, const struct cx_table *t,
                                   const uint32_t *slot,
                                   struct cx_error *err)
{
    struct cx_slot_job *s = j->priv;
    const struct own *w = s->own;
    const struct cx_column *cu = &t->cols[s->col[CUSTOMER]];
    const struct cx_column *st = &t->cols[s->col[START]];
    size_t *idx = cx_malloc((t->nrows + 1) * sizeof *idx), n = 0;
    if (!idx)
        return nomem(err);
    for (size_t r = 0; r < t->nrows; r++) {
        struct cx_fcr_acc one = {0};
        if (cx_contact_abandoned(&w->c, t, r))
            one.abandoned = 1;
        else if (cu->v.dim[r] == 0 || st->state[r] != CX_CELL_OK)
            one.invalid = 1;
        else
            idx[n++] = r;
        if (one.abandoned || one.invalid)
            count(s, slot, r, &one);
    }
    struct cx_contact_log log = {
        cu->v.dim, cx_found(t, s->col[ISSUE]) ? t->cols[s->col[ISSUE]].v.dim
                                              : NULL, st->v.ms};
    struct episodes e = {s, slot};
    cx_fcr_episodes(&log, idx, n, j->o->fcr_window_ms, add_episode, &e);
    cx_free(idx);
    return CX_OK;
}

/* Every row at once (episodes need all of a customer's contacts). */
static enum cx_status add(struct cx_job *j, const struct cx_table *t,
                          const uint32_t *slot, size_t nslots,
                          struct cx_error *err)
{
    struct cx_slot_job *s = j->priv;
    const struct own *w = s->own;
    enum cx_status st = cx_slot_job_room(s, nslots, err);
    if (st != CX_OK || w->repeat)
        return st == CX_OK ? add_episodes(j, t, slot, err) : st;
    for (size_t r = 0; r < t->nrows; r++) {
        struct cx_fcr_acc one = flag_of(s, t, r);
        count(s, slot, r, &one);
    }
    return CX_OK;
}

static void release(struct cx_job *j)
{
    struct cx_slot_job *s = j->priv;
    if (s && s->own) {
        cx_contacts_release(&((struct own *)s->own)->c);
        cx_free(s->own);
    }
    cx_slot_job_release(j);
}

static const struct cx_job_ops job = {plan, add, NULL, ready,
                                      cx_slot_job_finish, release};

static void text_extra(const struct cx_metric_result *m, char *buf,
                       size_t size)
{
    const char *method = cx_result_text_of(m, "method");
    if (cx_result_get(m, "repeat_contacts"))
        snprintf(buf, size, "%s, repeat contacts %" PRIu64, method,
                 cx_result_count_of(m, "repeat_contacts"));
    else
        snprintf(buf, size, "%s", method);
}

/* Its own options (see registry.h). */
static const char *const options[] = {
    "confidence", "fcr-method", "fcr-window", "handled", "abandoned",
    NULL};

static const struct cx_field_def fields[] = {
    CX_F_TEXT(method), CX_F_COUNT(n), CX_F_COUNT(resolved_first),
    CX_F_COUNT(repeat_contacts), CX_F_REAL(value, "percent"),
    CX_F_REAL(ci_low, "percent"), CX_F_REAL(ci_high, "percent"),
    CX_F_COUNT(missing), CX_F_COUNT(invalid), CX_F_COUNT(abandoned), CX_F_END};

const struct cx_metric_def cx_fcr_metric = {
    .name = "fcr", .table = CX_TABLE_INTERACTIONS, .options = options,
    .summary = "first contact resolution, % resolved first time",
    .fields = fields,
    .needs_all_rows = true,     /* repeat-contact episodes */
    .text = {"FCR (% resolved first time)", "%.1f", "", text_extra},
    .job = &job, .finish = finish_state,
    .state = {"fcr", state_fields, NULL, empty_like,
              "by a resolved flag in one, by repeat contacts in another "
              "(give --fcr-method when making the states)"}};
