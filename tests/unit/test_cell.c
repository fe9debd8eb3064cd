/* test_cell.c - the cell parsers of SPEC §2, case by case. */
#include <stdio.h>
#include <string.h>

#include "cxcalc/calendar.h"
#include "table/cell.h"
#include "test_util.h"

static enum cx_cell score(const char *s, int *v)
{
    return cx_parse_score(s, strlen(s), 0, 10, v);
}

static void test_score_accepts_integers_and_documented_forms(void **state)
{
    (void)state;
    static const struct { const char *in; int out; } ok[] = {
        {"0", 0}, {"9", 9}, {"10", 10}, {" 9 ", 9}, {"\t7\t", 7},
        {"09", 9}, {"9.0", 9}, {"9.00", 9}, {"10 - Extremely likely", 10},
        {"0 - Not at all likely", 0}, {"5  -", 5}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int v = -1;
        assert_int_equal(score(ok[i].in, &v), CX_CELL_OK);
        assert_int_equal(v, ok[i].out);
    }
}

static void test_score_missing_tokens(void **state)
{
    (void)state;
    static const char *const miss[] = {"", "  ", "NA", "na", "N/A", "n/a",
                                       "null", "NULL", "-", " - "};
    for (size_t i = 0; i < sizeof miss / sizeof miss[0]; i++) {
        int v = 42;
        assert_int_equal(score(miss[i], &v), CX_CELL_MISSING);
        assert_int_equal(v, 42);        /* untouched */
    }
}

static void test_score_rejects_everything_else(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "9.5", "ten", "11", "-1", "100", "+9", "0x9", "1e1", "9.", ".9",
        "9,0", "\xef\xbc\x99" /* fullwidth 9 */, "\xd9\xa9" /* Arabic 9 */,
        "-0", "18446744073709551617", "9-x", "9 x", "9 .0", "inf", "nan",
        "1_0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int v = 42;
        if (score(bad[i], &v) != CX_CELL_INVALID)
            fail_msg("'%s' was accepted as %d", bad[i], v);
    }
}

static void test_score_range_is_the_scale(void **state)
{
    (void)state;
    int v;
    assert_int_equal(cx_parse_score("0", 1, 1, 5, &v), CX_CELL_INVALID);
    assert_int_equal(cx_parse_score("6", 1, 1, 5, &v), CX_CELL_INVALID);
    assert_int_equal(cx_parse_score("5", 1, 1, 5, &v), CX_CELL_OK);
}

static void test_flag_spellings(void **state)
{
    (void)state;
    static const char *const yes[] = {"1", "true", "TRUE", "Yes", "y", "T"};
    static const char *const no[] = {"0", "false", "No", "N", "f", " no "};
    static const char *const bad[] = {"2", "-1", "Resolved", "open", "ja"};
    bool b;
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(cx_parse_flag(yes[i], strlen(yes[i]), &b),
                         CX_CELL_OK);
        assert_true(b);
        assert_int_equal(cx_parse_flag(no[i], strlen(no[i]), &b),
                         CX_CELL_OK);
        assert_false(b);
    }
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(cx_parse_flag(bad[i], strlen(bad[i]), &b),
                         CX_CELL_INVALID);
    assert_int_equal(cx_parse_flag("N/A", 3, &b), CX_CELL_MISSING);
}

static void test_duration_forms(void **state)
{
    (void)state;
    static const struct { const char *in; int64_t ms; } ok[] = {
        {"312", 312000}, {"312.5", 312500}, {"5:12", 312000},
        {"0:05:12", 312000}, {"00:05:12.250", 312250}, {"75:30", 4530000},
        {"1:00:00", 3600000}, {"0.0005", 1}, {"0.0004", 0},
        {"2.9999", 3000}, {" 45 ", 45000}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t ms = -1;
        if (cx_parse_duration(ok[i].in, strlen(ok[i].in), false, &ms)
            != CX_CELL_OK)
            fail_msg("'%s' rejected", ok[i].in);
        assert_int_equal(ms, ok[i].ms);
    }
    static const char *const bad[] = {"-5", "+5", "25:61", "1:60:00",
        "1:5:00", "5m12s", "PT5M12S", "1,234", "1:", ":30", "1e3", "abc"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t ms;
        if (cx_parse_duration(bad[i], strlen(bad[i]), false, &ms)
            != CX_CELL_INVALID)
            fail_msg("'%s' accepted", bad[i]);
    }
    int64_t ms;
    assert_int_equal(cx_parse_duration("312,5", 5, true, &ms), CX_CELL_OK);
    assert_int_equal(ms, 312500);
    assert_int_equal(cx_parse_duration("312.5", 5, true, &ms),
                     CX_CELL_INVALID);
}

static void test_timestamp_forms_and_offsets(void **state)
{
    (void)state;
    /* `date -u -d 2026-11-22 +%s` prints 1795305600. */
    const int64_t day = INT64_C(1795305600000);
    static const struct { const char *in; int64_t delta_ms; } ok[] = {
        {"2026-11-22", 0},
        {"2026-11-22T10:20", 37200000},
        {"2026-11-22 10:20:30", 37230000},
        {"2026-11-22T10:20:30Z", 37230000},
        {"2026-11-22T10:20:30.5Z", 37230500},
        {"2026-11-22T10:20:30.123456Z", 37230123},
        {"2026-11-22T12:20:30+02:00", 37230000},
        {"2026-11-22T12:20:30+0200", 37230000},
        {"2026-11-22T05:20:30-05:00", 37230000},
        {"2026-11-22T00:30:00+01:00", -1800000}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t ms = 0;
        if (cx_parse_timestamp(ok[i].in, strlen(ok[i].in), &ms)
            != CX_CELL_OK)
            fail_msg("'%s' rejected", ok[i].in);
        assert_int_equal(ms, day + ok[i].delta_ms);
    }
    static const char *const bad[] = {"2026-02-30", "2026-13-01",
        "2026-00-10", "2025-02-29", "26-11-22", "2026/11/22", "11/22/2026",
        "2026-11-22T24:00", "2026-11-22T10:60", "2026-11-22T10",
        "2026-11-22T10:20:30+25:00", "2026-11-22X", "45678", "0000-01-01",
        "9999-12-31T23:00-02:00", "0001-01-01T00:30+01:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t ms;
        if (cx_parse_timestamp(bad[i], strlen(bad[i]), &ms)
            != CX_CELL_INVALID)
            fail_msg("'%s' accepted", bad[i]);
    }
    int64_t ms;
    assert_int_equal(cx_parse_timestamp("2024-02-29", 10, &ms), CX_CELL_OK);
    assert_int_equal(cx_parse_timestamp("1969-12-31T23:59:59Z", 20, &ms),
                     CX_CELL_OK);
    assert_int_equal(ms, -1000);
}

/* Every first and last day of a month in years that test the leap and
 * era rules parse to cx_days_from_civil's day (itself checked against
 * known days and civil_from_days in test_calendar). */
static void test_timestamp_days_match_calendar(void **state)
{
    (void)state;
    static const int years[] = {1, 3, 4, 99, 100, 399, 400, 401, 1600,
                                1899, 1900, 1969, 1970, 2000, 2024, 2100,
                                9999};
    for (size_t k = 0; k < sizeof years / sizeof *years; k++) {
        for (int m = 1; m <= 12; m++) {
            int ds[2] = {1, cx_days_in_month(years[k], m)};
            for (int j = 0; j < 2; j++) {
                char buf[32];
                snprintf(buf, sizeof buf, "%04d-%02d-%02dT12:00:00Z",
                         years[k], m, ds[j]);
                int64_t ms = 0;
                assert_int_equal(cx_parse_timestamp(buf, strlen(buf), &ms),
                                 CX_CELL_OK);
                assert_int_equal(ms, cx_days_from_civil(years[k], m, ds[j])
                                             * CX_MS_PER_DAY
                                         + 12 * 3600000);
            }
        }
    }
}

static void test_number_forms(void **state)
{
    (void)state;
    static const struct { const char *in; double v; bool dc; } ok[] = {
        {"1234.56", 1234.56, false}, {"-12.5", -12.5, false},
        {"+3", 3, false}, {"$1,234.50", 1234.5, false},
        {"-$5", -5, false}, {"\xe2\x82\xac" "7", 7, false},
        {"\xc2\xa3" "8.25", 8.25, false}, {"1,234,567", 1234567, false},
        {"0.8", 0.8, false}, {".5", 0.5, false}, {"3.", 3, false},
        {"1.234,56", 1234.56, true}, {"8,5", 8.5, true},
        {"-0", 0, false}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double v = -99;
        if (cx_parse_number(ok[i].in, strlen(ok[i].in), ok[i].dc, &v)
            != CX_CELL_OK)
            fail_msg("'%s' rejected", ok[i].in);
        assert_close(v, ok[i].v, 1e-12);
        assert_false(signbit(v) && v == 0);
    }
    static const char *const bad[] = {"1e400", "1e3", "inf", "NaN", "0x10",
        "1,23", "12,3456", "1.2.3", "abc", ".", "$", "--1", "1 234",
        "1_000"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v;
        if (cx_parse_number(bad[i], strlen(bad[i]), false, &v)
            != CX_CELL_INVALID)
            fail_msg("'%s' accepted", bad[i]);
    }
    double v;
    assert_int_equal(cx_parse_number("8,5", 3, false, &v), CX_CELL_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_score_accepts_integers_and_documented_forms),
        cmocka_unit_test(test_score_missing_tokens),
        cmocka_unit_test(test_score_rejects_everything_else),
        cmocka_unit_test(test_score_range_is_the_scale),
        cmocka_unit_test(test_flag_spellings),
        cmocka_unit_test(test_duration_forms),
        cmocka_unit_test(test_timestamp_forms_and_offsets),
        cmocka_unit_test(test_timestamp_days_match_calendar),
        cmocka_unit_test(test_number_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
