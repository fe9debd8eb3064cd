/* sketch.c - logarithmic-bucket quantile sketch (see sketch.h). */
#include "cxcalc/sketch.h"

#include <math.h>
#include <string.h>

static double log_gamma(void)
{
    static const double a = CX_SKETCH_ALPHA;
    return log((1 + a) / (1 - a));
}

int32_t cx_sketch_bucket(int64_t v)
{
    return (int32_t)ceil(log((double)v) / log_gamma());
}

double cx_sketch_value(int32_t bucket)
{
    double g = exp(log_gamma());
    return 2 * exp(bucket * log_gamma()) / (g + 1);
}

int cx_sketch_build(struct cx_sketch *s, const int64_t *v, size_t n,
                    struct cx_arena *arena)
{
    memset(s, 0, sizeof *s);
    s->n = n;
    size_t i = 0;
    while (i < n && v[i] <= 0)
        i++;
    s->zeros = i;
    /* Buckets are ascending with v; count the distinct ones first (a
     * repeated value, common in whole seconds, needs no logarithm). */
    size_t nb = 0;
    int32_t last = 0;
    for (size_t k = i; k < n; k++) {
        int32_t b = k > i && v[k] == v[k - 1] ? last : cx_sketch_bucket(v[k]);
        if (k == i || b != last)
            nb++;
        last = b;
    }
    int32_t *index = cx_arena_alloc(arena, (nb ? nb : 1) * sizeof *index);
    uint64_t *count = cx_arena_alloc(arena, (nb ? nb : 1) * sizeof *count);
    if (!index || !count)
        return -1;
    size_t j = 0;
    for (size_t k = i; k < n; k++) {
        if (k > i && v[k] == v[k - 1]) {
            count[j - 1]++;
            continue;
        }
        int32_t b = cx_sketch_bucket(v[k]);
        if (j && index[j - 1] == b) {
            count[j - 1]++;
        } else {
            index[j] = b;
            count[j++] = 1;
        }
    }
    s->nb = j;
    s->index = index;
    s->count = count;
    return 0;
}

int cx_sketch_merge(struct cx_sketch *into, const struct cx_sketch *a,
                    const struct cx_sketch *b, struct cx_arena *arena)
{
    size_t cap = a->nb + b->nb;
    int32_t *index = cx_arena_alloc(arena, (cap ? cap : 1) * sizeof *index);
    uint64_t *count = cx_arena_alloc(arena, (cap ? cap : 1) * sizeof *count);
    if (!index || !count)
        return -1;
    size_t i = 0, j = 0, k = 0;
    while (i < a->nb || j < b->nb) {
        if (j == b->nb || (i < a->nb && a->index[i] < b->index[j])) {
            index[k] = a->index[i];
            count[k++] = a->count[i++];
        } else if (i == a->nb || b->index[j] < a->index[i]) {
            index[k] = b->index[j];
            count[k++] = b->count[j++];
        } else {
            index[k] = a->index[i];
            count[k++] = a->count[i++] + b->count[j++];
        }
    }
    into->n = a->n + b->n;
    into->zeros = a->zeros + b->zeros;
    into->nb = k;
    into->index = index;
    into->count = count;
    return 0;
}

/* The value standing for the value of 0-based rank r. */
static double at_rank(const struct cx_sketch *s, uint64_t r)
{
    if (r < s->zeros)
        return 0;
    r -= s->zeros;
    for (size_t i = 0; i < s->nb; i++) {
        if (r < s->count[i])
            return cx_sketch_value(s->index[i]);
        r -= s->count[i];
    }
    return s->nb ? cx_sketch_value(s->index[s->nb - 1]) : 0;
}

double cx_sketch_quantile(const struct cx_sketch *s, double q)
{
    double h = q * (double)(s->n - 1);
    double lo = floor(h);
    double x = at_rank(s, (uint64_t)lo);
    if (h == lo)
        return x;
    double y = at_rank(s, (uint64_t)lo + 1);
    return x + (h - lo) * (y - x);
}
