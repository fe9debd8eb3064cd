/* test_interactions.c - AHT and FCR end to end through the library, on
 * hand-worked exports: window edges, offsets, abandoned rows, the three
 * handle-time sources, and numpy-style percentiles. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxcalc/app.h"
#include "metrics/stats.h"
#include "test_util.h"

struct run {
    struct cx_report rep;
    struct cx_input_stats stats[1];
    struct cx_error err;
    char path[4096];
};

/* Write csv to a temporary file and run `metrics` over it. */
static enum cx_status run(struct run *r, const char *csv, unsigned metrics,
                          enum cx_fcr_method method, int64_t window_ms,
                          const char *by)
{
    const char *dir = getenv("TMPDIR");
    snprintf(r->path, sizeof r->path, "%s/cxcalc-test-XXXXXX",
             dir && *dir ? dir : "/tmp");
    int fd = mkstemp(r->path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, csv, strlen(csv)), (ssize_t)strlen(csv));
    close(fd);
    struct cx_run_options o;
    cx_run_options_init(&o);
    o.metrics = metrics;
    o.m.fcr_method = method;
    if (window_ms)
        o.m.fcr_window_ms = window_ms;
    static const char *by_list[1];
    by_list[0] = by;
    o.by = by_list;
    o.nby = by ? 1 : 0;
    static const char *files[1];
    files[0] = r->path;
    o.files = files;
    o.nfiles = 1;
    cx_report_init(&r->rep);
    enum cx_status st = cx_app_run(&o, CX_TABLE_INTERACTIONS, r->stats, &r->rep, &r->err);
    unlink(r->path);
    return st;
}

static double real(const struct cx_metric_result *m, const char *name)
{
    const struct cx_value *v = cx_result_get(m, name);
    assert_non_null(v);
    assert_int_equal(v->kind, CX_V_REAL);
    return v->u.real;
}

static uint64_t count(const struct cx_metric_result *m, const char *name)
{
    const struct cx_value *v = cx_result_get(m, name);
    assert_non_null(v);
    assert_int_equal(v->kind, CX_V_COUNT);
    return v->u.count;
}

static void test_quantiles_like_numpy(void **state)
{
    (void)state;
    /* numpy.quantile([1, 2, 3, 4], [0.5, 0.9]) = [2.5, 3.7] */
    const int64_t x[] = {1, 2, 3, 4};
    assert_close(cx_quantile_sorted(x, 4, 0.5), 2.5, 1e-12);
    assert_close(cx_quantile_sorted(x, 4, 0.9), 3.7, 1e-12);
    assert_close(cx_quantile_sorted(x, 1, 0.9), 1, 0);
    const int64_t y[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110};
    /* h = 10 * 0.9 = 9 exactly: x[9] = 100 */
    assert_close(cx_quantile_sorted(y, 11, 0.9), 100, 1e-12);
}

static const char *const edges =
    "customer,start,status\n"
    "a,2026-01-01T10:00:00Z,\n"
    "a,2026-01-08T10:00:00Z,\n"          /* exactly 7 d: same episode */
    "a,2026-01-08T10:00:01Z,\n"          /* 7 d + 1 s: a new one */
    "b,2026-01-01T12:00:00+02:00,\n"     /* 10:00Z */
    "b,2026-01-08T11:00:00+01:00,\n"     /* 10:00Z, exactly 7 d */
    "c,2026-01-05T00:00:00Z,Abandoned\n" /* excluded */
    "c,2026-01-05T01:00:00Z,\n"
    ",2026-01-05T01:00:00Z,\n"           /* no customer: invalid */
    "d,,\n";                             /* no start: invalid */

static void test_repeat_episodes_at_the_window_edge(void **state)
{
    (void)state;
    struct run r;
    assert_int_equal(run(&r, edges, CX_METRIC_FCR, CX_FCR_AUTO, 0, NULL),
                     CX_OK);
    const struct cx_metric_result *m = &r.rep.overall[0];
    /* episodes: a{1,2} a{3} b{4,5} c{7} -> n 4, one-contact 2 */
    assert_int_equal(count(m, "n"), 4);
    assert_int_equal(count(m, "resolved_first"), 2);
    assert_int_equal(count(m, "repeat_contacts"), 2);
    assert_int_equal(count(m, "invalid"), 2);
    assert_int_equal(count(m, "abandoned"), 1);
    assert_close(real(m, "value"), 50, 1e-12);
    cx_report_release(&r.rep);
}

static void test_repeat_window_48h(void **state)
{
    (void)state;
    struct run r;
    assert_int_equal(run(&r, edges, CX_METRIC_FCR, CX_FCR_REPEAT,
                         INT64_C(48) * 3600000, NULL), CX_OK);
    /* a{1} a{2,3} (one second apart) b{4} b{5} c{7}: 5 episodes, 4 of
     * one contact */
    assert_int_equal(count(&r.rep.overall[0], "n"), 5);
    assert_int_equal(count(&r.rep.overall[0], "resolved_first"), 4);
    cx_report_release(&r.rep);
}

static void test_episode_counts_in_group_of_first_contact(void **state)
{
    (void)state;
    const char *csv = "customer,start,agent\n"
                      "a,2026-01-01T10:00:00Z,x\n"
                      "a,2026-01-02T10:00:00Z,y\n"
                      "b,2026-01-01T10:00:00Z,y\n";
    struct run r;
    assert_int_equal(run(&r, csv, CX_METRIC_FCR, CX_FCR_AUTO, 0, "agent"),
                     CX_OK);
    assert_int_equal(r.rep.ngroups, 2);
    /* x: the episode a{1,2}; y: b{3} (row 2 belongs to x's episode) */
    assert_int_equal(count(&r.rep.groups[0].metrics[0], "n"), 1);
    assert_int_equal(count(&r.rep.groups[0].metrics[0], "repeat_contacts"),
                     1);
    assert_int_equal(count(&r.rep.groups[1].metrics[0], "n"), 1);
    assert_int_equal(count(&r.rep.groups[1].metrics[0], "resolved_first"),
                     1);
    cx_report_release(&r.rep);
}

static void test_issue_separates_episodes(void **state)
{
    (void)state;
    const char *csv = "customer,start,issue\n"
                      "a,2026-01-01T10:00:00Z,billing\n"
                      "a,2026-01-01T11:00:00Z,login\n"
                      "a,2026-01-01T12:00:00Z,billing\n";
    struct run r;
    assert_int_equal(run(&r, csv, CX_METRIC_FCR, CX_FCR_AUTO, 0, NULL),
                     CX_OK);
    assert_int_equal(count(&r.rep.overall[0], "n"), 2);
    assert_int_equal(count(&r.rep.overall[0], "resolved_first"), 1);
    cx_report_release(&r.rep);
}

static void test_flag_method_with_abandoned(void **state)
{
    (void)state;
    const char *csv = "id,resolved,status\n1,yes,done\n2,N,done\n3,1,done\n"
                      "4,true,missed\n5,,done\n6,maybe,done\n";
    struct run r;
    assert_int_equal(run(&r, csv, CX_METRIC_FCR, CX_FCR_AUTO, 0, NULL),
                     CX_OK);
    const struct cx_metric_result *m = &r.rep.overall[0];
    assert_int_equal(count(m, "n"), 3);
    assert_int_equal(count(m, "resolved_first"), 2);
    assert_int_equal(count(m, "missing"), 1);
    assert_int_equal(count(m, "invalid"), 1);
    assert_int_equal(count(m, "abandoned"), 1);
    assert_close(real(m, "value"), 200.0 / 3, 1e-12);
    cx_report_release(&r.rep);
}

static void test_aht_from_parts(void **state)
{
    (void)state;
    /* handle = talk + hold + acw, a missing part 0, all missing = missing:
     * 390, 330, 360, 220.5 s; mean 325.125; median 345; p90 381. */
    const char *csv = "talk_time,hold_time,acw,status\n"
                      "300,60,30,ok\n5:00,,0:30,ok\n0:05:00,1:00,,ok\n"
                      "100,,,abandoned\n200.5,10,10,ok\n,,,ok\nabc,1,1,ok\n";
    struct run r;
    assert_int_equal(run(&r, csv, CX_METRIC_AHT, CX_FCR_AUTO, 0, NULL),
                     CX_OK);
    const struct cx_metric_result *m = &r.rep.overall[0];
    assert_int_equal(count(m, "n"), 4);
    assert_close(real(m, "value"), 325.125, 1e-9);
    assert_close(real(m, "median"), 345, 1e-9);
    assert_close(real(m, "p90"), 381, 1e-9);
    assert_close(real(m, "talk_mean"), (300 + 300 + 300 + 200.5) / 4, 1e-9);
    assert_close(real(m, "hold_mean"), (60 + 0 + 60 + 10) / 4.0, 1e-9);
    assert_int_equal(count(m, "missing"), 1);
    assert_int_equal(count(m, "invalid"), 1);
    assert_int_equal(count(m, "abandoned"), 1);
    cx_report_release(&r.rep);
}

static void test_aht_from_timestamps_with_offsets(void **state)
{
    (void)state;
    /* 10:00Z -> 12:05+02:00 is 300 s; a negative span is invalid */
    const char *csv = "start,end\n"
                      "2026-01-01T10:00:00Z,2026-01-01T12:05:00+02:00\n"
                      "2026-01-01T10:00:00Z,2026-01-01T09:59:00Z\n"
                      "2026-01-01T10:00:00Z,\n";
    struct run r;
    assert_int_equal(run(&r, csv, CX_METRIC_AHT, CX_FCR_AUTO, 0, NULL),
                     CX_OK);
    const struct cx_metric_result *m = &r.rep.overall[0];
    assert_int_equal(count(m, "n"), 1);
    assert_close(real(m, "value"), 300, 1e-12);
    assert_int_equal(count(m, "invalid"), 1);
    assert_int_equal(count(m, "missing"), 1);
    cx_report_release(&r.rep);
}

static void test_aht_handle_column_wins(void **state)
{
    (void)state;
    const char *csv = "handle_time,talk_time\n100,5\n200,\n";
    struct run r;
    assert_int_equal(run(&r, csv, CX_METRIC_AHT, CX_FCR_AUTO, 0, NULL),
                     CX_OK);
    assert_close(real(&r.rep.overall[0], "value"), 150, 1e-12);
    assert_close(real(&r.rep.overall[0], "talk_mean"), 2.5, 1e-12);
    cx_report_release(&r.rep);
}

static void test_no_handle_source_is_an_error(void **state)
{
    (void)state;
    struct run r;
    assert_int_equal(run(&r, "id,agent\n1,x\n", CX_METRIC_AHT, CX_FCR_AUTO,
                         0, NULL), CX_ERR_COLUMN);
    assert_non_null(strstr(r.err.msg, "columns are: 'id', 'agent'"));
    cx_report_release(&r.rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantiles_like_numpy),
        cmocka_unit_test(test_repeat_episodes_at_the_window_edge),
        cmocka_unit_test(test_repeat_window_48h),
        cmocka_unit_test(test_episode_counts_in_group_of_first_contact),
        cmocka_unit_test(test_issue_separates_episodes),
        cmocka_unit_test(test_flag_method_with_abandoned),
        cmocka_unit_test(test_aht_from_parts),
        cmocka_unit_test(test_aht_from_timestamps_with_offsets),
        cmocka_unit_test(test_aht_handle_column_wins),
        cmocka_unit_test(test_no_handle_source_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
