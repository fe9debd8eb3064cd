/* prefetch.c - a source read ahead by a thread of its own (see source.h).
 *
 * Decompressing or converting a block and parsing it are independent
 * work: while the reader parses one block, this thread fills the next
 * ones from the source below, so a compressed file costs about the
 * larger of the two instead of their sum (docs/performance.md).  Blocks
 * go round a ring of NBLOCKS; the reader's thread and this one meet only
 * at the ring's counts, under one mutex.  An error of the source below
 * is handed over after every block read before it, so it shows where it
 * would have without the thread. */
#include "io/source.h"

#include <pthread.h>
#include <string.h>

#include "util/alloc.h"

#define NBLOCKS 4
#define BLOCK ((size_t)1 << 20)

struct block {
    unsigned char *p;
    size_t len;
};

struct pf_source {
    struct cx_source base;
    struct cx_source *inner;    /* read by the thread only */
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t filled, emptied;
    struct block ring[NBLOCKS];
    size_t head, count;         /* the reader's block; blocks filled */
    size_t pos;                 /* bytes of ring[head] handed out */
    bool eof, failed, stop;
    struct cx_error err;
};

static void *fill(void *arg)
{
    struct pf_source *f = arg;
    size_t tail = 0;
    for (;;) {
        pthread_mutex_lock(&f->mu);
        while (f->count == NBLOCKS && !f->stop)
            pthread_cond_wait(&f->emptied, &f->mu);
        bool stop = f->stop;
        pthread_mutex_unlock(&f->mu);
        if (stop)
            return NULL;
        /* ring[tail] is not counted: the reader does not touch it */
        struct cx_error e;
        cx_error_clear(&e);
        size_t n = 0;
        enum cx_status st = cx_source_fill(f->inner, f->ring[tail].p, BLOCK,
                                           &n, &e);
        pthread_mutex_lock(&f->mu);
        if (st != CX_OK) {
            f->failed = true;
            f->err = e;
        } else if (n == 0) {
            f->eof = true;
        } else {
            f->ring[tail].len = n;
            tail = (tail + 1) % NBLOCKS;
            f->count++;
        }
        bool done = f->failed || f->eof;
        pthread_cond_signal(&f->filled);
        pthread_mutex_unlock(&f->mu);
        if (done)
            return NULL;
    }
}

static enum cx_status pf_read(struct cx_source *s, unsigned char *buf,
                              size_t cap, size_t *got, struct cx_error *err)
{
    struct pf_source *f = (struct pf_source *)s;
    pthread_mutex_lock(&f->mu);
    while (f->count == 0 && !f->eof && !f->failed)
        pthread_cond_wait(&f->filled, &f->mu);
    bool have = f->count > 0;
    pthread_mutex_unlock(&f->mu);
    if (!have) {
        *got = 0;
        if (f->failed) {
            *err = f->err;
            return err->status;
        }
        return CX_OK;
    }
    struct block *b = &f->ring[f->head];
    *got = cx_source_take(b->p, b->len, &f->pos, buf, cap);
    if (f->pos == b->len) {
        pthread_mutex_lock(&f->mu);
        f->head = (f->head + 1) % NBLOCKS;
        f->pos = 0;
        f->count--;
        pthread_cond_signal(&f->emptied);
        pthread_mutex_unlock(&f->mu);
    }
    return CX_OK;
}

static void pf_free(struct cx_source *s)
{
    struct pf_source *f = (struct pf_source *)s;
    if (f->started) {
        pthread_mutex_lock(&f->mu);
        f->stop = true;
        pthread_cond_signal(&f->emptied);
        pthread_mutex_unlock(&f->mu);
        pthread_join(f->thread, NULL);
    }
    pthread_cond_destroy(&f->filled);
    pthread_cond_destroy(&f->emptied);
    pthread_mutex_destroy(&f->mu);
    for (size_t i = 0; i < NBLOCKS; i++)
        cx_free(f->ring[i].p);
    cx_source_free(f->inner);
    cx_free(f);
}

struct cx_source *cx_prefetch_new(struct cx_source *inner)
{
    struct pf_source *f = cx_calloc(1, sizeof *f);
    if (!f)
        return inner;
    f->base = (struct cx_source){pf_read, pf_free, inner->display};
    f->inner = inner;
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->filled, NULL);
    pthread_cond_init(&f->emptied, NULL);
    bool ok = true;
    for (size_t i = 0; i < NBLOCKS && ok; i++)
        ok = (f->ring[i].p = cx_malloc(BLOCK)) != NULL;
    if (ok)
        f->started = pthread_create(&f->thread, NULL, fill, f) == 0;
    if (!f->started) {              /* read without the thread after all */
        f->inner = NULL;
        pf_free(&f->base);
        return inner;
    }
    return &f->base;
}
