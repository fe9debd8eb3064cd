/* customers.c - `cxcalc churn|clv` over customer tables (SPEC §3): churn by
 * the snapshot method (a churned flag, tenure for a monthly rate) or the
 * event method (monthly cohorts from signup and cancel dates, cohort.h),
 * and the formula CLV on top of either. */
#include <inttypes.h>
#include <string.h>

#include "common.h"

#include "metrics/cohort.h"
#include "table/cell.h"
#include "util/alloc.h"

struct cols {
    long churned, tenure, revenue, signup, cancel;
    size_t by[CX_MAX_BY];
};

/* Per-scope accumulators. */
struct scope {
    struct cx_churn_acc snap;
    struct cx_events_acc ev;
    struct cx_clv_acc clv;
};

struct ctx {
    const struct cx_run_options *o;
    struct cx_table t;
    struct cols c;
    bool events;            /* the event method, else snapshot */
    bool no_churn_input;    /* clv --churn-rate on a table without one */
    bool churn, clv;        /* what this run computes */
    struct cx_cohorts co;   /* event method: per by-group, per month */
};

static bool found(const struct ctx *x, long col)
{
    return col >= 0 && x->t.cols[col].found;
}

static enum cx_status setup(struct ctx *x, struct cx_error *err)
{
    const struct cx_run_options *o = x->o;
    struct cols *c = &x->c;
    bool snapshot_ok = o->m.churn_method != CX_CHURN_EVENTS;
    bool events_ok = o->m.churn_method != CX_CHURN_SNAPSHOT;
    bool dated = o->m.period != CX_PERIOD_NONE || o->load.has_since
                 || o->load.has_until;
    /* --since/--until need a date in every table; in `report`, --period
     * leaves a table without one out of the periods. */
    bool date_required = o->load.has_since || o->load.has_until
                         || (o->m.period != CX_PERIOD_NONE && !o->m.report);
    x->clv = o->metrics & CX_METRIC_CLV;
    struct { long *col; enum cx_role role; enum cx_col_kind kind; bool want;
             bool required; } roles[] = {
        {&c->churned, CX_ROLE_CHURNED, CX_KIND_FLAG, snapshot_ok,
         o->m.churn_method == CX_CHURN_SNAPSHOT},
        {&c->tenure, CX_ROLE_TENURE, CX_KIND_NONNEG, snapshot_ok, false},
        {&c->revenue, CX_ROLE_REVENUE, CX_KIND_NUMBER,
         x->clv && !o->m.clv.has_arpu, x->clv && !o->m.clv.has_arpu
                                     && !o->m.report},
        {&c->signup, CX_ROLE_SIGNUP, CX_KIND_TIME, events_ok || dated,
         o->m.churn_method == CX_CHURN_EVENTS || date_required},
        {&c->cancel, CX_ROLE_CANCEL, CX_KIND_TIME, events_ok,
         o->m.churn_method == CX_CHURN_EVENTS},
    };
    if (o->nby > sizeof c->by / sizeof c->by[0])
        return cx_error_set(err, CX_ERR_USAGE, NULL,
                            "too many --by columns (at most 63)");
    bool ok = true;
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
        *roles[i].col = -1;
        if (!roles[i].want)
            continue;
        bool since_date = roles[i].role == CX_ROLE_SIGNUP && date_required;
        *roles[i].col = cx_table_add(&x->t, &(struct cx_colspec){
            NULL, roles[i].role, roles[i].kind, 0, 0,
            roles[i].required && (!o->m.report || since_date), 0});
        ok = ok && *roles[i].col >= 0;
    }
    for (size_t k = 0; ok && k < o->nby; k++) {
        long col = cx_table_add(&x->t, &(struct cx_colspec){
            o->by[k], CX_ROLE_COUNT, CX_KIND_DIM, 0, 0, !o->m.report, 0});
        ok = col >= 0;
        c->by[k] = (size_t)col;
    }
    return ok ? CX_OK : cx_error_set(err, CX_ERR_NOMEM, NULL,
                                     "out of memory");
}

/* Decide the churn method now that the inputs are read; a metric the
 * columns cannot support is an error (in `report`, it is left out). */
static enum cx_status choose(struct ctx *x, struct cx_error *err)
{
    const struct cx_run_options *o = x->o;
    bool has_flag = found(x, x->c.churned);
    x->churn = o->metrics & CX_METRIC_CHURN;
    x->events = o->m.churn_method == CX_CHURN_EVENTS
                || (o->m.churn_method == CX_CHURN_AUTO && !has_flag);
    if (x->events && o->m.period != CX_PERIOD_NONE
        && o->m.period != CX_PERIOD_MONTH && o->m.period != CX_PERIOD_QUARTER
        && o->m.period != CX_PERIOD_YEAR)
        return cx_error_set(err, CX_ERR_USAGE, NULL,
                            "churn by events counts whole months: use "
                            "--period month, quarter or year");
    enum cx_status st = CX_OK;
    if (x->events && !found(x, x->c.signup) && x->clv && !x->churn
        && o->m.has_churn_rate) {
        x->no_churn_input = true;   /* --churn-rate stands in for it */
    } else if (x->events && !found(x, x->c.signup)) {
        st = cx_table_missing_role(&x->t, has_flag ? CX_ROLE_SIGNUP
                                                 : CX_ROLE_CHURNED,
                                 "churn needs a churned flag, or signup "
                                 "and cancel dates", err);
        if (o->m.report)
            x->churn = x->clv = false;
    } else if (x->clv && !o->m.clv.has_arpu && !found(x, x->c.revenue)) {
        st = cx_table_missing_role(&x->t, CX_ROLE_REVENUE,
                                 "clv needs monthly revenue per customer, "
                                 "or --arpu", err);
        if (o->m.report)
            x->clv = false;
    } else if (x->clv && !o->m.has_churn_rate && !x->events
               && !found(x, x->c.tenure)) {
        st = cx_table_missing_role(&x->t, CX_ROLE_TENURE,
                                 "clv needs a monthly churn rate: tenure "
                                 "in months, signup and cancel dates, or "
                                 "--churn-rate", err);
        if (o->m.report)
            x->clv = false;
    }
    return o->m.report ? CX_OK : st;
}

static enum cx_cell state(const struct ctx *x, long col, size_t r)
{
    return found(x, col) ? (enum cx_cell)x->t.cols[col].state[r]
                         : CX_CELL_MISSING;
}

/* The churn input of row r: ok, missing or invalid; for the event method
 * also its signup and cancel months (cancel -1: still active). */
static enum cx_cell churn_input(const struct ctx *x, size_t r, int64_t *ms,
                                int64_t *mc)
{
    if (x->no_churn_input) {
        *ms = *mc = 0;
        return CX_CELL_OK;
    }
    if (!x->events)
        return state(x, x->c.churned, r);
    enum cx_cell s = state(x, x->c.signup, r), c = state(x, x->c.cancel, r);
    if (s == CX_CELL_INVALID || c == CX_CELL_INVALID)
        return CX_CELL_INVALID;
    if (s == CX_CELL_MISSING)
        return CX_CELL_MISSING;
    int64_t su = x->t.cols[x->c.signup].v.ms[r];
    const struct cx_zone *z = x->o->m.zone;
    *ms = cx_period_code(CX_PERIOD_MONTH, cx_zone_local(z, su, NULL));
    *mc = -1;
    if (c == CX_CELL_OK) {
        int64_t ca = x->t.cols[x->c.cancel].v.ms[r];
        if (ca < su)
            return CX_CELL_INVALID;     /* cancelled before signing up */
        *mc = cx_period_code(CX_PERIOD_MONTH, cx_zone_local(z, ca, NULL));
    }
    return CX_CELL_OK;
}

/* The month range of the event method: the first signup's month to the
 * month of the latest date in the table. */
static struct cx_month_span month_range(const struct ctx *x)
{
    struct cx_month_span span = {0};
    for (size_t r = 0; r < x->t.nrows; r++) {
        int64_t ms = 0, mc = 0;
        if (churn_input(x, r, &ms, &mc) == CX_CELL_OK)
            cx_month_span_add(&span, ms, mc);
    }
    return span;
}

/* The last month of the event method (-1 when there is none). */
static int64_t last_month(const struct ctx *x)
{
    return x->co.m0 + x->co.nmonths - 1;
}

/* Row r into one scope. */
static void add_row(struct ctx *x, struct scope *s, size_t r)
{
    int64_t ms = 0, mc = 0;
    enum cx_cell in = churn_input(x, r, &ms, &mc);
    if (x->events) {
        if (in == CX_CELL_MISSING)
            s->ev.missing++;
        else if (in == CX_CELL_INVALID)
            s->ev.invalid++;
        else
            s->ev.customers++;
    } else {
        if (in == CX_CELL_MISSING) {
            s->snap.missing++;
        } else if (in == CX_CELL_INVALID) {
            s->snap.invalid++;
        } else {
            bool has_t = state(x, x->c.tenure, r) == CX_CELL_OK;
            cx_churn_add(&s->snap, x->t.cols[x->c.churned].v.flag[r], has_t,
                         has_t ? x->t.cols[x->c.tenure].v.num[r] : 0);
        }
    }
    if (!x->clv)
        return;
    enum cx_cell rev = x->o->m.clv.has_arpu ? CX_CELL_OK
                                          : state(x, x->c.revenue, r);
    if (in == CX_CELL_INVALID || rev == CX_CELL_INVALID) {
        s->clv.invalid++;
    } else if (in == CX_CELL_MISSING || rev == CX_CELL_MISSING) {
        s->clv.missing++;
    } else {
        s->clv.n++;
        if (!x->o->m.clv.has_arpu)
            cx_xsum_add(&s->clv.revenue_sum,
                        x->t.cols[x->c.revenue].v.num[r]);
    }
}

/* Finish one scope into its states and metrics. */
static size_t finish(const struct ctx *x, const struct scope *s,
                     struct cx_metric_result *out, struct cx_mstate *st)
{
    size_t n = 0;
    int64_t last = last_month(x);
    if (x->churn && x->events) {
        st[n] = (struct cx_mstate){.kind = CX_MK_EVENTS};
        st[n].u.events.acc = s->ev;
        st[n++].u.events.last_month = last;
    } else if (x->churn) {
        st[n] = (struct cx_mstate){.kind = CX_MK_CHURN};
        st[n].u.churn.acc = s->snap;
        st[n++].u.churn.has_tenure = found(x, x->c.tenure);
    }
    if (x->clv) {
        st[n] = (struct cx_mstate){.kind = CX_MK_CLV};
        st[n].u.clv.acc = s->clv;
        st[n].u.clv.churn = x->events ? CX_CLV_CHURN_EVENTS
                                      : CX_CLV_CHURN_SNAPSHOT;
        st[n].u.clv.snap = s->snap;
        st[n].u.clv.ev = s->ev;
        st[n++].u.clv.last_month = x->events ? last : 0;
    }
    for (size_t i = 0; i < n; i++)
        cx_mstate_finish(&st[i], &x->o->m, NULL, &out[i]);
    return n;
}

/* Event method with --period: one group per (key, period) that has any
 * customer at risk, new or churned; n is the customer-months at risk. */
static enum cx_status period_groups(struct ctx *x, const struct cx_grouping *g,
                                    const struct scope *all,
                                    const struct scope *byg,
                                    struct cx_report *rep,
                                    struct cx_error *err)
{
    const struct cx_run_options *o = x->o;
    size_t ng = g->ngroups ? g->ngroups : 1;
    int64_t p0 = cx_month_period(o->m.period, x->co.m0);
    int64_t p1 = x->co.nmonths ? cx_month_period(o->m.period, last_month(x))
                               : p0 - 1;
    size_t cap = 0, n = 0;
    struct cx_report_group *groups = NULL;
    for (int64_t p = p0; p <= p1; p++) {
        int64_t from, to;
        cx_period_months(o->m.period, p, &from, &to);
        for (size_t gi = 0; gi < ng; gi++) {
            struct scope s;
            memset(&s, 0, sizeof s);
            cx_cohorts_sum(&x->co, gi, from, to, &s.ev);
            if (s.ev.active_start + s.ev.added + s.ev.churned == 0)
                continue;
            s.ev.customers = s.ev.active_start;
            s.clv = g->ngroups ? byg[gi].clv : all->clv;
            if (cx_grow((void **)&groups, &cap, n + 1, sizeof *groups, 16)) {
                cx_free(groups);
                return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                    "out of memory");
            }
            struct cx_report_group *rg = &groups[n++];
            memset(rg, 0, sizeof *rg);
            if (g->ngroups) {
                rg->key = rep->groups[gi].key;
                rg->absent = rep->groups[gi].absent;
            } else if (o->nby) {
                /* `report`: no --by column in this table */
                rg->key = cx_arena_alloc(&rep->arena,
                                         o->nby * sizeof *rg->key);
                if (!rg->key) {
                    cx_free(groups);
                    return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                        "out of memory");
                }
                memset(rg->key, 0, o->nby * sizeof *rg->key);
                rg->absent = (UINT64_C(1) << o->nby) - 1;
            }
            char buf[32];
            cx_period_format(o->m.period, p, buf, sizeof buf);
            rg->period = cx_report_strdup(rep, buf, strlen(buf));
            if (!rg->period) {
                cx_free(groups);
                return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                    "out of memory");
            }
            if (cx_report_group_room(rep, rg, 2) != 0) {
                cx_free(groups);
                return cx_error_set(err, CX_ERR_NOMEM, NULL,
                                    "out of memory");
            }
            rg->nmetrics = finish(x, &s, rg->metrics, rg->state);
        }
    }
    /* The by-groups' key arrays live in the report's arena: keep them. */
    cx_free(rep->groups);
    rep->groups = groups;
    rep->ngroups = n;
    return CX_OK;
}

/* The event method's cohorts (one per by-group, ng of them; 0: one), over
 * the month range of the table. */
static enum cx_status start_cohorts(struct ctx *x, size_t ng,
                                    struct cx_error *err)
{
    struct cx_month_span span = month_range(x);
    int64_t nmonths = cx_month_span_count(&span);
    if (nmonths > 1200 * 12)
        return cx_error_set(err, CX_ERR_VALUE,
                            &(struct cx_loc){x->t.first_file, 0, 0},
                            "signup and cancel dates span %" PRId64
                            " months; check the dates", nmonths);
    if (cx_cohorts_init(&x->co, ng, span.first, nmonths) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    return CX_OK;
}

/* The cohorts' counts pooled over all months: overall (all), and each
 * by-group's (byg, ng of them). */
static void pool_cohorts(struct ctx *x, size_t ng, struct scope *all,
                         struct scope *byg)
{
    cx_cohorts_close(&x->co);
    for (size_t gi = 0; gi < (ng ? ng : 1); gi++) {
        struct cx_events_acc ev = {0};
        cx_cohorts_sum(&x->co, gi, x->co.m0, last_month(x), &ev);
        if (ng) {
            byg[gi].ev.active_start = ev.active_start;
            byg[gi].ev.churned = ev.churned;
            byg[gi].ev.added = ev.added;
        }
        all->ev.active_start += ev.active_start;
        all->ev.churned += ev.churned;
        all->ev.added += ev.added;
    }
}

static enum cx_status compute(struct ctx *x, struct cx_report *rep,
                              struct cx_error *err)
{
    const struct cx_run_options *o = x->o;
    bool ev_period = x->events && o->m.period != CX_PERIOD_NONE;
    if (ev_period && x->clv && o->m.partial)
        /* A period's CLV takes the revenue of all its key's customers,
         * which a part without activity in that period does not carry. */
        return cx_error_set(err, CX_ERR_USAGE, NULL,
                            "clv with --period and churn by dates cannot "
                            "be merged: run --partial without --period, or "
                            "with --churn-method snapshot");
    struct cx_grouping g;
    /* With the event method, periods are the months measured (added
     * below), not the rows' signup dates. */
    struct cx_app_keys k = {&x->t, x->c.by,
                            ev_period ? CX_PERIOD_NONE : o->m.period,
                            x->c.signup};
    enum cx_status st = cx_app_group(&g, rep, &k, o, err);
    size_t ng = g.ngroups;
    struct scope all, *byg = cx_calloc(ng + 1, sizeof *byg);
    memset(&all, 0, sizeof all);
    if (st == CX_OK && !byg)
        st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    bool cohorts = x->events && !x->no_churn_input;
    if (st == CX_OK && cohorts)
        st = start_cohorts(x, ng, err);
    for (size_t r = 0; st == CX_OK && r < x->t.nrows; r++) {
        size_t gi = ng ? g.row_group[r] : 0;
        add_row(x, &all, r);
        if (ng)
            add_row(x, &byg[gi], r);
        int64_t ms = 0, mc = 0;
        if (cohorts && churn_input(x, r, &ms, &mc) == CX_CELL_OK)
            cx_cohorts_add(&x->co, gi, ms, mc);
    }
    if (st == CX_OK && cohorts)
        pool_cohorts(x, ng, &all, byg);
    if (st == CX_OK) {
        rep->noverall = finish(x, &all, rep->overall, rep->overall_state);
        for (size_t i = 0; st == CX_OK && i < ng; i++) {
            struct cx_report_group *rg = &rep->groups[i];
            if (cx_report_group_room(rep, rg, 2) != 0)
                st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
            else
                rg->nmetrics = finish(x, &byg[i], rg->metrics, rg->state);
        }
        if (st == CX_OK && ev_period)
            st = period_groups(x, &g, &all, byg, rep, err);
    }
    for (size_t i = 0; st == CX_OK && i < rep->ngroups; i++)
        cx_app_suppress(&rep->groups[i], o->min_n);
    cx_free(byg);
    cx_group_release(&g);
    return st;
}

enum cx_status cx_app_customers(const struct cx_run_options *o,
                                struct cx_input_stats *stats,
                                struct cx_report *rep, struct cx_error *err)
{
    struct ctx x;
    memset(&x, 0, sizeof x);
    x.o = o;
    if (cx_table_init(&x.t, CX_TABLE_CUSTOMERS) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    enum cx_status st = setup(&x, err);
    if (st == CX_OK)
        st = cx_app_load(&x.t, o, stats, err);
    if (st == CX_OK)
        st = choose(&x, err);
    if (st == CX_OK) {
        cx_app_describe(rep, o, stats);
        if (x.churn || x.clv)
            st = compute(&x, rep, err);
    }
    cx_cohorts_release(&x.co);
    cx_table_release(&x.t);
    return st;
}
