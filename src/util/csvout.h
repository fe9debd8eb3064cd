/*
 * csvout.h - one CSV cell as cxcalc writes it: the one quoting rule and
 * the one formula guard for the report (-f csv), the per-customer file of
 * clv --transactions and the parts of partition.
 *
 * A cell is quoted when asked (CX_CSV_QUOTE), or when it holds the
 * delimiter, a quote or a line break, or starts or ends with a blank
 * (which reading an unquoted field drops); a quote inside is doubled.  So
 * a cell reads back as it was written.
 *
 * With CX_CSV_GUARD, text a spreadsheet would run as a formula (starting
 * with = + - @ TAB CR LF, and not a number such as -12.5 or +4) is quoted
 * and gets a leading ' (OWASP CSV injection).
 */
#ifndef CXCALC_CSVOUT_H
#define CXCALC_CSVOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CX_CSV_QUOTE 1u         /* quote the cell even when not needed */
#define CX_CSV_GUARD 2u         /* guard text that looks like a formula */

/* Write s[0..len), a cell of a line with delimiter `delim` (written by the
 * caller between cells), to f.  False on a write error (errno set by
 * stdio). */
bool cx_csv_cell(FILE *f, const char *s, size_t len, char delim,
                 unsigned flags);

#endif
