/* test_cohort.c - the monthly churn cohorts of the event method (SPEC §3)
 * on hand-worked customers, and the months of a period. */
#include "metrics/cohort.h"
#include "test_util.h"

/* Months are month codes, year * 12 + month - 1: 2025-01 is 24300. */
#define JAN INT64_C(24300)
#define FEB (JAN + 1)
#define MAR (JAN + 2)

/* Group 0 over January to March 2025:
 *   A signs up in Jan, cancels in Feb;
 *   B signs up in Jan, still active;
 *   C signs up in Feb, cancels in Feb (the signup month);
 *   D signs up in Feb, cancels in Mar.
 * By hand:
 *   Jan: active at the start 0, churned 0, new 2 (A, B)
 *   Feb: active 2 (A, B), churned 1 (A), new 2 (C, D); C was never
 *        active at a month's start, so its cancel is no churn
 *   Mar: active 2 (B, still active to the last month; D), churned 1 (D),
 *        new 0; A left after Feb
 * Group 1: E signs up in Jan, cancels in Mar; F signs up in Mar.
 *   Jan: 0, 0, 1 (E)   Feb: 1 (E), 0, 0   Mar: 1 (E), 1 (E), 1 (F) */
static const struct { size_t g; int64_t ms, mc; } people[] = {
    {0, JAN, FEB}, {0, JAN, -1}, {0, FEB, FEB}, {0, FEB, MAR},
    {1, JAN, MAR}, {1, MAR, -1}};
#define NPEOPLE (sizeof people / sizeof people[0])

static struct cx_events_acc sum(const struct cx_cohorts *c, size_t g,
                                int64_t from, int64_t to)
{
    struct cx_events_acc ev = {0};
    cx_cohorts_sum(c, g, from, to, &ev);
    return ev;
}

#define assert_counts(ev, a, c, n)                                          \
    do {                                                                    \
        struct cx_events_acc e_ = (ev);                                     \
        assert_int_equal(e_.active_start, (a));                             \
        assert_int_equal(e_.churned, (c));                                  \
        assert_int_equal(e_.added, (n));                                    \
    } while (0)

static void test_month_span(void **state)
{
    (void)state;
    struct cx_month_span s = {0};
    assert_int_equal(cx_month_span_count(&s), 0);
    /* the first signup (Jan) to the latest signup or cancel (Mar) */
    for (size_t i = 0; i < NPEOPLE; i++)
        cx_month_span_add(&s, people[i].ms, people[i].mc);
    assert_int_equal(s.first, JAN);
    assert_int_equal(s.last, MAR);
    assert_int_equal(cx_month_span_count(&s), 3);
    /* one customer, still active: one month */
    struct cx_month_span one = {0};
    cx_month_span_add(&one, FEB, -1);
    assert_int_equal(one.first, FEB);
    assert_int_equal(cx_month_span_count(&one), 1);
}

static void test_hand_worked_cohorts(void **state)
{
    (void)state;
    struct cx_cohorts c;
    assert_int_equal(cx_cohorts_init(&c, 2, JAN, 3), 0);
    for (size_t i = 0; i < NPEOPLE; i++)
        cx_cohorts_add(&c, people[i].g, people[i].ms, people[i].mc);
    cx_cohorts_close(&c);
    assert_counts(sum(&c, 0, JAN, JAN), 0, 0, 2);
    assert_counts(sum(&c, 0, FEB, FEB), 2, 1, 2);
    assert_counts(sum(&c, 0, MAR, MAR), 2, 1, 0);
    /* pooled: 4 active at a month's start, 2 churned (50 %), 4 new */
    assert_counts(sum(&c, 0, JAN, MAR), 4, 2, 4);
    assert_counts(sum(&c, 1, JAN, JAN), 0, 0, 1);
    assert_counts(sum(&c, 1, FEB, FEB), 1, 0, 0);
    assert_counts(sum(&c, 1, MAR, MAR), 1, 1, 1);
    assert_counts(sum(&c, 1, JAN, MAR), 2, 1, 2);
    /* months outside the cohorts' range count nothing: a year over them
     * is their three months; Dec 2024 alone is none */
    assert_counts(sum(&c, 0, JAN - 12, MAR + 12), 4, 2, 4);
    assert_counts(sum(&c, 0, JAN - 1, JAN - 1), 0, 0, 0);
    assert_counts(sum(&c, 0, FEB, JAN), 0, 0, 0);
    cx_cohorts_release(&c);
    assert_null(c.active);
}

static void test_one_group_no_months(void **state)
{
    (void)state;
    struct cx_cohorts c;
    /* no by-groups is one group */
    assert_int_equal(cx_cohorts_init(&c, 0, FEB, 2), 0);
    assert_int_equal(c.ngroups, 1);
    cx_cohorts_add(&c, 0, FEB, -1);     /* active at the start of Mar */
    cx_cohorts_add(&c, 0, FEB, MAR);    /* active at Mar's start, churned */
    cx_cohorts_close(&c);
    assert_counts(sum(&c, 0, FEB, MAR), 2, 1, 2);
    cx_cohorts_release(&c);
    /* no customer: no months, and nothing to sum */
    assert_int_equal(cx_cohorts_init(&c, 3, 0, 0), 0);
    cx_cohorts_close(&c);
    assert_counts(sum(&c, 2, 0, -1), 0, 0, 0);
    cx_cohorts_release(&c);
}

static void test_month_period(void **state)
{
    (void)state;
    /* 2025-12 is 24311: quarter 2025 * 4 + 3, year 2025 */
    assert_int_equal(cx_month_period(CX_PERIOD_MONTH, 24311), 24311);
    assert_int_equal(cx_month_period(CX_PERIOD_QUARTER, 24311), 8103);
    assert_int_equal(cx_month_period(CX_PERIOD_YEAR, 24311), 2025);
    assert_int_equal(cx_month_period(CX_PERIOD_YEAR, 0), 0);
    /* before year 0 the division rounds down: month -1 (December of
     * year -1) is in quarter -1 and year -1, as are -3 and -12; -4 is
     * quarter -2, -13 year -2 */
    assert_int_equal(cx_month_period(CX_PERIOD_MONTH, -5), -5);
    assert_int_equal(cx_month_period(CX_PERIOD_QUARTER, -1), -1);
    assert_int_equal(cx_month_period(CX_PERIOD_QUARTER, -3), -1);
    assert_int_equal(cx_month_period(CX_PERIOD_QUARTER, -4), -2);
    assert_int_equal(cx_month_period(CX_PERIOD_YEAR, -1), -1);
    assert_int_equal(cx_month_period(CX_PERIOD_YEAR, -12), -1);
    assert_int_equal(cx_month_period(CX_PERIOD_YEAR, -13), -2);
}

static void test_period_months(void **state)
{
    (void)state;
    int64_t from, to;
    cx_period_months(CX_PERIOD_MONTH, FEB, &from, &to);
    assert_int_equal(from, FEB);
    assert_int_equal(to, FEB);
    cx_period_months(CX_PERIOD_QUARTER, 8103, &from, &to);  /* 2025-Q4 */
    assert_int_equal(from, 24309);
    assert_int_equal(to, 24311);
    cx_period_months(CX_PERIOD_YEAR, 2025, &from, &to);
    assert_int_equal(from, JAN);
    assert_int_equal(to, 24311);
    cx_period_months(CX_PERIOD_QUARTER, -1, &from, &to);
    assert_int_equal(from, -3);
    assert_int_equal(to, -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_month_span),
        cmocka_unit_test(test_hand_worked_cohorts),
        cmocka_unit_test(test_one_group_no_months),
        cmocka_unit_test(test_month_period),
        cmocka_unit_test(test_period_months),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
