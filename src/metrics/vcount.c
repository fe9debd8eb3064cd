/* vcount.c - values with counts, for exact quantiles (see vcount.h). */
#include "metrics/vcount.h"

#include <string.h>

#include "util/alloc.h"
#include "util/sort.h"

/* Put v with count c into a table known to have room and not to hold v. */
static void put_new(struct cx_value_count *slot, size_t cap, int64_t v,
                    uint64_t c)
{
    size_t i = cx_vcount_slot(v, cap);
    while (slot[i].count)
        i = (i + 1) & (cap - 1);
    slot[i] = (struct cx_value_count){v, c};
}

static int grow(struct cx_vcount *m)
{
    size_t cap = m->cap ? m->cap * 2 : 4;
    struct cx_value_count *slot = cx_calloc(cap, sizeof *slot);
    if (!slot)
        return -1;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slot[i].count)
            put_new(slot, cap, m->slot[i].value, m->slot[i].count);
    cx_free(m->slot);
    m->slot = slot;
    m->cap = cap;
    return 0;
}

int cx_vcount_add(struct cx_vcount *m, int64_t v, uint64_t times)
{
    if (!times)
        return 0;
    if (m->cap) {
        size_t i = cx_vcount_slot(v, m->cap);
        while (m->slot[i].count) {
            if (m->slot[i].value == v) {
                m->slot[i].count += times;
                m->n += times;
                return 0;
            }
            i = (i + 1) & (m->cap - 1);
        }
    }
    /* new: keep the load at most a half */
    if ((m->used + 1) * 2 > m->cap && grow(m) != 0)
        return -1;
    put_new(m->slot, m->cap, v, times);
    m->used++;
    m->n += times;
    return 0;
}

int cx_vcount_merge(struct cx_vcount *into, const struct cx_vcount *from)
{
    for (size_t i = 0; i < from->cap; i++)
        if (from->slot[i].count
            && cx_vcount_add(into, from->slot[i].value, from->slot[i].count)
                   != 0)
            return -1;
    return 0;
}

static int cmp_pair(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    int64_t x = ((const struct cx_value_count *)a)->value;
    int64_t y = ((const struct cx_value_count *)b)->value;
    return (x > y) - (x < y);
}

size_t cx_vcount_sorted(const struct cx_vcount *m, struct cx_value_count *out)
{
    size_t n = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->slot[i].count)
            out[n++] = m->slot[i];
    cx_sort(out, n, sizeof *out, cmp_pair, NULL);
    return n;
}

/* The value at rank r (0-based) of the values written out in order; *at
 * and *below (the count before p[*at]) carry the scan on: ranks ascend. */
static int64_t at_rank(const struct cx_value_count *p, size_t np, uint64_t r,
                       size_t *at, uint64_t *below)
{
    while (*at + 1 < np && *below + p[*at].count <= r) {
        *below += p[*at].count;
        (*at)++;
    }
    return p[*at].value;
}

double cx_vcount_quantile(const struct cx_value_count *p, size_t np, uint64_t n,
                          double q)
{
    double h = (double)(n - 1) * q;
    uint64_t lo = (uint64_t)h;
    size_t at = 0;
    uint64_t below = 0;
    if (lo + 1 >= n)
        return (double)at_rank(p, np, n - 1, &at, &below);
    int64_t xlo = at_rank(p, np, lo, &at, &below);
    int64_t xhi = at_rank(p, np, lo + 1, &at, &below);
    double frac = h - (double)lo;
    return (double)xlo + frac * (double)(xhi - xlo);
}

int cx_sketch_from_counts(struct cx_sketch *s, const struct cx_value_count *p,
                          size_t np, struct cx_arena *arena)
{
    memset(s, 0, sizeof *s);
    size_t i = 0, nb = 0;
    for (size_t k = 0; k < np; k++)
        s->n += p[k].count;
    for (; i < np && p[i].value <= 0; i++)
        s->zeros += p[i].count;
    int32_t *index = cx_arena_alloc(arena, (np - i + 1) * sizeof *index);
    uint64_t *count = cx_arena_alloc(arena, (np - i + 1) * sizeof *count);
    if (!index || !count)
        return -1;
    for (size_t k = i; k < np; k++) {
        int32_t b = cx_sketch_bucket(p[k].value);
        if (nb && index[nb - 1] == b) {
            count[nb - 1] += p[k].count;
        } else {
            index[nb] = b;
            count[nb++] = p[k].count;
        }
    }
    s->nb = nb;
    s->index = index;
    s->count = count;
    return 0;
}

void cx_vcount_release(struct cx_vcount *m)
{
    cx_free(m->slot);
    memset(m, 0, sizeof *m);
}
