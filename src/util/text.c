/* text.c - byte-string helpers (see text.h). */
#include "util/text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

const char *cx_trim(const char *s, size_t *len)
{
    size_t n = *len;
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    *len = n;
    return s;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))
        || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

bool cx_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq(p + i, len - i);
        if (!n)
            return false;
        i += n;
    }
    return true;
}

char *cx_escape(const char *s, size_t len, char *out, size_t size,
                size_t max_chars)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0, i = 0, chars = 0;
    if (!size)
        return out;
    while (i < len && chars < max_chars) {
        char tmp[8];
        size_t tn;
        size_t n = utf8_seq(p + i, len - i);
        if (n == 1 && (p[i] < 0x20 || p[i] == 0x7F || p[i] == '\\')) {
            if (p[i] == '\t')
                tn = (size_t)snprintf(tmp, sizeof tmp, "\\t");
            else if (p[i] == '\n')
                tn = (size_t)snprintf(tmp, sizeof tmp, "\\n");
            else if (p[i] == '\r')
                tn = (size_t)snprintf(tmp, sizeof tmp, "\\r");
            else if (p[i] == '\\')
                tn = (size_t)snprintf(tmp, sizeof tmp, "\\\\");
            else
                tn = (size_t)snprintf(tmp, sizeof tmp, "\\x%02x", p[i]);
            n = 1;
        } else if (n == 0) {
            tn = (size_t)snprintf(tmp, sizeof tmp, "\\x%02x", p[i]);
            n = 1;
        } else {
            memcpy(tmp, p + i, n);
            tn = n;
        }
        if (o + tn + 4 >= size)
            break;
        memcpy(out + o, tmp, tn);
        o += tn;
        i += n;
        chars++;
    }
    if (i < len && o + 4 < size) {
        memcpy(out + o, "\xe2\x80\xa6", 3);      /* … */
        o += 3;
    }
    out[o] = '\0';
    return out;
}

bool cx_ieq(const char *s, size_t len, const char *word)
{
    size_t wl = strlen(word);
    if (wl != len)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)word[i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (unsigned char)(b - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

size_t cx_utf8_repair(const char *s, size_t len, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < len) {
        size_t n = utf8_seq(p + i, len - i);
        if (n) {
            memcpy(out + o, p + i, n);
            o += n;
            i += n;
        } else {
            memcpy(out + o, "\xef\xbf\xbd", 3);
            o += 3;
            i++;
        }
    }
    out[o] = '\0';
    return o;
}

size_t cx_utf8_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}
