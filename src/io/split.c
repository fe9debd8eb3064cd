/* split.c - record boundaries of a regular file (see split.h). */
#include "cxcalc/split.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "cxcalc/alloc.h"

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

/* Count p[0..len) into c, in runs short enough for 8-bit counters so the
 * compiler can vectorise the loop. */
static void count_bytes(struct counts *c, const unsigned char *p, size_t len)
{
    if (len && c->last_cr && p[0] == '\n')
        c->crlf++;
    for (size_t at = 0; at < len;) {
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
