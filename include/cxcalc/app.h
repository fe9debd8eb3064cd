/*
 * app.h - the commands as library calls: load the inputs, compute the
 * metrics, build the report; write it where the user asked.  The CLI only
 * turns argv into a struct cx_run_options and prints what comes back.
 */
#ifndef CXCALC_APP_H
#define CXCALC_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "cxcalc/calendar.h"
#include "cxcalc/dialect.h"
#include "cxcalc/load.h"
#include "cxcalc/metrics.h"
#include "cxcalc/registry.h"
#include "cxcalc/report.h"
#include "cxcalc/roles.h"

enum cx_format { CX_FORMAT_JSON, CX_FORMAT_TEXT, CX_FORMAT_CSV };

struct cx_run_options {
    unsigned metrics;               /* CX_METRIC_* bits */
    struct cx_metric_opts m;        /* what shapes the numbers */
    const char *const *files;       /* "-" is stdin; none: stdin */
    size_t nfiles;
    const char *const *by;          /* --by columns */
    size_t nby;
    uint64_t min_n;                 /* 0: no suppression */
    /* clv --transactions: the model method */
    const char *const *transactions;
    size_t ntransactions;
    const char *zone_name;          /* --tz or CXCALC_TZ (NULL: UTC) */
    bool has_calibration_end;
    int64_t calibration_end_ms;
    double unit_days;               /* --time-unit: 7 (week), 1, 30.4375 */
    int horizon_steps;              /* --horizon 12m: 12 */
    double step_days;               /*                 30.4375 */
    const char *horizon;            /* as given, for the report */
    const char *per_customer;       /* --per-customer FILE */
    /* `report`: the inputs of each kind of table */
    const char *const *table_files[CX_TABLE_KIND_COUNT];
    size_t table_nfiles[CX_TABLE_KIND_COUNT];
    struct cx_load_options load;    /* overrides, filters, strictness */
    double max_invalid;             /* a column with a larger share of
                                       invalid values fails the run (0.5;
                                       1: never) */
    const char *command;            /* "nps", ..., "report" (states) */
    size_t threads;                 /* survey inputs: parse a large file
                                       in this many parts at once (0: one
                                       per online core; 1: no threads) */
};

/* Defaults: cx_metric_opts_init's, and the CLV model's 12 months in
 * weeks. */
void cx_run_options_init(struct cx_run_options *o);

/*
 * Run the metrics of o->metrics that read tables of `kind` (survey or
 * interactions: the registry's pipeline, src/app/run.c) over o->files
 * into rep (initialised by the caller; released by the caller also on
 * failure).  `stats` must hold o->nfiles (at least 1) entries and outlive
 * rep.
 */
enum cx_status cx_app_run(const struct cx_run_options *o,
                          enum cx_table_kind kind,
                          struct cx_input_stats *stats,
                          struct cx_report *rep, struct cx_error *err);

/*
 * Run churn and/or CLV (o->metrics) over customer tables; same contract
 * as cx_app_run.
 */
enum cx_status cx_app_customers(const struct cx_run_options *o,
                                struct cx_input_stats *stats,
                                struct cx_report *rep,
                                struct cx_error *err);

/*
 * `report`: every metric the given tables allow, in one report; each
 * metric object is what its own command prints, and groups of different
 * tables with the same key are one group.  `stats` holds one entry per
 * input of every table.
 */
enum cx_status cx_app_report(const struct cx_run_options *o,
                             struct cx_input_stats *stats,
                             struct cx_report *rep, struct cx_error *err);

/*
 * `clv --transactions`: BG/NBD and Gamma-Gamma fitted on the transactions
 * up to the calibration end, CLV per customer over the horizon (SPEC §3),
 * the mean and total in the report, per customer in o->per_customer.
 */
enum cx_status cx_app_clv_model(const struct cx_run_options *o,
                                struct cx_input_stats *stats,
                                struct cx_report *rep, struct cx_error *err);

/*
 * `--partial`: write rep's metric states with the options of o that shaped
 * them, as a state file (state.h) to `path` (NULL or "-": stdout; else
 * atomically).
 */
enum cx_status cx_app_write_state(const struct cx_report *rep,
                                  const struct cx_run_options *o,
                                  const char *path, struct cx_error *err);

struct cx_state_opts;

/* The same with the options given as a state's (`merge --partial`). */
enum cx_status cx_app_write_state_as(const struct cx_report *rep,
                                     const struct cx_state_opts *so,
                                     const char *path, struct cx_error *err);

/*
 * `cxcalc merge`: read the states in paths ("-": stdin; a file may hold
 * several, one per line), check that they were made alike, and merge
 * them into rep (initialised by the caller, released by the caller also
 * on failure) as one run over all their inputs would report it; --min-n
 * applies now.  The result does not depend on the order of the states.
 * `so` receives the states' options (kept in rep), to write the merged
 * states as one state again.
 */
enum cx_status cx_app_merge(const char *const *paths, size_t npaths,
                            uint64_t min_n, struct cx_report *rep,
                            struct cx_state_opts *so, struct cx_error *err);

/* `cxcalc partition`: what to cut and how. */
#define CX_MAX_PARTS 1000

struct cx_partition_options {
    const char *path;               /* "-": stdin */
    const char *display;            /* its name in messages */
    size_t nparts;                  /* 1..CX_MAX_PARTS */
    const char *key;                /* a column name, or NULL */
    const char *out_dir;            /* made when missing */
    struct cx_reader_config reader;
    size_t header_rows;             /* 0: detect the layout */
};

struct cx_partition_result {
    const char *const *paths;       /* the parts written, owned */
    size_t nparts;
    uint64_t records;               /* data records */
    size_t header_rows;             /* copied into every part */
};

/*
 * Cut an export into po->nparts CSV files DIR/part-001.csv... at record
 * boundaries (quoted line breaks stay inside their field), each starting
 * with the export's header rows (Qualtrics' three, SurveyMonkey's two).
 * With a key, a record goes to the part its key's stable hash picks, so
 * all records of a customer are in one part; without, a regular file is
 * cut into runs of consecutive records of nearly equal count, and stdin
 * is dealt round-robin.  Parts are written under temporary names and
 * renamed when all are complete.  Release res with
 * cx_partition_result_release.
 */
enum cx_status cx_app_partition(const struct cx_partition_options *po,
                                struct cx_partition_result *res,
                                struct cx_error *err);
void cx_partition_result_release(struct cx_partition_result *res);

/*
 * --partial without --partitioned-by: when every interactions input of o
 * is a part listed, at its size, in the cxcalc-partition.json that
 * `partition --key` left beside it, with one key for all, set
 * o->partitioned_by to that key (copied into key[0..size)).
 */
void cx_app_detect_partition(struct cx_run_options *o, char *key,
                             size_t size);

/* Write rep in `format` to `path` (NULL or "-": stdout; else atomically). */
enum cx_status cx_app_write(const struct cx_report *rep,
                            enum cx_format format, const char *path,
                            int width, struct cx_error *err);

/* What `cxcalc columns` reports about one file. */
struct cx_columns_info {
    char delim;
    bool bom, sep_line, utf16;
    const char *container;      /* "gzip", "zstd", "xz", "bzip2", "zip"
                                   (an .xlsx sheet) or "": static */
    const char *encoding;       /* --encoding, or NULL; borrowed */
    enum cx_layout layout;
    size_t header_rows;
    size_t ncols;
    const char **names;                         /* header, borrowed */
    const char **questions;                     /* NULL or question row */
    struct cx_role_match roles[CX_TABLE_KIND_COUNT][CX_ROLE_COUNT];
    struct cx_error ambiguity[CX_TABLE_KIND_COUNT]; /* status != CX_OK */
    bool *is_role;                              /* per column */
    /* What the first rows say of the survey score columns (nps, csat,
     * ces): "" when they fit, else why the column is not used or which
     * answer labels it holds. */
    char score_note[CX_ROLE_CES + 1][400];
    /* Per column: how a date role's column reads ("dates read as
     * M/D/YYYY"), from its first values; NULL for other columns. */
    const char **date_note;
    struct cx_header header;                    /* owns names */
};

/* Inspect the header of `path` (or, with `names`, take those: the file
 * has no header row); release with cx_columns_release. */
enum cx_status cx_app_columns(const char *path,
                              const struct cx_reader_config *cfg,
                              size_t header_rows, const char *const *names,
                              size_t nnames,
                              const struct cx_col_override *ov, size_t nov,
                              struct cx_columns_info *info,
                              struct cx_error *err);
void cx_columns_release(struct cx_columns_info *info);

#endif
