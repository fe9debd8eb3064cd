/* test_reader_blocks.c - the reader gives the same reading whatever its
 * block size: the same records and the same end (status, line, column
 * and message), fast path on.  Blocks matter beyond the unit tests: a
 * file is read in 1 MiB blocks from its first byte when read whole, from
 * each part's first byte when cut into parts (--threads), and in pieces
 * of any size from a pipe; a reading that depends on where blocks fall
 * makes the command line's output depend on --threads.
 *
 * With or without --max-field-bytes / --max-columns caps the reading is
 * the same for every block size.  Four ways it once was not are kept as
 * cases (test_caps_A to _D; variants i and j of
 * tests/process/parallel_parts.sh show A and B at the command line, where
 * they made the output depend on --threads):
 *
 *   A  an unquoted field whose trailing blanks take it past the cap
 *      (libcsv trims them when the field ends) was an error when a block
 *      ended after the blanks passed the cap, and accepted otherwise;
 *   B  a quoted field over the cap: "quoted field opened at line N runs
 *      past M bytes: unterminated quote?" when a block ended inside it
 *      past the cap, "field exceeds M bytes" otherwise;
 *   C  a record over the column cap whose first extra field is also over
 *      the size cap: "field exceeds" when a block ended inside that field
 *      past the cap, "record has more than N fields" otherwise;
 *   D  a field over the cap followed on its line by a quoted field that
 *      holds a newline: read in one block, the message blamed the quoted
 *      field although it is short and terminated.
 *
 * The reader now reports the first limit passed, and when a block ends
 * inside a field past the cap, it reads the rest of that line to learn
 * what the whole line gives (reader.c, field_over_cap).
 *
 * FASTPATH_SEED and FASTPATH_INPUTS (environment) as in test_fastpath.c. */
#include <stdlib.h>
#include <string.h>

#include "../fuzz/reader_diff.h"
#include "test_util.h"
#include "csv_gen.h"

static const size_t some_blocks[] = {1, 2, 3, 7, 64, 4096, 0};

/* Every block size from 1 to len + 1 and the default, both paths, reads
 * data as block size 0 (the whole input in one block) with the fast path
 * does. */
static void same_for_every_block(const char *data, size_t len,
                                 size_t max_field, size_t max_cols)
{
    struct rd_config c = {.delim = ',', .max_field_bytes = max_field,
                          .max_columns = max_cols};
    struct rd_buf ref = {0}, cur = {0}, bad = {0};
    rd_trace(data, len, &c, false, &ref, &bad);
    size_t differ = 0;
    struct rd_buf report = {0};
    for (int slow = 0; slow < 2; slow++) {
        for (size_t b = 1; b <= len + 1; b++) {
            c.block_size = b;
            rd_trace(data, len, &c, slow, &cur, &bad);
            if (cur.len == ref.len && memcmp(cur.p, ref.p, cur.len) == 0)
                continue;
            if (differ++ == 0) {
                rd_printf(&report, "input \"");
                rd_escape(&report, data, len);
                rd_printf(&report, "\", max_field_bytes %zu, max_columns "
                          "%zu\nwhole input in one block:\n%s"
                          "block size %zu%s:\n%s", max_field, max_cols,
                          ref.p, b, slow ? " (libcsv only)" : "", cur.p);
            }
        }
    }
    if (differ)
        fprintf(stderr, "%s", report.p);
    free(ref.p);
    free(cur.p);
    free(bad.p);
    free(report.p);
    if (differ)
        fail_msg("%zu block sizes read differently", differ);
}

static void test_caps_stable_when_blocks_do_not_matter(void **state)
{
    (void)state;
    const char *s = "abcdef\n";
    same_for_every_block(s, strlen(s), 5, 0);
    s = "a,b,c\nd,e,f,g\n";
    same_for_every_block(s, strlen(s), 0, 3);
    s = "\"xxxxx\"     ,c\n";                 /* blanks after the quote */
    same_for_every_block(s, strlen(s), 5, 0);
    s = "  ab,c\n";                           /* leading blanks */
    same_for_every_block(s, strlen(s), 2, 0);
}

/* A: the record "ab","c" (block sizes 1 to 4 once said "field exceeds 2
 * bytes"). */
static void test_caps_A_trailing_blanks_of_unquoted_field(void **state)
{
    (void)state;
    const char *s = "ab  ,c\n";
    same_for_every_block(s, strlen(s), 2, 0);
}

/* B: "field exceeds 2 bytes" (block sizes 1 to 4 once said "quoted field
 * opened at line 1 runs past 2 bytes: unterminated quote?"). */
static void test_caps_B_quoted_field_over_cap_message(void **state)
{
    (void)state;
    const char *s = "\"abc\"\n";
    same_for_every_block(s, strlen(s), 2, 0);
}

/* C: "record has more than 1 fields" (block sizes 1 to 8 once said "field
 * exceeds 5 bytes"). */
static void test_caps_C_column_cap_or_field_cap(void **state)
{
    (void)state;
    const char *s = "a,bcdefgh\n";
    same_for_every_block(s, strlen(s), 5, 1);
}

/* D: "field exceeds 5 bytes" (whole, it once said "quoted field opened at
 * line 1 runs past 5 bytes: unterminated quote?", blaming the quoted field
 * "x\ny" of 3 bytes, terminated, for the 8 bytes of the field before it). */
static void test_caps_D_message_blames_open_quoted_field(void **state)
{
    (void)state;
    const char *s = "abcdefgh,\"x\ny\"\n";
    same_for_every_block(s, strlen(s), 5, 0);
}

/* Generated inputs, with or without caps: every block size reads them as
 * block size 1 does. */
static size_t generated(bool caps, size_t *compared)
{
    uint64_t seed = env_size("FASTPATH_SEED", 20240901);
    size_t ninputs = env_size("FASTPATH_INPUTS", 25000) / 2;
    rng_state = seed ^ (caps ? 0xc0ffee : 0);
    struct rd_buf in = {0}, ref = {0}, cur = {0}, bad = {0};
    size_t differ = 0;
    for (size_t i = 0; i < ninputs; i++) {
        char delim = pick_delim();
        gen_input(&in, delim);
        struct rd_config c = gen_config(delim);
        if (!caps)
            c.max_field_bytes = c.max_columns = 0;
        c.keep = (enum rd_keep)(i % RD_KEEP_COUNT);
        for (size_t k = 0; k < sizeof some_blocks / sizeof *some_blocks;
             k++) {
            c.block_size = some_blocks[k];
            rd_trace(in.p, in.len, &c, false, k ? &cur : &ref, &bad);
            ++*compared;
            if (k == 0 || (cur.len == ref.len
                           && memcmp(cur.p, ref.p, cur.len) == 0))
                continue;
            if (differ < 3) {
                struct rd_buf e = {0};
                rd_escape(&e, in.p, in.len);
                rd_printf(&e, "\"\nconfig: ");
                rd_describe(&e, &c);
                fprintf(stderr, "--- input %zu: \"%s\nblock size 1:\n%s"
                        "block size %zu:\n%s", i, e.p, ref.p,
                        some_blocks[k], cur.p);
                free(e.p);
            }
            differ++;
            break;
        }
    }
    fprintf(stderr, "reader blocks (%s caps): %zu inputs, %zu readings, "
            "%zu inputs read differently by some block size\n",
            caps ? "with" : "without", ninputs, *compared, differ);
    free(in.p);
    free(ref.p);
    free(cur.p);
    free(bad.p);
    return differ;
}

static void test_generated_without_caps(void **state)
{
    (void)state;
    size_t compared = 0, differ = generated(false, &compared);
    if (differ)
        fail_msg("%zu inputs read differently by some block size", differ);
}

static void test_generated_with_caps(void **state)
{
    (void)state;
    size_t compared = 0, differ = generated(true, &compared);
    if (differ)
        fail_msg("%zu inputs read differently by some block size", differ);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caps_stable_when_blocks_do_not_matter),
        cmocka_unit_test(test_caps_A_trailing_blanks_of_unquoted_field),
        cmocka_unit_test(test_caps_B_quoted_field_over_cap_message),
        cmocka_unit_test(test_caps_C_column_cap_or_field_cap),
        cmocka_unit_test(test_caps_D_message_blames_open_quoted_field),
        cmocka_unit_test(test_generated_without_caps),
        cmocka_unit_test(test_generated_with_caps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
