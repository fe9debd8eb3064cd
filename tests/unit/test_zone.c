/* test_zone.c - time zones from tzdata: offsets, the DST gap and fold
 * rules, half-hour zones and a date-line jump.  Every instant checked
 * against Python's zoneinfo (datetime(..., fold=0).timestamp()). */
#include <string.h>

#include "cxcalc/calendar.h"
#include "cxcalc/zone.h"
#include "test_util.h"

static int64_t at(int64_t y, int m, int d, int h, int mi)
{
    return cx_days_from_civil(y, m, d) * CX_MS_PER_DAY
           + ((int64_t)h * 3600 + mi * 60) * 1000;
}

static struct cx_zone *load(const char *name)
{
    struct cx_zone *z = NULL;
    char msg[256];
    if (cx_zone_load(name, &z, msg, sizeof msg) != 0)
        fail_msg("%s", msg);
    return z;
}

/* local (a UTC civil time used as wall clock) -> instant, with and
 * without a cache. */
static void local_is(const struct cx_zone *z, int64_t local, int64_t want)
{
    struct cx_zone_cache c = {0};
    assert_int_equal(cx_zone_instant(z, local, NULL), want);
    assert_int_equal(cx_zone_instant(z, local, &c), want);
    assert_int_equal(cx_zone_instant(z, local, &c), want);
}

static void test_new_york(void **state)
{
    (void)state;
    struct cx_zone *ny = load("America/New_York");
    assert_string_equal(cx_zone_name(ny), "America/New_York");
    /* 2026-01-31T22:00:00-05:00 is 31 January there */
    int64_t t = at(2026, 2, 1, 3, 0);
    assert_int_equal(cx_zone_offset(ny, t, NULL), -5 * 3600000);
    assert_int_equal(cx_days_of_ms(cx_zone_local(ny, t, NULL)),
                     cx_days_from_civil(2026, 1, 31));
    /* summer: -4 */
    assert_int_equal(cx_zone_offset(ny, at(2026, 7, 1, 12, 0), NULL),
                     -4 * 3600000);
    /* spring forward, 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z) */
    local_is(ny, at(2026, 3, 8, 1, 59), at(2026, 3, 8, 6, 59));
    local_is(ny, at(2026, 3, 8, 2, 30), at(2026, 3, 8, 7, 30));   /* gap */
    local_is(ny, at(2026, 3, 8, 3, 0), at(2026, 3, 8, 7, 0));
    /* fall back, 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z) */
    local_is(ny, at(2026, 11, 1, 0, 59), at(2026, 11, 1, 4, 59));
    local_is(ny, at(2026, 11, 1, 1, 30), at(2026, 11, 1, 5, 30));  /* 1st */
    local_is(ny, at(2026, 11, 1, 2, 0), at(2026, 11, 1, 7, 0));
    /* the change is exact to the second */
    assert_int_equal(cx_zone_offset(ny, at(2026, 3, 8, 7, 0) - 1000, NULL),
                     -5 * 3600000);
    assert_int_equal(cx_zone_offset(ny, at(2026, 3, 8, 7, 0), NULL),
                     -4 * 3600000);
    char buf[64];
    assert_string_equal(cx_zone_format(ny, at(2026, 2, 1, 3, 0), buf,
                                       sizeof buf),
                        "2026-01-31T22:00:00-05:00");
    cx_zone_free(ny);
}

static void test_half_hours(void **state)
{
    (void)state;
    struct cx_zone *in = load("Asia/Kolkata");
    local_is(in, at(2026, 1, 1, 0, 0), at(2025, 12, 31, 18, 30));
    cx_zone_free(in);
    /* Lord Howe moves by 30 minutes: +11 in summer, +10:30 in winter */
    struct cx_zone *lh = load("Australia/Lord_Howe");
    local_is(lh, at(2026, 4, 5, 1, 45), at(2026, 4, 4, 14, 45));  /* fold */
    local_is(lh, at(2026, 10, 4, 2, 15), at(2026, 10, 3, 15, 45));  /* gap */
    char buf[64];
    assert_string_equal(cx_zone_format(lh, at(2026, 7, 1, 0, 0), buf,
                                       sizeof buf),
                        "2026-07-01T10:30:00+10:30");
    cx_zone_free(lh);
}

static void test_date_line(void **state)
{
    (void)state;
    /* Samoa skipped 30 December 2011, from -10 to +14 */
    struct cx_zone *ws = load("Pacific/Apia");
    local_is(ws, at(2011, 12, 29, 23, 59), at(2011, 12, 30, 9, 59));
    local_is(ws, at(2011, 12, 30, 12, 0), at(2011, 12, 30, 22, 0));
    local_is(ws, at(2011, 12, 31, 0, 0), at(2011, 12, 30, 10, 0));
    cx_zone_free(ws);
    struct cx_zone *ki = load("Pacific/Kiritimati");
    local_is(ki, at(2026, 1, 1, 0, 0), at(2025, 12, 31, 10, 0));
    cx_zone_free(ki);
}

static void test_names(void **state)
{
    (void)state;
    struct cx_zone *z = (struct cx_zone *)1;
    char msg[256];
    assert_int_equal(cx_zone_load("UTC", &z, msg, sizeof msg), 0);
    assert_null(z);
    assert_string_equal(cx_zone_name(NULL), "UTC");
    assert_int_equal(cx_zone_instant(NULL, 12345, NULL), 12345);
    assert_int_equal(cx_zone_load("Mars/Olympus", &z, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "unknown time zone 'Mars/Olympus'"));
    assert_int_equal(cx_zone_load("../../etc/passwd", &z, msg, sizeof msg),
                     -1);
    assert_int_equal(cx_zone_load("", &z, msg, sizeof msg), -1);
    char buf[64];
    assert_string_equal(cx_zone_format(NULL, at(2026, 1, 2, 3, 4), buf,
                                       sizeof buf),
                        "2026-01-02T03:04:00Z");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_york),
        cmocka_unit_test(test_half_hours),
        cmocka_unit_test(test_date_line),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
