/* test_options.c - argv to options: GNU ordering, values, usage errors. */
#include <string.h>

#include "cli/cli.h"
#include "test_util.h"

static int parse(struct cx_cli *c, char *msg, int argc, ...)
{
    char *argv[32];
    va_list ap;
    va_start(ap, argc);
    for (int i = 0; i < argc; i++)
        argv[i] = va_arg(ap, char *);
    va_end(ap);
    argv[argc] = NULL;
    return cx_cli_parse(c, argc, argv, msg, 256);
}

static void test_options_before_and_after_files(void **state)
{
    (void)state;
    struct cx_cli c;
    char msg[256];
    assert_int_equal(parse(&c, msg, 8, "cxcalc", "nps", "a.csv", "--by",
                           "segment,channel", "b.csv", "-f", "json"),
                     CX_EXIT_OK);
    assert_int_equal(c.cmd, CX_CMD_METRIC);
    assert_int_equal(c.nfiles, 2);
    assert_string_equal(c.files[0], "a.csv");
    assert_string_equal(c.files[1], "b.csv");
    assert_int_equal(c.nby, 2);
    assert_string_equal(c.by[1], "channel");
    assert_int_equal(c.format, CX_FORMAT_JSON);
    cx_cli_release(&c);
}

static void test_double_dash_ends_options(void **state)
{
    (void)state;
    struct cx_cli c;
    char msg[256];
    assert_int_equal(parse(&c, msg, 5, "cxcalc", "csat", "-q", "--", "-x"),
                     CX_EXIT_OK);
    assert_true(c.quiet);
    assert_int_equal(c.nfiles, 1);
    assert_string_equal(c.files[0], "-x");
    cx_cli_release(&c);
}

static void test_metric_options(void **state)
{
    (void)state;
    struct cx_cli c;
    char msg[256];
    assert_int_equal(parse(&c, msg, 12, "cxcalc", "csat",
                           "--csat-satisfied", "3-5", "--csat-scale", "1-5",
                           "--confidence", "0.9", "--where", "ch!=email",
                           "--col", "survey.csat=Q2"), CX_EXIT_OK);
    assert_int_equal(c.run.m.csat.sat_lo, 3);
    assert_close(c.run.m.z, 1.6448536269514715, 1e-12);
    assert_int_equal(c.nwhere, 1);
    assert_true(c.where[0].negate);
    assert_string_equal(c.where[0].column, "ch");
    assert_string_equal(c.where[0].value, "email");
    assert_false(c.overrides[0].any_table);
    assert_int_equal(c.overrides[0].role, CX_ROLE_CSAT);
    cx_cli_release(&c);
}

static void test_usage_errors(void **state)
{
    (void)state;
    struct cx_cli c;
    char msg[256];
    static const char *const bad[][3] = {
        {"nps", "--bogus", NULL}, {"nps", "--period", "fortnight"},
        {"nps", "--confidence", "95"}, {"nps", "-f", "xml"},
        {"nps", "--min-n", "-1"}, {"nps", "--col", "nope=x"},
        {"nps", "--where", "=x"}, {"csat", "--weight", "w"},
        {"frobnicate", NULL, NULL}, {"nps", "-d", "ab"},
        {"csat", "--csat-satisfied", "4-9"}, {"nps", "--since", "last-tuesday"},
        {"nps", "--max-field-bytes", "0"}, {"columns", NULL, NULL},
        /* options of another command */
        {"nps", "--fcr-window", "7d"}, {"nps", "--margin", "0.5"},
        {"aht", "--confidence", "0.9"}, {"churn", "--weight", "w"},
        {"columns", "--by", "x"}, {"merge", "--by", "x"},
        {"partition", "-f", "json"}, {"nps", "--parts", "2"},
        {"csat", "--surveys", "a.csv"}, {"nps", "--transactions", "t"},
        /* --fail-if names a metric this command does not compute */
        {"nps", "--fail-if", "churn<3"}, {"nps", "--fail-if", "nps.x<3"},
        {"help", "nps", "csat"}, {"help", "frob", NULL}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int argc = bad[i][2] ? 4 : bad[i][1] ? 3 : 2;
        int rc = parse(&c, msg, argc, "cxcalc", bad[i][0], bad[i][1],
                       bad[i][2]);
        if (rc != CX_EXIT_USAGE)
            fail_msg("case %zu (%s %s) parsed", i, bad[i][0],
                     bad[i][1] ? bad[i][1] : "");
        assert_true(strlen(msg) > 0);
        cx_cli_release(&c);
    }
}

static void test_help_and_version(void **state)
{
    (void)state;
    struct cx_cli c;
    char msg[256];
    assert_int_equal(parse(&c, msg, 2, "cxcalc", "--help"), CX_EXIT_OK);
    assert_int_equal(c.cmd, CX_CMD_HELP);
    cx_cli_release(&c);
    assert_int_equal(parse(&c, msg, 2, "cxcalc", "--version"), CX_EXIT_OK);
    assert_int_equal(c.cmd, CX_CMD_VERSION);
    cx_cli_release(&c);
    assert_int_equal(parse(&c, msg, 3, "cxcalc", "nps", "-h"), CX_EXIT_OK);
    assert_int_equal(c.cmd, CX_CMD_HELP);
    assert_string_equal(c.help_on, "nps");
    cx_cli_release(&c);
    assert_int_equal(parse(&c, msg, 3, "cxcalc", "help", "aht"), CX_EXIT_OK);
    assert_int_equal(c.cmd, CX_CMD_HELP);
    assert_string_equal(c.help_on, "aht");
    cx_cli_release(&c);
    /* a metric's own options are taken by it and by report */
    assert_int_equal(parse(&c, msg, 4, "cxcalc", "fcr", "--fcr-window",
                           "2d"), CX_EXIT_OK);
    assert_int_equal(c.cmd, CX_CMD_METRIC);
    assert_string_equal(c.metric->name, "fcr");
    cx_cli_release(&c);
    assert_int_equal(parse(&c, msg, 6, "cxcalc", "report", "--surveys",
                           "a.csv", "--margin", "0.5"), CX_EXIT_OK);
    cx_cli_release(&c);
}

/* --horizon is the formula CLV's in months and the model's in any unit;
 * which one is known once the inputs are. */
static void test_clv_horizon(void **state)
{
    (void)state;
    struct cx_cli c;
    char msg[256];
    assert_int_equal(parse(&c, msg, 5, "cxcalc", "clv", "--horizon", "24m",
                           "a.csv"), CX_EXIT_OK);
    assert_int_equal(c.run.m.clv.horizon_months, 24);
    cx_cli_release(&c);
    assert_int_equal(parse(&c, msg, 3, "cxcalc", "clv", "a.csv"),
                     CX_EXIT_OK);
    assert_int_equal(c.run.m.clv.horizon_months, 0);    /* every month */
    cx_cli_release(&c);
    assert_int_equal(parse(&c, msg, 5, "cxcalc", "clv", "--horizon", "52w",
                           "a.csv"), CX_EXIT_USAGE);
    assert_non_null(strstr(msg, "formula CLV counts months"));
    cx_cli_release(&c);
    /* the model: its own steps, the formula's horizon untouched */
    assert_int_equal(parse(&c, msg, 6, "cxcalc", "clv", "--transactions",
                           "t.csv", "--horizon", "52w"), CX_EXIT_OK);
    assert_int_equal(c.run.horizon_steps, 52);
    assert_int_equal(c.run.m.clv.horizon_months, 0);
    cx_cli_release(&c);
    assert_int_equal(parse(&c, msg, 6, "cxcalc", "report", "--customers",
                           "a.csv", "--horizon", "36m"), CX_EXIT_OK);
    assert_int_equal(c.run.m.clv.horizon_months, 36);
    cx_cli_release(&c);
}

/* --names: no header row; --header-rows 0 only with it, and -d whitespace. */
static void test_names_and_no_header(void **state)
{
    (void)state;
    struct cx_cli c;
    char msg[256];
    assert_int_equal(parse(&c, msg, 8, "cxcalc", "nps", "--header-rows", "0",
                           "--names", "_,nps,seg", "-d", "whitespace"),
                     CX_EXIT_OK);
    assert_int_equal(c.run.load.nnames, 3);
    assert_string_equal(c.run.load.names[0], "_");
    assert_string_equal(c.run.load.names[2], "seg");
    assert_int_equal(c.run.load.header_rows, 0);
    assert_int_equal(c.run.load.reader.delim, CX_DELIM_WHITESPACE);
    cx_cli_release(&c);
    assert_int_equal(parse(&c, msg, 4, "cxcalc", "columns", "--names=a,b",
                           "f.txt"), CX_EXIT_OK);
    assert_int_equal(c.run.load.nnames, 2);
    cx_cli_release(&c);
    static const struct {
        const char *args[3];
        const char *msg;
    } bad[] = {
        {{"--header-rows", "0", NULL}, "--header-rows 0 (no header row) "
         "needs the column names: --names NAME,NAME,... ('_' for a column "
         "to ignore)"},
        {{"--names", "a,,b", NULL}, "bad --names 'a,,b' (empty name; '_' "
         "for a column to ignore)"},
        {{"--names", "a,b,", NULL}, "bad --names 'a,b,' (empty name; '_' "
         "for a column to ignore)"},
        {{"--header-rows", "4", NULL}, "bad --header-rows '4' (0, 1, 2 or "
         "3)"},
        {{"-d", "whitespaces", NULL}, "bad --delimiter 'whitespaces' (one "
         "character, 'tab' or 'whitespace')"},
        {{"--weight", "", NULL}, "bad --weight '' (a column name)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int n = bad[i].args[1] ? 4 : 3;
        assert_int_equal(parse(&c, msg, n, "cxcalc", "nps", bad[i].args[0],
                               bad[i].args[1]), CX_EXIT_USAGE);
        assert_string_equal(msg, bad[i].msg);
        cx_cli_release(&c);
    }
    assert_int_equal(parse(&c, msg, 6, "cxcalc", "nps", "--names", "a",
                           "--header-rows", "2"), CX_EXIT_USAGE);
    assert_string_equal(msg, "--names replaces the header row: it takes "
                             "--header-rows 0 or none, not 2");
    cx_cli_release(&c);
    assert_int_equal(parse(&c, msg, 6, "cxcalc", "partition", "--names",
                           "a", "x.csv", "--parts=2"), CX_EXIT_USAGE);
    assert_string_equal(msg, "partition does not take --names (see 'cxcalc "
                             "help partition')");
    cx_cli_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_options_before_and_after_files),
        cmocka_unit_test(test_double_dash_ends_options),
        cmocka_unit_test(test_metric_options),
        cmocka_unit_test(test_usage_errors),
        cmocka_unit_test(test_help_and_version),
        cmocka_unit_test(test_clv_horizon),
        cmocka_unit_test(test_names_and_no_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
