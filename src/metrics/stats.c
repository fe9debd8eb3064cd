/* stats.c - statistics helpers (see stats.h). */
#include "cxcalc/stats.h"

#include <math.h>

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
