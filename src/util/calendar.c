/* calendar.c - civil dates and periods (see calendar.h).
 *
 * days_from_civil / civil_from_days are Howard Hinnant's algorithms
 * ("chrono-Compatible Low-Level Date Algorithms"), exact for every int64
 * year that does not overflow.
 */
#include "cxcalc/calendar.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

void cx_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int cx_days_in_month(int64_t y, int m)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : mdays[m - 1];
}

int64_t cx_days_of_ms(int64_t ms)
{
    return floor_div(ms, CX_MS_PER_DAY);
}

/* ISO 8601 week: the week belongs to the year that holds its Thursday. */
static void iso_week(int64_t days, int64_t *iso_year, int *week)
{
    /* 1970-01-01 was a Thursday; weekday 0 = Monday. */
    int64_t wd = floor_div(days + 3, 7) * 7;
    int64_t monday = wd - 3;              /* Monday of this ISO week */
    int64_t thursday = monday + 3;
    int64_t y;
    int m, d;
    cx_civil_from_days(thursday, &y, &m, &d);
    int64_t jan1 = cx_days_from_civil(y, 1, 1);
    *iso_year = y;
    *week = (int)((thursday - jan1) / 7 + 1);
}

int64_t cx_period_code(enum cx_period p, int64_t ms)
{
    int64_t days = cx_days_of_ms(ms), y;
    int m, d, w;
    switch (p) {
    case CX_PERIOD_DAY:
        return days;
    case CX_PERIOD_WEEK:
        iso_week(days, &y, &w);
        return y * 53 + (w - 1);
    case CX_PERIOD_MONTH:
        cx_civil_from_days(days, &y, &m, &d);
        return y * 12 + (m - 1);
    case CX_PERIOD_QUARTER:
        cx_civil_from_days(days, &y, &m, &d);
        return y * 4 + (m - 1) / 3;
    case CX_PERIOD_YEAR:
        cx_civil_from_days(days, &y, &m, &d);
        return y;
    case CX_PERIOD_NONE:
        break;
    }
    return 0;
}

/* The key of a period code year * n + (period - 1): the year, '-', mark
 * and the period's number (from 1) in at least `digits` digits. */
static void format_in_year(char *buf, size_t size, int64_t code, int64_t n,
                           const char *mark, int digits)
{
    int64_t year = floor_div(code, n);
    snprintf(buf, size, "%04" PRId64 "-%s%0*d", year, mark, digits,
             (int)(code - year * n) + 1);
}

char *cx_period_format(enum cx_period p, int64_t code, char *buf,
                       size_t size)
{
    int64_t y;
    int m, d;
    switch (p) {
    case CX_PERIOD_DAY:
        cx_civil_from_days(code, &y, &m, &d);
        snprintf(buf, size, "%04" PRId64 "-%02d-%02d", y, m, d);
        break;
    case CX_PERIOD_WEEK:
        format_in_year(buf, size, code, 53, "W", 2);
        break;
    case CX_PERIOD_MONTH:
        format_in_year(buf, size, code, 12, "", 2);
        break;
    case CX_PERIOD_QUARTER:
        format_in_year(buf, size, code, 4, "Q", 1);
        break;
    case CX_PERIOD_YEAR:
        snprintf(buf, size, "%04" PRId64, code);
        break;
    case CX_PERIOD_NONE:
        buf[0] = '\0';
        break;
    }
    return buf;
}

static const struct {
    const char *name;
    enum cx_period p;
} period_names[] = {{"day", CX_PERIOD_DAY},     {"week", CX_PERIOD_WEEK},
                    {"month", CX_PERIOD_MONTH}, {"quarter", CX_PERIOD_QUARTER},
                    {"year", CX_PERIOD_YEAR}};

#define NPERIOD_NAMES (sizeof period_names / sizeof period_names[0])

bool cx_period_parse(const char *s, enum cx_period *out)
{
    for (size_t i = 0; i < NPERIOD_NAMES; i++) {
        if (strcmp(s, period_names[i].name) == 0) {
            *out = period_names[i].p;
            return true;
        }
    }
    return false;
}

const char *cx_period_name(enum cx_period p)
{
    for (size_t i = 0; i < NPERIOD_NAMES; i++)
        if (period_names[i].p == p)
            return period_names[i].name;
    return NULL;
}
