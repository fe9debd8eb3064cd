/* alloc.c - the allocation wrapper (see alloc.h). */
#include "util/alloc.h"

#include <stdlib.h>

void *cx_malloc(size_t size)
{
    return malloc(size ? size : 1);
}

void *cx_calloc(size_t count, size_t size)
{
    return calloc(count ? count : 1, size ? size : 1);
}

void *cx_realloc(void *ptr, size_t size)
{
    return realloc(ptr, size ? size : 1);
}

void cx_free(void *ptr)
{
    free(ptr);
}
