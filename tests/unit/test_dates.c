/* test_dates.c - date layouts, their detection per column, and the bounds
 * of --since/--until.  Instants worked out with `date -u -d` and Python's
 * datetime. */
#include <string.h>

#include "cxcalc/calendar.h"
#include "cxcalc/dates.h"
#include "cxcalc/zone.h"
#include "table/cell.h"
#include "test_util.h"

/* ms of a UTC civil time */
static int64_t at(int64_t y, int m, int d, int h, int mi, int s)
{
    return cx_days_from_civil(y, m, d) * CX_MS_PER_DAY
           + ((int64_t)h * 3600 + mi * 60 + s) * 1000;
}

static void ok(enum cx_date_kind k, const char *s, int64_t want, bool utc)
{
    struct cx_date_layout l = {k, NULL};
    int64_t ms = -1;
    bool u = !utc;
    if (cx_date_parse(&l, s, strlen(s), &ms, &u) != CX_CELL_OK)
        fail_msg("'%s' not read as %s", s, cx_date_layout_name(&l));
    if (ms != want || u != utc)
        fail_msg("'%s' as %s: %lld (utc %d), expected %lld (utc %d)", s,
                 cx_date_layout_name(&l), (long long)ms, u, (long long)want,
                 utc);
}

static void bad(enum cx_date_kind k, const char *s)
{
    struct cx_date_layout l = {k, NULL};
    int64_t ms;
    bool u;
    if (cx_date_parse(&l, s, strlen(s), &ms, &u) != CX_CELL_INVALID)
        fail_msg("'%s' read as %s", s, cx_date_layout_name(&l));
}

static void test_layouts(void **state)
{
    (void)state;
    ok(CX_DATE_ISO, "2026-01-31T22:00:00-05:00", at(2026, 2, 1, 3, 0, 0),
       true);
    ok(CX_DATE_ISO, "2026-01-31 22:00", at(2026, 1, 31, 22, 0, 0), false);
    ok(CX_DATE_ISO, "2026-01-31", at(2026, 1, 31, 0, 0, 0), false);
    ok(CX_DATE_YMD_SLASH, "2026/01/05 10:00",
       at(2026, 1, 5, 10, 0, 0), false);
    ok(CX_DATE_YYYYMMDD, "19970101", at(1997, 1, 1, 0, 0, 0), false);
    ok(CX_DATE_YYYYMMDD, " 19971231 ", at(1997, 12, 31, 0, 0, 0), false);
    ok(CX_DATE_YYMMDD, "990201", at(1999, 2, 1, 0, 0, 0), false);
    ok(CX_DATE_YYMMDD, "260105", at(2026, 1, 5, 0, 0, 0), false);
    ok(CX_DATE_DMY_DOT, "05.01.2026 14:30", at(2026, 1, 5, 14, 30, 0),
       false);
    ok(CX_DATE_MDY, "11/1/2019 8:51:12", at(2019, 11, 1, 8, 51, 12), false);
    ok(CX_DATE_DMY, "11/1/2019 8:51:12", at(2019, 1, 11, 8, 51, 12), false);
    ok(CX_DATE_MDY, "1/5/2026 12:30 AM", at(2026, 1, 5, 0, 30, 0), false);
    ok(CX_DATE_MDY, "1/5/2026 12:30 pm", at(2026, 1, 5, 12, 30, 0), false);
    ok(CX_DATE_MDY, "1/5/26", at(2026, 1, 5, 0, 0, 0), false);
    ok(CX_DATE_MDY, "1/5/2026 10:00:00.250 +01:00",
       at(2026, 1, 5, 9, 0, 0) + 250, true);
    ok(CX_DATE_MONTH_NAME, "5 Jan 2026", at(2026, 1, 5, 0, 0, 0), false);
    ok(CX_DATE_MONTH_NAME, "Jan 5, 2026", at(2026, 1, 5, 0, 0, 0), false);
    ok(CX_DATE_MONTH_NAME, "05-Jan-26", at(2026, 1, 5, 0, 0, 0), false);
    ok(CX_DATE_MONTH_NAME, "January 5 2026 3:04 PM",
       at(2026, 1, 5, 15, 4, 0), false);
    ok(CX_DATE_MONTH_NAME, "Mon, 5 Jan 2026 15:04:05 GMT",
       at(2026, 1, 5, 15, 4, 5), true);
    ok(CX_DATE_MONTH_NAME, "Sept 30, 2026", at(2026, 9, 30, 0, 0, 0), false);
    ok(CX_DATE_EPOCH, "1767225600", at(2026, 1, 1, 0, 0, 0), true);
    ok(CX_DATE_EPOCH, "1767225600.5", at(2026, 1, 1, 0, 0, 0) + 500, true);
    ok(CX_DATE_EPOCH_MS, "1767225600123", at(2026, 1, 1, 0, 0, 0) + 123,
       true);
    ok(CX_DATE_EXCEL, "46023", at(2026, 1, 1, 0, 0, 0), false);
    ok(CX_DATE_EXCEL, "46023.75", at(2026, 1, 1, 18, 0, 0), false);
    ok(CX_DATE_EXCEL, "1", at(1900, 1, 1, 0, 0, 0), false);
    ok(CX_DATE_EXCEL, "61", at(1900, 3, 1, 0, 0, 0), false);

    /* past the millisecond: dropped in every layout, as in ISO 8601 */
    ok(CX_DATE_ISO, "2026-01-05T10:00:00.9999", at(2026, 1, 5, 10, 0, 0) + 999,
       false);
    ok(CX_DATE_DMY_DOT, "05.01.2026 10:00:00.9999",
       at(2026, 1, 5, 10, 0, 0) + 999, false);

    bad(CX_DATE_ISO, "2026-02-30");
    bad(CX_DATE_ISO, "2026-01-05T10:00:60");
    bad(CX_DATE_MDY, "1/5/2026 10:00:60");
    bad(CX_DATE_YYYYMMDD, "20261301");
    bad(CX_DATE_YYYYMMDD, "199701011");
    bad(CX_DATE_YYMMDD, "19970101");
    bad(CX_DATE_MDY, "13/13/2026");
    bad(CX_DATE_MDY, "1/5/2026 13:00 PM");
    bad(CX_DATE_MDY, "1/5/202");
    bad(CX_DATE_DMY, "1/13/2026");
    bad(CX_DATE_MONTH_NAME, "5 Foo 2026");
    bad(CX_DATE_MONTH_NAME, "31 Feb 2026");
    bad(CX_DATE_EXCEL, "60");           /* 1900-02-29 never was */
    bad(CX_DATE_EPOCH, "1e9");
}

static void test_missing_and_time_of_day(void **state)
{
    (void)state;
    struct cx_date_layout l = {CX_DATE_YYMMDD, NULL};
    int64_t ms;
    bool u;
    assert_int_equal(cx_date_parse(&l, " NA ", 4, &ms, &u), CX_CELL_MISSING);
    assert_int_equal(cx_time_of_day_parse("7:02:47", 7, &ms), CX_CELL_OK);
    assert_int_equal(ms, (7 * 3600 + 2 * 60 + 47) * 1000);
    assert_int_equal(cx_time_of_day_parse("11:05 PM", 8, &ms), CX_CELL_OK);
    assert_int_equal(ms, (23 * 3600 + 5 * 60) * 1000);
    assert_int_equal(cx_time_of_day_parse("24:00:00", 8, &ms),
                     CX_CELL_INVALID);
    assert_int_equal(cx_time_of_day_parse("", 0, &ms), CX_CELL_MISSING);
}

static void test_strptime_layouts(void **state)
{
    (void)state;
    struct cx_date_layout l;
    int64_t ms;
    bool u;
    assert_true(cx_date_format_parse("%d|%m|%Y %H.%M", &l));
    assert_int_equal(cx_date_parse(&l, "05|01|2026 14.30", 16, &ms, &u),
                     CX_CELL_OK);
    assert_int_equal(ms, at(2026, 1, 5, 14, 30, 0));
    assert_false(u);
    assert_true(cx_date_format_parse("%Y-%m-%d %H:%M %z", &l));
    const char *s = "2026-01-05 14:30 +0200";
    assert_int_equal(cx_date_parse(&l, s, strlen(s), &ms, &u), CX_CELL_OK);
    assert_int_equal(ms, at(2026, 1, 5, 12, 30, 0));
    assert_true(u);
    assert_int_equal(cx_date_parse(&l, "2026-01-05", 10, &ms, &u),
                     CX_CELL_INVALID);
    assert_true(cx_date_format_parse("d/m/yyyy", &l));
    assert_int_equal(l.kind, CX_DATE_DMY);
    assert_true(cx_date_format_parse("epoch-ms", &l));
    assert_int_equal(l.kind, CX_DATE_EPOCH_MS);
    assert_false(cx_date_format_parse("%s", &l));     /* the process zone */
    assert_false(cx_date_format_parse("weekly", &l));
}

/* Rows of one field each. */
static void sniff(const char *const *vals, size_t n, bool us,
                  struct cx_date_sniff *out)
{
    struct cx_field_view f[16];
    struct cx_record r[16];
    for (size_t i = 0; i < n; i++) {
        f[i] = (struct cx_field_view){vals[i], strlen(vals[i])};
        r[i] = (struct cx_record){&f[i], 1, i + 2};
    }
    cx_date_sniff(r, n, 0, us, out);
}

static void test_sniff(void **state)
{
    (void)state;
    struct cx_date_sniff s;
    const char *dm[] = {"11/1/2019 8:51:12", "", "13/1/2019 9:00:00"};
    sniff(dm, 3, false, &s);
    assert_int_equal(s.layout.kind, CX_DATE_DMY);
    assert_false(s.undecided);
    assert_int_equal(s.values, 2);
    assert_int_equal(s.fit, 2);
    const char *md[] = {"11/1/2019", "1/13/2019"};
    sniff(md, 2, false, &s);
    assert_int_equal(s.layout.kind, CX_DATE_MDY);
    const char *open[] = {"3/4/2026", "5/6/2026"};
    sniff(open, 2, false, &s);
    assert_true(s.undecided);
    assert_string_equal(s.sample, "3/4/2026");
    sniff(open, 2, true, &s);           /* a SurveyMonkey export: US */
    assert_false(s.undecided);
    assert_int_equal(s.layout.kind, CX_DATE_MDY);
    const char *same[] = {"1/1/2026", "2/2/2026"};    /* both ways alike */
    sniff(same, 2, false, &s);
    assert_false(s.undecided);
    assert_true(s.tentative);           /* M/D until a date decides */
    assert_int_equal(s.layout.kind, CX_DATE_MDY);
    sniff(md, 2, false, &s);
    assert_false(s.tentative);
    sniff(same, 2, true, &s);           /* SurveyMonkey: American */
    assert_false(s.tentative);
    const char *yy[] = {"990201", "990228"};
    sniff(yy, 2, false, &s);
    assert_int_equal(s.layout.kind, CX_DATE_YYMMDD);
    const char *ymd[] = {"19970101", "19970102", "oops"};
    sniff(ymd, 3, false, &s);
    assert_int_equal(s.layout.kind, CX_DATE_YYYYMMDD);
    assert_int_equal(s.fit, 2);
    const char *iso[] = {"2026-01-01", "2026-01-02T10:00:00Z"};
    sniff(iso, 2, false, &s);
    assert_int_equal(s.layout.kind, CX_DATE_ISO);
    const char *names[] = {"5 Jan 2026", "Jan 6, 2026"};
    sniff(names, 2, false, &s);
    assert_int_equal(s.layout.kind, CX_DATE_MONTH_NAME);
    sniff(names, 0, false, &s);
    assert_int_equal(s.layout.kind, CX_DATE_ISO);
}

static void test_order_of(void **state)
{
    (void)state;
    assert_int_equal(cx_date_order_of("7/7/2026", 8), CX_ORDER_EITHER);
    assert_int_equal(cx_date_order_of("2026-01-05", 10), CX_ORDER_EITHER);
    assert_int_equal(cx_date_order_of(" 25/2/2026 ", 11), CX_ORDER_DAY_FIRST);
    assert_int_equal(cx_date_order_of("2/25/2026 9:00", 14),
                     CX_ORDER_MONTH_FIRST);
    assert_int_equal(cx_date_order_of("3/2/2026", 8), CX_ORDER_AMBIGUOUS);
}

static void bound(const char *s, const struct cx_zone *z, int64_t now,
                  int64_t want)
{
    int64_t ms;
    if (!cx_date_bound(s, z, now, &ms))
        fail_msg("'%s' is not a bound", s);
    if (ms != want)
        fail_msg("'%s': %lld, expected %lld", s, (long long)ms,
                 (long long)want);
}

static void test_bounds(void **state)
{
    (void)state;
    /* Sunday 2026-03-15 10:00 UTC */
    int64_t now = at(2026, 3, 15, 10, 0, 0);
    bound("2026-01-01", NULL, now, at(2026, 1, 1, 0, 0, 0));
    bound("today", NULL, now, at(2026, 3, 15, 0, 0, 0));
    bound("yesterday", NULL, now, at(2026, 3, 14, 0, 0, 0));
    bound("-7d", NULL, now, at(2026, 3, 8, 0, 0, 0));
    bound("-2w", NULL, now, at(2026, 3, 1, 0, 0, 0));
    bound("-1m", NULL, now, at(2026, 2, 15, 0, 0, 0));
    bound("-1y", NULL, now, at(2025, 3, 15, 0, 0, 0));
    bound("this-week", NULL, now, at(2026, 3, 9, 0, 0, 0));
    bound("last-week", NULL, now, at(2026, 3, 2, 0, 0, 0));
    bound("this-month", NULL, now, at(2026, 3, 1, 0, 0, 0));
    bound("last-month", NULL, now, at(2026, 2, 1, 0, 0, 0));
    bound("this-quarter", NULL, now, at(2026, 1, 1, 0, 0, 0));
    bound("last-quarter", NULL, now, at(2025, 10, 1, 0, 0, 0));
    bound("this-year", NULL, now, at(2026, 1, 1, 0, 0, 0));
    bound("last-year", NULL, now, at(2025, 1, 1, 0, 0, 0));
    /* -1m from the 31st: the last day of a shorter month */
    bound("-1m", NULL, at(2026, 3, 31, 12, 0, 0), at(2026, 2, 28, 0, 0, 0));
    struct cx_zone *ny;
    char msg[256];
    assert_int_equal(cx_zone_load("America/New_York", &ny, msg, sizeof msg),
                     0);
    /* 02:00Z on 1 February is still 31 January in New York */
    int64_t late = at(2026, 2, 1, 2, 0, 0);
    bound("today", ny, late, at(2026, 1, 31, 5, 0, 0));
    bound("this-month", ny, late, at(2026, 1, 1, 5, 0, 0));
    bound("2026-01-01", ny, late, at(2026, 1, 1, 5, 0, 0));
    bound("2026-01-01T00:00:00Z", ny, late, at(2026, 1, 1, 0, 0, 0));
    int64_t ms;
    assert_false(cx_date_bound("last-tuesday", NULL, now, &ms));
    assert_false(cx_date_bound("-7", NULL, now, &ms));
    assert_false(cx_date_bound("2026-13-01", NULL, now, &ms));
    cx_zone_free(ny);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layouts),
        cmocka_unit_test(test_missing_and_time_of_day),
        cmocka_unit_test(test_strptime_layouts),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_order_of),
        cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
