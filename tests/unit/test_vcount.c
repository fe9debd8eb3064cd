/* test_vcount.c - values counted by value: quantiles equal to those of the
 * sorted values written out (cx_quantile_sorted), merging, and the sketch
 * equal to the one built from the sorted values. */
#include <stdlib.h>
#include <string.h>

#include "metrics/stats.h"
#include "metrics/vcount.h"
#include "test_util.h"

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* xorshift, for values with few and with many distinct ones */
static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void check_against_sorted(size_t n, int64_t range, uint64_t seed)
{
    int64_t *v = malloc(n * sizeof *v);
    struct cx_vcount a = {0}, b = {0}, all = {0};
    for (size_t i = 0; i < n; i++) {
        v[i] = (int64_t)(next(&seed) % (uint64_t)range) * 1000 - 3000;
        /* half into each of two multisets, merged after */
        assert_int_equal(cx_vcount_add(i % 2 ? &a : &b, v[i], 1), 0);
    }
    assert_int_equal(cx_vcount_merge(&all, &a), 0);
    assert_int_equal(cx_vcount_merge(&all, &b), 0);
    assert_int_equal(all.n, n);
    qsort(v, n, sizeof *v, cmp_i64);
    struct cx_value_count *p = malloc((all.used + 1) * sizeof *p);
    size_t np = cx_vcount_sorted(&all, p);
    assert_int_equal(np, all.used);
    uint64_t total = 0;
    for (size_t i = 0; i < np; i++) {
        total += p[i].count;
        if (i)
            assert_true(p[i - 1].value < p[i].value);
    }
    assert_int_equal(total, n);
    const double qs[] = {0, 0.1, 0.25, 0.5, 0.9, 0.99, 1};
    for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) {
        double want = cx_quantile_sorted(v, n, qs[k]);
        double got = cx_vcount_quantile(p, np, n, qs[k]);
        if (want != got)
            fail_msg("n %zu range %lld q %g: %.17g, sorted gives %.17g", n,
                     (long long)range, qs[k], got, want);
    }
    /* the sketch of the counted values is the sketch of the sorted ones */
    struct cx_arena arena;
    cx_arena_init(&arena, 4096);
    struct cx_sketch s1, s2;
    assert_int_equal(cx_sketch_build(&s1, v, n, &arena), 0);
    assert_int_equal(cx_sketch_from_counts(&s2, p, np, &arena), 0);
    assert_int_equal(s1.n, s2.n);
    assert_int_equal(s1.zeros, s2.zeros);
    assert_int_equal(s1.nb, s2.nb);
    for (size_t i = 0; i < s1.nb; i++) {
        assert_int_equal(s1.index[i], s2.index[i]);
        assert_int_equal(s1.count[i], s2.count[i]);
    }
    cx_arena_release(&arena);
    free(p);
    free(v);
    cx_vcount_release(&a);
    cx_vcount_release(&b);
    cx_vcount_release(&all);
}

static void test_quantiles(void **state)
{
    (void)state;
    check_against_sorted(1, 10, 7);
    check_against_sorted(2, 10, 7);
    check_against_sorted(1000, 5, 11);         /* few distinct values */
    check_against_sorted(5000, 4000, 13);      /* handle-time seconds */
    check_against_sorted(3000, 1000000000, 17);    /* all distinct */
}

static void test_by_hand(void **state)
{
    (void)state;
    /* 10, 20, 20, 40: numpy's median 20, p90 = 20 + 0.7 * 20 = 34 */
    struct cx_vcount m = {0};
    assert_int_equal(cx_vcount_add(&m, 20, 2), 0);
    assert_int_equal(cx_vcount_add(&m, 40, 1), 0);
    assert_int_equal(cx_vcount_add(&m, 10, 1), 0);
    assert_int_equal(cx_vcount_add(&m, 99, 0), 0);      /* nothing */
    struct cx_value_count p[4];
    size_t np = cx_vcount_sorted(&m, p);
    assert_int_equal(np, 3);
    assert_int_equal(m.n, 4);
    assert_close(cx_vcount_quantile(p, np, m.n, 0.5), 20, 0);
    assert_close(cx_vcount_quantile(p, np, m.n, 0.9), 34, 1e-12);
    assert_close(cx_vcount_quantile(p, np, m.n, 1), 40, 0);
    assert_close(cx_vcount_quantile(p, np, m.n, 0), 10, 0);
    cx_vcount_release(&m);
    assert_null(m.slot);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quantiles),
        cmocka_unit_test(test_by_hand),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
