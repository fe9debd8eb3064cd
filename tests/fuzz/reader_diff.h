/*
 * reader_diff.h - the reader's fast path against libcsv alone: read the
 * same bytes with the same configuration twice (libcsv_only false, then
 * true) and flatten each reading into a text trace that must come out
 * byte for byte the same.  Shared by tests/unit/test_fastpath.c and the
 * libFuzzer target tests/fuzz/fuzz_fastpath.c (header-only, static).
 *
 * A trace holds, per record, its line, field count and every field's
 * length and bytes (the bytes of a field that is not kept must read ""),
 * then the end: "END", or the error's status, line, column and message.
 * Checks that do not depend on the other reading (a kept field is
 * NUL-terminated at its length, a record has at least one field, lines
 * increase strictly) are reported through `bad`.
 */
#ifndef CXCALC_READER_DIFF_H
#define CXCALC_READER_DIFF_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxcalc/reader.h"

/* Not every includer uses every helper. */
#define RD_FN static __attribute__((unused))

enum rd_keep {
    RD_KEEP_ALL,        /* cx_reader_keep never called (NULL: all kept) */
    RD_KEEP_ODD,        /* fields 0, 2 and 4 kept: a mask of 5, so the
                           fields past its end (not kept) are reached */
    RD_KEEP_NONE,       /* a non-NULL mask of length 0: nothing kept */
    RD_KEEP_COUNT
};

struct rd_config {
    char delim;             /* 0: sniffed */
    size_t block_size;      /* 0: the reader's default (1 MiB) */
    size_t max_field_bytes; /* 0: default */
    size_t max_columns;     /* 0: default */
    enum rd_keep keep;
    bool keep_after_first;  /* the mask applies from the 2nd record on,
                               as the loader keeps the whole header */
};

struct rd_buf {
    char *p;
    size_t len, cap;
};

RD_FN void rd_grow(struct rd_buf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        fputs("reader_diff: out of memory\n", stderr);
        abort();
    }
    b->p = p;
    b->cap = cap;
}

RD_FN void rd_printf(struct rd_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

RD_FN void rd_printf(struct rd_buf *b, const char *fmt, ...)
{
    va_list ap;
    rd_grow(b, 255);
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= b->cap - b->len) {
        rd_grow(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

/* Bytes as a C string literal body: printable ASCII as is, the rest as
 * \n, \r, \t, \\, \" or \xNN. */
RD_FN void rd_escape(struct rd_buf *b, const void *data, size_t len)
{
    const unsigned char *s = data;
    rd_grow(b, 4 * len);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        char *o = b->p + b->len;
        if (c == '\\' || c == '"') {
            o[0] = '\\', o[1] = (char)c;
            b->len += 2;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            o[0] = '\\', o[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
            b->len += 2;
        } else if (c >= 0x20 && c < 0x7f) {
            o[0] = (char)c;
            b->len += 1;
        } else {
            snprintf(o, 5, "\\x%02x", c);
            b->len += 4;
        }
    }
    b->p[b->len] = '\0';
}

RD_FN void rd_describe(struct rd_buf *b, const struct rd_config *c)
{
    static const char *const keeps[] = {"all", "fields 0, 2 and 4",
                                        "none"};
    rd_printf(b, "delim ");
    if (c->delim)
        rd_printf(b, "'"), rd_escape(b, &c->delim, 1), rd_printf(b, "'");
    else
        rd_printf(b, "sniffed");
    rd_printf(b, ", block_size %zu, max_field_bytes %zu, max_columns %zu, "
              "keep %s%s", c->block_size, c->max_field_bytes,
              c->max_columns, keeps[c->keep],
              c->keep == RD_KEEP_ALL ? ""
              : c->keep_after_first ? " (from the 2nd record)"
                                    : " (from the 1st record)");
}

#define RD_ODD_LEN 5
static const bool rd_odd_mask[RD_ODD_LEN] = {1, 0, 1, 0, 1};
static const bool rd_no_mask[1] = {0};

RD_FN void rd_apply_keep(struct cx_reader *r, enum rd_keep k)
{
    if (k == RD_KEEP_ODD)
        cx_reader_keep(r, rd_odd_mask, RD_ODD_LEN);
    else if (k == RD_KEEP_NONE)
        cx_reader_keep(r, rd_no_mask, 0);
}

/* Whether field i of a record is kept under the mask in force. */
RD_FN bool rd_kept(enum rd_keep k, bool mask_on, size_t i)
{
    if (!mask_on || k == RD_KEEP_ALL)
        return true;
    if (k == RD_KEEP_NONE)
        return false;
    return i < RD_ODD_LEN && rd_odd_mask[i];
}

/* Append one record to the trace (`bad` gets what is wrong on its own). */
RD_FN void rd_record(struct rd_buf *t, struct rd_buf *bad,
                      const struct cx_record *rec, uint64_t index,
                      uint64_t prev_line, enum rd_keep keep, bool mask_on)
{
    rd_printf(t, "record %" PRIu64 ": line %" PRIu64 ", %zu fields\n",
              index, rec->line, rec->nfields);
    if (rec->nfields == 0)
        rd_printf(bad, "record %" PRIu64 " has no fields\n", index);
    if (index > 0 && rec->line <= prev_line)
        rd_printf(bad, "record %" PRIu64 " starts at line %" PRIu64
                  ", not after line %" PRIu64 "\n", index, rec->line,
                  prev_line);
    for (size_t i = 0; i < rec->nfields; i++) {
        const struct cx_field_view *f = &rec->fields[i];
        bool kept = rd_kept(keep, mask_on, i);
        rd_printf(t, "  [%zu] len %zu%s \"", i, f->len,
                  kept ? "" : " (not kept)");
        if (!f->p) {
            rd_printf(bad, "record %" PRIu64 " field %zu: NULL pointer\n",
                      index, i);
        } else if (kept) {
            rd_escape(t, f->p, f->len);
            if (f->p[f->len] != '\0')
                rd_printf(bad, "record %" PRIu64 " field %zu: no NUL at "
                          "its length %zu\n", index, i, f->len);
        } else {
            size_t n = strlen(f->p);
            rd_escape(t, f->p, n);
            if (n)
                rd_printf(bad, "record %" PRIu64 " field %zu: not kept "
                          "but reads \"%s\"\n", index, i, f->p);
        }
        rd_printf(t, "\"\n");
    }
}

/* One reading of data[0..len) into the trace t (emptied first).  Returns
 * the number of records. */
RD_FN uint64_t rd_trace(const void *data, size_t len,
                         const struct rd_config *c, bool libcsv_only,
                         struct rd_buf *t, struct rd_buf *bad)
{
    t->len = 0;
    rd_grow(t, 0);
    t->p[0] = '\0';
    struct cx_reader_config cfg = {
        .delim = c->delim, .max_field_bytes = c->max_field_bytes,
        .max_columns = c->max_columns, .block_size = c->block_size,
        .libcsv_only = libcsv_only};
    struct cx_error err;
    memset(&err, 0, sizeof err);
    struct cx_reader *r = cx_reader_open_mem(data, len, "in.csv", &cfg,
                                             &err);
    if (!r) {
        rd_printf(t, "open failed: status %d, %" PRIu64 ":%" PRIu64
                  " %s\n", (int)err.status, err.loc.line, err.loc.column,
                  err.msg);
        return 0;
    }
    rd_printf(t, "delim %d bom %d sep %d utf16 %d\n", cx_reader_delim(r),
              cx_reader_had_bom(r), cx_reader_had_sep_line(r),
              cx_reader_was_utf16(r));
    bool mask_on = false;
    if (!c->keep_after_first) {
        rd_apply_keep(r, c->keep);
        mask_on = true;
    }
    struct cx_record rec;
    enum cx_status st;
    uint64_t n = 0, prev = 0;
    while ((st = cx_reader_next(r, &rec, &err)) == CX_OK) {
        rd_record(t, bad, &rec, n, prev, c->keep, mask_on);
        prev = rec.line;
        n++;
        if (!mask_on) {
            rd_apply_keep(r, c->keep);
            mask_on = true;
        }
    }
    if (st == CX_DONE) {
        rd_printf(t, "END\n");
    } else {
        rd_printf(t, "ERROR status %d at %s:%" PRIu64 ":%" PRIu64
                  " errno %d: %s\n", (int)st,
                  err.loc.file ? err.loc.file : "(null)", err.loc.line,
                  err.loc.column, err.sys_errno, err.msg);
        if (err.status != st)
            rd_printf(bad, "returned status %d, error record says %d\n",
                      (int)st, (int)err.status);
        /* The error sticks. */
        struct cx_error again;
        memset(&again, 0, sizeof again);
        enum cx_status st2 = cx_reader_next(r, &rec, &again);
        if (st2 != st || again.loc.line != err.loc.line
            || again.loc.column != err.loc.column
            || strcmp(again.msg, err.msg) != 0)
            rd_printf(bad, "after the error a second call returns status "
                      "%d '%s'\n", (int)st2, again.msg);
    }
    cx_reader_free(r);
    return n;
}

/* The result of comparing both readings of one input under one config. */
struct rd_diff {
    struct rd_buf fast, slow, bad;
    uint64_t records;       /* records compared so far (libcsv reading) */
};

RD_FN void rd_diff_free(struct rd_diff *d)
{
    free(d->fast.p);
    free(d->slow.p);
    free(d->bad.p);
    memset(d, 0, sizeof *d);
}

/* Compare; false on a difference or a failed self-check, with a report
 * (input, config, both traces) appended to `report`. */
RD_FN bool rd_compare(struct rd_diff *d, const void *data, size_t len,
                       const struct rd_config *c, struct rd_buf *report)
{
    d->bad.len = 0;
    rd_grow(&d->bad, 0);
    d->bad.p[0] = '\0';
    rd_trace(data, len, c, false, &d->fast, &d->bad);
    d->records += rd_trace(data, len, c, true, &d->slow, &d->bad);
    bool same = d->fast.len == d->slow.len
                && memcmp(d->fast.p, d->slow.p, d->fast.len) == 0;
    if (same && d->bad.len == 0)
        return true;
    rd_printf(report, "%s\ninput (%zu bytes): \"",
              same ? "the reader breaks an invariant"
                   : "fast path and libcsv differ", len);
    rd_escape(report, data, len);
    rd_printf(report, "\"\nconfig: ");
    rd_describe(report, c);
    if (same) {
        rd_printf(report, "\nboth readings:\n%s", d->fast.p);
    } else {
        rd_printf(report, "\nfast path (libcsv_only = false):\n%s",
                  d->fast.p);
        rd_printf(report, "libcsv only (libcsv_only = true):\n%s",
                  d->slow.p);
    }
    if (d->bad.len)
        rd_printf(report, "invariants:\n%s", d->bad.p);
    return false;
}

#endif
