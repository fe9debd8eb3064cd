/* test_registry.c - the metric registry: names, kinds and order; every
 * field a metric's finish writes is one the registry lists, with its type;
 * the text report's cells come from the registry. */
#include <string.h>

#include "cxcalc/registry.h"
#include "cxcalc/report.h"
#include "metrics/stats.h"
#include "test_util.h"

static void test_names_and_order(void **state)
{
    (void)state;
    const char *order[] = {"nps", "csat", "ces", "aht", "fcr", "churn",
                           "churn", "clv", "abandon"};
    assert_int_equal(cx_metric_count(), 9);
    for (size_t i = 0; i < 9; i++)
        assert_string_equal(cx_metric_at(i)->name, order[i]);
    assert_null(cx_metric_at(9));
    assert_int_equal(cx_metric_rank("aht"), 3);
    assert_int_equal(cx_metric_rank("churn"), 5);
    assert_int_equal(cx_metric_rank("abandon"), 8);
    assert_int_equal(cx_metric_rank("nope"), 9);
    /* a metric added at the end: the next kind and its name's bit */
    assert_int_equal(cx_metric_kind(cx_metric_find("abandon")), 9);
    assert_int_equal(cx_metric_bit(cx_metric_find("abandon")), 1u << 8);
    assert_null(cx_metric_find("NPS"));
    assert_string_equal(cx_mkind_name(CX_MK_EVENTS), "churn");
    assert_null(cx_mkind_name(CX_MK_NONE));
    /* kinds are places, bits are names' places: the named ones agree */
    const enum cx_mkind kinds[] = {CX_MK_NPS, CX_MK_CSAT, CX_MK_CES,
                                   CX_MK_AHT, CX_MK_FCR, CX_MK_CHURN,
                                   CX_MK_EVENTS, CX_MK_CLV};
    const unsigned bits[] = {CX_METRIC_NPS, CX_METRIC_CSAT, CX_METRIC_CES,
                             CX_METRIC_AHT, CX_METRIC_FCR, CX_METRIC_CHURN,
                             CX_METRIC_CHURN, CX_METRIC_CLV};
    for (size_t i = 0; i < 8; i++) {
        assert_int_equal(cx_metric_kind(cx_metric_at(i)), kinds[i]);
        assert_ptr_equal(cx_metric_of_kind(kinds[i]), cx_metric_at(i));
        assert_int_equal(cx_metric_bit(cx_metric_at(i)), bits[i]);
    }
}

/* Every field of r is listed by its metric with r's type (or null). */
static void check_fields(const struct cx_metric_result *r)
{
    const struct cx_metric_def *d = cx_metric_find(r->metric);
    assert_non_null(d);
    for (size_t i = 0; i < r->nfields; i++) {
        const struct cx_field_def *f = cx_metric_field(d, r->fields[i].name);
        if (!f)
            fail_msg("%s: field '%s' is not in the registry", r->metric,
                     r->fields[i].name);
        if (r->fields[i].v.kind != CX_V_NULL
            && r->fields[i].v.kind != f->type)
            fail_msg("%s.%s: type %d, registry says %d", r->metric,
                     f->name, r->fields[i].v.kind, f->type);
    }
}

static void test_finished_fields_are_listed(void **state)
{
    (void)state;
    struct cx_metric_opts fo;
    cx_metric_opts_init(&fo);
    const struct cx_value_count times[] = {{1000, 1}, {2000, 1}, {3000, 1}};
    const struct cx_exact sorted = {times, 3};
    for (size_t i = 0; i < cx_metric_count(); i++) {
        const struct cx_metric_def *d = cx_metric_at(i);
        for (int variant = 0; variant < 4; variant++) {
            struct cx_mstate s;
            memset(&s, 0, sizeof s);
            s.kind = cx_metric_kind(d);
            fo.weight = variant & 1 ? "w" : NULL;
            s.u.aht.acc.n = variant ? 3 : 0;   /* the union's first word */
            if (s.kind == CX_MK_AHT) {
                s.u.aht.acc.sum_ms = 6000;
                s.u.aht.o.has_talk = s.u.aht.o.has_hold = true;
                s.u.aht.o.has_acw = variant & 1;
            }
            if (s.kind == CX_MK_FCR)
                s.u.fcr.repeat = variant & 1;
            if (s.kind == CX_MK_CHURN)
                s.u.churn.has_tenure = variant & 1;
            if (s.kind == CX_MK_CLV)
                s.u.clv.churn = (enum cx_clv_churn)(variant % 3);
            struct cx_metric_result r;
            cx_mstate_finish(&s, &fo, s.kind == CX_MK_AHT && variant
                                          ? &sorted : NULL, &r);
            assert_string_equal(r.metric, d->name);
            check_fields(&r);
            cx_result_suppress(&r);
            check_fields(&r);
            /* the text cell fits and never reads past the result */
            char buf[96];
            d->text.cell(&r, buf, sizeof buf);
            assert_true(strlen(buf) < sizeof buf);
        }
    }
}

static void test_fail_if_names_checked(void **state)
{
    (void)state;
    struct cx_threshold t;
    char why[256];
    assert_true(cx_threshold_parse("nps<30", &t, why, sizeof why));
    assert_string_equal(t.field, "value");
    assert_true(cx_threshold_parse("aht.p90>600", &t, why, sizeof why));
    assert_true(cx_threshold_parse("churn.new>=5", &t, why, sizeof why));
    assert_false(cx_threshold_parse("nps.valu<30", &t, why, sizeof why));
    assert_non_null(strstr(why, "nps has no number 'valu'"));
    assert_false(cx_threshold_parse("NPS<30", &t, why, sizeof why));
    assert_non_null(strstr(why, "no metric 'NPS'"));
    assert_non_null(strstr(why, "nps, csat, ces, aht, fcr, churn, clv, "
                               "abandon"));
    assert_false(cx_threshold_parse("fcr.method<1", &t, why, sizeof why));
    assert_false(cx_threshold_parse("nps<", &t, why, sizeof why));
}

static void test_fail_if_scope_prefix(void **state)
{
    (void)state;
    struct cx_threshold t;
    char why[256];
    assert_true(cx_threshold_parse("nps<30", &t, why, sizeof why));
    assert_false(t.any);
    assert_true(cx_threshold_parse("any:nps.n>=5", &t, why, sizeof why));
    assert_true(t.any);
    assert_string_equal(t.metric, "nps");
    assert_string_equal(t.field, "n");
    assert_int_equal(t.cmp, CX_GE);
    assert_string_equal(t.text, "any:nps.n>=5");
    static const char *const bad[][2] = {
        {"all:nps<0", "unknown prefix 'all:'"},
        {"anyx:nps<0", "unknown prefix 'anyx:'"},
        {"ANY:nps<0", "unknown prefix 'ANY:'"},
        {"any:any:nps<0", "unknown prefix 'any:any:'"},
        {":nps<0", "unknown prefix ':'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_false(cx_threshold_parse(bad[i][0], &t, why, sizeof why));
        assert_non_null(strstr(why, bad[i][1]));
        assert_non_null(strstr(why, "METRIC[.FIELD]<N for the overall "
                                    "value and any:METRIC[.FIELD]<N for "
                                    "any group"));
    }
    /* after the prefix, the expression is checked as before */
    assert_false(cx_threshold_parse("any:", &t, why, sizeof why));
    assert_non_null(strstr(why, "like 'nps<30'"));
    assert_false(cx_threshold_parse("any:NPS<0", &t, why, sizeof why));
    assert_non_null(strstr(why, "no metric 'NPS'"));
    assert_false(cx_threshold_parse("any:nps.valu<0", &t, why, sizeof why));
    assert_non_null(strstr(why, "nps has no number 'valu'"));
}

/* An NPS result with n and value (null when `null`). */
static void nps_result(struct cx_metric_result *r, uint64_t n, double v,
                       bool null)
{
    cx_result_init(r, "nps");
    cx_result_count(r, "n", n);
    cx_result_real(r, "value", v, !null);
}

/* A report by channel and month: overall NPS 10, and groups
 * email/2026-01 (-5), phone/2026-01 (-40, n 3: suppressed by --min-n 5),
 * a null key/2026-02 (-1), chat with no date (null value), and one
 * holding only CSAT. */
static void grouped_report(struct cx_report *rep)
{
    static const char *const by[] = {"channel"};
    static const char *const keys[][1] = {{"email"}, {"phone"}, {NULL},
                                          {"chat"}, {"web"}};
    static const char *const periods[] = {"2026-01", "2026-01", "2026-02",
                                          NULL, "2026-02"};
    cx_report_init(rep);
    rep->by_names = by;
    rep->nby = 1;
    rep->has_period = true;
    nps_result(&rep->overall[0], 100, 10, false);
    rep->noverall = 1;
    assert_int_equal(cx_report_groups(rep, 5), 0);
    for (size_t i = 0; i < 5; i++) {
        struct cx_report_group *g = &rep->groups[i];
        g->key = (const char **)keys[i];
        g->period = periods[i];
        assert_int_equal(cx_report_group_room(rep, g, 1), 0);
        g->nmetrics = 1;
    }
    nps_result(&rep->groups[0].metrics[0], 40, -5, false);
    nps_result(&rep->groups[1].metrics[0], 3, -40, false);
    cx_result_suppress(&rep->groups[1].metrics[0]);
    nps_result(&rep->groups[2].metrics[0], 20, -1, false);
    nps_result(&rep->groups[3].metrics[0], 0, 0, true);
    cx_result_init(&rep->groups[4].metrics[0], "csat");
    cx_result_real(&rep->groups[4].metrics[0], "value", -100, true);
}

static void test_fail_if_any_group(void **state)
{
    (void)state;
    struct cx_report rep;
    grouped_report(&rep);
    struct cx_threshold t[4];
    char why[256];
    assert_true(cx_threshold_parse("any:nps<0", &t[0], why, sizeof why));
    assert_true(cx_threshold_parse("nps<0", &t[1], why, sizeof why));
    assert_true(cx_threshold_parse("any:nps>50", &t[2], why, sizeof why));
    assert_true(cx_threshold_parse("any:nps.weighted_n<1", &t[3], why,
                                   sizeof why));
    /* one alert per breaching group, in group order; the suppressed one
     * and the one without NPS do not count; a null value breaches */
    assert_int_equal(cx_report_check(&rep, t, 3), 4);
    assert_int_equal(rep.nalerts, 4);
    assert_string_equal(rep.alerts[0], "any:nps<0: nps.value is -5 in "
                                       "channel=email, period=2026-01");
    assert_string_equal(rep.alerts[1], "any:nps<0: nps.value is -1 in "
                                       "channel=(empty), period=2026-02");
    assert_string_equal(rep.alerts[2], "any:nps<0: nps.value is null (no "
                                       "data) in channel=chat, "
                                       "period=(no date)");
    /* nps<0 (overall 10) does not breach, nor any:nps>50 but for chat's
     * null */
    assert_string_equal(rep.alerts[3], "any:nps>50: nps.value is null (no "
                                       "data) in channel=chat, "
                                       "period=(no date)");
    cx_report_release(&rep);

    /* a field the run does not have: one alert, as overall */
    grouped_report(&rep);
    assert_int_equal(cx_report_check(&rep, &t[3], 1), 1);
    assert_string_equal(rep.alerts[0], "any:nps.weighted_n<1: this run has "
                                       "no nps.weighted_n");
    /* without groups (or none holding the metric): the overall value */
    rep.ngroups = 0;
    assert_true(cx_threshold_parse("any:nps<20", &t[0], why, sizeof why));
    assert_int_equal(cx_report_check(&rep, t, 1), 1);
    assert_string_equal(rep.alerts[1], "any:nps<20: nps.value is 10");
    rep.ngroups = 5;
    assert_true(cx_threshold_parse("any:csat<200", &t[0], why, sizeof why));
    assert_int_equal(cx_report_check(&rep, t, 1), 1);
    assert_string_equal(rep.alerts[2], "any:csat<200: this run has no "
                                       "csat.value");
    cx_report_release(&rep);
}

/* A key's text is escaped and cut in the alert, as in messages. */
static void test_fail_if_group_names_escaped(void **state)
{
    (void)state;
    static const char *const by[] = {"region", "agent"};
    char long_key[300];
    memset(long_key, 'x', sizeof long_key - 1);
    long_key[sizeof long_key - 1] = '\0';
    const char *key[] = {"north\x1b[31m", long_key};
    struct cx_report rep;
    cx_report_init(&rep);
    rep.by_names = by;
    rep.nby = 2;
    nps_result(&rep.overall[0], 10, 0, false);
    rep.noverall = 1;
    assert_int_equal(cx_report_groups(&rep, 1), 0);
    rep.groups[0].key = key;
    assert_int_equal(cx_report_group_room(&rep, &rep.groups[0], 1), 0);
    rep.groups[0].nmetrics = 1;
    nps_result(&rep.groups[0].metrics[0], 10, -10, false);
    struct cx_threshold t;
    char why[256];
    assert_true(cx_threshold_parse("any:nps<0", &t, why, sizeof why));
    assert_int_equal(cx_report_check(&rep, &t, 1), 1);
    char want[256];
    snprintf(want, sizeof want, "any:nps<0: nps.value is -10 in "
             "region=north\\x1b[31m, agent=%.60s\xe2\x80\xa6", long_key);
    assert_string_equal(rep.alerts[0], want);
    cx_report_release(&rep);
}

static void test_text_cells(void **state)
{
    (void)state;
    struct cx_nps_acc a = {.promoters = 6, .passives = 2, .detractors = 2};
    struct cx_mstate s = {.kind = CX_MK_NPS, .u.nps = a};
    struct cx_metric_opts fo = {.z = 1.96};
    struct cx_metric_result r;
    const struct cx_metric_def *d = cx_metric_find("nps");
    d->finish(&s, &fo, &r);
    char buf[96];
    d->text.cell(&r, buf, sizeof buf);
    /* 60/20/20 %: 9.6 -> 10 '+', 3.2 -> 3 '-' of 16 */
    assert_string_equal(buf, " 60.0/ 20.0/ 20.0 [++++++++++...---]");
    struct cx_value v = {.kind = CX_V_REAL, .u.real = 3725.4};
    cx_value_duration(&v, buf, sizeof buf);
    assert_string_equal(buf, "1:02:05");
    v.u.real = 59.5;
    cx_value_duration(&v, buf, sizeof buf);
    assert_string_equal(buf, "1:00");
}

/* Abandon rate: 260 of 2,844 contacts with a status (data/interactions.csv,
 * counted independently), Wilson interval by hand: p = 0.0914205,
 * centre (p + z²/2n) / (1 + z²/n), half-width
 * z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n) at z = 1.959964. */
static void test_abandon(void **state)
{
    (void)state;
    const struct cx_metric_def *d = cx_metric_find("abandon");
    struct cx_mstate a = {.kind = cx_metric_kind(d)};
    a.u.counts[0] = 2000;       /* n, abandoned, missing */
    a.u.counts[1] = 200;
    a.u.counts[2] = 100;
    struct cx_mstate b = {.kind = cx_metric_kind(d)};
    b.u.counts[0] = 844;
    b.u.counts[1] = 60;
    b.u.counts[2] = 56;
    assert_int_equal(cx_mstate_merge(&a, &b, NULL), 0);
    struct cx_metric_opts o;
    cx_metric_opts_init(&o);
    struct cx_metric_result r;
    cx_mstate_finish(&a, &o, NULL, &r);
    assert_int_equal(cx_result_count_of(&r, "n"), 2844);
    assert_int_equal(cx_result_count_of(&r, "abandoned"), 260);
    assert_int_equal(cx_result_count_of(&r, "missing"), 156);
    assert_close(cx_result_value(&r, "value")->u.real, 9.1420534458509, 1e-9);
    assert_close(cx_result_value(&r, "ci_low")->u.real, 8.137226497137506,
                 1e-9);
    assert_close(cx_result_value(&r, "ci_high")->u.real, 10.257107119931879,
                 1e-9);
    /* a state that claims more abandoned than counted is refused */
    a.u.counts[1] = 3000;
    assert_non_null(d->state.check(&a));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_order),
        cmocka_unit_test(test_finished_fields_are_listed),
        cmocka_unit_test(test_fail_if_names_checked),
        cmocka_unit_test(test_fail_if_scope_prefix),
        cmocka_unit_test(test_fail_if_any_group),
        cmocka_unit_test(test_fail_if_group_names_escaped),
        cmocka_unit_test(test_text_cells),
        cmocka_unit_test(test_abandon),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
