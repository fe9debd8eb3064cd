/* decompress.c - gzip, zstd, xz and bzip2 streams (see source.h).
 *
 * gzip, zstd and xz go through their own libraries (zlib, libzstd,
 * liblzma), which check the streams' checksums (gzip's CRC-32 and length,
 * zstd's and xz's checks) and say how many compressed bytes they had
 * consumed when the damage showed: that count is the byte offset in the
 * message (libzstd takes a whole block in before it decodes it, so its
 * count is the end of the 16 KiB piece that completed the damaged
 * block).  bzip2 goes through libarchive's filter (libbz2, which checks
 * each block's CRC); libarchive reads ahead, so its offset is the count
 * of compressed bytes read when the damage showed, at most IN_BLOCK past
 * the damage.  A stream that ends early, or bytes after its end that are
 * not another member or frame, are damage too. */
#include "io/source.h"

#include <inttypes.h>
#include <lzma.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "io/archive_dl.h"
#include "util/alloc.h"

/* libarchive, loaded by the time a source that uses it exists */
#define AR cx_archive_api(NULL, 0)

#define IN_BLOCK ((size_t)64 << 10)
/* libzstd decodes a block (up to 128 KiB) once it holds all of it: fed in
 * pieces, the offset of damage it finds is known to the piece. */
#define ZSTD_FEED ((size_t)16 << 10)

/* What a decoder step did. */
enum step { STEP_OK, STEP_ERROR };

struct dec_source {
    struct cx_source base;
    struct cx_source *inner;
    enum cx_container kind;
    unsigned char *in;
    size_t in_pos, in_len;
    bool in_eof;
    uint64_t in_base;           /* compressed bytes before in[0] */
    bool boundary;              /* between members or frames */
    bool done, ready;
    const char *why;            /* the decoder's word on the damage */
    z_stream z;
    ZSTD_DStream *zs;
    lzma_stream x;
    struct archive *a;          /* bzip2 */
    bool inner_failed;
    struct cx_error inner_err;
};

static enum cx_status corrupt(struct dec_source *d, struct cx_error *err,
                              uint64_t at, const char *why)
{
    struct cx_loc loc = {d->base.display, 0, 0};
    return cx_error_set(err, CX_ERR_IO, &loc,
                        "corrupt %s stream at byte %" PRIu64 " (%s)",
                        cx_container_name(d->kind), at,
                        why ? why : "damaged data");
}

/* ---- gzip, zstd, xz: one decoder step over in[in_pos..in_len) ------- */

static enum step gzip_step(struct dec_source *d, unsigned char *out,
                           size_t cap, size_t *used, size_t *made)
{
    z_stream *z = &d->z;
    z->next_in = d->in + d->in_pos;
    z->avail_in = (uInt)(d->in_len - d->in_pos);
    z->next_out = out;
    z->avail_out = (uInt)(cap > UINT32_MAX ? UINT32_MAX : cap);
    uInt in0 = z->avail_in, out0 = z->avail_out;
    int rc = inflate(z, Z_NO_FLUSH);
    *used = in0 - z->avail_in;
    *made = out0 - z->avail_out;
    if (*used)
        d->boundary = false;
    if (rc == Z_STREAM_END) {           /* a member ends; another may follow */
        d->boundary = true;
        inflateReset(z);
        return STEP_OK;
    }
    if (rc == Z_OK || rc == Z_BUF_ERROR)
        return STEP_OK;
    d->why = z->msg ? z->msg : "damaged data";
    return STEP_ERROR;
}

static enum step zstd_step(struct dec_source *d, unsigned char *out,
                           size_t cap, size_t *used, size_t *made)
{
    size_t feed = d->in_len - d->in_pos;
    if (feed > ZSTD_FEED)
        feed = ZSTD_FEED;
    ZSTD_inBuffer in = {d->in + d->in_pos, feed, 0};
    ZSTD_outBuffer o = {out, cap, 0};
    size_t rc = ZSTD_decompressStream(d->zs, &o, &in);
    *used = in.pos;
    *made = o.pos;
    if (ZSTD_isError(rc)) {
        *used = feed;               /* the damage is in what it was given */
        d->why = ZSTD_getErrorName(rc);
        return STEP_ERROR;
    }
    if (in.pos || o.pos)
        d->boundary = rc == 0;          /* 0: a frame is complete */
    return STEP_OK;
}

static enum step xz_step(struct dec_source *d, unsigned char *out,
                         size_t cap, size_t *used, size_t *made)
{
    lzma_stream *x = &d->x;
    x->next_in = d->in + d->in_pos;
    x->avail_in = d->in_len - d->in_pos;
    x->next_out = out;
    x->avail_out = cap;
    lzma_ret rc = lzma_code(x, d->in_eof ? LZMA_FINISH : LZMA_RUN);
    *used = d->in_len - d->in_pos - x->avail_in;
    *made = cap - x->avail_out;
    if (rc == LZMA_STREAM_END) {
        d->boundary = true;
        return STEP_OK;
    }
    if (rc == LZMA_OK || (rc == LZMA_BUF_ERROR && !d->in_eof))
        return STEP_OK;
    d->why = rc == LZMA_BUF_ERROR ? "truncated"
             : rc == LZMA_FORMAT_ERROR ? "not an xz stream"
             : rc == LZMA_MEM_ERROR ? "out of memory"
             : rc == LZMA_OPTIONS_ERROR ? "unsupported options"
                                        : "damaged data";
    return STEP_ERROR;
}

static enum step codec_step(struct dec_source *d, unsigned char *out,
                            size_t cap, size_t *used, size_t *made)
{
    switch (d->kind) {
    case CX_CONT_GZIP: return gzip_step(d, out, cap, used, made);
    case CX_CONT_ZSTD: return zstd_step(d, out, cap, used, made);
    default: return xz_step(d, out, cap, used, made);
    }
}

static enum cx_status lib_read(struct dec_source *d, unsigned char *buf,
                               size_t cap, size_t *got,
                               struct cx_error *err)
{
    *got = 0;
    while (!d->done) {
        if (d->in_pos == d->in_len && !d->in_eof) {
            size_t n = 0;
            enum cx_status st = cx_source_read(d->inner, d->in, IN_BLOCK,
                                               &n, err);
            if (st != CX_OK)
                return st;
            d->in_base += d->in_len;
            d->in_pos = 0;
            d->in_len = n;
            d->in_eof = n == 0;
        }
        size_t used = 0, made = 0;
        if (codec_step(d, buf, cap, &used, &made) != STEP_OK)
            return corrupt(d, err, d->in_base + d->in_pos + used, d->why);
        d->in_pos += used;
        if (made) {
            *got = made;
            return CX_OK;
        }
        if (d->in_eof && d->in_pos == d->in_len) {
            if (!d->boundary)
                return corrupt(d, err, d->in_base + d->in_pos, "truncated");
            d->done = true;
        } else if (!used && d->in_pos < d->in_len) {
            return corrupt(d, err, d->in_base + d->in_pos, d->why);
        }
    }
    return CX_OK;
}

/* ---- bzip2 through libarchive ----------------------------------------- */

static la_ssize_t pull(struct archive *a, void *ctx, const void **buf)
{
    struct dec_source *d = ctx;
    size_t got = 0;
    if (cx_source_read(d->inner, d->in, IN_BLOCK, &got, &d->inner_err)
        != CX_OK) {
        d->inner_failed = true;
        AR->set_error(a, -1, "read error");
        return -1;
    }
    d->in_base += got;
    *buf = d->in;
    return (la_ssize_t)got;
}

static enum cx_status archive_error(struct dec_source *d,
                                    struct cx_error *err)
{
    if (d->inner_failed) {
        *err = d->inner_err;
        return err->status;
    }
    return corrupt(d, err, d->in_base, AR->error_string(d->a));
}

/* libarchive decodes while it opens the stream: the first read opens. */
static enum cx_status bz_read(struct dec_source *d, unsigned char *buf,
                              size_t cap, size_t *got, struct cx_error *err)
{
    *got = 0;
    if (!d->ready) {
        struct archive_entry *entry;
        if (AR->read_open(d->a, d, NULL, pull, NULL) != ARCHIVE_OK
            || AR->read_next_header(d->a, &entry) != ARCHIVE_OK)
            return archive_error(d, err);
        d->ready = true;
    }
    if (d->done)
        return CX_OK;
    la_ssize_t n = AR->read_data(d->a, buf, cap);
    if (n < 0)
        return archive_error(d, err);
    d->done = n == 0;
    *got = (size_t)n;
    return CX_OK;
}

static enum cx_status dec_read(struct cx_source *s, unsigned char *buf,
                               size_t cap, size_t *got, struct cx_error *err)
{
    struct dec_source *d = (struct dec_source *)s;
    if (d->kind == CX_CONT_BZIP2)
        return bz_read(d, buf, cap, got, err);
    return lib_read(d, buf, cap, got, err);
}

static void dec_free(struct cx_source *s)
{
    struct dec_source *d = (struct dec_source *)s;
    switch (d->kind) {
    case CX_CONT_GZIP:
        if (d->ready)
            inflateEnd(&d->z);
        break;
    case CX_CONT_ZSTD: ZSTD_freeDStream(d->zs); break;
    case CX_CONT_XZ: lzma_end(&d->x); break;
    default:
        if (d->a)
            AR->read_free(d->a);
        break;
    }
    cx_source_free(d->inner);
    cx_free(d->in);
    cx_free(d);
}

/* Set up the decoder of d->kind; false when it cannot be. */
static bool start(struct dec_source *d)
{
    switch (d->kind) {
    case CX_CONT_GZIP:
        /* 15 + 16: a gzip stream (header and CRC-32) of any window */
        d->ready = inflateInit2(&d->z, 15 + 16) == Z_OK;
        return d->ready;
    case CX_CONT_ZSTD:
        d->zs = ZSTD_createDStream();
        return d->zs && !ZSTD_isError(ZSTD_initDStream(d->zs));
    case CX_CONT_XZ:
        d->x = (lzma_stream)LZMA_STREAM_INIT;
        return lzma_stream_decoder(&d->x, UINT64_MAX, LZMA_CONCATENATED)
               == LZMA_OK;
    case CX_CONT_BZIP2:
        d->a = AR->read_new();
        /* ARCHIVE_WARN: libarchive would run an external program */
        return d->a && AR->read_support_filter_bzip2(d->a) == ARCHIVE_OK
               && AR->read_support_format_raw(d->a) == ARCHIVE_OK;
    default:
        return false;
    }
}

struct cx_source *cx_decompress_new(struct cx_source *inner,
                                    enum cx_container kind,
                                    struct cx_error *err)
{
    struct dec_source *d = cx_calloc(1, sizeof *d);
    if (!d) {
        cx_source_free(inner);
        cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    d->base = (struct cx_source){dec_read, dec_free, inner->display};
    d->inner = inner;
    d->kind = kind;
    char why[256];
    if (kind == CX_CONT_BZIP2 && !cx_archive_api(why, sizeof why)) {
        struct cx_loc loc = {inner->display, 0, 0};
        cx_error_set(err, CX_ERR_IO, &loc, "bzip2 input is read through "
                     "libarchive, which cannot be loaded: %s", why);
        dec_free(&d->base);
        return NULL;
    }
    d->in = cx_malloc(IN_BLOCK);
    if (!d->in || !start(d)) {
        struct cx_loc loc = {inner->display, 0, 0};
        cx_error_set(err, CX_ERR_NOMEM, &loc,
                     "cannot start the %s decoder", cx_container_name(kind));
        dec_free(&d->base);
        return NULL;
    }
    return &d->base;
}
