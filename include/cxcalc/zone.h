/*
 * zone.h - a time zone from the system's tzdata, as a table of offsets.
 *
 * cx_zone_load reads the zone once, through the C library (TZ is set and
 * restored around the reading, so call it before any thread starts); after
 * that a zone is a read-only table that any thread may use.  Times are
 * int64 milliseconds since 1970-01-01T00:00:00Z ("instants"); a local
 * time is the same count for the zone's wall clock.
 *
 * Local times that the clock skips (the spring-forward hour) are read with
 * the offset before the change: 02:30 on a day New York goes from 02:00
 * EST to 03:00 EDT is 07:30Z (03:30 EDT).  Local times that occur twice
 * (the fall-back hour) are the first of the two: 01:30 on the day New
 * York goes back is 05:30Z (01:30 EDT), not 06:30Z.
 *
 * Offsets are exact from 1900 to 2100; before, the offset of 1900 holds,
 * and after, that of 2100.
 */
#ifndef CXCALC_ZONE_H
#define CXCALC_ZONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cx_zone;

/* The last offset interval looked up: a cache that makes runs of nearby
 * times cost two comparisons.  Zero it before first use; one per thread. */
struct cx_zone_cache {
    int64_t lo, hi;         /* the instants [lo, hi) have offset `off` */
    int64_t off;            /* ms to add to an instant for local time */
    int64_t llo, lhi;       /* local times [llo, lhi) are instant + off */
    bool set, lset;
};

/*
 * Load zone `name` (an IANA name such as "America/New_York", or "UTC"):
 * *out is NULL for UTC (every function here takes NULL as UTC), else a
 * zone the caller frees with cx_zone_free.  An unknown name returns -1
 * with a message in msg.
 */
int cx_zone_load(const char *name, struct cx_zone **out, char *msg,
                 size_t size);
void cx_zone_free(struct cx_zone *z);

/* The zone's name as given ("UTC" for NULL). */
const char *cx_zone_name(const struct cx_zone *z);

/* The offset in ms (local - UTC) at an instant. */
int64_t cx_zone_offset(const struct cx_zone *z, int64_t instant,
                       struct cx_zone_cache *c);

/* The local time of an instant. */
static inline int64_t cx_zone_local(const struct cx_zone *z, int64_t instant,
                                    struct cx_zone_cache *c)
{
    return z ? instant + cx_zone_offset(z, instant, c) : instant;
}

/* The instant of a local time (the gap and fold rules above). */
int64_t cx_zone_instant(const struct cx_zone *z, int64_t local,
                        struct cx_zone_cache *c);

/* An instant as local time of the zone with its offset, ISO 8601:
 * "2026-01-31T22:00:00-05:00" ("Z" for UTC); returns buf. */
char *cx_zone_format(const struct cx_zone *z, int64_t instant, char *buf,
                     size_t size);

#endif
