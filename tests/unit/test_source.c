/* test_source.c - the byte sources under the reader: detection by magic
 * bytes, gzip / zstd / xz / bzip2 decompression (whole, damaged,
 * truncated) and --encoding's transcoding (characters cut at every block
 * boundary, invalid and incomplete sequences). */
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "io/source.h"
#include "test_util.h"

static const char csv[] =
    "id,nps,comment\n1,10,\"great, really\"\n2,3,slow\n3,,\n"
    "4,9,\"two\nlines\"\n5,7,ok\n";

/* printf 'a,b\n1,2\n' | bzip2 -c */
static const unsigned char bz2[] = {
    0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0xbf, 0x87,
    0x40, 0x7f, 0x00, 0x00, 0x03, 0x59, 0x00, 0x00, 0x10, 0x00, 0x04, 0x30,
    0x00, 0x30, 0x00, 0x20, 0x00, 0x30, 0xc0, 0x08, 0x69, 0xb2, 0x88, 0x23,
    0x27, 0x8b, 0xb9, 0x22, 0x9c, 0x28, 0x48, 0x5f, 0xc3, 0xa0, 0x3f, 0x80};

/* csv compressed with zlib's gzip wrapper, into out (cap bytes). */
static size_t gzip_of(const void *in, size_t len, unsigned char *out,
                      size_t cap)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8,
                                  Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (unsigned char *)(uintptr_t)in;
    z.avail_in = (uInt)len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t n = z.total_out;
    deflateEnd(&z);
    return n;
}

static size_t zstd_of(const void *in, size_t len, unsigned char *out,
                      size_t cap)
{
    ZSTD_CCtx *c = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
    size_t n = ZSTD_compress2(c, out, cap, in, len);
    assert_false(ZSTD_isError(n));
    ZSTD_freeCCtx(c);
    return n;
}

static size_t xz_of(const void *in, size_t len, unsigned char *out,
                    size_t cap)
{
    size_t n = 0;
    assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, in,
                                             len, out, &n, cap), LZMA_OK);
    return n;
}

/* Everything a source gives, read in pieces of `piece` bytes, into out;
 * the status of the last read (err filled on failure). */
static enum cx_status drain(struct cx_source *s, size_t piece, char *out,
                            size_t cap, size_t *len, struct cx_error *err)
{
    *len = 0;
    for (;;) {
        size_t got = 0;
        size_t want = piece < cap - *len ? piece : cap - *len;
        enum cx_status st = cx_source_read(s, (unsigned char *)out + *len,
                                           want, &got, err);
        if (st != CX_OK)
            return st;
        if (got == 0)
            return CX_OK;
        *len += got;
        assert_true(*len < cap);
    }
}

/* A decompressing source over the memory [p, p + n). */
static struct cx_source *decomp(const unsigned char *p, size_t n)
{
    struct cx_error err;
    enum cx_container kind = cx_source_detect(p, n);
    assert_int_not_equal(kind, CX_CONT_PLAIN);
    struct cx_source *s =
        cx_decompress_new(cx_source_mem_new(p, n, "t.gz"), kind, &err);
    assert_non_null(s);
    return s;
}

static void expect_text(const unsigned char *p, size_t n, const char *want)
{
    for (size_t piece = 1; piece <= 64; piece *= 4) {
        struct cx_source *s = decomp(p, n);
        char out[4096];
        size_t len;
        struct cx_error err;
        assert_int_equal(drain(s, piece, out, sizeof out, &len, &err),
                         CX_OK);
        assert_int_equal(len, strlen(want));
        assert_memory_equal(out, want, len);
        cx_source_free(s);
    }
}

/* The error of reading the whole of a damaged stream. */
static void expect_error(const unsigned char *p, size_t n, const char *msg)
{
    struct cx_source *s = decomp(p, n);
    char out[4096];
    size_t len;
    struct cx_error err;
    assert_int_equal(drain(s, 4096, out, sizeof out, &len, &err),
                     CX_ERR_IO);
    char line[1200];
    cx_error_format(&err, line, sizeof line);
    if (!strstr(line, msg))
        fail_msg("'%s' does not hold '%s'", line, msg);
    cx_source_free(s);
}

static void test_detect_by_magic_bytes(void **state)
{
    (void)state;
    const struct {
        const char *bytes;
        size_t n;
        enum cx_container c;
    } cases[] = {
        {"\x1f\x8b\x08", 3, CX_CONT_GZIP},
        {"\x28\xb5\x2f\xfd\x00", 5, CX_CONT_ZSTD},
        {"\xfd" "7zXZ\0", 6, CX_CONT_XZ},
        {"BZh91AY", 7, CX_CONT_BZIP2},
        {"PK\x03\x04\x14", 5, CX_CONT_ZIP},
        {"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, CX_CONT_OLE2},
        {"\x1f", 1, CX_CONT_PLAIN},             /* too short to tell */
        {"\xfd" "7zX", 4, CX_CONT_PLAIN},
        {"BZ,h\n", 5, CX_CONT_PLAIN},
        {"PK,x\n", 5, CX_CONT_PLAIN},           /* a header 'PK' */
        {"id,nps\n", 7, CX_CONT_PLAIN},
        {"\xff\xfei\0", 4, CX_CONT_PLAIN},      /* UTF-16: the reader's */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(cx_source_detect((const unsigned char *)
                                          cases[i].bytes, cases[i].n),
                         cases[i].c);
}

static void test_gzip_zstd_xz_bzip2_decompress(void **state)
{
    (void)state;
    unsigned char z[1024];
    expect_text(z, gzip_of(csv, strlen(csv), z, sizeof z), csv);
    expect_text(z, zstd_of(csv, strlen(csv), z, sizeof z), csv);
    expect_text(z, xz_of(csv, strlen(csv), z, sizeof z), csv);
    expect_text(bz2, sizeof bz2, "a,b\n1,2\n");
}

/* gzip members one after the other are one stream (gzip -c a b). */
static void test_gzip_members_concatenated(void **state)
{
    (void)state;
    unsigned char z[2048];
    size_t n = gzip_of("a,b\n1,2\n", 8, z, sizeof z);
    n += gzip_of("3,4\n", 4, z + n, sizeof z - n);
    expect_text(z, n, "a,b\n1,2\n3,4\n");
}

/* A flipped byte in the deflate data: the CRC-32 check at the end of the
 * member fails, and the offset is the end of the compressed stream less
 * its 8-byte trailer's last 4 (zlib stops after reading the CRC). */
static void test_gzip_damage_is_an_error_with_offset(void **state)
{
    (void)state;
    unsigned char z[1024];
    size_t n = gzip_of(csv, strlen(csv), z, sizeof z);
    z[n - 9] ^= 0x01;                   /* the last byte of the data */
    char want[64];
    struct cx_source *s = decomp(z, n);
    char out[4096];
    size_t len;
    struct cx_error err;
    assert_int_equal(drain(s, 4096, out, sizeof out, &len, &err), CX_ERR_IO);
    cx_source_free(s);
    assert_non_null(strstr(err.msg, "corrupt gzip stream at byte "));
    /* zlib reports the damage no later than the trailer */
    unsigned long at = strtoul(strstr(err.msg, "byte ") + 5, NULL, 10);
    assert_true(at >= n - 9 && at <= n);
    snprintf(want, sizeof want, "t.gz: corrupt gzip stream at byte");
    expect_error(z, n, want);
}

static void test_truncated_streams_are_errors(void **state)
{
    (void)state;
    unsigned char z[1024];
    size_t n = gzip_of(csv, strlen(csv), z, sizeof z);
    char want[64];
    snprintf(want, sizeof want, "corrupt gzip stream at byte %zu (truncated)",
             n - 3);
    expect_error(z, n - 3, want);
    n = zstd_of(csv, strlen(csv), z, sizeof z);
    snprintf(want, sizeof want, "corrupt zstd stream at byte %zu (truncated)",
             n - 1);
    expect_error(z, n - 1, want);
    n = xz_of(csv, strlen(csv), z, sizeof z);
    expect_error(z, n - 1, "corrupt xz stream at byte");
    expect_error(bz2, sizeof bz2 - 4, "corrupt bzip2 stream at byte");
}

/* Bytes after the end of the stream that are not another member. */
static void test_trailing_garbage_is_an_error(void **state)
{
    (void)state;
    unsigned char z[1024];
    size_t n = gzip_of(csv, strlen(csv), z, sizeof z);
    memcpy(z + n, "junk\n", 5);
    expect_error(z, n + 5, "corrupt gzip stream");
    n = zstd_of(csv, strlen(csv), z, sizeof z);
    memcpy(z + n, "junk\n", 5);
    expect_error(z, n + 5, "corrupt zstd stream");
}

static void test_zstd_and_xz_damage(void **state)
{
    (void)state;
    unsigned char z[1024];
    size_t n = zstd_of(csv, strlen(csv), z, sizeof z);
    z[n - 2] ^= 0x55;                   /* the content checksum */
    expect_error(z, n, "corrupt zstd stream at byte");
    n = xz_of(csv, strlen(csv), z, sizeof z);
    z[n / 2] ^= 0x55;
    expect_error(z, n, "corrupt xz stream at byte");
}

/* ---- transcoding -------------------------------------------------------- */

/* bytes in `enc` through a transcoder with input blocks of `block`. */
static enum cx_status transcode(const char *enc, const void *in, size_t n,
                                size_t block, char *out, size_t cap,
                                size_t *len, struct cx_error *err)
{
    struct cx_source *s = cx_transcode_new(
        cx_source_mem_new(in, n, "t.csv"), enc, block, err);
    assert_non_null(s);
    enum cx_status st = drain(s, 3, out, cap, len, err);
    cx_source_free(s);
    return st;
}

static void expect_utf8(const char *enc, const char *in, size_t n,
                        const char *want)
{
    for (size_t block = 1; block <= n + 1; block++) {
        char out[512];
        size_t len;
        struct cx_error err;
        assert_int_equal(transcode(enc, in, n, block, out, sizeof out, &len,
                                   &err), CX_OK);
        assert_int_equal(len, strlen(want));
        assert_memory_equal(out, want, len);
    }
}

static void test_latin1_cp1252(void **state)
{
    (void)state;
    /* "Zürich,€5" in latin1 has no euro; cp1252's 0x80 is U+20AC */
    expect_utf8("latin1", "Z\xfcrich,10\n", 10, "Z\xc3\xbcrich,10\n");
    expect_utf8("cp1252", "Z\xfcrich,\x80" "5\n", 10,
                "Z\xc3\xbcrich,\xe2\x82\xac" "5\n");
}

/* Shift_JIS characters are two bytes: with every block size from 1 up,
 * some are cut in two by a block's end and must wait for their second
 * byte. */
static void test_shift_jis_cut_at_every_block_size(void **state)
{
    (void)state;
    /* "顧客,9\n" : 顧 = 0x8c 0xda, 客 = 0x8b 0x71 */
    const char sjis[] = "\x8c\xda\x8b\x71,9\n\x8c\xda,10\n";
    expect_utf8("shift_jis", sjis, strlen(sjis),
                "\xe9\xa1\xa7\xe5\xae\xa2,9\n\xe9\xa1\xa7,10\n");
}

/* UTF-16 with a byte-order mark through iconv: 4-byte surrogate pairs
 * cut anywhere. */
static void test_utf16_through_iconv(void **state)
{
    (void)state;
    const char le[] = "\xff\xfe" "a\0,\0\x3d\xd8\x00\xde\n\0";
    expect_utf8("UTF-16", le, 12, "a,\xf0\x9f\x98\x80\n");
}

static void test_invalid_sequence_names_its_offset(void **state)
{
    (void)state;
    char out[256];
    size_t len;
    struct cx_error err;
    /* 0x81 0x20: a lead byte of Shift_JIS, then a byte no trail can be */
    const char bad[] = "id,x\n1,\x81\x20\n";
    for (size_t block = 1; block <= sizeof bad; block++) {
        assert_int_equal(transcode("shift_jis", bad, strlen(bad), block, out,
                                   sizeof out, &len, &err), CX_ERR_ENCODING);
        char line[1200];
        cx_error_format(&err, line, sizeof line);
        assert_string_equal(line, "t.csv: invalid shift_jis at byte offset 7 "
                                  "(0x81): is --encoding right?");
    }
    /* a lead byte at the very end */
    assert_int_equal(transcode("shift_jis", "a,\x81", 3, 2, out, sizeof out,
                               &len, &err), CX_ERR_ENCODING);
    assert_non_null(strstr(err.msg, "incomplete shift_jis at byte offset 2"));
}

static void test_unknown_encoding(void **state)
{
    (void)state;
    struct cx_error err;
    assert_false(cx_transcode_known("no-such-charset"));
    assert_true(cx_transcode_known("latin1"));
    assert_true(cx_transcode_known("SHIFT_JIS"));
    assert_null(cx_transcode_new(cx_source_mem_new("", 0, "t"),
                                 "no-such-charset", 0, &err));
    assert_int_equal(err.status, CX_ERR_USAGE);
}

/* ---- read ahead ------------------------------------------------------- */

/* More than the ring holds (4 blocks of 1 MiB), read in odd pieces: the
 * same bytes in the same order. */
static void test_prefetch_gives_the_same_bytes(void **state)
{
    (void)state;
    size_t n = (size_t)9 << 20;
    unsigned char *data = malloc(n), *out = malloc(n + 1);
    assert_non_null(data);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++)
        data[i] = (unsigned char)(i * 2654435761u >> 13);
    struct cx_source *s = cx_prefetch_new(cx_source_mem_new(data, n, "m"));
    size_t have = 0, piece = 1;
    struct cx_error err;
    for (;;) {
        size_t got = 0;
        assert_int_equal(cx_source_read(s, out + have, piece, &got, &err),
                         CX_OK);
        if (got == 0)
            break;
        have += got;
        piece = piece * 7 % 70001 + 1;
    }
    assert_int_equal(have, n);
    assert_memory_equal(out, data, n);
    cx_source_free(s);
    free(data);
    free(out);
}

/* A damaged stream read ahead: every byte before the damage arrives,
 * then its error; freeing it early stops the thread. */
static void test_prefetch_error_after_the_bytes_before_it(void **state)
{
    (void)state;
    size_t n = (size_t)3 << 20;
    char *text = malloc(n);
    unsigned char *z = malloc(n), *out = malloc(n);
    assert_non_null(text);
    assert_non_null(z);
    assert_non_null(out);
    for (size_t i = 0; i < n; i++)
        text[i] = "id,nps\n1,10\n"[i % 12];
    size_t zn = gzip_of(text, n, z, n);
    struct cx_error err;
    struct cx_source *s = cx_prefetch_new(cx_decompress_new(
        cx_source_mem_new(z, zn - 4, "t.gz"), CX_CONT_GZIP, &err));
    size_t have = 0, got = 0;
    enum cx_status st;
    while ((st = cx_source_read(s, out + have, 65536, &got, &err)) == CX_OK
           && got)
        have += got;
    assert_int_equal(st, CX_ERR_IO);
    assert_non_null(strstr(err.msg, "corrupt gzip stream"));
    assert_int_equal(have, n);          /* only the length was cut */
    assert_memory_equal(out, text, n);
    cx_source_free(s);
    s = cx_prefetch_new(cx_decompress_new(cx_source_mem_new(z, zn, "t.gz"),
                                          CX_CONT_GZIP, &err));
    assert_int_equal(cx_source_read(s, out, 10, &got, &err), CX_OK);
    assert_int_equal(got, 10);
    cx_source_free(s);
    free(text);
    free(z);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_by_magic_bytes),
        cmocka_unit_test(test_gzip_zstd_xz_bzip2_decompress),
        cmocka_unit_test(test_gzip_members_concatenated),
        cmocka_unit_test(test_gzip_damage_is_an_error_with_offset),
        cmocka_unit_test(test_truncated_streams_are_errors),
        cmocka_unit_test(test_trailing_garbage_is_an_error),
        cmocka_unit_test(test_zstd_and_xz_damage),
        cmocka_unit_test(test_latin1_cp1252),
        cmocka_unit_test(test_shift_jis_cut_at_every_block_size),
        cmocka_unit_test(test_utf16_through_iconv),
        cmocka_unit_test(test_invalid_sequence_names_its_offset),
        cmocka_unit_test(test_unknown_encoding),
        cmocka_unit_test(test_prefetch_gives_the_same_bytes),
        cmocka_unit_test(test_prefetch_error_after_the_bytes_before_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
