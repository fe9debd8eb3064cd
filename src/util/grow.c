/* grow.c - growing arrays by doubling (see alloc.h). */
#include "util/alloc.h"

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
