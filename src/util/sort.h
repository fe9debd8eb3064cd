/*
 * sort.h - sorting with a context for the comparison, so that a comparator
 * needs no file-scope state and sorts may run at the same time.
 */
#ifndef CXCALC_SORT_H
#define CXCALC_SORT_H

#include <stddef.h>

/* Compare *a with *b (elements of the array being sorted): negative, zero
 * or positive, as for qsort; ctx is the one given to cx_sort. */
typedef int cx_cmp_fn(const void *a, const void *b, void *ctx);

/* Sort base[0..n) (elements of `size` bytes) in place by cmp.  Not stable:
 * elements that compare equal may come in any order. */
void cx_sort(void *base, size_t n, size_t size, cx_cmp_fn *cmp, void *ctx);

#endif
