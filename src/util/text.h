/*
 * text.h - byte-string helpers: trimming, UTF-8 checks, escaping for
 * messages and terminals.  Nothing here allocates.
 */
#ifndef CXCALC_TEXT_H
#define CXCALC_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Trim ASCII spaces and tabs from both ends of s[0..*len); returns the new
 * start and updates *len. */
const char *cx_trim(const char *s, size_t *len);

/* True when s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
bool cx_utf8_valid(const char *s, size_t len);

/*
 * Copy s[0..len) into out (size `size`, always NUL-terminated), escaping
 * what must not reach a terminal or a message: control characters as \xNN
 * (\t, \n, \r as \t, \n, \r), backslash as \\, and bytes that are not valid
 * UTF-8 as \xNN.  At most `max_chars` characters of s are copied; when s is
 * longer, "…" is appended.  Returns out.
 */
char *cx_escape(const char *s, size_t len, char *out, size_t size,
                size_t max_chars);

/*
 * Copy s[0..len) to out replacing each byte that is not part of valid
 * UTF-8 with U+FFFD; out must hold 3 * len + 1 bytes.  Returns the length
 * written (out is NUL-terminated).
 */
size_t cx_utf8_repair(const char *s, size_t len, char *out);

/* Characters (not bytes) in a UTF-8 string. */
size_t cx_utf8_width(const char *s);

/* Case-insensitive ASCII comparison of s[0..len) with the C string word. */
bool cx_ieq(const char *s, size_t len, const char *word);

#endif
