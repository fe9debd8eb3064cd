/*
 * optable.h - every command-line option and every command, described
 * once: the parser builds getopt's table from it, checks that the command
 * takes each option given, and `cxcalc help [COMMAND]` prints from it.
 * Internal to the CLI layer.
 */
#ifndef CXCALC_CLI_OPTABLE_H
#define CXCALC_CLI_OPTABLE_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"

/* Option keys beyond the short letters. */
enum {
    OPT_BY = 256, OPT_PERIOD, OPT_WEIGHT, OPT_CONFIDENCE, OPT_CSAT_SCALE,
    OPT_CSAT_SATISFIED, OPT_CES_SCALE, OPT_CES_LOW, OPT_SINCE, OPT_UNTIL,
    OPT_WHERE, OPT_MIN_N, OPT_COL, OPT_STRICT, OPT_SKIP_BAD, OPT_DEC_COMMA,
    OPT_MAX_FIELD, OPT_MAX_COLUMNS, OPT_VERSION, OPT_FCR_METHOD,
    OPT_FCR_WINDOW, OPT_CHURN_METHOD, OPT_MARGIN, OPT_DISCOUNT, OPT_ARPU,
    OPT_CHURN_RATE, OPT_FAIL_IF, OPT_HEADER_ROWS, OPT_CAL_END,
    OPT_TIME_UNIT, OPT_HORIZON, OPT_PER_CUSTOMER, OPT_SURVEYS,
    OPT_INTERACTIONS, OPT_CUSTOMERS, OPT_TRANSACTIONS, OPT_THREADS,
    OPT_PARTIAL, OPT_PARTITIONED_BY, OPT_PARTS, OPT_KEY, OPT_OUT,
    OPT_LABELS, OPT_MAX_INVALID, OPT_HANDLED, OPT_ABANDONED, OPT_NAMES,
    OPT_PAD_SHORT, OPT_TZ, OPT_DATE_FORMAT, OPT_ENCODING, OPT_SHEET
};

/* Which commands take an option (bits). */
enum {
    AT_METRICS = 1u << 0,   /* every metric command, and report */
    AT_OWN = 1u << 1,       /* the metrics whose registry entry lists it */
    AT_REPORT = 1u << 2,
    AT_COLUMNS = 1u << 3,
    AT_MERGE = 1u << 4,
    AT_PARTITION = 1u << 5,
    AT_ANY = (1u << 6) - 1
};

/* The headings options are listed under. */
enum cx_opt_section {
    SEC_GENERAL, SEC_OUTPUT, SEC_GROUP, SEC_METRIC, SEC_INPUT, SEC_SCALE,
    SEC_TABLES, SEC_PARTITION, SEC_COUNT
};

struct cx_opt_def {
    const char *name;           /* the long name */
    int key;                    /* a letter, or OPT_* */
    bool has_arg;
    unsigned at;                /* AT_* */
    enum cx_opt_section section;
    const char *arg;            /* the value's name in help */
    const char *help;           /* one line, at most 52 columns */
};

/* The options, ended by {NULL}: at most CX_OPT_MAX. */
#define CX_OPT_MAX 64
extern const struct cx_opt_def cx_opt_defs[];

/* The option with key `key`, or NULL. */
const struct cx_opt_def *cx_opt_find(int key);

/* The commands that are not metrics (metrics come from the registry). */
struct cx_command_def {
    const char *name;
    enum cx_command cmd;
    unsigned at;                /* the AT_* bit of its options */
    const char *usage;          /* after "cxcalc " */
    const char *summary;
};

/* A command by name: a metric's (*metric set) or a built-in one; false
 * when there is none. */
bool cx_command_find(const char *name, enum cx_command *cmd,
                     const struct cx_metric_def **metric);

/* Command `cmd` (with `metric` for CX_CMD_METRIC) takes option d. */
bool cx_command_takes(enum cx_command cmd, const struct cx_metric_def *metric,
                      const struct cx_opt_def *d);

/* Print the help: of every command (name NULL) or of one; false when
 * there is no such command. */
bool cx_cli_help(FILE *out, const char *name);

#endif
