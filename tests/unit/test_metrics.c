/* test_metrics.c - NPS, CSAT, CES and the statistics helpers against
 * published and hand-worked values (SPEC §9). */
#include <stdlib.h>
#include <string.h>

#include "cxcalc/metrics.h"
#include "metrics/stats.h"
#include "test_util.h"

/* Python: statistics.NormalDist().inv_cdf(0.975) = 1.9599639845400536. */
#define Z95 1.9599639845400536

static double real(const struct cx_metric_result *r, const char *name)
{
    const struct cx_value *v = cx_result_get(r, name);
    assert_non_null(v);
    assert_int_equal(v->kind, CX_V_REAL);
    return v->u.real;
}

static uint64_t count(const struct cx_metric_result *r, const char *name)
{
    const struct cx_value *v = cx_result_get(r, name);
    assert_non_null(v);
    assert_int_equal(v->kind, CX_V_COUNT);
    return v->u.count;
}

static bool is_null(const struct cx_metric_result *r, const char *name)
{
    const struct cx_value *v = cx_result_get(r, name);
    assert_non_null(v);
    return v->kind == CX_V_NULL;
}

static void test_z_matches_inverse_normal(void **state)
{
    (void)state;
    /* Python statistics.NormalDist().inv_cdf at 0.975, 0.95, 0.995. */
    assert_close(cx_z_for_confidence(0.95), 1.9599639845400536, 1e-13);
    assert_close(cx_z_for_confidence(0.90), 1.6448536269514715, 1e-13);
    assert_close(cx_z_for_confidence(0.99), 2.5758293035489, 1e-13);
    assert_true(isnan(cx_z_for_confidence(1.0)));
    assert_true(isnan(cx_z_for_confidence(0.0)));
}

static void add_n(struct cx_nps_acc *a, int score, int times)
{
    for (int i = 0; i < times; i++)
        cx_nps_add(a, score, 1.0);
}

static void test_nps_wald_70_15_15(void **state)
{
    (void)state;
    /* SPEC §9 / R package NPS: value 55, variance 0.5475, margin 14.5024
     * (Python with the exact z: 14.502409125142046). */
    struct cx_nps_acc a = {0};
    add_n(&a, 10, 70);
    add_n(&a, 7, 15);
    add_n(&a, 3, 15);
    struct cx_metric_result r;
    cx_nps_finish(&a, &(struct cx_nps_opts){false, Z95}, &r);
    assert_int_equal(count(&r, "n"), 100);
    assert_close(real(&r, "value"), 55, 1e-12);
    assert_close(real(&r, "margin"), 14.502409125142046, 1e-9);
    assert_close(real(&r, "ci_low"), 40.497590874857954, 1e-9);
    assert_close(real(&r, "ci_high"), 69.50240912514205, 1e-9);
    assert_close(real(&r, "promoters_pct"), 70, 1e-12);
}

static void test_nps_small_sample(void **state)
{
    (void)state;
    /* SPEC §9: 2 / 5 / 4 -> -18.1818, margin 42.3014. */
    struct cx_nps_acc a = {0};
    add_n(&a, 9, 2);
    add_n(&a, 8, 5);
    add_n(&a, 0, 4);
    struct cx_metric_result r;
    cx_nps_finish(&a, &(struct cx_nps_opts){false, Z95}, &r);
    assert_close(real(&r, "value"), -18.181818181818183, 1e-9);
    assert_close(real(&r, "margin"), 42.301416274229844, 1e-9);
}

static void test_nps_all_promoters_is_100_with_zero_margin(void **state)
{
    (void)state;
    struct cx_nps_acc a = {0};
    add_n(&a, 10, 10);
    struct cx_metric_result r;
    cx_nps_finish(&a, &(struct cx_nps_opts){false, Z95}, &r);
    assert_close(real(&r, "value"), 100, 0);
    assert_close(real(&r, "margin"), 0, 0);
    assert_close(real(&r, "ci_low"), 100, 0);
    assert_close(real(&r, "ci_high"), 100, 0);
}

static void test_nps_all_detractors_is_minus_100(void **state)
{
    (void)state;
    struct cx_nps_acc a = {0};
    add_n(&a, 0, 3);
    add_n(&a, 6, 3);
    struct cx_metric_result r;
    cx_nps_finish(&a, &(struct cx_nps_opts){false, Z95}, &r);
    assert_close(real(&r, "value"), -100, 0);
    assert_false(signbit(real(&r, "margin")));
}

static void test_nps_empty_is_null_not_zero(void **state)
{
    (void)state;
    struct cx_nps_acc a = {0};
    a.missing = 4;
    struct cx_metric_result r;
    cx_nps_finish(&a, &(struct cx_nps_opts){false, Z95}, &r);
    assert_int_equal(count(&r, "n"), 0);
    assert_true(is_null(&r, "value"));
    assert_true(is_null(&r, "margin"));
    assert_true(is_null(&r, "promoters_pct"));
    assert_int_equal(count(&r, "missing"), 4);
}

static void test_nps_weighted_kish(void **state)
{
    (void)state;
    /* SPEC §9: scores 10,9,8,6,3,10,7,0 with weights
     * 1,2,1,0.5,1.5,1,2,1 -> unweighted 0, weighted 10, Kish n 6.8966,
     * margin 61.995 (Python: 61.99499616988835). */
    static const int s[] = {10, 9, 8, 6, 3, 10, 7, 0};
    static const double w[] = {1, 2, 1, 0.5, 1.5, 1, 2, 1};
    struct cx_nps_acc a = {0};
    for (int i = 0; i < 8; i++)
        cx_nps_add(&a, s[i], w[i]);
    struct cx_metric_result r, u;
    cx_nps_finish(&a, &(struct cx_nps_opts){true, Z95}, &r);
    assert_close(real(&r, "value"), 10, 1e-9);
    assert_close(real(&r, "effective_n"), 6.896551724137931, 1e-9);
    assert_close(real(&r, "weighted_n"), 10, 1e-12);
    assert_close(real(&r, "margin"), 61.99499616988835, 1e-9);
    assert_int_equal(count(&r, "promoters"), 3);     /* counts, not weights */
    cx_nps_finish(&a, &(struct cx_nps_opts){false, Z95}, &u);
    assert_close(real(&u, "value"), 0, 1e-12);
}

static void test_nps_merge_equals_whole(void **state)
{
    (void)state;
    struct cx_nps_acc whole = {0}, left = {0}, right = {0};
    for (int s = 0; s <= 10; s++) {
        cx_nps_add(&whole, s, 1);
        cx_nps_add(s % 2 ? &left : &right, s, 1);
    }
    cx_nps_merge(&left, &right);
    assert_memory_equal(&left, &whole, sizeof whole);
}

static void test_csat_delighted_example(void **state)
{
    (void)state;
    /* Delighted help centre: 5:42, 4:32, 3:10, 2:9, 1:14 -> 74/107 =
     * 69.1589 %, mean 3.7383; Wilson bounds from the formula in Python:
     * 59.871509132198554 .. 77.11826025212977. */
    static const int counts[6] = {0, 14, 9, 10, 32, 42};
    struct cx_csat_opts o;
    assert_true(cx_csat_scale("1-5", &o));
    o.z = Z95;
    struct cx_csat_acc a = {0};
    for (int s = 1; s <= 5; s++)
        for (int i = 0; i < counts[s]; i++)
            cx_csat_add(&a, &o, s);
    struct cx_metric_result r;
    cx_csat_finish(&a, &o, &r);
    assert_int_equal(count(&r, "satisfied"), 74);
    assert_close(real(&r, "value"), 100.0 * 74 / 107, 1e-9);
    assert_close(real(&r, "mean"), 400.0 / 107, 1e-9);
    assert_close(real(&r, "ci_low"), 59.871509132198554, 1e-9);
    assert_close(real(&r, "ci_high"), 77.11826025212977, 1e-9);
}

static void test_csat_scales_top_two_boxes(void **state)
{
    (void)state;
    struct cx_csat_opts o;
    assert_true(cx_csat_scale("1-7", &o));
    assert_int_equal(o.sat_lo, 6);
    assert_true(cx_csat_scale("1-10", &o));
    assert_int_equal(o.sat_lo, 9);
    assert_true(cx_csat_scale("0-10", &o));
    assert_int_equal(o.scale_lo, 0);
    assert_false(cx_csat_scale("1-6", &o));
}

static void test_csat_all_satisfied_wilson_upper_is_100(void **state)
{
    (void)state;
    /* Python: Wilson(10/10) = 72.24672001371108 .. 100. */
    double lo, hi;
    cx_wilson(10, 10, Z95, &lo, &hi);
    assert_close(lo, 72.24672001371108, 1e-9);
    assert_close(hi, 100, 1e-12);
}

static void test_ces_mean_boxes_and_interval(void **state)
{
    (void)state;
    /* Scores 1..7: mean 4, sd sqrt(28/6); Python statistics: 95 % bounds
     * 2.3996961078815637 .. 5.600303892118436; easy 5-7 = 3, difficult
     * 1-3 = 3. */
    struct cx_ces_opts o = {7, false, Z95};
    struct cx_ces_acc a = {0};
    for (int s = 1; s <= 7; s++)
        cx_ces_add(&a, &o, s);
    struct cx_metric_result r;
    cx_ces_finish(&a, &o, &r);
    assert_close(real(&r, "value"), 4, 1e-12);
    assert_close(real(&r, "ci_low"), 2.3996961078815637, 1e-9);
    assert_close(real(&r, "ci_high"), 5.600303892118436, 1e-9);
    assert_int_equal(count(&r, "easy"), 3);
    assert_int_equal(count(&r, "difficult"), 3);
}

static void test_ces_low_is_easy_flips_boxes_not_mean(void **state)
{
    (void)state;
    /* 1-5 scale, scores 5,4,4,2,1.
     * Normal: easy 4-5 = 3, difficult 1-2 = 2.  Flipped: easy 1-2 = 2,
     * difficult 4-5 = 3.  Mean 3.2 either way. */
    static const int s[] = {5, 4, 4, 2, 1};
    struct cx_ces_opts normal = {5, false, Z95}, flipped = {5, true, Z95};
    struct cx_ces_acc a = {0}, b = {0};
    for (int i = 0; i < 5; i++) {
        cx_ces_add(&a, &normal, s[i]);
        cx_ces_add(&b, &flipped, s[i]);
    }
    struct cx_metric_result ra, rb;
    cx_ces_finish(&a, &normal, &ra);
    cx_ces_finish(&b, &flipped, &rb);
    assert_int_equal(count(&ra, "easy"), 3);
    assert_int_equal(count(&ra, "difficult"), 2);
    assert_int_equal(count(&rb, "easy"), 2);
    assert_int_equal(count(&rb, "difficult"), 3);
    assert_close(real(&ra, "value"), 3.2, 1e-12);
    assert_close(real(&rb, "value"), 3.2, 1e-12);
    assert_close(real(&rb, "easy_pct"), 40, 1e-12);
}

static void test_ces_single_response_has_no_interval(void **state)
{
    (void)state;
    struct cx_ces_opts o = {7, false, Z95};
    struct cx_ces_acc a = {0};
    cx_ces_add(&a, &o, 6);
    struct cx_metric_result r;
    cx_ces_finish(&a, &o, &r);
    assert_close(real(&r, "value"), 6, 0);
    assert_true(is_null(&r, "ci_low"));
    assert_true(is_null(&r, "ci_high"));
}

static void test_suppress_keeps_counts(void **state)
{
    (void)state;
    struct cx_nps_acc a = {0};
    add_n(&a, 9, 3);
    struct cx_metric_result r;
    cx_nps_finish(&a, &(struct cx_nps_opts){false, Z95}, &r);
    cx_result_suppress(&r);
    assert_true(is_null(&r, "value"));
    assert_true(is_null(&r, "ci_low"));
    assert_int_equal(count(&r, "promoters"), 3);
    const struct cx_value *s = cx_result_get(&r, "suppressed");
    assert_non_null(s);
    assert_true(s->u.flag);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* cx_sort_i64 sorts as qsort does: short and long arrays, duplicates,
 * negative values, the extremes, one value repeated, values that differ
 * only in their high digits. */
static void test_sort_i64_matches_qsort(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 2, 63, 64, 65, 1000, 100003};
    size_t max = 100003;
    int64_t *a = malloc(max * sizeof *a), *b = malloc(max * sizeof *b);
    int64_t *tmp = malloc(max * sizeof *tmp);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(tmp);
    uint64_t rng = 88172645463325252u;
    for (int kind = 0; kind < 5; kind++) {
        for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
            size_t n = sizes[k];
            for (size_t i = 0; i < n; i++) {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                int64_t v = (int64_t)rng;
                switch (kind) {
                case 0: v = (int64_t)(rng % 1800000); break;  /* ms */
                case 1: break;                  /* any, negatives too */
                case 2: v = 42; break;
                case 3: v = (int64_t)(rng % 3) << 50; break;
                default: v = i % 2 ? INT64_MIN : INT64_MAX; break;
                }
                a[i] = b[i] = v;
            }
            cx_sort_i64(a, n, tmp);
            if (n)
                qsort(b, n, sizeof *b, cmp_i64);
            assert_true(n == 0 || memcmp(a, b, n * sizeof *a) == 0);
        }
    }
    free(a);
    free(b);
    free(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_z_matches_inverse_normal),
        cmocka_unit_test(test_nps_wald_70_15_15),
        cmocka_unit_test(test_nps_small_sample),
        cmocka_unit_test(test_nps_all_promoters_is_100_with_zero_margin),
        cmocka_unit_test(test_nps_all_detractors_is_minus_100),
        cmocka_unit_test(test_nps_empty_is_null_not_zero),
        cmocka_unit_test(test_nps_weighted_kish),
        cmocka_unit_test(test_nps_merge_equals_whole),
        cmocka_unit_test(test_csat_delighted_example),
        cmocka_unit_test(test_csat_scales_top_two_boxes),
        cmocka_unit_test(test_csat_all_satisfied_wilson_upper_is_100),
        cmocka_unit_test(test_ces_mean_boxes_and_interval),
        cmocka_unit_test(test_ces_low_is_easy_flips_boxes_not_mean),
        cmocka_unit_test(test_ces_single_response_has_no_interval),
        cmocka_unit_test(test_suppress_keeps_counts),
        cmocka_unit_test(test_sort_i64_matches_qsort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
