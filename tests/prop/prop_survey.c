/*
 * prop_survey.c - property tests of loading and the survey metrics over
 * random survey exports.
 *
 *     prop_survey [ITERATIONS [SEED]]      (default 300 iterations, seed 1)
 *
 * Each iteration makes a seeded random export: 0-150 rows, the columns in a
 * random order, scores written many ways (" 7 ", "7.0", "07",
 * "10 - Extremely likely"), missing tokens ("", NA, n/a, null, -, spaces),
 * invalid ones ("ten", "11", "9.5", "1e1"), random channels (empty, padded,
 * "NA") and comments that are quoted, with commas, doubled quotes and
 * LF / CRLF line breaks inside.  The generator knows what every cell means,
 * so the counts are also checked against it.  Properties:
 *
 *   P1  row order changes no count and no NPS/CSAT/CES value (bit for bit),
 *       overall and per group;
 *   P2  the rows split into 2-5 parts (each with the header; a part may be
 *       empty), each part loaded into its own table and accumulated, the
 *       accumulators merged with cx_*_merge: equal to the whole, overall
 *       and per group;
 *   P3  the per-group counts add up to the overall counts;
 *   P4  adding rows whose scores are all missing changes only `missing`;
 *   P5  LF, CRLF, CR, a UTF-8 BOM and a missing final newline give the same
 *       results;
 *   P6  the counts are the generator's, and NPS = 100 (P - D) / n;
 *   P7  --skip-bad-rows on a clean export changes nothing.
 *
 * The last line is "N passed, M failed"; the exit status is 1 when M > 0.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxcalc/load.h"
#include "cxcalc/metrics.h"
#include "metrics/group.h"
#include "metrics/stats.h"
#include "table/cell.h"
#include "util/text.h"

/* ---- randomness ---------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static size_t below(size_t n)
{
    return n ? (size_t)(rnd() % n) : 0;
}

/* ---- a growable text buffer -------------------------------------------- */

struct buf {
    char *p;
    size_t len, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            fputs("prop_survey: out of memory\n", stderr);
            exit(2);
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* ---- the random export ------------------------------------------------- */

enum { COL_ID, COL_CHANNEL, COL_NPS, COL_CSAT, COL_CES, COL_COMMENT, NCOLS };

static const char *const col_names[NCOLS] = {
    "response_id", "channel", "nps", "csat", "ces", "comment"};

/* What a score cell means: its value, or missing (-1) or invalid (-2). */
#define MISSING (-1)
#define INVALID (-2)

struct cell {
    char text[64];
    int meaning;
};

struct row {
    char id[16];
    char channel[16];       /* as written */
    char channel_key[16];   /* trimmed, as grouped */
    struct cell score[3];   /* nps, csat, ces */
    char comment[96];       /* already quoted when it needs to be */
};

struct survey {
    struct row *rows;
    size_t n;
    int order[NCOLS];       /* column order in the file */
};

static const int scale_lo[3] = {0, 1, 1}, scale_hi[3] = {10, 5, 7};

static void make_score(struct cell *c, int metric)
{
    static const char *const missing[] = {"", "NA", "n/a", "null", "-",
                                          "  ", "N/A", "NULL"};
    static const char *const invalid[] = {"ten", "9.5", "1e1", "x", "+",
                                          "0x9", "--", "7-"};
    int lo = scale_lo[metric], hi = scale_hi[metric];
    size_t k = below(20);
    if (k < 3) {
        snprintf(c->text, sizeof c->text, "%s",
                 missing[below(sizeof missing / sizeof *missing)]);
        c->meaning = MISSING;
    } else if (k < 5) {
        snprintf(c->text, sizeof c->text, "%s",
                 invalid[below(sizeof invalid / sizeof *invalid)]);
        c->meaning = INVALID;
    } else if (k < 6) {
        /* out of the scale's range */
        snprintf(c->text, sizeof c->text, "%d",
                 below(2) ? hi + 1 + (int)below(90) : lo - 1);
        c->meaning = INVALID;
    } else {
        int v = lo + (int)below((size_t)(hi - lo + 1));
        c->meaning = v;
        switch (below(6)) {
        case 0: snprintf(c->text, sizeof c->text, " %d ", v); break;
        case 1: snprintf(c->text, sizeof c->text, "%d.0", v); break;
        case 2: snprintf(c->text, sizeof c->text, "0%d", v); break;
        case 3:
            snprintf(c->text, sizeof c->text, "\"%d - %s\"", v,
                     v == hi ? "Extremely likely" : "so-so, really");
            break;
        default: snprintf(c->text, sizeof c->text, "%d", v); break;
        }
    }
}

static void make_comment(char *out, size_t size)
{
    static const char *const plain[] = {"", "ok", "Great service",
                                        "slow", "Never again"};
    static const char *const quoted[] = {
        "\"line one\nline two\"", "\"a, b, and c\"",
        "\"He said \"\"great\"\"\"", "\"crlf\r\ninside\"",
        "\"\"", "\"trailing\n\"", "\"x\n\ny, \"\"z\"\"\""};
    if (below(2))
        snprintf(out, size, "%s", plain[below(sizeof plain / sizeof *plain)]);
    else
        snprintf(out, size, "%s",
                 quoted[below(sizeof quoted / sizeof *quoted)]);
}

static void make_row(struct row *r, size_t i)
{
    static const char *const channels[] = {"email", "phone", "chat", "web",
                                           "", " email ", "NA", "-"};
    snprintf(r->id, sizeof r->id, "r%zu", i);
    const char *ch = channels[below(sizeof channels / sizeof *channels)];
    snprintf(r->channel, sizeof r->channel, "%s", ch);
    size_t len = strlen(ch);
    const char *t = cx_trim(ch, &len);
    snprintf(r->channel_key, sizeof r->channel_key, "%.*s", (int)len, t);
    for (int m = 0; m < 3; m++)
        make_score(&r->score[m], m);
    make_comment(r->comment, sizeof r->comment);
}

static void make_survey(struct survey *s, size_t n)
{
    s->n = n;
    s->rows = calloc(n ? n : 1, sizeof *s->rows);
    if (!s->rows)
        exit(2);
    for (size_t i = 0; i < n; i++)
        make_row(&s->rows[i], i);
    for (int c = 0; c < NCOLS; c++)
        s->order[c] = c;
    for (int c = NCOLS - 1; c > 0; c--) {
        int j = (int)below((size_t)c + 1), t = s->order[c];
        s->order[c] = s->order[j];
        s->order[j] = t;
    }
}

/* How the export is written. */
struct style {
    const char *eol;        /* "\n", "\r\n" or "\r" */
    bool bom;
    bool final_eol;
};

static const struct style plain_style = {"\n", false, true};

static const char *field_text(const struct row *r, int col)
{
    switch (col) {
    case COL_ID: return r->id;
    case COL_CHANNEL: return r->channel;
    case COL_NPS: return r->score[0].text;
    case COL_CSAT: return r->score[1].text;
    case COL_CES: return r->score[2].text;
    default: return r->comment;
    }
}

static void write_rows(struct buf *b, const struct survey *s,
                       const size_t *idx, size_t n, const struct style *st)
{
    if (st->bom)
        puts_(b, "\xef\xbb\xbf");
    for (int c = 0; c < NCOLS; c++) {
        if (c)
            puts_(b, ",");
        puts_(b, col_names[s->order[c]]);
    }
    for (size_t i = 0; i < n; i++) {
        puts_(b, st->eol);
        const struct row *r = &s->rows[idx ? idx[i] : i];
        for (int c = 0; c < NCOLS; c++) {
            if (c)
                puts_(b, ",");
            puts_(b, field_text(r, s->order[c]));
        }
    }
    if (st->final_eol)
        puts_(b, st->eol);
}

/* ---- loading and accumulating -------------------------------------------- */

struct accs {
    struct cx_nps_acc nps;
    struct cx_csat_acc csat;
    struct cx_ces_acc ces;
};

struct group_acc {
    char key[16];
    bool null_key;
    struct accs a;
};

struct summary {
    enum cx_status status;
    char msg[1100];
    uint64_t rows;
    struct accs all;
    struct group_acc *groups;
    size_t ngroups;
};

static struct cx_csat_opts csat_opts;
static struct cx_ces_opts ces_opts;
static struct cx_nps_opts nps_opts;

static void add_row(struct accs *a, const struct cx_table *t, const long *cols,
                    size_t r)
{
    for (int m = 0; m < 3; m++) {
        const struct cx_column *col = &t->cols[cols[m]];
        uint64_t *missing = m == 0 ? &a->nps.missing
                            : m == 1 ? &a->csat.missing : &a->ces.missing;
        uint64_t *invalid = m == 0 ? &a->nps.invalid
                            : m == 1 ? &a->csat.invalid : &a->ces.invalid;
        if (col->state[r] == CX_CELL_MISSING)
            (*missing)++;
        else if (col->state[r] == CX_CELL_INVALID)
            (*invalid)++;
        else if (m == 0)
            cx_nps_count(&a->nps, col->v.score[r]);
        else if (m == 1)
            cx_csat_add(&a->csat, &csat_opts, col->v.score[r]);
        else
            cx_ces_add(&a->ces, &ces_opts, col->v.score[r]);
    }
}

static void merge(struct accs *into, const struct accs *from)
{
    cx_nps_merge(&into->nps, &from->nps);
    cx_csat_merge(&into->csat, &from->csat);
    cx_ces_merge(&into->ces, &from->ces);
}

static void summary_release(struct summary *s)
{
    free(s->groups);
    memset(s, 0, sizeof *s);
}

/* Find or add the group of a key (NULL: the null key). */
static struct accs *group_of(struct summary *s, const char *key, size_t len)
{
    for (size_t i = 0; i < s->ngroups; i++) {
        struct group_acc *g = &s->groups[i];
        if (key ? !g->null_key && strlen(g->key) == len
                      && memcmp(g->key, key, len) == 0
                : g->null_key)
            return &g->a;
    }
    struct group_acc *p = realloc(s->groups,
                                  (s->ngroups + 1) * sizeof *s->groups);
    if (!p)
        exit(2);
    s->groups = p;
    struct group_acc *g = &s->groups[s->ngroups++];
    memset(g, 0, sizeof *g);
    g->null_key = key == NULL;
    if (key)
        snprintf(g->key, sizeof g->key, "%.*s", (int)len, key);
    return &g->a;
}

static int cmp_groups(const void *a, const void *b)
{
    const struct group_acc *x = a, *y = b;
    if (x->null_key != y->null_key)
        return x->null_key ? -1 : 1;
    return strcmp(x->key, y->key);
}

/*
 * Load one export (lenient) and add it to *s: overall, and per channel
 * through cx_group_build (whose group counts must add up: P3).
 */
static int p3_passed, p3_failed;

static void load_into(struct summary *s, const char *text, size_t len,
                      bool skip_bad_rows)
{
    struct cx_table t;
    long cols[3], chan;
    if (cx_table_init(&t, CX_TABLE_SURVEY) != 0)
        exit(2);
    cols[0] = cx_table_add(&t, &(struct cx_colspec){
        NULL, CX_ROLE_NPS, CX_KIND_SCORE, 0, 10, true, 0});
    cols[1] = cx_table_add(&t, &(struct cx_colspec){
        NULL, CX_ROLE_CSAT, CX_KIND_SCORE, 1, 5, true, 0});
    cols[2] = cx_table_add(&t, &(struct cx_colspec){
        NULL, CX_ROLE_CES, CX_KIND_SCORE, 1, 7, true, 0});
    chan = cx_table_add(&t, &(struct cx_colspec){
        "channel", CX_ROLE_COUNT, CX_KIND_DIM, 0, 0, true, 0});
    if (cols[0] < 0 || cols[1] < 0 || cols[2] < 0 || chan < 0)
        exit(2);
    struct cx_warner warn = {NULL, NULL, 0, 0};
    struct cx_load_options opt;
    memset(&opt, 0, sizeof opt);
    opt.warn = &warn;
    opt.skip_bad_rows = skip_bad_rows;
    opt.reader.block_size = 1 + below(300);     /* any block size */
    struct cx_input_stats stats;
    memset(&stats, 0, sizeof stats);
    struct cx_error err;
    cx_error_clear(&err);
    enum cx_status st = cx_load_mem(&t, text, len, "prop.csv", &opt, true,
                                    &stats, &err);
    if (st != CX_OK) {
        s->status = st;
        cx_error_format(&err, s->msg, sizeof s->msg);
        cx_table_release(&t);
        return;
    }
    s->rows += t.nrows;
    struct cx_grouping g;
    memset(&g, 0, sizeof g);
    size_t by = (size_t)chan;
    if (cx_group_build(&g, &t, &by, 1, CX_PERIOD_NONE, NULL, -1, &err) != CX_OK)
        exit(2);
    struct accs *per = calloc(g.ngroups ? g.ngroups : 1, sizeof *per);
    struct accs part;
    memset(&part, 0, sizeof part);
    if (!per)
        exit(2);
    for (size_t r = 0; r < t.nrows; r++) {
        add_row(&part, &t, cols, r);
        add_row(&per[g.row_group[r]], &t, cols, r);
    }
    struct accs sum;
    memset(&sum, 0, sizeof sum);
    for (size_t i = 0; i < g.ngroups; i++) {
        merge(&sum, &per[i]);
        uint32_t id = g.keys[i];
        size_t klen = 0;
        const char *key = id ? cx_intern_get(&t.strings, id, &klen) : NULL;
        merge(group_of(s, key, klen), &per[i]);
    }
    /* P3: the groups add up to the whole. */
    if (memcmp(&sum.nps, &part.nps, sizeof sum.nps) == 0
        && memcmp(&sum.csat, &part.csat, sizeof sum.csat) == 0
        && memcmp(&sum.ces, &part.ces, sizeof sum.ces) == 0)
        p3_passed++;
    else
        p3_failed++;
    merge(&s->all, &part);
    free(per);
    cx_group_release(&g);
    cx_table_release(&t);
}

static void finish_groups(struct summary *s)
{
    if (s->ngroups)
        qsort(s->groups, s->ngroups, sizeof *s->groups, cmp_groups);
}

/* ---- comparing -------------------------------------------------------- */

static bool same_result(const struct cx_metric_result *a,
                        const struct cx_metric_result *b, const char *skip)
{
    if (a->nfields != b->nfields || strcmp(a->metric, b->metric) != 0)
        return false;
    for (size_t i = 0; i < a->nfields; i++) {
        const struct cx_field *x = &a->fields[i], *y = &b->fields[i];
        if (strcmp(x->name, y->name) != 0 || x->v.kind != y->v.kind)
            return false;
        if (skip && strcmp(x->name, skip) == 0)
            continue;
        switch (x->v.kind) {
        case CX_V_COUNT:
            if (x->v.u.count != y->v.u.count)
                return false;
            break;
        case CX_V_REAL:     /* bit for bit */
            if (memcmp(&x->v.u.real, &y->v.u.real, sizeof(double)) != 0)
                return false;
            break;
        case CX_V_BOOL:
            if (x->v.u.flag != y->v.u.flag)
                return false;
            break;
        default:
            break;
        }
    }
    return true;
}

/* The finished metrics of one scope agree (`skip`: a field to ignore). */
static bool same_metrics(const struct accs *a, const struct accs *b,
                         const char *skip)
{
    struct cx_metric_result ra, rb;
    cx_nps_finish(&a->nps, &nps_opts, &ra);
    cx_nps_finish(&b->nps, &nps_opts, &rb);
    if (!same_result(&ra, &rb, skip))
        return false;
    cx_csat_finish(&a->csat, &csat_opts, &ra);
    cx_csat_finish(&b->csat, &csat_opts, &rb);
    if (!same_result(&ra, &rb, skip))
        return false;
    cx_ces_finish(&a->ces, &ces_opts, &ra);
    cx_ces_finish(&b->ces, &ces_opts, &rb);
    return same_result(&ra, &rb, skip);
}

static bool same_accs(const struct accs *a, const struct accs *b)
{
    return memcmp(&a->nps, &b->nps, sizeof a->nps) == 0
           && memcmp(&a->csat, &b->csat, sizeof a->csat) == 0
           && memcmp(&a->ces, &b->ces, sizeof a->ces) == 0
           && same_metrics(a, b, NULL);
}

static bool same_summary(const struct summary *a, const struct summary *b,
                         bool groups)
{
    if (a->status != CX_OK || b->status != CX_OK || a->rows != b->rows
        || !same_accs(&a->all, &b->all))
        return false;
    if (!groups)
        return true;
    if (a->ngroups != b->ngroups)
        return false;
    for (size_t i = 0; i < a->ngroups; i++)
        if (a->groups[i].null_key != b->groups[i].null_key
            || strcmp(a->groups[i].key, b->groups[i].key) != 0
            || !same_accs(&a->groups[i].a, &b->groups[i].a))
            return false;
    return true;
}

/* ---- the properties ----------------------------------------------------- */

struct tally {
    const char *name;
    int passed, failed;
};

static struct tally tallies[] = {
    {"P1 row order", 0, 0},        {"P2 split and merge", 0, 0},
    {"P3 groups add up", 0, 0},    {"P4 missing rows", 0, 0},
    {"P5 line endings, BOM", 0, 0}, {"P6 generator's counts", 0, 0},
    {"P7 --skip-bad-rows", 0, 0},
};

static uint64_t iteration_seed;

static void report(int p, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(int p, bool ok, const char *fmt, ...)
{
    if (ok) {
        tallies[p].passed++;
        return;
    }
    if (tallies[p].failed++ < 5) {
        va_list ap;
        va_start(ap, fmt);
        fprintf(stderr, "FAIL %s (iteration seed %" PRIu64 "): ",
                tallies[p].name, iteration_seed);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
    }
}

static void load_text(struct summary *s, const struct buf *b,
                      bool skip_bad_rows)
{
    memset(s, 0, sizeof *s);
    load_into(s, b->p, b->len, skip_bad_rows);
    finish_groups(s);
}

static void write_and_load(struct summary *s, const struct survey *sv,
                           const size_t *idx, size_t n,
                           const struct style *st)
{
    struct buf b = {0};
    write_rows(&b, sv, idx, n, st);
    load_text(s, &b, false);
    free(b.p);
}

static void one_iteration(void)
{
    struct survey sv;
    make_survey(&sv, below(151));
    struct summary whole;
    write_and_load(&whole, &sv, NULL, sv.n, &plain_style);
    if (whole.status != CX_OK) {
        report(5, false, "the export does not load: %s", whole.msg);
        goto out;
    }

    /* P6: the generator's own counts. */
    struct accs expect;
    memset(&expect, 0, sizeof expect);
    for (size_t i = 0; i < sv.n; i++) {
        for (int m = 0; m < 3; m++) {
            int v = sv.rows[i].score[m].meaning;
            struct accs *e = &expect;
            if (m == 0) {
                if (v == MISSING) e->nps.missing++;
                else if (v == INVALID) e->nps.invalid++;
                else cx_nps_count(&e->nps, v);
            } else if (m == 1) {
                if (v == MISSING) e->csat.missing++;
                else if (v == INVALID) e->csat.invalid++;
                else cx_csat_add(&e->csat, &csat_opts, v);
            } else {
                if (v == MISSING) e->ces.missing++;
                else if (v == INVALID) e->ces.invalid++;
                else cx_ces_add(&e->ces, &ces_opts, v);
            }
        }
    }
    bool counts_ok = whole.rows == sv.n && same_accs(&whole.all, &expect);
    uint64_t n = whole.all.nps.promoters + whole.all.nps.passives
                 + whole.all.nps.detractors;
    struct cx_metric_result r;
    cx_nps_finish(&whole.all.nps, &nps_opts, &r);
    const struct cx_value *v = cx_result_get(&r, "value");
    bool value_ok = n == 0
        ? v->kind == CX_V_NULL
        : v->kind == CX_V_REAL
              && fabs(v->u.real
                      - 100.0 * ((double)whole.all.nps.promoters
                                 - (double)whole.all.nps.detractors)
                            / (double)n) <= 1e-12;
    report(5, counts_ok && value_ok,
           "%zu rows: loaded %" PRIu64 " rows, P/Pa/D/missing/invalid "
           "%" PRIu64 "/%" PRIu64 "/%" PRIu64 "/%" PRIu64 "/%" PRIu64
           ", expected %" PRIu64 "/%" PRIu64 "/%" PRIu64 "/%" PRIu64
           "/%" PRIu64 "%s", sv.n, whole.rows, whole.all.nps.promoters,
           whole.all.nps.passives, whole.all.nps.detractors,
           whole.all.nps.missing, whole.all.nps.invalid,
           expect.nps.promoters, expect.nps.passives, expect.nps.detractors,
           expect.nps.missing, expect.nps.invalid,
           value_ok ? "" : "; NPS is not 100 (P - D) / n");

    /* P1: a random permutation of the rows. */
    size_t *idx = malloc((sv.n ? sv.n : 1) * sizeof *idx);
    if (!idx)
        exit(2);
    for (size_t i = 0; i < sv.n; i++)
        idx[i] = i;
    for (size_t i = sv.n; i > 1; i--) {
        size_t j = below(i), t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
    struct summary shuffled;
    write_and_load(&shuffled, &sv, idx, sv.n, &plain_style);
    report(0, same_summary(&whole, &shuffled, true),
           "%zu rows shuffled: results differ%s%s", sv.n,
           shuffled.status ? ": " : "", shuffled.msg);
    summary_release(&shuffled);

    /* P2: 2-5 parts, loaded apart and merged (in a random order). */
    size_t k = 2 + below(4), cuts[6];
    cuts[0] = 0;
    cuts[k] = sv.n;
    for (size_t i = 1; i < k; i++)
        cuts[i] = below(sv.n + 1);
    for (size_t i = 1; i < k; i++)          /* sort the inner cuts */
        for (size_t j = i + 1; j < k; j++)
            if (cuts[j] < cuts[i]) {
                size_t t = cuts[i];
                cuts[i] = cuts[j];
                cuts[j] = t;
            }
    struct summary merged;
    memset(&merged, 0, sizeof merged);
    for (size_t p = 0; p < k; p++) {
        size_t part = k - 1 - p;            /* last part first */
        struct buf b = {0};
        for (size_t i = cuts[part]; i < cuts[part + 1]; i++)
            idx[i - cuts[part]] = i;
        write_rows(&b, &sv, idx, cuts[part + 1] - cuts[part], &plain_style);
        load_into(&merged, b.p, b.len, false);
        free(b.p);
    }
    finish_groups(&merged);
    report(1, same_summary(&whole, &merged, true),
           "%zu rows in %zu parts: merged results differ%s%s", sv.n, k,
           merged.status ? ": " : "", merged.msg);
    summary_release(&merged);

    /* P4: rows whose scores are all missing, anywhere. */
    size_t extra = 1 + below(20);
    struct survey more = sv;
    more.n = sv.n + extra;
    more.rows = calloc(more.n, sizeof *more.rows);
    if (!more.rows)
        exit(2);
    bool *is_new = calloc(more.n, sizeof *is_new);
    if (!is_new)
        exit(2);
    for (size_t i = 0; i < extra; i++)      /* `extra` random places */
        is_new[i] = true;
    for (size_t i = more.n; i > 1; i--) {
        size_t j = below(i);
        bool t = is_new[i - 1];
        is_new[i - 1] = is_new[j];
        is_new[j] = t;
    }
    size_t from = 0;
    for (size_t i = 0; i < more.n; i++) {
        if (is_new[i]) {
            make_row(&more.rows[i], 1000 + i);
            static const char *const missing[] = {"", "NA", "-", "null",
                                                  " n/a "};
            for (int m = 0; m < 3; m++) {
                snprintf(more.rows[i].score[m].text,
                         sizeof more.rows[i].score[m].text, "%s",
                         missing[below(5)]);
                more.rows[i].score[m].meaning = MISSING;
            }
        } else {
            more.rows[i] = sv.rows[from++];
        }
    }
    struct summary with_missing;
    write_and_load(&with_missing, &more, NULL, more.n, &plain_style);
    struct accs adj = with_missing.all;
    bool ok4 = with_missing.status == CX_OK
               && with_missing.rows == whole.rows + extra
               && adj.nps.missing == whole.all.nps.missing + extra
               && adj.csat.missing == whole.all.csat.missing + extra
               && adj.ces.missing == whole.all.ces.missing + extra;
    adj.nps.missing = whole.all.nps.missing;
    adj.csat.missing = whole.all.csat.missing;
    adj.ces.missing = whole.all.ces.missing;
    ok4 = ok4 && same_accs(&adj, &whole.all)
          && same_metrics(&with_missing.all, &whole.all, "missing");
    report(3, ok4, "%zu rows + %zu missing rows: more than `missing` "
           "changed", sv.n, extra);
    summary_release(&with_missing);
    free(more.rows);
    free(is_new);

    /* P5: line endings, BOM, final newline. */
    static const struct style styles[] = {
        {"\r\n", false, true}, {"\r", false, true}, {"\n", true, true},
        {"\r\n", true, false}, {"\n", false, false}, {"\r", true, false}};
    for (size_t i = 0; i < sizeof styles / sizeof *styles; i++) {
        struct summary other;
        write_and_load(&other, &sv, NULL, sv.n, &styles[i]);
        report(4, same_summary(&whole, &other, true),
               "%zu rows, eol %s, bom %d, final eol %d: results differ%s%s",
               sv.n, styles[i].eol[0] == '\n' ? "LF"
                     : styles[i].eol[1] ? "CRLF" : "CR",
               styles[i].bom, styles[i].final_eol,
               other.status ? ": " : "", other.msg);
        summary_release(&other);
    }

    /* P7: --skip-bad-rows on a clean export. */
    struct buf b = {0};
    write_rows(&b, &sv, NULL, sv.n, &plain_style);
    struct summary skipping;
    load_text(&skipping, &b, true);
    free(b.p);
    report(6, same_summary(&whole, &skipping, true),
           "%zu rows: --skip-bad-rows changed the results", sv.n);
    summary_release(&skipping);

    free(idx);
out:
    summary_release(&whole);
    free(sv.rows);
}

int main(int argc, char **argv)
{
    long iterations = argc > 1 ? strtol(argv[1], NULL, 10) : 300;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
    double z = cx_z_for_confidence(0.95);
    cx_csat_scale("1-5", &csat_opts);
    csat_opts.z = z;
    ces_opts = (struct cx_ces_opts){7, false, z};
    nps_opts = (struct cx_nps_opts){false, z};
    for (long i = 0; i < iterations; i++) {
        /* Every iteration has its own seed, printed with its failures. */
        iteration_seed = seed * UINT64_C(1000003) + (uint64_t)i;
        rng_state = iteration_seed * UINT64_C(0x9e3779b97f4a7c15) | 1;
        one_iteration();
    }
    tallies[2].passed = p3_passed;
    tallies[2].failed = p3_failed;
    int passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof tallies / sizeof *tallies; i++) {
        printf("%-24s %6d passed, %d failed\n", tallies[i].name,
               tallies[i].passed, tallies[i].failed);
        passed += tallies[i].passed;
        failed += tallies[i].failed;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
