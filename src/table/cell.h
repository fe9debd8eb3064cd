/*
 * cell.h - parsers for the cell kinds of SPEC section 2.
 *
 * Each parser takes the raw bytes of one cell (not NUL-terminated, may hold
 * anything), trims ASCII spaces and tabs, and returns CX_CELL_OK with the
 * value in *out, CX_CELL_MISSING (empty, NA, N/A, null, -, any case) or
 * CX_CELL_INVALID.  *out is written only on CX_CELL_OK.  No parser
 * allocates, reads the locale, or accepts exponents, hex, inf/nan,
 * underscores or non-ASCII digits.
 */
#ifndef CXCALC_CELL_H
#define CXCALC_CELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cx_cell {
    CX_CELL_OK = 0,
    CX_CELL_MISSING = 1,
    CX_CELL_INVALID = 2
};

/* True when the trimmed cell is one of the missing-value tokens. */
bool cx_cell_is_missing(const char *s, size_t len);

/*
 * An integer score within lo..hi: "9", " 9 ", "09", "9.0", "9.00", and a
 * leading integer followed by spaces and a dash ("10 - Extremely likely").
 * Out of range, signs and fractions other than .0 are invalid.
 */
enum cx_cell cx_parse_score(const char *s, size_t len, int lo, int hi,
                            int *out);

/* Zendesk satisfaction ratings (SPEC §7): "good" and "bad" (also
 * "good_with_comment", "bad_with_comment"), any case, as these scores;
 * "offered" and "unoffered" are missing. */
#define CX_RATING_GOOD 126
#define CX_RATING_BAD 125
enum cx_cell cx_parse_rating(const char *s, size_t len, int *out);

/* 1/0, true/false, yes/no, y/n, t/f in any case. */
enum cx_cell cx_parse_flag(const char *s, size_t len, bool *out);

/*
 * A duration in integer milliseconds: seconds ("312", "312.5"), MM:SS
 * (minutes may pass 59), H:MM:SS or HH:MM:SS, the seconds optionally with a
 * fraction ("0:05:12.250").  Minutes and seconds after the first field are
 * two digits below 60.  Fractions are rounded to the millisecond (half up).
 * With decimal_comma the fraction mark is ',' instead of '.'.  Negative
 * values and signs are invalid.
 */
enum cx_cell cx_parse_duration(const char *s, size_t len, bool decimal_comma,
                               int64_t *out_ms);

/* The fraction of a second at s[*i] (after its mark) in milliseconds:
 * digits past the third dropped, or with `round` rounded half up (then
 * the result may be 1000); false when there is no digit. */
bool cx_parse_fraction_ms(const char *s, size_t len, size_t *i, bool round,
                          int64_t *ms);

/* The longest duration, 10^8 s and a fraction (three years: no handle
 * time is longer, and sums of many rows stay far from int64 overflow);
 * longer durations and end - start spans are invalid. */
#define CX_DURATION_MAX_MS (INT64_C(100000000) * 1000 + 999)

/*
 * A timestamp in milliseconds since the epoch (UTC): YYYY-MM-DD, or that
 * followed by 'T' or ' ' and HH:MM[:SS[.fff…]] and an optional offset 'Z',
 * '±HH:MM', '±HHMM' or '±HH'.  No offset means UTC.  Digits past the
 * millisecond are dropped.  Impossible dates (Feb 30) are invalid.
 */
enum cx_cell cx_parse_timestamp(const char *s, size_t len, int64_t *out_ms);

/* The same, saying whether the value named an offset (*utc): without one
 * *out_ms is the wall-clock time, for the caller's time zone. */
enum cx_cell cx_parse_iso_time(const char *s, size_t len, int64_t *out_ms,
                               bool *utc);

/*
 * A money or plain number: optional sign, optional leading currency sign
 * ($, €, £), digits with optional ',' thousands groups of three, optional
 * '.' fraction.  With decimal_comma the marks swap ("1.234,56").  A value
 * that overflows a double is invalid.
 */
enum cx_cell cx_parse_number(const char *s, size_t len, bool decimal_comma,
                             double *out);

#endif
