/* source.c - byte sources under the reader: detection by magic bytes,
 * file and memory sources (see source.h). */
#include "io/source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"

enum cx_container cx_source_detect(const unsigned char *p, size_t n)
{
    static const struct {
        enum cx_container c;
        size_t len;
        const char *magic;
    } magics[] = {
        {CX_CONT_GZIP, 2, "\x1f\x8b"},
        {CX_CONT_ZSTD, 4, "\x28\xb5\x2f\xfd"},
        {CX_CONT_XZ, 6, "\xfd" "7zXZ\0"},
        {CX_CONT_BZIP2, 3, "BZh"},
        {CX_CONT_ZIP, 4, "PK\x03\x04"},
        {CX_CONT_OLE2, 8, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"},
    };
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (n >= magics[i].len && memcmp(p, magics[i].magic,
                                         magics[i].len) == 0)
            return magics[i].c;
    return CX_CONT_PLAIN;
}

const char *cx_container_name(enum cx_container c)
{
    switch (c) {
    case CX_CONT_GZIP: return "gzip";
    case CX_CONT_ZSTD: return "zstd";
    case CX_CONT_XZ: return "xz";
    case CX_CONT_BZIP2: return "bzip2";
    case CX_CONT_ZIP: return "zip";
    case CX_CONT_OLE2: return "xls";
    case CX_CONT_PLAIN: break;
    }
    return "";
}

enum cx_container cx_source_detect_path(const char *path)
{
    unsigned char head[8];
    int fd;
    do
        fd = open(path, O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return CX_CONT_PLAIN;
    size_t have = 0;
    while (have < sizeof head) {
        ssize_t n = read(fd, head + have, sizeof head - have);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        have += (size_t)n;
    }
    close(fd);
    return cx_source_detect(head, have);
}

enum cx_status cx_source_read(struct cx_source *s, unsigned char *buf,
                              size_t cap, size_t *got, struct cx_error *err)
{
    return s->read(s, buf, cap, got, err);
}

enum cx_status cx_source_fill(struct cx_source *s, unsigned char *buf,
                              size_t cap, size_t *got, struct cx_error *err)
{
    size_t have = 0;
    while (have < cap) {
        size_t n = 0;
        enum cx_status st = s->read(s, buf + have, cap - have, &n, err);
        if (st != CX_OK)
            return st;
        if (n == 0)
            break;
        have += n;
    }
    *got = have;
    return CX_OK;
}

void cx_source_free(struct cx_source *s)
{
    if (s)
        s->free(s);
}

/* ---- a file descriptor after the bytes already read from it ---------- */

struct fd_source {
    struct cx_source base;
    int fd;
    unsigned char *prefix;
    size_t plen, ppos;
};

static enum cx_status fd_read(struct cx_source *s, unsigned char *buf,
                              size_t cap, size_t *got, struct cx_error *err)
{
    struct fd_source *f = (struct fd_source *)s;
    if (f->ppos < f->plen) {
        *got = cx_source_take(f->prefix, f->plen, &f->ppos, buf, cap);
        return CX_OK;
    }
    ssize_t n;
    do
        n = read(f->fd, buf, cap);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        int e = errno;
        struct cx_loc loc = {s->display, 0, 0};
        cx_error_set(err, CX_ERR_IO, &loc, "read error: %s", strerror(e));
        err->sys_errno = e;
        return CX_ERR_IO;
    }
    *got = (size_t)n;
    return CX_OK;
}

static void fd_free(struct cx_source *s)
{
    struct fd_source *f = (struct fd_source *)s;
    cx_free(f->prefix);
    cx_free(f);
}

struct cx_source *cx_source_fd_new(int fd, const void *prefix, size_t plen,
                                   const char *display)
{
    struct fd_source *f = cx_calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->base = (struct cx_source){fd_read, fd_free, display};
    f->fd = fd;
    if (plen) {
        f->prefix = cx_malloc(plen);
        if (!f->prefix) {
            cx_free(f);
            return NULL;
        }
        memcpy(f->prefix, prefix, plen);
        f->plen = plen;
    }
    return &f->base;
}

/* ---- memory ------------------------------------------------------------ */

struct mem_source {
    struct cx_source base;
    const unsigned char *data;
    size_t len, pos;
};

static enum cx_status mem_read(struct cx_source *s, unsigned char *buf,
                               size_t cap, size_t *got, struct cx_error *err)
{
    (void)err;
    struct mem_source *m = (struct mem_source *)s;
    *got = cx_source_take(m->data, m->len, &m->pos, buf, cap);
    return CX_OK;
}

static void mem_free(struct cx_source *s)
{
    cx_free(s);
}

struct cx_source *cx_source_mem_new(const void *data, size_t len,
                                    const char *display)
{
    struct mem_source *m = cx_calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->base = (struct cx_source){mem_read, mem_free, display};
    m->data = data;
    m->len = len;
    return &m->base;
}

/* ---- for the workbook sources ------------------------------------------ */

void cx_source_number(double v, char *out, size_t size)
{
    if (v == 0)
        v = 0;                          /* no "-0" */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, size, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            return;
    }
}

bool cx_source_needs_quotes(const char *s, size_t n)
{
    if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' '
              || s[n - 1] == '\t'))
        return true;
    for (size_t i = 0; i < n; i++)
        if (s[i] && strchr(",;|\t\"\r\n", s[i]))
            return true;
    return false;
}

bool cx_textbuf_add(struct cx_textbuf *b, const char *s, size_t n)
{
    if (cx_grow((void **)&b->p, &b->cap, b->len + n + 1, 1, 256))
        return false;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return true;
}

bool cx_textbuf_add_field(struct cx_textbuf *b, const char *s, size_t n)
{
    if (!cx_source_needs_quotes(s, n))
        return cx_textbuf_add(b, s, n);
    if (!cx_textbuf_add(b, "\"", 1))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!cx_textbuf_add(b, s + i, 1)
            || (s[i] == '"' && !cx_textbuf_add(b, "\"", 1)))
            return false;
    return cx_textbuf_add(b, "\"", 1);
}

size_t cx_source_take(const void *p, size_t len, size_t *pos,
                      unsigned char *dst, size_t cap)
{
    size_t n = len - *pos < cap ? len - *pos : cap;
    if (n)
        memcpy(dst, (const unsigned char *)p + *pos, n);
    *pos += n;
    return n;
}
