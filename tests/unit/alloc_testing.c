/* alloc_testing.c - a counting allocation wrapper with failure injection,
 * linked into the tests that use it (see alloc_testing.h). */
#include "alloc_testing.h"

#include <stdatomic.h>
#include <stdlib.h>

static atomic_uint_fast64_t n_allocs;
static atomic_long fail_budget = -1;

/* Nonzero when failure injection says this allocation must fail. */
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

static void *counted(void *p)
{
    if (p)
        atomic_fetch_add(&n_allocs, 1);
    return p;
}

void *cx_malloc(size_t size)
{
    return must_fail() ? NULL : counted(malloc(size ? size : 1));
}

void *cx_calloc(size_t count, size_t size)
{
    return must_fail() ? NULL
                       : counted(calloc(count ? count : 1, size ? size : 1));
}

void *cx_realloc(void *ptr, size_t size)
{
    return must_fail() ? NULL : counted(realloc(ptr, size ? size : 1));
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
