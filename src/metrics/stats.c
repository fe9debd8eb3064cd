/* stats.c - statistics helpers (see stats.h). */
#include "metrics/stats.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#define SQRT2 1.41421356237309504880
#define SQRT_2PI 2.50662827463100050242

double cx_z_for_confidence(double confidence)
{
    if (!(confidence > 0 && confidence < 1))
        return NAN;
    /* Solve Q(z) = (1 - confidence) / 2 with Q the upper normal tail,
     * Q(z) = erfc(z / sqrt 2) / 2, by Newton's method from z = 0.  Q is
     * convex for z > 0, so the iterates rise monotonically to the root;
     * working on the small tail keeps full relative precision. */
    const double q = (1 - confidence) / 2;
    double z = 0;
    for (int i = 0; i < 200; i++) {
        double f = 0.5 * erfc(z / SQRT2) - q;
        double pdf = exp(-0.5 * z * z) / SQRT_2PI;
        double step = f / pdf;
        z += step;
        if (fabs(step) < 1e-16 * (1 + fabs(z)))
            break;
    }
    return z;
}

void cx_wilson(uint64_t successes, uint64_t n, double z, double *low,
               double *high)
{
    double nn = (double)n;
    double p = (double)successes / nn;
    double z2 = z * z;
    double denom = 1 + z2 / nn;
    double centre = (p + z2 / (2 * nn)) / denom;
    double half = z * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denom;
    *low = cx_clamp(100 * (centre - half), 0, 100);
    *high = cx_clamp(100 * (centre + half), 0, 100);
}

double cx_sample_variance(uint64_t n, uint64_t sum, uint64_t sumsq)
{
    /* (n Σx² − (Σx)²) / (n (n − 1)), in long double so the difference of
     * large sums keeps its digits. */
    long double ln = (long double)n;
    long double num = ln * (long double)sumsq
                    - (long double)sum * (long double)sum;
    if (num < 0)
        num = 0;
    return (double)(num / (ln * (ln - 1)));
}

double cx_clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

double cx_quantile_sorted(const int64_t *x, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)h;
    if (lo + 1 >= n)
        return (double)x[n - 1];
    double frac = h - (double)lo;
    return (double)x[lo] + frac * (double)(x[lo + 1] - x[lo]);
}

/* Radix digits of 11 bits: six passes cover 64 bits, and a pass whose
 * digit is the same in every value is skipped. */
#define RADIX_BITS 11
#define RADIX_SIZE ((size_t)1 << RADIX_BITS)
#define RADIX_PASSES ((64 + RADIX_BITS - 1) / RADIX_BITS)

static uint64_t radix_key(int64_t v)
{
    return (uint64_t)v ^ ((uint64_t)1 << 63);   /* order as unsigned */
}

void cx_sort_i64(int64_t *x, size_t n, int64_t *tmp)
{
    if (n < 64) {
        for (size_t i = 1; i < n; i++) {
            int64_t v = x[i];
            size_t j = i;
            for (; j > 0 && x[j - 1] > v; j--)
                x[j] = x[j - 1];
            x[j] = v;
        }
        return;
    }
    static_assert(RADIX_PASSES * RADIX_BITS >= 64, "digits cover 64 bits");
    size_t count[RADIX_PASSES][RADIX_SIZE];
    memset(count, 0, sizeof count);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = radix_key(x[i]);
        for (int d = 0; d < RADIX_PASSES; d++)
            count[d][(k >> (d * RADIX_BITS)) & (RADIX_SIZE - 1)]++;
    }
    int64_t *from = x, *to = tmp;
    for (int d = 0; d < RADIX_PASSES; d++) {
        size_t *c = count[d];
        unsigned shift = (unsigned)(d * RADIX_BITS);
        if (c[(radix_key(from[0]) >> shift) & (RADIX_SIZE - 1)] == n)
            continue;                       /* one digit: nothing moves */
        size_t sum = 0;
        for (size_t b = 0; b < RADIX_SIZE; b++) {
            size_t k = c[b];
            c[b] = sum;
            sum += k;
        }
        for (size_t i = 0; i < n; i++)
            to[c[(radix_key(from[i]) >> shift) & (RADIX_SIZE - 1)]++] =
                from[i];
        int64_t *swap = from;
        from = to;
        to = swap;
    }
    if (from != x)
        memcpy(x, from, n * sizeof *x);
}
