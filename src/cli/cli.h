/*
 * cli.h - the command line: argv -> options (unit-testable, no output),
 * and the one entry point main() calls.  Only this layer touches argv,
 * stdout/stderr, isatty and exit statuses.
 */
#ifndef CXCALC_CLI_H
#define CXCALC_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "cxcalc/app.h"

/* Exit statuses (SPEC §5). */
enum {
    CX_EXIT_OK = 0,
    CX_EXIT_FAILURE = 1,    /* input or output error */
    CX_EXIT_USAGE = 2,
    CX_EXIT_ALERT = 3       /* a --fail-if threshold was crossed */
};

/* The commands; the metric commands are the registry's (registry.h). */
enum cx_command {
    CX_CMD_NONE, CX_CMD_HELP, CX_CMD_VERSION, CX_CMD_METRIC,
    CX_CMD_REPORT, CX_CMD_COLUMNS, CX_CMD_MERGE, CX_CMD_PARTITION
};

struct cx_cli {
    enum cx_command cmd;
    const struct cx_metric_def *metric;     /* CX_CMD_METRIC */
    const char *help_on;    /* CX_CMD_HELP: the command asked about */
    struct cx_run_options run;
    enum cx_format format;
    bool format_set;
    const char *output;
    bool quiet;
    const char *csat_satisfied;     /* applied after --csat-scale */
    int sat_lo, sat_hi;
    /* --since, --until, --calibration-end and --tz, resolved once all
     * options are read (a relative date needs the zone) */
    const char *since_arg, *until_arg, *cal_end_arg, *tz_name;
    struct cx_zone *zone;   /* owned; NULL: UTC */
    bool horizon_given;     /* --horizon: the model's, or the formula's
                               once the inputs say which CLV it is */
    /* storage the options point into (owned) */
    const char **files;
    size_t nfiles;
    const char **by;
    size_t nby;
    struct cx_col_override *overrides;
    size_t noverrides;
    struct cx_where *where;
    size_t nwhere;
    const char **names;     /* --names */
    size_t nnames;
    bool no_header;         /* --header-rows 0 */
    char **copies;          /* strings split out of arguments */
    size_t ncopies;
    const char **tfiles[CX_TABLE_KIND_COUNT];   /* report: inputs by kind */
    size_t ntfiles[CX_TABLE_KIND_COUNT];
    struct cx_threshold *thresholds;            /* --fail-if */
    size_t nthresholds;
    char **argv_copy;       /* report: argv with table files spelled out */
    struct cx_label_map labels[CX_ROLE_COUNT];  /* --labels */
    struct cx_arena arena;  /* their labels */
    /* partition */
    size_t parts;
    const char *key;
    const char *out_dir;
};

/*
 * Parse argv (argv[0] is the program).  Returns CX_EXIT_OK, or
 * CX_EXIT_USAGE with a one-line message in msg.  Release c afterwards
 * either way.
 */
int cx_cli_parse(struct cx_cli *c, int argc, char **argv, char *msg,
                 size_t msg_size);
void cx_cli_release(struct cx_cli *c);

/* Run cxcalc; returns the exit status. */
int cx_cli_main(int argc, char **argv);

#endif
