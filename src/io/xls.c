/* xls.c - one sheet of an Excel 97-2003 (.xls, BIFF) workbook as CSV
 * text, through libfreexl (see source.h).
 *
 * libfreexl reads the whole workbook at open and hands out typed cells;
 * the text follows xlsx.c's rules: one record per sheet row (a row with
 * no value is a blank line, so a record's line is its row number), every
 * row at least as wide as the header row, numbers in the shortest form
 * that reads back exactly, dates as YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS when
 * they have a time of day, times as H:MM:SS.  libfreexl tells dates from
 * the cells' formats itself. */
#include "io/source.h"

#include <freexl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"

struct xls {
    struct cx_source base;
    const void *h;              /* libfreexl's handle */
    const char *sheet;          /* its name, libfreexl's */
    unsigned rows;
    unsigned short cols;
    unsigned row;               /* the next row to write (0-based) */
    unsigned short width;       /* fields of the header row; 0: none yet */
    struct cx_textbuf out;      /* one row's CSV text */
    size_t out_pos;
};

/* A cell's text into buf (valid until the next cell); "" when empty. */
static const char *cell_text(const FreeXL_CellValue *v, char *buf,
                             size_t size)
{
    switch (v->type) {
    case FREEXL_CELL_INT:
        snprintf(buf, size, "%d", v->value.int_value);
        return buf;
    case FREEXL_CELL_DOUBLE:
        cx_source_number(v->value.double_value, buf, size);
        return buf;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        return v->value.text_value ? v->value.text_value : "";
    case FREEXL_CELL_DATE:
        return v->value.text_value ? v->value.text_value : "";
    case FREEXL_CELL_DATETIME: {
        /* "YYYY-MM-DD HH:MM:SS": a T between; midnight is the date */
        const char *t = v->value.text_value ? v->value.text_value : "";
        snprintf(buf, size, "%s", t);
        if (strlen(buf) == 19) {
            buf[10] = strcmp(buf + 11, "00:00:00") == 0 ? '\0' : 'T';
        }
        return buf;
    }
    case FREEXL_CELL_TIME: {
        const char *t = v->value.text_value ? v->value.text_value : "";
        return t[0] == '0' && t[1] && t[1] != ':' ? t + 1 : t;
    }
    default:
        return "";
    }
}

/* The CSV text of the next row into x->out; false with err set. */
static bool next_row(struct xls *x, struct cx_error *err)
{
    struct cx_loc loc = {x->base.display, 0, 0};
    char num[64];
    x->out.len = x->out_pos = 0;
    unsigned short last = 0;            /* 1 + the last non-empty column */
    for (unsigned short c = 0; c < x->cols; c++) {
        FreeXL_CellValue v;
        int rc = freexl_get_cell_value(x->h, x->row, c, &v);
        if (rc != FREEXL_OK) {
            cx_error_set(err, CX_ERR_VALUE, &loc, "%s!row %u column %u: "
                         "unreadable cell (libfreexl error %d)", x->sheet,
                         x->row + 1, (unsigned)c + 1, rc);
            return false;
        }
        if (*cell_text(&v, num, sizeof num))
            last = (unsigned short)(c + 1);
    }
    if (last && !x->width)
        x->width = last;                /* the header row */
    unsigned short n = last && last < x->width ? x->width : last;
    for (unsigned short c = 0; c < n; c++) {
        FreeXL_CellValue v;
        freexl_get_cell_value(x->h, x->row, c, &v);
        const char *text = cell_text(&v, num, sizeof num);
        if ((c && !cx_textbuf_add(&x->out, ",", 1))
            || !cx_textbuf_add_field(&x->out, text, strlen(text))) {
            cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
            return false;
        }
    }
    if (!cx_textbuf_add(&x->out, "\n", 1)) {
        cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        return false;
    }
    x->row++;
    return true;
}

static enum cx_status xls_read(struct cx_source *s, unsigned char *buf,
                               size_t cap, size_t *got, struct cx_error *err)
{
    struct xls *x = (struct xls *)s;
    *got = 0;
    while (x->out_pos == x->out.len) {
        if (x->row >= x->rows)
            return CX_OK;
        if (!next_row(x, err))
            return err->status;
    }
    *got = cx_source_take(x->out.p, x->out.len, &x->out_pos, buf, cap);
    return CX_OK;
}

static void xls_free(struct cx_source *s)
{
    struct xls *x = (struct xls *)s;
    if (x->h)
        freexl_close(x->h);
    cx_free(x->out.p);
    cx_free(x);
}

/* Select the wanted sheet; false with err set. */
static bool select_sheet(struct xls *x, const char *want,
                         struct cx_error *err)
{
    struct cx_loc loc = {x->base.display, 0, 0};
    unsigned count = 0;
    if (freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK
        || count == 0) {
        cx_error_set(err, CX_ERR_EMPTY, &loc, "the workbook has no sheet");
        return false;
    }
    char list[512] = "";
    for (unsigned i = 0; i < count && i <= 0xFFFF; i++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(x->h, (unsigned short)i, &name)
            != FREEXL_OK || !name)
            continue;
        if (!want || strcmp(name, want) == 0) {
            if (freexl_select_active_worksheet(x->h, (unsigned short)i)
                    != FREEXL_OK
                || freexl_worksheet_dimensions(x->h, &x->rows, &x->cols)
                       != FREEXL_OK)
                break;
            x->sheet = name;
            return true;
        }
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'",
                 *list ? ", " : "", name);
    }
    if (want)
        cx_error_set(err, CX_ERR_USAGE, &loc, "no sheet '%s' in the "
                     "workbook (its sheets: %s)", want, list);
    else
        cx_error_set(err, CX_ERR_IO, &loc, "cannot read the first sheet");
    return false;
}

struct cx_source *cx_xls_new(const char *path, const char *sheet,
                             const char *display, struct cx_error *err)
{
    struct cx_loc loc = {display, 0, 0};
    if (!path || strcmp(path, "-") == 0) {
        cx_error_set(err, CX_ERR_IO, &loc, "an Excel 97-2003 workbook (.xls) "
                     "is read from a file, not stdin");
        return NULL;
    }
    struct xls *x = cx_calloc(1, sizeof *x);
    if (!x) {
        cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    x->base = (struct cx_source){xls_read, xls_free, display};
    int rc = freexl_open(path, &x->h);
    if (rc != FREEXL_OK) {
        x->h = NULL;                    /* libfreexl freed what it had */
        cx_error_set(err, CX_ERR_IO, &loc, "cannot read the .xls workbook "
                     "(libfreexl error %d%s)", rc,
                     rc == FREEXL_INSUFFICIENT_MEMORY ? ": out of memory"
                     : rc == FREEXL_CRAFTED_FILE ? ": damaged" : "");
        xls_free(&x->base);
        return NULL;
    }
    if (!select_sheet(x, sheet, err)) {
        xls_free(&x->base);
        return NULL;
    }
    return &x->base;
}
