/* zone.c - time zones from tzdata (see zone.h).
 *
 * The C library reads the zone (TZif files and their POSIX rules); the
 * offsets it gives are sampled once a day from 1900 to 2100, and each
 * change is found to the second by bisection, into a sorted table.
 */
#define _GNU_SOURCE     /* tm_gmtoff */
#include "cxcalc/zone.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cxcalc/calendar.h"
#include "util/alloc.h"

struct span {
    int64_t at;         /* the instant (ms) it starts; INT64_MIN for the
                           first */
    int64_t off;        /* ms to add to an instant for local time */
};

struct cx_zone {
    char *name;
    size_t n, cap;
    struct span *s;     /* sorted by start */
};

#define FIRST_S INT64_C(-2208988800)    /* 1900-01-01T00:00:00Z */
#define LAST_S INT64_C(4102444800)      /* 2100-01-01T00:00:00Z */
#define MARGIN_MS (INT64_C(26) * 3600 * 1000)   /* beyond any offset */

static bool is_utc(const char *name)
{
    static const char *const names[] = {"UTC", "Etc/UTC", "Z", "Zulu",
                                        "Etc/Zulu", "GMT", "Etc/GMT",
                                        "UCT", "Etc/UCT", "Universal"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

/* A name that can only name a file of the zone directory. */
static bool plain_name(const char *name)
{
    if (!name[0] || name[0] == '/' || name[0] == '.' || strstr(name, ".."))
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')
              || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-'
              || *p == '+' || *p == '/'))
            return false;
    return true;
}

/* Whether the zone directory has a TZif file called name. */
static bool zone_file(const char *name)
{
    const char *dir = getenv("TZDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir && dir[0] ? dir
                                         : "/usr/share/zoneinfo", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char magic[4];
    bool ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
    fclose(f);
    return ok;
}

static int64_t offset_at(int64_t s)
{
    time_t t = (time_t)s;
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return 0;
    return (int64_t)tm.tm_gmtoff;
}

static int add(struct cx_zone *z, int64_t at_ms, int64_t off_s)
{
    if (cx_grow((void **)&z->s, &z->cap, z->n + 1, sizeof *z->s, 64) != 0)
        return -1;
    z->s[z->n++] = (struct span){at_ms, off_s * 1000};
    return 0;
}

/* The table of the zone TZ names now: sampled once a day, each change
 * found to the second. */
static int sample(struct cx_zone *z)
{
    int64_t prev = offset_at(FIRST_S);
    if (add(z, INT64_MIN, prev) != 0)
        return -1;
    int64_t s = FIRST_S;
    while (s < LAST_S) {
        int64_t next = s + 86400;
        if (offset_at(next) == prev) {
            s = next;
            continue;
        }
        int64_t lo = s, hi = next;      /* off(lo) = prev != off(hi) */
        while (hi - lo > 1) {
            int64_t mid = lo + (hi - lo) / 2;
            if (offset_at(mid) == prev)
                lo = mid;
            else
                hi = mid;
        }
        prev = offset_at(hi);
        if (add(z, hi * 1000, prev) != 0)
            return -1;
        s = hi;
    }
    return 0;
}

int cx_zone_load(const char *name, struct cx_zone **out, char *msg,
                 size_t size)
{
    *out = NULL;
    if (is_utc(name))
        return 0;
    if (!plain_name(name) || !zone_file(name)) {
        snprintf(msg, size, "unknown time zone '%s' (an IANA name such as "
                 "America/New_York or Europe/Berlin, from the system's "
                 "tzdata in /usr/share/zoneinfo)", name);
        return -1;
    }
    struct cx_zone *z = cx_calloc(1, sizeof *z);
    char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
    bool had = getenv("TZ") != NULL;
    int rc = -1;
    if (z && (z->name = strdup(name)) && (!had || old)
        && setenv("TZ", name, 1) == 0) {
        tzset();
        rc = sample(z);
        if (had)
            setenv("TZ", old, 1);
        else
            unsetenv("TZ");
        tzset();
    }
    free(old);
    if (rc != 0) {
        cx_zone_free(z);
        snprintf(msg, size, "out of memory");
        return -1;
    }
    *out = z;
    return 0;
}

void cx_zone_free(struct cx_zone *z)
{
    if (!z)
        return;
    free(z->name);
    cx_free(z->s);
    cx_free(z);
}

const char *cx_zone_name(const struct cx_zone *z)
{
    return z ? z->name : "UTC";
}

/* The interval holding instant t: the last i with at[i] <= t. */
static size_t find(const struct cx_zone *z, int64_t t)
{
    size_t lo = 0, hi = z->n;           /* at[lo] <= t < at[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->s[mid].at <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int64_t end_of(const struct cx_zone *z, size_t i)
{
    return i + 1 < z->n ? z->s[i + 1].at : INT64_MAX;
}

int64_t cx_zone_offset(const struct cx_zone *z, int64_t instant,
                       struct cx_zone_cache *c)
{
    if (!z)
        return 0;
    if (c && c->set && instant >= c->lo && instant < c->hi)
        return c->off;
    size_t i = find(z, instant);
    if (c)
        *c = (struct cx_zone_cache){z->s[i].at, end_of(z, i), z->s[i].off,
                                    c->llo, c->lhi, true, c->lset};
    return z->s[i].off;
}

/* Saturating a + b for local bounds. */
static int64_t sat_add(int64_t a, int64_t b)
{
    if (b > 0 && a > INT64_MAX - b)
        return INT64_MAX;
    if (b < 0 && a < INT64_MIN - b)
        return INT64_MIN;
    return a + b;
}

int64_t cx_zone_instant(const struct cx_zone *z, int64_t local,
                        struct cx_zone_cache *c)
{
    if (!z)
        return local;
    if (c && c->lset && local >= c->llo && local < c->lhi)
        return local - c->off;
    size_t k = find(z, sat_add(local, -MARGIN_MS)), gap = k;
    int64_t horizon = sat_add(local, MARGIN_MS);
    for (; k < z->n && z->s[k].at <= horizon; k++) {
        int64_t u = local - z->s[k].off;
        if (u >= z->s[k].at && u < end_of(z, k)) {
            if (c) {
                /* The local times that map to interval k alone. */
                int64_t lo = sat_add(z->s[k].at, z->s[k].off);
                if (k > 0 && sat_add(z->s[k].at, z->s[k - 1].off) > lo)
                    lo = sat_add(z->s[k].at, z->s[k - 1].off);
                int64_t hi = sat_add(end_of(z, k), z->s[k].off);
                if (k + 1 < z->n && sat_add(z->s[k + 1].at, z->s[k + 1].off) < hi)
                    hi = sat_add(z->s[k + 1].at, z->s[k + 1].off);
                *c = (struct cx_zone_cache){z->s[k].at, end_of(z, k), z->s[k].off,
                                            lo, hi, true, true};
            }
            return u;
        }
        if (sat_add(z->s[k].at, z->s[k].off) <= local)
            gap = k;
    }
    return local - z->s[gap].off;     /* skipped: the offset before */
}

char *cx_zone_format(const struct cx_zone *z, int64_t instant, char *buf,
                     size_t size)
{
    int64_t off = cx_zone_offset(z, instant, NULL);
    int64_t local = instant + off;
    int64_t day = cx_days_of_ms(local), y;
    int m, d;
    cx_civil_from_days(day, &y, &m, &d);
    int64_t s = (local - day * CX_MS_PER_DAY) / 1000;
    char zone[16] = "Z";
    if (z) {
        int64_t a = (off < 0 ? -off : off) / 60000;
        snprintf(zone, sizeof zone, "%c%02d:%02d", off < 0 ? '-' : '+',
                 (int)(a / 60), (int)(a % 60));
    }
    snprintf(buf, size, "%04" PRId64 "-%02d-%02dT%02d:%02d:%02d%s", y, m, d,
             (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60), zone);
    return buf;
}
