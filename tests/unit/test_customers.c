/* test_customers.c - churn (snapshot and monthly cohorts) and formula CLV:
 * SPEC §9's CLV values and hand-worked cohorts, through the library. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxcalc/app.h"
#include "cxcalc/metrics.h"
#include "test_util.h"

static double real(const struct cx_metric_result *m, const char *name)
{
    const struct cx_value *v = cx_result_get(m, name);
    assert_non_null(v);
    if (v->kind != CX_V_REAL)
        fail_msg("%s.%s is not a number", m->metric, name);
    return v->u.real;
}

static uint64_t count(const struct cx_metric_result *m, const char *name)
{
    const struct cx_value *v = cx_result_get(m, name);
    assert_non_null(v);
    assert_int_equal(v->kind, CX_V_COUNT);
    return v->u.count;
}

static bool is_null(const struct cx_metric_result *m, const char *name)
{
    const struct cx_value *v = cx_result_get(m, name);
    assert_non_null(v);
    return v->kind == CX_V_NULL;
}

static void test_clv_formula_spec_values(void **state)
{
    (void)state;
    /* SPEC §9: ARPU 100, margin 0.8, churn 5 %/month -> 1600, lifetime 20;
     * with d = 1 %/month and margin 1: 100 * 1.01 / 0.06 = 1683.33. */
    struct cx_clv_acc a = {0};
    struct cx_metric_result r;
    struct cx_clv_opts o = {0.8, 0, true, 100, 0};
    cx_clv_finish(&a, &o, true, 0.05, &r);
    assert_close(real(&r, "value"), 1600, 1e-9);
    assert_close(real(&r, "expected_lifetime_months"), 20, 1e-12);
    assert_close(real(&r, "churn_rate"), 5, 1e-12);
    o = (struct cx_clv_opts){1, 0.01, true, 100, 0};
    cx_clv_finish(&a, &o, true, 0.05, &r);
    assert_close(real(&r, "value"), 100 * 1.01 / 0.06, 1e-9);
    assert_close(real(&r, "discount_rate"), 1, 1e-12);
}

static void test_clv_without_churn_is_null(void **state)
{
    (void)state;
    struct cx_clv_acc a = {.n = 2};
    cx_xsum_add(&a.revenue_sum, 100);
    struct cx_clv_opts o = {1, 0, false, 0, 0};
    struct cx_metric_result r;
    cx_clv_finish(&a, &o, false, 0, &r);
    assert_close(real(&r, "arpu"), 50, 0);
    assert_true(is_null(&r, "value"));
    cx_clv_finish(&a, &o, true, 0, &r);       /* no churn, no discount */
    assert_true(is_null(&r, "value"));
    assert_true(is_null(&r, "expected_lifetime_months"));
}

/* Σ_{t=1..H} m (1 - c)^(t-1) / (1 + d)^t term by term: the finite sum as
 * docs/churn-clv.md writes it, to check the closed form against. */
static double clv_by_terms(double m, double c, double d, int horizon)
{
    double sum = 0, term = m / (1 + d);
    for (int k = 0; k < horizon; k++) {
        sum += term;
        term *= (1 - c) / (1 + d);
    }
    return sum;
}

static void test_clv_horizon_worked_example(void **state)
{
    (void)state;
    /* docs/churn-clv.md: m = 50, c = 2 %, d = 1 % a month, H = 24:
     * 50 / 0.03 · (1 − (0.98 / 1.01)^24) = 858.38710838644…
     * (worked out in exact fractions); implied lifetime 1 / 0.02 = 50. */
    struct cx_clv_acc a = {0};
    struct cx_metric_result r;
    struct cx_clv_opts o = {1, 0.01, true, 50, 24};
    cx_clv_finish(&a, &o, true, 0.02, &r);
    assert_close(real(&r, "value"), 858.3871083864483, 1e-9);
    assert_close(real(&r, "value"), clv_by_terms(50, 0.02, 0.01, 24), 1e-9);
    assert_close(real(&r, "implied_lifetime_months"), 50, 1e-12);
    assert_close(real(&r, "expected_lifetime_months"), 50, 1e-12);
    assert_close(real(&r, "horizon_months"), 24, 0);
    assert_null(cx_result_get(&r, "note"));
    /* without --horizon: 50 · 1.01 / 0.03 = 1683.33, horizon null */
    o.horizon_months = 0;
    cx_clv_finish(&a, &o, true, 0.02, &r);
    assert_close(real(&r, "value"), 50 * 1.01 / 0.03, 1e-9);
    assert_true(is_null(&r, "horizon_months"));
}

static void test_clv_horizon_sums(void **state)
{
    (void)state;
    double v = 0;
    /* one month: its margin, discounted over the month */
    assert_true(cx_clv_value(50, 0.02, 0.01, 1, &v));
    assert_close(v, 50 / 1.01, 1e-12);
    /* a long horizon reaches m / (d + c): the infinite formula / (1 + d) */
    assert_true(cx_clv_value(50, 0.02, 0.01, CX_HORIZON_MAX, &v));
    assert_close(v, 50 / 0.03, 1e-9);
    /* churn near 0: the closed form keeps its digits (no 1 − r^H
     * cancellation); 24 months of 50 less a hair */
    assert_true(cx_clv_value(50, 1e-9, 0, 24, &v));
    assert_close(v, clv_by_terms(50, 1e-9, 0, 24), 1e-10);
    /* everybody leaves: only the first month counts */
    assert_true(cx_clv_value(50, 1, 0.01, 24, &v));
    assert_close(v, 50 / 1.01, 1e-12);
    /* a snapshot rate past 1 (more churned than months of tenure): the
     * same truncated series, r = 1 − c < 0: 50 · (1 − 0.5 + 0.25) */
    assert_true(cx_clv_value(50, 1.5, 0, 3, &v));
    assert_close(v, 37.5, 1e-12);
    /* the infinite sum needs churn */
    assert_false(cx_clv_value(50, 0, 0.01, 0, &v));
}

static void test_clv_no_churn(void **state)
{
    (void)state;
    /* c = 0: no end to the lifetime.  Without --horizon the value is null
     * with a note, discount rate or not (d > 0 would give the finite but
     * meaningless m (1 + d) / d, a customer kept for ever). */
    struct cx_clv_acc a = {0};
    struct cx_metric_result r;
    struct cx_clv_opts o = {1, 0.01, true, 50, 0};
    cx_clv_finish(&a, &o, true, 0, &r);
    assert_true(is_null(&r, "value"));
    assert_true(is_null(&r, "implied_lifetime_months"));
    assert_close(real(&r, "churn_rate"), 0, 0);
    assert_non_null(strstr(cx_result_text_of(&r, "note"), "no churn"));
    /* with --horizon 24m: 24 months of 50, discounted by 1 % a month,
     * 50 · Σ_{t=1..24} 1.01^-t = 1062.1693628813…; undiscounted 24 · 50 */
    o.horizon_months = 24;
    cx_clv_finish(&a, &o, true, 0, &r);
    assert_close(real(&r, "value"), 1062.1693628813925, 1e-9);
    assert_null(cx_result_get(&r, "note"));
    assert_true(is_null(&r, "implied_lifetime_months"));
    o.discount = 0;
    cx_clv_finish(&a, &o, true, 0, &r);
    assert_close(real(&r, "value"), 1200, 1e-12);
}

/* The warnings a report's CLV results call for, kept to look at. */
struct seen {
    int n;
    char msg[4][1024];
};

static void keep_warning(void *ctx, const struct cx_error *w)
{
    struct seen *s = ctx;
    if (s->n < 4)
        snprintf(s->msg[s->n], sizeof s->msg[0], "%s", w->msg);
    s->n++;
}

static void test_clv_warnings_name_scopes(void **state)
{
    (void)state;
    /* overall: no churn; group plan=pro, region=(empty), 2026-01: c 0.5 %,
     * an implied lifetime of 200 months; group plan=team: 100 months, no
     * warning; and nothing at all under --horizon */
    static const char *const by[] = {"plan", "region"};
    const char *pro[] = {"pro", NULL}, *team[] = {"team", "north"};
    struct cx_clv_acc a = {0};
    struct cx_clv_opts o = {1, 0, true, 50, 0};
    struct cx_report rep;
    cx_report_init(&rep);
    rep.by_names = by;
    rep.nby = 2;
    rep.has_period = true;
    rep.noverall = 1;
    cx_clv_finish(&a, &o, true, 0, &rep.overall[0]);
    assert_int_equal(cx_report_groups(&rep, 2), 0);
    rep.groups[0].key = pro;
    rep.groups[0].period = "2026-01";
    rep.groups[1].key = team;
    rep.groups[1].absent = CX_ABSENT_PERIOD;
    for (size_t g = 0; g < 2; g++) {
        assert_int_equal(cx_report_group_room(&rep, &rep.groups[g], 1), 0);
        rep.groups[g].nmetrics = 1;
        cx_clv_finish(&a, &o, true, g ? 0.01 : 0.005,
                      &rep.groups[g].metrics[0]);
    }
    struct seen seen = {0};
    struct cx_warner w = {keep_warning, &seen, 0, 0};
    cx_report_warn(&rep, &w);
    assert_int_equal(seen.n, 2);
    assert_non_null(strstr(seen.msg[0], "clv, overall: no churn"));
    assert_non_null(strstr(seen.msg[1], "clv, plan=pro, region=(empty), "
                                        "period=2026-01: implied lifetime "
                                        "200.0 months (16.7 years)"));
    assert_non_null(strstr(seen.msg[1], "--horizon"));
    o.horizon_months = 24;
    cx_clv_finish(&a, &o, true, 0, &rep.overall[0]);
    cx_clv_finish(&a, &o, true, 0.005, &rep.groups[0].metrics[0]);
    cx_report_warn(&rep, &w);
    assert_int_equal(seen.n, 2);
    cx_report_release(&rep);
}

static void test_snapshot_monthly_rate(void **state)
{
    (void)state;
    /* 3 customers, tenures 10, 20, 30 months, 1 churned with tenure:
     * value 33.33 %, monthly 1/60 = 1.6667 %. */
    struct cx_churn_acc a = {0};
    cx_churn_add(&a, true, true, 10);
    cx_churn_add(&a, false, true, 20);
    cx_churn_add(&a, false, true, 30);
    struct cx_metric_result r;
    cx_churn_finish(&a, true, &r);
    assert_close(real(&r, "value"), 100.0 / 3, 1e-12);
    assert_close(real(&r, "monthly_rate"), 100.0 / 60, 1e-12);
    assert_int_equal(count(&r, "churned"), 1);
}

/* Run churn or clv over csv written to a temporary file. */
static enum cx_status run(const char *csv, unsigned metric,
                          enum cx_period period, struct cx_report *rep)
{
    char path[4096];
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/cxcalc-test-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, csv, strlen(csv)), (ssize_t)strlen(csv));
    close(fd);
    struct cx_run_options o;
    cx_run_options_init(&o);
    o.metrics = metric;
    o.m.period = period;
    static const char *files[1];
    files[0] = path;
    o.files = files;
    o.nfiles = 1;
    static struct cx_input_stats stats[1];
    struct cx_error err;
    cx_report_init(rep);
    enum cx_status st = cx_app_customers(&o, stats, rep, &err);
    unlink(path);
    return st;
}

/* a joins and leaves in January; b cancels on 1 March 00:00 (active at the
 * start of March, churned in March); c signs up 1 February 00:00 (new in
 * February, active from March); d cancels before signing up (invalid); e
 * has no signup (missing); f cancels at 2026-04-01T01:00+02:00, which is
 * 31 March 23:00 UTC (churned in March).
 * Signups: a Jan 5, b Jan 20, f Jan 25, c Feb 1.  Months Jan..Mar (the
 * latest date is f's cancel, March in UTC; b's cancel 1 March).
 *   Jan: active 0, churned 0, new 3 (a, b, f)
 *   Feb: active b, f = 2 (a cancelled in Jan), churned 0, new 1 (c)
 *   Mar: active b, f, c = 3, churned b, f = 2, new 0
 * Pooled: 2 / 5 = 40 %. */
static const char *const cohorts =
    "customer,signup,cancel\n"
    "a,2026-01-05,2026-01-28\n"
    "b,2026-01-20,2026-03-01T00:00:00Z\n"
    "c,2026-02-01T00:00:00Z,\n"
    "d,2026-02-10,2026-02-01\n"
    "e,,2026-02-01\n"
    "f,2026-01-25,2026-04-01T01:00:00+02:00\n";

static void test_event_cohorts_hand_worked(void **state)
{
    (void)state;
    struct cx_report rep;
    assert_int_equal(run(cohorts, CX_METRIC_CHURN, CX_PERIOD_NONE, &rep),
                     CX_OK);
    const struct cx_metric_result *m = &rep.overall[0];
    assert_int_equal(count(m, "active_start"), 5);
    assert_int_equal(count(m, "churned"), 2);
    assert_int_equal(count(m, "new"), 4);
    assert_int_equal(count(m, "customers"), 4);
    assert_int_equal(count(m, "invalid"), 1);
    assert_int_equal(count(m, "missing"), 1);
    assert_close(real(m, "value"), 40, 1e-12);
    cx_report_release(&rep);
}

static void test_event_months_as_groups(void **state)
{
    (void)state;
    struct cx_report rep;
    assert_int_equal(run(cohorts, CX_METRIC_CHURN, CX_PERIOD_MONTH, &rep),
                     CX_OK);
    assert_int_equal(rep.ngroups, 3);
    assert_string_equal(rep.groups[0].period, "2026-01");
    assert_int_equal(count(&rep.groups[0].metrics[0], "new"), 3);
    assert_true(is_null(&rep.groups[0].metrics[0], "value"));
    assert_int_equal(count(&rep.groups[1].metrics[0], "active_start"), 2);
    assert_close(real(&rep.groups[1].metrics[0], "value"), 0, 0);
    assert_string_equal(rep.groups[2].period, "2026-03");
    assert_close(real(&rep.groups[2].metrics[0], "value"), 200.0 / 3,
                 1e-12);
    cx_report_release(&rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clv_formula_spec_values),
        cmocka_unit_test(test_clv_without_churn_is_null),
        cmocka_unit_test(test_clv_horizon_worked_example),
        cmocka_unit_test(test_clv_horizon_sums),
        cmocka_unit_test(test_clv_no_churn),
        cmocka_unit_test(test_clv_warnings_name_scopes),
        cmocka_unit_test(test_snapshot_monthly_rate),
        cmocka_unit_test(test_event_cohorts_hand_worked),
        cmocka_unit_test(test_event_months_as_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
