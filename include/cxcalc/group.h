/*
 * group.h - rows to groups for --by and --period (SPEC §4).
 *
 * A group is a combination of the by-columns' trimmed texts and, with a
 * period, the period of the row's date.  Groups are numbered in output
 * order: by period (a row without a valid date has a null period, first),
 * then by each key's text bytewise (an empty cell, the null key, first).
 *
 * Ownership: cx_group_build fills a caller-owned struct that
 * cx_group_release frees.
 */
#ifndef CXCALC_GROUP_H
#define CXCALC_GROUP_H

#include <stddef.h>
#include <stdint.h>

#include "cxcalc/calendar.h"
#include "cxcalc/error.h"
#include "cxcalc/table.h"

#define CX_PERIOD_NULL INT64_MIN

struct cx_grouping {
    size_t nby;
    size_t *by_cols;            /* table columns of the --by keys */
    enum cx_period period;
    size_t ngroups;
    uint32_t *row_group;        /* group of each row */
    uint32_t *keys;             /* ngroups × nby interned ids */
    int64_t *period_code;       /* per group; CX_PERIOD_NULL: no date */
};

/*
 * Group the rows of t by the dimension columns by_cols[0..nby) and, when
 * period is not CX_PERIOD_NONE, by the period of time column date_col.
 * With nby == 0 and no period there are no groups.
 */
enum cx_status cx_group_build(struct cx_grouping *g, const struct cx_table *t,
                              const size_t *by_cols, size_t nby,
                              enum cx_period period, long date_col,
                              struct cx_error *err);

void cx_group_release(struct cx_grouping *g);

#endif
