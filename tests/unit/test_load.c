/* test_load.c - inputs into tables: several files by header name, blank
 * and bad rows, filters, and the allocation budget of the hot path. */
#include <stdlib.h>
#include <string.h>

#include "alloc_testing.h"
#include "cxcalc/load.h"
#include "table/cell.h"
#include "test_util.h"

struct fixture {
    struct cx_table t;
    long nps, seg;
};

static void setup_table(struct fixture *f)
{
    assert_int_equal(cx_table_init(&f->t, CX_TABLE_SURVEY), 0);
    f->nps = cx_table_add(&f->t, &(struct cx_colspec){
        NULL, CX_ROLE_NPS, CX_KIND_SCORE, 0, 10, true, 0});
    f->seg = cx_table_add(&f->t, &(struct cx_colspec){
        "segment", CX_ROLE_COUNT, CX_KIND_DIM, 0, 0, true, 0});
    assert_true(f->nps >= 0 && f->seg >= 0);
}

static enum cx_status load(struct fixture *f, const char *csv,
                           struct cx_load_options *o,
                           struct cx_input_stats *st, struct cx_error *err)
{
    memset(st, 0, sizeof *st);
    return cx_load_mem(&f->t, csv, strlen(csv), "t.csv", o, true, st, err);
}

static void test_files_matched_by_header_name(void **state)
{
    (void)state;
    struct fixture f;
    setup_table(&f);
    struct cx_load_options o = {0};
    struct cx_input_stats st;
    struct cx_error err;
    assert_int_equal(load(&f, "nps,segment\n9,a\n3,b\n", &o, &st, &err),
                     CX_OK);
    assert_int_equal(load(&f, "segment,x,NPS\nc,1,10\n", &o, &st, &err),
                     CX_OK);
    assert_int_equal(f.t.nrows, 3);
    assert_int_equal(f.t.cols[f.nps].v.score[2], 10);
    size_t len;
    assert_string_equal(cx_table_dim(&f.t, (size_t)f.seg, 2, &len), "c");
    cx_table_release(&f.t);
}

static void test_bad_rows_blank_lines_and_skipping(void **state)
{
    (void)state;
    struct fixture f;
    setup_table(&f);
    struct cx_load_options o = {0};
    struct cx_input_stats st;
    struct cx_error err;
    const char *csv = "nps,segment\n9,a\n   \n3\n8,b,x\n";
    assert_int_equal(load(&f, csv, &o, &st, &err), CX_ERR_CSV);
    assert_int_equal(err.loc.line, 4);
    assert_string_equal(err.msg, "expected 2 fields, got 1");
    cx_table_release(&f.t);

    setup_table(&f);
    o.skip_bad_rows = true;
    assert_int_equal(load(&f, csv, &o, &st, &err), CX_OK);
    assert_int_equal(st.rows, 1);
    assert_int_equal(st.skipped_rows, 2);
    cx_table_release(&f.t);
}

static void test_invalid_cells_strict_and_lenient(void **state)
{
    (void)state;
    struct fixture f;
    setup_table(&f);
    struct cx_warner w = {NULL, NULL, 0, 0};
    struct cx_load_options o = {.warn = &w};
    struct cx_input_stats st;
    struct cx_error err;
    const char *csv = "nps,segment\n9,a\nten,a\n\"11\",b\nN/A,b\n";
    assert_int_equal(load(&f, csv, &o, &st, &err), CX_OK);
    assert_int_equal(w.count, 2);
    assert_int_equal(f.t.cols[f.nps].state[1], CX_CELL_INVALID);
    assert_int_equal(f.t.cols[f.nps].state[3], CX_CELL_MISSING);
    cx_table_release(&f.t);

    setup_table(&f);
    o.strict = true;
    assert_int_equal(load(&f, csv, &o, &st, &err), CX_ERR_VALUE);
    assert_int_equal(err.loc.line, 3);
    assert_string_equal(err.msg, "column 'nps': 'ten' is not a score 0-10");
    cx_table_release(&f.t);
}

static void test_where_filters_and_counts(void **state)
{
    (void)state;
    struct fixture f;
    setup_table(&f);
    struct cx_where wh = {"segment", "a", true};
    struct cx_load_options o = {.where = &wh, .nwhere = 1};
    struct cx_input_stats st;
    struct cx_error err;
    assert_int_equal(load(&f, "nps,segment\n9,a\n3, b \n5,c\n", &o, &st,
                          &err), CX_OK);
    assert_int_equal(st.rows, 2);
    assert_int_equal(st.filtered_rows, 1);
    cx_table_release(&f.t);
}

static void test_allocations_per_column_not_per_cell(void **state)
{
    (void)state;
    /* 10,000 rows x 6 columns (2 stored), 20 segments. */
    size_t cap = 10000 * 64, o = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    o += (size_t)snprintf(csv, cap, "id,nps,segment,a,b,comment\n");
    for (int i = 0; i < 10000; i++)
        o += (size_t)snprintf(csv + o, cap - o,
                              "%d,%d,seg%d,x,y,\"free, text\"\n", i, i % 11,
                              i % 20);
    struct fixture f;
    setup_table(&f);
    struct cx_load_options lo = {0};
    struct cx_input_stats st = {0};
    struct cx_error err;
    uint64_t before = cx_alloc_count();
    assert_int_equal(cx_load_mem(&f.t, csv, o, "t", &lo, true, &st, &err),
                     CX_OK);
    uint64_t used = cx_alloc_count() - before;
    assert_int_equal(f.t.nrows, 10000);
    /* Measured 24; the bound leaves room for growth steps, never for one
     * allocation per row (10,000) or per cell (60,000). */
    if (used > 60)
        fail_msg("%llu allocations for 10,000 rows",
                 (unsigned long long)used);
    cx_table_release(&f.t);
    free(csv);
}

static void test_out_of_memory_is_an_error_not_a_crash(void **state)
{
    (void)state;
    const char *csv = "nps,segment\n9,a\n3,b\n7,a\n";
    for (long k = 0; k < 40; k++) {
        struct fixture f;
        if (cx_table_init(&f.t, CX_TABLE_SURVEY) != 0)
            continue;
        f.nps = cx_table_add(&f.t, &(struct cx_colspec){
            NULL, CX_ROLE_NPS, CX_KIND_SCORE, 0, 10, true, 0});
        f.seg = cx_table_add(&f.t, &(struct cx_colspec){
            "segment", CX_ROLE_COUNT, CX_KIND_DIM, 0, 0, true, 0});
        struct cx_load_options o = {0};
        struct cx_input_stats st = {0};
        struct cx_error err;
        cx_alloc_fail_after(k);
        enum cx_status s = cx_load_mem(&f.t, csv, strlen(csv), "t", &o, true,
                                       &st, &err);
        cx_alloc_fail_after(-1);
        assert_true(s == CX_OK || s == CX_ERR_NOMEM);
        cx_table_release(&f.t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files_matched_by_header_name),
        cmocka_unit_test(test_bad_rows_blank_lines_and_skipping),
        cmocka_unit_test(test_invalid_cells_strict_and_lenient),
        cmocka_unit_test(test_where_filters_and_counts),
        cmocka_unit_test(test_allocations_per_column_not_per_cell),
        cmocka_unit_test(test_out_of_memory_is_an_error_not_a_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
