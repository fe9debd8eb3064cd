/*
 * csv_gen.h - random small CSV inputs rich in the cases a CSV reader gets
 * wrong: quotes, doubled quotes, the four delimiters (and others), spaces
 * and tabs around fields, LF, CR and CRLF, NUL bytes, UTF-8, blank lines
 * and lines of blanks, ` "a" `, `"a"x`, `"a" "`, long fields, a BOM, a
 * sep= line, UTF-16.  Deterministic for a seed (splitmix64).  Shared by
 * test_fastpath.c and test_reader_blocks.c (header-only, static; include
 * after reader_diff.h and test_util.h).
 */
#ifndef CXCALC_CSV_GEN_H
#define CXCALC_CSV_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "splitmix.h"
#include "valgrind_scale.h"

static bool nasty;              /* this input may hold awkward fields */

static bool chance(unsigned percent)
{
    return rnd(100) < percent;
}

static void put(struct rd_buf *b, const void *s, size_t n)
{
    rd_grow(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void puts_(struct rd_buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void putc_(struct rd_buf *b, char c)
{
    put(b, &c, 1);
}

static const char *const delims = ",;\t|";

static void blanks(struct rd_buf *b)
{
    static const char *const bl[] = {" ", "  ", "\t", " \t", "\t \t "};
    puts_(b, bl[rnd(5)]);
}

static void word(struct rd_buf *b)
{
    static const char *const w[] = {
        "a", "xyz", "7", "42", "-3.5", "Yes", "\xc3\xa9t\xc3\xa9",
        "\xe2\x82\xac", "\xf0\x9f\x98\x80", "a b", "x\ty", "\xff", "\x80",
        "N/A", "2024-03-01T09:00:00Z", "\\", "#", "'q'"};
    puts_(b, w[rnd(sizeof w / sizeof w[0])]);
}

static void long_run(struct rd_buf *b, bool quoted)
{
    size_t n = chance(20) ? 200 + rnd(1800) : 4 + rnd(60);
    for (size_t i = 0; i < n; i++) {
        if (quoted && chance(3))
            puts_(b, "\"\"");
        else if (quoted && chance(2))
            putc_(b, delims[rnd(4)]);
        else
            putc_(b, (char)('a' + (i % 26)));
    }
}

/* The inside of a quoted field. */
static void quoted_body(struct rd_buf *b, char delim)
{
    size_t parts = rnd(4);
    for (size_t i = 0; i < parts; i++) {
        switch (rnd(12)) {
        case 0: puts_(b, "\"\""); break;
        case 1: putc_(b, delim); break;
        case 2: putc_(b, delims[rnd(4)]); break;
        case 3: blanks(b); break;
        case 4: puts_(b, chance(50) ? "\n" : chance(50) ? "\r\n" : "\r");
            break;
        case 5: long_run(b, true); break;
        case 6: if (nasty && chance(20)) putc_(b, '\0'); break;
        default: word(b); break;
        }
    }
}

/* One field, mostly well formed, sometimes one of the awkward shapes. */
static void field(struct rd_buf *b, char delim)
{
    switch (rnd(20)) {
    case 0: break;                                      /* empty */
    case 1: blanks(b); break;
    case 2: long_run(b, false); break;
    case 3: case 4: case 5: case 6:
        if (chance(30)) blanks(b);
        putc_(b, '"');
        quoted_body(b, delim);
        putc_(b, '"');
        if (chance(30)) blanks(b);
        break;
    case 7: {
        if (!nasty) {
            word(b);
            break;
        }
#define ODD(s) {s, sizeof s - 1}
        static const struct { const char *s; size_t len; } odd[] = {
            ODD(" \"a\" "), ODD("\"a\"x"), ODD("\"a\" \""), ODD("a\"b"),
            ODD("\"a"), ODD("a\""), ODD("\"\""), ODD("\"\"\"\""),
            ODD(" \"\" "), ODD("\"a\"\""), ODD("\"a\"\" "), ODD("\"\"a"),
            ODD("x\0y"), ODD("\"x\0y\""), ODD("\r"), ODD("\"\r\""),
            ODD("\"a\"\t\t"), ODD("a \"b\"")};
#undef ODD
        size_t k = rnd(sizeof odd / sizeof odd[0]);
        put(b, odd[k].s, odd[k].len);
        break;
    }
    default:
        if (chance(25)) blanks(b);
        word(b);
        if (chance(30)) word(b);
        if (chance(25)) blanks(b);
        break;
    }
}

static void line_end(struct rd_buf *b)
{
    size_t k = rnd(100);
    puts_(b, k < 70 ? "\n" : k < 88 ? "\r\n" : "\r");
}

/* Records: mostly fast-path material, with blank lines and awkward
 * fields mixed in. */
static void gen_records(struct rd_buf *b, char delim)
{
    size_t nrec = rnd(9);
    for (size_t r = 0; r < nrec; r++) {
        if (chance(10)) {
            if (chance(50)) blanks(b);
            line_end(b);
            continue;
        }
        size_t nf = 1 + rnd(chance(10) ? 12 : 5);
        for (size_t f = 0; f < nf; f++) {
            if (f)
                putc_(b, !nasty || chance(95) ? delim : delims[rnd(4)]);
            field(b, delim);
        }
        if (r + 1 < nrec || chance(80))
            line_end(b);
    }
}

/* A soup of the hard tokens. */
static void gen_soup(struct rd_buf *b, char delim)
{
    static const char *const tok[] = {
        "\"", "\"\"", ",", ";", "\t", "|", " ", "  ", "\n", "\r", "\r\n",
        "a", "7", "xyz", "\xc3\xa9", "\n\n", "   \n", " \"a\" ", "\"a\"x",
        "\"a\" \"", "\"a,b\"", "\"\n\""};
    size_t n = 1 + rnd(40);
    for (size_t i = 0; i < n; i++) {
        size_t k = rnd(sizeof tok / sizeof tok[0] + 4);
        if (k == sizeof tok / sizeof tok[0])
            putc_(b, delim);
        else if (k == sizeof tok / sizeof tok[0] + 1)
            putc_(b, '\0');
        else if (k == sizeof tok / sizeof tok[0] + 2)
            long_run(b, chance(50));
        else if (k == sizeof tok / sizeof tok[0] + 3)
            word(b);
        else
            puts_(b, tok[k]);
    }
}

/* The bytes as UTF-16 with a byte-order mark, one code unit a byte (the
 * reader decodes it to UTF-8 before the fast path sees it). */
static void to_utf16(struct rd_buf *b, bool big_endian)
{
    size_t n = b->len;
    unsigned char *src = malloc(n ? n : 1);
    assert_non_null(src);
    memcpy(src, b->p, n);
    b->len = 0;
    puts_(b, big_endian ? "\xfe\xff" : "\xff\xfe");
    for (size_t i = 0; i < n; i++) {
        char u[2] = {(char)src[i], 0};
        if (big_endian)
            u[1] = u[0], u[0] = 0;
        put(b, u, 2);
    }
    free(src);
}

static void gen_input(struct rd_buf *b, char delim)
{
    b->len = 0;
    if (chance(3))
        puts_(b, "\xef\xbb\xbf");
    if (chance(3)) {
        puts_(b, "sep=");
        putc_(b, chance(50) ? delim : delims[rnd(4)]);
        puts_(b, chance(50) ? "\n" : "\r\n");
    }
    nasty = chance(50);
    if (chance(70))
        gen_records(b, delim);
    else
        gen_soup(b, delim);
    if (chance(3))
        to_utf16(b, chance(50));
}

static char pick_delim(void)
{
    size_t k = rnd(100);
    if (k < 88)
        return delims[k % 4];
    if (k < 92)
        return ' ';
    if (k < 95)
        return 'a';
    if (k < 97)
        return ':';
    return 0;                               /* sniffed */
}

/* The number in environment variable `name`, else dflt (a tenth of it
 * under valgrind). */
static size_t env_size(const char *name, size_t dflt)
{
    const char *s = getenv(name);
    if (s && *s)
        return (size_t)strtoull(s, NULL, 0);
    return CX_UNDER_VALGRIND() ? dflt / 10 : dflt;
}

/* A configuration for one input: its delimiter, and small caps on a
 * quarter of the inputs (block size and keep mask are the caller's). */
static struct rd_config gen_config(char delim)
{
    bool caps = chance(25);
    struct rd_config c = {
        .delim = delim,
        .max_field_bytes = caps ? 1 + rnd(8) : 0,
        .max_columns = caps && chance(60) ? 1 + rnd(4) : 0,
        .keep_after_first = chance(50)};
    return c;
}

#endif
