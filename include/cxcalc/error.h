/*
 * error.h - status codes and the caller-owned error record.
 *
 * Every fallible library function takes a `struct cx_error *` owned by the
 * caller and returns an `enum cx_status`; on failure it fills the record
 * (status, place, one-line message) and the caller decides what to print.
 * The library never prints and never exits.  The `file` pointer in a
 * location is borrowed: it must outlive the error record.
 */
#ifndef CXCALC_ERROR_H
#define CXCALC_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Append-only: numbers never change meaning. */
enum cx_status {
    CX_OK = 0,
    CX_ERR_NOMEM = 1,     /* out of memory */
    CX_ERR_IO = 2,        /* cannot open, read or write */
    CX_ERR_CSV = 3,       /* malformed CSV: quotes, field counts */
    CX_ERR_COLUMN = 4,    /* missing, ambiguous or duplicate column */
    CX_ERR_VALUE = 5,     /* an invalid cell value under --strict */
    CX_ERR_ENCODING = 6,  /* NUL bytes, UTF-16, invalid UTF-8 header */
    CX_ERR_LIMIT = 7,     /* a field or header over its limit */
    CX_ERR_USAGE = 8,     /* a bad option value */
    CX_ERR_EMPTY = 9,     /* no header row */
    CX_ERR_STATE = 10,    /* a partial state unreadable or unmergeable */
    CX_DONE = 100         /* not an error: end of input */
};

/* A place in the input: 1-based physical line and byte column, 0 = unknown. */
struct cx_loc {
    const char *file;
    uint64_t line;
    uint64_t column;
};

struct cx_error {
    enum cx_status status;
    int sys_errno;          /* errno of a failed system call, else 0 */
    struct cx_loc loc;
    char msg[1024];
};

/* Fill `err` (when not NULL) and return `status`.  `loc` may be NULL. */
enum cx_status cx_error_set(struct cx_error *err, enum cx_status status,
                            const struct cx_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
enum cx_status cx_error_setv(struct cx_error *err, enum cx_status status,
                             const struct cx_loc *loc, const char *fmt,
                             va_list ap);

/* Reset to CX_OK with no place and no message. */
void cx_error_clear(struct cx_error *err);

/*
 * Write "FILE:LINE:COL: message" (the parts that are known) into buf,
 * always NUL-terminated.  Control characters in the message are already
 * escaped by whoever formatted it.
 */
void cx_error_format(const struct cx_error *err, char *buf, size_t size);

/*
 * Warnings travel to the caller through a callback, with the same record
 * (status CX_OK).  The library counts them; the caller decides how many to
 * print.
 */
typedef void (*cx_warn_fn)(void *ctx, const struct cx_error *warning);

struct cx_warner {
    cx_warn_fn fn;          /* may be NULL: warnings are only counted */
    void *ctx;
    uint64_t count;
    uint64_t deliver_max;   /* only the first this many reach fn (0: all);
                               the rest are counted */
};

void cx_warn(struct cx_warner *w, const struct cx_loc *loc,
             const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
