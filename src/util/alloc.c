/* alloc.c - counting allocation wrapper (see alloc.h). */
#include "cxcalc/alloc.h"

#include <stdatomic.h>
#include <stdlib.h>

static atomic_uint_fast64_t n_allocs;
static atomic_long fail_budget = -1;

/* Returns nonzero when failure injection says this allocation must fail. */
static int must_fail(void)
{
    long left = atomic_load(&fail_budget);
    if (left < 0)
        return 0;
    if (left == 0)
        return 1;
    atomic_fetch_sub(&fail_budget, 1);
    return 0;
}

void *cx_malloc(size_t size)
{
    if (must_fail())
        return NULL;
    void *p = malloc(size ? size : 1);
    if (p)
        atomic_fetch_add(&n_allocs, 1);
    return p;
}

void *cx_calloc(size_t count, size_t size)
{
    if (must_fail())
        return NULL;
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (p)
        atomic_fetch_add(&n_allocs, 1);
    return p;
}

void *cx_realloc(void *ptr, size_t size)
{
    if (must_fail())
        return NULL;
    void *p = realloc(ptr, size ? size : 1);
    if (p)
        atomic_fetch_add(&n_allocs, 1);
    return p;
}

void cx_free(void *ptr)
{
    free(ptr);
}

uint64_t cx_alloc_count(void)
{
    return atomic_load(&n_allocs);
}

void cx_alloc_fail_after(long n)
{
    atomic_store(&fail_budget, n < 0 ? -1 : n);
}

int cx_grow(void **items, size_t *cap, size_t need, size_t size,
            size_t min_cap)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : min_cap;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / size)
        return -1;
    void *p = cx_realloc(*items, ncap * size);
    if (!p)
        return -1;
    *items = p;
    *cap = ncap;
    return 0;
}
