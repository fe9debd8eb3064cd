/*
 * table.h - an in-memory columnar table of the cells the metrics use.
 *
 * Only columns some role, --by or --where needs are stored.  Each column is
 * a typed array (int8 scores, uint8 flags, int64 milliseconds for durations
 * and times, double numbers, uint32 interned ids for dimensions) plus a
 * per-row state (enum cx_cell).  Dimension strings are interned once.
 *
 * Ownership: the table owns its columns and strings; cx_table_release
 * frees them.  Pointers into columns move when rows are added.
 */
#ifndef CXCALC_TABLE_H
#define CXCALC_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxcalc/arena.h"
#include "cxcalc/error.h"
#include "cxcalc/intern.h"
#include "cxcalc/roles.h"

enum cx_col_kind {
    CX_KIND_SCORE,      /* integer within lo..hi */
    CX_KIND_FLAG,       /* yes/no */
    CX_KIND_DURATION,   /* milliseconds */
    CX_KIND_TIME,       /* milliseconds since the epoch, UTC */
    CX_KIND_NUMBER,     /* money or number */
    CX_KIND_NONNEG,     /* a number >= 0 */
    CX_KIND_DIM         /* text, interned */
};

struct cx_colspec {
    const char *name;   /* header name to look for; NULL for a role */
    enum cx_role role;  /* CX_ROLE_COUNT: found by name, not by role */
    enum cx_col_kind kind;
    int lo, hi;         /* score range */
    bool required;      /* an input must have it */
    uint32_t unless;    /* CX_ROLE_BITs: not read from an input that has
                           one of these roles (it is not needed there; 0:
                           read from every input).  A column added again
                           keeps the roles every adder named. */
};

/* What a column's cells were: how many read valid and invalid, and the
 * most frequent invalid values (the first CX_BAD_KEPT distinct ones, as
 * escaped text), for the error of a mostly invalid column. */
#define CX_BAD_KEPT 8
struct cx_cell_tally {
    uint64_t ok, invalid;
    struct cx_bad_value {
        const char *text;
        uint64_t count;
    } bad[CX_BAD_KEPT];
    size_t nbad;
    const char *file;       /* the first invalid cell */
    uint64_t line;
    /* Scores above the column's scale that a wider one (up to 10) would
     * take, and the largest: answers on another scale. */
    uint64_t above;
    int above_max;
    /* Customer ids of only zeros ("0", "000"), read as no customer: the
     * mark of an unknown caller in call logs.  The first one's place. */
    uint64_t zero_ids;
    const char *zero_file;
    uint64_t zero_line;
};

struct cx_column {
    struct cx_colspec spec;
    const char *label;  /* header name seen (first file), for messages */
    bool found;         /* some input had this column */
    uint8_t *state;     /* enum cx_cell per row (NULL for dimensions) */
    struct cx_cell_tally tally;     /* every row read, all chunks */
    union {
        int8_t *score;
        uint8_t *flag;
        int64_t *ms;
        double *num;
        uint32_t *dim;
    } v;
};

struct cx_table {
    enum cx_table_kind kind;
    size_t nrows, cap;
    struct cx_column *cols;
    size_t ncols, colcap;
    struct cx_intern strings;
    struct cx_arena arena;      /* labels and names */
    const char *first_file;     /* the first input, for messages
                                   (borrowed, like every message's file) */
    const char *header;         /* its header as a list, for messages */
    bool bad_utf8;              /* some text in `strings` is not UTF-8
                                   (the loader's warning, load.c) */
};

/* Returns 0, or -1 when out of memory. */
int cx_table_init(struct cx_table *t, enum cx_table_kind kind);
void cx_table_release(struct cx_table *t);

/* Add a column (or return the one with the same spec); its index or -1
 * when out of memory. */
long cx_table_add(struct cx_table *t, const struct cx_colspec *spec);

/* The index of the column of a role (any kind), or of a named column of a
 * kind; -1 when none. */
long cx_table_role(const struct cx_table *t, enum cx_role role);
long cx_table_named(const struct cx_table *t, const char *name,
                    enum cx_col_kind kind);

/* Make room for `rows` rows in every column; 0 or -1 (out of memory). */
int cx_table_reserve(struct cx_table *t, size_t rows);

/* The error for a role a metric needs but no input had: names the role,
 * why it is needed, the --col that names it, and the columns there are. */
enum cx_status cx_table_missing_role(const struct cx_table *t,
                                     enum cx_role role, const char *why,
                                     struct cx_error *err);

/* Count an invalid cell s[0..len) of column col (file and line: where);
 * 0, or -1 when out of memory. */
int cx_table_tally_bad(struct cx_table *t, size_t col, const char *s,
                       size_t len, const char *file, uint64_t line);

/* Add `from` (another part's tally of the same column) to `into`; the
 * texts stay borrowed from their tables. */
void cx_cell_tally_add(struct cx_cell_tally *into,
                       const struct cx_cell_tally *from);

/* The text of a dimension cell (borrowed). */
const char *cx_table_dim(const struct cx_table *t, size_t col, size_t row,
                         size_t *len);

#endif
