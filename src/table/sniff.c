/* sniff.c - a score column's first values (see sniff.h). */
#include "table/sniff.h"

#include <stdio.h>
#include <string.h>

#include "table/cell.h"
#include "util/text.h"

#define MAX_DISTINCT 32

struct distinct {
    const char *p;
    size_t len;
    uint64_t count;
    bool score;             /* a score on the metric's scale (or rating) */
};

struct tally {
    struct distinct d[MAX_DISTINCT];
    size_t n;
    bool overflow;          /* more distinct values than kept */
    uint64_t nonempty, flags, wide, scores;
};

/* A score of some supported scale (0-10), or a Zendesk rating. */
static bool fits_some_scale(const char *s, size_t len)
{
    int v;
    return cx_parse_score(s, len, 0, 10, &v) == CX_CELL_OK
           || cx_parse_rating(s, len, &v) == CX_CELL_OK;
}

static void count_value(struct tally *t, enum cx_role role, int lo, int hi,
                        const char *s, size_t len)
{
    s = cx_trim(s, &len);
    if (cx_cell_is_missing(s, len))
        return;
    int v;
    bool flag;
    t->nonempty++;
    t->flags += cx_parse_flag(s, len, &flag) == CX_CELL_OK;
    t->wide += fits_some_scale(s, len);
    bool score = cx_parse_score(s, len, lo, hi, &v) == CX_CELL_OK
                 || (role == CX_ROLE_CSAT
                     && cx_parse_rating(s, len, &v) == CX_CELL_OK);
    t->scores += score;
    for (size_t i = 0; i < t->n; i++) {
        if (t->d[i].len == len && memcmp(t->d[i].p, s, len) == 0) {
            t->d[i].count++;
            return;
        }
    }
    if (t->n == MAX_DISTINCT) {
        t->overflow = true;
        return;
    }
    t->d[t->n++] = (struct distinct){s, len, 1, score};
}

/* Every text value is a label of m, no two of them for one place. */
static bool map_fits(const struct cx_label_map *m, const struct tally *t)
{
    long seen[MAX_DISTINCT];
    size_t nseen = 0;
    for (size_t i = 0; i < t->n; i++) {
        long k = cx_label_find(m, t->d[i].p, t->d[i].len);
        if (k < 0)
            return false;
        for (size_t j = 0; j < nseen; j++)
            if (m->labels[seen[j]].value == m->labels[k].value
                && seen[j] != k)
                return false;
        seen[nseen++] = k;
    }
    return true;
}

/* The built-in map the values are labels of: one of the metric's own
 * number of points first, else the first that fits (a mismatch). */
static void choose_map(enum cx_role role, int lo, int hi,
                       const struct tally *t, struct cx_score_sniff *out)
{
    if (t->nonempty == 0 || t->scores > 0 || t->overflow)
        return;
    const struct cx_label_map *first = NULL;
    for (const struct cx_label_map *const *m = cx_label_maps(role); *m;
         m++) {
        if (!map_fits(*m, t))
            continue;
        if (lo == 1 && (*m)->points == hi) {
            out->map = *m;
            return;
        }
        if (!first)
            first = *m;
    }
    if (first) {
        out->map = first;
        out->scale_mismatch = true;
    }
}

/* "'0' (1530), '1' (734)": the most frequent values first. */
static void describe(struct tally *t, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t shown = 0; shown < 4 && shown < t->n; shown++) {
        size_t best = shown;
        for (size_t i = shown + 1; i < t->n; i++)
            if (t->d[i].count > t->d[best].count)
                best = i;
        struct distinct tmp = t->d[shown];
        t->d[shown] = t->d[best];
        t->d[best] = tmp;
        char esc[64];
        cx_escape(t->d[shown].p, t->d[shown].len, esc, sizeof esc, 24);
        int w = snprintf(buf + o, size - o, "%s'%s': %llu", shown ? ", " : "",
                         esc, (unsigned long long)t->d[shown].count);
        if (w < 0 || (size_t)w >= size - o)
            return;
        o += (size_t)w;
    }
    if (t->n > 4 || t->overflow)
        snprintf(buf + o, size - o, ", ...");
}

void cx_score_sniff(enum cx_role role, int lo, int hi,
                    const struct cx_label_map *user,
                    const struct cx_record *rows, size_t nrows, size_t field,
                    struct cx_score_sniff *out)
{
    struct tally t = {0};
    memset(out, 0, sizeof *out);
    for (size_t r = 0; r < nrows; r++)
        if (field < rows[r].nfields)
            count_value(&t, role, lo, hi, rows[r].fields[field].p,
                        rows[r].fields[field].len);
    out->nonempty = t.nonempty;
    if (user)
        out->map = user;
    else
        choose_map(role, lo, hi, &t, out);
    /* A handful of answers says too little to refuse a column on. */
    bool enough = t.nonempty >= CX_SNIFF_MIN;
    out->flag = enough && t.flags == t.nonempty;
    out->unfit = role == CX_ROLE_CSAT && !out->map && enough
                 && 4 * t.wide <= t.nonempty;
    describe(&t, out->values, sizeof out->values);
}

const char *cx_score_sniff_refusal(const struct cx_score_sniff *s,
                                   int lo, int hi, char *buf, size_t size)
{
    if (s->flag)
        snprintf(buf, size, "holds only yes/no values in its first %llu "
                 "answers (%s): a flag, not a %d-%d score",
                 (unsigned long long)s->nonempty, s->values, lo, hi);
    else if (s->unfit)
        snprintf(buf, size, "holds values that fit no satisfaction scale "
                 "in its first %llu answers (%s)",
                 (unsigned long long)s->nonempty, s->values);
    else
        return NULL;
    return buf;
}

int cx_label_score(const struct cx_label_map *m, long i, int lo,
                   bool reversed)
{
    int v = m->labels[i].value;
    if (m->points == 0)
        return v;
    return reversed ? lo + m->points - v : lo + v - 1;
}
