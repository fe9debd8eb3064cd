/* utf16.c - UTF-16 to UTF-8 (see utf16.h). */
#include "io/utf16.h"

#include <stdint.h>

static unsigned unit(const unsigned char *p, bool be)
{
    return be ? (unsigned)(p[0] << 8 | p[1]) : (unsigned)(p[1] << 8 | p[0]);
}

static size_t put_utf8(uint32_t cp, unsigned char *out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | cp >> 6);
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | cp >> 12);
        out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | cp >> 18);
    out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t cx_utf16_to_utf8(const unsigned char *in, size_t len, bool big_endian,
                        bool at_end, unsigned char *out, size_t *consumed)
{
    const uint32_t replacement = 0xFFFD;
    size_t i = 0, o = 0;
    while (i + 2 <= len) {
        unsigned u = unit(in + i, big_endian);
        uint32_t cp = u;
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 4 > len) {
                if (!at_end)
                    break;          /* wait for the low surrogate */
                cp = replacement;
                i += 2;
            } else {
                unsigned low = unit(in + i + 2, big_endian);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    cp = 0x10000 + ((uint32_t)(u - 0xD800) << 10)
                       + (low - 0xDC00);
                    i += 4;
                } else {
                    cp = replacement;
                    i += 2;
                }
            }
        } else {
            if (u >= 0xDC00 && u <= 0xDFFF)
                cp = replacement;
            i += 2;
        }
        o += put_utf8(cp, out + o);
    }
    if (at_end && i < len) {        /* an odd trailing byte */
        o += put_utf8(replacement, out + o);
        i = len;
    }
    *consumed = i;
    return o;
}
