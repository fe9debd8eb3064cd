/* test_utf16.c - UTF-16 to UTF-8, whole and split at every byte. */
#include <string.h>

#include "io/utf16.h"
#include "test_util.h"

/* "aé€😀" in UTF-16LE: 61 00, E9 00, AC 20, 3D D8 00 DE. */
static const unsigned char le[] = {0x61, 0x00, 0xE9, 0x00, 0xAC, 0x20,
                                   0x3D, 0xD8, 0x00, 0xDE};
static const char utf8[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";

static void test_whole_buffer(void **state)
{
    (void)state;
    unsigned char out[64];
    size_t used;
    size_t n = cx_utf16_to_utf8(le, sizeof le, false, true, out, &used);
    assert_int_equal(used, sizeof le);
    assert_int_equal(n, strlen(utf8));
    assert_memory_equal(out, utf8, n);
}

static void test_split_at_every_byte(void **state)
{
    (void)state;
    for (size_t cut = 0; cut <= sizeof le; cut++) {
        unsigned char in[32], out[64];
        size_t used, o = 0, pending;
        memcpy(in, le, cut);
        o += cx_utf16_to_utf8(in, cut, false, false, out, &used);
        pending = cut - used;
        memmove(in, in + used, pending);
        memcpy(in + pending, le + cut, sizeof le - cut);
        o += cx_utf16_to_utf8(in, pending + sizeof le - cut, false, true,
                              out + o, &used);
        assert_int_equal(o, strlen(utf8));
        assert_memory_equal(out, utf8, o);
    }
}

static void test_big_endian_and_bad_surrogates(void **state)
{
    (void)state;
    /* BE "A", a lone low surrogate, a high surrogate then "B", and a
     * dangling high surrogate at the end: A U+FFFD U+FFFD B U+FFFD */
    const unsigned char be[] = {0x00, 0x41, 0xDC, 0x00, 0xD8, 0x3D, 0x00,
                                0x42, 0xD8, 0x3D};
    unsigned char out[64];
    size_t used;
    size_t n = cx_utf16_to_utf8(be, sizeof be, true, true, out, &used);
    const char want[] = "A\xef\xbf\xbd\xef\xbf\xbd" "B\xef\xbf\xbd";
    assert_int_equal(n, strlen(want));
    assert_memory_equal(out, want, n);
    /* not at the end: the dangling surrogate waits */
    n = cx_utf16_to_utf8(be, sizeof be, true, false, out, &used);
    assert_int_equal(used, 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_buffer),
        cmocka_unit_test(test_split_at_every_byte),
        cmocka_unit_test(test_big_endian_and_bad_surrogates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
