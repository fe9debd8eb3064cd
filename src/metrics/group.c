/* group.c - grouping rows by key columns and period (see group.h). */
#include "metrics/group.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "table/cell.h"
#include "util/alloc.h"
#include "util/sort.h"

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

static int grouper_rehash(struct cx_grouper *m, size_t nslots)
{
    uint32_t *slots = cx_calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t g = 0; g < m->nslots_used; g++) {
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

int cx_grouper_init(struct cx_grouper *m, size_t nby, enum cx_period period,
                    const struct cx_zone *zone)
{
    memset(m, 0, sizeof *m);
    m->nby = nby;
    m->period = period;
    m->zone = zone;
    m->width = nby + 2;
    for (size_t i = 0; i < CX_GROUPER_DAYS; i++)
        m->day[i] = INT64_MIN;
    return grouper_rehash(m, 64);
}

void cx_grouper_release(struct cx_grouper *m)
{
    cx_free(m->keys);
    cx_free(m->slots);
    memset(m, 0, sizeof *m);
}

long cx_grouper_key(struct cx_grouper *m, const uint32_t *key)
{
    size_t i = hash_words(key, m->width) & (m->nslots - 1);
    while (m->slots[i]) {
        uint32_t g = m->slots[i] - 1;
        const uint32_t *k = m->keys + (size_t)g * m->width;
        size_t w = 0;
        while (w < m->width && k[w] == key[w])
            w++;
        if (w == m->width)
            return g;
        i = (i + 1) & (m->nslots - 1);
    }
    if (m->nslots_used >= UINT32_MAX - 1
        || cx_grow((void **)&m->keys, &m->cap,
                   (m->nslots_used + 1) * m->width, sizeof *m->keys, 64))
        return -1;
    memcpy(m->keys + m->nslots_used * m->width, key,
           m->width * sizeof *key);
    long g = (long)m->nslots_used++;
    m->slots[i] = (uint32_t)g + 1;
    if (m->nslots_used * 2 > m->nslots
        && grouper_rehash(m, m->nslots * 2))
        return -1;
    return g;
}

long cx_grouper_row(struct cx_grouper *m, const struct cx_table *t,
                    const size_t *by_cols, long date_col, size_t r)
{
    uint32_t key[CX_MAX_GROUP_KEYS + 2];
    for (size_t k = 0; k < m->nby; k++)
        key[k] = t->cols[by_cols[k]].v.dim[r];
    int64_t code = CX_PERIOD_NULL;
    if (m->period != CX_PERIOD_NONE && date_col >= 0
        && t->cols[date_col].state[r] == CX_CELL_OK) {
        /* A period depends on the local day only: remember recent
         * days'. */
        int64_t ms = cx_zone_local(m->zone, t->cols[date_col].v.ms[r],
                                   &m->zone_cache);
        int64_t day = cx_days_of_ms(ms);
        size_t h = (size_t)((uint64_t)day & (CX_GROUPER_DAYS - 1));
        if (m->day[h] != day) {
            m->day[h] = day;
            m->day_code[h] = cx_period_code(m->period, ms);
        }
        code = m->day_code[h];
    }
    key[m->nby] = (uint32_t)((uint64_t)code >> 32);
    key[m->nby + 1] = (uint32_t)code;
    return cx_grouper_key(m, key);
}

/* What groups are sorted by: the kept key columns, and the period. */
struct sort_ctx {
    const struct cx_intern *strings;
    const struct cx_grouper *map;
    const size_t *use;
    size_t nuse;
    bool period;
};

static int64_t key_period(const struct cx_grouper *m, size_t g)
{
    const uint32_t *k = m->keys + g * m->width + m->nby;
    return (int64_t)(((uint64_t)k[0] << 32) | k[1]);
}

static int cmp_groups(const void *pa, const void *pb, void *ctx)
{
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
    const struct sort_ctx *s = ctx;
    const struct cx_grouper *m = s->map;
    if (s->period) {
        int64_t x = key_period(m, a), y = key_period(m, b);
        if (x != y)
            return x < y ? -1 : 1;
    }
    for (size_t k = 0; k < s->nuse; k++) {
        uint32_t ia = m->keys[a * m->width + s->use[k]];
        uint32_t ib = m->keys[b * m->width + s->use[k]];
        if (ia == ib)
            continue;
        size_t la, lb;
        const char *sa = cx_intern_get(s->strings, ia, &la);
        const char *sb = cx_intern_get(s->strings, ib, &lb);
        int c = memcmp(sa, sb, la < lb ? la : lb);
        if (c)
            return c;
        if (la != lb)
            return la < lb ? -1 : 1;
    }
    return 0;
}

enum cx_status cx_grouper_finish(const struct cx_grouper *m,
                                 const struct cx_intern *strings,
                                 const size_t *use, size_t nuse,
                                 bool with_period, struct cx_grouping *g,
                                 uint32_t *rank, struct cx_error *err)
{
    size_t n = m->nslots_used;
    uint32_t *order = cx_calloc(n ? n : 1, sizeof *order);
    g->keys = cx_calloc(n * (nuse ? nuse : 1) + 1, sizeof *g->keys);
    g->period_code = cx_calloc(n + 1, sizeof *g->period_code);
    if (!order || !g->keys || !g->period_code) {
        cx_free(order);
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        order[i] = (uint32_t)i;
    struct sort_ctx ctx = {strings, m, use, nuse, with_period};
    cx_sort(order, n, sizeof *order, cmp_groups, &ctx);
    /* Slots equal in the kept keys (the others constant) are one group. */
    size_t ng = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || cmp_groups(&order[i - 1], &order[i], &ctx) != 0) {
            for (size_t k = 0; k < nuse; k++)
                g->keys[ng * nuse + k] =
                    m->keys[(size_t)order[i] * m->width + use[k]];
            g->period_code[ng] = with_period ? key_period(m, order[i])
                                             : CX_PERIOD_NULL;
            ng++;
        }
        rank[order[i]] = (uint32_t)(ng - 1);
    }
    g->ngroups = ng;
    cx_free(order);
    return CX_OK;
}

enum cx_status cx_group_build(struct cx_grouping *g, const struct cx_table *t,
                              const size_t *by_cols, size_t nby,
                              enum cx_period period,
                              const struct cx_zone *zone, long date_col,
                              struct cx_error *err)
{
    memset(g, 0, sizeof *g);
    g->nby = nby;
    g->period = period;
    if (nby == 0 && period == CX_PERIOD_NONE)
        return CX_OK;
    struct cx_grouper m;
    uint32_t *rank = NULL;
    size_t use[CX_MAX_GROUP_KEYS];
    for (size_t k = 0; k < nby; k++)
        use[k] = k;
    g->by_cols = cx_calloc(nby ? nby : 1, sizeof *g->by_cols);
    g->row_group = cx_calloc(t->nrows ? t->nrows : 1, sizeof *g->row_group);
    if (nby > CX_MAX_GROUP_KEYS || cx_grouper_init(&m, nby, period, zone) != 0) {
        cx_group_release(g);
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    }
    if (!g->by_cols || !g->row_group)
        goto nomem;
    memcpy(g->by_cols, by_cols, nby * sizeof *by_cols);
    for (size_t r = 0; r < t->nrows; r++) {
        long grp = cx_grouper_row(&m, t, by_cols, date_col, r);
        if (grp < 0)
            goto nomem;
        g->row_group[r] = (uint32_t)grp;
    }
    rank = cx_calloc(m.nslots_used ? m.nslots_used : 1, sizeof *rank);
    if (!rank)
        goto nomem;
    enum cx_status st = cx_grouper_finish(&m, &t->strings, use, nby,
                                          period != CX_PERIOD_NONE, g, rank,
                                          err);
    if (st != CX_OK) {
        cx_free(rank);
        cx_grouper_release(&m);
        cx_group_release(g);
        return st;
    }
    for (size_t r = 0; r < t->nrows; r++)
        g->row_group[r] = rank[g->row_group[r]];
    cx_free(rank);
    cx_grouper_release(&m);
    return CX_OK;
nomem:
    cx_free(rank);
    cx_grouper_release(&m);
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
