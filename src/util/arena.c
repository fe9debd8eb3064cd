/* arena.c - bump allocator (see arena.h). */
#include "cxcalc/arena.h"

#include <stdalign.h>
#include <string.h>

#include "util/alloc.h"

struct cx_arena_chunk {
    struct cx_arena_chunk *next;
    size_t size;
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

void cx_arena_init(struct cx_arena *a, size_t chunk_size)
{
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
}

void *cx_arena_alloc(struct cx_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size_t need = (size + align - 1) & ~(align - 1);
    if (need < size)
        return NULL;
    struct cx_arena_chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        size_t csize = need > a->chunk_size ? need : a->chunk_size;
        if (csize > SIZE_MAX - sizeof *c)
            return NULL;
        c = cx_malloc(sizeof *c + csize);
        if (!c)
            return NULL;
        c->size = csize;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += need;
    return p;
}

char *cx_arena_strndup(struct cx_arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = cx_arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void cx_arena_release(struct cx_arena *a)
{
    struct cx_arena_chunk *c = a->head;
    while (c) {
        struct cx_arena_chunk *next = c->next;
        cx_free(c);
        c = next;
    }
    a->head = NULL;
}
