/* alloc_testing.h - the allocation wrapper of the tests that count
 * allocations or make them fail: alloc_testing.c defines cx_malloc,
 * cx_calloc, cx_realloc and cx_free in the test program, in place of the
 * library's src/util/alloc.c. */
#ifndef CXCALC_ALLOC_TESTING_H
#define CXCALC_ALLOC_TESTING_H

#include <stdint.h>

#include "util/alloc.h"

/* Number of successful cx_malloc/cx_calloc/cx_realloc calls so far. */
uint64_t cx_alloc_count(void);

/* Make every allocation after the next `n` fail (returns NULL); a
 * negative n turns failure injection off again. */
void cx_alloc_fail_after(long n);

#endif
