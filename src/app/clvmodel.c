/* clvmodel.c - `cxcalc clv --transactions`: per-customer summaries from a
 * transaction log, the BG/NBD and Gamma-Gamma fits, and CLV over a horizon
 * (SPEC §3, model method). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#include "io/outfile.h"
#include "metrics/clvmodel.h"
#include "table/cell.h"
#include "util/alloc.h"
#include "util/csvout.h"
#include "util/sort.h"

#define MIN_REPEATERS 10

struct customer {
    uint32_t id;                /* interned customer */
    size_t first_row;           /* for --by */
    struct cx_rfm rfm;
    double purchases, alive, spend, clv;
};

/* The columns rows are sorted by. */
struct sort_ctx {
    const struct cx_table *t;
    long customer, date;
};

/* Rows by customer, then time, then file order. */
static int cmp_rows(const void *pa, const void *pb, void *ctx)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const struct sort_ctx *s = ctx;
    uint32_t ca = s->t->cols[s->customer].v.dim[a];
    uint32_t cb = s->t->cols[s->customer].v.dim[b];
    if (ca != cb)
        return ca < cb ? -1 : 1;
    int64_t ta = s->t->cols[s->date].v.ms[a];
    int64_t tb = s->t->cols[s->date].v.ms[b];
    if (ta != tb)
        return ta < tb ? -1 : 1;
    return (a > b) - (a < b);
}

/* Per-customer summaries (SPEC §3): purchases on one UTC day are one
 * purchase with their amounts summed; x = purchase days - 1; t_x = last -
 * first day; T = calibration end - first day; m = mean of the repeat days.
 * Times in units of `unit_days`. */
static size_t summarise(const struct cx_table *t, long cust, long date,
                        long amount, const size_t *rows, size_t n,
                        int64_t end_day, double unit_days,
                        struct customer *out)
{
    size_t nc = 0;
    for (size_t i = 0; i < n;) {
        uint32_t id = t->cols[cust].v.dim[rows[i]];
        int64_t first = cx_days_of_ms(t->cols[date].v.ms[rows[i]]);
        int64_t day = first, last = first;
        double day_sum = 0, repeat_sum = 0;
        uint64_t days = 1;
        struct customer *c = &out[nc++];
        c->id = id;
        c->first_row = rows[i];
        for (; i < n && t->cols[cust].v.dim[rows[i]] == id; i++) {
            int64_t d = cx_days_of_ms(t->cols[date].v.ms[rows[i]]);
            double v = t->cols[amount].v.num[rows[i]];
            if (d != day) {
                if (day != first)
                    repeat_sum += day_sum;
                day = d;
                day_sum = 0;
                days++;
            }
            day_sum += v;
            last = d;
        }
        if (day != first)
            repeat_sum += day_sum;
        c->rfm.x = (double)(days - 1);
        c->rfm.tx = (double)(last - first) / unit_days;
        c->rfm.T = (double)(end_day - first) / unit_days;
        c->rfm.m = days > 1 ? repeat_sum / (double)(days - 1) : 0;
    }
    return nc;
}

/* CLV of one customer: the sum over the horizon's steps of margin ·
 * spend · (E[Y(k)] - E[Y(k-1)]) / (1 + d_step)^k. */
static void predict(struct customer *c, const struct cx_bgnbd *bg,
                    const struct cx_gg *gg, const struct cx_run_options *o)
{
    const struct cx_rfm *f = &c->rfm;
    double step = o->step_days / o->unit_days;
    double d_step = pow(1 + o->m.clv.discount, o->step_days / 30.4375) - 1;
    double prev = 0, clv = 0;
    c->spend = cx_gg_expected(gg, f->x, f->m);
    for (int k = 1; k <= o->horizon_steps; k++) {
        double ey = cx_bgnbd_conditional(bg, k * step, f->x, f->tx, f->T);
        clv += o->m.clv.margin * c->spend * (ey - prev) / pow(1 + d_step, k);
        prev = ey;
    }
    c->purchases = prev;
    c->alive = cx_bgnbd_alive(bg, f->x, f->tx, f->T);
    c->clv = clv;
}

static void model_result(struct cx_metric_result *out,
                         const struct cx_run_options *o,
                         const struct cx_bgnbd *bg,
                         const struct cx_fit_info *fb, const struct cx_gg *gg,
                         const struct cx_fit_info *fg, uint64_t n,
                         uint64_t repeaters, double total, uint64_t missing,
                         uint64_t invalid)
{
    cx_result_init(out, "clv");
    cx_result_text(out, "method", "model");
    cx_result_count(out, "n", n);
    cx_result_count(out, "repeaters", repeaters);
    cx_result_real(out, "r", bg->r, true);
    cx_result_real(out, "alpha", bg->alpha, true);
    cx_result_real(out, "a", bg->a, true);
    cx_result_real(out, "b", bg->b, true);
    cx_result_real(out, "loglik_bgnbd", fb->loglik, true);
    cx_result_real(out, "p", gg->p, true);
    cx_result_real(out, "q", gg->q, true);
    cx_result_real(out, "gamma", gg->gamma, true);
    cx_result_real(out, "loglik_gg", fg->loglik, true);
    cx_result_bool(out, "converged", fb->converged && fg->converged);
    cx_result_text(out, "horizon", o->horizon);
    cx_result_real(out, "margin", o->m.clv.margin, true);
    cx_result_real(out, "discount_rate", 100 * o->m.clv.discount, true);
    cx_result_real(out, "value", total / (double)n, n > 0);
    cx_result_real(out, "total", total, true);
    cx_result_count(out, "missing", missing);
    cx_result_count(out, "invalid", invalid);
}

static enum cx_status write_per_customer(const char *path,
                                         const struct cx_table *t,
                                         const struct customer *c, size_t n,
                                         struct cx_error *err)
{
    struct cx_outfile out;
    enum cx_status st = cx_outfile_open(&out, path, err);
    if (st != CX_OK)
        return st;
    bool ok = fprintf(out.f, "customer,x,t_x,T,monetary,expected_purchases,"
                             "p_alive,expected_spend,clv\n") > 0;
    for (size_t i = 0; ok && i < n; i++) {
        size_t len;
        const char *id = cx_intern_get(&t->strings, c[i].id, &len);
        ok = cx_csv_cell(out.f, id, len, ',', CX_CSV_QUOTE | CX_CSV_GUARD)
             && fprintf(out.f, ",%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,"
                               "%.17g\n", c[i].rfm.x, c[i].rfm.tx,
                        c[i].rfm.T, c[i].rfm.m, c[i].purchases, c[i].alive,
                        c[i].spend, c[i].clv) > 0;
    }
    if (!ok) {
        cx_outfile_abort(&out);
        return cx_error_set(err, CX_ERR_IO, &(struct cx_loc){path, 0, 0},
                            "write error");
    }
    return cx_outfile_commit(&out, err);
}

/* The columns of a transaction table. */
struct txn_cols {
    long cust, date, amount;
    size_t by[CX_MAX_BY];
};

/* The customer, date, amount and --by columns of t, read from the
 * --transactions inputs. */
static enum cx_status load_transactions(struct cx_table *t,
                                        struct txn_cols *c,
                                        const struct cx_run_options *o,
                                        struct cx_input_stats *stats,
                                        struct cx_error *err)
{
    c->cust = cx_table_add(t, &(struct cx_colspec){
        NULL, CX_ROLE_CUSTOMER, CX_KIND_DIM, 0, 0, true, 0});
    c->date = cx_table_add(t, &(struct cx_colspec){
        NULL, CX_ROLE_DATE, CX_KIND_TIME, 0, 0, true, 0});
    c->amount = cx_table_add(t, &(struct cx_colspec){
        NULL, CX_ROLE_AMOUNT, CX_KIND_NUMBER, 0, 0, true, 0});
    enum cx_status st = CX_OK;
    for (size_t k = 0; k < o->nby && k < CX_MAX_BY; k++) {
        long col = cx_table_add(t, &(struct cx_colspec){
            o->by[k], CX_ROLE_COUNT, CX_KIND_DIM, 0, 0, true, 0});
        c->by[k] = (size_t)col;
        if (col < 0)
            st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    }
    struct cx_run_options lo = *o;
    lo.files = o->transactions;
    lo.nfiles = o->ntransactions;
    if (st == CX_OK && (c->cust < 0 || c->date < 0 || c->amount < 0))
        st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    if (st == CX_OK)
        st = cx_app_load(t, &lo, stats, err);
    return st;
}

/* The summaries of the customers (into cs; returns how many) from the
 * valid purchases up to the calibration end, by default the latest date;
 * rows has room for every row.  Rows without a date or amount are
 * missing, with one that is not valid invalid. */
static size_t customers(const struct cx_table *t, const struct txn_cols *c,
                        const struct cx_run_options *o, size_t *rows,
                        struct customer *cs, uint64_t *missing,
                        uint64_t *invalid)
{
    const struct cx_column *date = &t->cols[c->date];
    const struct cx_column *amount = &t->cols[c->amount];
    int64_t end = cx_zone_local(o->m.zone, o->calibration_end_ms, NULL);
    for (size_t r = 0; !o->has_calibration_end && r < t->nrows; r++)
        if (date->state[r] == CX_CELL_OK && (r == 0 || date->v.ms[r] > end))
            end = date->v.ms[r];
    size_t n = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        enum cx_cell ds = date->state[r], as = amount->state[r];
        bool no_customer = t->cols[c->cust].v.dim[r] == 0;
        if (ds == CX_CELL_INVALID || as == CX_CELL_INVALID)
            (*invalid)++;
        else if (ds == CX_CELL_MISSING || as == CX_CELL_MISSING
                 || no_customer)
            (*missing)++;
        else if (date->v.ms[r] < cx_days_of_ms(end) * CX_MS_PER_DAY
                                 + CX_MS_PER_DAY)
            rows[n++] = r;
    }
    cx_sort(rows, n, sizeof *rows, cmp_rows,
            &(struct sort_ctx){t, c->cust, c->date});
    return summarise(t, c->cust, c->date, c->amount, rows, n,
                     cx_days_of_ms(end), o->unit_days, cs);
}

/* The fitted purchase and spend models. */
struct model {
    struct cx_bgnbd bg;
    struct cx_gg gg;
    struct cx_fit_info fb, fg;
    uint64_t repeaters;         /* customers with a repeat purchase */
};

/* Fit BG/NBD and Gamma-Gamma to the nc customers; too few repeaters, or
 * a fit that fails, is an error naming the first --transactions input. */
static enum cx_status fit(const struct customer *cs, size_t nc,
                          const struct cx_run_options *o, struct model *m,
                          struct cx_error *err)
{
    struct cx_rfm *rfm = cx_malloc((nc ? nc : 1) * sizeof *rfm);
    if (!rfm)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    m->repeaters = 0;
    for (size_t i = 0; i < nc; i++) {
        rfm[i] = cs[i].rfm;
        m->repeaters += cs[i].rfm.x > 0;
    }
    if (m->repeaters < MIN_REPEATERS
        || !cx_bgnbd_fit(rfm, nc, &m->bg, &m->fb)) {
        cx_free(rfm);
        return cx_error_set(err, CX_ERR_VALUE, &(struct cx_loc){
                                o->transactions[0], 0, 0},
                            "cannot fit the purchase model: %" PRIu64
                            " customers with repeat purchases (at least %d "
                            "needed)", m->repeaters, MIN_REPEATERS);
    }
    bool gg_ok = cx_gg_fit(rfm, nc, &m->gg, &m->fg);
    cx_free(rfm);
    if (!gg_ok || !(m->gg.q > 1))
        return cx_error_set(err, CX_ERR_VALUE, &(struct cx_loc){
                                o->transactions[0], 0, 0},
                            "cannot fit the spend model: the Gamma-Gamma "
                            "shape q is %.4g, the mean spend needs q > 1",
                            m->gg.q);
    return CX_OK;
}

/* --by: customers grouped by their first purchase's key. */
static enum cx_status by_groups(struct cx_grouping *g, struct cx_report *rep,
                                const struct cx_table *t,
                                const struct txn_cols *c,
                                const struct cx_run_options *o,
                                const struct customer *cs, size_t nc,
                                const struct model *m, struct cx_error *err)
{
    struct cx_app_keys k = {t, c->by, CX_PERIOD_NONE, -1};
    enum cx_status st = cx_app_group(g, rep, &k, o, err);
    if (st != CX_OK)
        return st;
    for (size_t gi = 0; gi < g->ngroups; gi++) {
        uint64_t gn = 0, grep = 0;
        double gtotal = 0;
        for (size_t i = 0; i < nc; i++) {
            if (g->row_group[cs[i].first_row] != gi)
                continue;
            gn++;
            grep += cs[i].rfm.x > 0;
            gtotal += cs[i].clv;
        }
        struct cx_report_group *rg = &rep->groups[gi];
        if (cx_report_group_room(rep, rg, 1) != 0)
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        model_result(&rg->metrics[rg->nmetrics++], o, &m->bg, &m->fb,
                     &m->gg, &m->fg, gn, grep, gtotal, 0, 0);
    }
    return CX_OK;
}

enum cx_status cx_app_clv_model(const struct cx_run_options *o,
                                struct cx_input_stats *stats,
                                struct cx_report *rep, struct cx_error *err)
{
    struct cx_table t;
    struct cx_grouping g = {0};
    struct txn_cols c;
    size_t *rows = NULL;
    struct customer *cs = NULL;
    if (cx_table_init(&t, CX_TABLE_TRANSACTIONS) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    enum cx_status st = load_transactions(&t, &c, o, stats, err);
    if (st != CX_OK)
        goto done;
    rows = cx_malloc((t.nrows ? t.nrows : 1) * sizeof *rows);
    cs = cx_calloc(t.nrows ? t.nrows : 1, sizeof *cs);
    if (!rows || !cs) {
        st = cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        goto done;
    }
    /* Purchases are counted by local day: the dates as wall-clock
     * times of --tz (only days are read from them here). */
    struct cx_zone_cache zc = {0};
    for (size_t r = 0; o->m.zone && r < t.nrows; r++)
        t.cols[c.date].v.ms[r] = cx_zone_local(o->m.zone, t.cols[c.date].v.ms[r],
                                               &zc);
    uint64_t missing = 0, invalid = 0;
    size_t nc = customers(&t, &c, o, rows, cs, &missing, &invalid);
    struct model m;
    st = fit(cs, nc, o, &m, err);
    if (st != CX_OK)
        goto done;
    double total = 0;
    for (size_t i = 0; i < nc; i++) {
        predict(&cs[i], &m.bg, &m.gg, o);
        total += cs[i].clv;
    }
    cx_app_describe(rep, o, stats);
    rep->ninputs = o->ntransactions;
    model_result(&rep->overall[rep->noverall++], o, &m.bg, &m.fb, &m.gg,
                 &m.fg, nc, m.repeaters, total, missing, invalid);
    if (o->nby)
        st = by_groups(&g, rep, &t, &c, o, cs, nc, &m, err);
    if (st == CX_OK && o->per_customer)
        st = write_per_customer(o->per_customer, &t, cs, nc, err);
done:
    cx_free(rows);
    cx_free(cs);
    cx_group_release(&g);
    cx_table_release(&t);
    return st;
}
