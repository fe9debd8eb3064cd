/* run.c - the one pipeline of the metric commands (see app.h): the
 * registry's metrics of a table -> the columns they read -> the inputs,
 * streamed in chunks (whole, when a metric needs every row) -> rows to
 * grouper slots -> each metric's accumulators -> groups -> states and
 * results in the report. */
#include <string.h>

#include "common.h"

#include "metrics/group.h"
#include "util/alloc.h"

/* The column whose date --period, --since and --until read, per table. */
static const enum cx_role time_role[CX_TABLE_KIND_COUNT] = {
    CX_ROLE_DATE, CX_ROLE_START, CX_ROLE_SIGNUP, CX_ROLE_COUNT};

/* One part of the input (all of it, unless a large file is read in parts
 * at once): its table, grouper and jobs. */
struct part {
    const struct cx_run_options *o;
    struct cx_table t;
    size_t by[CX_MAX_BY];
    long date;
    bool grouped;
    struct cx_grouper gr;
    uint32_t *slot;             /* per row of the current chunk */
    size_t slot_cap;
    struct cx_job jobs[CX_MAX_METRICS];
    size_t njobs;
};

static enum cx_status nomem(struct cx_error *err)
{
    return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
}

/* The metrics of o for table kind `kind`, in report order. */
static size_t run_metrics(const struct cx_run_options *o,
                          enum cx_table_kind kind,
                          const struct cx_metric_def **defs)
{
    size_t n = 0;
    for (size_t i = 0; i < cx_metric_count() && n < CX_MAX_METRICS; i++) {
        const struct cx_metric_def *d = cx_metric_at(i);
        if (d->table == kind && (o->metrics & cx_metric_bit(d)) && d->job
            && cx_metric_rank(d->name) == i)
            defs[n++] = d;
    }
    return n;
}

/* The by-columns and date every metric of the table is grouped by. */
static enum cx_status plan_keys(struct part *p, struct cx_error *err)
{
    const struct cx_run_options *o = p->o;
    const struct cx_metric_opts *m = &o->m;
    p->date = -1;
    /* --since/--until need a date in every table; in `report`, --period
     * leaves a table without one out of the periods. */
    if (m->period != CX_PERIOD_NONE || m->dated)
        p->date = cx_table_add(&p->t, &(struct cx_colspec){
            NULL, time_role[p->t.kind], CX_KIND_TIME, 0, 0,
            m->dated || !m->report, 0});
    if (o->nby > CX_MAX_BY)
        return cx_error_set(err, CX_ERR_USAGE, NULL,
                            "too many --by columns (at most %d)", CX_MAX_BY);
    for (size_t k = 0; k < o->nby; k++) {
        long col = cx_table_add(&p->t, &(struct cx_colspec){
            o->by[k], CX_ROLE_COUNT, CX_KIND_DIM, 0, 0, !m->report, 0});
        if (col < 0)
            return nomem(err);
        p->by[k] = (size_t)col;
    }
    if ((m->period != CX_PERIOD_NONE || m->dated) && p->date < 0)
        return nomem(err);
    return CX_OK;
}

static enum cx_status part_init(struct part *p, const struct cx_run_options *o,
                                enum cx_table_kind kind,
                                const struct cx_metric_def *const *defs,
                                size_t ndefs, struct cx_error *err)
{
    memset(p, 0, sizeof *p);
    p->o = o;
    if (cx_table_init(&p->t, kind) != 0)
        return nomem(err);
    enum cx_status st = CX_OK;
    for (size_t i = 0; i < ndefs && st == CX_OK; i++) {
        p->jobs[i] = (struct cx_job){defs[i], &o->m, NULL};
        p->njobs = i + 1;
        st = defs[i]->job->plan(&p->jobs[i], &p->t, err);
    }
    if (st == CX_OK)
        st = plan_keys(p, err);
    if (st != CX_OK)
        return st;
    enum cx_period period = p->date >= 0 ? o->m.period : CX_PERIOD_NONE;
    p->grouped = o->nby || period != CX_PERIOD_NONE;
    if (cx_grouper_init(&p->gr, o->nby, period, o->m.zone) != 0)
        return nomem(err);
    return CX_OK;
}

static void part_release(struct part *p)
{
    for (size_t i = 0; i < p->njobs; i++)
        if (p->jobs[i].def->job->release)
            p->jobs[i].def->job->release(&p->jobs[i]);
    cx_free(p->slot);
    cx_grouper_release(&p->gr);
    cx_table_release(&p->t);
}

/* The chunk sink: the rows' slots, then each metric takes the rows. */
static enum cx_status add_chunk(void *ctx, struct cx_table *t,
                                struct cx_error *err)
{
    struct part *p = ctx;
    if (p->grouped && t->nrows > p->slot_cap) {
        cx_free(p->slot);
        p->slot_cap = t->nrows;
        if (!(p->slot = cx_malloc(p->slot_cap * sizeof *p->slot)))
            return nomem(err);
    }
    for (size_t r = 0; p->grouped && r < t->nrows; r++) {
        long s = cx_grouper_row(&p->gr, t, p->by, p->date, r);
        if (s < 0)
            return nomem(err);
        p->slot[r] = (uint32_t)s;
    }
    enum cx_status st = CX_OK;
    for (size_t i = 0; i < p->njobs && st == CX_OK; i++)
        st = p->jobs[i].def->job->add(&p->jobs[i], t,
                                 p->grouped ? p->slot : NULL,
                                 p->gr.nslots_used, err);
    return st;
}

/* Add part q's jobs to part p's, q's slots translated to p's keys. */
static enum cx_status merge_part(struct part *p, const struct part *q,
                                 struct cx_error *err)
{
    uint32_t *map = cx_malloc((q->gr.nslots_used + 1) * sizeof *map);
    uint32_t key[CX_MAX_GROUP_KEYS + 2];
    enum cx_status st = map ? CX_OK : nomem(err);
    for (size_t s = 0; st == CX_OK && s < q->gr.nslots_used; s++) {
        const uint32_t *qk = q->gr.keys + s * q->gr.width;
        for (size_t k = 0; k < q->gr.width; k++) {
            key[k] = qk[k];
            size_t len;
            const char *str = k < q->gr.nby
                ? cx_intern_get(&q->t.strings, qk[k], &len) : NULL;
            if (str && cx_intern_put(&p->t.strings, str, len, &key[k]) != 0)
                st = nomem(err);
        }
        long ps = cx_grouper_key(&p->gr, key);
        if (ps < 0)
            st = nomem(err);
        map[s] = (uint32_t)ps;
    }
    for (size_t i = 0; i < p->njobs && st == CX_OK; i++)
        st = p->jobs[i].def->job->merge(&p->jobs[i], &q->jobs[i], map,
                                       q->gr.nslots_used, err);
    cx_free(map);
    return st;
}

/* Each metric's `ready`: CX_DONE leaves it out (and releases it). */
static enum cx_status ready(struct part *p, struct cx_error *err)
{
    size_t n = 0;
    enum cx_status st = CX_OK;
    for (size_t i = 0; i < p->njobs; i++) {
        struct cx_job *j = &p->jobs[i];
        enum cx_status r = st == CX_OK ? j->def->job->ready(j, &p->t, err)
                                       : CX_OK;
        if (r == CX_DONE) {
            if (j->def->job->release)
                j->def->job->release(j);
            continue;
        }
        if (r != CX_OK)
            st = r;
        p->jobs[n++] = *j;
    }
    p->njobs = n;
    return st;
}

/* Groups from the slots, then each metric's states and results for them
 * and for the overall scope. */
static enum cx_status finish(struct part *p, struct cx_report *rep,
                             struct cx_error *err)
{
    const struct cx_run_options *o = p->o;
    struct cx_grouping g = {0};
    uint32_t *rank = NULL;
    enum cx_status st = CX_OK;
    if (p->grouped) {
        rank = cx_calloc(p->gr.nslots_used + 1, sizeof *rank);
        struct cx_app_keys k = {&p->t, p->by, o->m.period, p->date};
        st = rank ? cx_app_group_slots(&g, rep, &k, &p->gr, rank, o, err)
                  : nomem(err);
    }
    size_t ng = g.ngroups;
    /* Without --partial a group's state is needed only until its result
     * is made (each job finishes state g, then result g): one will do. */
    struct cx_mstate scratch;
    rep->no_states = !o->m.partial;
    struct cx_job_out out = {
        ng, rank, p->gr.nslots_used,
        cx_malloc((ng + 1) * sizeof *out.state),
        cx_malloc((ng + 1) * sizeof *out.result), &rep->arena};
    if (st == CX_OK && (!out.state || !out.result))
        st = nomem(err);
    for (size_t i = 0; st == CX_OK && i < ng; i++)
        if (cx_report_group_room(rep, &rep->groups[i], p->njobs) != 0)
            st = nomem(err);
    for (size_t k = 0; st == CX_OK && k < p->njobs; k++) {
        for (size_t i = 0; i < ng; i++) {
            struct cx_report_group *rg = &rep->groups[i];
            out.state[i] = rg->state ? &rg->state[rg->nmetrics] : &scratch;
            out.result[i] = &rg->metrics[rg->nmetrics++];
        }
        out.state[ng] = &rep->overall_state[rep->noverall];
        out.result[ng] = &rep->overall[rep->noverall++];
        st = p->jobs[k].def->job->finish(&p->jobs[k], &p->t, &out, err);
    }
    for (size_t i = 0; st == CX_OK && i < ng; i++)
        cx_app_suppress(&rep->groups[i], o->min_n);
    cx_free(out.state);
    cx_free(out.result);
    cx_free(rank);
    cx_group_release(&g);
    return st;
}

#define MAX_PARTS 16

/* Read the inputs into the parts: streamed in chunks, or whole (one part)
 * when a metric needs every row before it can take any. */
static enum cx_status load(struct part *parts, size_t nparts, bool whole,
                           struct cx_input_stats *stats, struct cx_error *err)
{
    const struct cx_run_options *o = parts[0].o;
    if (whole) {
        enum cx_status st = cx_app_load(&parts[0].t, o, stats, err);
        if (st == CX_OK)
            st = ready(&parts[0], err);
        return st == CX_OK ? add_chunk(&parts[0], &parts[0].t, err) : st;
    }
    struct cx_load_part lp[MAX_PARTS];
    for (size_t k = 0; k < nparts; k++)
        lp[k] = (struct cx_load_part){&parts[k].t, &parts[k]};
    enum cx_status st = cx_app_load_parts(lp, nparts, add_chunk, o, stats,
                                          err);
    for (size_t k = 1; k < nparts && st == CX_OK; k++)
        st = merge_part(&parts[0], &parts[k], err);
    return st == CX_OK ? ready(&parts[0], err) : st;
}

enum cx_status cx_app_run(const struct cx_run_options *o,
                          enum cx_table_kind kind,
                          struct cx_input_stats *stats,
                          struct cx_report *rep, struct cx_error *err)
{
    const struct cx_metric_def *defs[CX_MAX_METRICS];
    size_t ndefs = run_metrics(o, kind, defs);
    bool whole = false;
    for (size_t i = 0; i < ndefs; i++)
        whole = whole || defs[i]->needs_all_rows;
    /* Weighted NPS is read in order, as it always was. */
    size_t nparts = whole || o->m.weight ? 1 : cx_app_threads(o);
    if (nparts > MAX_PARTS)
        nparts = MAX_PARTS;
    struct part *parts = cx_calloc(nparts, sizeof *parts);
    if (!parts)
        return nomem(err);
    size_t ninit = 0;
    enum cx_status st = CX_OK;
    for (; ninit < nparts && st == CX_OK; ninit++)
        st = part_init(&parts[ninit], o, kind, defs, ndefs, err);
    if (st == CX_OK)
        st = load(parts, nparts, whole, stats, err);
    if (st == CX_OK) {
        cx_app_describe(rep, o, stats);
        st = finish(&parts[0], rep, err);
    }
    for (size_t k = 0; k < ninit; k++)
        part_release(&parts[k]);
    cx_free(parts);
    return st;
}
