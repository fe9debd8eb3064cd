/*
 * dates.h - the layouts dates and timestamps come in, read per column.
 *
 * A column's layout is decided from its first values (cx_date_sniff) or
 * given with --date-format (cx_date_format_parse); every cell of the
 * column is then read in that layout alone (cx_date_parse), so "03/04/2026"
 * is never the 3rd of April in one row and the 4th of March in the next.
 */
#ifndef CXCALC_DATES_H
#define CXCALC_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cxcalc/reader.h"

enum cx_date_kind {
    CX_DATE_ISO = 0,        /* 2026-01-05, 2026-01-05T10:00:00.5+01:00 */
    CX_DATE_YMD_SLASH,      /* 2026/01/05 [time] */
    CX_DATE_YYYYMMDD,       /* 20260105 [time] */
    CX_DATE_YYMMDD,         /* 260105 [time]: 69-99 are 1969-1999 */
    CX_DATE_DMY_DOT,        /* 05.01.2026 [time] */
    CX_DATE_MDY,            /* 1/5/2026 [time] [AM|PM], 2-digit years too */
    CX_DATE_DMY,            /* 5/1/2026 [time] [AM|PM] */
    CX_DATE_MONTH_NAME,     /* 5 Jan 2026, Jan 5, 2026, 05-Jan-26 [time] */
    CX_DATE_EPOCH,          /* seconds since 1970 (UTC), fraction allowed */
    CX_DATE_EPOCH_MS,       /* milliseconds since 1970 (UTC) */
    CX_DATE_EXCEL,          /* serial days since 1899-12-30, local time */
    CX_DATE_STRPTIME        /* `format`, strptime(3) */
};

struct cx_date_layout {
    enum cx_date_kind kind;
    const char *format;     /* CX_DATE_STRPTIME: borrowed */
};

/*
 * Read one cell in layout l: CX_CELL_OK with *ms, or CX_CELL_MISSING /
 * CX_CELL_INVALID (cell.h).  *utc says the value named its instant (an
 * offset or Z, an epoch): then *ms is UTC; otherwise *ms is the wall-clock
 * time, for the caller to place in its time zone.  A time follows the date
 * after 'T', a space or ", ": H:MM[:SS[.fff]], an optional AM/PM, an
 * optional offset (Z, ±HH:MM, ±HHMM, ±HH).  Years run 0001-9999.
 */
int cx_date_parse(const struct cx_date_layout *l, const char *s, size_t len,
                  int64_t *ms, bool *utc);

/* A time of day alone (the time column of --col ROLE=DATE+TIME):
 * H:MM[:SS[.fff]] with an optional AM/PM, as ms since midnight. */
int cx_time_of_day_parse(const char *s, size_t len, int64_t *ms);

/* The layout's name, as --date-format takes it and JSON reports it
 * ("M/D/YYYY"; a strptime layout is its format). */
const char *cx_date_layout_name(const struct cx_date_layout *l);

/* What values of the layout look like, for messages. */
const char *cx_date_layout_hint(const struct cx_date_layout *l);

/* --date-format: a name cx_date_layout_name gives ("iso8601", "M/D/YYYY",
 * "epoch", "excel", ...) or a strptime format with at least one '%'
 * (%s, which would read the process's zone, is refused).  False when it is
 * neither. */
bool cx_date_format_parse(const char *s, struct cx_date_layout *out);

/* What a column's first values say. */
struct cx_date_sniff {
    struct cx_date_layout layout;
    uint64_t values;        /* non-missing values looked at */
    uint64_t fit;           /* of them, read in `layout` */
    bool tentative;         /* M/D/YYYY only because no value read
                               differently the two ways (all were like
                               7/7/2026): the first that does decides */
    bool undecided;         /* day/month order open: some value such as
                               03/04/2026 reads both ways, none decides */
    char sample[64];        /* such a value, for the message */
};

/*
 * Decide the layout of field `field` of rows[0..nrows): the layout that
 * reads the most values (ISO 8601 when none or no value is read).  For
 * D/M versus M/D, a first number over 12 means D/M and a second over 12
 * M/D; when no value decides and some read differently both ways,
 * `undecided` is set (MDY is then the layout when us_default, a SurveyMonkey
 * export's).
 */
/* What an A/B/Y value says of the day/month order. */
enum cx_date_order {
    CX_ORDER_EITHER,        /* not A/B/Y, or A = B: reads the same */
    CX_ORDER_DAY_FIRST,     /* A over 12 */
    CX_ORDER_MONTH_FIRST,   /* B over 12 */
    CX_ORDER_AMBIGUOUS      /* A != B, both 12 or less */
};
enum cx_date_order cx_date_order_of(const char *s, size_t len);

void cx_date_sniff(const struct cx_record *rows, size_t nrows, size_t field,
                   bool us_default, struct cx_date_sniff *out);

/*
 * A bound of --since, --until or --calibration-end: an ISO 8601 date or
 * timestamp (one with an offset keeps its instant; else it is wall-clock
 * time of zone z, NULL for UTC), or a day relative to the instant `now`,
 * at its local midnight: today, yesterday, -Nd, -Nw, -Nm, -Ny (N days,
 * weeks, months, years before today), this-week, last-week (ISO weeks,
 * Monday first), this-month, last-month, this-quarter, last-quarter,
 * this-year, last-year (their first day).  False when it is none.
 */
struct cx_zone;
bool cx_date_bound(const char *s, const struct cx_zone *z, int64_t now,
                   int64_t *out);

#endif
