/* slots.c - per-slot accumulators of a metric's job (see slots.h). */
#include "metrics/slots.h"

#include <string.h>

#include "cxcalc/table.h"
#include "table/cell.h"
#include "util/alloc.h"

static enum cx_status nomem(struct cx_error *err)
{
    return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
}

enum cx_status cx_slot_job_new(struct cx_job *j, size_t size,
                               struct cx_error *err)
{
    struct cx_slot_job *s = cx_calloc(1, sizeof *s);
    if (!s)
        return nomem(err);
    s->size = size;
    s->col[0] = s->col[1] = s->col[2] = s->col[3] = -1;
    j->priv = s;
    s->all = cx_calloc(1, size);
    return s->all ? CX_OK : nomem(err);
}

struct cx_slot_job *cx_slot_job_plan(struct cx_job *j, struct cx_table *t,
                                     size_t size, enum cx_role role,
                                     enum cx_col_kind kind, int lo, int hi,
                                     struct cx_error *err)
{
    if (cx_slot_job_new(j, size, err) != CX_OK)
        return NULL;
    struct cx_slot_job *s = j->priv;
    s->col[0] = cx_table_add(t, &(struct cx_colspec){NULL, role, kind, lo, hi,
                                                     !j->o->report, 0});
    if (s->col[0] >= 0)
        return s;
    nomem(err);
    return NULL;
}

enum cx_status cx_slot_job_room(struct cx_slot_job *s, size_t n,
                                struct cx_error *err)
{
    if (n <= s->n)
        return CX_OK;
    size_t cap = s->n;
    if (cx_grow((void **)&s->at, &cap, n, s->size, 64))
        return nomem(err);
    memset(s->at + s->n * s->size, 0, (cap - s->n) * s->size);
    s->n = cap;
    return CX_OK;
}

enum cx_status cx_slot_job_merge(struct cx_job *into,
                                 const struct cx_job *from,
                                 const uint32_t *map, size_t nmap,
                                 struct cx_error *err)
{
    struct cx_slot_job *a = into->priv;
    const struct cx_slot_job *b = from->priv;
    cx_mstate_add(into->def, a->all, b->all, a->size);
    for (size_t s = 0; s < b->n && s < nmap; s++) {
        enum cx_status st = cx_slot_job_room(a, (size_t)map[s] + 1, err);
        if (st != CX_OK)
            return st;
        cx_mstate_add(into->def, cx_slot_acc(a, map[s]), cx_slot_acc(b, s),
                      a->size);
    }
    return CX_OK;
}

enum cx_status cx_slot_job_finish(struct cx_job *j,
                                  const struct cx_table *t,
                                  const struct cx_job_out *out,
                                  struct cx_error *err)
{
    (void)t;
    struct cx_slot_job *s = j->priv;
    size_t size = s->size, ng = out->ngroups;
    unsigned char *groups = cx_calloc(ng ? ng : 1, size);
    if (!groups)
        return nomem(err);
    for (size_t k = 0; ng && k < out->nslots && k < s->n; k++)
        cx_mstate_add(j->def, groups + out->rank[k] * size,
                      cx_slot_acc(s, k), size);
    for (size_t g = 0; g <= ng; g++) {
        const void *acc = g < ng ? groups + g * size : s->all;
        if (s->state) {
            s->state(j, acc, out->state[g]);
        } else {
            *out->state[g] = (struct cx_mstate){
                .kind = cx_metric_kind(j->def)};
            memcpy(&out->state[g]->u, acc, size);
        }
        j->def->finish(out->state[g], j->o, out->result[g]);
    }
    cx_free(groups);
    return CX_OK;
}

void cx_slot_job_release(struct cx_job *j)
{
    struct cx_slot_job *s = j->priv;
    if (!s)
        return;
    cx_free(s->all);
    cx_free(s->at);
    cx_free(s);
    j->priv = NULL;
}

enum cx_status cx_slot_job_ready(struct cx_job *j, const struct cx_table *t,
                                 struct cx_error *err)
{
    (void)err;
    const struct cx_slot_job *s = j->priv;
    if (s->col[0] >= 0 && t->cols[s->col[0]].found)
        return CX_OK;
    return CX_DONE;
}

static enum cx_status score_plan(struct cx_job *j, struct cx_table *t,
                                 struct cx_error *err)
{
    const struct cx_score_spec *k = j->def->job_data;
    int lo, hi;
    k->scale(j->o, &lo, &hi);
    return cx_slot_job_plan(j, t, k->size, k->role, CX_KIND_SCORE, lo, hi,
                            err) ? CX_OK : err->status;
}

/* One cell into one scope's accumulator. */
static inline void add_cell(const struct cx_score_spec *k, unsigned char *a,
                            const struct cx_column *c,
                            const struct cx_metric_opts *o, size_t r)
{
    if (c->state[r] == CX_CELL_MISSING)
        (*(uint64_t *)(void *)(a + k->missing))++;
    else if (c->state[r] == CX_CELL_INVALID)
        (*(uint64_t *)(void *)(a + k->invalid))++;
    else
        k->add(a, o, c->v.score[r]);
}

static enum cx_status score_add(struct cx_job *j, const struct cx_table *t,
                                const uint32_t *slot, size_t nslots,
                                struct cx_error *err)
{
    struct cx_slot_job *s = j->priv;
    const struct cx_score_spec *k = j->def->job_data;
    enum cx_status st = cx_slot_job_room(s, nslots, err);
    if (st != CX_OK)
        return st;
    const struct cx_column *c = &t->cols[s->col[0]];
    for (size_t r = 0; r < t->nrows; r++) {
        add_cell(k, s->all, c, j->o, r);
        if (slot)
            add_cell(k, cx_slot_acc(s, slot[r]), c, j->o, r);
    }
    return CX_OK;
}

const struct cx_job_ops cx_score_job = {
    score_plan, score_add, cx_slot_job_merge, cx_slot_job_ready,
    cx_slot_job_finish, cx_slot_job_release};
