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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxcalc/calendar.h"
#include "cxcalc/error.h"
#include "cxcalc/table.h"
#include "cxcalc/zone.h"

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
                              enum cx_period period,
                              const struct cx_zone *zone, long date_col,
                              struct cx_error *err);

void cx_group_release(struct cx_grouping *g);

/*
 * The same grouping built incrementally, for rows that arrive in batches
 * (a table reused chunk by chunk, or parts loaded in parallel): each
 * distinct key tuple gets a slot number in order of first appearance;
 * cx_grouper_finish sorts the slots into groups.  A key is nby interned
 * ids followed by the period code as two words (high, low).
 */
#define CX_MAX_GROUP_KEYS 64

/* Days whose period code a grouper remembers (a power of two: more
 * than a year of days, so a year of dates seldom collides). */
#define CX_GROUPER_DAYS 1024

struct cx_grouper {
    size_t nby, width;          /* width = nby + 2 words per key */
    enum cx_period period;
    uint32_t *keys;             /* slot -> key words */
    size_t nslots_used, cap;
    uint32_t *slots;            /* hash table: slot + 1, 0 = free */
    size_t nslots;
    const struct cx_zone *zone;         /* periods are cut in it */
    struct cx_zone_cache zone_cache;
    int64_t day[CX_GROUPER_DAYS];       /* period codes of recent days */
    int64_t day_code[CX_GROUPER_DAYS];
};

/* 0, or -1 when out of memory (nby <= CX_MAX_GROUP_KEYS). */
int cx_grouper_init(struct cx_grouper *m, size_t nby, enum cx_period period,
                    const struct cx_zone *zone);
void cx_grouper_release(struct cx_grouper *m);

/* The slot of a key (added when new), or -1 when out of memory. */
long cx_grouper_key(struct cx_grouper *m, const uint32_t *key);

/* The slot of row r of t, keyed by by_cols[0..nby) and the period of
 * date_col (-1: none). */
long cx_grouper_row(struct cx_grouper *m, const struct cx_table *t,
                    const size_t *by_cols, long date_col, size_t r);

/*
 * Sort the slots into the groups of g (keys, period_code, ngroups), by
 * the key positions use[0..nuse) and, when with_period, the period; ids
 * are strings of `strings`.  rank[slot] receives each slot's group.
 * Slots that differ only in positions left out share a group.  g's other
 * fields are the caller's.
 */
enum cx_status cx_grouper_finish(const struct cx_grouper *m,
                                 const struct cx_intern *strings,
                                 const size_t *use, size_t nuse,
                                 bool with_period, struct cx_grouping *g,
                                 uint32_t *rank, struct cx_error *err);

#endif
