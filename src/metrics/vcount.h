/*
 * vcount.h - a multiset of int64 values as value -> count (an open-addressed
 * hash table), for exact quantiles in memory that grows with the distinct
 * values, not the rows: handle times in whole seconds (or milliseconds of
 * a few thousand distinct lengths) take kilobytes per group where a sorted
 * array of every row took 8 bytes a row.  Merging adds counts, so parts
 * and groups combine exactly.
 */
#ifndef CXCALC_VCOUNT_H
#define CXCALC_VCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "cxcalc/arena.h"
#include "cxcalc/metrics.h"
#include "cxcalc/sketch.h"

struct cx_vcount {
    struct cx_value_count *slot;    /* cap slots; empty when count is 0 */
    size_t cap, used;       /* cap: 0 or a power of two */
    uint64_t n;             /* values added, with their counts */
};

/* Ask for the memory that adding v will touch (a hint, for loops that add
 * many values to many multisets: the lookups' cache misses overlap). */
static inline size_t cx_vcount_slot(int64_t v, size_t cap)
{
    uint64_t h = (uint64_t)v * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 32) & (cap - 1);
}

static inline void cx_vcount_prefetch(const struct cx_vcount *m, int64_t v)
{
#if defined(__GNUC__)
    if (m->cap)
        __builtin_prefetch(&m->slot[cx_vcount_slot(v, m->cap)]);
#else
    (void)m;
    (void)v;
#endif
}

/* Add value v `times` times; 0, or -1 when out of memory. */
int cx_vcount_add(struct cx_vcount *m, int64_t v, uint64_t times);

/* into += from; 0, or -1 when out of memory. */
int cx_vcount_merge(struct cx_vcount *into, const struct cx_vcount *from);

/* The distinct values in ascending order with their counts, into out
 * (room for m->used); returns m->used. */
size_t cx_vcount_sorted(const struct cx_vcount *m, struct cx_value_count *out);

/*
 * The q-quantile of the n values that p[0..np) make, interpolated between
 * the two ranks around q (n - 1) exactly as cx_quantile_sorted (stats.h)
 * does on the values written out in order (n > 0).
 */
double cx_vcount_quantile(const struct cx_value_count *p, size_t np, uint64_t n,
                          double q);

/* The mergeable sketch (sketch.h) of the values p[0..np) make, as
 * cx_sketch_build would make it of them written out in order; 0, or -1
 * when the arena is out of memory. */
int cx_sketch_from_counts(struct cx_sketch *s, const struct cx_value_count *p,
                          size_t np, struct cx_arena *arena);

void cx_vcount_release(struct cx_vcount *m);

#endif
