/* sort.c - sorting with a context (see sort.h): glibc's qsort_r, the only
 * file built with _GNU_SOURCE. */
#define _GNU_SOURCE
#include "util/sort.h"

#include <stdlib.h>

void cx_sort(void *base, size_t n, size_t size, cx_cmp_fn *cmp, void *ctx)
{
    if (n > 1)
        qsort_r(base, n, size, cmp, ctx);
}
