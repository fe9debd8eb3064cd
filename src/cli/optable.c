/* optable.c - the options and commands, and the help printed from them
 * (see optable.h). */
#include "optable.h"

#include <getopt.h>
#include <string.h>

#include "cxcalc/registry.h"

#define IO (AT_METRICS | AT_COLUMNS | AT_PARTITION)    /* reading a file */

const struct cx_opt_def cx_opt_defs[] = {
    {"help", 'h', false, AT_ANY, SEC_GENERAL, NULL,
     "this help"},
    {"quiet", 'q', false, AT_ANY, SEC_GENERAL, NULL,
     "no warnings on stderr"},
    {"version", OPT_VERSION, false, AT_ANY, SEC_GENERAL, NULL,
     "the version"},
    {"format", 'f', true, AT_METRICS | AT_MERGE, SEC_OUTPUT, "F",
     "json, text or csv (text on a terminal, else json)"},
    {"output", 'o', true, AT_METRICS | AT_MERGE, SEC_OUTPUT, "FILE",
     "write the report atomically to FILE"},
    {"fail-if", OPT_FAIL_IF, true, AT_METRICS | AT_MERGE, SEC_OUTPUT,
     "'[any:]nps<30'", "exit 3 when crossed overall (any: in any group)"},
    {"by", OPT_BY, true, AT_METRICS, SEC_GROUP, "COL[,COL...]",
     "one group per value (per combination)"},
    {"period", OPT_PERIOD, true, AT_METRICS, SEC_GROUP, "P",
     "day, week (ISO), month, quarter or year"},
    {"since", OPT_SINCE, true, AT_METRICS, SEC_GROUP, "D",
     "keep rows dated D or later (also: today, -7d...)"},
    {"until", OPT_UNTIL, true, AT_METRICS, SEC_GROUP, "D",
     "keep rows dated before D"},
    {"tz", OPT_TZ, true, AT_METRICS, SEC_GROUP, "ZONE",
     "dates and periods in ZONE's local time (default UTC)"},
    {"where", OPT_WHERE, true, AT_METRICS, SEC_GROUP, "COL=V",
     "keep rows whose COL is V (COL!=V: is not)"},
    {"min-n", OPT_MIN_N, true, AT_METRICS | AT_MERGE, SEC_GROUP, "N",
     "null the value of groups with n < N"},
    {"confidence", OPT_CONFIDENCE, true, AT_OWN, SEC_METRIC, "C",
     "interval level (default 0.95)"},
    {"weight", OPT_WEIGHT, true, AT_OWN, SEC_METRIC, "COL",
     "survey weights"},
    {"csat-scale", OPT_CSAT_SCALE, true, AT_OWN, SEC_METRIC, "S",
     "1-5 (default), 1-7, 1-10, 0-10"},
    {"csat-satisfied", OPT_CSAT_SATISFIED, true, AT_OWN, SEC_METRIC,
     "LO-HI", "satisfied boxes (default: the top two)"},
    {"ces-scale", OPT_CES_SCALE, true, AT_OWN, SEC_METRIC, "S",
     "1-7 (default) or 1-5"},
    {"ces-low-is-easy", OPT_CES_LOW, false, AT_OWN, SEC_METRIC, NULL,
     "low scores are the easy ones"},
    {"labels", OPT_LABELS, true, AT_OWN, SEC_METRIC, "ROLE=MAP",
     "answer labels: 'csat=Poor:1,Good:2' or a CSV file"},
    {"handled", OPT_HANDLED, true, AT_OWN, SEC_METRIC, "V[,V...]",
     "the statuses of handled contacts (others: not)"},
    {"abandoned", OPT_ABANDONED, true, AT_OWN, SEC_METRIC, "V[,V...]",
     "more statuses of contacts not handled"},
    {"fcr-method", OPT_FCR_METHOD, true, AT_OWN, SEC_METRIC, "M",
     "flag (a resolved column) or repeat (contacts)"},
    {"fcr-window", OPT_FCR_WINDOW, true, AT_OWN, SEC_METRIC, "W",
     "repeat-contact window (default 7d; 48h, 90m)"},
    {"churn-method", OPT_CHURN_METHOD, true, AT_OWN, SEC_METRIC, "M",
     "snapshot (a churned flag) or events (dates)"},
    {"churn-rate", OPT_CHURN_RATE, true, AT_OWN, SEC_METRIC, "C",
     "monthly churn (0.05 or 5%) instead of the data's"},
    {"margin", OPT_MARGIN, true, AT_OWN, SEC_METRIC, "M",
     "gross margin (0.8 or 80%; default 1)"},
    {"arpu", OPT_ARPU, true, AT_OWN, SEC_METRIC, "A",
     "revenue per customer and month"},
    {"discount-rate", OPT_DISCOUNT, true, AT_OWN, SEC_METRIC, "D",
     "monthly discount rate (default 0)"},
    {"transactions", OPT_TRANSACTIONS, true, AT_OWN, SEC_METRIC, "F...",
     "fit BG/NBD + Gamma-Gamma on an order log"},
    {"calibration-end", OPT_CAL_END, true, AT_OWN, SEC_METRIC, "D",
     "model: fit on the orders before D"},
    {"time-unit", OPT_TIME_UNIT, true, AT_OWN, SEC_METRIC, "U",
     "model: week (default), day or month"},
    {"horizon", OPT_HORIZON, true, AT_OWN, SEC_METRIC, "H",
     "months summed (24m; default: all); model: 12m, 52w..."},
    {"per-customer", OPT_PER_CUSTOMER, true, AT_OWN, SEC_METRIC, "FILE",
     "model: each customer's CLV as CSV"},
    {"col", OPT_COL, true, AT_METRICS | AT_COLUMNS, SEC_INPUT, "ROLE=NAME",
     "use column NAME for ROLE (nps, date, customer...)"},
    {"delimiter", 'd', true, IO, SEC_INPUT, "C",
     ", ; |, tab or whitespace (default: from the header)"},
    {"date-format", OPT_DATE_FORMAT, true, AT_METRICS, SEC_INPUT, "F",
     "date layout: M/D/YYYY, D/M/YYYY, epoch, %d.%m.%Y..."},
    {"encoding", OPT_ENCODING, true, IO, SEC_INPUT, "NAME",
     "text encoding: latin1, cp1252, shift_jis... (iconv)"},
    {"sheet", OPT_SHEET, true, IO, SEC_INPUT, "NAME",
     "the sheet of a workbook (default: the first)"},
    {"header-rows", OPT_HEADER_ROWS, true, IO, SEC_INPUT, "N",
     "1-3 (default: Qualtrics 3, SurveyMonkey 2, else 1)"},
    {"names", OPT_NAMES, true, AT_METRICS | AT_COLUMNS, SEC_INPUT,
     "N,N...", "no header row: the column names (_: unused)"},
    {"decimal-comma", OPT_DEC_COMMA, false, AT_METRICS, SEC_INPUT, NULL,
     "numbers written 1.234,56"},
    {"strict", OPT_STRICT, false, AT_METRICS, SEC_INPUT, NULL,
     "an invalid value is an error, not a warning"},
    {"max-invalid", OPT_MAX_INVALID, true, AT_METRICS, SEC_INPUT, "P",
     "invalid share of a column that fails (default 50%)"},
    {"skip-bad-rows", OPT_SKIP_BAD, false, AT_METRICS, SEC_INPUT, NULL,
     "skip and count rows with a wrong field count"},
    {"pad-short-rows", OPT_PAD_SHORT, false, AT_METRICS, SEC_INPUT, NULL,
     "rows missing trailing fields: pad them, count them"},
    {"max-field-bytes", OPT_MAX_FIELD, true, IO, SEC_INPUT, "N",
     "longest field (default 1048576)"},
    {"max-columns", OPT_MAX_COLUMNS, true, IO, SEC_INPUT, "N",
     "most fields in a row"},
    {"threads", OPT_THREADS, true, AT_OWN, SEC_INPUT, "N",
     "cores for a large file (default: all)"},
    {"partial", OPT_PARTIAL, false, AT_METRICS | AT_MERGE, SEC_SCALE, NULL,
     "write a mergeable state, not a report"},
    {"partitioned-by", OPT_PARTITIONED_BY, true, AT_METRICS, SEC_SCALE,
     "COL", "the input holds every row of each COL value"},
    {"surveys", OPT_SURVEYS, true, AT_REPORT, SEC_TABLES, "F...",
     "survey exports"},
    {"interactions", OPT_INTERACTIONS, true, AT_REPORT, SEC_TABLES, "F...",
     "contact-center exports"},
    {"customers", OPT_CUSTOMERS, true, AT_REPORT, SEC_TABLES, "F...",
     "customer tables"},
    {"parts", OPT_PARTS, true, AT_PARTITION, SEC_PARTITION, "N",
     "how many parts (1 to 1000)"},
    {"key", OPT_KEY, true, AT_PARTITION, SEC_PARTITION, "COL",
     "all rows of a COL value in one part"},
    {"out", OPT_OUT, true, AT_PARTITION, SEC_PARTITION, "DIR",
     "the directory of the parts (made when missing)"},
    {NULL, 0, false, 0, SEC_GENERAL, NULL, NULL}};

_Static_assert(sizeof cx_opt_defs / sizeof cx_opt_defs[0] <= CX_OPT_MAX + 1,
               "CX_OPT_MAX is too small");

static const struct cx_command_def builtins[] = {
    {"report", CX_CMD_REPORT, AT_REPORT,
     "report --surveys F... --interactions F... --customers F...",
     "every metric the tables allow, in one report"},
    {"columns", CX_CMD_COLUMNS, AT_COLUMNS, "columns FILE",
     "layout, dialect, roles found, dimensions"},
    {"partition", CX_CMD_PARTITION, AT_PARTITION,
     "partition FILE --parts N --out DIR [--key COL]",
     "cut an export into N CSVs (by COL's hash)"},
    {"merge", CX_CMD_MERGE, AT_MERGE, "merge STATE...",
     "merge --partial states into one report"},
};

#define NBUILTINS (sizeof builtins / sizeof builtins[0])

static const char *const section_names[SEC_COUNT] = {
    "general", "output", "grouping and filters", "metric", "input",
    "scale-out", "tables", "partition"};

const struct cx_opt_def *cx_opt_find(int key)
{
    for (const struct cx_opt_def *d = cx_opt_defs; d->name; d++)
        if (d->key == key)
            return d;
    return NULL;
}

/* The metrics in the registry, each name once. */
static const struct cx_metric_def *metric_named(size_t i)
{
    const struct cx_metric_def *m = cx_metric_at(i);
    return m && cx_metric_rank(m->name) == i ? m : NULL;
}

bool cx_command_find(const char *name, enum cx_command *cmd,
                     const struct cx_metric_def **metric)
{
    *metric = cx_metric_find(name);
    if (*metric) {
        *cmd = CX_CMD_METRIC;
        return true;
    }
    for (size_t i = 0; i < NBUILTINS; i++)
        if (strcmp(name, builtins[i].name) == 0) {
            *cmd = builtins[i].cmd;
            return true;
        }
    return false;
}

bool cx_command_takes(enum cx_command cmd, const struct cx_metric_def *metric,
                      const struct cx_opt_def *d)
{
    if (cmd == CX_CMD_METRIC)
        return (d->at & AT_METRICS)
               || ((d->at & AT_OWN) && cx_metric_takes(metric, d->name));
    if (cmd == CX_CMD_REPORT) {
        if (d->at & (AT_METRICS | AT_REPORT))
            return true;
        for (size_t i = 0; (d->at & AT_OWN) && i < cx_metric_count(); i++)
            if (cx_metric_takes(cx_metric_at(i), d->name))
                return true;
        return false;
    }
    for (size_t i = 0; i < NBUILTINS; i++)
        if (builtins[i].cmd == cmd)
            return (d->at & builtins[i].at) != 0;
    return cmd == CX_CMD_HELP || cmd == CX_CMD_VERSION;
}

/* "  -f, --format F" in 26 columns, then the help (on the next line
 * when the option is longer). */
static void print_option(FILE *out, const struct cx_opt_def *d)
{
    char head[64], letter[8] = "";
    if (d->key < 256)
        snprintf(letter, sizeof letter, "-%c, ", d->key);
    int n = snprintf(head, sizeof head, "  %s--%s%s%s", letter, d->name,
                     d->arg ? " " : "", d->arg ? d->arg : "");
    if (n < 25)
        fprintf(out, "%-26s%s\n", head, d->help);
    else
        fprintf(out, "%s\n%26s%s\n", head, "", d->help);
}

/* Every option command takes, under its section's heading. */
static void print_options(FILE *out, enum cx_command cmd,
                          const struct cx_metric_def *metric)
{
    for (int s = SEC_GENERAL; s < SEC_COUNT; s++) {
        bool any = false;
        for (const struct cx_opt_def *d = cx_opt_defs; d->name; d++) {
            if (d->section != (enum cx_opt_section)s
                || !cx_command_takes(cmd, metric, d))
                continue;
            if (!any)
                fprintf(out, "%s:\n", section_names[s]);
            any = true;
            print_option(out, d);
        }
    }
}

static void print_commands(FILE *out)
{
    fputs("usage: cxcalc COMMAND [OPTIONS] [FILE...]   (no FILE or '-': "
          "stdin)\ncommands:\n", out);
    for (size_t i = 0; i < cx_metric_count(); i++)
        if (metric_named(i))
            fprintf(out, "  %-24s%s\n", cx_metric_at(i)->name,
                    cx_metric_at(i)->summary);
    for (size_t i = 0; i < NBUILTINS; i++) {
        if (strlen(builtins[i].usage) < 24)
            fprintf(out, "  %-24s%s\n", builtins[i].usage,
                    builtins[i].summary);
        else
            fprintf(out, "  %s\n%26s%s\n", builtins[i].usage, "",
                    builtins[i].summary);
    }
    fputs("  help [COMMAND]          this help, or the options of COMMAND\n",
          out);
}

bool cx_cli_help(FILE *out, const char *name)
{
    enum cx_command cmd = CX_CMD_HELP;
    const struct cx_metric_def *metric = NULL;
    if (name && !cx_command_find(name, &cmd, &metric))
        return false;
    if (!name) {
        print_commands(out);
        fputs("options of every metric command (and report):\n", out);
        for (const struct cx_opt_def *d = cx_opt_defs; d->name; d++)
            if (d->at & AT_METRICS)
                print_option(out, d);
        fputs("'cxcalc help COMMAND' lists all options of COMMAND.\n", out);
    } else if (metric) {
        fprintf(out, "usage: cxcalc %s [OPTIONS] [FILE...]   (no FILE or "
                "'-': stdin)\n%s.\n", metric->name, metric->summary);
        print_options(out, cmd, metric);
    } else {
        for (size_t i = 0; i < NBUILTINS; i++)
            if (builtins[i].cmd == cmd)
                fprintf(out, "usage: cxcalc %s\n       [OPTIONS]\n%s.\n",
                        builtins[i].usage, builtins[i].summary);
        print_options(out, cmd, NULL);
    }
    fputs("exit status: 0 ok, 1 input or output error, 2 usage, 3 "
          "--fail-if breached.\nSee cxcalc(1) for formulas, column names "
          "and examples.\n", out);
    return true;
}
