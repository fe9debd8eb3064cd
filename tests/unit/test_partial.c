/* test_partial.c - what partial runs and `cxcalc merge` rest on: exact
 * sums of doubles, the percentile sketch and its error bound, metric
 * states merged, and states written and read back. */
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "splitmix.h"

#include "cxcalc/metrics.h"
#include "cxcalc/sketch.h"
#include "cxcalc/xsum.h"
#include "metrics/stats.h"
#include "report/state.h"

/* ---- exact sums --------------------------------------------------------- */

static double xsum_of(const double *v, size_t n)
{
    struct cx_xsum s = {0};
    for (size_t i = 0; i < n; i++)
        cx_xsum_add(&s, v[i]);
    return cx_xsum_value(&s);
}

static void test_xsum_is_exact_where_doubles_round(void **state)
{
    (void)state;
    /* Ten times double(0.1) is 1.000000000000000055…: 1.0 rounded, where
     * adding in doubles gives 0.99999999999999989. */
    double tenth[10], naive = 0;
    for (int i = 0; i < 10; i++) {
        tenth[i] = 0.1;
        naive += 0.1;
    }
    assert_true(naive != 1.0);
    assert_true(xsum_of(tenth, 10) == 1.0);
    /* Cancellation: 1e16 + 1 - 1e16 is 1 (doubles: 0). */
    double c[] = {1e16, 1, -1e16};
    assert_true(xsum_of(c, 3) == 1.0);
    double d[] = {1e20, 3.5, -1e20, -0.25};
    assert_true(xsum_of(d, 4) == 3.25);
    double neg[] = {-2.5, -0.125};
    assert_true(xsum_of(neg, 2) == -2.625);
    /* Rounded once: 1 + 2^-53 + 2^-90 is just above the midpoint of 1
     * and 1 + 2^-52, so it rounds up (a tie without the 2^-90 would go
     * to 1, as adding in doubles does). */
    double tie[] = {1, 0x1p-53, 0x1p-90};
    assert_true(xsum_of(tie, 3) == 1 + 0x1p-52);
    assert_true(1 + 0x1p-53 + 0x1p-90 == 1);
    double ntie[] = {-1, -0x1p-53, -0x1p-90};
    assert_true(xsum_of(ntie, 3) == -(1 + 0x1p-52));
}

static void test_xsum_range(void **state)
{
    (void)state;
    double tiny[] = {0x1p-100, 0x1p-96, 1};   /* 2^-100 is below the grid */
    assert_true(xsum_of(tiny, 3) == 1 + 0x1p-96);
    double big[] = {0x1p125, 0x1p125};
    assert_true(xsum_of(big, 2) == 0x1p126);
    double over[] = {1, 0x1p126};
    assert_true(isnan(xsum_of(over, 2)));
    double inf[] = {INFINITY};
    assert_true(isnan(xsum_of(inf, 1)));
    assert_true(xsum_of(NULL, 0) == 0);
}

/* Any order, any split and merge: the same limbs and the same double. */
static void test_xsum_order_and_merge_do_not_matter(void **state)
{
    (void)state;
    enum { N = 2000 };
    double *v = malloc(N * sizeof *v);
    assert_non_null(v);
    rng_state = 42;
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < N; i++) {
            double m = (double)(rnd64() >> 11) / 0x1p53;
            int e = (int)rnd(60) - 30;
            v[i] = ldexp(m, e) * (rnd(4) == 0 ? -1 : 1);
        }
        struct cx_xsum whole = {0}, parts[5], merged = {0};
        memset(parts, 0, sizeof parts);
        for (size_t i = 0; i < N; i++) {
            cx_xsum_add(&whole, v[i]);
            cx_xsum_add(&parts[rnd(5)], v[i]);
        }
        for (int k = 4; k >= 0; k--)
            cx_xsum_merge(&merged, &parts[k]);
        cx_xsum_normalise(&whole);
        cx_xsum_normalise(&merged);
        assert_memory_equal(whole.limb, merged.limb, sizeof whole.limb);
        /* reversed order */
        struct cx_xsum rev = {0};
        for (size_t i = N; i-- > 0;)
            cx_xsum_add(&rev, v[i]);
        assert_true(cx_xsum_value(&rev) == cx_xsum_value(&whole));
    }
    free(v);
}

/* ---- the sketch ------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void test_sketch_within_bound(void **state)
{
    (void)state;
    enum { N = 5000 };
    int64_t *v = malloc(N * sizeof *v);
    assert_non_null(v);
    rng_state = 7;
    const double qs[] = {0, 0.1, 0.25, 0.5, 0.9, 0.99, 1};
    for (int round = 0; round < 40; round++) {
        size_t n = 1 + rnd(N);
        for (size_t i = 0; i < n; i++) {
            switch (round % 4) {
            case 0: v[i] = (int64_t)rnd(3600000); break;      /* ms, 1 h */
            case 1: v[i] = 1000 * (int64_t)rnd(900); break;   /* whole s */
            case 2: v[i] = rnd(5) ? 0 : (int64_t)rnd(100); break;
            default: v[i] = (int64_t)(rnd64() % INT64_C(100000000000));
            }
        }
        qsort(v, n, sizeof *v, cmp_i64);
        struct cx_arena arena;
        cx_arena_init(&arena, 0);
        struct cx_sketch sk;
        assert_int_equal(cx_sketch_build(&sk, v, n, &arena), 0);
        assert_int_equal(sk.n, n);
        for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
            double exact = cx_quantile_sorted(v, n, qs[i]);
            double est = cx_sketch_quantile(&sk, qs[i]);
            double tol = CX_SKETCH_ALPHA * exact * (1 + 1e-9);
            if (!(fabs(est - exact) <= tol))
                fail_msg("round %d q %g: %.17g vs exact %.17g", round, qs[i],
                         est, exact);
        }
        cx_arena_release(&arena);
    }
    free(v);
}

static void test_sketch_merge_equals_whole(void **state)
{
    (void)state;
    int64_t v[] = {0, 0, 5, 17, 17, 1000, 1003, 250000, 250001, 3600000};
    int64_t a[] = {0, 17, 1003, 250001};
    int64_t b[] = {0, 5, 17, 1000, 250000, 3600000};
    struct cx_arena arena;
    cx_arena_init(&arena, 0);
    struct cx_sketch w, x, y, xy, yx;
    assert_int_equal(cx_sketch_build(&w, v, 10, &arena), 0);
    assert_int_equal(cx_sketch_build(&x, a, 4, &arena), 0);
    assert_int_equal(cx_sketch_build(&y, b, 6, &arena), 0);
    assert_int_equal(cx_sketch_merge(&xy, &x, &y, &arena), 0);
    assert_int_equal(cx_sketch_merge(&yx, &y, &x, &arena), 0);
    const struct cx_sketch *both[] = {&xy, &yx};
    for (int k = 0; k < 2; k++) {
        assert_int_equal(both[k]->n, w.n);
        assert_int_equal(both[k]->zeros, 2);
        assert_int_equal(both[k]->nb, w.nb);
        assert_memory_equal(both[k]->index, w.index, w.nb * sizeof *w.index);
        assert_memory_equal(both[k]->count, w.count, w.nb * sizeof *w.count);
    }
    /* 17 and 1000..1003 share buckets only as far as 0.2 % allows */
    assert_int_equal(w.nb, 6);
    cx_arena_release(&arena);
}

/* ---- metric states ---------------------------------------------------- */

static void test_mstate_merge_refuses_unlike(void **state)
{
    (void)state;
    struct cx_arena arena;
    cx_arena_init(&arena, 0);
    struct cx_mstate a = {.kind = CX_MK_FCR}, b = {.kind = CX_MK_FCR};
    b.u.fcr.repeat = true;
    assert_int_equal(cx_mstate_merge(&a, &b, &arena), 1);
    struct cx_mstate e = {.kind = CX_MK_EVENTS}, f = {.kind = CX_MK_EVENTS};
    e.u.events.last_month = 24311;
    f.u.events.last_month = 24312;
    assert_int_equal(cx_mstate_merge(&e, &f, &arena), 1);
    f.u.events.last_month = 24311;
    f.u.events.acc.churned = 3;
    assert_int_equal(cx_mstate_merge(&e, &f, &arena), 0);
    assert_int_equal(e.u.events.acc.churned, 3);
    struct cx_mstate n = {.kind = CX_MK_NPS};
    assert_int_equal(cx_mstate_merge(&n, &e, &arena), 1);
    cx_arena_release(&arena);
}

/* ---- state files ------------------------------------------------------ */

static const char *const by_region[] = {"region"};

static struct cx_state_opts opts_for(const char *command)
{
    struct cx_state_opts o = {.command = command, .by = by_region,
                              .nby = 1};
    cx_metric_opts_init(&o.m);      /* z 1.959963984540054, CSAT 1-5 with
                                       4-5 satisfied, CES 1-7, FCR auto in
                                       7 days, churn auto */
    o.m.period = CX_PERIOD_MONTH;
    o.m.weight = "w";
    o.m.clv.margin = 0.8;
    o.m.clv.horizon_months = 36;
    return o;
}

/* Write rep's states with o, then read them back into st. */
static void round_trip(const struct cx_report *rep,
                       const struct cx_state_opts *o, struct cx_state *st)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    struct cx_error err;
    assert_int_equal(cx_write_state(rep, o, f, &err), CX_OK);
    fclose(f);
    size_t used;
    assert_int_equal(cx_read_state(buf, len, "mem", st, &used, &err), CX_OK);
    assert_int_equal(used, len - 1);        /* all but the newline */
    free(buf);
}

static void test_state_round_trip(void **state)
{
    (void)state;
    struct cx_report rep;
    cx_report_init(&rep);
    struct cx_input_stats in = {.path = "a \"quoted\".csv",
                                .table = CX_TABLE_SURVEY, .rows = 12,
                                .skipped_rows = 1, .filtered_rows = 2,
                                .padded_rows = 3, .pad_short_rows = true};
    rep.inputs = &in;
    rep.ninputs = 1;
    rep.by_names = by_region;
    rep.nby = 1;
    rep.has_period = true;
    struct cx_mstate *s = rep.overall_state;
    s[0] = (struct cx_mstate){.kind = CX_MK_NPS};
    cx_nps_add(&s[0].u.nps, 10, 0.1);
    cx_nps_add(&s[0].u.nps, 3, 2.75);
    s[0].u.nps.missing = 4;
    s[1] = (struct cx_mstate){.kind = CX_MK_AHT};
    int64_t ms[] = {0, 61000, 61000, 305123};
    s[1].u.aht.acc = (struct cx_aht_acc){4, 1, 2, 3, 427123, 9, 8, 7};
    s[1].u.aht.o.has_hold = true;
    assert_int_equal(cx_sketch_build(&s[1].u.aht.sketch, ms, 4, &rep.arena),
                     0);
    s[3] = (struct cx_mstate){.kind = CX_MK_CLV};
    s[3].u.clv.acc.n = 2;
    cx_xsum_add(&s[3].u.clv.acc.revenue_sum, -19.99);
    s[3].u.clv.churn = CX_CLV_CHURN_EVENTS;
    s[3].u.clv.ev.churned = 5;
    s[3].u.clv.last_month = -3;
    s[2] = (struct cx_mstate){.kind = CX_MK_FCR};
    s[2].u.fcr.acc.contacts = UINT64_C(9007199254740992);   /* 2^53 */
    s[2].u.fcr.repeat = true;
    rep.noverall = 4;
    assert_int_equal(cx_report_groups(&rep, 1), 0);
    const char *key[] = {NULL};
    rep.groups[0].key = key;
    rep.groups[0].absent = CX_ABSENT_PERIOD;
    assert_int_equal(cx_report_group_room(&rep, &rep.groups[0], 1), 0);
    rep.groups[0].state[0] = (struct cx_mstate){.kind = CX_MK_CHURN};
    rep.groups[0].state[0].u.churn.has_tenure = true;
    cx_xsum_add(&rep.groups[0].state[0].u.churn.acc.tenure_sum, 1e30);
    rep.groups[0].nmetrics = 1;

    struct cx_state_opts o = opts_for("report");
    struct cx_state st;
    round_trip(&rep, &o, &st);
    assert_string_equal(st.opts.command, "report");
    assert_int_equal(st.opts.nby, 1);
    assert_string_equal(st.opts.by[0], "region");
    assert_int_equal(st.opts.m.period, CX_PERIOD_MONTH);
    assert_true(st.opts.m.z == o.m.z);
    assert_true(st.opts.m.clv.margin == 0.8);
    assert_int_equal(st.opts.m.clv.horizon_months, 36);
    assert_null(st.opts.m.partitioned_by);
    assert_int_equal(st.rep.ninputs, 1);
    assert_string_equal(st.rep.inputs[0].path, in.path);
    assert_int_equal(st.rep.inputs[0].skipped_rows, 1);
    assert_int_equal(st.rep.inputs[0].padded_rows, 3);
    assert_true(st.rep.inputs[0].pad_short_rows);
    assert_int_equal(st.rep.noverall, 4);
    const struct cx_mstate *r = st.rep.overall_state;
    assert_int_equal(r[0].u.nps.promoters, 1);
    assert_int_equal(r[0].u.nps.missing, 4);
    assert_true(cx_xsum_value(&r[0].u.nps.w_detractors) == 2.75);
    assert_true(cx_xsum_value(&r[0].u.nps.w_sq) == 0.1 * 0.1 + 2.75 * 2.75);
    assert_memory_equal(&r[1].u.aht.acc, &s[1].u.aht.acc,
                        sizeof r[1].u.aht.acc);
    assert_true(r[1].u.aht.o.has_hold && !r[1].u.aht.o.has_talk);
    assert_int_equal(r[1].u.aht.sketch.zeros, 1);
    assert_int_equal(r[1].u.aht.sketch.nb, 2);
    assert_int_equal(r[1].u.aht.sketch.count[0], 2);
    assert_true(cx_xsum_value(&r[3].u.clv.acc.revenue_sum) == -19.99);
    assert_int_equal(r[3].u.clv.churn, CX_CLV_CHURN_EVENTS);
    assert_int_equal(r[3].u.clv.last_month, -3);
    assert_int_equal(r[3].u.clv.ev.churned, 5);
    assert_int_equal(r[2].u.fcr.acc.contacts, UINT64_C(9007199254740992));
    assert_true(r[2].u.fcr.repeat);
    assert_int_equal(st.rep.ngroups, 1);
    assert_null(st.rep.groups[0].key[0]);
    assert_int_equal(st.rep.groups[0].absent, CX_ABSENT_PERIOD);
    assert_true(cx_xsum_value(
                    &st.rep.groups[0].state[0].u.churn.acc.tenure_sum)
                == 1e30);

    /* Different options are named. */
    struct cx_state other;
    struct cx_state_opts o2 = opts_for("report");
    o2.m.ces.scale_hi = 5;
    round_trip(&rep, &o2, &other);
    char msg[256];
    assert_true(cx_state_same_options(st.options_json, st.options_json, msg,
                                      sizeof msg));
    assert_false(cx_state_same_options(st.options_json, other.options_json,
                                       msg, sizeof msg));
    assert_string_equal(msg, "--ces-scale is [1,7] in this state and [1,5] in "
                             "that one");
    cx_state_release(&other);
    cx_state_release(&st);
    cx_report_release(&rep);
}

/* A text that is not a good state: the error and its message. */
static void expect_bad(const char *text, const char *needle)
{
    struct cx_state st;
    struct cx_error err;
    size_t used;
    enum cx_status s = cx_read_state(text, strlen(text), "bad.json", &st,
                                     &used, &err);
    cx_state_release(&st);
    if (s != CX_ERR_STATE || !strstr(err.msg, needle))
        fail_msg("'%s': status %d, message '%s', expected '%s'", text, s,
                 err.msg, needle);
}

/* The options of a state, with the formula CLV's horizon (a JSON text). */
#define OPTS_HORIZON(h)                                                       \
    "\"options\":{\"command\":\"nps\",\"by\":[],\"period\":null,"            \
    "\"weight\":null,\"z\":1.96,\"csat_scale\":[1,5],\"csat_satisfied\":"   \
    "[4,5],\"ces_scale\":[1,7],\"ces_low_is_easy\":false,\"fcr_method\":"   \
    "\"auto\",\"fcr_window_ms\":1,\"churn_method\":\"auto\",\"margin\":1,"  \
    "\"discount_rate\":0,\"arpu\":null,\"churn_rate\":null,"               \
    "\"horizon_months\":" h ",\"since_ms\":null,\"until_ms\":null,"         \
    "\"where\":[]},\"facts\":{\"partitioned_by\":null},\"inputs\":[]"
#define OPTS OPTS_HORIZON("null")

static void test_state_bad_inputs(void **state)
{
    (void)state;
    expect_bad("nps,csat\n1,2\n", "not a JSON object");
    expect_bad("{\"schema_version\":1,\"overall\":{}}",
               "a report, not a state");
    expect_bad("{\"cxcalc_state\":2," OPTS ",\"overall\":[],\"groups\":[]}",
               "version is newer");
    expect_bad("{\"cxcalc_state\":1," OPTS ",\"groups\":[]}",
               "no member 'overall'");
    expect_bad("{\"cxcalc_state\":1," OPTS ",\"overall\":[{\"state\":"
               "\"csat\",\"n\":-1}],\"groups\":[]}",
               "'n' is not an integer");
    expect_bad("{\"cxcalc_state\":1," OPTS ",\"overall\":[{\"state\":"
               "\"csat\",\"n\":1.5}],\"groups\":[]}",
               "'n' is not an integer");
    expect_bad("{\"cxcalc_state\":1," OPTS ",\"overall\":[{\"state\":"
               "\"wow\"}],\"groups\":[]}", "unknown metric state 'wow'");
    expect_bad("{\"cxcalc_state\":1," OPTS ",\"overall\":[{\"state\":"
               "\"churn\",\"customers\":1,\"churned\":0,\"missing\":0,"
               "\"invalid\":0,\"churned_with_tenure\":0,\"tenure_sum\":[1,2],"
               "\"has_tenure\":true}],\"groups\":[]}",
               "'tenure_sum' is not an exact sum");
    expect_bad("{\"cxcalc_state\":1," OPTS ",\"overall\":[{\"state\":\"aht\","
               "\"n\":2,\"missing\":0,\"invalid\":0,\"abandoned\":0,"
               "\"sum_ms\":2,\"talk_ms\":0,\"hold_ms\":0,\"acw_ms\":0,"
               "\"has_talk\":false,\"has_hold\":false,\"has_acw\":false,"
               "\"sketch\":{\"alpha\":0.001,\"zeros\":0,\"index\":[5,4],"
               "\"count\":[1,1]}}],\"groups\":[]}", "not ascending");
    expect_bad("{\"cxcalc_state\":1," OPTS ",\"overall\":[{\"state\":\"aht\","
               "\"n\":3,\"missing\":0,\"invalid\":0,\"abandoned\":0,"
               "\"sum_ms\":2,\"talk_ms\":0,\"hold_ms\":0,\"acw_ms\":0,"
               "\"has_talk\":false,\"has_hold\":false,\"has_acw\":false,"
               "\"sketch\":{\"alpha\":0.001,\"zeros\":0,\"index\":[4,5],"
               "\"count\":[1,1]}}],\"groups\":[]}", "does not hold n values");
    expect_bad("{\"cxcalc_state\":1," OPTS ",\"overall\":[],\"groups\":"
               "[{\"key\":[\"x\"],\"absent\":[],\"period_absent\":false,"
               "\"period\":null,\"states\":[]}]}",
               "one value per --by column");
    expect_bad("{\"cxcalc_state\":1," OPTS ",\"overall\":[{\"state\":"
               "\"fcr\",\"n\":0,\"resolved\":0,\"contacts\":0,"
               "\"missing\":0,\"invalid\":0,\"abandoned\":0,"
               "\"repeat\":false},{\"state\":\"fcr\",\"n\":0,"
               "\"resolved\":0,\"contacts\":0,\"missing\":0,\"invalid\":0,"
               "\"abandoned\":0,\"repeat\":true}],\"groups\":[]}",
               "repeated or out of order");
    expect_bad("{\"cxcalc_state\":1," OPTS_HORIZON("0") ",\"overall\":[],"
               "\"groups\":[]}", "'horizon_months' is out of range");
    expect_bad("{\"cxcalc_state\":1," OPTS_HORIZON("\"24m\"")
               ",\"overall\":[],\"groups\":[]}",
               "'horizon_months' is not an integer");
}

/* States made with different formula CLV horizons do not merge: merge
 * names the option and both values. */
static void test_state_horizons_differ(void **state)
{
    (void)state;
    char msg[256];
    const char *a = "{\"margin\":1,\"horizon_months\":24}";
    const char *b = "{\"margin\":1,\"horizon_months\":null}";
    assert_true(cx_state_same_options(a, a, msg, sizeof msg));
    assert_false(cx_state_same_options(a, b, msg, sizeof msg));
    assert_string_equal(msg, "--horizon (months) is 24 in this state and "
                             "null in that one");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xsum_is_exact_where_doubles_round),
        cmocka_unit_test(test_xsum_range),
        cmocka_unit_test(test_xsum_order_and_merge_do_not_matter),
        cmocka_unit_test(test_sketch_within_bound),
        cmocka_unit_test(test_sketch_merge_equals_whole),
        cmocka_unit_test(test_mstate_merge_refuses_unlike),
        cmocka_unit_test(test_state_round_trip),
        cmocka_unit_test(test_state_bad_inputs),
        cmocka_unit_test(test_state_horizons_differ),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
