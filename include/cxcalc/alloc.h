/*
 * alloc.h - the one allocation wrapper every module uses.
 *
 * Ownership: whoever gets memory from cx_malloc/cx_calloc/cx_realloc
 * releases it with cx_free.  cx_free(NULL) is a no-op.  The wrapper counts
 * successful allocations so tests can check that the hot path allocates
 * per column, not per cell, and can make the Nth allocation fail.
 */
#ifndef CXCALC_ALLOC_H
#define CXCALC_ALLOC_H

#include <stddef.h>
#include <stdint.h>

void *cx_malloc(size_t size);
void *cx_calloc(size_t count, size_t size);
void *cx_realloc(void *ptr, size_t size);
void cx_free(void *ptr);

/* Number of successful cx_malloc/cx_calloc/cx_realloc calls so far. */
uint64_t cx_alloc_count(void);

/*
 * Test hook: make every allocation after the next `n` fail (returns NULL).
 * A negative n turns failure injection off again.
 */
void cx_alloc_fail_after(long n);

/* Grow *items (element size `size`) so it holds at least `need` elements,
 * doubling from `min_cap`.  Returns 0, or -1 (nothing changed) when out of
 * memory or the size would overflow. */
int cx_grow(void **items, size_t *cap, size_t need, size_t size,
            size_t min_cap);

#endif
