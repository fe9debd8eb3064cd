/* group.c - grouping rows by key columns and period (see group.h). */
#include "cxcalc/group.h"

#include <stdlib.h>
#include <string.h>

#include "cxcalc/alloc.h"
#include "cxcalc/cell.h"

/* A hash table from key tuples (nby ids + period code) to group numbers. */
struct keymap {
    size_t width;               /* uint32 words per key */
    uint32_t *keys;             /* group -> key words */
    size_t ngroups, cap;
    uint32_t *slots;            /* group + 1, 0 = free */
    size_t nslots;
};

static uint64_t hash_words(const uint32_t *w, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15u;
    for (size_t i = 0; i < n; i++) {
        h ^= w[i];
        h *= 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    return h;
}

static int keymap_rehash(struct keymap *m, size_t nslots)
{
    uint32_t *slots = cx_calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t g = 0; g < m->ngroups; g++) {
        size_t i = hash_words(m->keys + g * m->width, m->width) & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = (uint32_t)g + 1;
    }
    cx_free(m->slots);
    m->slots = slots;
    m->nslots = nslots;
    return 0;
}

/* The group of a key, added when new; -1 when out of memory. */
static long keymap_get(struct keymap *m, const uint32_t *key)
{
    size_t i = hash_words(key, m->width) & (m->nslots - 1);
    while (m->slots[i]) {
        uint32_t g = m->slots[i] - 1;
        if (memcmp(m->keys + (size_t)g * m->width, key,
                   m->width * sizeof *key) == 0)
            return g;
        i = (i + 1) & (m->nslots - 1);
    }
    if (m->ngroups >= UINT32_MAX - 1
        || cx_grow((void **)&m->keys, &m->cap, (m->ngroups + 1) * m->width,
                   sizeof *m->keys, 64))
        return -1;
    memcpy(m->keys + m->ngroups * m->width, key, m->width * sizeof *key);
    long g = (long)m->ngroups++;
    m->slots[i] = (uint32_t)g + 1;
    if (m->ngroups * 2 > m->nslots && keymap_rehash(m, m->nslots * 2))
        return -1;
    return g;
}

/* Sorting context (qsort has none). */
static const struct cx_table *sort_table;
static const struct cx_grouping *sort_g;
static const struct keymap *sort_map;

static int64_t key_period(const struct keymap *m, size_t g, size_t nby)
{
    const uint32_t *k = m->keys + g * m->width + nby;
    return (int64_t)(((uint64_t)k[0] << 32) | k[1]);
}

static int cmp_groups(const void *pa, const void *pb)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    const struct cx_grouping *g = sort_g;
    if (g->period != CX_PERIOD_NONE) {
        int64_t x = key_period(sort_map, a, g->nby);
        int64_t y = key_period(sort_map, b, g->nby);
        if (x != y)
            return x < y ? -1 : 1;
    }
    for (size_t k = 0; k < g->nby; k++) {
        uint32_t ia = sort_map->keys[a * sort_map->width + k];
        uint32_t ib = sort_map->keys[b * sort_map->width + k];
        if (ia == ib)
            continue;
        size_t la, lb;
        const char *sa = cx_intern_get(&sort_table->strings, ia, &la);
        const char *sb = cx_intern_get(&sort_table->strings, ib, &lb);
        int c = memcmp(sa, sb, la < lb ? la : lb);
        if (c)
            return c;
        if (la != lb)
            return la < lb ? -1 : 1;
    }
    return 0;
}

enum cx_status cx_group_build(struct cx_grouping *g, const struct cx_table *t,
                              const size_t *by_cols, size_t nby,
                              enum cx_period period, long date_col,
                              struct cx_error *err)
{
    memset(g, 0, sizeof *g);
    g->nby = nby;
    g->period = period;
    if (nby == 0 && period == CX_PERIOD_NONE)
        return CX_OK;
    struct keymap m = {.width = nby + 2};
    uint32_t *key = NULL, *order = NULL, *rank = NULL;
    g->by_cols = cx_calloc(nby ? nby : 1, sizeof *g->by_cols);
    g->row_group = cx_calloc(t->nrows ? t->nrows : 1, sizeof *g->row_group);
    key = cx_calloc(m.width, sizeof *key);
    if (!g->by_cols || !g->row_group || !key || keymap_rehash(&m, 64))
        goto nomem;
    memcpy(g->by_cols, by_cols, nby * sizeof *by_cols);
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t k = 0; k < nby; k++)
            key[k] = t->cols[by_cols[k]].v.dim[r];
        int64_t code = CX_PERIOD_NULL;
        if (period != CX_PERIOD_NONE && date_col >= 0
            && t->cols[date_col].state[r] == CX_CELL_OK)
            code = cx_period_code(period, t->cols[date_col].v.ms[r]);
        key[nby] = (uint32_t)((uint64_t)code >> 32);
        key[nby + 1] = (uint32_t)code;
        long grp = keymap_get(&m, key);
        if (grp < 0)
            goto nomem;
        g->row_group[r] = (uint32_t)grp;
    }
    g->ngroups = m.ngroups;
    order = cx_calloc(m.ngroups ? m.ngroups : 1, sizeof *order);
    rank = cx_calloc(m.ngroups ? m.ngroups : 1, sizeof *rank);
    g->keys = cx_calloc(m.ngroups * (nby ? nby : 1) + 1, sizeof *g->keys);
    g->period_code = cx_calloc(m.ngroups + 1, sizeof *g->period_code);
    if (!order || !rank || !g->keys || !g->period_code)
        goto nomem;
    for (size_t i = 0; i < m.ngroups; i++)
        order[i] = (uint32_t)i;
    sort_table = t;
    sort_g = g;
    sort_map = &m;
    qsort(order, m.ngroups, sizeof *order, cmp_groups);
    for (size_t i = 0; i < m.ngroups; i++) {
        rank[order[i]] = (uint32_t)i;
        memcpy(g->keys + i * nby, m.keys + (size_t)order[i] * m.width,
               nby * sizeof *g->keys);
        g->period_code[i] = key_period(&m, order[i], nby);
    }
    for (size_t r = 0; r < t->nrows; r++)
        g->row_group[r] = rank[g->row_group[r]];
    cx_free(m.keys);
    cx_free(m.slots);
    cx_free(key);
    cx_free(order);
    cx_free(rank);
    return CX_OK;
nomem:
    cx_free(m.keys);
    cx_free(m.slots);
    cx_free(key);
    cx_free(order);
    cx_free(rank);
    cx_group_release(g);
    return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
}

void cx_group_release(struct cx_grouping *g)
{
    cx_free(g->by_cols);
    cx_free(g->row_group);
    cx_free(g->keys);
    cx_free(g->period_code);
    memset(g, 0, sizeof *g);
}
