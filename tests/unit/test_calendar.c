/* test_calendar.c - civil dates and period keys (ISO weeks checked against
 * `date -u -d DAY +%G-W%V`). */
#include <string.h>

#include "cxcalc/calendar.h"
#include "table/cell.h"
#include "test_util.h"

static char *key(enum cx_period p, const char *ts, char *buf)
{
    int64_t ms;
    assert_int_equal(cx_parse_timestamp(ts, strlen(ts), &ms), CX_CELL_OK);
    return cx_period_format(p, cx_period_code(p, ms), buf, 32);
}

static void test_civil_round_trip(void **state)
{
    (void)state;
    assert_int_equal(cx_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(cx_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(cx_days_from_civil(1969, 12, 31), -1);
    /* the bounds of cx_parse_timestamp (cell.c) */
    assert_int_equal(cx_days_from_civil(1, 1, 1), -719162);
    assert_int_equal(cx_days_from_civil(10000, 1, 1), 2932897);
    for (int64_t d = -800000; d < 800000; d += 37) {
        int64_t y;
        int m, dd;
        cx_civil_from_days(d, &y, &m, &dd);
        assert_int_equal(cx_days_from_civil(y, m, dd), d);
    }
}

static void test_iso_weeks_at_year_edges(void **state)
{
    (void)state;
    char buf[32];
    /* GNU date +%G-W%V */
    static const char *const cases[][2] = {
        {"2026-11-22", "2026-W47"}, {"2026-01-01", "2026-W01"},
        {"2025-12-29", "2026-W01"}, {"2021-01-03", "2020-W53"},
        {"2021-01-04", "2021-W01"}, {"2024-12-30", "2025-W01"},
        {"2020-12-31", "2020-W53"}, {"2027-01-01", "2026-W53"},
        {"1969-12-29", "1970-W01"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(key(CX_PERIOD_WEEK, cases[i][0], buf),
                            cases[i][1]);
}

static void test_period_keys_are_utc(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(key(CX_PERIOD_DAY, "2026-11-22T23:30:00-02:00", buf),
                        "2026-11-23");
    assert_string_equal(key(CX_PERIOD_MONTH, "2026-12-01T00:30:00+01:00",
                            buf), "2026-11");
    assert_string_equal(key(CX_PERIOD_QUARTER, "2026-10-01", buf),
                        "2026-Q4");
    assert_string_equal(key(CX_PERIOD_QUARTER, "2026-09-30", buf),
                        "2026-Q3");
    assert_string_equal(key(CX_PERIOD_YEAR, "1999-12-31T23:59:59Z", buf),
                        "1999");
    assert_string_equal(key(CX_PERIOD_MONTH, "1969-12-31", buf), "1969-12");
}

static void test_period_codes_sort_like_periods(void **state)
{
    (void)state;
    int64_t a, b;
    assert_int_equal(cx_parse_timestamp("2025-12-31", 10, &a), CX_CELL_OK);
    assert_int_equal(cx_parse_timestamp("2026-01-01", 10, &b), CX_CELL_OK);
    for (int p = CX_PERIOD_DAY; p <= CX_PERIOD_YEAR; p++)
        assert_true(cx_period_code((enum cx_period)p, a)
                    <= cx_period_code((enum cx_period)p, b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil_round_trip),
        cmocka_unit_test(test_iso_weeks_at_year_edges),
        cmocka_unit_test(test_period_keys_are_utc),
        cmocka_unit_test(test_period_codes_sort_like_periods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
