/*
 * dialect.h - what the first bytes of an input say about its dialect:
 * byte-order marks, an Excel "sep=X" line, the delimiter of the header
 * line.  Pure functions over a buffer; nothing allocates.
 */
#ifndef CXCALC_DIALECT_H
#define CXCALC_DIALECT_H

#include <stdbool.h>
#include <stddef.h>

enum cx_bom { CX_BOM_NONE, CX_BOM_UTF8, CX_BOM_UTF16LE, CX_BOM_UTF16BE };

/* The byte-order mark at the start of s, and its length in *bom_len. */
enum cx_bom cx_dialect_bom(const unsigned char *s, size_t len,
                           size_t *bom_len);

/*
 * When s starts with an Excel "sep=X" line (X any single byte, then CR, LF
 * or the end), sets *delim to X and *line_len to the bytes of that line
 * including its line break, and returns true.
 */
bool cx_dialect_sep_line(const unsigned char *s, size_t len, char *delim,
                         size_t *line_len);

/*
 * The delimiter of the first line of s: whichever of ',' ';' TAB '|'
 * occurs most often outside double quotes (ties go to that order; none
 * at all gives ',').
 */
char cx_dialect_sniff(const unsigned char *s, size_t len);

/* A printable name for a delimiter: "comma", "semicolon", "tab", "pipe",
 * "whitespace" (CX_DELIM_WHITESPACE), or the character itself in quotes. */
const char *cx_dialect_delim_name(char delim, char *buf, size_t size);

#endif
