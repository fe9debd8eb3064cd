/* intern.c - string interning with an open-addressing hash (see intern.h). */
#include "cxcalc/intern.h"

#include <stdbool.h>
#include <string.h>

#include "util/alloc.h"

/* Eight bytes at a time, each word mixed by a multiply, then a final
 * avalanche so that the low bits used as the slot index depend on every
 * byte (ids like "C240891" differ only in their last characters). */
static uint32_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ len;
    for (; len >= 8; s += 8, len -= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdu;
        h ^= h >> 32;
    }
    if (len) {
        /* The last 1-7 bytes, without a variable-length copy. */
        uint64_t w = 0;
        if (len >= 4) {
            uint32_t a, b;
            memcpy(&a, s, 4);
            memcpy(&b, s + len - 4, 4);
            w = (uint64_t)a << 32 | b;
        } else {
            w = (uint64_t)(unsigned char)s[0] << 16
                | (uint64_t)(unsigned char)s[len >> 1] << 8
                | (unsigned char)s[len - 1];
        }
        h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
        h ^= h >> 29;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return (uint32_t)h;
}

/* memcmp(a, b, n) == 0 without a call: keys are short. */
static bool same_bytes(const char *a, const char *b, size_t n)
{
    for (; n >= 8; a += 8, b += 8, n -= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return false;
    }
    while (n--)
        if (*a++ != *b++)
            return false;
    return true;
}

/* A slot holds the hash (high half) and id + 1 (low half; 0 = free), so a
 * probe touches the entry only when the hashes agree. */
static uint64_t slot_of(uint32_t hash, uint32_t id)
{
    return (uint64_t)hash << 32 | (id + 1);
}

static int rehash(struct cx_intern *in, size_t nslots)
{
    uint64_t *slots = cx_calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t id = 0; id < in->count; id++) {
        uint32_t h = in->entries[id].hash;
        size_t i = h & (nslots - 1);
        while (slots[i])
            i = (i + 1) & (nslots - 1);
        slots[i] = slot_of(h, (uint32_t)id);
    }
    cx_free(in->slots);
    in->slots = slots;
    in->nslots = nslots;
    return 0;
}

int cx_intern_init(struct cx_intern *in)
{
    memset(in, 0, sizeof *in);
    cx_arena_init(&in->arena, 64 * 1024);
    uint32_t id;
    if (rehash(in, 64) != 0 || cx_intern_put(in, "", 0, &id) != 0) {
        cx_intern_release(in);
        return -1;
    }
    return 0;
}

void cx_intern_release(struct cx_intern *in)
{
    cx_arena_release(&in->arena);
    cx_free(in->entries);
    cx_free(in->slots);
    in->entries = NULL;
    in->slots = NULL;
    in->count = in->cap = in->nslots = 0;
}

int cx_intern_put(struct cx_intern *in, const char *s, size_t len,
                  uint32_t *id)
{
    if (len > UINT32_MAX)
        return -1;
    uint32_t h = hash_bytes(s, len);
    size_t mask = in->nslots - 1;
    size_t i = h & mask;
    while (in->slots[i]) {
        uint64_t slot = in->slots[i];
        if ((uint32_t)(slot >> 32) == h) {
            uint32_t cand = (uint32_t)slot - 1;
            const struct cx_intern_entry *e = &in->entries[cand];
            if (e->len == len && same_bytes(e->str, s, len)) {
                *id = cand;
                return 0;
            }
        }
        i = (i + 1) & mask;
    }
    if (in->count >= UINT32_MAX - 1)
        return -1;
    if (cx_grow((void **)&in->entries, &in->cap, in->count + 1,
                sizeof *in->entries, 64) != 0)
        return -1;
    char *copy = cx_arena_strndup(&in->arena, s, len);
    if (!copy)
        return -1;
    uint32_t nid = (uint32_t)in->count;
    in->entries[nid] = (struct cx_intern_entry){copy, (uint32_t)len, h};
    in->count++;
    in->slots[i] = slot_of(h, nid);
    if (in->count * 2 > in->nslots && rehash(in, in->nslots * 2) != 0) {
        /* Still consistent: the entry is in the old table. */
        in->count--;
        in->slots[i] = 0;
        return -1;
    }
    *id = nid;
    return 0;
}

const char *cx_intern_get(const struct cx_intern *in, uint32_t id,
                          size_t *len)
{
    const struct cx_intern_entry *e = &in->entries[id];
    if (len)
        *len = e->len;
    return e->str;
}
