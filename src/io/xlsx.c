/* xlsx.c - one sheet of an .xlsx workbook as CSV text (see source.h).
 *
 * An .xlsx file is a zip of XML parts (ECMA-376 Part 1, SpreadsheetML).
 * A first pass over the zip (libarchive) reads the small parts whole:
 * the workbook (sheet names, the 1904 date system), its relationships
 * (which part holds which sheet), the styles (which cell formats are
 * dates) and the shared strings.  A second pass streams the sheet's part
 * through expat and writes CSV text as the reader asks for it:
 *
 *  - one record per sheet row, fields separated by commas; a row the
 *    sheet skips, or whose cells are all empty, is a blank line (which
 *    the reader skips), so a record's line is its row number until a
 *    cell holds a line break;
 *  - cells the sheet leaves out are empty fields, and every row has at
 *    least the fields of the first non-empty row (the header);
 *  - shared and inline strings as their text, booleans TRUE / FALSE,
 *    errors (#N/A) and formula strings as the text Excel shows;
 *  - numbers in the shortest form that reads back as the same double
 *    (integers without a decimal point); a number whose cell format is a
 *    date or time (built-in formats 14-22, 27-36, 45-47, 50-58, or a
 *    custom format with d, m, y or h, s outside quotes and brackets)
 *    becomes YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS when it has a time of day,
 *    or H:MM:SS for a time-only format below one day (durations);
 *  - a field is quoted when it holds a quote, a line break, a delimiter
 *    the reader could take (, ; | TAB) or blanks at either end.
 *
 * Errors name the sheet and the cell: "book.xlsx: Sheet1!C17: ...".
 */
#include "io/source.h"

#include <errno.h>
#include <expat.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cxcalc/calendar.h"
#include "io/archive_dl.h"
#include "util/alloc.h"

/* libarchive, loaded by the time a source that uses it exists */
#define AR cx_archive_api(NULL, 0)

#define READ_BLOCK ((size_t)64 << 10)
#define MAX_COLS 16384                  /* XFD, Excel's last column */

/* What a cell format makes of a number. */
enum fmt { FMT_NUMBER = 0, FMT_DATE, FMT_TIME, FMT_ELAPSED };

struct sheet_ref {
    char *name, *rid;
};

struct rel {
    char *id, *target;
};

struct custom_fmt {
    unsigned id;
    enum fmt kind;
};

struct cell {
    size_t col;
    size_t off, len;            /* its text in row_text */
};

struct xlsx {
    struct cx_source base;
    int fd;                     /* -1: memory */
    const unsigned char *mem;
    size_t mem_len;
    unsigned char *owned;       /* a pipe's bytes, read whole */
    const char *want;           /* --sheet, borrowed; NULL: the first */

    /* the first pass */
    struct sheet_ref *sheets;
    size_t nsheets, sheets_cap;
    struct rel *rels;
    size_t nrels, rels_cap;
    struct custom_fmt *fmts;
    size_t nfmts, fmts_cap;
    unsigned char *xf;          /* enum fmt of each cellXfs entry */
    size_t nxf, xf_cap;
    size_t *ss_off;             /* shared string i: ss.p + ss_off[i] */
    size_t nss, ss_cap;
    struct cx_textbuf ss;
    bool date1904;
    const char *sheet;          /* the sheet read: its name */
    char *part;                 /* and its part's path in the zip */

    /* parsing state */
    XML_Parser xp;
    int depth;
    bool in_cellxfs, in_si, in_rph, in_t, in_v, in_is, in_c;
    struct cx_textbuf text;            /* a string or value being read */

    /* the sheet */
    struct archive *a;
    uint64_t row;               /* the current row (1-based) */
    uint64_t rows_out;          /* lines written so far */
    size_t next_col;            /* 0-based column of a cell without r= */
    size_t width;               /* fields of the header row; 0: none yet */
    size_t cur_col;
    char cur_type[12];
    unsigned cur_style;
    struct cx_textbuf row_text;
    struct cell *cells;
    size_t ncells, cells_cap;
    struct cx_textbuf out;             /* CSV text not yet handed out */
    size_t out_pos;
    bool done;

    bool failed;
    struct cx_error err;
};

/* ---- errors ------------------------------------------------------------ */

static void set_error(struct xlsx *x, enum cx_status st, const char *fmt,
                      ...) __attribute__((format(printf, 3, 4)));

/* The first error sticks; the parser is stopped. */
static void set_error(struct xlsx *x, enum cx_status st, const char *fmt,
                      ...)
{
    if (x->failed)
        return;
    x->failed = true;
    struct cx_loc loc = {x->base.display, 0, 0};
    va_list ap;
    va_start(ap, fmt);
    cx_error_setv(&x->err, st, &loc, fmt, ap);
    va_end(ap);
    if (x->xp)
        XML_StopParser(x->xp, XML_FALSE);
}

static void nomem(struct xlsx *x)
{
    set_error(x, CX_ERR_NOMEM, "out of memory");
}

/* "C17" for 0-based column col of row `row`. */
static void cell_name(size_t col, uint64_t row, char *out, size_t size)
{
    char letters[8];
    size_t n = 0;
    for (size_t c = col + 1; c > 0 && n < sizeof letters; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    size_t i = 0;
    while (n > 0 && i + 1 < size)
        out[i++] = letters[--n];
    snprintf(out + i, size - i, "%" PRIu64, row);
}

static void cell_error(struct xlsx *x, const char *what, const char *value)
{
    char ref[32];
    cell_name(x->cur_col, x->row, ref, sizeof ref);
    set_error(x, CX_ERR_VALUE, "%s!%s: %s '%.60s'", x->sheet, ref, what,
              value);
}

/* ---- XML helpers ------------------------------------------------------- */

/* The name without its namespace prefix. */
static const char *local(const char *name)
{
    const char *c = strrchr(name, ':');
    return c ? c + 1 : name;
}

/* The value of attribute `name` (compared without prefix), or NULL;
 * prefixed: only a prefixed one (r:id, not id). */
static const char *attr(const char **atts, const char *name, bool prefixed)
{
    for (size_t i = 0; atts[i]; i += 2) {
        const char *c = strrchr(atts[i], ':');
        if (prefixed && !c)
            continue;
        if (strcmp(c ? c + 1 : atts[i], name) == 0)
            return atts[i + 1];
    }
    return NULL;
}

static char *xdup(struct xlsx *x, const char *s)
{
    size_t n = strlen(s);
    char *d = cx_malloc(n + 1);
    if (!d)
        nomem(x);
    else
        memcpy(d, s, n + 1);
    return d;
}

static void on_text(void *ud, const XML_Char *s, int len)
{
    struct xlsx *x = ud;
    if ((x->in_t && !x->in_rph) || x->in_v)
        if (!cx_textbuf_add(&x->text, s, (size_t)len))
            nomem(x);
}

/* ---- the first pass: workbook, relationships, styles, strings -------- */

/* Is a custom number format a date or a time?  Letters inside quotes,
 * after a backslash, after _ or * (spacing and fill) and inside [...]
 * (colors, locales) do not count, but [h], [m], [s] are elapsed time. */
static enum fmt classify(const char *code)
{
    bool date = false, time = false, month = false, elapsed = false;
    for (const char *p = code; *p; p++) {
        char c = (char)(*p | 0x20);
        if (*p == '"') {
            while (p[1] && p[1] != '"')
                p++;
            if (p[1])
                p++;
        } else if (*p == '\\' || *p == '_' || *p == '*') {
            if (p[1])
                p++;
        } else if (*p == '[') {
            char e = (char)(p[1] | 0x20);
            if (e == 'h' || e == 'm' || e == 's')
                elapsed = time = true;
            while (p[1] && p[1] != ']')
                p++;
            if (p[1])
                p++;
        } else if (c == 'y' || c == 'd') {
            date = true;
        } else if (c == 'h' || c == 's') {
            time = true;
        } else if (c == 'm') {
            month = true;
        } else if (*p == ';') {
            break;                      /* the positive section decides */
        }
    }
    if (date || (month && !time))
        return FMT_DATE;
    if (elapsed)
        return FMT_ELAPSED;
    return time ? FMT_TIME : FMT_NUMBER;
}

/* The built-in number formats (ECMA-376 Part 1, 18.8.30) that are dates
 * or times; the East Asian ones (27-36, 50-58) are dates. */
static enum fmt builtin_fmt(unsigned id)
{
    if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36)
        || (id >= 50 && id <= 58))
        return FMT_DATE;
    if ((id >= 18 && id <= 21) || id == 45 || id == 47)
        return FMT_TIME;
    if (id == 46)
        return FMT_ELAPSED;             /* [h]:mm:ss */
    return FMT_NUMBER;
}

static void start_meta(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = ud;
    const char *n = local(name);
    x->depth++;
    if (strcmp(n, "sheet") == 0) {
        const char *nm = attr(atts, "name", false);
        const char *rid = attr(atts, "id", true);
        if (!nm)
            return;
        if (cx_grow((void **)&x->sheets, &x->sheets_cap, x->nsheets + 1,
                    sizeof *x->sheets, 8)) {
            nomem(x);
            return;
        }
        struct sheet_ref *s = &x->sheets[x->nsheets++];
        s->name = xdup(x, nm);
        s->rid = rid ? xdup(x, rid) : NULL;
    } else if (strcmp(n, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904", false);
        x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (strcmp(n, "Relationship") == 0) {
        const char *id = attr(atts, "Id", false);
        const char *target = attr(atts, "Target", false);
        if (!id || !target)
            return;
        if (cx_grow((void **)&x->rels, &x->rels_cap, x->nrels + 1,
                    sizeof *x->rels, 8)) {
            nomem(x);
            return;
        }
        x->rels[x->nrels].id = xdup(x, id);
        x->rels[x->nrels++].target = xdup(x, target);
    } else if (strcmp(n, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId", false);
        const char *code = attr(atts, "formatCode", false);
        if (!id || !code)
            return;
        if (cx_grow((void **)&x->fmts, &x->fmts_cap, x->nfmts + 1,
                    sizeof *x->fmts, 16)) {
            nomem(x);
            return;
        }
        x->fmts[x->nfmts++] = (struct custom_fmt){
            (unsigned)strtoul(id, NULL, 10), classify(code)};
    } else if (strcmp(n, "cellXfs") == 0) {
        x->in_cellxfs = true;
    } else if (strcmp(n, "xf") == 0 && x->in_cellxfs) {
        const char *id = attr(atts, "numFmtId", false);
        unsigned fid = id ? (unsigned)strtoul(id, NULL, 10) : 0;
        enum fmt k = builtin_fmt(fid);
        for (size_t i = 0; i < x->nfmts; i++)
            if (x->fmts[i].id == fid)
                k = x->fmts[i].kind;
        if (cx_grow((void **)&x->xf, &x->xf_cap, x->nxf + 1, 1, 64)) {
            nomem(x);
            return;
        }
        x->xf[x->nxf++] = (unsigned char)k;
    } else if (strcmp(n, "si") == 0) {
        x->in_si = true;
        x->text.len = 0;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = true;               /* phonetic reading: not text */
    } else if (strcmp(n, "t") == 0 && x->in_si) {
        x->in_t = true;
    }
}

static void end_meta(void *ud, const XML_Char *name)
{
    struct xlsx *x = ud;
    const char *n = local(name);
    x->depth--;
    if (strcmp(n, "cellXfs") == 0) {
        x->in_cellxfs = false;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = false;
    } else if (strcmp(n, "t") == 0) {
        x->in_t = false;
    } else if (strcmp(n, "si") == 0 && x->in_si) {
        x->in_si = false;
        if (cx_grow((void **)&x->ss_off, &x->ss_cap, x->nss + 1,
                    sizeof *x->ss_off, 256)
            || !cx_textbuf_add(&x->ss, x->text.p ? x->text.p : "", x->text.len)
            || !cx_textbuf_add(&x->ss, "", 0)) {
            nomem(x);
            return;
        }
        x->ss.len++;                    /* keep the NUL between strings */
        x->ss_off[x->nss++] = x->ss.len - x->text.len - 1;
    }
}

/* ---- the zip ----------------------------------------------------------- */

/* Open a pass over the zip; NULL with the error set. */
static struct archive *open_zip(struct xlsx *x)
{
    struct archive *a = AR->read_new();
    if (!a) {
        nomem(x);
        return NULL;
    }
    int rc = AR->read_support_format_zip(a);
    if (rc == ARCHIVE_OK) {
        if (x->fd >= 0) {
            if (lseek(x->fd, 0, SEEK_SET) < 0)
                rc = ARCHIVE_FATAL;
            else
                rc = AR->read_open_fd(a, x->fd, READ_BLOCK);
        } else {
            rc = AR->read_open_memory(a, x->mem, x->mem_len);
        }
    }
    if (rc != ARCHIVE_OK) {
        set_error(x, CX_ERR_IO, "cannot read the zip archive: %s",
                  AR->error_string(a) ? AR->error_string(a)
                                          : strerror(errno));
        AR->read_free(a);
        return NULL;
    }
    return a;
}

/* Feed the current entry's XML to a new parser with these handlers. */
static bool parse_entry(struct xlsx *x, struct archive *a, const char *path,
                        XML_StartElementHandler start,
                        XML_EndElementHandler end)
{
    x->xp = XML_ParserCreate(NULL);
    if (!x->xp) {
        nomem(x);
        return false;
    }
    XML_SetUserData(x->xp, x);
    XML_SetElementHandler(x->xp, start, end);
    XML_SetCharacterDataHandler(x->xp, on_text);
    char *chunk = cx_malloc(READ_BLOCK);
    if (!chunk)
        nomem(x);
    while (chunk && !x->failed) {
        la_ssize_t n = AR->read_data(a, chunk, READ_BLOCK);
        if (n < 0) {
            set_error(x, CX_ERR_IO, "%s: %s", path, AR->error_string(a));
            break;
        }
        if (XML_Parse(x->xp, chunk, (int)n, n == 0) == XML_STATUS_ERROR
            && !x->failed) {
            set_error(x, CX_ERR_IO, "%s: malformed XML at line %lu (%s)",
                      path, (unsigned long)XML_GetCurrentLineNumber(x->xp),
                      XML_ErrorString(XML_GetErrorCode(x->xp)));
        }
        if (n == 0)
            break;
    }
    cx_free(chunk);
    XML_ParserFree(x->xp);
    x->xp = NULL;
    return !x->failed;
}

/* The sheet's part: the relationship target of the wanted sheet. */
static bool choose_sheet(struct xlsx *x, bool saw_workbook)
{
    if (!saw_workbook) {
        set_error(x, CX_ERR_ENCODING,
                  "a zip archive without xl/workbook.xml: not an .xlsx "
                  "workbook (nor CSV)");
        return false;
    }
    const struct sheet_ref *s = NULL;
    for (size_t i = 0; i < x->nsheets && !s; i++)
        if (!x->want || strcmp(x->sheets[i].name, x->want) == 0)
            s = &x->sheets[i];
    if (!s) {
        char list[512] = "";
        for (size_t i = 0; i < x->nsheets; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list),
                     "%s'%s'", i ? ", " : "", x->sheets[i].name);
        if (x->want)
            set_error(x, CX_ERR_USAGE, "no sheet '%s' in the workbook "
                      "(its sheets: %s)", x->want, list);
        else
            set_error(x, CX_ERR_EMPTY, "the workbook has no sheet");
        return false;
    }
    x->sheet = s->name;
    const char *target = NULL;
    for (size_t i = 0; i < x->nrels && s->rid && !target; i++)
        if (strcmp(x->rels[i].id, s->rid) == 0)
            target = x->rels[i].target;
    char path[512];
    if (!target)                        /* no relationships: the usual name */
        snprintf(path, sizeof path, "xl/worksheets/sheet%zu.xml",
                 (size_t)(s - x->sheets) + 1);
    else if (target[0] == '/')
        snprintf(path, sizeof path, "%s", target + 1);
    else
        snprintf(path, sizeof path, "xl/%s", target);
    x->part = xdup(x, path);
    return x->part != NULL;
}

/* The first pass: every part the sheet's text depends on. */
static bool read_meta(struct xlsx *x)
{
    struct archive *a = open_zip(x);
    if (!a)
        return false;
    bool workbook = false;
    static const char *const parts[] = {
        "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
        "xl/sharedStrings.xml"};
    struct archive_entry *e;
    int rc;
    while (!x->failed && (rc = AR->read_next_header(a, &e))
                             == ARCHIVE_OK) {
        const char *path = AR->entry_pathname(e);
        for (size_t i = 0; path && i < sizeof parts / sizeof parts[0]; i++)
            if (strcmp(path, parts[i]) == 0) {
                workbook = workbook || i == 0;
                parse_entry(x, a, path, start_meta, end_meta);
            }
    }
    if (!x->failed && rc != ARCHIVE_EOF)
        set_error(x, CX_ERR_IO, "damaged zip archive: %s",
                  AR->error_string(a));
    AR->read_free(a);
    return !x->failed && choose_sheet(x, workbook);
}

/* ---- the sheet: cells to CSV ------------------------------------------ */

/* A serial date-time as text; false when out of range. */
static bool format_date(const struct xlsx *x, double v, enum fmt k,
                        char *out, size_t size)
{
    if (!(v >= 0 && v < 2958466))       /* 9999-12-31 */
        return false;
    int64_t secs = (int64_t)llround(v * 86400.0);
    int64_t days = secs / 86400, tod = secs % 86400;
    if ((k == FMT_TIME && days == 0) || k == FMT_ELAPSED) {
        snprintf(out, size, "%" PRId64 ":%02d:%02d", secs / 3600,
                 (int)(secs / 60 % 60), (int)(secs % 60));
        return true;
    }
    /* The 1900 system counts from 1899-12-30 (25569 days before 1970);
     * serials below 61 were counted by Excel as if 1900 were a leap year,
     * one day off.  The 1904 system counts from 1904-01-01. */
    int64_t unix_days;
    if (x->date1904)
        unix_days = days - 24107;
    else
        unix_days = days - 25569 + (days < 61 ? 1 : 0);
    int64_t y;
    int m, d;
    cx_civil_from_days(unix_days, &y, &m, &d);
    if (tod == 0)
        snprintf(out, size, "%04" PRId64 "-%02d-%02d", y, m, d);
    else
        snprintf(out, size, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d", y, m,
                 d, (int)(tod / 3600), (int)(tod / 60 % 60),
                 (int)(tod % 60));
    return true;
}

/* The 0-based column of a reference like "C17"; false when it has none. */
static bool ref_col(const char *r, size_t *col)
{
    size_t c = 0;
    const char *p = r;
    while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
        c = c * 26 + (size_t)((*p | 0x20) - 'a' + 1);
        if (c > MAX_COLS)
            return false;
        p++;
    }
    if (p == r || c == 0)
        return false;
    *col = c - 1;
    return true;
}

/* The text of the cell just ended, by its type (ECMA-376 18.18.11). */
static void end_cell(struct xlsx *x)
{
    const char *v = x->text.p ? x->text.p : "";
    size_t vlen = x->text.len;
    const char *t = x->cur_type;
    char num[64];
    if (strcmp(t, "s") == 0) {
        char *end;
        errno = 0;
        unsigned long i = strtoul(v, &end, 10);
        if (vlen == 0)
            return;
        if (end == v || *end || errno || i >= x->nss) {
            char what[96];
            snprintf(what, sizeof what, "no shared string (the workbook "
                     "has %zu) numbered", x->nss);
            cell_error(x, what, v);
            return;
        }
        v = x->ss.p + x->ss_off[i];
        vlen = strlen(v);
    } else if (strcmp(t, "b") == 0) {
        if (vlen == 0)
            return;
        v = strcmp(v, "0") == 0 ? "FALSE" : "TRUE";
        vlen = strlen(v);
    } else if (t[0] == '\0' || strcmp(t, "n") == 0) {
        if (vlen == 0)
            return;
        char *end;
        double d = strtod(v, &end);
        while (*end == ' ')
            end++;
        if (end == v || *end || !isfinite(d)) {
            cell_error(x, "not a number:", v);
            return;
        }
        enum fmt k = x->cur_style < x->nxf ? (enum fmt)x->xf[x->cur_style]
                                           : FMT_NUMBER;
        if (k == FMT_NUMBER || !format_date(x, d, k, num, sizeof num))
            cx_source_number(d, num, sizeof num);
        v = num;
        vlen = strlen(num);
    }
    /* inlineStr, str (a formula's string), e (an error), d (ISO date):
     * the text as it is */
    if (vlen == 0)
        return;
    if (x->ncells && x->cur_col <= x->cells[x->ncells - 1].col) {
        cell_error(x, "cell out of order:", v);
        return;
    }
    if (cx_grow((void **)&x->cells, &x->cells_cap, x->ncells + 1,
                sizeof *x->cells, 64)) {
        nomem(x);
        return;
    }
    x->cells[x->ncells++] = (struct cell){x->cur_col, x->row_text.len, vlen};
    if (!cx_textbuf_add(&x->row_text, v, vlen))
        nomem(x);
}

/* Lines up to the row about to start: blank ones for rows skipped. */
static void blank_lines(struct xlsx *x, uint64_t upto)
{
    while (x->rows_out + 1 < upto && !x->failed) {
        if (!cx_textbuf_add(&x->out, "\n", 1))
            nomem(x);
        x->rows_out++;
    }
}

static void end_row(struct xlsx *x)
{
    blank_lines(x, x->row);
    if (x->ncells) {
        size_t n = x->cells[x->ncells - 1].col + 1;
        if (!x->width)
            x->width = n;               /* the header row */
        if (n < x->width)
            n = x->width;
        size_t k = 0;
        for (size_t col = 0; col < n && !x->failed; col++) {
            if (col && !cx_textbuf_add(&x->out, ",", 1))
                nomem(x);
            if (k < x->ncells && x->cells[k].col == col) {
                const struct cell *c = &x->cells[k++];
                if (!cx_textbuf_add_field(&x->out, x->row_text.p + c->off, c->len))
                    nomem(x);
            }
        }
    }
    if (!cx_textbuf_add(&x->out, "\n", 1))
        nomem(x);
    x->rows_out++;
    x->ncells = 0;
    x->row_text.len = 0;
}

static void start_sheet(void *ud, const XML_Char *name,
                        const XML_Char **atts)
{
    struct xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "row") == 0) {
        const char *r = attr(atts, "r", false);
        uint64_t row = r ? strtoull(r, NULL, 10) : 0;
        x->row = row > x->row ? row : x->row + 1;
        x->next_col = 0;
        x->ncells = 0;
        x->row_text.len = 0;
    } else if (strcmp(n, "c") == 0) {
        const char *r = attr(atts, "r", false);
        const char *t = attr(atts, "t", false);
        const char *s = attr(atts, "s", false);
        x->cur_col = x->next_col;
        if (r && !ref_col(r, &x->cur_col)) {
            set_error(x, CX_ERR_VALUE, "%s: bad cell reference '%.20s' in "
                      "row %" PRIu64, x->sheet, r, x->row);
            return;
        }
        if (x->cur_col >= MAX_COLS) {
            set_error(x, CX_ERR_VALUE, "%s: row %" PRIu64 " has more than "
                      "%d columns", x->sheet, x->row, MAX_COLS);
            return;
        }
        x->next_col = x->cur_col + 1;
        snprintf(x->cur_type, sizeof x->cur_type, "%s", t ? t : "");
        x->cur_style = s ? (unsigned)strtoul(s, NULL, 10) : 0;
        x->text.len = 0;
        if (x->text.p)
            x->text.p[0] = '\0';
        x->in_c = true;
    } else if (x->in_c && strcmp(n, "v") == 0) {
        x->in_v = true;
    } else if (x->in_c && strcmp(n, "is") == 0) {
        x->in_is = true;
    } else if (x->in_is && strcmp(n, "t") == 0) {
        x->in_t = true;
    } else if (x->in_is && strcmp(n, "rPh") == 0) {
        x->in_rph = true;
    }
}

static void end_sheet(void *ud, const XML_Char *name)
{
    struct xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "v") == 0) {
        x->in_v = false;
    } else if (strcmp(n, "t") == 0) {
        x->in_t = false;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph = false;
    } else if (strcmp(n, "is") == 0) {
        x->in_is = false;
    } else if (strcmp(n, "c") == 0 && x->in_c) {
        x->in_c = false;
        end_cell(x);
    } else if (strcmp(n, "row") == 0) {
        end_row(x);
    }
}

/* Open the second pass at the sheet's part, with its parser. */
static bool open_sheet(struct xlsx *x)
{
    x->a = open_zip(x);
    if (!x->a)
        return false;
    struct archive_entry *e;
    int rc;
    while ((rc = AR->read_next_header(x->a, &e)) == ARCHIVE_OK) {
        const char *path = AR->entry_pathname(e);
        if (path && strcmp(path, x->part) == 0)
            break;
    }
    if (rc != ARCHIVE_OK) {
        set_error(x, CX_ERR_IO, "sheet '%s': part %s not in the zip",
                  x->sheet, x->part);
        return false;
    }
    x->xp = XML_ParserCreate(NULL);
    if (!x->xp) {
        nomem(x);
        return false;
    }
    XML_SetUserData(x->xp, x);
    XML_SetElementHandler(x->xp, start_sheet, end_sheet);
    XML_SetCharacterDataHandler(x->xp, on_text);
    return true;
}

/* Parse the next piece of the sheet into x->out. */
static bool parse_more(struct xlsx *x)
{
    char chunk[16384];
    la_ssize_t n = AR->read_data(x->a, chunk, sizeof chunk);
    if (n < 0) {
        set_error(x, CX_ERR_IO, "sheet '%s': %s", x->sheet,
                  AR->error_string(x->a));
        return false;
    }
    if (XML_Parse(x->xp, chunk, (int)n, n == 0) == XML_STATUS_ERROR
        && !x->failed)
        set_error(x, CX_ERR_IO, "sheet '%s': malformed XML at line %lu (%s)",
                  x->sheet, (unsigned long)XML_GetCurrentLineNumber(x->xp),
                  XML_ErrorString(XML_GetErrorCode(x->xp)));
    x->done = n == 0;
    return !x->failed;
}

static enum cx_status xlsx_read(struct cx_source *s, unsigned char *dst,
                                size_t cap, size_t *got,
                                struct cx_error *err)
{
    struct xlsx *x = (struct xlsx *)s;
    *got = 0;
    while (x->out_pos == x->out.len && !x->done && !x->failed) {
        x->out.len = x->out_pos = 0;
        parse_more(x);
    }
    if (x->failed) {
        *err = x->err;
        return err->status;
    }
    *got = cx_source_take(x->out.p, x->out.len, &x->out_pos, dst, cap);
    return CX_OK;
}

static void xlsx_free(struct cx_source *s)
{
    struct xlsx *x = (struct xlsx *)s;
    if (x->xp)
        XML_ParserFree(x->xp);
    if (x->a)
        AR->read_free(x->a);
    for (size_t i = 0; i < x->nsheets; i++) {
        cx_free(x->sheets[i].name);
        cx_free(x->sheets[i].rid);
    }
    for (size_t i = 0; i < x->nrels; i++) {
        cx_free(x->rels[i].id);
        cx_free(x->rels[i].target);
    }
    cx_free(x->sheets);
    cx_free(x->rels);
    cx_free(x->fmts);
    cx_free(x->xf);
    cx_free(x->ss_off);
    cx_free(x->ss.p);
    cx_free(x->part);
    cx_free(x->text.p);
    cx_free(x->row_text.p);
    cx_free(x->cells);
    cx_free(x->out.p);
    cx_free(x->owned);
    cx_free(x);
}

/* Both passes' set-up; NULL with err set on failure. */
static struct cx_source *start(struct xlsx *x, struct cx_error *err)
{
    if (!read_meta(x) || !open_sheet(x)) {
        *err = x->err;
        xlsx_free(&x->base);
        return NULL;
    }
    return &x->base;
}

static struct xlsx *xlsx_alloc(const char *sheet, const char *display,
                               struct cx_error *err)
{
    char why[256];
    if (!cx_archive_api(why, sizeof why)) {
        struct cx_loc loc = {display, 0, 0};
        cx_error_set(err, CX_ERR_IO, &loc, ".xlsx workbooks are read "
                     "through libarchive, which cannot be loaded: %s", why);
        return NULL;
    }
    struct xlsx *x = cx_calloc(1, sizeof *x);
    if (!x) {
        cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    x->base = (struct cx_source){xlsx_read, xlsx_free, display};
    x->fd = -1;
    x->want = sheet;
    return x;
}

struct cx_source *cx_xlsx_new_mem(const void *data, size_t len,
                                  const char *sheet, const char *display,
                                  struct cx_error *err)
{
    struct xlsx *x = xlsx_alloc(sheet, display, err);
    if (!x)
        return NULL;
    x->mem = data;
    x->mem_len = len;
    return start(x, err);
}

struct cx_source *cx_xlsx_new_fd(int fd, const void *prefix, size_t plen,
                                 const char *sheet, const char *display,
                                 struct cx_error *err)
{
    struct xlsx *x = xlsx_alloc(sheet, display, err);
    if (!x)
        return NULL;
    if (lseek(fd, 0, SEEK_SET) == 0) {
        x->fd = fd;
        return start(x, err);
    }
    /* A pipe: its bytes, read whole, are read twice from memory. */
    struct cx_textbuf all = {NULL, 0, 0};
    bool ok = cx_textbuf_add(&all, prefix, plen);
    char chunk[16384];
    while (ok) {
        ssize_t n = read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            struct cx_loc loc = {display, 0, 0};
            int e = errno;
            cx_error_set(err, CX_ERR_IO, &loc, "read error: %s",
                         strerror(e));
            err->sys_errno = e;
            cx_free(all.p);
            xlsx_free(&x->base);
            return NULL;
        }
        if (n == 0)
            break;
        ok = cx_textbuf_add(&all, chunk, (size_t)n);
    }
    if (!ok) {
        cx_free(all.p);
        xlsx_free(&x->base);
        cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    x->owned = (unsigned char *)all.p;
    x->mem = x->owned;
    x->mem_len = all.len;
    return start(x, err);
}
