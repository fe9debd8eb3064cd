/* splitmix.h - the seeded random numbers of the generated-input tests
 * (SplitMix64): set rng_state, then draw.  Header-only, one copy per
 * test executable. */
#ifndef CXCALC_TEST_SPLITMIX_H
#define CXCALC_TEST_SPLITMIX_H

#include <stddef.h>
#include <stdint.h>

static uint64_t rng_state;

static uint64_t rnd64(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* A number in [0, n); 0 when n is 0. */
static size_t rnd(size_t n)
{
    return n ? (size_t)(rnd64() % n) : 0;
}

#endif
