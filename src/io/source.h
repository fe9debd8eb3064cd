/*
 * source.h - the bytes under the CSV reader when they are not the file's
 * own: a compressed stream, a text in another encoding, an .xlsx sheet.
 *
 * A source hands out blocks of bytes on request, the way read(2) does,
 * and fails with a cx_error that names the input.  Sources stack: one
 * over the file (or memory), a decompressor or a workbook over that, a
 * transcoder on top.  Whoever creates a source frees it with
 * cx_source_free, which frees the sources under it too (never a file
 * descriptor: that stays its opener's).  cx_source_free(NULL) is a no-op.
 *
 * Plain files never come here: the reader reads them itself.
 */
#ifndef CXCALC_IO_SOURCE_H
#define CXCALC_IO_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxcalc/error.h"

struct cx_source {
    /* Up to cap bytes into buf; *got 0 only at the end.  Returns CX_OK
     * or an error status with err filled. */
    enum cx_status (*read)(struct cx_source *s, unsigned char *buf,
                           size_t cap, size_t *got, struct cx_error *err);
    void (*free)(struct cx_source *s);
    const char *display;        /* names the input in messages; borrowed */
};

/* What the first bytes of an input say it is. */
enum cx_container {
    CX_CONT_PLAIN = 0,          /* text (or nothing known) */
    CX_CONT_GZIP,               /* 1f 8b */
    CX_CONT_ZSTD,               /* 28 b5 2f fd */
    CX_CONT_XZ,                 /* fd '7zXZ' 00 */
    CX_CONT_BZIP2,              /* 'BZh' */
    CX_CONT_ZIP,                /* 'PK' 03 04: a workbook or another zip */
    CX_CONT_OLE2                /* d0 cf 11 e0 a1 b1 1a e1: an Excel
                                   97-2003 .xls (OLE2 compound file) */
};

/* The container of the input that starts with p[0..n) (n may be short:
 * what cannot be told is plain). */
enum cx_container cx_source_detect(const unsigned char *p, size_t n);

/* The container's name in messages ("gzip", "zstd", "xz", "bzip2", "zip",
 * "xls"; "" for plain). */
const char *cx_container_name(enum cx_container c);

/* The container of the file at path, from its first bytes (plain when it
 * cannot be read). */
enum cx_container cx_source_detect_path(const char *path);

/* Read from a source: see struct cx_source. */
enum cx_status cx_source_read(struct cx_source *s, unsigned char *buf,
                              size_t cap, size_t *got, struct cx_error *err);

/* Fill buf with up to cap bytes, fewer only at the end. */
enum cx_status cx_source_fill(struct cx_source *s, unsigned char *buf,
                              size_t cap, size_t *got, struct cx_error *err);

void cx_source_free(struct cx_source *s);

/*
 * A source over a file descriptor (borrowed, not closed) that first gives
 * back prefix[0..plen), the bytes already read from it (copied).  NULL
 * when out of memory.
 */
struct cx_source *cx_source_fd_new(int fd, const void *prefix, size_t plen,
                                   const char *display);

/* A source over memory (borrowed: it must outlive the source). */
struct cx_source *cx_source_mem_new(const void *data, size_t len,
                                    const char *display);

/*
 * Decompress `inner` (taken over: freed with the result, or at once on
 * failure), a gzip, zstd, xz or bzip2 stream (several gzip members one
 * after the other are one stream).  A damaged stream fails a later read
 * with "corrupt KIND stream at byte N", N the compressed bytes read
 * before the damage showed.  NULL with err set on failure.
 */
struct cx_source *cx_decompress_new(struct cx_source *inner,
                                    enum cx_container kind,
                                    struct cx_error *err);

/*
 * Turn the text of `inner` (taken over, as above) from `encoding` (any
 * name iconv_open knows) into UTF-8, in blocks of block_size input bytes
 * (0: 64 KiB; tests use tiny ones): a character cut by a block's end
 * waits for the next one; an invalid sequence fails with its byte offset.
 * NULL with err set (CX_ERR_USAGE for an unknown encoding).
 */
struct cx_source *cx_transcode_new(struct cx_source *inner,
                                   const char *encoding, size_t block_size,
                                   struct cx_error *err);

/*
 * Read `inner` (taken over) ahead in a thread of its own, a few 1 MiB
 * blocks at a time, so that decoding and parsing overlap.  Its errors
 * come after the bytes read before them.  Freeing it stops the thread,
 * which may first finish a read of the source below: use it over regular
 * files, not pipes.  Without memory or a thread, inner itself is
 * returned.
 */
struct cx_source *cx_prefetch_new(struct cx_source *inner);

/* True when iconv can turn `encoding` into UTF-8. */
bool cx_transcode_known(const char *encoding);

/*
 * The sheet `sheet` (NULL: the first) of the .xlsx workbook in fd
 * (borrowed; prefix[0..plen) its bytes already read), as CSV text: one
 * record per sheet row, see xlsx.c.  A file that can seek is read twice;
 * a pipe is read into memory first.  NULL with err set when the workbook
 * or the sheet cannot be read.
 */
struct cx_source *cx_xlsx_new_fd(int fd, const void *prefix, size_t plen,
                                 const char *sheet, const char *display,
                                 struct cx_error *err);

/*
 * The first sheet (or `sheet`) of the Excel 97-2003 (.xls) workbook at
 * path, as CSV text like cx_xlsx_new_fd's (libfreexl reads the whole
 * file; it needs a path, so not stdin).  NULL with err set.
 */
struct cx_source *cx_xls_new(const char *path, const char *sheet,
                             const char *display, struct cx_error *err);

/* For the workbook sources: v as the shortest %g text that reads back as
 * the same double ("10", "0.1", "1e+20"; never "-0"). */
void cx_source_number(double v, char *out, size_t size);

/* True when a CSV field s[0..n) must be quoted to read back as it is: a
 * quote, a line break, a delimiter the reader could take (, ; | TAB) or
 * blanks at either end. */
bool cx_source_needs_quotes(const char *s, size_t n);

/* A growing text, kept NUL-terminated (p NULL until the first add). */
struct cx_textbuf {
    char *p;
    size_t len, cap;
};

/* Append s[0..n); false when out of memory. */
bool cx_textbuf_add(struct cx_textbuf *b, const char *s, size_t n);

/* Append the CSV field s[0..n), quoted when cx_source_needs_quotes says
 * so (a quote inside doubled); false when out of memory. */
bool cx_textbuf_add_field(struct cx_textbuf *b, const char *s, size_t n);

/* Hand out up to cap bytes of p[*pos..len) into dst, *pos moved on: a
 * read of a source that holds its bytes.  Returns how many. */
size_t cx_source_take(const void *p, size_t len, size_t *pos,
                      unsigned char *dst, size_t cap);

/* The same from memory (borrowed). */
struct cx_source *cx_xlsx_new_mem(const void *data, size_t len,
                                  const char *sheet, const char *display,
                                  struct cx_error *err);

#endif
