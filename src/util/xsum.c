/* xsum.c - exact sums of doubles in fixed point (see xsum.h). */
#include "cxcalc/xsum.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#define MASK INT64_C(0xffffffff)
#define LOW_BIT 96              /* the sum's lowest bit is 2^-LOW_BIT */
#define MAX_EXP 126             /* terms below 2^MAX_EXP in size */
#define RENORMALISE (1u << 28)  /* adds of < 2^33 per limb before a carry */

void cx_xsum_add(struct cx_xsum *s, double x)
{
    if (x == 0)
        return;
    if (!isfinite(x) || fabs(x) >= ldexp(1, MAX_EXP)) {
        s->overflow = true;
        return;
    }
    int e;
    double f = frexp(fabs(x), &e);          /* |x| = f 2^e, f in [0.5, 1) */
    uint64_t m = (uint64_t)ldexp(f, 53);    /* exact: |x| = m 2^(e - 53) */
    int p = e - 53 + LOW_BIT;               /* m's lowest bit, from limb 0 */
    if (p < 0) {
        if (p <= -53)
            return;                         /* all below 2^-96 */
        m >>= -p;
        p = 0;
    }
    int i = p / 32, sh = p % 32;            /* i <= 5: p < 170 */
    uint64_t lo = (m & (uint64_t)MASK) << sh, hi = (m >> 32) << sh;
    int64_t a0 = (int64_t)(lo & (uint64_t)MASK);
    int64_t a1 = (int64_t)((lo >> 32) + (hi & (uint64_t)MASK));
    int64_t a2 = (int64_t)(hi >> 32);
    if (x < 0) {
        a0 = -a0;
        a1 = -a1;
        a2 = -a2;
    }
    s->limb[i] += a0;
    s->limb[i + 1] += a1;
    s->limb[i + 2] += a2;
    if (++s->pending >= RENORMALISE)
        cx_xsum_normalise(s);
}

void cx_xsum_normalise(struct cx_xsum *s)
{
    for (int i = 0; i + 1 < CX_XSUM_LIMBS; i++) {
        int64_t low = s->limb[i] & MASK;    /* two's complement low bits */
        s->limb[i + 1] += (s->limb[i] - low) / (MASK + 1);
        s->limb[i] = low;
    }
    s->pending = 0;
}

void cx_xsum_merge(struct cx_xsum *into, const struct cx_xsum *from)
{
    /* Limb by limb, as if from's terms had been added to into: the same
     * limbs as one sum of all terms, until a carry is due. */
    struct cx_xsum f = *from;
    if ((uint64_t)into->pending + f.pending >= RENORMALISE) {
        cx_xsum_normalise(&f);
        cx_xsum_normalise(into);
    }
    bool any = false;
    for (int i = 0; i < CX_XSUM_LIMBS; i++) {
        into->limb[i] += f.limb[i];
        any = any || f.limb[i] != 0;
    }
    /* normalised limbs (< 2^32 each) count as one term */
    into->pending += f.pending ? f.pending : any;
    into->overflow = into->overflow || f.overflow;
}

double cx_xsum_value(const struct cx_xsum *s)
{
    if (s->overflow)
        return NAN;
    struct cx_xsum n = *s;
    cx_xsum_normalise(&n);
    bool negative = n.limb[CX_XSUM_LIMBS - 1] < 0;
    if (negative) {             /* the magnitude, limbs all >= 0 */
        for (int i = 0; i < CX_XSUM_LIMBS; i++)
            n.limb[i] = -n.limb[i];
        cx_xsum_normalise(&n);
    }
    int t = CX_XSUM_LIMBS - 1;
    while (t >= 0 && n.limb[t] == 0)
        t--;
    if (t < 0)
        return 0;
    /* The top 64 bits, from the highest set bit, with every bit below
     * them folded into the last (sticky): converting that to a double
     * rounds the whole sum once, to nearest. */
    uint64_t top = (uint64_t)n.limb[t];     /* < 2^32: sums < 2^190 */
    uint64_t l1 = t >= 1 ? (uint64_t)n.limb[t - 1] : 0;
    uint64_t l2 = t >= 2 ? (uint64_t)n.limb[t - 2] : 0;
    int z = __builtin_clzll(top) - 32;      /* leading zeros in 32 bits */
    uint64_t x = top << (32 + z) | l1 << z | (z ? l2 >> (32 - z) : 0);
    bool sticky = (z ? l2 & ((UINT64_C(1) << (32 - z)) - 1) : l2) != 0;
    for (int i = 0; i < t - 2; i++)
        sticky = sticky || n.limb[i] != 0;
    double v = ldexp((double)(x | sticky), 32 * (t - 1) - z - LOW_BIT);
    return negative ? -v : v;
}
