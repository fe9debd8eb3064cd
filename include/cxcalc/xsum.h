/*
 * xsum.h - an exact sum of doubles, so that a sum does not depend on the
 * order of its terms: rows read in any order, parts merged in any order
 * or grouping give the same bits.
 *
 * The sum is kept as a fixed-point integer of 32-bit limbs with its lowest
 * bit worth 2^-96; a term's bits below 2^-96 are dropped (truncated toward
 * zero, the same for a term wherever it is added), and a term of 2^126 or
 * more in size (or not finite) makes the sum unknown.  Room: 2^64 terms.
 */
#ifndef CXCALC_XSUM_H
#define CXCALC_XSUM_H

#include <stdbool.h>
#include <stdint.h>

#define CX_XSUM_LIMBS 10

struct cx_xsum {
    int64_t limb[CX_XSUM_LIMBS];    /* sum = Σ limb[i] 2^(32 i - 96) */
    uint32_t pending;               /* adds since limbs were normalised */
    bool overflow;                  /* a term too large or not finite */
};

void cx_xsum_add(struct cx_xsum *s, double x);
void cx_xsum_merge(struct cx_xsum *into, const struct cx_xsum *from);

/* Carry so that limbs 0..8 are in [0, 2^32) and limb 9 holds the sign:
 * one value, one set of limbs. */
void cx_xsum_normalise(struct cx_xsum *s);

/* The sum rounded once to the nearest double; NaN when unknown. */
double cx_xsum_value(const struct cx_xsum *s);

#endif
