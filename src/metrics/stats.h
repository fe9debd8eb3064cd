/*
 * stats.h - statistics helpers shared by the metrics.  Pure functions.
 */
#ifndef CXCALC_STATS_H
#define CXCALC_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* z of the standard normal for a two-sided confidence level in (0, 1):
 * 0.95 -> 1.959963984540054.  Returns NaN outside (0, 1). */
double cx_z_for_confidence(double confidence);

/*
 * Wilson (1927) score interval of a proportion successes/n, in percent
 * (0-100).  n must be > 0.
 */
void cx_wilson(uint64_t successes, uint64_t n, double z, double *low,
               double *high);

/* Sample variance from integer sums: n >= 2. */
double cx_sample_variance(uint64_t n, uint64_t sum, uint64_t sumsq);

/* The q-quantile (0..1) of sorted x[0..n), n > 0, by linear
 * interpolation between closest ranks (numpy's default "linear"):
 * h = (n - 1) q, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). */
double cx_quantile_sorted(const int64_t *x, size_t n, double q);

/* Sort x[0..n) ascending, using tmp[0..n) as scratch (an LSD radix sort:
 * linear in n, for the handle times behind medians and percentiles). */
void cx_sort_i64(int64_t *x, size_t n, int64_t *tmp);

/* Clamp v to [lo, hi]. */
double cx_clamp(double v, double lo, double hi);

#endif
