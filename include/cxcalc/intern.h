/*
 * intern.h - a set of byte strings, each stored once and named by a 32-bit
 * id.  Id 0 is the empty string (an empty dimension cell), so "no value"
 * needs no extra state.
 *
 * Ownership: the set owns its strings (in an arena); cx_intern_get returns
 * borrowed pointers that stay valid until cx_intern_release.
 */
#ifndef CXCALC_INTERN_H
#define CXCALC_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "cxcalc/arena.h"

struct cx_intern_entry {
    const char *str;        /* NUL-terminated copy */
    uint32_t len;
    uint32_t hash;
};

struct cx_intern {
    struct cx_arena arena;
    struct cx_intern_entry *entries;    /* by id */
    size_t count, cap;
    uint64_t *slots;                    /* open addressing: hash, id + 1 */
    size_t nslots;
};

/* Returns 0, or -1 when out of memory. */
int cx_intern_init(struct cx_intern *in);
void cx_intern_release(struct cx_intern *in);

/* The id of s[0..len), adding it when new.  Returns 0 and sets *id, or -1
 * when out of memory or the string is longer than 4 GiB. */
int cx_intern_put(struct cx_intern *in, const char *s, size_t len,
                  uint32_t *id);

/* The string of an id (borrowed); *len gets its length when not NULL. */
const char *cx_intern_get(const struct cx_intern *in, uint32_t id,
                          size_t *len);

#endif
