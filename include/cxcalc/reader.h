/*
 * reader.h - streaming CSV records from a file or stdin, through libcsv.
 *
 * The reader reads large blocks, skips a UTF-8 BOM and an Excel "sep=X"
 * line, sniffs the delimiter (unless given), and hands out one record at a
 * time with the physical line where it starts (1-based; LF, CRLF and lone
 * CR each end a line, newlines inside quotes count).  Quoting errors,
 * unterminated quotes, NUL bytes, UTF-16 input and over-long fields are
 * errors with FILE:LINE[:COL].
 *
 * Input that is not plain text is told by its first bytes: gzip, zstd, xz
 * and bzip2 are decompressed, an .xlsx workbook's sheet becomes CSV text,
 * and cfg->encoding converts the text to UTF-8 (src/io/source.h).  The
 * reader then pulls its blocks from that source instead of the file;
 * messages name the same FILE, and a damaged stream is an error with its
 * compressed byte offset.
 *
 * A record that lies on one line within the block, with no CR, NUL or
 * stray quote, is split by a fast scanner that gives exactly the fields
 * libcsv would (spaces and tabs trimmed outside quotes, doubled quotes
 * undone); everything else, and any record the scanner is unsure of, goes
 * through libcsv.
 *
 * Ownership: cx_reader_open returns a reader the caller frees with
 * cx_reader_free.  A record's field pointers belong to the reader and stay
 * valid until the next cx_reader_next call.
 */
#ifndef CXCALC_READER_H
#define CXCALC_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cxcalc/error.h"

#define CX_DEFAULT_MAX_FIELD_BYTES ((size_t)1 << 20)
#define CX_DEFAULT_MAX_COLUMNS ((size_t)100000)

/* The delimiter of -d whitespace: runs of spaces and tabs separate fields,
 * leading and trailing ones are dropped, a quoted field may hold blanks;
 * a record is a line (or more, when a quoted field holds a line end).
 * Its value is a byte no delimiter can be (a single space can, through a
 * "sep= " line). */
#define CX_DELIM_WHITESPACE '\n'

struct cx_reader_config {
    char delim;             /* 0: sniff from the header line;
                               CX_DELIM_WHITESPACE: runs of blanks */
    size_t max_field_bytes; /* 0: CX_DEFAULT_MAX_FIELD_BYTES */
    size_t max_columns;     /* 0: CX_DEFAULT_MAX_COLUMNS */
    size_t block_size;      /* 0: 1 MiB; tests use tiny blocks */
    bool libcsv_only;       /* no fast path: every byte through libcsv
                               (the differential tests compare both) */
    const char *encoding;   /* NULL: UTF-8 (or UTF-16 with a BOM); else
                               any name iconv knows (borrowed) */
    const char *sheet;      /* an .xlsx input's sheet; NULL: the first
                               (borrowed) */
};

struct cx_field_view {
    const char *p;          /* NUL-terminated copy; "" when not kept */
    size_t len;             /* the field's length, kept or not */
};

struct cx_record {
    const struct cx_field_view *fields;
    size_t nfields;
    uint64_t line;          /* physical line where the record starts */
};

struct cx_reader;

/*
 * Open `path` ("-" or NULL: stdin) and read up to the first block.
 * `display` names the input in messages (borrowed; must outlive the
 * reader).  Returns NULL and fills err on failure.
 */
struct cx_reader *cx_reader_open(const char *path, const char *display,
                                 const struct cx_reader_config *cfg,
                                 struct cx_error *err);

/*
 * Read from a memory buffer instead of a file (borrowed; must outlive the
 * reader).  Used by tests and by callers that already hold the bytes.
 */
struct cx_reader *cx_reader_open_mem(const void *data, size_t len,
                                     const char *display,
                                     const struct cx_reader_config *cfg,
                                     struct cx_error *err);

/*
 * Read the bytes [offset, offset + length) of a regular file as a part of
 * it that starts at a record boundary: no BOM or sep= line is looked for,
 * cfg->delim must be given, and the part starts on line `first_line`.
 */
struct cx_reader *cx_reader_open_part(const char *path, const char *display,
                                      const struct cx_reader_config *cfg,
                                      uint64_t offset, uint64_t length,
                                      uint64_t first_line,
                                      struct cx_error *err);

/* File bytes read so far. */
uint64_t cx_reader_consumed(const struct cx_reader *r);

/* Stop at byte `limit` of the input as if the file ended there (a file
 * reader that has not yet read past it). */
void cx_reader_set_limit(struct cx_reader *r, uint64_t limit);

void cx_reader_free(struct cx_reader *r);

/*
 * Which fields to copy: keep[i] for field i (fields past nkeep are not
 * kept).  NULL keeps all (the default, right for the header).  The array
 * is borrowed until the next call.
 */
void cx_reader_keep(struct cx_reader *r, const bool *keep, size_t nkeep);

/* The next record: CX_OK, CX_DONE at the end, or an error status. */
enum cx_status cx_reader_next(struct cx_reader *r, struct cx_record *rec,
                              struct cx_error *err);

/* The delimiter in use (given or sniffed). */
char cx_reader_delim(const struct cx_reader *r);

/* True when the input was UTF-16 (with a byte-order mark) turned into
 * UTF-8. */
bool cx_reader_was_utf16(const struct cx_reader *r);

/*
 * Write a record read here as one CSV line ending in LF, with delimiter
 * `delim`: a field with the delimiter, a quote or a line break, or with a
 * blank at either end, is quoted (cx_csv_cell, without the formula guard),
 * so it reads back as it was read.  False on a write error (errno set by
 * stdio).
 */
bool cx_csv_write_record(FILE *f, const struct cx_field_view *fields,
                         size_t n, char delim);

/* True when the bytes parsed are not the file's own: it was compressed,
 * an .xlsx workbook or read through --encoding (source.h). */
bool cx_reader_was_decoded(const struct cx_reader *r);

/* The container found by the input's first bytes: "gzip", "zstd", "xz",
 * "bzip2", "zip" (an .xlsx workbook), or "" (plain text). */
const char *cx_reader_container(const struct cx_reader *r);

/* True when a UTF-8 BOM / a sep= line was skipped. */
bool cx_reader_had_bom(const struct cx_reader *r);
bool cx_reader_had_sep_line(const struct cx_reader *r);

#endif
