/* table.c - columnar tables (see table.h). */
#include "cxcalc/table.h"

#include <string.h>

#include "util/alloc.h"
#include "util/text.h"

int cx_table_init(struct cx_table *t, enum cx_table_kind kind)
{
    memset(t, 0, sizeof *t);
    t->kind = kind;
    cx_arena_init(&t->arena, 16 * 1024);
    return cx_intern_init(&t->strings);
}

void cx_table_release(struct cx_table *t)
{
    for (size_t c = 0; c < t->ncols; c++) {
        cx_free(t->cols[c].state);
        cx_free(t->cols[c].v.num);
    }
    cx_free(t->cols);
    cx_intern_release(&t->strings);
    cx_arena_release(&t->arena);
    memset(t, 0, sizeof *t);
}

static bool same_spec(const struct cx_colspec *a, const struct cx_colspec *b)
{
    if (a->role != b->role || a->kind != b->kind || a->lo != b->lo
        || a->hi != b->hi)
        return false;
    if (a->role != CX_ROLE_COUNT)
        return true;
    return a->name && b->name && strcmp(a->name, b->name) == 0;
}

long cx_table_add(struct cx_table *t, const struct cx_colspec *spec)
{
    for (size_t c = 0; c < t->ncols; c++) {
        if (same_spec(&t->cols[c].spec, spec)) {
            t->cols[c].spec.required |= spec->required;
            t->cols[c].spec.unless &= spec->unless;
            return (long)c;
        }
    }
    if (cx_grow((void **)&t->cols, &t->colcap, t->ncols + 1, sizeof *t->cols,
                8))
        return -1;
    struct cx_column *col = &t->cols[t->ncols];
    memset(col, 0, sizeof *col);
    col->spec = *spec;
    if (spec->name) {
        col->spec.name = cx_arena_strndup(&t->arena, spec->name,
                                          strlen(spec->name));
        if (!col->spec.name)
            return -1;
    }
    col->label = col->spec.name ? col->spec.name : cx_role_name(spec->role);
    return (long)t->ncols++;
}

long cx_table_role(const struct cx_table *t, enum cx_role role)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (t->cols[c].spec.role == role)
            return (long)c;
    return -1;
}

long cx_table_named(const struct cx_table *t, const char *name,
                    enum cx_col_kind kind)
{
    for (size_t c = 0; c < t->ncols; c++) {
        const struct cx_colspec *s = &t->cols[c].spec;
        if (s->role == CX_ROLE_COUNT && s->kind == kind && s->name
            && strcmp(s->name, name) == 0)
            return (long)c;
    }
    return -1;
}

static size_t value_size(enum cx_col_kind kind)
{
    switch (kind) {
    case CX_KIND_SCORE: return sizeof(int8_t);
    case CX_KIND_FLAG: return sizeof(uint8_t);
    case CX_KIND_DURATION:
    case CX_KIND_TIME: return sizeof(int64_t);
    case CX_KIND_NUMBER:
    case CX_KIND_NONNEG: return sizeof(double);
    case CX_KIND_DIM: return sizeof(uint32_t);
    }
    return sizeof(double);
}

int cx_table_reserve(struct cx_table *t, size_t rows)
{
    if (rows <= t->cap)
        return 0;
    size_t cap = t->cap ? t->cap : 4096;
    while (cap < rows) {
        if (cap > SIZE_MAX / 16)
            return -1;
        cap *= 2;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        struct cx_column *col = &t->cols[c];
        size_t vs = value_size(col->spec.kind);
        void *v = cx_realloc(col->v.num, cap * vs);
        if (!v)
            return -1;
        col->v.num = v;
        if (col->spec.kind != CX_KIND_DIM) {
            uint8_t *s = cx_realloc(col->state, cap);
            if (!s)
                return -1;
            col->state = s;
        }
    }
    t->cap = cap;
    return 0;
}

const char *cx_table_dim(const struct cx_table *t, size_t col, size_t row,
                         size_t *len)
{
    return cx_intern_get(&t->strings, t->cols[col].v.dim[row], len);
}

enum cx_status cx_table_missing_role(const struct cx_table *t,
                                     enum cx_role role, const char *why,
                                     struct cx_error *err)
{
    return cx_error_set(err, CX_ERR_COLUMN,
                        &(struct cx_loc){t->first_file, 0, 0},
                        "no column for role '%s' (%s; name it with --col "
                        "%s=NAME); columns are: %s",
                        cx_role_name(role), why, cx_role_name(role),
                        t->header ? t->header : "");
}

/* Count `count` more of the invalid value `text` (borrowed for good). */
static void tally_value(struct cx_cell_tally *y, const char *text,
                        uint64_t count)
{
    for (size_t i = 0; i < y->nbad; i++) {
        if (strcmp(y->bad[i].text, text) == 0) {
            y->bad[i].count += count;
            return;
        }
    }
    if (y->nbad < CX_BAD_KEPT)
        y->bad[y->nbad++] = (struct cx_bad_value){text, count};
}

int cx_table_tally_bad(struct cx_table *t, size_t col, const char *s,
                       size_t len, const char *file, uint64_t line)
{
    struct cx_cell_tally *y = &t->cols[col].tally;
    if (y->invalid++ == 0) {
        y->file = file;
        y->line = line;
    }
    char esc[128];
    cx_escape(s, len, esc, sizeof esc, 40);
    for (size_t i = 0; i < y->nbad; i++) {
        if (strcmp(y->bad[i].text, esc) == 0) {
            y->bad[i].count++;
            return 0;
        }
    }
    if (y->nbad == CX_BAD_KEPT)
        return 0;
    const char *text = cx_arena_strndup(&t->arena, esc, strlen(esc));
    if (!text)
        return -1;
    y->bad[y->nbad++] = (struct cx_bad_value){text, 1};
    return 0;
}

void cx_cell_tally_add(struct cx_cell_tally *into,
                       const struct cx_cell_tally *from)
{
    if (from->invalid && !into->invalid) {
        into->file = from->file;
        into->line = from->line;
    }
    if (from->zero_ids && !into->zero_ids) {
        into->zero_file = from->zero_file;
        into->zero_line = from->zero_line;
    }
    into->zero_ids += from->zero_ids;
    into->ok += from->ok;
    into->invalid += from->invalid;
    into->above += from->above;
    if (from->above_max > into->above_max)
        into->above_max = from->above_max;
    for (size_t i = 0; i < from->nbad; i++)
        tally_value(into, from->bad[i].text, from->bad[i].count);
}
