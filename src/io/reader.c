/* reader.c - streaming CSV records through libcsv (see reader.h).
 *
 * libcsv reports no positions, so the reader feeds it one line segment at a
 * time (up to and including a CR or LF, or to the end of a block) and keeps
 * the line count itself.  Before each segment it looks at the parser's
 * state: when no record is in progress, a record that starts in this
 * segment starts on the current line.  That peek at `pstate` and `quoted`
 * relies on the public struct layout of libcsv 3.0.x.
 */
#include "cxcalc/reader.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cxcalc/dialect.h"
#include "io/source.h"
#include "io/utf16.h"
#include "util/alloc.h"
#include "util/csvout.h"

/* Byte classes of the fast path. */
enum {
    FAST_DELIM = 1,
    FAST_QUOTE = 2,
    FAST_STOP = 4,              /* CR or NUL: libcsv's business */
    FAST_SPACE = 8,             /* space or tab that is not the delimiter */
    FAST_LF = 16,
    FAST_SPECIAL = FAST_DELIM | FAST_QUOTE | FAST_STOP | FAST_LF
};

/* libcsv 3.0.x parser states (libcsv.c). */
enum { CSV_ROW_NOT_BEGUN = 0, CSV_FIELD_BEGUN = 2, CSV_FIELD_MIGHT_END = 3 };

#define DEFAULT_BLOCK ((size_t)1 << 20)
#define CSV_BLOCK ((size_t)64 << 10)

struct cx_reader {
    int fd;                     /* -1: memory input */
    bool close_fd;
    const char *display;
    struct cx_reader_config cfg;

    unsigned char *buf;         /* file input: the block buffer */
    struct cx_source *src;      /* compressed, transcoded or workbook
                                   input: where the bytes come from */
    enum cx_container container;
    int utf16;                  /* 0, or CX_BOM_UTF16LE / CX_BOM_UTF16BE */
    unsigned char *raw;         /* UTF-16 file input: undecoded bytes */
    size_t raw_len, raw_cap;
    unsigned char *owned;       /* UTF-16 memory input, decoded */
    const unsigned char *mem;   /* memory input */
    size_t mem_len, mem_pos;
    const unsigned char *win;   /* the current block */
    size_t win_len, win_pos;
    size_t next_lf, next_cr;    /* cached terminator positions in win */
    bool eof, finished;
    uint64_t consumed, limit;   /* file bytes read so far; where to stop */

    struct csv_parser p;
    char delim;
    bool had_bom, had_sep;
    bool fast;                  /* the fast path may be tried */
    bool ws;                    /* -d whitespace: ws_feed splits records */
    int ws_state;               /* WS_* between calls of ws_feed */
    unsigned char cls[256];     /* its byte classes (FAST_*) */

    /* the record being assembled */
    char *rec;
    size_t rec_len, rec_cap;
    struct span { size_t off, len; } *spans;   /* off SIZE_MAX: not kept */
    struct cx_field_view *views;
    size_t nf, fcap, vcap;
    const bool *keep;
    size_t nkeep;
    bool ready, returned;

    /* positions */
    uint64_t line;              /* line of the next byte */
    uint64_t col0;              /* bytes of that line already fed */
    uint64_t rec_line;          /* where the record in progress started */
    uint64_t quote_line;        /* where the open quoted field started */
    bool last_cr;               /* the last byte fed was a CR */
    bool field_ended;           /* cb1 ran during this segment */

    /* problems noticed inside callbacks */
    bool nomem, too_many, too_big;

    enum cx_status failed;      /* sticky error status */
    struct cx_error failure;
};

static void on_field(void *s, size_t len, void *data)
{
    struct cx_reader *r = data;
    r->field_ended = true;
    if (r->too_many || r->too_big)
        return;                     /* the first limit passed is reported */
    if (r->nf >= r->cfg.max_columns) {
        r->too_many = true;
        return;
    }
    if (len > r->cfg.max_field_bytes) {
        r->too_big = true;
        return;
    }
    if (cx_grow((void **)&r->spans, &r->fcap, r->nf + 1, sizeof *r->spans,
                64)) {
        r->nomem = true;
        return;
    }
    bool keep = !r->keep || (r->nf < r->nkeep && r->keep[r->nf]);
    if (keep) {
        if (cx_grow((void **)&r->rec, &r->rec_cap, r->rec_len + len + 1, 1,
                    4096)) {
            r->nomem = true;
            return;
        }
        if (len)
            memcpy(r->rec + r->rec_len, s, len);
        r->rec[r->rec_len + len] = '\0';
        r->spans[r->nf].off = r->rec_len;
        r->rec_len += len + 1;
    } else {
        r->spans[r->nf].off = SIZE_MAX;
    }
    r->spans[r->nf].len = len;
    r->nf++;
}

static void on_record(int c, void *data)
{
    (void)c;
    struct cx_reader *r = data;
    r->ready = true;
}

/* A quoted field is in progress (a quote just read may be the closing one
 * or the first of a doubled pair). */
static bool in_quoted_field(const struct csv_parser *p)
{
    return p->quoted && (p->pstate == CSV_FIELD_BEGUN
                         || p->pstate == CSV_FIELD_MIGHT_END);
}

/*
 * A compressed stream's damage may decode into text that is not CSV, and
 * its checksum tells only at the end of the member: before a parse error
 * in decompressed input is reported, the rest of the stream is read, and
 * damage found there is reported instead.
 */
static void check_rest(struct cx_reader *r)
{
    bool compressed = r->container == CX_CONT_GZIP
                      || r->container == CX_CONT_ZSTD
                      || r->container == CX_CONT_XZ
                      || r->container == CX_CONT_BZIP2;
    if (!r->src || !compressed || r->failed == CX_ERR_NOMEM
        || r->failed == CX_ERR_IO)
        return;
    unsigned char tmp[16384];
    size_t n;
    struct cx_error e;
    cx_error_clear(&e);
    do {
        if (cx_source_read(r->src, tmp, sizeof tmp, &n, &e) != CX_OK) {
            if (e.status == CX_ERR_IO) {
                r->failure = e;
                r->failed = e.status;
            }
            return;
        }
    } while (n);
}

static enum cx_status fail(struct cx_reader *r, struct cx_error *err,
                           enum cx_status st, uint64_t line, uint64_t col,
                           const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static enum cx_status fail(struct cx_reader *r, struct cx_error *err,
                           enum cx_status st, uint64_t line, uint64_t col,
                           const char *fmt, ...)
{
    struct cx_loc loc = {r->display, line, col};
    va_list ap;
    va_start(ap, fmt);
    cx_error_setv(&r->failure, st, &loc, fmt, ap);
    va_end(ap);
    r->failed = st;
    check_rest(r);
    if (err)
        *err = r->failure;
    return r->failed;
}

/* Read the next block of a file input; sets eof at the end. */
static enum cx_status read_error(struct cx_reader *r, struct cx_error *err,
                                 int e)
{
    fail(r, err, CX_ERR_IO, 0, 0, "read error: %s", strerror(e));
    r->failure.sys_errno = e;
    if (err)
        err->sys_errno = e;
    return CX_ERR_IO;
}

/* A source's error, made the reader's (sticky). */
static enum cx_status source_failed(struct cx_reader *r, struct cx_error *err,
                                    const struct cx_error *e)
{
    r->failure = *e;
    r->failed = e->status;
    if (err)
        *err = r->failure;
    return r->failed;
}

/* Up to cap bytes of input from the file or the source: *got 0 at the
 * end. */
static enum cx_status pull(struct cx_reader *r, unsigned char *buf,
                           size_t cap, size_t *got, struct cx_error *err)
{
    if (r->src) {
        struct cx_error e;
        cx_error_clear(&e);
        enum cx_status st = cx_source_fill(r->src, buf, cap, got, &e);
        return st == CX_OK ? CX_OK : source_failed(r, err, &e);
    }
    ssize_t n;
    do
        n = read(r->fd, buf, cap);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return read_error(r, err, errno);
    *got = (size_t)n;
    return CX_OK;
}

/* The next block of a source that is not UTF-16. */
static enum cx_status refill_src(struct cx_reader *r, struct cx_error *err)
{
    size_t n = 0;
    enum cx_status st = pull(r, r->buf, r->cfg.block_size, &n, err);
    if (st != CX_OK)
        return st;
    r->consumed += n;
    r->win = r->buf;
    r->win_len = n;
    r->eof = n == 0;
    r->win_pos = 0;
    r->next_lf = r->next_cr = 0;
    return CX_OK;
}

/* Decode the pending UTF-16 bytes into the block buffer. */
static size_t decode_raw(struct cx_reader *r, bool at_end)
{
    size_t used;
    size_t out = cx_utf16_to_utf8(r->raw, r->raw_len,
                                  r->utf16 == CX_BOM_UTF16BE, at_end, r->buf,
                                  &used);
    memmove(r->raw, r->raw + used, r->raw_len - used);
    r->raw_len -= used;
    return out;
}

/* The next block of a UTF-16 file, as UTF-8. */
static enum cx_status refill_utf16(struct cx_reader *r, struct cx_error *err)
{
    for (;;) {
        size_t n = 0;
        enum cx_status st = pull(r, r->raw + r->raw_len,
                                 r->raw_cap - r->raw_len, &n, err);
        if (st != CX_OK)
            return st;
        r->raw_len += n;
        size_t out = decode_raw(r, n == 0);
        if (out > 0 || n == 0) {
            r->win = r->buf;
            r->win_len = out;
            r->eof = out == 0;
            break;
        }
    }
    r->win_pos = 0;
    r->next_lf = r->next_cr = 0;
    return CX_OK;
}

static enum cx_status refill(struct cx_reader *r, struct cx_error *err)
{
    if (r->utf16 && r->fd >= 0)
        return refill_utf16(r, err);
    if (r->src)
        return refill_src(r, err);
    if (r->fd < 0) {
        size_t n = r->mem_len - r->mem_pos;
        if (n > r->cfg.block_size)
            n = r->cfg.block_size;
        r->win = r->mem + r->mem_pos;
        r->win_len = n;
        r->mem_pos += n;
        r->eof = n == 0;
    } else {
        size_t want = r->cfg.block_size;
        if (r->limit - r->consumed < want)
            want = (size_t)(r->limit - r->consumed);
        ssize_t n = 0;
        do
            n = want ? read(r->fd, r->buf, want) : 0;
        while (n < 0 && errno == EINTR);
        if (n < 0)
            return read_error(r, err, errno);
        r->consumed += (uint64_t)n;
        r->win = r->buf;
        r->win_len = (size_t)n;
        r->eof = n == 0;
    }
    r->win_pos = 0;
    r->next_lf = r->next_cr = 0;
    return CX_OK;
}

/* Position of the next byte c at or after win_pos (win_len when none),
 * cached so lone-CR or LF-only files are not rescanned. */
static size_t next_byte(struct cx_reader *r, size_t *cache, int c)
{
    if (*cache < r->win_pos || (*cache == 0 && r->win_pos == 0)) {
        const unsigned char *q =
            memchr(r->win + r->win_pos, c, r->win_len - r->win_pos);
        *cache = q ? (size_t)(q - r->win) : r->win_len;
    }
    return *cache;
}

static bool is_line_end(unsigned char c)
{
    return c == '\n' || c == '\r';
}

/* The bytes of the field in progress as libcsv will hand them over: an
 * unquoted field loses its trailing blanks, a quoted one whose closing
 * quote was just read loses that quote and the blanks after it. */
static size_t field_pending(const struct csv_parser *p)
{
    size_t n = p->entry_pos;
    if (p->pstate == CSV_FIELD_MIGHT_END && n > p->spaces)
        return n - p->spaces - 1;
    if (p->pstate == CSV_FIELD_BEGUN && !p->quoted)
        return n - p->spaces;
    return n;
}

static enum cx_status too_many_fields(struct cx_reader *r,
                                      struct cx_error *err)
{
    return fail(r, err, CX_ERR_LIMIT, r->rec_line, 0,
                "record has more than %zu fields (raise --max-columns)",
                r->cfg.max_columns);
}

/* A field over the cap: a quoted one still open at the end of its line
 * (or where libcsv stopped on that line) is a probable runaway quote. */
static enum cx_status field_too_big(struct cx_reader *r, struct cx_error *err,
                                    bool open_quote)
{
    if (open_quote)
        return fail(r, err, CX_ERR_LIMIT, r->rec_line, 0,
                    "quoted field opened at line %" PRIu64
                    " runs past %zu bytes: unterminated quote? (raise "
                    "--max-field-bytes if the field is real)",
                    r->quote_line, r->cfg.max_field_bytes);
    return fail(r, err, CX_ERR_LIMIT, r->rec_line, 0,
                "field exceeds %zu bytes (raise --max-field-bytes)",
                r->cfg.max_field_bytes);
}

/*
 * Does the field in progress end (libcsv hands it over) before its line
 * does?  Answered by following libcsv's states (libcsv.c, strict mode)
 * over the rest of the line (from win_pos) without buffering it: the blocks read here
 * are used up, which is fine, as the reader fails whatever the answer.
 * A quote in an unquoted field, text after a closing quote or a NUL stop
 * libcsv inside the field: it does not end.  At the end of the input it
 * ends unless a quote is open.
 */
static enum cx_status field_ends_on_line(struct cx_reader *r,
                                         struct cx_error *err, bool *ends)
{
    int state = r->p.pstate;
    bool quoted = r->p.quoted;
    size_t spaces = r->p.spaces;
    unsigned char d = (unsigned char)r->delim;
    *ends = false;
    for (;;) {
        if (r->win_pos == r->win_len) {
            if (r->eof) {               /* csv_fini hands the field over */
                *ends = state == CSV_FIELD_MIGHT_END || !quoted;
                return CX_OK;
            }
            enum cx_status st = refill(r, err);
            if (st != CX_OK)
                return st;
            continue;
        }
        unsigned char c = r->win[r->win_pos++];
        if (c == 0)
            return CX_OK;
        if (state == CSV_FIELD_MIGHT_END) {
            if (c == d || is_line_end(c)) {
                *ends = true;
                return CX_OK;
            }
            if (c == ' ' || c == '\t') {
                spaces++;
            } else if (c == '"' && !spaces) {
                state = CSV_FIELD_BEGUN;        /* a doubled quote */
            } else {
                return CX_OK;                   /* libcsv's CSV_EPARSE */
            }
        } else if (c == '"') {
            if (!quoted)
                return CX_OK;                   /* libcsv's CSV_EPARSE */
            state = CSV_FIELD_MIGHT_END;
            spaces = 0;
        } else if (c == d && !quoted) {
            *ends = true;
            return CX_OK;
        } else if (is_line_end(c)) {
            *ends = !quoted;
            return CX_OK;
        }
    }
}

/*
 * The field in progress has passed the cap.  Its line, read whole, gives
 * the message: the field ends on it (as an extra column when the record
 * already has max_columns fields), or a quoted field is still open where
 * libcsv stops.  When the segment stopped at a block boundary, the rest
 * of the line decides, so the message does not depend on where blocks
 * (or the parts of --threads) fall.
 */
static enum cx_status field_over_cap(struct cx_reader *r, struct cx_error *err,
                                     bool mid_line, bool open_quote)
{
    bool ends = false;
    if (mid_line) {
        enum cx_status st = field_ends_on_line(r, err, &ends);
        if (st != CX_OK)
            return st;
    }
    if (ends && r->nf >= r->cfg.max_columns)
        return too_many_fields(r, err);
    return field_too_big(r, err, open_quote && !ends);
}

/* Feed one line segment to libcsv and account for its bytes. */
static enum cx_status feed_segment(struct cx_reader *r, struct cx_error *err)
{
    size_t lf = next_byte(r, &r->next_lf, '\n');
    size_t cr = next_byte(r, &r->next_cr, '\r');
    size_t end = lf < cr ? lf : cr;
    if (end < r->win_len)
        end++;                                  /* include the terminator */
    const unsigned char *seg = r->win + r->win_pos;
    size_t len = end - r->win_pos;

    /* Feed the bytes before a NUL, so that whichever problem comes first
     * in the input is the one reported, however the blocks fall. */
    const unsigned char *nul = memchr(seg, 0, len);
    size_t feed = nul ? (size_t)(nul - seg) : len;

    bool open_before = in_quoted_field(&r->p);
    if (r->p.pstate == CSV_ROW_NOT_BEGUN)
        r->rec_line = r->line;
    r->field_ended = false;
    size_t used = csv_parse(&r->p, seg, feed, on_field, on_record, r);
    bool open_now = in_quoted_field(&r->p);
    if (open_now && (!open_before || r->field_ended))
        r->quote_line = r->line;
    /* Limits first: a field that grew past the cap did so before any
     * later problem libcsv stopped at, whatever the block boundaries. */
    if (r->too_many)
        return too_many_fields(r, err);
    if (r->too_big)
        return field_too_big(r, err, false);
    if (field_pending(&r->p) > r->cfg.max_field_bytes) {
        bool mid_line = used == feed && end == r->win_len && !nul
                        && !is_line_end(seg[len - 1]);
        r->win_pos = end;
        return field_over_cap(r, err, mid_line, open_now);
    }
    if (r->p.entry_pos > r->cfg.max_field_bytes + CX_DEFAULT_MAX_FIELD_BYTES)
        return fail(r, err, CX_ERR_LIMIT, r->rec_line, 0,
                    "field exceeds %zu bytes with its trailing blanks "
                    "(raise --max-field-bytes)", r->cfg.max_field_bytes);
    if (used != feed && csv_error(&r->p) == CSV_EPARSE) {
        if (seg[used] == '"')
            return fail(r, err, CX_ERR_CSV, r->line, r->col0 + used + 1,
                        "quote inside an unquoted field (quote the whole "
                        "field and double the quote)");
        return fail(r, err, CX_ERR_CSV, r->line, r->col0 + used + 1,
                    "unexpected text after a closing quote");
    }
    if (used != feed || r->nomem)
        return fail(r, err, CX_ERR_NOMEM, r->line, 0, "out of memory");
    if (nul)
        return fail(r, err, CX_ERR_ENCODING, r->line,
                    r->col0 + (uint64_t)(nul - seg) + 1,
                    "NUL byte in input: the file may be UTF-16 without a "
                    "byte-order mark, or binary (if UTF-16, read it with "
                    "--encoding UTF-16LE)");

    unsigned char last = seg[len - 1];
    if (last == '\r' || (last == '\n' && !(len == 1 && r->last_cr))) {
        r->line++;
        r->col0 = 0;
    } else if (last != '\n') {
        r->col0 += len;
    }
    r->last_cr = last == '\r';
    r->win_pos = end;

    return CX_OK;
}

/* Append one field of the fast path: its bytes [f0, f1) hold `ndq`
 * doubled quotes to undo.  False when out of memory or past a limit (the
 * record then goes to libcsv, which reports it). */
static bool fast_field(struct cx_reader *r, const unsigned char *f0,
                       const unsigned char *f1, size_t ndq)
{
    size_t len = (size_t)(f1 - f0) - ndq;
    if (r->nf >= r->cfg.max_columns || len > r->cfg.max_field_bytes)
        return false;
    if (r->nf >= r->fcap
        && cx_grow((void **)&r->spans, &r->fcap, r->nf + 1,
                   sizeof *r->spans, 64))
        return false;
    struct span *sp = &r->spans[r->nf++];
    sp->len = len;
    if (r->keep && (r->nf > r->nkeep || !r->keep[r->nf - 1])) {
        sp->off = SIZE_MAX;
        return true;
    }
    if (r->rec_len + len + 1 > r->rec_cap
        && cx_grow((void **)&r->rec, &r->rec_cap, r->rec_len + len + 1, 1,
                   4096))
        return false;
    char *out = r->rec + r->rec_len;
    if (ndq == 0) {
        memcpy(out, f0, len);
    } else {
        for (const unsigned char *q = f0; q < f1; q++) {
            *out++ = (char)*q;
            if (*q == '"')
                q++;                        /* the second of a pair */
        }
        out = r->rec + r->rec_len;
    }
    out[len] = '\0';
    sp->off = r->rec_len;
    r->rec_len += len + 1;
    return true;
}

/* Where the fast path stands in the block: the special bytes (FAST_DELIM,
 * FAST_QUOTE, FAST_STOP, FAST_LF) of the 16 bytes from `base`, one bit
 * each, loaded 16 at a time where SSE2 is there. */
struct specials {
    uintptr_t base;             /* 0: nothing loaded */
    unsigned bits;
};

/* The first special byte at or after p, or end when none; never reads at
 * or past end. */
static const unsigned char *next_special(const struct cx_reader *r,
                                         struct specials *sp,
                                         const unsigned char *p,
                                         const unsigned char *end)
{
    for (;;) {
        uintptr_t off = (uintptr_t)p - sp->base;
        if (sp->base && off < 16) {
            unsigned m = sp->bits >> off;
            if (m)
                return p + __builtin_ctz(m);
            p = (const unsigned char *)(sp->base + 16);
        }
#ifdef __SSE2__
        if (end - p >= 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i m = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(r->delim)),
                             _mm_cmpeq_epi8(x, _mm_set1_epi8('"'))),
                _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
                             _mm_or_si128(
                                 _mm_cmpeq_epi8(x, _mm_set1_epi8('\r')),
                                 _mm_cmpeq_epi8(x, _mm_setzero_si128()))));
            sp->base = (uintptr_t)p;
            sp->bits = (unsigned)_mm_movemask_epi8(m);
            continue;
        }
#endif
        while (p < end && !(r->cls[*p] & FAST_SPECIAL))
            p++;
        return p;
    }
}

/*
 * The fast path: split the record at win_pos when it ends within the
 * block and holds nothing libcsv must judge (a CR, a NUL, a quote inside
 * an unquoted field, text after a closing quote, a limit).  LFs inside
 * quotes are field bytes, each starting a new line.  Returns 1 with a
 * record ready, 2 when the line was blank (consumed; libcsv reports no
 * record for it either), 0 when libcsv must take the record (nothing
 * consumed).
 */
static int fast_record(struct cx_reader *r)
{
    const unsigned char *cls = r->cls;
    const unsigned char *p = r->win + r->win_pos;
    const unsigned char *end = r->win + r->win_len;
    struct specials sp = {0, 0};
    uint64_t lines = 1;                 /* LFs in the record, its own */
    for (;;) {
        while (p < end && (cls[*p] & FAST_SPACE))
            p++;
        const unsigned char *f0, *f1;
        size_t ndq = 0;
        if (p < end && *p == '"') {
            f0 = ++p;
            for (;;) {
                p = next_special(r, &sp, p, end);
                if (p == end)
                    goto to_libcsv;             /* past the block */
                if (*p == '"') {
                    if (p + 1 == end)
                        goto to_libcsv;         /* closing or doubled? */
                    if (p[1] != '"')
                        break;
                    ndq++;
                    p += 2;
                } else if (*p == '\n') {
                    lines++;
                    p++;
                } else if (cls[*p] & FAST_DELIM) {
                    p++;
                } else {
                    goto to_libcsv;             /* CR, NUL */
                }
            }
            f1 = p++;
            while (p < end && (cls[*p] & FAST_SPACE))
                p++;
            if (p == end || !(cls[*p] & (FAST_DELIM | FAST_LF)))
                goto to_libcsv;                 /* text after a closing quote */
        } else {
            f0 = p;
            p = next_special(r, &sp, p, end);
            if (p == end || !(cls[*p] & (FAST_DELIM | FAST_LF)))
                goto to_libcsv;                 /* quote, CR, NUL */
            f1 = p;
            while (f1 > f0 && (cls[f1[-1]] & FAST_SPACE))
                f1--;                           /* trailing blanks trimmed */
            if (*p == '\n' && f0 == f1 && r->nf == 0)
                break;                          /* a blank line */
        }
        if (!fast_field(r, f0, f1, ndq))
            goto to_libcsv;
        if (*p == '\n')
            break;
        p++;                                    /* the delimiter */
    }
    r->rec_line = r->line;
    r->line += lines;
    r->win_pos = (size_t)(p - r->win) + 1;
    if (r->nf == 0)
        return 2;
    r->ready = true;
    return 1;

to_libcsv:
    r->nf = 0;
    r->rec_len = 0;
    return 0;
}

/* ---- -d whitespace --------------------------------------------------------
 *
 * A record is a line; runs of spaces and tabs separate its fields and are
 * dropped at both ends.  A field that starts with a quote runs to the
 * closing quote (blanks, and line ends, inside it are data; a doubled
 * quote is one quote), as in CSV.  libcsv cannot split on runs, so this
 * mode has its own byte loop here, and the fast path and libcsv stay out
 * of it.  A field is copied into the record as it is read, so a record
 * may span any number of blocks. */

enum { WS_BETWEEN, WS_FIELD, WS_QUOTED, WS_QUOTE_END };

/* Start a field at the current record end (unkept fields only count). */
static enum cx_status ws_field_start(struct cx_reader *r, struct cx_error *err)
{
    if (r->nf == 0)
        r->rec_line = r->line;
    if (r->nf >= r->cfg.max_columns)
        return too_many_fields(r, err);
    if (cx_grow((void **)&r->spans, &r->fcap, r->nf + 1, sizeof *r->spans,
                64))
        return fail(r, err, CX_ERR_NOMEM, r->rec_line, 0, "out of memory");
    bool keep = !r->keep || (r->nf < r->nkeep && r->keep[r->nf]);
    if (keep && cx_grow((void **)&r->rec, &r->rec_cap, r->rec_len + 1, 1,
                        4096))
        return fail(r, err, CX_ERR_NOMEM, r->rec_line, 0, "out of memory");
    r->spans[r->nf] = (struct span){keep ? r->rec_len : SIZE_MAX, 0};
    return CX_OK;
}

/* Append n bytes to the field in progress. */
static enum cx_status ws_append(struct cx_reader *r, const unsigned char *s,
                                size_t n, struct cx_error *err)
{
    struct span *sp = &r->spans[r->nf];
    if (sp->len + n > r->cfg.max_field_bytes)
        return field_too_big(r, err, r->ws_state == WS_QUOTED);
    if (sp->off != SIZE_MAX) {
        if (cx_grow((void **)&r->rec, &r->rec_cap, r->rec_len + n + 1, 1,
                    4096))
            return fail(r, err, CX_ERR_NOMEM, r->rec_line, 0,
                        "out of memory");
        memcpy(r->rec + r->rec_len, s, n);
        r->rec_len += n;
    }
    sp->len += n;
    return CX_OK;
}

/* The field in progress is complete. */
static void ws_field_end(struct cx_reader *r)
{
    struct span *sp = &r->spans[r->nf++];
    if (sp->off != SIZE_MAX)
        r->rec[r->rec_len++] = '\0';
    r->ws_state = WS_BETWEEN;
}

static bool ws_blank(unsigned char c)
{
    return c == ' ' || c == '\t';
}

/* A byte that ends a run of field bytes in state `state`. */
static bool ws_stops(int state, unsigned char c)
{
    if (c == '"' || c == 0 || c == '\n' || c == '\r')
        return true;
    return state == WS_FIELD && ws_blank(c);
}

/* Split bytes of the window until a record is ready or the window is used
 * up. */
static enum cx_status ws_feed(struct cx_reader *r, struct cx_error *err)
{
    enum cx_status st = CX_OK;
    while (r->win_pos < r->win_len && !r->ready && st == CX_OK) {
        const unsigned char *w = r->win;
        size_t i = r->win_pos;
        unsigned char c = w[i];
        int s = r->ws_state;
        if (c == '\n' && r->last_cr && r->col0 == 0) {
            r->last_cr = false;             /* the LF of a CRLF */
            r->win_pos++;
            if (s == WS_QUOTED)
                st = ws_append(r, &c, 1, err);
            continue;
        }
        r->last_cr = false;
        if (c == 0)
            return fail(r, err, CX_ERR_ENCODING, r->line, r->col0 + 1,
                        "NUL byte in input: the file may be UTF-16 without "
                        "a byte-order mark, or binary (if UTF-16, convert "
                        "with: iconv -f UTF-16LE -t UTF-8)");
        if ((s == WS_FIELD || s == WS_QUOTED) && !ws_stops(s, c)) {
            size_t j = i + 1;
            while (j < r->win_len && !ws_stops(s, w[j]))
                j++;
            st = ws_append(r, w + i, j - i, err);
            r->col0 += j - i;
            r->win_pos = j;
            continue;
        }
        r->win_pos++;
        if (c == '\n' || c == '\r') {
            if (s == WS_QUOTED) {
                st = ws_append(r, &c, 1, err);
            } else {
                if (s != WS_BETWEEN)
                    ws_field_end(r);
                r->ready = r->nf > 0;       /* else a blank line */
            }
            r->line++;
            r->col0 = 0;
            r->last_cr = c == '\r';
            continue;
        }
        r->col0++;
        if (c == '"') {
            if (s == WS_BETWEEN) {
                st = ws_field_start(r, err);
                r->ws_state = WS_QUOTED;
                r->quote_line = r->line;
            } else if (s == WS_QUOTED) {
                r->ws_state = WS_QUOTE_END;
            } else if (s == WS_QUOTE_END) {
                r->ws_state = WS_QUOTED;    /* a doubled quote */
                st = ws_append(r, &c, 1, err);
            } else {
                return fail(r, err, CX_ERR_CSV, r->line, r->col0,
                            "quote inside an unquoted field (quote the "
                            "whole field and double the quote)");
            }
        } else if (ws_blank(c)) {
            if (s == WS_QUOTED)
                st = ws_append(r, &c, 1, err);
            else if (s != WS_BETWEEN)
                ws_field_end(r);
        } else if (s == WS_QUOTE_END) {
            return fail(r, err, CX_ERR_CSV, r->line, r->col0,
                        "unexpected text after a closing quote");
        } else {                            /* WS_BETWEEN: a field starts */
            st = ws_field_start(r, err);
            r->ws_state = WS_FIELD;
            if (st == CX_OK)
                st = ws_append(r, &c, 1, err);
        }
    }
    return st;
}

/* The end of the input: the last line needs no line end, a quote must be
 * closed. */
static enum cx_status ws_finish(struct cx_reader *r, struct cx_error *err)
{
    if (r->ws_state == WS_QUOTED) {
        if (r->quote_line != r->rec_line)
            return fail(r, err, CX_ERR_CSV, r->rec_line, 0,
                        "unterminated quoted field in record starting at "
                        "line %" PRIu64 " (the quote opens at line %" PRIu64
                        ")", r->rec_line, r->quote_line);
        return fail(r, err, CX_ERR_CSV, r->rec_line, 0,
                    "unterminated quoted field in record starting at line "
                    "%" PRIu64, r->rec_line);
    }
    if (r->ws_state != WS_BETWEEN)
        ws_field_end(r);
    r->ready = r->nf > 0;
    return CX_OK;
}

/* Set up the views of a finished record. */
static enum cx_status finish_record(struct cx_reader *r, struct cx_record *rec,
                                    struct cx_error *err)
{
    if (cx_grow((void **)&r->views, &r->vcap, r->nf ? r->nf : 1,
                sizeof *r->views, 64))
        return fail(r, err, CX_ERR_NOMEM, r->rec_line, 0, "out of memory");
    for (size_t i = 0; i < r->nf; i++) {
        const struct span *f = &r->spans[i];
        if (f->off == SIZE_MAX)
            r->views[i] = (struct cx_field_view){"", f->len};
        else
            r->views[i] = (struct cx_field_view){r->rec + f->off, f->len};
    }
    rec->fields = r->views;
    rec->nfields = r->nf;
    rec->line = r->rec_line;
    r->ready = false;
    r->returned = true;
    return CX_OK;
}

enum cx_status cx_reader_next(struct cx_reader *r, struct cx_record *rec,
                              struct cx_error *err)
{
    if (r->failed) {
        if (err)
            *err = r->failure;
        return r->failed;
    }
    if (r->returned) {
        r->nf = 0;
        r->rec_len = 0;
        r->returned = false;
    }
    for (;;) {
        if (r->ready)
            return finish_record(r, rec, err);
        if (r->win_pos == r->win_len) {
            if (r->finished)
                return CX_DONE;
            if (!r->eof) {
                enum cx_status st = refill(r, err);
                if (st != CX_OK)
                    return st;
                continue;
            }
            r->finished = true;
            if (r->ws) {
                enum cx_status st = ws_finish(r, err);
                if (st != CX_OK)
                    return st;
                continue;
            }
            bool open = in_quoted_field(&r->p);
            if (csv_fini(&r->p, on_field, on_record, r) != 0) {
                if (open && r->quote_line != r->rec_line)
                    return fail(r, err, CX_ERR_CSV, r->rec_line, 0,
                                "unterminated quoted field in record "
                                "starting at line %" PRIu64
                                " (the quote opens at line %" PRIu64 ")",
                                r->rec_line, r->quote_line);
                return fail(r, err, CX_ERR_CSV, r->rec_line, 0,
                            "unterminated quoted field in record starting "
                            "at line %" PRIu64, r->rec_line);
            }
            if (r->nomem)
                return fail(r, err, CX_ERR_NOMEM, r->rec_line, 0,
                            "out of memory");
            if (r->too_many)
                return too_many_fields(r, err);
            if (r->too_big)
                return field_too_big(r, err, false);
            continue;
        }
        if (r->ws) {
            enum cx_status st = ws_feed(r, err);
            if (st != CX_OK)
                return st;
            continue;
        }
        /* At a line start with no record in progress, try the fast
         * path (after a CR, an LF belongs to it: libcsv's). */
        if (r->fast && r->col0 == 0 && !r->last_cr
            && r->p.pstate == CSV_ROW_NOT_BEGUN && fast_record(r))
            continue;
        enum cx_status st = feed_segment(r, err);
        if (st != CX_OK)
            return st;
    }
}

static void set_classes(struct cx_reader *r);

/* Skip a BOM and a sep= line at the start of the input (in the first
 * block), and choose the delimiter. */
static enum cx_status start(struct cx_reader *r, const unsigned char *s,
                            size_t len, size_t *skip, struct cx_error *err)
{
    (void)err;
    size_t bom_len;
    enum cx_bom bom = cx_dialect_bom(s, len, &bom_len);
    r->had_bom = bom == CX_BOM_UTF8;
    *skip = bom == CX_BOM_UTF8 ? bom_len : 0;
    char d;
    size_t sep_len;
    if (cx_dialect_sep_line(s + *skip, len - *skip, &d, &sep_len)) {
        r->had_sep = true;
        *skip += sep_len;
        r->line = 2;
        if (!r->cfg.delim)
            r->cfg.delim = d;
    }
    r->delim = r->cfg.delim ? r->cfg.delim
                            : cx_dialect_sniff(s + *skip, len - *skip);
    set_classes(r);
    return CX_OK;
}

/* The delimiter to libcsv and the byte classes of the fast path. */
static void set_classes(struct cx_reader *r)
{
    csv_set_delim(&r->p, (unsigned char)r->delim);
    unsigned char d8 = (unsigned char)r->delim;
    r->ws = r->delim == CX_DELIM_WHITESPACE;
    r->fast = !r->cfg.libcsv_only && !r->ws && d8 != '"' && d8 != '\n'
              && d8 != '\r' && d8 != 0;
    memset(r->cls, 0, sizeof r->cls);
    r->cls[' '] = r->cls['\t'] = FAST_SPACE;
    r->cls['"'] = FAST_QUOTE;
    r->cls['\r'] = r->cls[0] = FAST_STOP;
    r->cls['\n'] = FAST_LF;
    r->cls[d8] = FAST_DELIM;
}

static struct cx_reader *reader_new(const char *display,
                                    const struct cx_reader_config *cfg,
                                    struct cx_error *err)
{
    struct cx_reader *r = cx_calloc(1, sizeof *r);
    if (!r) {
        cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    r->fd = -1;
    r->display = display;
    if (cfg)
        r->cfg = *cfg;
    if (!r->cfg.max_field_bytes)
        r->cfg.max_field_bytes = CX_DEFAULT_MAX_FIELD_BYTES;
    if (!r->cfg.max_columns)
        r->cfg.max_columns = CX_DEFAULT_MAX_COLUMNS;
    if (!r->cfg.block_size)
        r->cfg.block_size = DEFAULT_BLOCK;
    r->line = 1;
    r->limit = UINT64_MAX;
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        cx_free(r);
        cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    csv_set_realloc_func(&r->p, cx_realloc);
    csv_set_free_func(&r->p, cx_free);
    /* libcsv's default block (128 B) makes a long field cost one realloc
     * per 128 bytes; 64 KiB keeps growth cheap under any allocator. */
    csv_set_blk_size(&r->p, CSV_BLOCK);
    return r;
}

/* A reader that could not be opened: freed, with err set to the I/O
 * error `what` at its input (followed by the system's message when e is
 * an errno, 0: none); NULL. */
static struct cx_reader *open_failed(struct cx_reader *r, struct cx_error *err,
                                     const char *what, int e)
{
    struct cx_loc loc = {r->display, 0, 0};
    if (e) {
        cx_error_set(err, CX_ERR_IO, &loc, "%s: %s", what, strerror(e));
        err->sys_errno = e;
    } else {
        cx_error_set(err, CX_ERR_IO, &loc, "%s", what);
    }
    cx_reader_free(r);
    return NULL;
}

/* The same when out of memory. */
static struct cx_reader *out_of_memory(struct cx_reader *r,
                                       struct cx_error *err)
{
    cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    cx_reader_free(r);
    return NULL;
}

/* Open path for reading, again when interrupted; -1 (errno set) when it
 * cannot be. */
static int open_read(const char *path)
{
    int fd;
    do
        fd = open(path, O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    return fd;
}

struct cx_reader *cx_reader_open_mem(const void *data, size_t len,
                                     const char *display,
                                     const struct cx_reader_config *cfg,
                                     struct cx_error *err)
{
    struct cx_reader *r = reader_new(display, cfg, err);
    if (!r)
        return NULL;
    r->mem = data;
    r->mem_len = len;
    size_t bom_len;
    enum cx_bom bom = cx_dialect_bom(data, len, &bom_len);
    if (bom == CX_BOM_UTF16LE || bom == CX_BOM_UTF16BE) {
        size_t used;
        r->utf16 = bom;
        r->owned = cx_malloc(2 * len + 4);
        if (!r->owned)
            return out_of_memory(r, err);
        r->mem_len = cx_utf16_to_utf8((const unsigned char *)data + bom_len,
                                      len - bom_len, bom == CX_BOM_UTF16BE,
                                      true, r->owned, &used);
        r->mem = r->owned;
    }
    size_t skip = 0;
    if (start(r, r->mem, r->mem_len, &skip, err) != CX_OK) {
        cx_reader_free(r);
        return NULL;
    }
    r->mem_pos = skip;
    r->win = r->mem + skip;
    return r;
}

/*
 * Put the source the first block calls for under the reader: a workbook's
 * sheet (.xlsx from the file, .xls from path), a decompressor, and
 * --encoding's transcoder over the text.  have:
 * the bytes of the first block, which the source gives again.  False with
 * err set when it cannot be.
 */
static bool open_source(struct cx_reader *r, const char *path, size_t have,
                        struct cx_error *err)
{
    struct cx_source *s = NULL;
    struct stat st;
    bool regular = fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode);
    switch (r->container) {
    case CX_CONT_OLE2:
        s = cx_xls_new(path, r->cfg.sheet, r->display, err);
        r->cfg.delim = ',';         /* the sheet's CSV text, whatever -d */
        return (r->src = s) != NULL;
    case CX_CONT_ZIP:
        s = cx_xlsx_new_fd(r->fd, r->buf, have, r->cfg.sheet, r->display,
                           err);
        r->cfg.delim = ',';         /* the sheet's CSV text, whatever -d */
        return (r->src = s) != NULL;
    default:
        s = cx_source_fd_new(r->fd, r->buf, have, r->display);
        if (!s) {
            cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
            return false;
        }
        if (r->container != CX_CONT_PLAIN)
            s = cx_decompress_new(s, r->container, err);
        if (s && r->cfg.encoding)
            s = cx_transcode_new(s, r->cfg.encoding, 0, err);
        if (s && regular)
            s = cx_prefetch_new(s);     /* decode while parsing */
        return (r->src = s) != NULL;
    }
}

struct cx_reader *cx_reader_open(const char *path, const char *display,
                                 const struct cx_reader_config *cfg,
                                 struct cx_error *err)
{
    struct cx_reader *r = reader_new(display, cfg, err);
    if (!r)
        return NULL;
    if (!path || strcmp(path, "-") == 0) {
        r->fd = STDIN_FILENO;
    } else {
        r->fd = open_read(path);
        if (r->fd < 0)
            return open_failed(r, err, "cannot open", errno);
        r->close_fd = true;
    }
    struct stat st;
    if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode))
        return open_failed(r, err, "is a directory, not a CSV file", 0);
    r->buf = cx_malloc(r->cfg.block_size);
    if (!r->buf)
        return out_of_memory(r, err);
    /* Fill the first block completely (pipes deliver in pieces) so the
     * header line can be sniffed. */
    size_t have = 0;
    while (have < r->cfg.block_size) {
        ssize_t n = read(r->fd, r->buf + have, r->cfg.block_size - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return open_failed(r, err, "read error", errno);
        if (n == 0) {
            r->eof = true;
            break;
        }
        have += (size_t)n;
    }
    r->consumed = have;
    r->container = cx_source_detect(r->buf, have);
    if (r->container != CX_CONT_PLAIN || r->cfg.encoding) {
        /* The bytes read so far go to the source, whose first block
         * replaces them. */
        if (!open_source(r, path, have, err)) {
            cx_reader_free(r);
            return NULL;
        }
        struct cx_error e;
        cx_error_clear(&e);
        if (cx_source_fill(r->src, r->buf, r->cfg.block_size, &have, &e)
            != CX_OK) {
            *err = e;
            cx_reader_free(r);
            return NULL;
        }
        r->consumed = have;
        r->eof = have < r->cfg.block_size;
    }
    size_t bom_len;
    enum cx_bom bom = cx_dialect_bom(r->buf, have, &bom_len);
    if (bom == CX_BOM_UTF16LE || bom == CX_BOM_UTF16BE) {
        /* The block read so far becomes undecoded input; the block buffer
         * holds its UTF-8. */
        r->utf16 = bom;
        r->raw = r->buf;
        r->raw_cap = r->cfg.block_size;
        if (r->raw_cap < 16) {      /* room for a surrogate pair */
            unsigned char *p = cx_realloc(r->raw, 16);
            if (!p)
                return out_of_memory(r, err);
            r->raw = p;
            r->raw_cap = 16;
        }
        r->raw_len = have - bom_len;
        memmove(r->raw, r->raw + bom_len, r->raw_len);
        r->buf = cx_malloc(2 * r->raw_cap + 4);
        if (!r->buf)
            return out_of_memory(r, err);
        have = decode_raw(r, r->eof);
    }
    size_t skip = 0;
    if (start(r, r->buf, have, &skip, err) != CX_OK) {
        cx_reader_free(r);
        return NULL;
    }
    r->win = r->buf;
    r->win_len = have;
    r->win_pos = skip;
    r->next_lf = r->next_cr = 0;
    if (have == 0)
        r->eof = true;
    return r;
}

struct cx_reader *cx_reader_open_part(const char *path, const char *display,
                                      const struct cx_reader_config *cfg,
                                      uint64_t offset, uint64_t length,
                                      uint64_t first_line,
                                      struct cx_error *err)
{
    struct cx_reader *r = reader_new(display, cfg, err);
    if (!r)
        return NULL;
    r->fd = open_read(path);
    r->close_fd = r->fd >= 0;
    if (r->fd < 0 || lseek(r->fd, (off_t)offset, SEEK_SET) < 0)
        return open_failed(r, err, "cannot open", errno);
    r->buf = cx_malloc(r->cfg.block_size);
    if (!r->buf)
        return out_of_memory(r, err);
    r->limit = length;
    r->line = first_line;
    r->delim = r->cfg.delim;
    set_classes(r);
    r->win = r->buf;
    return r;
}

void cx_reader_set_limit(struct cx_reader *r, uint64_t limit)
{
    r->limit = limit;
}

uint64_t cx_reader_consumed(const struct cx_reader *r)
{
    return r->consumed;
}

void cx_reader_free(struct cx_reader *r)
{
    if (!r)
        return;
    csv_free(&r->p);
    cx_source_free(r->src);
    if (r->close_fd && r->fd >= 0)
        close(r->fd);
    cx_free(r->buf);
    cx_free(r->raw);
    cx_free(r->owned);
    cx_free(r->rec);
    cx_free(r->spans);
    cx_free(r->views);
    cx_free(r);
}

void cx_reader_keep(struct cx_reader *r, const bool *keep, size_t nkeep)
{
    r->keep = keep;
    r->nkeep = nkeep;
}

char cx_reader_delim(const struct cx_reader *r)
{
    return r->delim;
}

bool cx_reader_was_utf16(const struct cx_reader *r)
{
    return r->utf16 != 0;
}

bool cx_reader_was_decoded(const struct cx_reader *r)
{
    return r->src != NULL;
}

const char *cx_reader_container(const struct cx_reader *r)
{
    return cx_container_name(r->container);
}

bool cx_reader_had_bom(const struct cx_reader *r)
{
    return r->had_bom;
}

bool cx_reader_had_sep_line(const struct cx_reader *r)
{
    return r->had_sep;
}

/* One record as a CSV line, each field quoted only where the quoting rule
 * of csvout.h needs it (no formula guard: the fields go out as they came
 * in); false on a write error. */
bool cx_csv_write_record(FILE *f, const struct cx_field_view *fields,
                         size_t n, char delim)
{
    for (size_t i = 0; i < n; i++)
        if ((i && putc(delim, f) == EOF)
            || !cx_csv_cell(f, fields[i].p, fields[i].len, delim, 0))
            return false;
    return putc('\n', f) != EOF;
}
