/* test_split.c - cx_split_file on temporary files (in TMPDIR) of random
 * bytes rich in quotes, LF, CR and CRLF, from a few bytes to a few MB, so
 * that its SSE2 counting, the 255-step lane sums and the 1 MiB read blocks
 * are all crossed, with CR LF pairs placed across the read targets and
 * the block boundaries on purpose.  For every file and several (nparts,
 * min_offset):
 *
 *   - 1 <= n <= nparts, offsets[0] = 0 < offsets[1] < ... < offsets[n] =
 *     size, every inner offset >= min_offset, the byte before each inner
 *     offset is an LF with an even number of quote bytes before it;
 *   - lines[k] = 1 + #LF + #CR - #CRLF over the bytes before offsets[k];
 *   - the offsets are those of a naive model of split.h's rule (the first
 *     such boundary after max(size / nparts * k, min_offset, the previous
 *     boundary)).
 *
 * On files that are valid CSV, reading the whole file with cx_reader_open
 * and reading each part with cx_reader_open_part (part 0 also as the
 * loader reads it: cx_reader_open then cx_reader_set_limit) give the same
 * records with the same line numbers; so does the whole file read with
 * libcsv_only (the fast path over a file reader). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../fuzz/reader_diff.h"
#include "io/split.h"
#include "splitmix.h"
#include "test_util.h"
#include "valgrind_scale.h"

#define MAX_PARTS 16
#define MIB ((size_t)1 << 20)


static size_t splits_checked, parts_read, records_read;

/* ---- temporary files ------------------------------------------------------ */

struct tmpfile {
    char path[4096];
    int fd;
};

static void tmp_write(struct tmpfile *f, const unsigned char *data,
                      size_t len)
{
    const char *dir = getenv("TMPDIR");
    snprintf(f->path, sizeof f->path, "%s/cxcalc-split-XXXXXX",
             dir && *dir ? dir : "/tmp");
    f->fd = mkstemp(f->path);
    assert_true(f->fd >= 0);
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(f->fd, data + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        assert_true(n > 0);
        done += (size_t)n;
    }
}

static void tmp_remove(struct tmpfile *f)
{
    close(f->fd);
    unlink(f->path);
}

/* ---- the model ------------------------------------------------------------ */

/* split.h's rule, byte by byte. */
static size_t model_split(const unsigned char *s, uint64_t size,
                          size_t nparts, uint64_t min_offset,
                          uint64_t *offs)
{
    size_t n = 0;
    uint64_t pos = 0, scan = 0, quotes = 0;
    offs[0] = 0;
    for (size_t k = 1; k < nparts; k++) {
        uint64_t target = size / nparts * k;
        if (target < min_offset)
            target = min_offset;
        if (target < pos)
            target = pos;
        if (target >= size)
            break;
        for (; scan < target; scan++)
            quotes += s[scan] == '"';
        uint64_t i = target;
        for (; i < size; i++) {
            if (s[i] == '"')
                quotes++;
            else if (s[i] == '\n' && quotes % 2 == 0)
                break;
        }
        if (i >= size || i + 1 >= size)
            break;
        offs[++n] = i + 1;
        pos = scan = i + 1;
    }
    offs[++n] = size;
    return n;
}

/* 1 + LF + CR - CRLF over s[0..end), counted on from *at (where the
 * count was *line); end >= *at. */
static uint64_t naive_line(const unsigned char *s, uint64_t end,
                           uint64_t *at, uint64_t *line)
{
    uint64_t lf = 0, cr = 0, crlf = 0;
    for (uint64_t i = *at; i < end; i++) {
        lf += s[i] == '\n';
        cr += s[i] == '\r';
        crlf += s[i] == '\n' && i > 0 && s[i - 1] == '\r';
    }
    *line += lf + cr - crlf;
    *at = end;
    return *line;
}

static const char *describe(const char *what, uint64_t size, size_t nparts,
                            uint64_t min_offset)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s (%" PRIu64 " bytes), nparts %zu, "
             "min_offset %" PRIu64, what, size, nparts, min_offset);
    return buf;
}

/* Split the file and check everything but the reading. */
static size_t check_split(const struct tmpfile *f, const unsigned char *s,
                          uint64_t size, size_t nparts, uint64_t min_offset,
                          const char *what, uint64_t *offs, uint64_t *lines)
{
    const char *d = describe(what, size, nparts, min_offset);
    for (size_t i = 0; i <= MAX_PARTS; i++)
        offs[i] = lines[i] = UINT64_MAX;
    size_t n = cx_split_file(f->fd, size, nparts, min_offset, offs, lines);
    splits_checked++;
    if (n < 1 || n > nparts)
        fail_msg("%s: %zu parts", d, n);
    if (offs[0] != 0 || offs[n] != size)
        fail_msg("%s: offsets[0] = %" PRIu64 ", offsets[%zu] = %" PRIu64, d,
                 offs[0], n, offs[n]);
    uint64_t quotes = 0, at = 0;
    for (size_t k = 1; k < n; k++) {
        if (offs[k] <= offs[k - 1] || offs[k] >= size)
            fail_msg("%s: offsets[%zu] = %" PRIu64 " after %" PRIu64, d, k,
                     offs[k], offs[k - 1]);
        if (offs[k] < min_offset)
            fail_msg("%s: offsets[%zu] = %" PRIu64 " before min_offset", d,
                     k, offs[k]);
        for (; at < offs[k] - 1; at++)
            quotes += s[at] == '"';
        if (s[offs[k] - 1] != '\n' || quotes % 2 != 0)
            fail_msg("%s: offsets[%zu] = %" PRIu64 " follows byte 0x%02x "
                     "with %" PRIu64 " quotes before it", d, k, offs[k],
                     s[offs[k] - 1], quotes);
    }
    uint64_t counted = 0, line = 1;
    for (size_t k = 0; k < n; k++) {
        uint64_t want = naive_line(s, offs[k], &counted, &line);
        if (lines[k] != want)
            fail_msg("%s: lines[%zu] = %" PRIu64 " at offset %" PRIu64
                     ", counted %" PRIu64, d, k, lines[k], offs[k], want);
    }
    uint64_t model[MAX_PARTS + 1];
    size_t mn = model_split(s, size, nparts, min_offset, model);
    if (mn != n || memcmp(model, offs, (n + 1) * sizeof *offs) != 0) {
        char a[400] = "", b[400] = "";
        size_t ao = 0, bo = 0;
        for (size_t k = 0; k <= n && ao < 300; k++)
            ao += (size_t)snprintf(a + ao, sizeof a - ao, " %" PRIu64,
                                   offs[k]);
        for (size_t k = 0; k <= mn && bo < 300; k++)
            bo += (size_t)snprintf(b + bo, sizeof b - bo, " %" PRIu64,
                                   model[k]);
        fail_msg("%s: offsets%s, the model gives%s", d, a, b);
    }
    return n;
}

/* ---- reading whole and in parts ------------------------------------------ */

/* Records in a compact binary trace: line, field count, then each
 * field's length and bytes (memcpy: megabytes of records, fast under
 * ASan too).  Lines must increase; fields are NUL-terminated. */
static void put_u64(struct rd_buf *t, uint64_t v)
{
    rd_grow(t, sizeof v);
    memcpy(t->p + t->len, &v, sizeof v);
    t->len += sizeof v;
}

static enum cx_status trace_records(struct cx_reader *r, struct rd_buf *t,
                                    struct rd_buf *bad, uint64_t *index,
                                    uint64_t *prev, struct cx_error *err)
{
    struct cx_record rec;
    enum cx_status st;
    while ((st = cx_reader_next(r, &rec, err)) == CX_OK) {
        if (*index > 0 && rec.line <= *prev)
            rd_printf(bad, "record %" PRIu64 " starts at line %" PRIu64
                      ", not after line %" PRIu64 "\n", *index, rec.line,
                      *prev);
        put_u64(t, rec.line);
        put_u64(t, rec.nfields);
        for (size_t i = 0; i < rec.nfields; i++) {
            const struct cx_field_view *f = &rec.fields[i];
            if (f->p[f->len] != '\0')
                rd_printf(bad, "record %" PRIu64 " field %zu: no NUL at its "
                          "length\n", *index, i);
            put_u64(t, f->len);
            rd_grow(t, f->len);
            memcpy(t->p + t->len, f->p, f->len);
            t->len += f->len;
        }
        *prev = rec.line;
        ++*index;
        records_read++;
    }
    return st;
}

/* One record of a binary trace at *at, as text; advances *at.  False at
 * the end. */
static bool show_record(const struct rd_buf *t, size_t *at,
                        struct rd_buf *out)
{
    uint64_t line, nf, len;
    if (*at + 16 > t->len)
        return false;
    memcpy(&line, t->p + *at, 8);
    memcpy(&nf, t->p + *at + 8, 8);
    *at += 16;
    out->len = 0;
    rd_printf(out, "line %" PRIu64 ", %" PRIu64 " fields:", line, nf);
    for (uint64_t i = 0; i < nf && *at + 8 <= t->len; i++) {
        memcpy(&len, t->p + *at, 8);
        *at += 8;
        if (len > t->len - *at)
            len = t->len - *at;
        rd_printf(out, " \"");
        rd_escape(out, t->p + *at, len);
        rd_printf(out, "\"");
        *at += len;
    }
    return true;
}

static void fail_trace(const char *d, const char *how, const struct rd_buf *a,
                       const struct rd_buf *b)
{
    /* The first record that differs. */
    size_t at_a = 0, at_b = 0, k = 0;
    struct rd_buf ra = {0}, rb = {0};
    rd_grow(&ra, 0);
    rd_grow(&rb, 0);
    for (;; k++) {
        size_t sa = at_a, sb = at_b;
        bool ha = show_record(a, &at_a, &ra), hb = show_record(b, &at_b, &rb);
        if (!ha && !hb)
            break;
        if (ha != hb || at_a - sa != at_b - sb
            || memcmp(a->p + sa, b->p + sb, at_a - sa) != 0) {
            fprintf(stderr, "%s: %s: record %zu differs:\n  whole:  %.400s\n"
                    "  other: %.400s\n", d, how, k, ha ? ra.p : "(none)",
                    hb ? rb.p : "(none)");
            break;
        }
    }
    fail_msg("%s: %s differ from the whole file", d, how);
}

/* The whole file read with cx_reader_open, as a trace (with the fast
 * path, or libcsv only). */
static void read_whole(const char *path, size_t block, bool libcsv_only,
                       struct rd_buf *whole)
{
    struct cx_reader_config cfg = {.delim = ',', .block_size = block,
                                   .max_field_bytes = 16 * MIB,
                                   .libcsv_only = libcsv_only};
    struct cx_error err;
    struct rd_buf bad = {0};
    rd_grow(&bad, 0);
    rd_grow(whole, 0);
    whole->len = 0;
    whole->p[0] = '\0';
    uint64_t index = 0, prev = 0;
    struct cx_reader *r = cx_reader_open(path, "f.csv", &cfg, &err);
    assert_non_null(r);
    enum cx_status st = trace_records(r, whole, &bad, &index, &prev, &err);
    if (st != CX_DONE)
        fail_msg("the whole file does not read: %d %" PRIu64 ":%" PRIu64
                 " %s", st, err.loc.line, err.loc.column, err.msg);
    if (bad.len)
        fail_msg("the whole file: %s", bad.p);
    cx_reader_free(r);
    free(bad.p);
}

/* Each part read with cx_reader_open_part (part 0 also as the loader
 * reads it), concatenated, gives the whole file's trace. */
static void check_reading(const struct tmpfile *f, uint64_t size,
                          size_t nparts, uint64_t min_offset,
                          const char *what, size_t block,
                          const struct rd_buf *whole, const uint64_t *offs,
                          const uint64_t *lines, size_t n)
{
    const char *d = describe(what, size, nparts, min_offset);
    struct cx_reader_config cfg = {.delim = ',', .block_size = block,
                                   .max_field_bytes = 16 * MIB};
    struct cx_error err;
    struct rd_buf parts = {0}, bad = {0};
    rd_grow(&parts, 0);
    rd_grow(&bad, 0);
    for (int loader_style = 0; loader_style < 2; loader_style++) {
        parts.len = 0;
        parts.p[0] = '\0';
        uint64_t index = 0, prev = 0;
        for (size_t k = 0; k < n; k++) {
            struct cx_reader *r = NULL;
            if (k == 0 && loader_style) {
                /* as cx_load_file_parts reads part 0 */
                r = cx_reader_open(f->path, "f.csv", &cfg, &err);
                assert_non_null(r);
                if (n > 1 && cx_reader_consumed(r) >= offs[1]) {
                    cx_reader_free(r);
                    r = NULL;
                } else if (n > 1) {
                    cx_reader_set_limit(r, offs[1]);
                }
            }
            if (!r)
                r = cx_reader_open_part(f->path, "f.csv", &cfg, offs[k],
                                        offs[k + 1] - offs[k], lines[k],
                                        &err);
            if (!r)
                fail_msg("%s: part %zu does not open: %s", d, k, err.msg);
            enum cx_status st = trace_records(r, &parts, &bad, &index,
                                              &prev, &err);
            if (st != CX_DONE)
                fail_msg("%s: part %zu [%" PRIu64 ", %" PRIu64 ") does not "
                         "read: %d %" PRIu64 ":%" PRIu64 " %s", d, k,
                         offs[k], offs[k + 1], st, err.loc.line,
                         err.loc.column, err.msg);
            cx_reader_free(r);
            parts_read++;
        }
        if (parts.len != whole->len
            || memcmp(parts.p, whole->p, whole->len) != 0)
            fail_trace(d, loader_style ? "the parts (part 0 as the loader "
                                         "reads it)"
                                       : "the parts", whole, &parts);
    }
    if (bad.len)
        fail_msg("%s: %s", d, bad.p);
    free(parts.p);
    free(bad.p);
}

/* ---- contents -------------------------------------------------------------- */

struct bytes {
    unsigned char *p;
    size_t len, cap;
};

static void put(struct bytes *b, const void *s, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        b->p = realloc(b->p, cap);
        assert_non_null(b->p);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void puts_(struct bytes *b, const char *s)
{
    put(b, s, strlen(s));
}

/* Random bytes: letters and commas, with quotes, LF, CR and CRLF at the
 * given per-mille rates. */
static void gen_noise(struct bytes *b, size_t len, unsigned quote,
                      unsigned lf, unsigned cr, unsigned crlf)
{
    b->len = 0;
    while (b->len < len) {
        unsigned k = (unsigned)rnd(1000);
        if (k < quote)
            puts_(b, "\"");
        else if ((k -= quote) < lf)
            puts_(b, "\n");
        else if ((k -= lf) < cr)
            puts_(b, "\r");
        else if ((k -= cr) < crlf)
            puts_(b, "\r\n");
        else if (k % 7 == 0)
            puts_(b, ",");
        else
            put(b, &(char){(char)('a' + k % 26)}, 1);
    }
    b->len = len;
}

/* Valid CSV (strict libcsv): quoted fields with doubled quotes, commas
 * and LF, CR, CRLF inside; records end with LF, CRLF or (rarely) CR; some
 * blank lines; the last record may lack its line end. */
static void gen_csv(struct bytes *b, size_t approx)
{
    static const char *const words[] = {
        "a", "42", "-1.5", "2025-01-02T03:04:05Z", "Enterprise", "EMEA",
        "\xc3\xa9t\xc3\xa9", "yes", "", " x y ", "\xe2\x82\xac"};
    static const char *const inside[] = {
        "\"\"", ",", "\n", "\r\n", "\r", " ", "text", "\"\"\"\"",
        "line one\nline two"};
    b->len = 0;
    puts_(b, "id,segment,score,comment\n");
    for (size_t row = 0; b->len < approx; row++) {
        if (rnd(40) == 0) {
            puts_(b, rnd(2) ? "\n" : "  \r\n");
            continue;
        }
        size_t nf = 1 + rnd(5);
        for (size_t f = 0; f < nf; f++) {
            if (f)
                puts_(b, ",");
            if (rnd(4) == 0) {
                puts_(b, "\"");
                for (size_t i = rnd(4); i > 0; i--)
                    puts_(b, inside[rnd(sizeof inside / sizeof *inside)]);
                puts_(b, "\"");
            } else {
                puts_(b, words[rnd(sizeof words / sizeof *words)]);
            }
        }
        size_t e = rnd(100);
        puts_(b, e < 70 ? "\n" : e < 95 ? "\r\n" : "\r");
    }
    if (rnd(3) == 0)
        puts_(b, "last,row");
}

/* ---- the tests -------------------------------------------------------------- */

/* Split the bytes (written to a temporary file) into each of nparts[]
 * with min_offset 0, a random one, size / 2 and past the end; with `read`
 * (valid CSV), read the parts of the first two as well. */
static void split_all(const struct bytes *b, const char *what,
                      const size_t *nparts, size_t nn, bool read,
                      size_t block)
{
    struct tmpfile f;
    tmp_write(&f, b->p, b->len);
    uint64_t offs[MAX_PARTS + 1], lines[MAX_PARTS + 1];
    uint64_t size = b->len;
    struct rd_buf whole = {0}, slow = {0};
    if (read) {
        read_whole(f.path, block, false, &whole);
        read_whole(f.path, block, true, &slow);
        if (slow.len != whole.len || memcmp(slow.p, whole.p, whole.len))
            fail_trace(describe(what, size, 1, 0), "libcsv_only = true",
                       &whole, &slow);
        free(slow.p);
    }
    for (size_t i = 0; i < nn; i++) {
        uint64_t mins[] = {0, rnd(size + 1), size / 2, size + 1};
        for (size_t m = 0; m < 4; m++) {
            size_t n = check_split(&f, b->p, size, nparts[i], mins[m], what,
                                   offs, lines);
            if (read && m < 2)
                check_reading(&f, size, nparts[i], mins[m], what, block,
                              &whole, offs, lines, n);
        }
    }
    free(whole.p);
    tmp_remove(&f);
}

static void test_small_random_files(void **state)
{
    (void)state;
    static const size_t np[] = {1, 2, 3, 7, 16};
    struct bytes b = {0};
    int files = CX_UNDER_VALGRIND() ? 30 : 160;
    for (int i = 0; i < files; i++) {
        size_t len = i < 20 ? (size_t)i : rnd(i < 100 ? 200 : 9000);
        switch (i % 4) {
        case 0: gen_noise(&b, len, 10, 80, 20, 40); break;
        case 1: gen_noise(&b, len, 150, 150, 50, 50); break;
        case 2: gen_noise(&b, len, 0, 30, 300, 300); break;
        default: gen_noise(&b, len, 2, 200, 0, 0); break;
        }
        split_all(&b, "small noise", np, 5, false, 0);
    }
    free(b.p);
}

static void test_small_csv_files_read_in_parts(void **state)
{
    (void)state;
    static const size_t np[] = {2, 3, 5, 16};
    /* (the default 1 MiB block is for the large files: a 1 MiB buffer
     * per part is slow under ASan) */
    static const size_t blocks[] = {1, 7, 64, 4096, 333};
    struct bytes b = {0};
    int files = CX_UNDER_VALGRIND() ? 20 : 100;
    for (int i = 0; i < files; i++) {
        gen_csv(&b, rnd(i < 70 ? 600 : 12000));
        split_all(&b, "small csv", np, 4, true,
                  i < 70 ? blocks[i % 5] : blocks[2 + i % 3]);
    }
    free(b.p);
}

/* Megabytes of noise and of CSV: the SSE2 counting (and its 255-step
 * lane sums), and the 1 MiB blocks of the count and of the search. */
static void test_large_files(void **state)
{
    (void)state;
    static const size_t np[] = {2, 3, 5, 16};
    struct bytes b = {0};

    bool all = !CX_UNDER_VALGRIND();    /* else the one with every trap */
    gen_noise(&b, 2 * MIB + 12345, 5, 60, 15, 30);
    if (all)
        split_all(&b, "2 MiB noise", np, 4, false, 0);

    /* every byte a CR or an LF: the 8-bit lanes reach 255 */
    gen_noise(&b, MIB + 77777, 0, 250, 250, 500);
    if (all)
        split_all(&b, "1 MiB of CR and LF", np, 3, false, 0);

    /* CR LF across the 1 MiB read blocks of the count (from offset 0),
     * and across every read target of 2, 3 and 5 parts */
    gen_noise(&b, 3 * MIB + 3, 3, 40, 10, 10);
    for (size_t k = 1; k <= 2; k++) {
        b.p[k * MIB - 1] = '\r';
        b.p[k * MIB] = '\n';
    }
    for (size_t i = 0; i < 3; i++) {
        for (size_t k = 1; k < np[i]; k++) {
            size_t t = b.len / np[i] * k;
            b.p[t - 1] = '\r';
            b.p[t] = '\n';
        }
    }
    split_all(&b, "3 MiB, CR LF across blocks and targets", np, 3, false, 0);

    /* no boundary for more than 1 MiB after the target (one long quoted
     * field holding CR LF), so the search reads several blocks; CR LF
     * across the search's own blocks */
    b.len = 0;
    puts_(&b, "a,b\n1,\"");
    while (b.len < 2 * MIB + 500000)
        puts_(&b, "xyz\r\n\"\"abc\r");
    puts_(&b, "\"\n2,3\r\n4,5\n");
    for (size_t k = 0; k < 3; k++) {
        size_t at = b.len / 2 + k * MIB;          /* search blocks */
        while (at + 1 < b.len && !(b.p[at - 1] >= 'a' && b.p[at] >= 'a'))
            at++;                       /* leave the quotes paired */
        if (at + 20 < b.len) {
            b.p[at - 1] = '\r';
            b.p[at] = '\n';
        }
    }
    static const size_t two[] = {2, 3};
    if (all)
        split_all(&b, "one 2.5 MiB quoted field", two, 2, true, 0);

    /* CSV of a few MB read whole and in parts */
    gen_csv(&b, 2 * MIB);
    if (all)
        split_all(&b, "2 MiB csv", np, 3, true, 0);
    gen_csv(&b, MIB + 4000);
    split_all(&b, "1 MiB csv, 4 KiB reader blocks", np, all ? 2 : 1, true,
              4096);
    free(b.p);
}

static void report(void **state)
{
    (void)state;
    fprintf(stderr, "split: %zu splits checked, %zu parts read, %zu records "
            "read\n", splits_checked, parts_read, records_read);
}

int main(void)
{
    rng_state = 0x5eed5eedu;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_random_files),
        cmocka_unit_test(test_small_csv_files_read_in_parts),
        cmocka_unit_test(test_large_files),
        cmocka_unit_test(report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
