/*
 * load.h - read CSV inputs into a table: header, roles, field counts,
 * filters and cell parsing, with warnings for invalid cells and, once per
 * input, for its first kept text that is not UTF-8.
 *
 * The caller sets up the table's columns (cx_table_add) first; each input
 * file is then matched to them by its own header, so several files with
 * the same columns in any order load as one table.  A column missing from
 * one file is empty there; a required one missing from every file is an
 * error.
 */
#ifndef CXCALC_LOAD_H
#define CXCALC_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "cxcalc/arena.h"
#include "cxcalc/dates.h"
#include "cxcalc/error.h"
#include "cxcalc/labels.h"
#include "cxcalc/layout.h"
#include "cxcalc/reader.h"
#include "cxcalc/table.h"
#include "cxcalc/zone.h"

struct cx_where {
    const char *column;
    const char *value;
    bool negate;            /* COL!=VALUE */
};

struct cx_load_options {
    struct cx_reader_config reader;
    bool skip_bad_rows;     /* skip and count rows with a wrong field count */
    bool pad_short_rows;    /* a record with too few fields gets empty ones
                               (counted, warned about once per input) */
    bool strict;            /* the first invalid cell is an error */
    bool decimal_comma;
    const struct cx_col_override *overrides;
    size_t noverrides;
    const struct cx_where *where;
    size_t nwhere;
    bool *where_found;      /* nwhere flags, zeroed by the caller: some
                               input had that --where column */
    size_t header_rows;     /* 0: detect the layout; else --header-rows */
    /* --names: the files have no header row; these are their columns'
     * names ("_": a column no role or option uses).  header_rows is then
     * not looked at. */
    const char *const *names;
    size_t nnames;
    bool has_since, has_until;
    int64_t since_ms, until_ms;     /* keep since <= date < until */
    struct cx_warner *warn;
    /* Dates without an offset are wall-clock times of this zone (NULL:
     * UTC). */
    const struct cx_zone *zone;
    /* --date-format: every date column's layout (else each column's is
     * decided from its first values). */
    bool has_date_format;
    struct cx_date_layout date_format;
    /* --labels: a role's answer labels (NULL: the built-in scales) */
    const struct cx_label_map *labels[CX_ROLE_COUNT];
    bool ces_low_is_easy;   /* CES labels count from the other end */

    /* Streaming: when chunk is set, every chunk_rows rows (and at the end
     * of each input) the table is handed to chunk(), then emptied (its
     * strings stay), so memory does not grow with the input. */
    size_t chunk_rows;
    enum cx_status (*chunk)(void *ctx, struct cx_table *t,
                            struct cx_error *err);
    void *chunk_ctx;
    /* cx_load_file_parts cuts a file only when each part would have at
     * least this many bytes (0: 8 MiB). */
    uint64_t min_part_bytes;
};

/*
 * The header of one input: its column names (row 1), the question text of
 * a second header row when the layout has one, and the first data records
 * that were read while looking (to be loaded before the rest).
 */
struct cx_header {
    enum cx_layout layout;
    size_t header_rows;
    size_t n;                   /* columns */
    const char **names;
    const char **questions;     /* NULL, or n texts */
    struct cx_record *pending;  /* read ahead, loaded first */
    size_t npending;
    /* Per column: the answer labels its scores are read through (NULL:
     * none), decided from the rows read ahead (cx_header_sniff). */
    const struct cx_label_map **maps;
    /* Per column: the layout its dates are read in, and whether it was
     * decided (dated[i]). */
    struct cx_date_layout *dates;
    bool *dated;
    bool *tentative;            /* its order not yet decided (dates.h) */
    struct cx_arena arena;      /* owns all of the above */
};

/* Read the header rows of r (header_rows 0: detect the layout).  Invalid
 * UTF-8 in a name is an error; release h with cx_header_release. */
enum cx_status cx_header_read(struct cx_reader *r, const char *display,
                              size_t header_rows, struct cx_warner *warn,
                              struct cx_header *h, struct cx_error *err);
void cx_header_release(struct cx_header *h);

/* A header that is not in the input: `n` names (--names; copied), layout
 * CX_LAYOUT_NAMES with no header rows.  A name "_" becomes "", a column
 * no role matches and no option can name. */
enum cx_status cx_header_names(struct cx_header *h, const char *const *names,
                               size_t n, struct cx_error *err);

/* Read up to `rows` more data records of r into h->pending (fewer at the
 * end of the input). */
enum cx_status cx_header_read_ahead(struct cx_reader *r, struct cx_header *h,
                                    size_t rows, struct cx_error *err);

/* What one input contributed. */
struct cx_input_stats {
    const char *path;       /* as given ("-" for stdin), borrowed */
    enum cx_table_kind table;
    uint64_t rows;          /* data records kept (after filters) */
    uint64_t skipped_rows;  /* wrong field count, with --skip-bad-rows */
    uint64_t padded_rows;   /* too few fields, padded (--pad-short-rows) */
    bool pad_short_rows;    /* the input was read with --pad-short-rows
                               (padded_rows is then reported, even 0) */
    uint64_t filtered_rows; /* left out by --where, --since, --until */
    enum cx_layout layout;  /* of the header */
    /* The answer labels each score role's column was read through
     * ("satisfaction-5", "custom"; NULL: none). */
    const char *labels[CX_ROLE_COUNT];
    /* The layout each date role's column was read in ("M/D/YYYY"; NULL:
     * no such column). */
    const char *dates[CX_ROLE_COUNT];
};

/*
 * Append the records of `path` ("-": stdin) to t.  `display` names it in
 * messages.  `last` says no more files follow, so a required column that
 * no file so far had is an error now.
 */
enum cx_status cx_load_file(struct cx_table *t, const char *path,
                            const char *display,
                            const struct cx_load_options *opt, bool last,
                            struct cx_input_stats *stats,
                            struct cx_error *err);

/*
 * One part of a file loaded in parallel: the part's own table (set up
 * with the same columns as the others) and the chunk context for it.
 */
struct cx_load_part {
    struct cx_table *t;
    void *chunk_ctx;
};

/*
 * Load a regular file in up to nparts parts on as many threads, part k
 * into parts[k].t through opt->chunk with parts[k].chunk_ctx (opt->chunk
 * must be set).  The outcome is the one cx_load_file would give: the same
 * records, the same first error with its line, the same warnings in file
 * order (delivered after the parts finish; opt->warn->deliver_max must be
 * set, since each part keeps that many), the same stats.  Returns CX_DONE,
 * having read nothing, when the file is not worth cutting (not a regular
 * file, UTF-16, smaller than two parts): load it with cx_load_file.
 */
enum cx_status cx_load_file_parts(const struct cx_load_part *parts,
                                  size_t nparts, const char *path,
                                  const char *display,
                                  const struct cx_load_options *opt,
                                  bool last, struct cx_input_stats *stats,
                                  struct cx_error *err);

/* Load from memory (tests, fuzzing); same rules. */
enum cx_status cx_load_mem(struct cx_table *t, const void *data, size_t len,
                           const char *display,
                           const struct cx_load_options *opt, bool last,
                           struct cx_input_stats *stats,
                           struct cx_error *err);

#endif
