/*
 * sketch.h - a mergeable quantile sketch of non-negative integers (handle
 * times in milliseconds), for percentiles of partial runs merged later.
 *
 * Values fall into logarithmic buckets: bucket i holds (g^(i-1), g^i] with
 * g = (1 + a) / (1 - a), a = CX_SKETCH_ALPHA, and stands for 2 g^i / (g + 1),
 * which is within a relative a of every value in it; 0 has its own count.
 * A sketch is the list of non-empty buckets with their counts, so merging
 * adds counts: merges in any order and grouping give the same sketch.  A
 * quantile interpolates between the two ranks numpy's default would, each
 * replaced by its bucket's value, so it is within a relative a of the
 * exact (numpy) quantile.
 */
#ifndef CXCALC_SKETCH_H
#define CXCALC_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#include "cxcalc/arena.h"

#define CX_SKETCH_ALPHA 0.001

struct cx_sketch {
    uint64_t n;             /* values, zeros included */
    uint64_t zeros;         /* values equal to 0 */
    size_t nb;              /* non-empty buckets */
    const int32_t *index;   /* ascending bucket numbers */
    const uint64_t *count;  /* values per bucket (> 0) */
};

/* The bucket of v > 0, and the value that bucket stands for. */
int32_t cx_sketch_bucket(int64_t v);
double cx_sketch_value(int32_t bucket);

/*
 * The sketch of v[0..n) (ascending, all >= 0), its arrays in arena.
 * Returns 0, or -1 when out of memory.
 */
int cx_sketch_build(struct cx_sketch *s, const int64_t *v, size_t n,
                    struct cx_arena *arena);

/* *into = a + b, the arrays in arena; 0, or -1 when out of memory. */
int cx_sketch_merge(struct cx_sketch *into, const struct cx_sketch *a,
                    const struct cx_sketch *b, struct cx_arena *arena);

/* The q-quantile (0 <= q <= 1) as numpy interpolates it, approximately;
 * s->n must be > 0. */
double cx_sketch_quantile(const struct cx_sketch *s, double q);

#endif
