/* test_load.c - inputs into tables: several files by header name, blank
 * and bad rows, filters, and the allocation budget of the hot path. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* ---- text that is not UTF-8 ----------------------------------------------- */

/* Every warning delivered, as "LINE: message" lines. */
struct said {
    char text[16384];
    size_t len;
};

static void say(void *ctx, const struct cx_error *w)
{
    struct said *s = ctx;
    s->len += (size_t)snprintf(s->text + s->len, sizeof s->text - s->len,
                               "%llu: %s\n", (unsigned long long)w->loc.line,
                               w->msg);
    assert_true(s->len < sizeof s->text);
}

#define NOT_UTF8(col, val)                                                    \
    "column '" col "': '" val "' is not UTF-8, the first such text in this " \
    "file (the file may be Windows-1252; read it with --encoding cp1252)"

static void test_invalid_utf8_warned_once_per_file(void **state)
{
    (void)state;
    struct fixture f;
    setup_table(&f);
    struct said said = {0};
    struct cx_warner w = {say, &said, 0, 0};
    struct cx_load_options o = {.warn = &w};
    struct cx_input_stats st;
    struct cx_error err;
    /* Latin-1 keys: the first (line 3) is told, not the others, nor the
     * same key again; a score warning still follows */
    const char *latin1 = "nps,segment\n9,a\n3, caf\xe9 \n7,M\xfcnchen\n"
                         "5,caf\xe9\n11,b\n";
    assert_int_equal(load(&f, latin1, &o, &st, &err), CX_OK);
    assert_string_equal(said.text,
                        "3: " NOT_UTF8("segment", "caf\\xe9") "\n"
                        "6: column 'nps': '11' is not a score 0-10\n");
    /* the key keeps its bytes (the writers show U+FFFD) */
    size_t len;
    assert_string_equal(cx_table_dim(&f.t, (size_t)f.seg, 1, &len),
                        "caf\xe9");
    assert_true(f.t.bad_utf8);
    /* the next file is told too, though its keys are no longer new */
    said.len = 0;
    assert_int_equal(load(&f, "segment,nps\nM\xfcnchen,1\n", &o, &st, &err),
                     CX_OK);
    assert_string_equal(said.text, "2: " NOT_UTF8("segment", "M\\xfcnchen")
                                   "\n");
    /* UTF-8 (é, €, U+1F600) and a missing key are fine */
    said.len = 0;
    assert_int_equal(load(&f, "nps,segment\n1,caf\xc3\xa9\n2,\xe2\x82\xac\n"
                              "3,\xf0\x9f\x98\x80\n4,\n", &o, &st, &err),
                     CX_OK);
    assert_int_equal(said.len, 0);
    cx_table_release(&f.t);

    /* no warner: nothing told, nothing broken */
    setup_table(&f);
    o.warn = NULL;
    assert_int_equal(load(&f, latin1, &o, &st, &err), CX_OK);
    assert_int_equal(st.rows, 5);
    cx_table_release(&f.t);
}

/* --names: the file has no header row, its first line is data; '_' is a
 * column no role or option finds; field counts are checked against the
 * names. */
static void test_names_replace_the_header(void **state)
{
    (void)state;
    struct fixture f;
    setup_table(&f);
    static const char *const names[] = {"_", "nps", "segment"};
    struct cx_load_options o = {.names = names, .nnames = 3};
    struct cx_input_stats st;
    struct cx_error err;
    assert_int_equal(load(&f, "nps,9,a\nsegment,3,b\n", &o, &st, &err),
                     CX_OK);
    assert_int_equal(st.rows, 2);
    assert_int_equal(st.layout, CX_LAYOUT_NAMES);
    assert_int_equal(f.t.cols[f.nps].v.score[0], 9);
    assert_int_equal(f.t.cols[f.nps].v.score[1], 3);
    assert_int_equal(load(&f, "x,9,a\nx,3\n", &o, &st, &err), CX_ERR_CSV);
    assert_int_equal(err.loc.line, 2);
    assert_string_equal(err.msg, "expected 3 fields, got 2");
    cx_table_release(&f.t);

    /* two '_' columns are not ambiguous; the role has no column */
    static const char *const hidden[] = {"_", "segment", "_"};
    setup_table(&f);
    o.names = hidden;
    assert_int_equal(load(&f, "1,9,a\n", &o, &st, &err), CX_ERR_COLUMN);
    assert_non_null(strstr(err.msg, "no column for role 'nps'"));
    cx_table_release(&f.t);
    static const char *const by_[] = {"_", "nps", "_"};
    assert_int_equal(cx_table_init(&f.t, CX_TABLE_SURVEY), 0);
    assert_true(cx_table_add(&f.t, &(struct cx_colspec){
        NULL, CX_ROLE_NPS, CX_KIND_SCORE, 0, 10, true, 0}) >= 0);
    assert_true(cx_table_add(&f.t, &(struct cx_colspec){
        "_", CX_ROLE_COUNT, CX_KIND_DIM, 0, 0, true, 0}) >= 0);
    o.names = by_;
    assert_int_equal(load(&f, "1,9,a\n", &o, &st, &err), CX_ERR_COLUMN);
    assert_non_null(strstr(err.msg, "no column '_'"));
    cx_table_release(&f.t);
}

/* ---- the same in parts on threads ----------------------------------------- */

static enum cx_status no_chunk(void *ctx, struct cx_table *t,
                               struct cx_error *err)
{
    (void)ctx;
    (void)t;
    (void)err;
    return CX_OK;
}

/* A file of `rows` rows whose segment at each row of bad[] is Latin-1
 * (bad_text), with an invalid score every `every` rows (0: none). */
static void write_export(const char *path, int rows, const int *bad,
                         size_t nbad, const char *bad_text, int every)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fprintf(fp, "nps,segment,comment\n");
    for (int i = 0; i < rows; i++) {
        bool b = false;
        for (size_t k = 0; k < nbad; k++)
            b = b || bad[k] == i;
        fprintf(fp, "%d,%s,\"free, text %d\"\n",
                every && i % every == every - 1 ? 11 : i % 11,
                b ? bad_text : i % 2 ? "east" : "west", i);
    }
    assert_int_equal(fclose(fp), 0);
}

/* Load path with cx_load_file_parts (nparts > 1) or cx_load_file, twice
 * (the second time into the tables of the first), into fresh tables:
 * what was told and counted. */
static void load_told(const char *path, size_t nparts, struct said *said,
                      uint64_t *count)
{
    struct fixture f[3];
    struct cx_load_part parts[3];
    for (size_t k = 0; k < 3; k++) {
        setup_table(&f[k]);
        parts[k] = (struct cx_load_part){&f[k].t, NULL};
    }
    said->len = 0;
    said->text[0] = '\0';
    struct cx_warner w = {say, said, 0, 10};
    /* small blocks and parts: a file of 150 KB is cut in nparts */
    struct cx_load_options o = {.reader = {.block_size = 4096}, .warn = &w,
                                .chunk = no_chunk, .chunk_rows = 100,
                                .min_part_bytes = 8192};
    for (int pass = 0; pass < 2; pass++) {
        struct cx_input_stats st = {0};
        struct cx_error err;
        enum cx_status s = nparts > 1
            ? cx_load_file_parts(parts, nparts, path, "x.csv", &o, true,
                                 &st, &err)
            : cx_load_file(&f[0].t, path, "x.csv", &o, true, &st, &err);
        assert_int_equal(s, CX_OK);         /* CX_DONE: not cut */
        assert_int_equal(st.rows, 6000);
    }
    *count = w.count;
    for (size_t k = 0; k < 3; k++)
        cx_table_release(&f[k].t);
}

static size_t count_of(const char *text, const char *what)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, what)) != NULL; p++)
        n++;
    return n;
}

/* In parts, each part tells its own first; the file's is the first
 * part's, and the warnings and their count are those of one thread. */
static void test_invalid_utf8_in_parts_as_in_one(void **state)
{
    (void)state;
    char path[4096];
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/cxcalc-load-XXXXXX",
             dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    static const struct {
        int bad[4];
        const char *text;
        int every;          /* an invalid score every N rows */
    } cases[] = {
        {{2500, 3700, 5900, -1}, "caf\xe9", 0},     /* later parts only */
        {{150, 4100, -1, -1}, "caf\xe9", 0},        /* the same text again */
        {{4300, 5000, -1, -1}, "Z\xfcrich", 700},   /* not held: count */
        {{3000, 3001, 5500, -1}, "\xc3(", 400},     /* among held ones */
        {{100, 5900, -1, -1}, "caf\xe9", 150},      /* a later part's, not
                                                       held, is not counted */
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        write_export(path, 6000, cases[c].bad, 4, cases[c].text,
                     cases[c].every);
        struct said one, many;
        uint64_t n1, n;
        load_told(path, 1, &one, &n1);
        /* once per file, at its first bad row (line = row + 2); the
         * second file's may come after the first 10 delivered */
        size_t told = count_of(one.text, "is not UTF-8");
        if (!(told == 2 || (cases[c].every && told == 1)))
            fail_msg("case %zu: told %zu times:\n%s", c, told, one.text);
        char first[32];
        snprintf(first, sizeof first, "%d: column 'segment'",
                 cases[c].bad[0] + 2);
        assert_non_null(strstr(one.text, first));
        for (size_t nparts = 2; nparts <= 3; nparts++) {
            load_told(path, nparts, &many, &n);
            if (strcmp(one.text, many.text) != 0)
                fail_msg("case %zu, %zu parts:\n%s\nvs one thread:\n%s", c,
                         nparts, many.text, one.text);
            assert_int_equal(n, n1);
        }
    }
    unlink(path);
}

/* Sum of the NPS scores and rows handed over (a part's chunk sink). */
struct tally {
    long long sum;
    uint64_t rows;
    long nps;
};

static enum cx_status sum_chunk(void *ctx, struct cx_table *t,
                                struct cx_error *err)
{
    (void)err;
    struct tally *y = ctx;
    for (size_t i = 0; i < t->nrows; i++)
        if (t->cols[y->nps].state[i] == CX_CELL_OK)
            y->sum += t->cols[y->nps].v.score[i];
    y->rows += t->nrows;
    return CX_OK;
}

/* A whitespace-delimited file (CRLF, leading blanks, quoted segments with
 * a blank) of `rows` rows; each row in short[] lacks its last field. */
static void write_ws_export(const char *path, int rows, const int *short_rows,
                            size_t nshort)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fprintf(fp, "  nps   segment  comment\r\n");
    for (int i = 0; i < rows; i++) {
        bool s = false;
        for (size_t k = 0; k < nshort; k++)
            s = s || short_rows[k] == i;
        fprintf(fp, " %d\t\"%s\"", i % 11, i % 2 ? "north east" : "west");
        if (!s)
            fprintf(fp, "   c%d", i);
        fprintf(fp, "\r\n");
    }
    assert_int_equal(fclose(fp), 0);
}

/* Load a whitespace file in nparts parts (1: cx_load_file): the stats,
 * the scores' sum, and what was told. */
static void load_ws(const char *path, size_t nparts, bool pad,
                    struct cx_input_stats *st, long long *sum,
                    struct said *said)
{
    struct fixture f[3];
    struct cx_load_part parts[3];
    struct tally y[3];
    for (size_t k = 0; k < 3; k++) {
        setup_table(&f[k]);
        y[k] = (struct tally){0, 0, f[k].nps};
        parts[k] = (struct cx_load_part){&f[k].t, &y[k]};
    }
    said->len = 0;
    said->text[0] = '\0';
    struct cx_warner w = {say, said, 0, 10};
    struct cx_load_options o = {
        .reader = {.block_size = 4096, .delim = CX_DELIM_WHITESPACE},
        .warn = &w, .chunk = sum_chunk, .chunk_ctx = &y[0],
        .chunk_rows = 100, .min_part_bytes = 8192, .pad_short_rows = pad};
    struct cx_error err;
    memset(st, 0, sizeof *st);
    enum cx_status s = nparts > 1
        ? cx_load_file_parts(parts, nparts, path, "x.txt", &o, true, st,
                             &err)
        : cx_load_file(&f[0].t, path, "x.txt", &o, true, st, &err);
    if (s != CX_OK)
        fail_msg("%zu parts: status %d: %s", nparts, s, err.msg);
    *sum = 0;
    uint64_t rows = 0;
    for (size_t k = 0; k < 3; k++) {
        *sum += y[k].sum;
        rows += y[k].rows;
        cx_table_release(&f[k].t);
    }
    assert_int_equal(rows, st->rows);
}

/* -d whitespace in parts on threads: the rows, scores and warnings of
 * one thread (and with --pad-short-rows, one warning for the file: its
 * first short row, at line row + 2). */
static void test_whitespace_in_parts_as_in_one(void **state)
{
    (void)state;
    char path[4096];
    const char *dir = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/cxcalc-ws-XXXXXX",
             dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    /* sum of i % 11 over 6000 rows: 545 runs of 0..10 (55 each), then
     * 0..4 (10) */
    const long long want = 545LL * 55 + 10;
    write_ws_export(path, 6000, NULL, 0);
    struct cx_input_stats st;
    long long sum;
    struct said one, many;
    for (size_t nparts = 1; nparts <= 3; nparts++) {
        load_ws(path, nparts, false, &st, &sum, &many);
        assert_int_equal(st.rows, 6000);
        assert_int_equal(sum, want);
        assert_string_equal(many.text, "");
    }
    static const int short_rows[] = {3100, 3101, 5000};
    write_ws_export(path, 6000, short_rows, 3);
    load_ws(path, 1, true, &st, &sum, &one);
    assert_int_equal(st.rows, 6000);
    assert_int_equal(st.padded_rows, 3);
    assert_int_equal(sum, want);
    assert_non_null(strstr(one.text, "3102: padded: expected 3 fields, "
                                     "got 2"));
    assert_int_equal(count_of(one.text, "padded:"), 1);
    for (size_t nparts = 2; nparts <= 3; nparts++) {
        load_ws(path, nparts, true, &st, &sum, &many);
        assert_int_equal(st.padded_rows, 3);
        assert_int_equal(sum, want);
        assert_string_equal(many.text, one.text);
    }
    unlink(path);
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
        cmocka_unit_test(test_invalid_utf8_warned_once_per_file),
        cmocka_unit_test(test_names_replace_the_header),
        cmocka_unit_test(test_invalid_utf8_in_parts_as_in_one),
        cmocka_unit_test(test_whitespace_in_parts_as_in_one),
        cmocka_unit_test(test_allocations_per_column_not_per_cell),
        cmocka_unit_test(test_out_of_memory_is_an_error_not_a_crash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
