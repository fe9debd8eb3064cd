/* test_fastpath.c - the reader's fast path (one-line records split by
 * hand) against libcsv alone, on hand-written records and, differentially,
 * on tens of thousands of generated inputs rich in the hard cases: quotes,
 * doubled quotes, the four delimiters, spaces and tabs around fields,
 * LF, CR and CRLF, NUL bytes, UTF-8, blank lines and lines of blanks,
 * ` "a" `, `"a"x`, `"a" "`, long fields, some of it as UTF-16 with a
 * byte-order mark.  Each input is read under
 * several configurations (delimiter, block size 1..4096 and the default,
 * keep masks, small field and column caps), once with libcsv_only false
 * and once true; the two readings must agree record for record (line,
 * field count, every length, the bytes of kept fields) and end alike
 * (status, line, column, message).  A difference prints the input,
 * escaped, the configuration and both readings.
 *
 * FASTPATH_SEED and FASTPATH_INPUTS (environment) change the seed and the
 * number of generated inputs for a longer run. */
#include <stdlib.h>
#include <string.h>

#include "../fuzz/reader_diff.h"
#include "test_util.h"
#include "csv_gen.h"

/* ---- hand-written records ------------------------------------------------ */

/* A whole reading flattened: "LINE:f1|f2|...\n" per record (fields
 * escaped), then "END" or "ERR status line:col msg". */
static char *flatten(const char *data, size_t len, char delim, size_t block,
                     size_t max_field, size_t max_cols, bool libcsv_only)
{
    struct cx_reader_config cfg = {.delim = delim, .block_size = block,
                                   .max_field_bytes = max_field,
                                   .max_columns = max_cols,
                                   .libcsv_only = libcsv_only};
    struct cx_error err;
    struct rd_buf b = {0};
    rd_grow(&b, 0);
    b.p[0] = '\0';
    struct cx_reader *r = cx_reader_open_mem(data, len, "t.csv", &cfg, &err);
    assert_non_null(r);
    struct cx_record rec;
    enum cx_status st;
    while ((st = cx_reader_next(r, &rec, &err)) == CX_OK) {
        rd_printf(&b, "%" PRIu64 ":", rec.line);
        for (size_t i = 0; i < rec.nfields; i++) {
            if (i)
                rd_printf(&b, "|");
            rd_escape(&b, rec.fields[i].p, rec.fields[i].len);
        }
        rd_printf(&b, "\n");
    }
    if (st == CX_DONE)
        rd_printf(&b, "END");
    else
        rd_printf(&b, "ERR %d %" PRIu64 ":%" PRIu64 " %s", (int)st,
                  err.loc.line, err.loc.column, err.msg);
    cx_reader_free(r);
    return b.p;
}

/* Both paths, every block size from 1 to the length and the default,
 * give `expected`. */
static void check_caps(const char *data, size_t len, char delim,
                       size_t max_field, size_t max_cols,
                       const char *expected)
{
    for (int slow = 0; slow < 2; slow++) {
        for (size_t b = 0; b <= len + 1; b++) {
            char *got = flatten(data, len, delim, b, max_field, max_cols,
                                slow);
            bool same = strcmp(got, expected) == 0;
            if (!same) {
                struct rd_buf in = {0};
                rd_escape(&in, data, len);
                fprintf(stderr, "input \"%s\" (delim %d), %s, block size "
                        "%zu:\ngot:\n%s\nexpected:\n%s\n", in.p, delim,
                        slow ? "libcsv only" : "fast path", b, got,
                        expected);
                free(in.p);
            }
            free(got);
            if (!same)
                fail_msg("the reading differs from the expected one");
        }
    }
}

static void check(const char *data, char delim, const char *expected)
{
    check_caps(data, strlen(data), delim, 0, 0, expected);
}

static void test_blanks_trimmed_outside_quotes(void **state)
{
    (void)state;
    check("a, b ,c\n", ',', "1:a|b|c\nEND");
    check(" \t a b \t ,  c\n", ',', "1:a b|c\nEND");
    check(" \"a\" ,\"b\"\t\n", ',', "1:a|b\nEND");
    check("\" a \",\"\t\"\n", ',', "1: a |\\t\nEND");
    check("a,\n", ',', "1:a|\nEND");
    check(",\n", ',', "1:|\nEND");
    check("a, \n", ',', "1:a|\nEND");
}

static void test_doubled_quotes_undone(void **state)
{
    (void)state;
    check("\"x\"\"y\" ,z\n", ',', "1:x\\\"y|z\nEND");
    check("\"\"\"\"\n", ',', "1:\\\"\nEND");
    check("\"\",\"\"\"\"\"\"\n", ',', "1:|\\\"\\\"\nEND");
    check("\"a,b\",\"c;d\"\n", ',', "1:a,b|c;d\nEND");
    check("\"a\"\"\",b\n", ',', "1:a\\\"|b\nEND");
}

static void test_blank_lines_give_no_record(void **state)
{
    (void)state;
    check("  \n", ',', "END");
    check("\n", ',', "END");
    check("a\n\n  \n\t\nb\n", ',', "1:a\n5:b\nEND");
    check("x\r\n\r\n \r\ny\n", ',', "1:x\n4:y\nEND");
    check("\n\n\na", ',', "4:a\nEND");
}

static void test_tab_and_space_delimiters(void **state)
{
    (void)state;
    check("\t\n", '\t', "1:|\nEND");
    check(" a \t b \n", '\t', "1:a|b\nEND");
    check("\t\t\n", '\t', "1:||\nEND");
    check(" \n", ' ', "1:|\nEND");
    check("a  b\n", ' ', "1:a||b\nEND");
    check("\"a\" \"b\"\n", ' ', "1:a|b\nEND");
    check("a|b;c\n", '|', "1:a|b;c\nEND");
    check("a;b,c\n", ';', "1:a|b,c\nEND");
    /* a sep= line chooses the delimiter, a space too */
    check("sep= \na b\n", 0, "2:a|b\nEND");
}

static void test_quoting_errors_same_on_both_paths(void **state)
{
    (void)state;
    check("\"a\"x\n", ',',
          "ERR 3 1:4 unexpected text after a closing quote");
    check("ok\n\"a\" \"\n", ',',
          "1:ok\nERR 3 2:5 quote inside an unquoted field (quote the whole "
          "field and double the quote)");
    check("a\"b\n", ',',
          "ERR 3 1:2 quote inside an unquoted field (quote the whole field "
          "and double the quote)");
    check("a,\"b\n", ',',
          "ERR 3 1:0 unterminated quoted field in record starting at "
          "line 1");
    check_caps("a,b\0c\n", 6, ',', 0, 0,
          "ERR 6 1:4 NUL byte in input: the file may be UTF-16 without a "
          "byte-order mark, or binary (if UTF-16, read it with --encoding "
          "UTF-16LE)");
}

static void test_caps_same_on_both_paths(void **state)
{
    (void)state;
    const char *s = "a,b,c\nd,e,f,g\n";
    check_caps(s, strlen(s), ',', 0, 3,
               "1:a|b|c\nERR 7 2:0 record has more than 3 fields (raise "
               "--max-columns)");
    s = "abcde,\"vwxyz\"\nabcdef\n";
    check_caps(s, strlen(s), ',', 5, 0,
               "1:abcde|vwxyz\nERR 7 2:0 field exceeds 5 bytes (raise "
               "--max-field-bytes)");
    /* doubled quotes count once */
    s = "\"a\"\"b\"\"c\"\n";
    check_caps(s, strlen(s), ',', 5, 0, "1:a\\\"b\\\"c\nEND");
}

static void test_utf8_and_cr_lines(void **state)
{
    (void)state;
    check("\xc3\xa9,\xe2\x82\xac\n", ',', "1:\\xc3\\xa9|\\xe2\\x82\\xac\nEND");
    check("a\rb\r\nc\n", ',', "1:a\n2:b\n3:c\nEND");
    check("\"x\ny\",z\nw\n", ',', "1:x\\ny|z\n3:w\nEND");
}

/* ---- the differential test ------------------------------------------------ */

static void test_differential(void **state)
{
    (void)state;
    static const size_t blocks[] = {1, 2, 3, 7, 64, 4096, 0};
    const size_t nblocks = sizeof blocks / sizeof blocks[0];
    uint64_t seed = env_size("FASTPATH_SEED", 20240901);
    size_t ninputs = env_size("FASTPATH_INPUTS", 25000);
    rng_state = seed;
    struct rd_buf in = {0}, report = {0};
    struct rd_diff d = {0};
    size_t compared = 0, failures = 0, bytes = 0, ended = 0;
    for (size_t i = 0; i < ninputs; i++) {
        char delim = pick_delim();
        gen_input(&in, delim);
        bytes += in.len;
        struct rd_config c = gen_config(delim);
        for (size_t k = 0; k < nblocks; k++) {
            c.block_size = blocks[k];
            c.keep = (enum rd_keep)((i + k) % RD_KEEP_COUNT);
            compared++;
            report.len = 0;
            bool ok = rd_compare(&d, in.p, in.len, &c, &report);
            ended += d.slow.len >= 4
                     && memcmp(d.slow.p + d.slow.len - 4, "END\n", 4) == 0;
            if (!ok) {
                if (failures < 5)
                    fprintf(stderr, "--- input %zu (seed %" PRIu64 ")\n%s",
                            i, seed, report.p);
                failures++;
            }
        }
    }
    fprintf(stderr, "fastpath: %zu inputs (%zu bytes), %zu configurations "
            "compared (%zu read to the end, the rest to an error), %" PRIu64
            " records each way, %zu differences\n", ninputs, bytes,
            compared, ended, d.records, failures);
    rd_diff_free(&d);
    free(in.p);
    free(report.p);
    if (failures)
        fail_msg("%zu of %zu readings differ (the first ones are above)",
                 failures, compared);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blanks_trimmed_outside_quotes),
        cmocka_unit_test(test_doubled_quotes_undone),
        cmocka_unit_test(test_blank_lines_give_no_record),
        cmocka_unit_test(test_tab_and_space_delimiters),
        cmocka_unit_test(test_quoting_errors_same_on_both_paths),
        cmocka_unit_test(test_caps_same_on_both_paths),
        cmocka_unit_test(test_utf8_and_cr_lines),
        cmocka_unit_test(test_differential),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
