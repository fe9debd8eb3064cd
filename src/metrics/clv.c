/* clv.c - customer lifetime value, formula method (SPEC §3):
 * ARPU · margin · (1 + d) / (d + c), margin received at the start of each
 * month (the current one included).  With d = 0 this is ARPU · margin / c;
 * the Gupta–Lehmann form m · r / (1 + d − r) is one month's margin less.
 * With --horizon H, the finite-horizon CLV Σ_{t=1..H} m (1 − c)^(t−1) /
 * (1 + d)^t: each month's margin discounted at its end (with d = 0 the
 * infinite formula's first H months). */
#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cxcalc/registry.h"

/* Its registry entry (below): its accumulator merges by its state's
 * members. */
extern const struct cx_metric_def cx_clv_metric;

void cx_clv_merge(struct cx_clv_acc *into, const struct cx_clv_acc *from)
{
    cx_mstate_add(&cx_clv_metric, into, from, sizeof *into);
}

bool cx_clv_value(double m, double c, double d, int horizon, double *value)
{
    if (horizon <= 0) {
        *value = c > 0 ? m * (1 + d) / (d + c) : 0;
        return c > 0;
    }
    if (c + d == 0) {
        *value = m * horizon;   /* nobody leaves, nothing discounted */
        return true;
    }
    /* m / (d + c) · (1 − r^H), r = (1 − c) / (1 + d): the geometric sum
     * in closed form, so a long horizon costs no loop.
     * 1 − r^H through expm1 and log1p keeps its digits when c + d is
     * small (r near 1), where 1 − pow(r, H) would cancel them; r ≤ 0
     * (everyone leaves within the month: c ≥ 1, which a snapshot rate
     * over little tenure can pass) is far from 1 and has no logarithm. */
    double r = (1 - c) / (1 + d);
    double kept = r > 0 ? -expm1(horizon * (log1p(-c) - log1p(d)))
                        : 1 - pow(r, horizon);
    *value = m / (d + c) * kept;
    return true;
}

/* Why a scope with a churn rate has no value: the note beside null. */
static const char no_churn_note[] =
    "no churn in this scope: its lifetime has no end, so the value is "
    "unbounded; give --horizon to sum a number of months";

void cx_clv_finish(const struct cx_clv_acc *a, const struct cx_clv_opts *o,
                   bool churn_ok, double churn, struct cx_metric_result *out)
{
    double arpu = o->has_arpu ? o->arpu : cx_xsum_value(&a->revenue_sum)
                                  / (double)a->n;
    bool arpu_ok = o->has_arpu || a->n > 0;
    double d = o->discount, value = 0;
    bool lifetime_ok = churn_ok && churn > 0;
    bool ok = arpu_ok && churn_ok
              && cx_clv_value(arpu * o->margin, churn, d, o->horizon_months,
                              &value);
    cx_result_init(out, "clv");
    cx_result_text(out, "method", "formula");
    cx_result_count(out, "n", a->n);
    cx_result_real(out, "arpu", arpu, arpu_ok);
    cx_result_real(out, "margin", o->margin, true);
    cx_result_real(out, "churn_rate", 100 * churn, churn_ok);
    cx_result_real(out, "discount_rate", 100 * d, true);
    /* implied, not observed: 1 / c is what a constant churn implies */
    cx_result_real(out, "implied_lifetime_months", 1 / churn, lifetime_ok);
    cx_result_real(out, "expected_lifetime_months", 1 / churn, lifetime_ok);
    /* a real, not a count: null without --horizon (counts never are) */
    cx_result_real(out, "horizon_months", o->horizon_months,
                   o->horizon_months > 0);
    cx_result_real(out, "value", value, ok);
    if (churn_ok && churn == 0 && o->horizon_months <= 0)
        cx_result_text(out, "note", no_churn_note);
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
}

static void empty_like(struct cx_mstate *s, const struct cx_mstate *like)
{
    s->u.clv.churn = like->u.clv.churn;
    s->u.clv.last_month = like->u.clv.last_month;
}

/* Its state in a state file: the formula's sums, and the churn behind
 * it (snapshot and events alike, named apart). */
static const char *const churn_names[] = {"none", "snapshot", "events",
                                          NULL};

_Static_assert(sizeof(enum cx_clv_churn) == sizeof(int),
               "the CLV churn is stored as an int");

static const struct cx_state_field state_fields[] = {
    CX_S_U64("n", u.clv.acc.n), CX_S_U64("missing", u.clv.acc.missing),
    CX_S_U64("invalid", u.clv.acc.invalid),
    CX_S_XSUM("revenue_sum", u.clv.acc.revenue_sum),
    CX_S_U64("snapshot_customers", u.clv.snap.customers),
    CX_S_U64("snapshot_churned", u.clv.snap.churned),
    CX_S_U64("snapshot_missing", u.clv.snap.missing),
    CX_S_U64("snapshot_invalid", u.clv.snap.invalid),
    CX_S_U64("snapshot_churned_with_tenure", u.clv.snap.churned_with_tenure),
    CX_S_XSUM("snapshot_tenure_sum", u.clv.snap.tenure_sum),
    CX_S_U64("events_customers", u.clv.ev.customers),
    CX_S_U64("events_missing", u.clv.ev.missing),
    CX_S_U64("events_invalid", u.clv.ev.invalid),
    CX_S_U64("events_active_start", u.clv.ev.active_start),
    CX_S_U64("events_churned", u.clv.ev.churned),
    CX_S_U64("events_added", u.clv.ev.added),
    CX_S_SAME("last_month", u.clv.last_month),
    {"churn", CX_SF_ENUM, offsetof(struct cx_mstate, u.clv.churn),
     churn_names},
    CX_S_END};

/* ---- the registry entry ------------------------------------------------ */

static void finish_state(const struct cx_mstate *s,
                         const struct cx_metric_opts *o,
                         struct cx_metric_result *out)
{
    double rate = 0;
    bool ok = false;
    if (o->has_churn_rate) {
        rate = o->churn_rate;
        ok = true;
    } else if (s->u.clv.churn == CX_CLV_CHURN_SNAPSHOT) {
        ok = cx_churn_monthly(&s->u.clv.snap, &rate);
    } else if (s->u.clv.churn == CX_CLV_CHURN_EVENTS) {
        ok = cx_events_monthly(&s->u.clv.ev, &rate);
    }
    cx_clv_finish(&s->u.clv.acc, &o->clv, ok, rate, out);
}

/* The formula's own column: ARPU, the implied lifetime, and under
 * --horizon the months the value stops at ("cap 24m"); within the 36
 * columns a line of the text report has left. */
static void formula_cell(const struct cx_metric_result *m, char *buf,
                         size_t size)
{
    char a[32], life[48] = "no churn", cap[32] = "";
    const struct cx_value *h = cx_result_value(m, "horizon_months");
    const struct cx_value *c = cx_result_value(m, "churn_rate");
    cx_value_format(cx_result_value(m, "arpu"), "%.2f", a, sizeof a);
    if (!(c->kind == CX_V_REAL && c->u.real == 0)) {
        char b[32];
        cx_value_format(cx_result_value(m, "implied_lifetime_months"),
                        "%.1f", b, sizeof b);
        snprintf(life, sizeof life, "lifetime %s%s", b,
                 h->kind == CX_V_REAL ? "" : " months");
    }
    if (h->kind == CX_V_REAL)
        snprintf(cap, sizeof cap, ", cap %.0fm", h->u.real);
    else if (c->kind == CX_V_REAL && c->u.real == 0)
        snprintf(cap, sizeof cap, "; use --horizon");
    snprintf(buf, size, "arpu %s, %s%s", a, life, cap);
}

static void text_extra(const struct cx_metric_result *m, char *buf,
                       size_t size)
{
    char a[32];
    if (strcmp(cx_result_text_of(m, "method"), "model") == 0) {
        cx_value_format(cx_result_value(m, "total"), "%.2f", a, sizeof a);
        snprintf(buf, size, "model; repeaters %" PRIu64 ", total %s",
                 cx_result_count_of(m, "repeaters"), a);
    } else {
        formula_cell(m, buf, size);
    }
}

/* A formula value that sums margin for more than ten years, or for ever:
 * the number stands on today's churn holding that long, which the report
 * alone does not show.  Not under --horizon: the user chose the months. */
static void warn(const struct cx_metric_result *m, const char *scope,
                 struct cx_warner *w)
{
    const struct cx_value *life, *c;
    if (strcmp(cx_result_text_of(m, "method"), "formula") != 0
        || cx_result_value(m, "horizon_months")->kind != CX_V_NULL)
        return;
    life = cx_result_value(m, "implied_lifetime_months");
    c = cx_result_value(m, "churn_rate");
    if (c->kind == CX_V_REAL && c->u.real == 0)
        cx_warn(w, NULL, "clv, %s: no churn, so the implied lifetime has no "
                "end and the value is null; give --horizon, like "
                "--horizon 60m", scope);
    else if (life->kind == CX_V_REAL
             && life->u.real > CX_CLV_LIFETIME_WARN_MONTHS
             && cx_result_value(m, "value")->kind == CX_V_REAL)
        cx_warn(w, NULL, "clv, %s: implied lifetime %.1f months (%.1f "
                "years), over %d: the value counts margin that far ahead "
                "at today's churn; cap it with --horizon, like --horizon "
                "60m", scope, life->u.real, life->u.real / 12,
                CX_CLV_LIFETIME_WARN_MONTHS);
}

/* Its own options (see registry.h). */
static const char *const options[] = {
    "churn-method", "churn-rate", "margin", "arpu", "discount-rate",
    "transactions", "calibration-end", "time-unit", "horizon", "per-customer",
    NULL};

/* The fields of the formula and of the model (`clv --transactions`). */
static const struct cx_field_def fields[] = {
    CX_F_TEXT(method), CX_F_COUNT(n), CX_F_REAL(arpu, "money"),
    CX_F_REAL(margin, "fraction"), CX_F_REAL(churn_rate, "percent"),
    CX_F_REAL(discount_rate, "percent"),
    CX_F_REAL(implied_lifetime_months, "months"),
    CX_F_REAL(expected_lifetime_months, "months"),
    CX_F_REAL(horizon_months, "months"), CX_F_REAL(value, "money"),
    CX_F_TEXT(note), CX_F_COUNT(missing), CX_F_COUNT(invalid),
    CX_F_COUNT(repeaters),
    CX_F_REAL(r, ""), CX_F_REAL(alpha, ""), CX_F_REAL(a, ""), CX_F_REAL(b, ""),
    CX_F_REAL(loglik_bgnbd, ""), CX_F_REAL(p, ""), CX_F_REAL(q, ""),
    CX_F_REAL(gamma, ""), CX_F_REAL(loglik_gg, ""), CX_F_BOOL(converged),
    CX_F_TEXT(horizon), CX_F_REAL(total, "money"), CX_F_END};

const struct cx_metric_def cx_clv_metric = {
    .name = "clv", .table = CX_TABLE_CUSTOMERS, .options = options,
    .summary = "customer lifetime value (formula or fitted model)",
    .fields = fields, .finish = finish_state, .warn = warn,
    .text = {"CLV (lifetime value per customer)", "%.2f", "", text_extra},
    .state = {"clv", state_fields, NULL, empty_like,
              "from churn by flag in one, by dates in another, or over "
              "months that end apart"}};
