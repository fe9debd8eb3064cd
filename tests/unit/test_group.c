/* test_group.c - groups from --by and --period, in output order. */
#include <string.h>

#include "cxcalc/load.h"
#include "metrics/group.h"
#include "test_util.h"

static void load_table(struct cx_table *t, long *seg, long *date,
                       const char *csv)
{
    assert_int_equal(cx_table_init(t, CX_TABLE_SURVEY), 0);
    *seg = cx_table_add(t, &(struct cx_colspec){
        "seg", CX_ROLE_COUNT, CX_KIND_DIM, 0, 0, true, 0});
    *date = cx_table_add(t, &(struct cx_colspec){
        NULL, CX_ROLE_DATE, CX_KIND_TIME, 0, 0, true, 0});
    struct cx_load_options o = {0};
    struct cx_input_stats st = {0};
    struct cx_error err;
    assert_int_equal(cx_load_mem(t, csv, strlen(csv), "t", &o, true, &st,
                                 &err), CX_OK);
}

static const char *key_text(const struct cx_table *t,
                            const struct cx_grouping *g, size_t grp)
{
    return cx_intern_get(&t->strings, g->keys[grp * g->nby], NULL);
}

static void test_keys_sorted_bytewise_empty_first(void **state)
{
    (void)state;
    struct cx_table t;
    long seg, date;
    load_table(&t, &seg, &date,
               "seg,date\nb,2026-01-01\nB,2026-01-01\n,2026-01-01\n"
               "a,2026-01-01\nb,2026-01-02\nab,2026-01-01\n");
    struct cx_grouping g;
    struct cx_error err;
    size_t by = (size_t)seg;
    assert_int_equal(cx_group_build(&g, &t, &by, 1, CX_PERIOD_NONE, NULL, -1,
                                    &err), CX_OK);
    assert_int_equal(g.ngroups, 5);
    const char *want[] = {"", "B", "a", "ab", "b"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(key_text(&t, &g, i), want[i]);
    assert_int_equal(g.row_group[0], 4);
    assert_int_equal(g.row_group[4], 4);
    assert_int_equal(g.row_group[2], 0);
    cx_group_release(&g);
    cx_table_release(&t);
}

static void test_period_first_then_key_null_period_first(void **state)
{
    (void)state;
    struct cx_table t;
    long seg, date;
    load_table(&t, &seg, &date,
               "seg,date\nb,2026-02-03\na,2026-03-01\nb,2026-01-31\n"
               "a,\nz,2026-02-28\n");
    struct cx_grouping g;
    struct cx_error err;
    size_t by = (size_t)seg;
    assert_int_equal(cx_group_build(&g, &t, &by, 1, CX_PERIOD_MONTH, NULL, date,
                                    &err), CX_OK);
    assert_int_equal(g.ngroups, 5);
    char buf[32];
    assert_true(g.period_code[0] == CX_PERIOD_NULL);
    assert_string_equal(key_text(&t, &g, 0), "a");
    assert_string_equal(cx_period_format(CX_PERIOD_MONTH, g.period_code[1],
                                         buf, sizeof buf), "2026-01");
    assert_string_equal(cx_period_format(CX_PERIOD_MONTH, g.period_code[2],
                                         buf, sizeof buf), "2026-02");
    assert_string_equal(key_text(&t, &g, 2), "b");
    assert_string_equal(key_text(&t, &g, 3), "z");
    assert_string_equal(cx_period_format(CX_PERIOD_MONTH, g.period_code[4],
                                         buf, sizeof buf), "2026-03");
    cx_group_release(&g);
    cx_table_release(&t);
}

static void test_no_by_no_period_no_groups(void **state)
{
    (void)state;
    struct cx_table t;
    long seg, date;
    load_table(&t, &seg, &date, "seg,date\na,2026-01-01\n");
    struct cx_grouping g;
    struct cx_error err;
    assert_int_equal(cx_group_build(&g, &t, NULL, 0, CX_PERIOD_NONE, NULL, -1,
                                    &err), CX_OK);
    assert_int_equal(g.ngroups, 0);
    cx_group_release(&g);
    cx_table_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keys_sorted_bytewise_empty_first),
        cmocka_unit_test(test_period_first_then_key_null_period_first),
        cmocka_unit_test(test_no_by_no_period_no_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
