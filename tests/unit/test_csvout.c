/* test_csvout.c - CSV cells: the quoting rule and the formula guard. */
#include <stdlib.h>
#include <string.h>

#include "util/csvout.h"
#include "test_util.h"

/* s written as one cell with `flags` must give `want`. */
static void expect(const char *s, char delim, unsigned flags,
                   const char *want)
{
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    assert_non_null(f);
    assert_true(cx_csv_cell(f, s, strlen(s), delim, flags));
    assert_int_equal(fclose(f), 0);
    if (n != strlen(want) || memcmp(out, want, n) != 0)
        fail_msg("[%s] written as [%s], expected [%s]", s, out, want);
    free(out);
}

static void test_quoted_only_when_needed(void **state)
{
    (void)state;
    expect("", ',', 0, "");
    expect("plain text", ',', 0, "plain text");
    expect("a,b", ',', 0, "\"a,b\"");
    expect("a,b", ';', 0, "a,b");
    expect("a;b", ';', 0, "\"a;b\"");
    expect("say \"hi\"", ',', 0, "\"say \"\"hi\"\"\"");
    expect("\"", ',', 0, "\"\"\"\"");
    expect("two\nlines", ',', 0, "\"two\nlines\"");
    expect("cr\r", ',', 0, "\"cr\r\"");
    expect(" lead", ',', 0, "\" lead\"");
    expect("trail\t", ',', 0, "\"trail\t\"");
    /* no guard asked: a formula goes out as it is */
    expect("=1+1", ',', 0, "=1+1");
}

static void test_always_quoted(void **state)
{
    (void)state;
    expect("", ',', CX_CSV_QUOTE, "\"\"");
    expect("x", ',', CX_CSV_QUOTE, "\"x\"");
    expect("a\"\"b", ',', CX_CSV_QUOTE, "\"a\"\"\"\"b\"");
}

static void test_formula_guard(void **state)
{
    (void)state;
    unsigned g = CX_CSV_QUOTE | CX_CSV_GUARD;
    expect("=1+1", ',', g, "\"'=1+1\"");
    expect("+cmd", ',', g, "\"'+cmd\"");
    expect("-x", ',', g, "\"'-x\"");
    expect("@SUM(A1)", ',', g, "\"'@SUM(A1)\"");
    expect("\tx", ',', g, "\"'\tx\"");
    expect("\rx", ',', g, "\"'\rx\"");
    expect("\nx", ',', g, "\"'\nx\"");
    expect("=\"a\"", ',', g, "\"'=\"\"a\"\"\"");
    expect("-", ',', g, "\"'-\"");
    expect("-1e5", ',', g, "\"'-1e5\"");
    /* numbers are not formulas */
    expect("-12.5", ',', g, "\"-12.5\"");
    expect("+4", ',', g, "\"+4\"");
    expect("-.5", ',', g, "\"-.5\"");
    expect("a=1", ',', g, "\"a=1\"");
    /* guarded text is quoted even when quoting is not asked */
    expect("=1+1", ',', CX_CSV_GUARD, "\"'=1+1\"");
    expect("-42", ',', CX_CSV_GUARD, "-42");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoted_only_when_needed),
        cmocka_unit_test(test_always_quoted),
        cmocka_unit_test(test_formula_guard),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
