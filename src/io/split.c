/* split.c - record boundaries of a regular file (see split.h). */
#include "io/split.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util/alloc.h"

#define SPLIT_BLOCK ((size_t)1 << 20)
/* Past this many bytes after the target without a boundary (one huge
 * quoted field), give up cutting there. */
#define SPLIT_SEARCH ((uint64_t)64 << 20)

static ssize_t read_at(int fd, unsigned char *buf, size_t len, uint64_t off)
{
    ssize_t n;
    do
        n = pread(fd, buf, len, (off_t)off);
    while (n < 0 && errno == EINTR);
    return n;
}

/* Running counts over the bytes before a position. */
struct counts {
    uint64_t quotes, lf, cr, crlf;
    bool last_cr;               /* the last byte counted was a CR */
};

#ifdef __SSE2__
static uint64_t sum_bytes(__m128i acc)
{
    __m128i s = _mm_sad_epu8(acc, _mm_setzero_si128());
    return (uint64_t)_mm_cvtsi128_si32(s)
           + (uint64_t)_mm_cvtsi128_si32(_mm_srli_si128(s, 8));
}

/* Count 16 bytes at a time, in 8-bit lanes summed every 255 steps; a CR
 * is paired with the byte after it (within p[0..len)).  Returns how many
 * bytes were counted. */
static size_t count_sse2(struct counts *c, const unsigned char *p,
                         size_t len)
{
    const __m128i vq = _mm_set1_epi8('"'), vlf = _mm_set1_epi8('\n');
    const __m128i vcr = _mm_set1_epi8('\r');
    size_t i = 0;
    while (len - i >= 17) {
        __m128i aq = _mm_setzero_si128(), alf = aq, acr = aq, acrlf = aq;
        for (int k = 0; k < 255 && len - i >= 17; k++, i += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
            __m128i y = _mm_loadu_si128(
                (const __m128i *)(const void *)(p + i + 1));
            __m128i cr = _mm_cmpeq_epi8(x, vcr);
            aq = _mm_sub_epi8(aq, _mm_cmpeq_epi8(x, vq));
            alf = _mm_sub_epi8(alf, _mm_cmpeq_epi8(x, vlf));
            acr = _mm_sub_epi8(acr, cr);
            acrlf = _mm_sub_epi8(acrlf,
                                 _mm_and_si128(cr, _mm_cmpeq_epi8(y, vlf)));
        }
        c->quotes += sum_bytes(aq);
        c->lf += sum_bytes(alf);
        c->cr += sum_bytes(acr);
        c->crlf += sum_bytes(acrlf);
    }
    return i;
}
#endif

/* Count p[0..len) into c: SSE2 where there is, then in runs short enough
 * for 8-bit counters. */
static void count_bytes(struct counts *c, const unsigned char *p, size_t len)
{
    if (len && c->last_cr && p[0] == '\n')
        c->crlf++;
    size_t at = 0;
#ifdef __SSE2__
    at = count_sse2(c, p, len);
#endif
    while (at < len) {
        size_t k = len - at < 255 ? len - at : 255;
        const unsigned char *q = p + at;
        unsigned char nq = 0, nlf = 0, ncr = 0, ncrlf = 0;
        for (size_t i = 0; i < k; i++) {
            nq += q[i] == '"';
            nlf += q[i] == '\n';
            ncr += q[i] == '\r';
        }
        for (size_t i = 0; i + 1 < k; i++)
            ncrlf += q[i] == '\r' && q[i + 1] == '\n';
        if (at + k < len && q[k - 1] == '\r' && q[k] == '\n')
            ncrlf++;
        c->quotes += nq;
        c->lf += nlf;
        c->cr += ncr;
        c->crlf += ncrlf;
        at += k;
    }
    if (len)
        c->last_cr = p[len - 1] == '\r';
}

size_t cx_split_file(int fd, uint64_t size, size_t nparts,
                     uint64_t min_offset, uint64_t *offsets,
                     uint64_t *lines)
{
    offsets[0] = 0;
    lines[0] = 1;
    unsigned char *buf = nparts > 1 ? cx_malloc(SPLIT_BLOCK) : NULL;
    size_t n = 0;               /* boundaries found */
    uint64_t pos = 0;
    struct counts c = {0};
    for (size_t k = 1; buf && k < nparts; k++) {
        uint64_t target = size / nparts * k;
        if (target < min_offset)
            target = min_offset;
        if (target < pos)
            target = pos;
        /* Count the quotes up to the target. */
        while (pos < target) {
            size_t want = SPLIT_BLOCK;
            if (target - pos < want)
                want = (size_t)(target - pos);
            ssize_t got = read_at(fd, buf, want, pos);
            if (got <= 0)
                goto done;
            count_bytes(&c, buf, (size_t)got);
            pos += (uint64_t)got;
        }
        /* The first LF outside quotes from there. */
        bool found = false;
        while (!found && pos < size && pos - target < SPLIT_SEARCH) {
            ssize_t got = read_at(fd, buf, SPLIT_BLOCK, pos);
            if (got <= 0)
                goto done;
            size_t i = 0;
            uint64_t quotes = c.quotes;
            for (; i < (size_t)got; i++) {
                if (buf[i] == '"') {
                    quotes++;
                } else if (buf[i] == '\n' && quotes % 2 == 0) {
                    i++;
                    found = true;
                    break;
                }
            }
            count_bytes(&c, buf, i);
            pos += i;
        }
        if (!found || pos >= size)
            goto done;
        offsets[++n] = pos;
        lines[n] = 1 + c.lf + c.cr - c.crlf;
    }
done:
    cx_free(buf);
    offsets[++n] = size;
    return n;
}
