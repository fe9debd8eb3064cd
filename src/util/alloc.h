/*
 * alloc.h - the one allocation wrapper every module uses.
 *
 * Ownership: whoever gets memory from cx_malloc/cx_calloc/cx_realloc
 * releases it with cx_free.  cx_free(NULL) is a no-op.  Tests link their
 * own definitions of these four (tests/unit/alloc_testing.c), which count
 * allocations and can make the Nth one fail.
 */
#ifndef CXCALC_ALLOC_H
#define CXCALC_ALLOC_H

#include <stddef.h>
#include <stdint.h>

void *cx_malloc(size_t size);
void *cx_calloc(size_t count, size_t size);
void *cx_realloc(void *ptr, size_t size);
void cx_free(void *ptr);

/* Grow *items (element size `size`) so it holds at least `need` elements,
 * doubling from `min_cap`.  Returns 0, or -1 (nothing changed) when out of
 * memory or the size would overflow. */
int cx_grow(void **items, size_t *cap, size_t need, size_t size,
            size_t min_cap);

#endif
