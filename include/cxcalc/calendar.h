/*
 * calendar.h - proleptic Gregorian calendar arithmetic in UTC (no time
 * zones, no DST), and the period keys of SPEC section 4.
 *
 * Times are int64 milliseconds since 1970-01-01T00:00:00Z.
 */
#ifndef CXCALC_CALENDAR_H
#define CXCALC_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CX_MS_PER_DAY INT64_C(86400000)

enum cx_period {
    CX_PERIOD_NONE = 0,
    CX_PERIOD_DAY,
    CX_PERIOD_WEEK,     /* ISO 8601 week, Monday first, ISO year */
    CX_PERIOD_MONTH,
    CX_PERIOD_QUARTER,
    CX_PERIOD_YEAR
};

/* Days since 1970-01-01 of a civil date (month 1-12, day 1-31), for any
 * int64 year that does not overflow (Hinnant's days_from_civil).  Inline:
 * parsing a timestamp calls it once, and a call was measurable. */
static inline int64_t cx_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;     /* floor(y / 400) */
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* The civil date of a day number. */
void cx_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* Days in month m of year y. */
int cx_days_in_month(int64_t y, int m);

/* Floor division of a time in ms to whole days. */
int64_t cx_days_of_ms(int64_t ms);

/*
 * The period a time falls in, as an integer that sorts like the periods
 * (days since epoch, ISO year*53+week, year*12+month-1, year*4+q-1, year).
 */
int64_t cx_period_code(enum cx_period p, int64_t ms);

/* Write the key of a period code ("2026-11-22", "2026-W47", "2026-11",
 * "2026-Q4", "2026") into buf; returns buf. */
char *cx_period_format(enum cx_period p, int64_t code, char *buf,
                       size_t size);

/* Parse "day|week|month|quarter|year"; returns false when unknown. */
bool cx_period_parse(const char *s, enum cx_period *out);

/* The name cx_period_parse takes; NULL for CX_PERIOD_NONE. */
const char *cx_period_name(enum cx_period p);

#endif
