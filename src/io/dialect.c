/* dialect.c - BOMs, sep= lines and delimiter sniffing (see dialect.h). */
#include "cxcalc/dialect.h"

#include <stdio.h>
#include <string.h>

enum cx_bom cx_dialect_bom(const unsigned char *s, size_t len,
                           size_t *bom_len)
{
    if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        *bom_len = 3;
        return CX_BOM_UTF8;
    }
    if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        *bom_len = 2;
        return CX_BOM_UTF16LE;
    }
    if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        *bom_len = 2;
        return CX_BOM_UTF16BE;
    }
    *bom_len = 0;
    return CX_BOM_NONE;
}

bool cx_dialect_sep_line(const unsigned char *s, size_t len, char *delim,
                         size_t *line_len)
{
    if (len < 5 || memcmp(s, "sep=", 4) != 0 || s[4] == '\r'
        || s[4] == '\n' || s[4] == '"')
        return false;
    size_t n = 5;
    if (n < len && s[n] != '\r' && s[n] != '\n')
        return false;
    if (n < len && s[n] == '\r')
        n++;
    if (n < len && s[n] == '\n')
        n++;
    *delim = (char)s[4];
    *line_len = n;
    return true;
}

char cx_dialect_sniff(const unsigned char *s, size_t len)
{
    static const char cands[] = {',', ';', '\t', '|'};
    size_t counts[4] = {0};
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            break;
        } else if (!quoted) {
            for (int k = 0; k < 4; k++)
                if (c == (unsigned char)cands[k])
                    counts[k]++;
        }
    }
    int best = 0;
    for (int k = 1; k < 4; k++)
        if (counts[k] > counts[best])
            best = k;
    return cands[best];
}

const char *cx_dialect_delim_name(char delim, char *buf, size_t size)
{
    switch (delim) {
    case ',': return "comma";
    case ';': return "semicolon";
    case '\t': return "tab";
    case '|': return "pipe";
    case '\n': return "whitespace";
    default:
        snprintf(buf, size, "'%c'", delim);
        return buf;
    }
}
