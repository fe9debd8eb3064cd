/* cell.c - cell parsers of SPEC section 2 (see cell.h). */
#include "table/cell.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cxcalc/calendar.h"
#include "util/text.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The missing-value test on a trimmed cell (one comparison at most). */
static bool missing_trimmed(const char *s, size_t len)
{
    switch (len) {
    case 0: return true;
    case 1: return s[0] == '-';
    case 2: return cx_ieq(s, len, "na");
    case 3: return cx_ieq(s, len, "n/a");
    case 4: return cx_ieq(s, len, "null");
    default: return false;
    }
}

bool cx_cell_is_missing(const char *s, size_t len)
{
    s = cx_trim(s, &len);
    return missing_trimmed(s, len);
}

enum cx_cell cx_parse_score(const char *s, size_t len, int lo, int hi,
                            int *out)
{
    if (len == 1 && is_digit(s[0])) {           /* the common case */
        int v = s[0] - '0';
        if (v < lo || v > hi)
            return CX_CELL_INVALID;
        *out = v;
        return CX_CELL_OK;
    }
    s = cx_trim(s, &len);
    if (missing_trimmed(s, len))
        return CX_CELL_MISSING;
    size_t i = 0;
    long v = 0;
    while (i < len && is_digit(s[i])) {
        if (v < 100000)
            v = v * 10 + (s[i] - '0');
        i++;
    }
    if (i == 0)
        return CX_CELL_INVALID;
    if (i < len && s[i] == '.') {
        size_t z = ++i;
        while (i < len && s[i] == '0')
            i++;
        if (i == z || i != len)
            return CX_CELL_INVALID;
    } else if (i < len) {
        /* "10 - Extremely likely": spaces, then a dash, then anything. */
        size_t sp = i;
        while (i < len && s[i] == ' ')
            i++;
        if (i == sp || i >= len || s[i] != '-')
            return CX_CELL_INVALID;
    }
    if (v < lo || v > hi)
        return CX_CELL_INVALID;
    *out = (int)v;
    return CX_CELL_OK;
}

enum cx_cell cx_parse_rating(const char *s, size_t len, int *out)
{
    s = cx_trim(s, &len);
    if (missing_trimmed(s, len))
        return CX_CELL_MISSING;
    if (cx_ieq(s, len, "offered") || cx_ieq(s, len, "unoffered"))
        return CX_CELL_MISSING;
    if (cx_ieq(s, len, "good") || cx_ieq(s, len, "good_with_comment")) {
        *out = CX_RATING_GOOD;
        return CX_CELL_OK;
    }
    if (cx_ieq(s, len, "bad") || cx_ieq(s, len, "bad_with_comment")) {
        *out = CX_RATING_BAD;
        return CX_CELL_OK;
    }
    return CX_CELL_INVALID;
}

enum cx_cell cx_parse_flag(const char *s, size_t len, bool *out)
{
    static const char *const yes[] = {"1", "true", "yes", "y", "t"};
    static const char *const no[] = {"0", "false", "no", "n", "f"};
    s = cx_trim(s, &len);
    if (missing_trimmed(s, len))
        return CX_CELL_MISSING;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        if (cx_ieq(s, len, yes[i])) {
            *out = true;
            return CX_CELL_OK;
        }
        if (cx_ieq(s, len, no[i])) {
            *out = false;
            return CX_CELL_OK;
        }
    }
    return CX_CELL_INVALID;
}

/* Parse 1..max_digits digits at s[*i]; returns false when none or too many. */
static bool digits(const char *s, size_t len, size_t *i, int max_digits,
                   int64_t *v)
{
    size_t start = *i;
    int64_t x = 0;
    while (*i < len && is_digit(s[*i])) {
        if ((int)(*i - start) >= max_digits)
            return false;
        x = x * 10 + (s[*i] - '0');
        (*i)++;
    }
    if (*i == start)
        return false;
    *v = x;
    return true;
}

/* Exactly two digits below `limit` at s[*i]. */
static bool two_digits(const char *s, size_t len, size_t *i, int limit,
                       int *v)
{
    if (*i + 2 > len || !is_digit(s[*i]) || !is_digit(s[*i + 1]))
        return false;
    *v = (s[*i] - '0') * 10 + (s[*i + 1] - '0');
    *i += 2;
    return *v < limit;
}

bool cx_parse_fraction_ms(const char *s, size_t len, size_t *i, bool round,
                          int64_t *ms)
{
    size_t start = *i;
    int64_t v = 0;
    int n = 0;
    bool round_up = false;
    while (*i < len && is_digit(s[*i])) {
        if (n < 3)
            v = v * 10 + (s[*i] - '0');
        else if (n == 3)
            round_up = round && s[*i] >= '5';
        n++;
        (*i)++;
    }
    if (*i == start)
        return false;
    for (; n < 3; n++)
        v *= 10;
    *ms = v + (round_up ? 1 : 0);
    return true;
}

enum cx_cell cx_parse_duration(const char *s, size_t len, bool decimal_comma,
                               int64_t *out_ms)
{
    const char mark = decimal_comma ? ',' : '.';
    s = cx_trim(s, &len);
    if (missing_trimmed(s, len))
        return CX_CELL_MISSING;
    size_t i = 0;
    int64_t first, ms = 0;
    if (!digits(s, len, &i, 12, &first))
        return CX_CELL_INVALID;
    int64_t secs = first;
    if (i < len && s[i] == ':') {
        int a, b;
        i++;
        if (!two_digits(s, len, &i, 60, &a))
            return CX_CELL_INVALID;
        if (i < len && s[i] == ':') {
            i++;
            if (!two_digits(s, len, &i, 60, &b))
                return CX_CELL_INVALID;
            secs = first * 3600 + a * 60 + b;       /* H:MM:SS */
        } else {
            secs = first * 60 + a;                  /* MM:SS */
        }
    }
    if (i < len && s[i] == mark) {
        i++;
        if (!cx_parse_fraction_ms(s, len, &i, true, &ms))
            return CX_CELL_INVALID;
    }
    if (i != len || secs > CX_DURATION_MAX_MS / 1000)
        return CX_CELL_INVALID;
    *out_ms = secs * 1000 + ms;
    return CX_CELL_OK;
}

/* cx_days_from_civil(1, 1, 1) and (10000, 1, 1) (test_calendar checks). */
#define DAY_0001_01_01 INT64_C(-719162)
#define DAY_10000_01_01 INT64_C(2932897)

enum cx_cell cx_parse_timestamp(const char *s, size_t len, int64_t *out_ms)
{
    bool utc;
    return cx_parse_iso_time(s, len, out_ms, &utc);
}

enum cx_cell cx_parse_iso_time(const char *s, size_t len, int64_t *out_ms,
                               bool *utc)
{
    s = cx_trim(s, &len);
    if (missing_trimmed(s, len))
        return CX_CELL_MISSING;
    size_t i = 0;
    int64_t y;
    int mo, d, h = 0, mi = 0, se = 0;
    int64_t frac = 0, offset_min = 0;
    bool zoned = false;
    if (len < 10 || !digits(s, len, &i, 4, &y) || i != 4 || s[i++] != '-'
        || !two_digits(s, len, &i, 13, &mo) || s[i++] != '-'
        || !two_digits(s, len, &i, 32, &d))
        return CX_CELL_INVALID;
    if (y < 1 || mo < 1 || d < 1 || d > cx_days_in_month(y, mo))
        return CX_CELL_INVALID;
    if (i < len && (s[i] == 'T' || s[i] == ' ')) {
        i++;
        if (!two_digits(s, len, &i, 24, &h) || i >= len || s[i++] != ':'
            || !two_digits(s, len, &i, 60, &mi))
            return CX_CELL_INVALID;
        if (i < len && s[i] == ':') {
            i++;
            if (!two_digits(s, len, &i, 60, &se))
                return CX_CELL_INVALID;
            if (i < len && s[i] == '.') {
                i++;
                if (!cx_parse_fraction_ms(s, len, &i, false, &frac))
                    return CX_CELL_INVALID;
            }
        }
        if (i < len && s[i] == 'Z') {
            i++;
            zoned = true;
        } else if (i < len && (s[i] == '+' || s[i] == '-')) {
            int sign = s[i++] == '-' ? -1 : 1, oh, om = 0;
            if (!two_digits(s, len, &i, 24, &oh))
                return CX_CELL_INVALID;
            if (i < len && s[i] == ':')
                i++;
            if (i < len && !two_digits(s, len, &i, 60, &om))
                return CX_CELL_INVALID;
            offset_min = sign * (oh * 60 + om);
            zoned = true;
        }
    }
    if (i != len)
        return CX_CELL_INVALID;
    int64_t days = cx_days_from_civil(y, mo, d);
    int64_t ms = days * CX_MS_PER_DAY
               + ((int64_t)h * 3600 + mi * 60 + se - offset_min * 60) * 1000
               + frac;
    /* An offset may not carry the time out of years 0001-9999 in UTC (a
     * period key has four digits). */
    if (ms < DAY_0001_01_01 * CX_MS_PER_DAY
        || ms >= DAY_10000_01_01 * CX_MS_PER_DAY)
        return CX_CELL_INVALID;
    *out_ms = ms;
    *utc = zoned;
    return CX_CELL_OK;
}

enum cx_cell cx_parse_number(const char *s, size_t len, bool decimal_comma,
                             double *out)
{
    const char mark = decimal_comma ? ',' : '.';
    const char group = decimal_comma ? '.' : ',';
    char buf[80];
    size_t o = 0;
    s = cx_trim(s, &len);
    if (missing_trimmed(s, len))
        return CX_CELL_MISSING;
    size_t i = 0;
    bool neg = false, sign = false, currency = false;
    for (int k = 0; k < 2; k++) {
        if (!sign && i < len && (s[i] == '-' || s[i] == '+')) {
            neg = s[i] == '-';
            sign = true;
            i++;
        } else if (!currency && i < len && s[i] == '$') {
            currency = true;
            i++;
        } else if (!currency && len - i >= 2 && memcmp(s + i, "\xc2\xa3", 2) == 0) {
            currency = true;            /* £ */
            i += 2;
        } else if (!currency && len - i >= 3
                   && memcmp(s + i, "\xe2\x82\xac", 3) == 0) {
            currency = true;            /* € */
            i += 3;
        }
    }
    if (neg)
        buf[o++] = '-';
    size_t run = 0, int_digits = 0;
    bool grouped = false;
    while (i < len && (is_digit(s[i]) || s[i] == group)) {
        if (s[i] == group) {
            /* A group mark needs 1-3 digits before (3 after the first). */
            if (run == 0 || run > 3 || (grouped && run != 3))
                return CX_CELL_INVALID;
            grouped = true;
            run = 0;
        } else {
            if (o >= sizeof buf - 2)
                return CX_CELL_INVALID;
            buf[o++] = s[i];
            run++;
            int_digits++;
        }
        i++;
    }
    if (grouped && run != 3)
        return CX_CELL_INVALID;
    size_t frac_digits = 0;
    if (i < len && s[i] == mark) {
        buf[o++] = '.';
        i++;
        while (i < len && is_digit(s[i])) {
            if (o >= sizeof buf - 1)
                return CX_CELL_INVALID;
            buf[o++] = s[i++];
            frac_digits++;
        }
    }
    /* "3." and ".5" read as numbers do in Python, R and spreadsheets. */
    if (i != len || int_digits + frac_digits == 0)
        return CX_CELL_INVALID;
    buf[o] = '\0';
    /* The grammar is checked above, so strtod sees only [-]digits[.digits]
     * in the C locale (never changed by cxcalc). */
    double v = strtod(buf, NULL);
    if (!isfinite(v))
        return CX_CELL_INVALID;
    *out = v == 0 ? 0.0 : v;
    return CX_CELL_OK;
}
