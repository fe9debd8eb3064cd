/* csvout.c - CSV cells: quoting and the formula guard (see csvout.h). */
#include "util/csvout.h"

#include <string.h>

/* -12.5, 3, +4: a number, which a spreadsheet may read as one. */
static bool is_number(const char *s, size_t len)
{
    size_t i = 0, digits = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (i < len && s[i] == '.')
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
    return digits > 0 && i == len;
}

/* Text a spreadsheet would run as a formula. */
static bool formula_like(const char *s, size_t len)
{
    return len && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@'
                   || s[0] == '\t' || s[0] == '\r' || s[0] == '\n')
           && !is_number(s, len);
}

/* True when s[0..len) must be quoted to read back as it is. */
static bool needs_quotes(const char *s, size_t len, char delim)
{
    if (len && (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' '
                || s[len - 1] == '\t'))
        return true;
    for (size_t k = 0; k < len; k++)
        if (s[k] == delim || s[k] == '"' || s[k] == '\n' || s[k] == '\r')
            return true;
    return false;
}

bool cx_csv_cell(FILE *f, const char *s, size_t len, char delim,
                 unsigned flags)
{
    bool guard = (flags & CX_CSV_GUARD) && formula_like(s, len);
    if (!guard && !(flags & CX_CSV_QUOTE) && !needs_quotes(s, len, delim))
        return len == 0 || fwrite(s, 1, len, f) == len;
    if (putc('"', f) == EOF || (guard && putc('\'', f) == EOF))
        return false;
    /* runs up to and including each quote, which is then doubled */
    while (len) {
        const char *q = memchr(s, '"', len);
        size_t run = q ? (size_t)(q - s) + 1 : len;
        if (fwrite(s, 1, run, f) != run || (q && putc('"', f) == EOF))
            return false;
        s += run;
        len -= run;
    }
    return putc('"', f) != EOF;
}
