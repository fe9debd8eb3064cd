/*
 * report.h - the finished report every writer prints: inputs, overall
 * metrics, groups, alerts (SPEC §6), and the three writers.
 *
 * Ownership: the report owns its groups and key texts (an arena);
 * cx_report_release frees them.  Input stats and by-names are borrowed.
 * Writers return CX_OK or CX_ERR_IO (with errno) when the stream fails;
 * they never close it.
 */
#ifndef CXCALC_REPORT_H
#define CXCALC_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cxcalc/arena.h"
#include "cxcalc/error.h"
#include "cxcalc/load.h"
#include "cxcalc/metrics.h"
#include "cxcalc/result.h"

#define CX_MAX_METRICS 8
#define CX_MAX_BY 63
#define CX_ABSENT_PERIOD (UINT64_C(1) << 63)

struct cx_report_group {
    const char **key;           /* nby texts; NULL: the null key */
    uint64_t absent;            /* bit k: by_names[k] is not in this key
                                   (its table has no such column);
                                   CX_ABSENT_PERIOD: nor is the period */
    const char *period;         /* NULL: no date (or no --period) */
    /* nmetrics results and the states they came from; room for cap,
     * in the report's arena (a group holds what it has, not 8 of each:
     * reports can have millions of groups); state is NULL when the
     * report keeps no group states (no_states) */
    struct cx_metric_result *metrics;
    struct cx_mstate *state;
    size_t nmetrics, cap;
};

struct cx_report {
    const struct cx_input_stats *inputs;
    size_t ninputs;
    const char *const *by_names;
    size_t nby;
    bool has_period;
    /* The time zone (--tz; NULL: none given) and the bounds of --since
     * and --until as resolved, local time with its offset (NULL: not
     * given), for the report's "time". */
    const char *zone_name;
    const char *since, *until;
    struct cx_metric_result overall[CX_MAX_METRICS];
    struct cx_mstate overall_state[CX_MAX_METRICS];
    size_t noverall;
    struct cx_report_group *groups;
    size_t ngroups;
    /* The groups' states are not kept (only a --partial run writes them):
     * 408 bytes a group and metric less. */
    bool no_states;
    const char **alerts;
    size_t nalerts;
    struct cx_arena arena;
};

/* --fail-if: a threshold on a metric field, of the overall scope or
 * (any:) of each group. */
enum cx_cmp { CX_LT, CX_LE, CX_GT, CX_GE };

struct cx_threshold {
    const char *text;           /* as given, e.g. "nps<30" (borrowed) */
    char metric[16];            /* "nps" */
    char field[32];             /* "value" unless given as "nps.n" */
    enum cx_cmp cmp;
    double limit;
    bool any;                   /* "any:nps<30": breached by any group */
};

/* Parse "[any:]METRIC[.FIELD]<NUMBER" (also <=, >, >=); false when
 * malformed, when it has another prefix, or when the registry has no such
 * metric or numeric field, with why. */
bool cx_threshold_parse(const char *text, struct cx_threshold *out,
                        char *why, size_t size);

/*
 * Check each threshold against rep and add one alert per breach to
 * rep->alerts, in the order of t.  A plain threshold is checked against
 * the overall metric: a metric the run did not compute, or a null value,
 * is a breach too (a cron job must not pass silently).  An any: threshold
 * is checked against every group that holds the metric, one alert per
 * breaching group naming it; a group suppressed by --min-n is skipped; a
 * metric without groups (or that the run did not compute) is checked as
 * a plain threshold.  Returns the number of alerts added, or -1 when out
 * of memory.
 */
long cx_report_check(struct cx_report *rep, const struct cx_threshold *t,
                     size_t n);

/*
 * The warnings rep's results call for (each metric's cx_metric_def.warn),
 * the overall scope first, then the groups in order; a group is named by
 * its key as COL=VALUE, with its period as period=P ("plan=pro,
 * period=2026-01"; an empty key value is "(empty)").
 */
void cx_report_warn(const struct cx_report *rep, struct cx_warner *w);

void cx_report_init(struct cx_report *rep);
void cx_report_release(struct cx_report *rep);

/* Make room for n groups (zeroed); 0 or -1 when out of memory. */
int cx_report_groups(struct cx_report *rep, size_t n);

/* Room for n metrics in group g (its first nmetrics kept); 0 or -1 when
 * out of memory. */
int cx_report_group_room(struct cx_report *rep, struct cx_report_group *g,
                         size_t n);

/* *s replaced by a copy kept by the report (NULL stays NULL); false when
 * out of memory. */
bool cx_report_keep(struct cx_report *rep, const char **s);

/* The sketch arrays of the AHT states among st[0..n) replaced by copies
 * kept by the report (the arrays they had are the caller's); false when
 * out of memory. */
bool cx_report_keep_sketches(struct cx_report *rep, struct cx_mstate *st,
                             size_t n);

/* A copy of s[0..len) kept by the report; NULL when out of memory. */
char *cx_report_strdup(struct cx_report *rep, const char *s, size_t len);

enum cx_status cx_write_json(const struct cx_report *rep, FILE *out,
                             struct cx_error *err);
/* `width`: the terminal width to fit (at most 100 columns are used). */
enum cx_status cx_write_text(const struct cx_report *rep, FILE *out,
                             int width, struct cx_error *err);
enum cx_status cx_write_csv(const struct cx_report *rep, FILE *out,
                            struct cx_error *err);

#endif
