/*
 * arena.h - bump allocator for strings and small objects that live as long
 * as the table that owns them.
 *
 * Ownership: the arena owns everything it hands out; cx_arena_release frees
 * it all at once.  Pointers stay valid until then (chunks never move).
 */
#ifndef CXCALC_ARENA_H
#define CXCALC_ARENA_H

#include <stddef.h>

struct cx_arena_chunk;

struct cx_arena {
    struct cx_arena_chunk *head;
    size_t chunk_size;          /* default size of a new chunk, bytes */
};

/* Set up an empty arena; no memory is taken until the first allocation. */
void cx_arena_init(struct cx_arena *a, size_t chunk_size);

/* `size` bytes aligned for any type, or NULL when out of memory. */
void *cx_arena_alloc(struct cx_arena *a, size_t size);

/* A NUL-terminated copy of s[0..len), or NULL when out of memory. */
char *cx_arena_strndup(struct cx_arena *a, const char *s, size_t len);

/* Free every chunk; the arena is empty and reusable afterwards. */
void cx_arena_release(struct cx_arena *a);

#endif
