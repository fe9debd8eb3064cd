/*
 * common.h - steps every command shares: loading its inputs, naming the
 * groups in the report, --min-n.  Internal to the app layer.
 */
#ifndef CXCALC_APP_COMMON_H
#define CXCALC_APP_COMMON_H

#include "cxcalc/app.h"
#include "cxcalc/table.h"
#include "metrics/group.h"

/* Load o->files (stdin when none) into t, with --weight as an override of
 * the weight role; stats holds one entry per input. */
enum cx_status cx_app_load(struct cx_table *t, const struct cx_run_options *o,
                           struct cx_input_stats *stats,
                           struct cx_error *err);

/* What receives the rows loaded streaming (cx_load_options.chunk). */
typedef enum cx_status (*cx_app_chunk_fn)(void *ctx, struct cx_table *t,
                                          struct cx_error *e);

/*
 * Load the inputs streaming: rows reach `chunk` in batches, in parts[0]'s
 * table and context, or, for a large regular file, spread over the parts
 * loaded at once (each its own table and context).  With chunk NULL, the
 * inputs are loaded whole into parts[0]'s table.
 */
enum cx_status cx_app_load_parts(const struct cx_load_part *parts,
                                 size_t nparts, cx_app_chunk_fn chunk,
                                 const struct cx_run_options *o,
                                 struct cx_input_stats *stats,
                                 struct cx_error *err);

/* A column the inputs filled (any part's table) with more than
 * o->max_invalid of its values invalid: the error naming it, its first
 * file and line, counts, most frequent invalid values and the likely
 * fix. */
enum cx_status cx_app_check_invalid(const struct cx_load_part *parts,
                                    size_t nparts,
                                    const struct cx_run_options *o,
                                    struct cx_error *err);

/* The number of parts for o->threads (0: the online cores, at most 16). */
size_t cx_app_threads(const struct cx_run_options *o);

/* What the rows of a table are grouped by: the --by columns (by_cols,
 * one per o->by) and `period` of the time column date_col (-1: none). */
struct cx_app_keys {
    const struct cx_table *t;
    const size_t *by_cols;
    enum cx_period period;
    long date_col;
};

/*
 * Group the rows of k->t by the --by columns some input had and by the
 * period; size rep->groups to match and fill each group's key texts and
 * period.  A --by column no input had (possible only in `report`) is left
 * out of the keys.
 */
enum cx_status cx_app_group(struct cx_grouping *g, struct cx_report *rep,
                            const struct cx_app_keys *k,
                            const struct cx_run_options *o,
                            struct cx_error *err);

/* The same from rows grouped incrementally by gr, whose keys are the
 * o->nby --by columns (strings of k->t) and the period; rank receives
 * each slot's group. */
enum cx_status cx_app_group_slots(struct cx_grouping *g,
                                  struct cx_report *rep,
                                  const struct cx_app_keys *k,
                                  const struct cx_grouper *gr, uint32_t *rank,
                                  const struct cx_run_options *o,
                                  struct cx_error *err);

/* Fill the report's inputs, by-names and period flag. */
/* The zone and the resolved --since/--until, into rep. */
void cx_app_describe_dates(struct cx_report *rep,
                           const struct cx_run_options *o);
void cx_app_describe(struct cx_report *rep, const struct cx_run_options *o,
                     const struct cx_input_stats *stats);

/* Group order across tables and states: period (none first), then each
 * --by key in turn: not in the key, then null, then text bytewise. */
int cx_app_cmp_keys(const struct cx_report_group *a,
                    const struct cx_report_group *b, size_t nby);

/* --min-n: suppress each metric of a group whose n is below min_n. */
void cx_app_suppress(struct cx_report_group *rg, uint64_t min_n);

#endif
