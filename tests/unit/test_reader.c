/* test_reader.c - the CSV reader: records, physical start lines and error
 * positions, identical for every block size from 1 to the input length
 * (the libcsv test-suite practice). */
#include <stdlib.h>
#include <string.h>

#include "cxcalc/reader.h"
#include "test_util.h"

/* A whole read flattened to text: "LINE:f1|f2|...\n" per record, then
 * "END" or "ERR status line:col msg". */
static char *read_all(const char *data, size_t len, size_t block,
                      char delim)
{
    struct cx_reader_config cfg = {.delim = delim, .block_size = block,
                                   .max_field_bytes = 64};
    struct cx_error err;
    size_t cap = 65536, o = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    struct cx_reader *r = cx_reader_open_mem(data, len, "t.csv", &cfg, &err);
    if (!r) {
        snprintf(out, cap, "OPENERR %d %s", err.status, err.msg);
        return out;
    }
    struct cx_record rec;
    enum cx_status st;
    while ((st = cx_reader_next(r, &rec, &err)) == CX_OK) {
        o += (size_t)snprintf(out + o, cap - o, "%llu:",
                              (unsigned long long)rec.line);
        for (size_t i = 0; i < rec.nfields; i++)
            o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? "|" : "",
                                  rec.fields[i].p);
        o += (size_t)snprintf(out + o, cap - o, "\n");
    }
    if (st == CX_DONE)
        snprintf(out + o, cap - o, "END");
    else
        snprintf(out + o, cap - o, "ERR %d %llu:%llu %s", st,
                 (unsigned long long)err.loc.line,
                 (unsigned long long)err.loc.column, err.msg);
    cx_reader_free(r);
    return out;
}

/* Every block size gives the same result as the whole buffer, and the
 * whole buffer gives `expected`. */
static void check_len(const char *data, size_t len, char delim,
                      const char *expected)
{
    char *whole = read_all(data, len, len ? len : 1, delim);
    if (strcmp(whole, expected) != 0)
        fail_msg("input %s\ngot:\n%s\nexpected:\n%s", data, whole, expected);
    for (size_t b = 1; b < len; b++) {
        char *part = read_all(data, len, b, delim);
        if (strcmp(part, whole) != 0)
            fail_msg("block size %zu differs:\n%s\nvs whole:\n%s", b, part,
                     whole);
        free(part);
    }
    free(whole);
}

static void check(const char *data, char delim, const char *expected)
{
    check_len(data, strlen(data), delim, expected);
}

static void test_line_endings_lf_crlf_cr_mixed(void **state)
{
    (void)state;
    check("a,b\n1,2\n3,4\n", 0, "1:a|b\n2:1|2\n3:3|4\nEND");
    check("a,b\r\n1,2\r\n3,4\r\n", 0, "1:a|b\n2:1|2\n3:3|4\nEND");
    check("a,b\r1,2\r3,4\r", 0, "1:a|b\n2:1|2\n3:3|4\nEND");
    check("a,b\n1,2\r\n3,4\r5,6", 0, "1:a|b\n2:1|2\n3:3|4\n4:5|6\nEND");
    /* a lone CR then an LF that starts the next segment: two lines */
    check("a\r\rb\n\nc", 0, "1:a\n3:b\n5:c\nEND");
}

static void test_quoted_newlines_count_as_lines(void **state)
{
    (void)state;
    check("id,c\n1,\"x\ny\"\n2,\"p\r\nq\"\n3,z\n", 0,
          "1:id|c\n2:1|x\ny\n4:2|p\r\nq\n6:3|z\nEND");
    check("id,c\n\"a\"\"b\",\"\"\n", 0, "1:id|c\n2:a\"b|\nEND");
}

static void test_blank_lines_are_skipped_lines_stay_physical(void **state)
{
    (void)state;
    check("a,b\n\n1,2\n\n\n3,4\n", 0, "1:a|b\n3:1|2\n6:3|4\nEND");
}

static void test_bom_and_sep_line(void **state)
{
    (void)state;
    check("\xef\xbb\xbf" "a,b\n1,2\n", 0, "1:a|b\n2:1|2\nEND");
    check("sep=;\na;b\n1;2\n", 0, "2:a|b\n3:1|2\nEND");
    check("sep=;\r\na;b\r\n1;2\r\n", 0, "2:a|b\n3:1|2\nEND");
}

static void test_delimiter_sniffing(void **state)
{
    (void)state;
    check("a;b;c\n1;2,5;3\n", 0, "1:a|b|c\n2:1|2,5|3\nEND");
    check("a\tb\n1\t2\n", 0, "1:a|b\n2:1|2\nEND");
    check("a|b\n1|2\n", 0, "1:a|b\n2:1|2\nEND");
    check("\"x,y\";b\n1;2\n", 0, "1:x,y|b\n2:1|2\nEND");
    check("a;b\n1;2\n", ',', "1:a;b\n2:1;2\nEND");
}

static void test_unterminated_quote_names_record_start(void **state)
{
    (void)state;
    check("a,b\n1,2\n3,\"open\nmore\n", 0,
          "1:a|b\n2:1|2\nERR 3 3:0 unterminated quoted field in record "
          "starting at line 3");
    check("a,b\n1,x\n2,\"open\nmore,\"\"\nstill\n", 0,
          "1:a|b\n2:1|x\nERR 3 3:0 unterminated quoted field in record "
          "starting at line 3");
}

static void test_quote_errors_have_line_and_column(void **state)
{
    (void)state;
    check("a,b\n1,x\"y\n", 0,
          "1:a|b\nERR 3 2:4 quote inside an unquoted field (quote the "
          "whole field and double the quote)");
    check("a,b\n1,\"10\"x\n", 0,
          "1:a|b\nERR 3 2:7 unexpected text after a closing quote");
}

static void test_nul_byte_is_an_error_with_column(void **state)
{
    (void)state;
    const char data[] = "a,b\n1,9\0\n";
    size_t len = sizeof data - 1;
    for (size_t b = 1; b <= len; b++) {
        char *out = read_all(data, len, b, 0);
        if (!strstr(out, "ERR 6 2:4 NUL byte"))
            fail_msg("block %zu: %s", b, out);
        free(out);
    }
}

static void test_field_limit_fails_fast(void **state)
{
    (void)state;
    /* max_field_bytes is 64 in read_all */
    char data[400];
    snprintf(data, sizeof data, "a,b\n1,\"%0300d\n", 7);
    char *out = read_all(data, strlen(data), strlen(data), 0);
    assert_non_null(strstr(out, "ERR 7 2:0 quoted field opened at line 2 "
                                "runs past 64 bytes"));
    free(out);
}

/* Trailing blanks are trimmed before the cap is applied, but more than
 * 1 MiB of them past the cap, with a block ending inside them, is an
 * error: memory stays bounded (the one reading that depends on where
 * blocks fall; docs/errors.md).  Read in one block the field is "ab". */
static void test_trailing_blanks_past_the_cap_bound_memory(void **state)
{
    (void)state;
    size_t blanks = ((size_t)1 << 20) + 10000;  /* ends past a block end */
    size_t len = 8 + blanks + 1;                /* "a,b\n1,ab", blanks, LF */
    char *data = malloc(len + 1);
    assert_non_null(data);
    memcpy(data, "a,b\n1,ab", 8);
    memset(data + 8, ' ', blanks);
    memcpy(data + 8 + blanks, "\n", 2);
    char *out = read_all(data, len, len, 0);
    assert_non_null(strstr(out, "2:1|ab"));
    free(out);
    out = read_all(data, len, 4096, 0);
    assert_non_null(strstr(out, "ERR 7 2:0 field exceeds 64 bytes with its "
                                "trailing blanks"));
    free(out);
    free(data);
}

/* "a\tb\r\n1\t<U+1F600>\r\n" in UTF-16 (Excel "Unicode text"), with
 * its byte-order mark. */
static void test_utf16_with_bom_is_read_as_utf8(void **state)
{
    (void)state;
    static const char le[] = "\xff\xfe" "a\0\t\0b\0\r\0\n\0" "1\0\t\0"
                             "\x3d\xd8\x00\xde" "\r\0\n\0";
    static const char be[] = "\xfe\xff" "\0a\0\t\0b\0\r\0\n" "\0001\0\t"
                             "\xd8\x3d\xde\x00" "\0\r\0\n";
    const char *want = "1:a|b\n2:1|\xf0\x9f\x98\x80\nEND";
    check_len(le, sizeof le - 1, 0, want);
    check_len(be, sizeof be - 1, 0, want);
}

static void test_not_kept_fields_report_length_only(void **state)
{
    (void)state;
    struct cx_error err;
    const char *data = "a,b,c\nxx,yyy,z\n";
    struct cx_reader *r = cx_reader_open_mem(data, strlen(data), "t", NULL,
                                             &err);
    assert_non_null(r);
    struct cx_record rec;
    assert_int_equal(cx_reader_next(r, &rec, &err), CX_OK);
    bool keep[3] = {false, true, false};
    cx_reader_keep(r, keep, 3);
    assert_int_equal(cx_reader_next(r, &rec, &err), CX_OK);
    assert_int_equal(rec.nfields, 3);
    assert_string_equal(rec.fields[1].p, "yyy");
    assert_string_equal(rec.fields[0].p, "");
    assert_int_equal(rec.fields[0].len, 2);
    assert_int_equal(cx_reader_next(r, &rec, &err), CX_DONE);
    cx_reader_free(r);
}

/* -d whitespace: runs of blanks separate fields, blanks at both ends are
 * dropped, blank lines are skipped; the rows of CDNOW_sample.txt as
 * published (leading blanks, runs of them, CRLF). */
static void test_whitespace_runs_split_fields(void **state)
{
    (void)state;
    const char w = CX_DELIM_WHITESPACE;
    check(" 00004 0001 19970101 2  29.33\r\n"
          " 00004 0001 19970118 2  29.73\r\n", w,
          "1:00004|0001|19970101|2|29.33\n2:00004|0001|19970118|2|29.73\n"
          "END");
    check("a \t b\tc  \n\n   \n\t1 2 3", w, "1:a|b|c\n4:1|2|3\nEND");
    check("a b\r1 2\r\r3 4\n", w, "1:a|b\n2:1|2\n4:3|4\nEND");
    check("a,b c;d\n", w, "1:a,b|c;d\nEND");       /* no other delimiter */
    check("", w, "END");
}

/* A quoted field keeps its blanks (and line ends); "" is an empty field;
 * a doubled quote is one. */
static void test_whitespace_quoted_fields(void **state)
{
    (void)state;
    const char w = CX_DELIM_WHITESPACE;
    check("id name  x\n1 \"Ann  Lee\" \"\"\n2 \"say \"\"hi\"\"\" 9\n", w,
          "1:id|name|x\n2:1|Ann  Lee|\n3:2|say \"hi\"|9\nEND");
    check("a b\n1 \"x\r\ny\"\n2 z\n", w, "1:a|b\n2:1|x\r\ny\n4:2|z\nEND");
    check("a b\n1 \"x\ny\" 3\"", w,
          "1:a|b\nERR 3 3:5 quote inside an unquoted field (quote the "
          "whole field and double the quote)");
    check("a b\n1 \"x\"y\n", w,
          "1:a|b\nERR 3 2:6 unexpected text after a closing quote");
    check("a b\n1 \"x\ny\n", w,
          "1:a|b\nERR 3 2:0 unterminated quoted field in record starting "
          "at line 2");
    check("a b\n1 \"\ny\n", w,
          "1:a|b\nERR 3 2:0 unterminated quoted field in record starting "
          "at line 2");
    check("a b\n1 \"x\ny\" \"\nz\n", w,
          "1:a|b\nERR 3 2:0 unterminated quoted field in record starting "
          "at line 2 (the quote opens at line 3)");
}

/* The limits, NUL bytes and kept fields as in CSV mode (max_field_bytes
 * is 64 in read_all). */
static void test_whitespace_limits_and_nul(void **state)
{
    (void)state;
    const char w = CX_DELIM_WHITESPACE;
    char data[400];
    snprintf(data, sizeof data, "a b\n1   %070d\n", 7);
    check(data, w, "1:a|b\nERR 7 2:0 field exceeds 64 bytes (raise "
                   "--max-field-bytes)");
    snprintf(data, sizeof data, "a b\n1 \"%070d\n", 7);
    check(data, w, "1:a|b\nERR 7 2:0 quoted field opened at line 2 runs "
                   "past 64 bytes: unterminated quote? (raise "
                   "--max-field-bytes if the field is real)");
    const char nul[] = "a b\n1  9\0\n";
    check_len(nul, sizeof nul - 1, w,
              "1:a|b\nERR 6 2:5 NUL byte in input: the file may be UTF-16 "
              "without a byte-order mark, or binary (if UTF-16, convert "
              "with: iconv -f UTF-16LE -t UTF-8)");

    struct cx_reader_config cfg = {.delim = w, .max_columns = 2};
    struct cx_error err;
    const char *three = "a b c\n";
    struct cx_reader *r = cx_reader_open_mem(three, strlen(three), "t", &cfg,
                                             &err);
    assert_non_null(r);
    struct cx_record rec;
    assert_int_equal(cx_reader_next(r, &rec, &err), CX_ERR_LIMIT);
    assert_string_equal(err.msg, "record has more than 2 fields (raise "
                                 "--max-columns)");
    cx_reader_free(r);

    cfg.max_columns = 0;
    const char *data2 = "a b c\n xx  \"y y\"   z\n";
    r = cx_reader_open_mem(data2, strlen(data2), "t", &cfg, &err);
    assert_non_null(r);
    assert_int_equal(cx_reader_next(r, &rec, &err), CX_OK);
    bool keep[3] = {false, true, false};
    cx_reader_keep(r, keep, 3);
    assert_int_equal(cx_reader_next(r, &rec, &err), CX_OK);
    assert_int_equal(rec.nfields, 3);
    assert_string_equal(rec.fields[0].p, "");
    assert_int_equal(rec.fields[0].len, 2);
    assert_string_equal(rec.fields[1].p, "y y");
    assert_int_equal(rec.fields[2].len, 1);
    assert_int_equal(cx_reader_delim(r), w);
    assert_int_equal(cx_reader_next(r, &rec, &err), CX_DONE);
    cx_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_endings_lf_crlf_cr_mixed),
        cmocka_unit_test(test_quoted_newlines_count_as_lines),
        cmocka_unit_test(test_blank_lines_are_skipped_lines_stay_physical),
        cmocka_unit_test(test_bom_and_sep_line),
        cmocka_unit_test(test_delimiter_sniffing),
        cmocka_unit_test(test_unterminated_quote_names_record_start),
        cmocka_unit_test(test_quote_errors_have_line_and_column),
        cmocka_unit_test(test_nul_byte_is_an_error_with_column),
        cmocka_unit_test(test_field_limit_fails_fast),
        cmocka_unit_test(test_trailing_blanks_past_the_cap_bound_memory),
        cmocka_unit_test(test_utf16_with_bom_is_read_as_utf8),
        cmocka_unit_test(test_not_kept_fields_report_length_only),
        cmocka_unit_test(test_whitespace_runs_split_fields),
        cmocka_unit_test(test_whitespace_quoted_fields),
        cmocka_unit_test(test_whitespace_limits_and_nul),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
