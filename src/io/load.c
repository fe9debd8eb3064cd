/* load.c - CSV inputs into a table (see load.h). */
#include "cxcalc/load.h"

#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cxcalc/arena.h"
#include "cxcalc/calendar.h"
#include "cxcalc/dates.h"
#include "io/source.h"
#include "io/split.h"
#include "table/cell.h"
#include "table/sniff.h"
#include "util/alloc.h"
#include "util/text.h"

/* One stored cell: header field -> table column. */
struct plan {
    size_t field;
    size_t col;
    const struct cx_label_map *map;     /* a score's answer labels */
    bool reversed;                      /* CES labels, low is easy */
    struct cx_date_layout date;         /* a date's layout */
    long time_field;                    /* DATE+TIME: the time's field */
    bool tentative;                     /* its day/month order open */
};

struct filter {
    long field;             /* -1: the column is not in this file */
    const char *value;
    size_t vlen;
    bool negate;
};

struct loader {
    struct cx_table *t;
    const struct cx_load_options *opt;
    const char *display;
    struct cx_reader *r;
    struct cx_header h;
    const char **names;     /* header names (h.names) */
    size_t nnames;
    struct plan *plan;
    size_t nplan;
    struct filter *filters;
    size_t nfilters;
    long date_field;        /* for --since/--until, -1 when none */
    long nps_field, nps_group_field;    /* Qualtrics's <id>_NPS_GROUP */
    long date_col;          /* its table column */
    const struct plan *date_plan;       /* how it is read */
    struct cx_zone_cache zone_cache;
    size_t ntentative;                  /* plan entries with the order
                                           of their dates open */
    struct cx_input_stats *stats;       /* (load_rows's) */
    bool *keep;
    bool header_borrowed;   /* h belongs to another part's loader */
    long start_col, end_col;    /* handle time from end - start: checked */
    struct cx_role_match match[CX_ROLE_COUNT];  /* how each role was found */
    bool utf8_every;            /* check every text, not only new ones */
    bool utf8_told;             /* the file's invalid UTF-8 warned about */
    uint64_t utf8_warning;      /* that warning's number among this
                                   loader's (1-based; 0: none) */
    struct cx_field_view *pad;  /* a short record with its empty fields */
    uint64_t pad_warning;       /* the padded-row warning's number, as
                                   utf8_warning (0: none yet) */
    bool pad_told;
};

static void loader_release(struct loader *l)
{
    cx_reader_free(l->r);
    if (!l->header_borrowed)
        cx_header_release(&l->h);
    cx_free(l->plan);
    cx_free(l->filters);
    cx_free(l->keep);
    cx_free(l->pad);
}

static const char *kind_expect(const struct loader *l, size_t c,
                               char *buf, size_t size)
{
    const struct cx_column *col = &l->t->cols[c];
    switch (col->spec.kind) {
    case CX_KIND_SCORE:
        snprintf(buf, size, "is not a score %d-%d", col->spec.lo,
                 col->spec.hi);
        return buf;
    case CX_KIND_FLAG:
        return "is not a yes/no flag (1/0, true/false, yes/no, y/n, t/f)";
    case CX_KIND_DURATION:
        return "is not a duration (seconds, MM:SS or H:MM:SS)";
    case CX_KIND_TIME: {
        struct cx_date_layout iso = {CX_DATE_ISO, NULL};
        const struct cx_date_layout *d = &iso;
        for (size_t i = 0; i < l->nplan; i++)
            if (l->plan[i].col == c)
                d = &l->plan[i].date;
        snprintf(buf, size, "is not a date or timestamp (%s)",
                 cx_date_layout_hint(d));
        return buf;
    }
    case CX_KIND_NUMBER:
        return "is not a number";
    case CX_KIND_NONNEG:
        return "is not a number >= 0";
    case CX_KIND_DIM:
        break;
    }
    return "is not valid";
}

/* "8,5" with the default decimal mark: probably a decimal comma. */
static bool looks_decimal_comma(const char *s, size_t len)
{
    s = cx_trim(s, &len);
    const char *c = memchr(s, ',', len);
    if (!c)
        return false;
    size_t after = len - (size_t)(c - s) - 1;
    return after > 0 && after != 3;
}

/* An invalid cell of table column c: counted, then warned about (an
 * error under --strict). */
static enum cx_status bad_cell(struct loader *l, size_t c,
                               const struct cx_field_view *f, uint64_t line,
                               struct cx_error *err)
{
    struct cx_column *col = &l->t->cols[c];
    if (cx_table_tally_bad(l->t, c, f->p, f->len, l->display, line) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    int v;
    if (col->spec.kind == CX_KIND_SCORE
        && cx_parse_score(f->p, f->len, 0, 10, &v) == CX_CELL_OK
        && v > col->spec.hi) {
        col->tally.above++;
        if (v > col->tally.above_max)
            col->tally.above_max = v;
    }
    char val[200], name[200], expect[160];
    cx_escape(f->p, f->len, val, sizeof val, 40);
    cx_escape(col->label, strlen(col->label), name, sizeof name, 60);
    const char *what = kind_expect(l, c, expect, sizeof expect);
    const char *hint = "";
    if ((col->spec.kind == CX_KIND_NUMBER || col->spec.kind == CX_KIND_NONNEG
         || col->spec.kind == CX_KIND_DURATION)
        && !l->opt->decimal_comma && looks_decimal_comma(f->p, f->len))
        hint = " (decimal comma? use --decimal-comma)";
    struct cx_loc loc = {l->display, line, 0};
    if (l->opt->strict)
        return cx_error_set(err, CX_ERR_VALUE, &loc,
                            "column '%s': '%s' %s%s", name, val, what, hint);
    if (l->opt->warn)
        cx_warn(l->opt->warn, &loc, "column '%s': '%s' %s%s", name, val,
                what, hint);
    return CX_OK;
}

/* A date or timestamp cell of plan entry pl, read in its layout (with its
 * time column's time of day, for DATE+TIME), as an instant. */
static enum cx_cell read_time(struct loader *l, const struct plan *pl,
                              const struct cx_record *rec, int64_t *ms)
{
    const struct cx_field_view *f = &rec->fields[pl->field];
    bool utc;
    enum cx_cell st = cx_date_parse(&pl->date, f->p, f->len, ms, &utc);
    if (st == CX_CELL_OK && pl->time_field >= 0) {
        const struct cx_field_view *tf = &rec->fields[pl->time_field];
        int64_t tod;
        st = utc || *ms % CX_MS_PER_DAY != 0
                 ? CX_CELL_INVALID
                 : cx_time_of_day_parse(tf->p, tf->len, &tod);
        *ms += st == CX_CELL_OK ? tod : 0;
    }
    if (st == CX_CELL_OK && !utc && l->opt->zone)
        *ms = cx_zone_instant(l->opt->zone, *ms, &l->zone_cache);
    return st;
}

/*
 * Warn, once per file, about the first text of a dimension column (a group
 * key, an id, a status) that is not UTF-8: a Windows-1252 export, say,
 * whose keys would otherwise just show U+FFFD in the report.
 */
static void tell_utf8(struct loader *l, const struct cx_column *col,
                      const char *s, size_t len, uint64_t line)
{
    l->utf8_told = true;
    l->t->bad_utf8 = true;
    if (!l->opt->warn)
        return;
    char name[200], val[200];
    cx_escape(col->label, strlen(col->label), name, sizeof name, 60);
    cx_escape(s, len, val, sizeof val, 40);
    cx_warn(l->opt->warn, &(struct cx_loc){l->display, line, 0},
            "column '%s': '%s' is not UTF-8, the first such text in this "
            "file (the file may be Windows-1252; read it with "
            "--encoding cp1252)", name, val);
    l->utf8_warning = l->opt->warn->count;
}

static bool all_zeros(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != '0')
            return false;
    return true;
}

/* A dimension cell into column col at row, as a string id. */
static enum cx_status put_text(struct loader *l, struct cx_column *col,
                               size_t row, const struct cx_field_view *f,
                               uint64_t line, struct cx_error *err)
{
    size_t len = f->len;
    const char *s = cx_trim(f->p, &len);
    /* A role's text (customer, issue, status) can be missing, as any
     * cell; a --by key cannot: there "NA" is a key like any other. */
    if (col->spec.role != CX_ROLE_COUNT && cx_cell_is_missing(s, len))
        len = 0;
    if (col->spec.role == CX_ROLE_CUSTOMER && len > 0 && all_zeros(s, len)) {
        /* "0": an unknown caller, not one customer with every such
         * contact (counted, and told once the inputs are read). */
        if (col->tally.zero_ids++ == 0) {
            col->tally.zero_file = l->display;
            col->tally.zero_line = line;
        }
        len = 0;
    }
    size_t before = l->t->strings.count;
    uint32_t id;
    if (cx_intern_put(&l->t->strings, s, len, &id) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    col->v.dim[row] = id;
    /* Only a text new to the table is checked, so a file costs one check
     * per distinct text.  That finds the file's first bad one as long as
     * the table held none before it (a bad text seen again was new, and
     * warned about, the first time); after an earlier file's, or an
     * earlier part's, every text is checked until this file's is found. */
    if (!l->utf8_told && (id >= before || l->utf8_every)
        && !cx_utf8_valid(s, len))
        tell_utf8(l, col, s, len, line);
    return CX_OK;
}

/* A score read through the column's answer labels; a user map's column
 * may hold scores as well. */
static enum cx_cell label_score(const struct plan *pl,
                                const struct cx_colspec *spec,
                                const struct cx_field_view *f, int *v)
{
    size_t len = f->len;
    const char *s = cx_trim(f->p, &len);
    if (cx_cell_is_missing(s, len))
        return CX_CELL_MISSING;
    long k = cx_label_find(pl->map, s, len);
    if (k < 0)
        return pl->map->points == 0
                   ? cx_parse_score(s, len, spec->lo, spec->hi, v)
                   : CX_CELL_INVALID;
    *v = cx_label_score(pl->map, k, spec->lo, pl->reversed);
    return *v >= spec->lo && *v <= spec->hi ? CX_CELL_OK : CX_CELL_INVALID;
}

/* Parse one cell into the column of plan entry pl at `row`. */
static enum cx_status put_cell(struct loader *l, const struct plan *pl,
                               size_t row, const struct cx_record *rec,
                               struct cx_error *err)
{
    const struct cx_field_view *f = &rec->fields[pl->field];
    uint64_t line = rec->line;
    struct cx_column *col = &l->t->cols[pl->col];
    enum cx_cell st = CX_CELL_OK;
    bool dc = l->opt->decimal_comma;
    switch (col->spec.kind) {
    case CX_KIND_SCORE: {
        int v = 0;
        if (pl->map)
            st = label_score(pl, &col->spec, f, &v);
        else
            st = cx_parse_score(f->p, f->len, col->spec.lo, col->spec.hi,
                                &v);
        if (st == CX_CELL_INVALID && col->spec.role == CX_ROLE_CSAT)
            st = cx_parse_rating(f->p, f->len, &v);     /* Zendesk */
        col->v.score[row] = (int8_t)v;
        break;
    }
    case CX_KIND_FLAG: {
        bool v = false;
        st = cx_parse_flag(f->p, f->len, &v);
        col->v.flag[row] = v;
        break;
    }
    case CX_KIND_DURATION: {
        int64_t v = 0;
        st = cx_parse_duration(f->p, f->len, dc, &v);
        col->v.ms[row] = v;
        break;
    }
    case CX_KIND_TIME: {
        int64_t v = 0;
        st = read_time(l, pl, rec, &v);
        col->v.ms[row] = v;
        break;
    }
    case CX_KIND_NUMBER:
    case CX_KIND_NONNEG: {
        double v = 0;
        st = cx_parse_number(f->p, f->len, dc, &v);
        if (st == CX_CELL_OK && col->spec.kind == CX_KIND_NONNEG && v < 0)
            st = CX_CELL_INVALID;
        col->v.num[row] = st == CX_CELL_OK ? v : 0;
        break;
    }
    case CX_KIND_DIM:
        return put_text(l, col, row, f, line, err);
    }
    col->state[row] = (uint8_t)st;
    col->tally.ok += st == CX_CELL_OK;
    if (st == CX_CELL_INVALID)
        return bad_cell(l, pl->col, f, line, err);
    return CX_OK;
}

/* Put an empty cell (the column is not in this file). */
static void put_empty(struct cx_table *t, size_t c, size_t row)
{
    struct cx_column *col = &t->cols[c];
    if (col->spec.kind == CX_KIND_DIM) {
        col->v.dim[row] = 0;
        return;
    }
    col->state[row] = CX_CELL_MISSING;
    switch (col->spec.kind) {
    case CX_KIND_SCORE: col->v.score[row] = 0; break;
    case CX_KIND_FLAG: col->v.flag[row] = 0; break;
    case CX_KIND_DURATION:
    case CX_KIND_TIME: col->v.ms[row] = 0; break;
    default: col->v.num[row] = 0; break;
    }
}

/* A deep copy of rec in the arena; false when out of memory. */
static bool copy_record(struct cx_arena *a, const struct cx_record *rec,
                        struct cx_record *out)
{
    struct cx_field_view *f = cx_arena_alloc(
        a, (rec->nfields ? rec->nfields : 1) * sizeof *f);
    if (!f)
        return false;
    for (size_t i = 0; i < rec->nfields; i++) {
        /* A field the reader does not keep is "" with its length. */
        size_t have = strnlen(rec->fields[i].p, rec->fields[i].len);
        f[i].p = cx_arena_strndup(a, rec->fields[i].p, have);
        f[i].len = rec->fields[i].len;
        if (!f[i].p)
            return false;
    }
    *out = (struct cx_record){f, rec->nfields, rec->line};
    return true;
}

/* The texts of a copied row as a names array of n entries ("" past its
 * end). */
static const char **row_texts(struct cx_arena *a, const struct cx_record *r,
                              size_t n)
{
    const char **t = cx_arena_alloc(a, (n ? n : 1) * sizeof *t);
    for (size_t i = 0; t && i < n; i++)
        t[i] = i < r->nfields ? r->fields[i].p : "";
    return t;
}

enum cx_status cx_header_read(struct cx_reader *r, const char *display,
                              size_t header_rows, struct cx_warner *warn,
                              struct cx_header *h, struct cx_error *err)
{
    memset(h, 0, sizeof *h);
    cx_arena_init(&h->arena, 16 * 1024);
    struct cx_record rows[3], rec;
    size_t nrows = 0, want = header_rows ? header_rows : 3;
    enum cx_status st;
    while (nrows < want && (st = cx_reader_next(r, &rec, err)) == CX_OK) {
        if (nrows > 0 && rec.nfields == 1 && rec.fields[0].len == 0)
            continue;                       /* a blank line */
        if (!copy_record(&h->arena, &rec, &rows[nrows++]))
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    }
    if (nrows < want && st != CX_DONE)
        return st;
    if (nrows == 0)
        return cx_error_set(err, CX_ERR_EMPTY, &(struct cx_loc){display, 0, 0},
                            "empty input: no header row");
    h->layout = cx_layout_detect(rows, nrows, &h->header_rows);
    if (header_rows && header_rows != h->header_rows) {
        /* --header-rows disagrees with what the rows look like. */
        h->layout = header_rows == 1 ? CX_LAYOUT_PLAIN : CX_LAYOUT_GIVEN;
        h->header_rows = header_rows;
        if (nrows < header_rows)
            return cx_error_set(err, CX_ERR_EMPTY,
                                &(struct cx_loc){display, 0, 0},
                                "only %zu of the %zu header rows", nrows,
                                header_rows);
    }
    const struct cx_record *names = &rows[0];
    h->n = names->nfields;
    for (size_t i = 0; i < h->n; i++) {
        const struct cx_field_view *f = &names->fields[i];
        if (!cx_utf8_valid(f->p, f->len))
            return cx_error_set(err, CX_ERR_ENCODING,
                                &(struct cx_loc){display, names->line, 0},
                                "invalid UTF-8 in header field %zu (the "
                                "file may be Windows-1252; read it "
                                "with --encoding cp1252)", i + 1);
        if (f->len >= 3 && memcmp(f->p, "\xef\xbb\xbf", 3) == 0 && warn)
            cx_warn(warn, &(struct cx_loc){display, names->line, 0},
                    "header field %zu starts with a second byte-order mark "
                    "(U+FEFF)", i + 1);
    }
    h->names = row_texts(&h->arena, names, h->n);
    if (!h->names)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    if (h->layout == CX_LAYOUT_SURVEYMONKEY) {
        /* Columns of a multi-answer question have no name of their own:
         * take the answer label from the second row. */
        for (size_t i = 0; i < h->n && i < rows[1].nfields; i++)
            if (!h->names[i][0])
                h->names[i] = rows[1].fields[i].p;
    } else if (h->header_rows >= 2) {
        h->questions = row_texts(&h->arena, &rows[1], h->n);
        if (!h->questions)
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    }
    h->pending = cx_arena_alloc(&h->arena, 3 * sizeof *h->pending);
    if (!h->pending)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    for (size_t i = h->header_rows; i < nrows; i++)
        h->pending[h->npending++] = rows[i];
    return CX_OK;
}

enum cx_status cx_header_read_ahead(struct cx_reader *r, struct cx_header *h,
                                    size_t rows, struct cx_error *err)
{
    struct cx_record *more = cx_arena_alloc(
        &h->arena, (h->npending + rows + 1) * sizeof *more);
    if (!more)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    memcpy(more, h->pending, h->npending * sizeof *more);
    h->pending = more;
    struct cx_record rec;
    enum cx_status st = CX_OK;
    for (size_t k = 0; k < rows && (st = cx_reader_next(r, &rec, err)) == CX_OK;
         k++)
        if (!copy_record(&h->arena, &rec, &h->pending[h->npending++]))
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    return st == CX_DONE ? CX_OK : st;
}

enum cx_status cx_header_names(struct cx_header *h, const char *const *names,
                               size_t n, struct cx_error *err)
{
    memset(h, 0, sizeof *h);
    cx_arena_init(&h->arena, 4096);
    h->layout = CX_LAYOUT_NAMES;
    h->n = n;
    h->names = cx_arena_alloc(&h->arena, (n ? n : 1) * sizeof *h->names);
    h->pending = cx_arena_alloc(&h->arena, sizeof *h->pending);
    if (!h->names || !h->pending)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const char *s = strcmp(names[i], "_") == 0 ? "" : names[i];
        h->names[i] = cx_arena_strndup(&h->arena, s, strlen(s));
        if (!h->names[i])
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    }
    return CX_OK;
}

void cx_header_release(struct cx_header *h)
{
    cx_arena_release(&h->arena);
}

static enum cx_status read_header(struct loader *l, struct cx_error *err)
{
    enum cx_status st =
        l->opt->names
            ? cx_header_names(&l->h, l->opt->names, l->opt->nnames, err)
            : cx_header_read(l->r, l->display, l->opt->header_rows,
                             l->opt->warn, &l->h, err);
    l->names = l->h.names;
    l->nnames = l->h.n;
    return st;
}

/* The NPS question's group column, when the table reads NPS and the
 * header has one (cx_nps_group_column): checked against the scores. */
static void find_nps_group(struct loader *l, const struct cx_role_match *m)
{
    l->nps_field = l->nps_group_field = -1;
    long nps = m[CX_ROLE_NPS].column;
    if (cx_table_role(l->t, CX_ROLE_NPS) < 0 || nps < 0)
        return;
    long group = cx_nps_group_column(l->names, l->nnames, nps);
    if (group < 0)
        return;
    l->nps_field = nps;
    l->nps_group_field = group;
    l->keep[group] = true;
}

/* Warn when the NPS group column disagrees with the score of a row. */
static void check_nps_group(struct loader *l, const struct cx_record *rec)
{
    static const char *const names[] = {"detractor", "passive", "promoter"};
    const struct cx_field_view *g = &rec->fields[l->nps_group_field];
    const struct cx_field_view *sf = &rec->fields[l->nps_field];
    size_t len = g->len;
    const char *s = cx_trim(g->p, &len);
    int said = -1, score;
    if (len == 1 && s[0] >= '1' && s[0] <= '3')
        said = s[0] - '1';
    for (int k = 0; k < 3; k++)
        if (cx_ieq(s, len, names[k]))
            said = k;
    if (said < 0 || cx_parse_score(sf->p, sf->len, 0, 10, &score)
                        != CX_CELL_OK)
        return;
    int is = score >= 9 ? 2 : score >= 7 ? 1 : 0;
    if (is != said && l->opt->warn) {
        char col[128];
        const char *gn = l->names[l->nps_group_field];
        cx_escape(gn, strlen(gn), col, sizeof col, 60);
        cx_warn(l->opt->warn, &(struct cx_loc){l->display, rec->line, 0},
                "column '%s' says %s but the score %d is a %s", col,
                names[said], score, names[is]);
    }
}

/* A column named in an option: among the names, then the question row. */
static long find_column(const struct loader *l, const char *name)
{
    long c = cx_find_column(l->names, l->nnames, name);
    if (c == -1 && l->h.questions)
        c = cx_find_column(l->h.questions, l->nnames, name);
    return c;
}

/* The header column of every role the table's columns want (m, by
 * role); with `last`, a required role no input had is an error. */
static enum cx_status resolve_roles(const struct loader *l, bool last,
                                    struct cx_role_match *m,
                                    struct cx_error *err)
{
    const struct cx_table *t = l->t;
    uint32_t wanted = 0, required = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        const struct cx_colspec *s = &t->cols[c].spec;
        if (s->role == CX_ROLE_COUNT)
            continue;
        wanted |= CX_ROLE_BIT(s->role);
        if (s->required && !t->cols[c].found && last)
            required |= CX_ROLE_BIT(s->role);
    }
    return cx_roles_resolve(t->kind, l->names, l->h.questions, l->nnames,
                            wanted, required, l->opt->overrides,
                            l->opt->noverrides, l->display, m, err);
}

/* The first input's header, kept for messages about the table. */
static enum cx_status keep_header(struct loader *l, struct cx_error *err)
{
    struct cx_table *t = l->t;
    if (t->header)
        return CX_OK;
    char list[2048];
    cx_header_list(l->names, l->nnames, list, sizeof list);
    t->header = cx_arena_strndup(&t->arena, list, strlen(list));
    t->first_file = l->display;
    if (!t->header)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    return CX_OK;
}

/* The header field of table column c (-1: not in this file): its role's
 * column unless one of its `unless` roles is here too, or the column
 * named by --by; with `last`, a required named column no input had is an
 * error. */
static enum cx_status column_field(const struct loader *l, size_t c,
                                   const struct cx_role_match *m, bool last,
                                   long *field, struct cx_error *err)
{
    const struct cx_column *col = &l->t->cols[c];
    if (col->spec.role != CX_ROLE_COUNT) {
        *field = m[col->spec.role].column;
        for (int r = 0; r < CX_ROLE_COUNT && *field >= 0; r++)
            if ((col->spec.unless & CX_ROLE_BIT(r)) && m[r].column >= 0)
                *field = -1;
        return CX_OK;
    }
    *field = find_column(l, col->spec.name);
    if (*field == -2)
        return cx_error_set(err, CX_ERR_COLUMN,
                            &(struct cx_loc){l->display, 0, 0},
                            "column '%s' appears more than once in the "
                            "header", col->spec.name);
    if (*field < 0 && col->spec.required && !col->found && last) {
        char list[2048];
        cx_header_list(l->names, l->nnames, list, sizeof list);
        return cx_error_set(err, CX_ERR_COLUMN,
                            &(struct cx_loc){l->display, 0, 0},
                            "no column '%s'; columns are: %s",
                            col->spec.name, list);
    }
    return CX_OK;
}

/* The plan: which header field fills which table column; a column found
 * for the first time takes its label from this header. */
static enum cx_status plan_table(struct loader *l, bool last,
                                 const struct cx_role_match *m,
                                 struct cx_error *err)
{
    struct cx_table *t = l->t;
    for (size_t c = 0; c < t->ncols; c++) {
        struct cx_column *col = &t->cols[c];
        long field;
        enum cx_status st = column_field(l, c, m, last, &field, err);
        if (st != CX_OK)
            return st;
        if (field < 0)
            continue;
        if (!col->found) {
            col->found = true;
            const char *nm = l->names[field];
            col->label = cx_arena_strndup(&t->arena, nm, strlen(nm));
            if (!col->label)
                return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        }
        long tf = col->spec.role != CX_ROLE_COUNT
                      && col->spec.kind == CX_KIND_TIME
                      ? m[col->spec.role].time_column : -1;
        l->plan[l->nplan++] = (struct plan){
            .field = (size_t)field, .col = c,
            .date = {CX_DATE_ISO, NULL}, .time_field = tf};
        l->keep[field] = true;
        if (tf >= 0)
            l->keep[tf] = true;
    }
    return CX_OK;
}

/* The --where filters' fields; with `last`, a column no input had is an
 * error. */
static enum cx_status plan_filters(struct loader *l, bool last,
                                   struct cx_error *err)
{
    for (size_t w = 0; w < l->opt->nwhere; w++) {
        const struct cx_where *wh = &l->opt->where[w];
        long field = find_column(l, wh->column);
        if (field == -2)
            return cx_error_set(err, CX_ERR_COLUMN,
                                &(struct cx_loc){l->display, 0, 0},
                                "column '%s' appears more than once in the "
                                "header", wh->column);
        bool *found = l->opt->where_found ? &l->opt->where_found[w] : NULL;
        if (field >= 0 && found)
            *found = true;
        if (field < 0 && last && !(found && *found)) {
            char list[2048];
            cx_header_list(l->names, l->nnames, list, sizeof list);
            return cx_error_set(err, CX_ERR_COLUMN,
                                &(struct cx_loc){l->display, 0, 0},
                                "no column '%s' for --where; columns are: %s",
                                wh->column, list);
        }
        if (field >= 0)
            l->keep[field] = true;
        l->filters[l->nfilters++] = (struct filter){
            field, wh->value, strlen(wh->value), wh->negate};
    }
    return CX_OK;
}

/* The columns rows are checked by as they load: start and end, and the
 * date of --since and --until. */
static void plan_checks(struct loader *l, const struct cx_role_match *m)
{
    struct cx_table *t = l->t;
    /* An interactions file whose handle time is end - start (no handle,
     * talk, hold or after-call column): an end before its start is an
     * invalid value of that row. */
    l->start_col = l->end_col = -1;
    bool parts = false;
    for (size_t i = 0; i < l->nplan; i++) {
        enum cx_role role = t->cols[l->plan[i].col].spec.role;
        if (role == CX_ROLE_START)
            l->start_col = (long)l->plan[i].col;
        else if (role == CX_ROLE_END)
            l->end_col = (long)l->plan[i].col;
        else if (role == CX_ROLE_HANDLE || role == CX_ROLE_TALK
                 || role == CX_ROLE_HOLD || role == CX_ROLE_ACW)
            parts = true;
    }
    if (t->kind != CX_TABLE_INTERACTIONS || parts || l->end_col < 0)
        l->start_col = l->end_col = -1;
    l->date_field = -1;
    if (l->opt->has_since || l->opt->has_until) {
        enum cx_role pr = cx_period_role(t->kind);
        l->date_col = cx_table_role(t, pr);
        if (l->date_col >= 0)
            l->date_field = m[pr].column;
        for (size_t i = 0; i < l->nplan; i++)
            if ((long)l->plan[i].col == l->date_col)
                l->date_plan = &l->plan[i];
        if (!l->date_plan)
            l->date_field = -1;
    }
}

/* Match this input's header to the table's columns and the options'
 * (`last`: the last input, where what no input had is an error), and
 * tell the reader which fields are read. */
static enum cx_status plan_columns(struct loader *l, bool last,
                                   struct cx_error *err)
{
    struct cx_role_match *m = l->match;
    enum cx_status st = resolve_roles(l, last, m, err);
    if (st == CX_OK)
        st = keep_header(l, err);
    if (st != CX_OK)
        return st;
    l->plan = cx_calloc(l->t->ncols, sizeof *l->plan);
    l->keep = cx_calloc(l->nnames, sizeof *l->keep);
    l->filters = cx_calloc(l->opt->nwhere ? l->opt->nwhere : 1,
                           sizeof *l->filters);
    if (!l->plan || !l->keep || !l->filters)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    st = plan_table(l, last, m, err);
    if (st == CX_OK)
        st = plan_filters(l, last, err);
    if (st != CX_OK)
        return st;
    find_nps_group(l, m);
    plan_checks(l, m);
    cx_reader_keep(l->r, l->keep, l->nnames);
    return CX_OK;
}

/* A column of NPS, CSAT or CES scores: its first rows are looked at. */
static bool survey_score(const struct cx_column *col)
{
    enum cx_role r = col->spec.role;
    return col->spec.kind == CX_KIND_SCORE
           && (r == CX_ROLE_NPS || r == CX_ROLE_CSAT || r == CX_ROLE_CES);
}

/* The --scale that fits a map of `points` points, for a message. */
static void scale_hint(enum cx_role role, int points, char *buf, size_t size)
{
    if (points == 5 || points == 7)
        snprintf(buf, size, "add --%s-scale 1-%d, or map the labels with "
                 "--labels %s=LABEL:VALUE,...", cx_role_name(role), points,
                 cx_role_name(role));
    else
        snprintf(buf, size, "map the labels with --labels "
                 "%s=LABEL:VALUE,...", cx_role_name(role));
}

/* What the rows read ahead say of one score column: refused (found
 * automatically, but a flag or no scale), labels of a scale of another
 * size than the metric's (an error), or the labels it is read through. */
static enum cx_status sniff_one(struct loader *l, const struct plan *pl,
                                struct cx_error *err)
{
    const struct cx_column *col = &l->t->cols[pl->col];
    enum cx_role role = col->spec.role;
    const struct cx_label_map *user = l->opt->labels[role];
    struct cx_score_sniff s;
    cx_score_sniff(role, col->spec.lo, col->spec.hi, user, l->h.pending,
                   l->h.npending, pl->field, &s);
    char name[128], why[256], hint[128];
    const char *nm = l->names[pl->field];
    cx_escape(nm, strlen(nm), name, sizeof name, 60);
    struct cx_loc loc = {l->display, 0, 0};
    enum cx_role_source src = l->match[role].source;
    if (src != CX_SRC_OPTION && !user
        && cx_score_sniff_refusal(&s, col->spec.lo, col->spec.hi, why,
                                  sizeof why))
        return cx_error_set(err, CX_ERR_COLUMN, &loc,
                            "column '%s' was taken for role '%s' by its %s, "
                            "but it %s; it is not used (if it is the score, "
                            "say so with --col %s='%s')", name,
                            cx_role_name(role),
                            src == CX_SRC_QUESTION ? "question text"
                                                   : "header name",
                            why, cx_role_name(role), name);
    if (s.scale_mismatch) {
        scale_hint(role, s.map->points, hint, sizeof hint);
        return cx_error_set(err, CX_ERR_VALUE, &loc,
                            "column '%s' holds the answer labels of a "
                            "%d-point scale (%s: %s) but %s is read on "
                            "%d-%d: %s", name, s.map->points, s.map->name,
                            s.values, cx_role_name(role), col->spec.lo,
                            col->spec.hi, hint);
    }
    l->h.maps[pl->field] = s.map;
    return CX_OK;
}

/* The layout of a date column, from --date-format or from the rows read
 * ahead: a column whose day/month order nothing decides is an error. */
static enum cx_status sniff_date(struct loader *l, const struct plan *pl,
                                 struct cx_error *err)
{
    size_t field = pl->field;
    l->h.dated[field] = true;
    if (l->opt->has_date_format) {
        l->h.dates[field] = l->opt->date_format;
        return CX_OK;
    }
    struct cx_date_sniff s;
    cx_date_sniff(l->h.pending, l->h.npending, field,
                  l->h.layout == CX_LAYOUT_SURVEYMONKEY, &s);
    l->h.dates[field] = s.layout;
    l->h.tentative[field] = s.tentative;
    if (!s.undecided)
        return CX_OK;
    char name[128];
    const char *nm = l->names[field];
    cx_escape(nm, strlen(nm), name, sizeof name, 60);
    return cx_error_set(err, CX_ERR_VALUE, &(struct cx_loc){l->display, 0, 0},
                        "column '%s': a date such as '%s' reads as "
                        "month/day and as day/month, and none of its first "
                        "%" PRIu64 " dates decides (a number over 12 "
                        "first or second); say which with --date-format "
                        "M/D/YYYY or --date-format D/M/YYYY", name, s.sample,
                        s.values);
}

static bool date_column(const struct loader *l, const struct plan *pl)
{
    return l->t->cols[pl->col].spec.kind == CX_KIND_TIME;
}

/* Read rows ahead when the table has survey scores or dates, and decide
 * from them what each such column is (sniff.h, dates.h).  The other parts
 * of a file loaded in parts share the first part's header and its
 * decisions. */
static enum cx_status sniff_columns(struct loader *l, struct cx_error *err)
{
    bool any = false;
    for (size_t i = 0; i < l->nplan; i++)
        any = any || survey_score(&l->t->cols[l->plan[i].col])
              || date_column(l, &l->plan[i]);
    if (!any)
        return CX_OK;
    size_t more = l->h.npending < CX_SNIFF_ROWS
                      ? CX_SNIFF_ROWS - l->h.npending : 0;
    enum cx_status st = cx_header_read_ahead(l->r, &l->h, more, err);
    if (st != CX_OK)
        return st;
    size_t n = l->nnames + 1;
    l->h.maps = cx_arena_alloc(&l->h.arena, n * sizeof *l->h.maps);
    l->h.dates = cx_arena_alloc(&l->h.arena, n * sizeof *l->h.dates);
    l->h.dated = cx_arena_alloc(&l->h.arena, n * sizeof *l->h.dated);
    l->h.tentative = cx_arena_alloc(&l->h.arena, n * sizeof *l->h.tentative);
    if (!l->h.maps || !l->h.dates || !l->h.dated || !l->h.tentative)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    memset(l->h.maps, 0, n * sizeof *l->h.maps);
    memset(l->h.dated, 0, n * sizeof *l->h.dated);
    memset(l->h.tentative, 0, n * sizeof *l->h.tentative);
    for (size_t i = 0; i < l->nplan && st == CX_OK; i++) {
        if (survey_score(&l->t->cols[l->plan[i].col]))
            st = sniff_one(l, &l->plan[i], err);
        else if (date_column(l, &l->plan[i]) && !l->h.dated[l->plan[i].field])
            st = sniff_date(l, &l->plan[i], err);
    }
    return st;
}

/* Each score column's labels and each date column's layout (from the
 * header's decisions), and which were used, for the report. */
static void plan_reading(struct loader *l, struct cx_input_stats *stats)
{
    for (size_t i = 0; i < l->nplan; i++) {
        struct plan *pl = &l->plan[i];
        const struct cx_column *col = &l->t->cols[pl->col];
        if (col->spec.kind == CX_KIND_TIME && l->h.dated
            && l->h.dated[pl->field]) {
            pl->date = l->h.dates[pl->field];
            pl->tentative = l->h.tentative[pl->field];
            l->ntentative += pl->tentative;
            if (stats && col->spec.role != CX_ROLE_COUNT)
                stats->dates[col->spec.role] = cx_date_layout_name(&pl->date);
        }
        if (col->spec.kind != CX_KIND_SCORE || !l->h.maps
            || !l->h.maps[pl->field])
            continue;
        pl->map = l->h.maps[pl->field];
        pl->reversed = col->spec.role == CX_ROLE_CES
                       && l->opt->ces_low_is_easy;
        if (stats)
            stats->labels[col->spec.role] = pl->map->name;
    }
}

/* Whether a record passes --where, --since and --until (*keep).  A date
 * that is not a date is warned about (an error under --strict) and the row
 * left out. */
static enum cx_status filter_row(struct loader *l, const struct cx_record *rec,
                                 bool *keep, struct cx_error *err)
{
    *keep = false;
    for (size_t i = 0; i < l->nfilters; i++) {
        const struct filter *f = &l->filters[i];
        const char *s = "";
        size_t len = 0;
        if (f->field >= 0) {
            s = rec->fields[f->field].p;
            len = rec->fields[f->field].len;
            s = cx_trim(s, &len);
        }
        bool eq = len == f->vlen && memcmp(s, f->value, len) == 0;
        if (eq == f->negate)
            return CX_OK;
    }
    if (l->opt->has_since || l->opt->has_until) {
        int64_t ms;
        if (l->date_field < 0)
            return CX_OK;
        const struct cx_field_view *f = &rec->fields[l->date_field];
        enum cx_cell st = read_time(l, l->date_plan, rec, &ms);
        if (st == CX_CELL_INVALID)
            return bad_cell(l, (size_t)l->date_col, f, rec->line, err);
        if (st != CX_CELL_OK)
            return CX_OK;
        /* A date out of the range is a valid one (the rows kept are
         * counted as they are stored). */
        if ((l->opt->has_since && ms < l->opt->since_ms)
            || (l->opt->has_until && ms >= l->opt->until_ms)) {
            l->t->cols[l->date_col].tally.ok++;
            return CX_OK;
        }
    }
    *keep = true;
    return CX_OK;
}

/* An end before its start, or more than the longest duration after it
 * (the handle time end - start is then invalid, SPEC §3): warned about,
 * an error under --strict. */
static enum cx_status check_times(struct loader *l, size_t row,
                                  uint64_t line, struct cx_error *err)
{
    const struct cx_column *s = &l->t->cols[l->start_col];
    const struct cx_column *e = &l->t->cols[l->end_col];
    if (s->state[row] != CX_CELL_OK || e->state[row] != CX_CELL_OK)
        return CX_OK;
    int64_t span = e->v.ms[row] - s->v.ms[row];
    if (span >= 0 && span <= CX_DURATION_MAX_MS)
        return CX_OK;
    char sn[200], en[200];
    cx_escape(s->label, strlen(s->label), sn, sizeof sn, 60);
    cx_escape(e->label, strlen(e->label), en, sizeof en, 60);
    struct cx_loc loc = {l->display, line, 0};
    const char *fmt = span < 0 ? "column '%s': the end is before the start "
                                 "(column '%s'): the handle time is invalid"
                               : "column '%s': more than 100000000 s after "
                                 "the start (column '%s'): the handle time "
                                 "is invalid";
    if (l->opt->strict)
        return cx_error_set(err, CX_ERR_VALUE, &loc, fmt, en, sn);
    if (l->opt->warn)
        cx_warn(l->opt->warn, &loc, fmt, en, sn);
    return CX_OK;
}

/* A column read as M/D/YYYY only because no date so far read differently
 * the two ways: the first that does decides its order from here on (the
 * dates before read the same either way), or, when it reads both ways,
 * stops the run: the order is never guessed. */
static enum cx_status settle_order(struct loader *l,
                                   const struct cx_record *rec,
                                   struct cx_error *err)
{
    for (size_t i = 0; i < l->nplan && l->ntentative; i++) {
        struct plan *pl = &l->plan[i];
        if (!pl->tentative)
            continue;
        const struct cx_field_view *f = &rec->fields[pl->field];
        enum cx_date_order o = cx_date_order_of(f->p, f->len);
        if (o == CX_ORDER_EITHER)
            continue;
        if (o == CX_ORDER_AMBIGUOUS) {
            char name[128], val[128];
            const char *nm = l->names[pl->field];
            cx_escape(nm, strlen(nm), name, sizeof name, 60);
            cx_escape(f->p, f->len, val, sizeof val, 40);
            return cx_error_set(err, CX_ERR_VALUE,
                                &(struct cx_loc){l->display, rec->line, 0},
                                "column '%s': '%s' reads as month/day and "
                                "as day/month, and no date before it "
                                "decides (a number over 12 first or "
                                "second); say which with --date-format "
                                "M/D/YYYY or --date-format D/M/YYYY", name,
                                val);
        }
        if (o == CX_ORDER_DAY_FIRST)
            pl->date.kind = CX_DATE_DMY;
        pl->tentative = false;
        l->ntentative--;
        enum cx_role role = l->t->cols[pl->col].spec.role;
        if (l->stats && role != CX_ROLE_COUNT)
            l->stats->dates[role] = cx_date_layout_name(&pl->date);
    }
    return CX_OK;
}

/* Hand the rows so far to the chunk sink and empty the table. */
static enum cx_status flush(struct loader *l, struct cx_error *err)
{
    enum cx_status st = CX_OK;
    if (l->t->nrows)
        st = l->opt->chunk(l->opt->chunk_ctx, l->t, err);
    l->t->nrows = 0;
    return st;
}

/*
 * A record with fewer fields than the header, under --pad-short-rows: the
 * missing trailing fields are empty (*rec then points into l->pad).  The
 * first of an input is warned about; all are counted.
 */
static enum cx_status pad_record(struct loader *l, struct cx_record *rec,
                                 struct cx_input_stats *stats,
                                 struct cx_error *err)
{
    if (!l->pad) {
        l->pad = cx_calloc(l->nnames, sizeof *l->pad);
        if (!l->pad)
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    }
    memcpy(l->pad, rec->fields, rec->nfields * sizeof *l->pad);
    for (size_t i = rec->nfields; i < l->nnames; i++)
        l->pad[i] = (struct cx_field_view){"", 0};
    stats->padded_rows++;
    if (!l->pad_told && l->opt->warn) {
        cx_warn(l->opt->warn, &(struct cx_loc){l->display, rec->line, 0},
                "padded: expected %zu fields, got %zu; the missing ones are "
                "read as empty (the first such row of this input; "
                "padded_rows counts them)", l->nnames, rec->nfields);
        l->pad_warning = l->opt->warn->count;
    }
    l->pad_told = true;
    rec->fields = l->pad;
    rec->nfields = l->nnames;
    return CX_OK;
}

/* One data record into the table (or skipped, or filtered out). */
static enum cx_status load_record(struct loader *l, const struct cx_record *r,
                                  struct cx_input_stats *stats,
                                  struct cx_error *err)
{
    struct cx_table *t = l->t;
    struct cx_record rec = *r;
    enum cx_status st;
    {
        /* A line of spaces is one empty field for libcsv: blank. */
        if (rec.nfields != l->nnames && rec.nfields == 1
            && rec.fields[0].len == 0)
            return CX_OK;
        if (rec.nfields < l->nnames && l->opt->pad_short_rows) {
            st = pad_record(l, &rec, stats, err);
            if (st != CX_OK)
                return st;
        }
        if (rec.nfields != l->nnames) {
            const char *hint =
                rec.nfields == l->nnames + 1
                        && rec.fields[rec.nfields - 1].len == 0
                    ? " (trailing delimiter?)" : "";
            struct cx_loc loc = {l->display, rec.line, 0};
            if (!l->opt->skip_bad_rows)
                return cx_error_set(err, CX_ERR_CSV, &loc,
                                    "expected %zu fields, got %zu%s",
                                    l->nnames, rec.nfields, hint);
            stats->skipped_rows++;
            if (l->opt->warn)
                cx_warn(l->opt->warn, &loc,
                        "skipped: expected %zu fields, got %zu%s",
                        l->nnames, rec.nfields, hint);
            return CX_OK;
        }
        if (l->ntentative && (st = settle_order(l, &rec, err)) != CX_OK)
            return st;
        bool keep;
        st = filter_row(l, &rec, &keep, err);
        if (st != CX_OK)
            return st;
        if (!keep) {
            stats->filtered_rows++;
            return CX_OK;
        }
        if (cx_table_reserve(t, t->nrows + 1) != 0)
            return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        size_t row = t->nrows;
        for (size_t c = 0; c < t->ncols; c++)
            put_empty(t, c, row);
        for (size_t i = 0; i < l->nplan; i++) {
            st = put_cell(l, &l->plan[i], row, &rec, err);
            if (st != CX_OK)
                return st;
        }
        if (l->nps_group_field >= 0)
            check_nps_group(l, &rec);
        if (l->start_col >= 0) {
            st = check_times(l, row, rec.line, err);
            if (st != CX_OK)
                return st;
        }
        t->nrows++;
        stats->rows++;
        if (l->opt->chunk && t->nrows >= l->opt->chunk_rows)
            return flush(l, err);
    }
    return CX_OK;
}

static enum cx_status load_rows(struct loader *l,
                                struct cx_input_stats *stats,
                                struct cx_error *err)
{
    struct cx_record rec;
    enum cx_status st = CX_OK;
    stats->layout = l->h.layout;
    for (size_t i = 0; i < l->h.npending && st == CX_OK; i++)
        st = load_record(l, &l->h.pending[i], stats, err);
    while (st == CX_OK && (st = cx_reader_next(l->r, &rec, err)) == CX_OK)
        st = load_record(l, &rec, stats, err);
    if (st != CX_DONE)
        return st;
    return l->opt->chunk ? flush(l, err) : CX_OK;
}

/* What is checked once the whole input is read. */
static enum cx_status finish_rows(const struct loader *l,
                                  const struct cx_input_stats *stats,
                                  struct cx_error *err)
{
    if (stats->rows == 0 && stats->skipped_rows > 0)
        return cx_error_set(err, CX_ERR_CSV,
                            &(struct cx_loc){l->display, 0, 0},
                            "every data record is malformed (%" PRIu64
                            " skipped)", stats->skipped_rows);
    if (stats->rows == 0 && stats->filtered_rows == 0 && l->opt->warn)
        cx_warn(l->opt->warn, &(struct cx_loc){l->display, 0, 0},
                "no data rows");
    return CX_OK;
}

static enum cx_status load(struct cx_table *t, struct cx_reader *r,
                           const char *display,
                           const struct cx_load_options *opt, bool last,
                           struct cx_input_stats *stats,
                           struct cx_error *err)
{
    struct loader l = {.t = t, .opt = opt, .display = display, .r = r,
                       .utf8_every = t->bad_utf8};
    stats->table = t->kind;
    stats->pad_short_rows = opt->pad_short_rows;
    l.stats = stats;
    enum cx_status st = read_header(&l, err);
    if (st == CX_OK)
        st = plan_columns(&l, last, err);
    if (st == CX_OK)
        st = sniff_columns(&l, err);
    if (st == CX_OK) {
        plan_reading(&l, stats);
        st = load_rows(&l, stats, err);
    }
    if (st == CX_OK)
        st = finish_rows(&l, stats, err);
    loader_release(&l);
    return st;
}

enum cx_status cx_load_file(struct cx_table *t, const char *path,
                            const char *display,
                            const struct cx_load_options *opt, bool last,
                            struct cx_input_stats *stats,
                            struct cx_error *err)
{
    struct cx_reader *r = cx_reader_open(path, display, &opt->reader, err);
    if (!r)
        return err->status;
    return load(t, r, display, opt, last, stats, err);
}

enum cx_status cx_load_mem(struct cx_table *t, const void *data, size_t len,
                           const char *display,
                           const struct cx_load_options *opt, bool last,
                           struct cx_input_stats *stats,
                           struct cx_error *err)
{
    struct cx_reader *r = cx_reader_open_mem(data, len, display,
                                             &opt->reader, err);
    if (!r)
        return err->status;
    return load(t, r, display, opt, last, stats, err);
}

/* ---- Parallel loading ---------------------------------------------------- */

/* A part's warnings, kept until the parts before it are done. */
struct held_warnings {
    struct cx_error *items;
    size_t n, cap;
};

static void hold_warning(void *ctx, const struct cx_error *w)
{
    struct held_warnings *h = ctx;
    if (cx_grow((void **)&h->items, &h->cap, h->n + 1, sizeof *h->items, 16)
        == 0)
        h->items[h->n++] = *w;
}

/* Pass a part's warnings on to the caller's warner, as cx_warn would
 * have: each counted, the first deliver_max delivered; but not its
 * warning numbers drop[0] and drop[1] (1-based; 0: none), held or not. */
static void pass_on(struct cx_warner *to, const struct cx_warner *from,
                    const struct held_warnings *h, const uint64_t drop[2])
{
    if (!to)
        return;
    for (size_t i = 0; i < h->n; i++) {
        if (i + 1 == drop[0] || i + 1 == drop[1])
            continue;
        to->count++;
        if (to->fn && (!to->deliver_max || to->count <= to->deliver_max))
            to->fn(to->ctx, &h->items[i]);
    }
    to->count += from->count - h->n - (drop[0] > h->n) - (drop[1] > h->n);
}

struct part_job {
    struct loader l;
    struct cx_load_options opt;
    struct cx_warner warn;
    struct held_warnings held;
    struct cx_input_stats stats;
    struct cx_error err;
    enum cx_status st;
    bool started;
    pthread_t thread;
};

static void *run_part(void *arg)
{
    struct part_job *j = arg;
    j->st = load_rows(&j->l, &j->stats, &j->err);
    return NULL;
}

#define MAX_PARTS 16

/* Split the regular file at path into up to nparts parts of at least
 * opt->min_part_bytes, at record boundaries: the number of parts, part k
 * from offsets[k] to offsets[k + 1] starting at line lines[k]; 1 when it
 * is not worth splitting or cannot be split. */
static size_t split_parts(const char *path, size_t nparts,
                          const struct cx_load_options *opt,
                          uint64_t *offsets, uint64_t *lines)
{
    uint64_t min_part = opt->min_part_bytes ? opt->min_part_bytes
                                            : (uint64_t)8 << 20;
    uint64_t block = opt->reader.block_size ? opt->reader.block_size
                                            : (uint64_t)1 << 20;
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 1;
    size_t n = 1;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)
        && (uint64_t)sb.st_size / min_part >= 2) {
        size_t want = (size_t)((uint64_t)sb.st_size / min_part);
        n = cx_split_file(fd, (uint64_t)sb.st_size,
                          want < nparts ? want : nparts, block + 1, offsets,
                          lines);
    }
    close(fd);
    return n;
}

/* A job per part, its warnings held; NULL when out of memory. */
static struct part_job *new_jobs(const struct cx_load_part *parts, size_t n,
                                 const char *display,
                                 const struct cx_load_options *opt)
{
    struct part_job *jobs = cx_calloc(n, sizeof *jobs);
    for (size_t k = 0; jobs && k < n; k++) {
        struct part_job *j = &jobs[k];
        j->opt = *opt;
        j->opt.chunk_ctx = parts[k].chunk_ctx;
        j->warn = (struct cx_warner){hold_warning, &j->held, 0,
                                     opt->warn ? opt->warn->deliver_max : 1};
        j->opt.warn = &j->warn;
        j->l = (struct loader){.t = parts[k].t, .opt = &j->opt,
                               .display = display,
                               .utf8_every = parts[k].t->bad_utf8};
        j->stats.table = parts[k].t->kind;
        j->st = CX_OK;
    }
    return jobs;
}

/* Open the n parts' readers and plan their columns.  Part 0 reads the
 * header (as cx_load_file would: a file that is not CSV fails here,
 * whole); the others borrow it.  CX_DONE: load the file whole after all;
 * another error is in jobs[0].err. */
static enum cx_status open_parts(struct part_job *jobs, size_t n,
                                 const char *path, const char *display,
                                 const struct cx_load_options *opt,
                                 const uint64_t *offsets,
                                 const uint64_t *lines, bool last)
{
    struct part_job *j0 = &jobs[0];
    enum cx_status st = CX_OK;
    j0->l.r = cx_reader_open(path, display, &opt->reader, &j0->err);
    if (!j0->l.r)
        st = j0->err.status;
    else if (cx_reader_was_utf16(j0->l.r)
             || cx_reader_was_decoded(j0->l.r)
             || cx_reader_consumed(j0->l.r) >= offsets[1])
        st = CX_DONE;
    else    /* rows read ahead stop at the end of part 0 */
        cx_reader_set_limit(j0->l.r, offsets[1]);
    if (st == CX_OK)
        st = read_header(&j0->l, &j0->err);
    if (st == CX_OK)
        st = plan_columns(&j0->l, last, &j0->err);
    if (st == CX_OK)
        st = sniff_columns(&j0->l, &j0->err);
    if (st == CX_OK)
        plan_reading(&j0->l, &j0->stats);
    /* a date column whose order a later row may decide: read in order */
    if (st == CX_OK && j0->l.ntentative)
        st = CX_DONE;
    for (size_t k = 1; k < n && st == CX_OK; k++) {
        struct part_job *j = &jobs[k];
        struct cx_reader_config rc = opt->reader;
        rc.delim = cx_reader_delim(j0->l.r);
        j->l.r = cx_reader_open_part(path, display, &rc, offsets[k],
                                     offsets[k + 1] - offsets[k], lines[k],
                                     &j->err);
        if (!j->l.r) {
            st = j->err.status;
            j0->err = j->err;
            break;
        }
        j->l.h = j0->l.h;
        j->l.h.npending = 0;
        j->l.header_borrowed = true;
        j->l.names = j0->l.names;
        j->l.nnames = j0->l.nnames;
        st = plan_columns(&j->l, last, &j->err);
        if (st != CX_OK)
            j0->err = j->err;
        else
            plan_reading(&j->l, NULL);
    }
    return st;
}

/* Load the parts' rows, each in a thread of its own (part 0, and a part
 * whose thread did not start, in this one). */
static void run_parts(struct part_job *jobs, size_t n, uint64_t end0)
{
    cx_reader_set_limit(jobs[0].l.r, end0);
    for (size_t k = 1; k < n; k++)
        jobs[k].started =
            pthread_create(&jobs[k].thread, NULL, run_part, &jobs[k]) == 0;
    run_part(&jobs[0]);
    for (size_t k = 1; k < n; k++) {
        if (jobs[k].started)
            pthread_join(jobs[k].thread, NULL);
        else
            run_part(&jobs[k]);
    }
}

/* The parts' warnings, counts and first error, in file order. */
static enum cx_status gather_parts(const struct part_job *jobs, size_t n,
                                   const struct cx_load_options *opt,
                                   struct cx_input_stats *stats,
                                   struct cx_error *err)
{
    enum cx_status st = CX_OK;
    bool utf8_told = false, pad_told = false;
    for (size_t k = 0; k < n; k++) {
        /* Each part warns about its first text that is not UTF-8, and its
         * first padded row; the file's are the first part's that did. */
        uint64_t utf8 = jobs[k].l.utf8_warning, pad = jobs[k].l.pad_warning;
        const uint64_t drop[2] = {utf8_told ? utf8 : 0, pad_told ? pad : 0};
        pass_on(opt->warn, &jobs[k].warn, &jobs[k].held, drop);
        utf8_told = utf8_told || utf8;
        pad_told = pad_told || pad;
        stats->rows += jobs[k].stats.rows;
        stats->skipped_rows += jobs[k].stats.skipped_rows;
        stats->padded_rows += jobs[k].stats.padded_rows;
        stats->filtered_rows += jobs[k].stats.filtered_rows;
        if (jobs[k].st != CX_DONE && jobs[k].st != CX_OK) {
            st = jobs[k].st;
            *err = jobs[k].err;
            break;
        }
    }
    stats->table = jobs[0].stats.table;
    stats->pad_short_rows = opt->pad_short_rows;
    stats->layout = jobs[0].l.h.layout;
    memcpy(stats->labels, jobs[0].stats.labels, sizeof stats->labels);
    memcpy(stats->dates, jobs[0].stats.dates, sizeof stats->dates);
    if (st == CX_OK)
        st = finish_rows(&jobs[0].l, stats, err);
    return st;
}

enum cx_status cx_load_file_parts(const struct cx_load_part *parts,
                                  size_t nparts, const char *path,
                                  const char *display,
                                  const struct cx_load_options *opt,
                                  bool last, struct cx_input_stats *stats,
                                  struct cx_error *err)
{
    if (nparts < 2 || !opt->chunk || (opt->warn && !opt->warn->deliver_max)
        || strcmp(path, "-") == 0)
        return CX_DONE;
    /* Parts are byte ranges of the file: a compressed file, a workbook
     * or a text in another encoding is read whole. */
    if (opt->reader.encoding
        || cx_source_detect_path(path) != CX_CONT_PLAIN)
        return CX_DONE;
    if (nparts > MAX_PARTS)
        nparts = MAX_PARTS;
    uint64_t offsets[MAX_PARTS + 1], lines[MAX_PARTS + 1];
    size_t n = split_parts(path, nparts, opt, offsets, lines);
    if (n < 2)
        return CX_DONE;
    struct part_job *jobs = new_jobs(parts, n, display, opt);
    if (!jobs)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    enum cx_status st = open_parts(jobs, n, path, display, opt, offsets,
                                   lines, last);
    if (st == CX_OK) {
        run_parts(jobs, n, offsets[1]);
        st = gather_parts(jobs, n, opt, stats, err);
    } else if (st != CX_DONE) {
        pass_on(opt->warn, &jobs[0].warn, &jobs[0].held,
                (const uint64_t[2]){0, 0});
        *err = jobs[0].err;
    }
    for (size_t k = n; k-- > 0;) {
        loader_release(&jobs[k].l);
        cx_free(jobs[k].held.items);
    }
    cx_free(jobs);
    return st;
}
