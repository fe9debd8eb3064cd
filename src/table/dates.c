/* dates.c - date and timestamp layouts (see dates.h). */
#define _GNU_SOURCE     /* strptime, tm_gmtoff */
#include "cxcalc/dates.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cxcalc/calendar.h"
#include "cxcalc/zone.h"
#include "table/cell.h"
#include "util/text.h"

/* Days 0001-01-01 and 10000-01-01 (cell.c checks the same range). */
#define FIRST_DAY INT64_C(-719162)
#define END_DAY INT64_C(2932897)

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* min..max digits at s[*i]. */
static bool num(const char *s, size_t len, size_t *i, int min, int max,
                int64_t *v)
{
    size_t start = *i;
    *v = 0;
    while (*i < len && is_digit(s[*i]) && (int)(*i - start) < max)
        *v = *v * 10 + (s[(*i)++] - '0');
    return (int)(*i - start) >= min
           && !(*i < len && is_digit(s[*i]));
}

/* A two-digit year: 69-99 are 1969-1999, 00-68 are 2000-2068 (POSIX %y). */
static int64_t full_year(int64_t y, size_t digits)
{
    if (digits > 2)
        return y;
    return y >= 69 ? 1900 + y : 2000 + y;
}

/* "AM"/"PM" (any case) at s[*i]; 0 none, 1 AM, 2 PM. */
static int meridiem(const char *s, size_t len, size_t *i)
{
    if (*i + 2 > len || (s[*i + 1] != 'M' && s[*i + 1] != 'm'))
        return 0;
    char c = s[*i];
    int r = c == 'A' || c == 'a' ? 1 : c == 'P' || c == 'p' ? 2 : 0;
    if (r)
        *i += 2;
    return r;
}

static void skip_blanks(const char *s, size_t len, size_t *i)
{
    while (*i < len && s[*i] == ' ')
        (*i)++;
}

/* H:MM[:SS[.fff]] [AM|PM] at s[*i], as ms since midnight. */
static bool clock_time(const char *s, size_t len, size_t *i, int64_t *ms)
{
    int64_t h, mi, se = 0, frac = 0;
    if (!num(s, len, i, 1, 2, &h) || *i >= len || s[(*i)++] != ':'
        || !num(s, len, i, 2, 2, &mi) || mi > 59)
        return false;
    if (*i < len && s[*i] == ':') {
        (*i)++;
        if (!num(s, len, i, 2, 2, &se) || se > 59)
            return false;
        if (*i < len && (s[*i] == '.' || s[*i] == ',')) {
            (*i)++;
            /* digits past the millisecond dropped, as in ISO 8601 */
            if (!cx_parse_fraction_ms(s, len, i, false, &frac))
                return false;
        }
    }
    size_t j = *i;
    skip_blanks(s, len, &j);
    int ap = meridiem(s, len, &j);
    if (ap) {
        if (h < 1 || h > 12)
            return false;
        h = h % 12 + (ap == 2 ? 12 : 0);
        *i = j;
    } else if (h > 23) {
        return false;
    }
    *ms = ((h * 60 + mi) * 60 + se) * 1000 + frac;
    return true;
}

/* An offset at s[*i]: Z, UTC, GMT, ±HH[:MM], ±HHMM; in minutes. */
static bool offset(const char *s, size_t len, size_t *i, int64_t *min)
{
    if (*i < len && s[*i] == 'Z') {
        (*i)++;
        *min = 0;
        return true;
    }
    if (*i + 3 <= len && (memcmp(s + *i, "UTC", 3) == 0
                          || memcmp(s + *i, "GMT", 3) == 0)) {
        *i += 3;
        *min = 0;
        if (*i == len)
            return true;
    }
    if (*i >= len || (s[*i] != '+' && s[*i] != '-'))
        return false;
    int sign = s[(*i)++] == '-' ? -1 : 1;
    int64_t hh, mm = 0;
    if (*i + 2 > len || !is_digit(s[*i]) || !is_digit(s[*i + 1]))
        return false;
    hh = (s[*i] - '0') * 10 + (s[*i + 1] - '0');
    *i += 2;
    if (*i < len && s[*i] == ':')
        (*i)++;
    if (*i < len && !num(s, len, i, 2, 2, &mm))
        return false;
    if (hh > 23 || mm > 59)
        return false;
    *min = sign * (hh * 60 + mm);
    return true;
}

/* After a date at s[*i]: nothing, or a separator ('T', blanks, ", ") and
 * a time with an optional offset, to the end of s. */
static bool tail(const char *s, size_t len, size_t i, int64_t *tod,
                 bool *has_off, int64_t *off_min)
{
    *tod = 0;
    *has_off = false;
    if (i == len)
        return true;
    if (s[i] == 'T') {
        i++;
    } else {
        if (s[i] == ',')
            i++;
        size_t b = i;
        skip_blanks(s, len, &i);
        if (i == b)
            return false;
    }
    if (!clock_time(s, len, &i, tod))
        return false;
    skip_blanks(s, len, &i);
    if (i < len) {
        if (!offset(s, len, &i, off_min))
            return false;
        *has_off = true;
    }
    return i == len;
}

/* A civil date and time into *ms (UTC when has_off). */
static int civil(int64_t y, int64_t m, int64_t d, int64_t tod, bool has_off,
                 int64_t off_min, int64_t *ms, bool *utc)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1
        || d > cx_days_in_month(y, (int)m))
        return CX_CELL_INVALID;
    int64_t v = cx_days_from_civil(y, (int)m, (int)d) * CX_MS_PER_DAY + tod
                - off_min * 60000;
    if (v < FIRST_DAY * CX_MS_PER_DAY || v >= END_DAY * CX_MS_PER_DAY)
        return CX_CELL_INVALID;
    *ms = v;
    *utc = has_off;
    return CX_CELL_OK;
}

/* Y?M?D with separator sep (0: none, fixed widths 4/2/2 or 2/2/2). */
static int ymd(const char *s, size_t len, char sep, int ydigits, int64_t *ms,
               bool *utc)
{
    size_t i = 0;
    int64_t y, m, d, tod, off = 0;
    bool has_off;
    if (sep) {
        if (!num(s, len, &i, 4, 4, &y) || i >= len || s[i++] != sep
            || !num(s, len, &i, 1, 2, &m) || i >= len || s[i++] != sep
            || !num(s, len, &i, 1, 2, &d))
            return CX_CELL_INVALID;
    } else {
        /* fixed widths, so num() may not see the digits that follow */
        if (len < (size_t)ydigits + 4)
            return CX_CELL_INVALID;
        for (size_t k = 0; k < (size_t)ydigits + 4; k++)
            if (!is_digit(s[k]))
                return CX_CELL_INVALID;
        if (len > (size_t)ydigits + 4 && is_digit(s[ydigits + 4]))
            return CX_CELL_INVALID;
        y = m = d = 0;
        for (int k = 0; k < ydigits; k++)
            y = y * 10 + (s[k] - '0');
        m = (s[ydigits] - '0') * 10 + (s[ydigits + 1] - '0');
        d = (s[ydigits + 2] - '0') * 10 + (s[ydigits + 3] - '0');
        y = full_year(y, (size_t)ydigits);
        i = (size_t)ydigits + 4;
    }
    if (!tail(s, len, i, &tod, &has_off, &off))
        return CX_CELL_INVALID;
    return civil(y, m, d, tod, has_off, off, ms, utc);
}

/* A/B/Y (sep '/') or DD.MM.YYYY (sep '.'); month_first for M/D. */
static int numeric(const char *s, size_t len, char sep, bool month_first,
                   int64_t *ms, bool *utc)
{
    size_t i = 0, ys;
    int64_t a, b, y, tod, off = 0;
    bool has_off;
    if (!num(s, len, &i, 1, 2, &a) || i >= len || s[i++] != sep
        || !num(s, len, &i, 1, 2, &b) || i >= len || s[i++] != sep)
        return CX_CELL_INVALID;
    ys = i;
    if (!num(s, len, &i, 2, 4, &y) || i - ys == 3)
        return CX_CELL_INVALID;
    y = full_year(y, i - ys);
    if (!tail(s, len, i, &tod, &has_off, &off))
        return CX_CELL_INVALID;
    return month_first ? civil(y, a, b, tod, has_off, off, ms, utc)
                       : civil(y, b, a, tod, has_off, off, ms, utc);
}

static const char *const month_names[12] = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december"};

static const char *const month_abbrevs[12] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
    "nov", "dec"};

/* A month's name or its first three letters ("Sept" too) at s[*i]. */
static bool month_word(const char *s, size_t len, size_t *i, int64_t *m)
{
    size_t start = *i;
    while (*i < len && is_alpha(s[*i]))
        (*i)++;
    size_t n = *i - start;
    for (int k = 0; k < 12; k++)
        if (cx_ieq(s + start, n, month_names[k])
            || cx_ieq(s + start, n, month_abbrevs[k])
            || (k == 8 && cx_ieq(s + start, n, "sept"))) {
            *m = k + 1;
            return true;
        }
    return false;
}

/* 5 Jan 2026, 05-Jan-26, Jan 5, 2026, January 5 2026, each with an
 * optional leading weekday ("Mon, "). */
static int month_name(const char *s, size_t len, int64_t *ms, bool *utc)
{
    size_t i = 0;
    int64_t d, m, y, tod, off = 0;
    bool has_off;
    size_t w = 0;
    while (w < len && is_alpha(s[w]))
        w++;
    if (w >= 3 && w < len && (s[w] == ',' || s[w] == ' ')) {
        size_t j = 0;
        int64_t dummy;
        if (!month_word(s, len, &j, &dummy)) {     /* a weekday */
            i = w + (s[w] == ',');
            skip_blanks(s, len, &i);
        }
    }
    if (i < len && is_digit(s[i])) {
        if (!num(s, len, &i, 1, 2, &d) || i >= len)
            return CX_CELL_INVALID;
        char sep = s[i];
        if (sep != ' ' && sep != '-' && sep != '/')
            return CX_CELL_INVALID;
        i++;
        if (!month_word(s, len, &i, &m) || i >= len || s[i++] != sep)
            return CX_CELL_INVALID;
    } else {
        if (!month_word(s, len, &i, &m) || i >= len
            || (s[i] != ' ' && s[i] != '-'))
            return CX_CELL_INVALID;
        i++;
        if (!num(s, len, &i, 1, 2, &d))
            return CX_CELL_INVALID;
        if (i < len && s[i] == ',')
            i++;
        size_t b = i;
        skip_blanks(s, len, &i);
        if (i == b && !(i < len && s[i - 1] == ','))
            return CX_CELL_INVALID;
    }
    size_t ys = i;
    if (!num(s, len, &i, 2, 4, &y) || i - ys == 3)
        return CX_CELL_INVALID;
    y = full_year(y, i - ys);
    if (!tail(s, len, i, &tod, &has_off, &off))
        return CX_CELL_INVALID;
    return civil(y, m, d, tod, has_off, off, ms, utc);
}

/* Epoch seconds (fraction allowed, unit 1000) or ms (unit 1). */
static int epoch(const char *s, size_t len, int64_t unit, int64_t *ms,
                 bool *utc)
{
    size_t i = 0;
    bool neg = len > 0 && s[0] == '-';
    i += neg;
    int64_t v, frac = 0;
    if (!num(s, len, &i, 1, 15, &v))
        return CX_CELL_INVALID;
    if (unit == 1000 && i < len && s[i] == '.') {
        i++;
        if (!cx_parse_fraction_ms(s, len, &i, false, &frac))
            return CX_CELL_INVALID;
    }
    if (i != len)
        return CX_CELL_INVALID;
    v = v * unit + frac;
    v = neg ? -v : v;
    if (v < FIRST_DAY * CX_MS_PER_DAY || v >= END_DAY * CX_MS_PER_DAY)
        return CX_CELL_INVALID;
    *ms = v;
    *utc = true;
    return CX_CELL_OK;
}

/* An Excel serial date (1900 system): whole days since 1899-12-30 (since
 * 1899-12-31 below 60; 60 is the 29 February 1900 Excel counts but that
 * never was), the fraction the time of day, to the ms. */
static int excel(const char *s, size_t len, int64_t *ms, bool *utc)
{
    size_t i = 0;
    int64_t days, frac = 0, scale = 1;
    if (!num(s, len, &i, 1, 7, &days))
        return CX_CELL_INVALID;
    if (i < len && s[i] == '.') {
        i++;
        size_t start = i;
        while (i < len && is_digit(s[i])) {
            if (scale < INT64_C(1000000000)) {
                frac = frac * 10 + (s[i] - '0');
                scale *= 10;
            }
            i++;
        }
        if (i == start)
            return CX_CELL_INVALID;
    }
    if (i != len || days == 60 || days < 1)
        return CX_CELL_INVALID;
    int64_t base = cx_days_from_civil(1899, 12, days < 60 ? 31 : 30);
    int64_t tod = (frac * CX_MS_PER_DAY + scale / 2) / scale;
    int64_t v = (base + days) * CX_MS_PER_DAY + tod;
    if (v >= END_DAY * CX_MS_PER_DAY)
        return CX_CELL_INVALID;
    *ms = v;
    *utc = false;
    return CX_CELL_OK;
}

static int with_strptime(const char *fmt, const char *s, size_t len,
                         int64_t *ms, bool *utc)
{
    char buf[128];
    if (len >= sizeof buf || memchr(s, '\0', len))
        return CX_CELL_INVALID;
    memcpy(buf, s, len);
    buf[len] = '\0';
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_mday = 1;
    tm.tm_year = 70;
    const char *end = strptime(buf, fmt, &tm);
    if (!end)
        return CX_CELL_INVALID;
    while (*end == ' ')
        end++;
    if (*end)
        return CX_CELL_INVALID;
    bool zoned = strstr(fmt, "%z") != NULL;
    int64_t tod = ((int64_t)tm.tm_hour * 3600 + tm.tm_min * 60
                   + (tm.tm_sec > 59 ? 59 : tm.tm_sec)) * 1000;
    return civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tod,
                 zoned, zoned ? tm.tm_gmtoff / 60 : 0, ms, utc);
}

int cx_date_parse(const struct cx_date_layout *l, const char *s, size_t len,
                  int64_t *ms, bool *utc)
{
    if (l->kind == CX_DATE_ISO)     /* the common case: it trims itself */
        return cx_parse_iso_time(s, len, ms, utc);
    s = cx_trim(s, &len);
    if (cx_cell_is_missing(s, len))
        return CX_CELL_MISSING;
    switch (l->kind) {
    case CX_DATE_ISO: return cx_parse_iso_time(s, len, ms, utc);
    case CX_DATE_YMD_SLASH: return ymd(s, len, '/', 4, ms, utc);
    case CX_DATE_YYYYMMDD: return ymd(s, len, 0, 4, ms, utc);
    case CX_DATE_YYMMDD: return ymd(s, len, 0, 2, ms, utc);
    case CX_DATE_DMY_DOT: return numeric(s, len, '.', false, ms, utc);
    case CX_DATE_MDY: return numeric(s, len, '/', true, ms, utc);
    case CX_DATE_DMY: return numeric(s, len, '/', false, ms, utc);
    case CX_DATE_MONTH_NAME: return month_name(s, len, ms, utc);
    case CX_DATE_EPOCH: return epoch(s, len, 1000, ms, utc);
    case CX_DATE_EPOCH_MS: return epoch(s, len, 1, ms, utc);
    case CX_DATE_EXCEL: return excel(s, len, ms, utc);
    case CX_DATE_STRPTIME: return with_strptime(l->format, s, len, ms, utc);
    }
    return CX_CELL_INVALID;
}

int cx_time_of_day_parse(const char *s, size_t len, int64_t *ms)
{
    s = cx_trim(s, &len);
    if (cx_cell_is_missing(s, len))
        return CX_CELL_MISSING;
    size_t i = 0;
    if (!clock_time(s, len, &i, ms) || i != len)
        return CX_CELL_INVALID;
    return CX_CELL_OK;
}

static const char *const kind_names[] = {
    "iso8601", "YYYY/MM/DD", "YYYYMMDD", "YYMMDD", "DD.MM.YYYY", "M/D/YYYY",
    "D/M/YYYY", "month-name", "epoch", "epoch-ms", "excel"};

const char *cx_date_layout_name(const struct cx_date_layout *l)
{
    if (l->kind == CX_DATE_STRPTIME)
        return l->format;
    return kind_names[l->kind];
}

const char *cx_date_layout_hint(const struct cx_date_layout *l)
{
    static const char *const hints[] = {
        "YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]",
        "YYYY/MM/DD [H:MM[:SS]]", "YYYYMMDD [H:MM[:SS]]",
        "YYMMDD [H:MM[:SS]]", "DD.MM.YYYY [H:MM[:SS]]",
        "M/D/YYYY [H:MM[:SS] [AM|PM]]", "D/M/YYYY [H:MM[:SS] [AM|PM]]",
        "D Mon YYYY or Mon D, YYYY [H:MM[:SS]]", "seconds since 1970",
        "milliseconds since 1970", "Excel serial days"};
    if (l->kind == CX_DATE_STRPTIME)
        return l->format;
    return hints[l->kind];
}

bool cx_date_format_parse(const char *s, struct cx_date_layout *out)
{
    for (size_t k = 0; k < sizeof kind_names / sizeof *kind_names; k++)
        if (cx_ieq(s, strlen(s), kind_names[k])) {
            *out = (struct cx_date_layout){(enum cx_date_kind)k, NULL};
            return true;
        }
    if (!strchr(s, '%') || strstr(s, "%s"))
        return false;
    *out = (struct cx_date_layout){CX_DATE_STRPTIME, s};
    return true;
}

/* The first two numbers of an A/B/Y value, when it is one. */
static bool slash_parts(const char *s, size_t len, int64_t *a, int64_t *b)
{
    size_t i = 0;
    s = cx_trim(s, &len);
    return num(s, len, &i, 1, 2, a) && i < len && s[i++] == '/'
           && num(s, len, &i, 1, 2, b);
}

enum cx_date_order cx_date_order_of(const char *s, size_t len)
{
    int64_t a, b;
    if (!slash_parts(s, len, &a, &b) || a == b)
        return CX_ORDER_EITHER;
    if (a > 12 || b > 12)
        return a > 12 ? CX_ORDER_DAY_FIRST : CX_ORDER_MONTH_FIRST;
    return CX_ORDER_AMBIGUOUS;
}

void cx_date_sniff(const struct cx_record *rows, size_t nrows, size_t field,
                   bool us_default, struct cx_date_sniff *out)
{
    static const enum cx_date_kind order[] = {
        CX_DATE_ISO, CX_DATE_YMD_SLASH, CX_DATE_YYYYMMDD, CX_DATE_YYMMDD,
        CX_DATE_DMY_DOT, CX_DATE_MDY, CX_DATE_DMY, CX_DATE_MONTH_NAME};
    enum { NK = sizeof order / sizeof *order };
    uint64_t fit[NK] = {0};
    bool md = false, dm = false, both = false;
    memset(out, 0, sizeof *out);
    for (size_t r = 0; r < nrows; r++) {
        if (field >= rows[r].nfields)
            continue;
        const struct cx_field_view *f = &rows[r].fields[field];
        size_t len = f->len;
        const char *s = cx_trim(f->p, &len);
        if (cx_cell_is_missing(s, len))
            continue;
        out->values++;
        for (size_t k = 0; k < NK; k++) {
            int64_t ms;
            bool utc;
            struct cx_date_layout l = {order[k], NULL};
            fit[k] += cx_date_parse(&l, s, len, &ms, &utc) == CX_CELL_OK;
        }
        int64_t a, b;
        if (slash_parts(s, len, &a, &b)) {
            dm = dm || a > 12;
            md = md || b > 12;
            if (a != b && a <= 12 && b <= 12 && !both) {
                both = true;
                cx_escape(s, len, out->sample, sizeof out->sample, 40);
            }
        }
    }
    size_t best = 0;
    for (size_t k = 1; k < NK; k++)
        if (fit[k] > fit[best])
            best = k;
    enum cx_date_kind kind = order[best];
    if ((kind == CX_DATE_MDY || kind == CX_DATE_DMY) && fit[best] > 0) {
        /* The order the values decide; a tie of counts is no decision. */
        if (dm != md)
            kind = dm ? CX_DATE_DMY : CX_DATE_MDY;
        else if (!dm && both && !us_default)
            out->undecided = true;
        else if (!dm) {
            /* no value read differently the two ways: M/D for now */
            kind = CX_DATE_MDY;
            out->tentative = !us_default;
        }
        fit[best] = fit[kind == CX_DATE_MDY ? 5 : 6];
    }
    out->layout = (struct cx_date_layout){kind, NULL};
    out->fit = fit[best];
}

/* The day number of (y, m + dm, d), the day clamped to the month's end. */
static int64_t add_months(int64_t y, int m, int d, int dm)
{
    int64_t mi = y * 12 + (m - 1) + dm;
    int64_t ny = mi >= 0 ? mi / 12 : -((-mi + 11) / 12);
    int nm = (int)(mi - ny * 12) + 1;
    int last = cx_days_in_month(ny, nm);
    return cx_days_from_civil(ny, nm, d < last ? d : last);
}

/* A relative day as the day number it names, counted from `today`. */
static bool relative_day(const char *s, int64_t today, int64_t *day)
{
    int64_t y;
    int m, d;
    cx_civil_from_days(today, &y, &m, &d);
    int64_t monday = today - ((today % 7 + 7 + 3) % 7);     /* 1970-01-01
                                                               a Thursday */
    int q = (m - 1) / 3 * 3 + 1;
    static const char *const words[] = {
        "today", "yesterday", "this-week", "last-week", "this-month",
        "last-month", "this-quarter", "last-quarter", "this-year",
        "last-year"};
    int64_t days[] = {today, today - 1, monday, monday - 7,
                      add_months(y, m, 1, 0), add_months(y, m, 1, -1),
                      add_months(y, q, 1, 0), add_months(y, q, 1, -3),
                      cx_days_from_civil(y, 1, 1),
                      cx_days_from_civil(y - 1, 1, 1)};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (strcmp(s, words[k]) == 0) {
            *day = days[k];
            return true;
        }
    size_t len = strlen(s), i = 1;
    int64_t n;
    if (len < 3 || s[0] != '-' || !num(s, len, &i, 1, 5, &n) || i != len - 1)
        return false;
    switch (s[len - 1]) {
    case 'd': *day = today - n; return true;
    case 'w': *day = today - 7 * n; return true;
    case 'm': *day = add_months(y, m, d, -(int)n); return true;
    case 'y': *day = add_months(y, m, d, -12 * (int)n); return true;
    }
    return false;
}

bool cx_date_bound(const char *s, const struct cx_zone *z, int64_t now,
                   int64_t *out)
{
    int64_t ms, day;
    bool utc;
    if (cx_parse_iso_time(s, strlen(s), &ms, &utc) == CX_CELL_OK) {
        *out = utc ? ms : cx_zone_instant(z, ms, NULL);
        return true;
    }
    int64_t today = cx_days_of_ms(cx_zone_local(z, now, NULL));
    if (!relative_day(s, today, &day) || day < FIRST_DAY || day >= END_DAY)
        return false;
    *out = cx_zone_instant(z, day * CX_MS_PER_DAY, NULL);
    return true;
}
