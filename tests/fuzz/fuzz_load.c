/*
 * fuzz_load.c - libFuzzer target over the library's input path: the bytes
 * of one CSV export go through cx_load_mem into a survey table (nps, csat
 * and ces scores, a date, a `channel` dimension, and `handle`, `resolved`
 * and `amount` columns for the duration, flag and number parsers), then
 * the accumulators (AHT and FCR too), the grouping and the three writers.
 *
 * Each input runs in three load modes (strict; lenient with
 * --skip-bad-rows; lenient with --since/--until and --period month) and
 * once with an allocation failure injected at a point chosen from the
 * input.  Oracles besides "no crash, no leak, no undefined behaviour":
 *
 *   - the reader gives the same records (fields, lines) and the same end
 *     (status, line, column, message) with block sizes 1, 7, 64 and the
 *     whole input; record lines increase strictly;
 *   - promoters + passives + detractors = n, and for every metric
 *     n + missing + invalid = rows loaded; group counts add up to overall;
 *   - every real is finite and never -0; NPS is within [-100, 100], CSAT
 *     within [0, 100] (and so are their intervals), the CES mean within
 *     the scale, ci_low <= value <= ci_high; a metric with n = 0 has a
 *     null value;
 *   - handle times are never negative and their sum never overflows
 *     (UBSan), the AHT is >= 0; numbers are finite;
 *   - the JSON report is valid UTF-8 and parses back with
 *     cJSON_ParseWithLength, with the same n and number of groups.
 *
 * A broken oracle prints what differs and aborts, so libFuzzer keeps the
 * input.  Build and run: tests/fuzz/run.sh; replay: the fuzz_replay test.
 */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/alloc_testing.h"
#include "cxcalc/calendar.h"
#include "cxcalc/load.h"
#include "cxcalc/metrics.h"
#include "cxcalc/reader.h"
#include "cxcalc/report.h"
#include "metrics/group.h"
#include "metrics/stats.h"
#include "table/cell.h"
#include "util/text.h"

/* Small limits, so the limit paths are reachable with small inputs. */
#define FUZZ_MAX_FIELD 512
#define FUZZ_MAX_COLUMNS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void check(bool ok, const char *fmt, ...)
{
    if (ok)
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz_load: oracle failed: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* ---- the reader at several block sizes ---------------------------------- */

struct digest {
    uint64_t hash;          /* FNV-1a over every record */
    uint64_t records;
    uint64_t last_line;
    enum cx_status status;  /* CX_DONE, or the error */
    struct cx_error err;
    char delim;
    bool bom, sep;
};

static void fnv(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        *h ^= s[i];
        *h *= UINT64_C(0x100000001b3);
    }
}

static void read_all(const uint8_t *data, size_t size, size_t block,
                     struct digest *d)
{
    memset(d, 0, sizeof *d);
    d->hash = UINT64_C(0xcbf29ce484222325);
    struct cx_reader_config cfg = {.max_field_bytes = FUZZ_MAX_FIELD,
                                   .max_columns = FUZZ_MAX_COLUMNS,
                                   .block_size = block};
    cx_error_clear(&d->err);
    struct cx_reader *r = cx_reader_open_mem(data, size, "fuzz", &cfg,
                                             &d->err);
    if (!r) {
        d->status = d->err.status;
        return;
    }
    d->delim = cx_reader_delim(r);
    d->bom = cx_reader_had_bom(r);
    d->sep = cx_reader_had_sep_line(r);
    struct cx_record rec;
    enum cx_status st;
    while ((st = cx_reader_next(r, &rec, &d->err)) == CX_OK) {
        check(rec.line > d->last_line,
              "block %zu: record %" PRIu64 " starts at line %" PRIu64
              ", not after line %" PRIu64, block, d->records, rec.line,
              d->last_line);
        check(rec.nfields >= 1 && rec.nfields <= FUZZ_MAX_COLUMNS,
              "block %zu: a record with %zu fields", block, rec.nfields);
        d->last_line = rec.line;
        d->records++;
        fnv(&d->hash, &rec.line, sizeof rec.line);
        fnv(&d->hash, &rec.nfields, sizeof rec.nfields);
        for (size_t i = 0; i < rec.nfields; i++) {
            const struct cx_field_view *f = &rec.fields[i];
            check(f->len <= FUZZ_MAX_FIELD && f->p[f->len] == '\0',
                  "block %zu: field of %zu bytes past the cap or not "
                  "terminated", block, f->len);
            fnv(&d->hash, &f->len, sizeof f->len);
            fnv(&d->hash, f->p, f->len);
        }
    }
    d->status = st;
    if (st == CX_DONE)
        cx_error_clear(&d->err);
    cx_reader_free(r);
    /* Once failed or done, the reader stays so. */
}

static void same_reading(const struct digest *a, size_t ba,
                         const struct digest *b, size_t bb)
{
    check(a->status == b->status && a->records == b->records
              && a->hash == b->hash && a->err.loc.line == b->err.loc.line
              && a->err.loc.column == b->err.loc.column
              && strcmp(a->err.msg, b->err.msg) == 0
              && a->delim == b->delim && a->bom == b->bom && a->sep == b->sep,
          "block size %zu and %zu differ:\n"
          "  %zu: status %d, %" PRIu64 " records (hash %016" PRIx64
          "), error at %" PRIu64 ":%" PRIu64 " '%s'\n"
          "  %zu: status %d, %" PRIu64 " records (hash %016" PRIx64
          "), error at %" PRIu64 ":%" PRIu64 " '%s'",
          ba, bb, ba, a->status, a->records, a->hash, a->err.loc.line,
          a->err.loc.column, a->err.msg, bb, b->status, b->records, b->hash,
          b->err.loc.line, b->err.loc.column, b->err.msg);
}

static void check_reader(const uint8_t *data, size_t size)
{
    static const size_t blocks[] = {1, 7, 64, 0};
    struct digest first, d;
    for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) {
        size_t b = blocks[i] ? blocks[i] : (size ? size : 1);
        read_all(data, size, b, i ? &d : &first);
        if (i)
            same_reading(&first, blocks[0], &d, b);
    }
}

/* ---- load, accumulate, report --------------------------------------------- */

struct accs {
    struct cx_nps_acc nps;
    struct cx_csat_acc csat;
    struct cx_ces_acc ces;
};

struct cols {
    long nps, csat, ces, date, channel, handle, resolved, amount;
};

enum mode { MODE_STRICT, MODE_SKIP_BAD, MODE_PERIOD, MODE_COUNT };

static const char *const mode_names[MODE_COUNT] = {
    "strict", "lenient --skip-bad-rows", "lenient --period month"};

static bool setup(struct cx_table *t, struct cols *c)
{
    if (cx_table_init(t, CX_TABLE_SURVEY) != 0)
        return false;
    c->nps = cx_table_add(t, &(struct cx_colspec){
        NULL, CX_ROLE_NPS, CX_KIND_SCORE, 0, 10, false, 0});
    c->csat = cx_table_add(t, &(struct cx_colspec){
        NULL, CX_ROLE_CSAT, CX_KIND_SCORE, 1, 5, false, 0});
    c->ces = cx_table_add(t, &(struct cx_colspec){
        NULL, CX_ROLE_CES, CX_KIND_SCORE, 1, 7, false, 0});
    c->date = cx_table_add(t, &(struct cx_colspec){
        NULL, CX_ROLE_DATE, CX_KIND_TIME, 0, 0, false, 0});
    c->channel = cx_table_add(t, &(struct cx_colspec){
        "channel", CX_ROLE_COUNT, CX_KIND_DIM, 0, 0, false, 0});
    c->handle = cx_table_add(t, &(struct cx_colspec){
        "handle", CX_ROLE_COUNT, CX_KIND_DURATION, 0, 0, false, 0});
    c->resolved = cx_table_add(t, &(struct cx_colspec){
        "resolved", CX_ROLE_COUNT, CX_KIND_FLAG, 0, 0, false, 0});
    c->amount = cx_table_add(t, &(struct cx_colspec){
        "amount", CX_ROLE_COUNT, CX_KIND_NUMBER, 0, 0, false, 0});
    return c->nps >= 0 && c->csat >= 0 && c->ces >= 0 && c->date >= 0
           && c->channel >= 0 && c->handle >= 0 && c->resolved >= 0
           && c->amount >= 0;
}

static void add_row(struct accs *a, const struct cx_table *t,
                    const struct cols *c, const struct cx_csat_opts *co,
                    const struct cx_ces_opts *eo, size_t r)
{
    const struct cx_column *n = &t->cols[c->nps], *s = &t->cols[c->csat],
                           *e = &t->cols[c->ces];
    if (n->state[r] == CX_CELL_MISSING)
        a->nps.missing++;
    else if (n->state[r] == CX_CELL_INVALID)
        a->nps.invalid++;
    else
        cx_nps_count(&a->nps, n->v.score[r]);
    if (s->state[r] == CX_CELL_MISSING)
        a->csat.missing++;
    else if (s->state[r] == CX_CELL_INVALID)
        a->csat.invalid++;
    else
        cx_csat_add(&a->csat, co, s->v.score[r]);
    if (e->state[r] == CX_CELL_MISSING)
        a->ces.missing++;
    else if (e->state[r] == CX_CELL_INVALID)
        a->ces.invalid++;
    else
        cx_ces_add(&a->ces, eo, e->v.score[r]);
}

static uint64_t count_of(const struct cx_metric_result *m, const char *name)
{
    const struct cx_value *v = cx_result_get(m, name);
    check(v && v->kind == CX_V_COUNT, "%s.%s is not a count", m->metric,
          name);
    return v->u.count;
}

/* The value of a real field; false when it is null. */
static bool real_of(const struct cx_metric_result *m, const char *name,
                    double *out)
{
    const struct cx_value *v = cx_result_get(m, name);
    check(v && (v->kind == CX_V_REAL || v->kind == CX_V_NULL),
          "%s.%s is neither a real nor null", m->metric, name);
    if (v->kind == CX_V_NULL)
        return false;
    *out = v->u.real;
    return true;
}

/* `bounded`: the interval stays within [lo, hi] too (NPS is clamped,
 * Wilson intervals are; SPEC does not clamp the normal interval of the CES
 * mean). */
static void check_result(const struct cx_metric_result *m, uint64_t rows,
                         double lo, double hi, bool bounded)
{
    for (size_t i = 0; i < m->nfields; i++) {
        const struct cx_field *f = &m->fields[i];
        if (f->v.kind == CX_V_REAL)
            check(isfinite(f->v.u.real)
                      && !(f->v.u.real == 0 && signbit(f->v.u.real)),
                  "%s.%s is %g", m->metric, f->name, f->v.u.real);
    }
    uint64_t n = count_of(m, "n");
    check(n + count_of(m, "missing") + count_of(m, "invalid") == rows,
          "%s: n %" PRIu64 " + missing + invalid != %" PRIu64 " rows",
          m->metric, n, rows);
    double v, low, high;
    bool has = real_of(m, "value", &v);
    check(has == (n > 0), "%s: n = %" PRIu64 " but value is %s", m->metric,
          n, has ? "a number" : "null");
    if (!has)
        return;
    check(v >= lo && v <= hi, "%s: value %.17g outside [%g, %g]", m->metric,
          v, lo, hi);
    /* Metrics without an interval (AHT) have no ci_low / ci_high. */
    if (cx_result_get(m, "ci_low") && real_of(m, "ci_low", &low)
        && real_of(m, "ci_high", &high))
        check(low <= v + 1e-9 && v <= high + 1e-9
                  && (!bounded || (low >= lo - 1e-9 && high <= hi + 1e-9)),
              "%s: interval %.17g .. %.17g around %.17g", m->metric, low,
              high, v);
}

static void check_nps(const struct cx_metric_result *m, uint64_t rows)
{
    check_result(m, rows, -100, 100, true);
    check(count_of(m, "promoters") + count_of(m, "passives")
              + count_of(m, "detractors") == count_of(m, "n"),
          "nps: promoters + passives + detractors != n");
}

static void same_counts(const struct accs *sum, const struct accs *all)
{
    check(sum->nps.promoters == all->nps.promoters
              && sum->nps.passives == all->nps.passives
              && sum->nps.detractors == all->nps.detractors
              && sum->nps.missing == all->nps.missing
              && sum->nps.invalid == all->nps.invalid
              && sum->csat.n == all->csat.n
              && sum->csat.satisfied == all->csat.satisfied
              && sum->csat.sum == all->csat.sum
              && sum->csat.missing == all->csat.missing
              && sum->csat.invalid == all->csat.invalid
              && sum->ces.n == all->ces.n && sum->ces.sum == all->ces.sum
              && sum->ces.sum_sq == all->ces.sum_sq
              && sum->ces.easy == all->ces.easy
              && sum->ces.difficult == all->ces.difficult
              && sum->ces.missing == all->ces.missing
              && sum->ces.invalid == all->ces.invalid,
          "group counts do not add up to the overall counts");
}

static int cmp_ms(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* AHT over `handle` and flag FCR over `resolved`, overall only; the
 * `amount` numbers must be finite.  False when out of memory. */
static bool contact_metrics(const struct cx_table *t, const struct cols *c,
                            struct cx_metric_result *aht_out,
                            struct cx_metric_result *fcr_out, bool oracles)
{
    const struct cx_column *h = &t->cols[c->handle],
                           *f = &t->cols[c->resolved],
                           *a = &t->cols[c->amount];
    struct cx_aht_acc aht = {0};
    struct cx_fcr_acc fcr = {0};
    int64_t *ms = cx_malloc((t->nrows ? t->nrows : 1) * sizeof *ms);
    if (!ms)
        return false;
    for (size_t r = 0; r < t->nrows; r++) {
        if (h->state[r] == CX_CELL_MISSING) {
            aht.missing++;
        } else if (h->state[r] == CX_CELL_INVALID) {
            aht.invalid++;
        } else {
            if (oracles)
                check(h->v.ms[r] >= 0, "a handle time of %" PRId64 " ms",
                      h->v.ms[r]);
            ms[aht.n] = h->v.ms[r];
            cx_aht_add(&aht, h->v.ms[r], 0, 0, 0);
        }
        if (f->state[r] == CX_CELL_MISSING) {
            fcr.missing++;
        } else if (f->state[r] == CX_CELL_INVALID) {
            fcr.invalid++;
        } else {
            fcr.n++;
            fcr.resolved += f->v.flag[r] != 0;
        }
        if (oracles && a->state[r] == CX_CELL_OK)
            check(isfinite(a->v.num[r]) && !(a->v.num[r] == 0
                                             && signbit(a->v.num[r])),
                  "an amount of %g", a->v.num[r]);
    }
    qsort(ms, aht.n, sizeof *ms, cmp_ms);
    /* the sorted times, counted by value */
    struct cx_value_count *vc = cx_malloc((aht.n + 1) * sizeof *vc);
    size_t nvc = 0;
    for (size_t i = 0; vc && i < aht.n; i++) {
        if (nvc && vc[nvc - 1].value == ms[i])
            vc[nvc - 1].count++;
        else
            vc[nvc++] = (struct cx_value_count){ms[i], 1};
    }
    struct cx_exact exact = {vc, nvc};
    struct cx_aht_opts ao = {false, false, false};
    cx_aht_finish(&aht, &ao, vc ? &exact : NULL, NULL, aht_out);
    cx_free(vc);
    struct cx_fcr_opts fo = {false, cx_z_for_confidence(0.95)};
    cx_fcr_finish(&fcr, &fo, fcr_out);
    cx_free(ms);
    return true;
}

/* Write the report in the three formats; check the JSON. */
static void check_writers(const struct cx_report *rep, uint64_t nps_n)
{
    char *buf = NULL;
    size_t len = 0;
    struct cx_error err;
    cx_error_clear(&err);
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return;
    enum cx_status st = cx_write_json(rep, f, &err);
    fclose(f);
    check(st == CX_OK, "cx_write_json: status %d '%s'", st, err.msg);
    check(cx_utf8_valid(buf, len), "the JSON is not valid UTF-8");
    cJSON *doc = cJSON_ParseWithLength(buf, len);
    check(doc != NULL, "the JSON does not parse back:\n%.*s", (int)len, buf);
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(doc, "overall"), "nps"),
        "n");
    check(cJSON_IsNumber(n) && n->valuedouble == (double)nps_n,
          "overall.nps.n in the JSON is not %" PRIu64, nps_n);
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(doc, "groups");
    check(cJSON_IsArray(groups)
              && (size_t)cJSON_GetArraySize(groups) == rep->ngroups,
          "the JSON has not %zu groups", rep->ngroups);
    cJSON_Delete(doc);
    free(buf);

    buf = NULL;
    f = open_memstream(&buf, &len);
    if (!f)
        return;
    st = cx_write_text(rep, f, 100, &err);
    fclose(f);
    check(st == CX_OK, "cx_write_text: status %d '%s'", st, err.msg);
    check(cx_utf8_valid(buf, len), "the text report is not valid UTF-8");
    free(buf);

    buf = NULL;
    f = open_memstream(&buf, &len);
    if (!f)
        return;
    st = cx_write_csv(rep, f, &err);
    fclose(f);
    check(st == CX_OK, "cx_write_csv: status %d '%s'", st, err.msg);
    check(cx_utf8_valid(buf, len), "the CSV report is not valid UTF-8");
    free(buf);
}

/* Load in one mode; with `oracles` false (allocation failures injected)
 * only run the code.  Returns the load status. */
static enum cx_status run_mode(const uint8_t *data, size_t size,
                               enum mode mode, bool oracles)
{
    struct cx_table t;
    struct cols c;
    struct cx_grouping g;
    struct cx_report rep;
    struct accs all, *groups = NULL;
    struct cx_input_stats stats;
    struct cx_error err;
    struct cx_warner warn = {NULL, NULL, 0, 0};
    memset(&g, 0, sizeof g);
    memset(&all, 0, sizeof all);
    memset(&stats, 0, sizeof stats);
    cx_error_clear(&err);
    cx_report_init(&rep);
    static const char *const by_names[] = {"channel"};

    struct cx_csat_opts co;
    cx_csat_scale("1-5", &co);
    co.z = cx_z_for_confidence(0.95);
    struct cx_ces_opts eo = {7, false, co.z};
    if (mode == MODE_PERIOD) {
        eo.scale_hi = 7;
        eo.low_is_easy = true;
    }

    struct cx_load_options opt;
    memset(&opt, 0, sizeof opt);
    opt.reader.max_field_bytes = FUZZ_MAX_FIELD;
    opt.reader.max_columns = FUZZ_MAX_COLUMNS;
    opt.reader.block_size = 4096;
    opt.strict = mode == MODE_STRICT;
    opt.skip_bad_rows = mode == MODE_SKIP_BAD;
    opt.warn = &warn;
    if (mode == MODE_PERIOD) {
        opt.decimal_comma = true;
        opt.has_since = opt.has_until = true;
        opt.since_ms = cx_days_from_civil(2000, 1, 1) * CX_MS_PER_DAY;
        opt.until_ms = cx_days_from_civil(2100, 1, 1) * CX_MS_PER_DAY;
    }

    enum cx_status st = CX_ERR_NOMEM;
    if (!setup(&t, &c))
        goto done;
    stats.path = "fuzz.csv";
    st = cx_load_mem(&t, data, size, "fuzz.csv", &opt, true, &stats, &err);
    if (oracles)
        check(st != CX_ERR_NOMEM && st != CX_DONE,
              "%s: load status %d '%s'", mode_names[mode], st, err.msg);
    if (st != CX_OK)
        goto done;
    if (oracles)
        check(stats.rows == t.nrows, "%s: %" PRIu64 " rows counted, %zu "
              "loaded", mode_names[mode], stats.rows, t.nrows);

    size_t by[1] = {(size_t)c.channel};
    size_t nby = mode == MODE_STRICT ? 0 : 1;
    enum cx_period period = mode == MODE_PERIOD ? CX_PERIOD_MONTH
                                                : CX_PERIOD_NONE;
    st = cx_group_build(&g, &t, by, nby, period, NULL, c.date, &err);
    if (st != CX_OK)
        goto done;
    groups = cx_calloc(g.ngroups ? g.ngroups : 1, sizeof *groups);
    if (!groups) {
        st = CX_ERR_NOMEM;
        goto done;
    }
    for (size_t r = 0; r < t.nrows; r++) {
        add_row(&all, &t, &c, &co, &eo, r);
        if (g.ngroups)
            add_row(&groups[g.row_group[r]], &t, &c, &co, &eo, r);
    }

    struct cx_nps_opts no = {false, co.z};
    cx_nps_finish(&all.nps, &no, &rep.overall[0]);
    cx_csat_finish(&all.csat, &co, &rep.overall[1]);
    cx_ces_finish(&all.ces, &eo, &rep.overall[2]);
    rep.noverall = 3;
    if (!contact_metrics(&t, &c, &rep.overall[3], &rep.overall[4], oracles)) {
        st = CX_ERR_NOMEM;
        goto done;
    }
    rep.noverall = 5;
    if (oracles) {
        check_nps(&rep.overall[0], t.nrows);
        check_result(&rep.overall[1], t.nrows, 0, 100, true);
        check_result(&rep.overall[2], t.nrows, 1, eo.scale_hi, false);
        check_result(&rep.overall[3], t.nrows, 0, HUGE_VAL, false);
        check_result(&rep.overall[4], t.nrows, 0, 100, true);
    }

    if (cx_report_groups(&rep, g.ngroups) != 0) {
        st = CX_ERR_NOMEM;
        goto done;
    }
    struct accs sum;
    memset(&sum, 0, sizeof sum);
    for (size_t i = 0; i < g.ngroups; i++) {
        struct cx_report_group *rg = &rep.groups[i];
        cx_nps_merge(&sum.nps, &groups[i].nps);
        cx_csat_merge(&sum.csat, &groups[i].csat);
        cx_ces_merge(&sum.ces, &groups[i].ces);
        rg->key = cx_arena_alloc(&rep.arena, sizeof *rg->key);
        if (!rg->key) {
            st = CX_ERR_NOMEM;
            goto done;
        }
        uint32_t id = g.keys[i * nby];
        size_t len = 0;
        const char *s = id ? cx_intern_get(&t.strings, id, &len) : NULL;
        rg->key[0] = s ? cx_report_strdup(&rep, s, len) : NULL;
        if (s && !rg->key[0]) {
            st = CX_ERR_NOMEM;
            goto done;
        }
        if (period != CX_PERIOD_NONE && g.period_code[i] != CX_PERIOD_NULL) {
            char pbuf[32];
            cx_period_format(period, g.period_code[i], pbuf, sizeof pbuf);
            rg->period = cx_report_strdup(&rep, pbuf, strlen(pbuf));
        }
        if (cx_report_group_room(&rep, rg, 3) != 0) {
            st = CX_ERR_NOMEM;
            goto done;
        }
        cx_nps_finish(&groups[i].nps, &no, &rg->metrics[0]);
        cx_csat_finish(&groups[i].csat, &co, &rg->metrics[1]);
        cx_ces_finish(&groups[i].ces, &eo, &rg->metrics[2]);
        rg->nmetrics = 3;
        if (oracles) {
            uint64_t rows = groups[i].nps.promoters + groups[i].nps.passives
                            + groups[i].nps.detractors
                            + groups[i].nps.missing + groups[i].nps.invalid;
            check(rows > 0, "group %zu has no rows", i);
            check_nps(&rg->metrics[0], rows);
            check_result(&rg->metrics[1], rows, 0, 100, true);
            check_result(&rg->metrics[2], rows, 1, eo.scale_hi, false);
        }
    }
    if (oracles && g.ngroups)
        same_counts(&sum, &all);

    rep.inputs = &stats;
    rep.ninputs = 1;
    rep.by_names = by_names;
    rep.nby = nby;
    rep.has_period = period != CX_PERIOD_NONE;
    if (oracles)
        check_writers(&rep, all.nps.promoters + all.nps.passives
                                + all.nps.detractors);
done:
    cx_free(groups);
    cx_group_release(&g);
    cx_report_release(&rep);
    cx_table_release(&t);
    return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_reader(data, size);
    uint64_t before = cx_alloc_count();
    for (int m = 0; m < MODE_COUNT; m++)
        run_mode(data, size, (enum mode)m, true);
    /* Allocation failure at a point chosen from the input: error paths
     * must free what they took and must not crash. */
    uint64_t allocs = cx_alloc_count() - before;
    if (allocs > 0) {
        uint64_t h = UINT64_C(0xcbf29ce484222325);
        fnv(&h, data, size);
        long k = (long)(h % (allocs / MODE_COUNT + 1));
        cx_alloc_fail_after(k);
        run_mode(data, size, (enum mode)(h % MODE_COUNT), false);
        cx_alloc_fail_after(-1);
    }
    return 0;
}
