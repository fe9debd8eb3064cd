/* transcode.c - another encoding to UTF-8 through iconv, in blocks (see
 * source.h).
 *
 * iconv stops at a character cut by the end of the input block (EINVAL):
 * its first bytes move to the front of the buffer and wait for the next
 * block.  An invalid sequence (EILSEQ) is an error at its byte offset in
 * the decoded input (the file's bytes, after any decompression). */
#include "io/source.h"

#include <errno.h>
#include <iconv.h>
#include <inttypes.h>
#include <string.h>

#include "util/alloc.h"

#define DEFAULT_IN_BLOCK ((size_t)64 << 10)
#define MAX_CHAR_OUT 16     /* the most UTF-8 bytes one input character
                               (or a shift sequence's flush) gives */

struct tr_source {
    struct cx_source base;
    struct cx_source *inner;
    iconv_t cd;
    const char *encoding;       /* borrowed, for messages */
    unsigned char *in;          /* in[0..in_len): bytes not yet converted */
    size_t in_len, in_cap, block;
    unsigned char *out;         /* out[out_pos..out_len): converted */
    size_t out_pos, out_len, out_cap;
    uint64_t offset;            /* input bytes converted before in[0] */
    bool eof, flushed;
};

static enum cx_status bad_input(struct tr_source *t, struct cx_error *err,
                                const char *what, size_t at)
{
    struct cx_loc loc = {t->base.display, 0, 0};
    return cx_error_set(err, CX_ERR_ENCODING, &loc,
                        "%s %s at byte offset %" PRIu64 " (0x%02x): is "
                        "--encoding right?", what, t->encoding,
                        t->offset + at, t->in[at]);
}

/* Convert what the input buffer holds into the empty output buffer. */
static enum cx_status convert(struct tr_source *t, struct cx_error *err)
{
    char *ip = (char *)t->in, *op = (char *)t->out;
    size_t il = t->in_len, ol = t->out_cap;
    size_t r = iconv(t->cd, &ip, &il, &op, &ol);
    int e = errno;
    size_t used = (size_t)((unsigned char *)ip - t->in);
    t->out_pos = 0;
    t->out_len = t->out_cap - ol;
    if (r == (size_t)-1 && e == EILSEQ)
        return bad_input(t, err, "invalid", used);
    if (r == (size_t)-1 && e == EINVAL && t->eof)
        return bad_input(t, err, "incomplete", used);
    /* E2BIG or EINVAL: the rest waits */
    memmove(t->in, t->in + used, t->in_len - used);
    t->in_len -= used;
    t->offset += used;
    return CX_OK;
}

static enum cx_status tr_read(struct cx_source *s, unsigned char *buf,
                              size_t cap, size_t *got, struct cx_error *err)
{
    struct tr_source *t = (struct tr_source *)s;
    while (t->out_pos == t->out_len) {
        if (t->eof && t->in_len == 0) {
            if (t->flushed) {
                *got = 0;
                return CX_OK;
            }
            /* the shift state back to the initial one */
            char *op = (char *)t->out;
            size_t ol = t->out_cap;
            iconv(t->cd, NULL, NULL, &op, &ol);
            t->out_pos = 0;
            t->out_len = t->out_cap - ol;
            t->flushed = true;
            continue;
        }
        if (!t->eof && t->in_len < t->in_cap) {
            size_t want = t->in_cap - t->in_len;
            if (want > t->block)
                want = t->block;
            size_t n = 0;
            enum cx_status st = cx_source_read(t->inner, t->in + t->in_len,
                                               want, &n, err);
            if (st != CX_OK)
                return st;
            t->in_len += n;
            t->eof = n == 0;
        }
        enum cx_status st = convert(t, err);
        if (st != CX_OK)
            return st;
    }
    *got = cx_source_take(t->out, t->out_len, &t->out_pos, buf, cap);
    return CX_OK;
}

static void tr_free(struct cx_source *s)
{
    struct tr_source *t = (struct tr_source *)s;
    if (t->cd != (iconv_t)-1)
        iconv_close(t->cd);
    cx_source_free(t->inner);
    cx_free(t->in);
    cx_free(t->out);
    cx_free(t);
}

bool cx_transcode_known(const char *encoding)
{
    iconv_t cd = iconv_open("UTF-8", encoding);
    if (cd == (iconv_t)-1)
        return false;
    iconv_close(cd);
    return true;
}

struct cx_source *cx_transcode_new(struct cx_source *inner,
                                   const char *encoding, size_t block_size,
                                   struct cx_error *err)
{
    struct tr_source *t = cx_calloc(1, sizeof *t);
    if (!t) {
        cx_source_free(inner);
        cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    t->base = (struct cx_source){tr_read, tr_free, inner->display};
    t->inner = inner;
    t->encoding = encoding;
    t->cd = iconv_open("UTF-8", encoding);
    if (t->cd == (iconv_t)-1) {
        cx_error_set(err, CX_ERR_USAGE, NULL,
                     "unknown encoding '%s' (see iconv --list)", encoding);
        tr_free(&t->base);
        return NULL;
    }
    t->block = block_size ? block_size : DEFAULT_IN_BLOCK;
    /* room for a block beside a cut character's first bytes */
    t->in_cap = t->block + MAX_CHAR_OUT;
    /* UTF-8 of one input byte: at most 4 bytes (one byte of a single-byte
     * encoding can be a 3-byte character; longer ones give less) */
    t->out_cap = 4 * t->in_cap + MAX_CHAR_OUT;
    t->in = cx_malloc(t->in_cap);
    t->out = cx_malloc(t->out_cap);
    if (!t->in || !t->out) {
        tr_free(&t->base);
        cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
        return NULL;
    }
    return &t->base;
}
