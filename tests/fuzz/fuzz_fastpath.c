/*
 * fuzz_fastpath.c - libFuzzer target: the reader's fast path against
 * libcsv alone (reader.h: libcsv_only).  The input is read with
 * cx_reader_open_mem twice under one configuration, libcsv_only false and
 * true, and the two readings must agree record for record (line, field
 * count, every field's length, the bytes of kept fields) and end alike
 * (status, line, column, message); see reader_diff.h.  A difference, or a
 * reading that breaks an invariant on its own (a kept field not
 * NUL-terminated at its length, a record without fields, lines that do
 * not increase), prints the input, the configuration and both readings
 * and aborts, so libFuzzer keeps the input.
 *
 * The first two bytes choose the configuration; the rest is the CSV:
 *
 *   byte 0, bits 0-2  delimiter: , ; TAB | SPACE : a, or 0 (sniffed)
 *           bits 3-5  block size: 1 2 3 7 64 4096 16, or 0 (1 MiB)
 *           bits 6-7  keep mask: all; fields 0, 2 and 4 (a mask of
 *                     five) from the first record; the same from the
 *                     second record (the loader keeps the header whole);
 *                     none
 *   byte 1, bit 7     caps on: max_field_bytes = 1 + (bits 0-3), and
 *                     max_columns = bits 4-6 (0: the default)
 *
 * Each input is also read under the same configuration with the whole
 * input as one block and every field kept.  Inputs shorter than two bytes
 * are read with commas, 4 KiB blocks and no caps.
 *
 * Build and fuzz: tests/fuzz/run.sh SECONDS [fastpath]; replay: the
 * fuzz_fastpath_replay test (libFuzzer build) or fuzz/fastpath-replay
 * (every build: replay_main.c stands in for libFuzzer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "reader_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void compare(struct rd_diff *d, const uint8_t *csv, size_t len,
                    const struct rd_config *c)
{
    struct rd_buf report = {0};
    if (rd_compare(d, csv, len, c, &report))
        return;
    fprintf(stderr, "fuzz_fastpath: %s", report.p);
    fflush(stderr);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delims[8] = {',', ';', '\t', '|', ' ', ':', 'a', 0};
    static const size_t blocks[8] = {1, 2, 3, 7, 64, 4096, 16, 0};
    struct rd_config c = {.delim = ',', .block_size = 4096};
    const uint8_t *csv = data;
    size_t len = size;
    if (size >= 2) {
        c.delim = delims[data[0] & 7];
        c.block_size = blocks[(data[0] >> 3) & 7];
        switch (data[0] >> 6) {
        case 0: c.keep = RD_KEEP_ALL; break;
        case 1: c.keep = RD_KEEP_ODD; break;
        case 2: c.keep = RD_KEEP_ODD; c.keep_after_first = true; break;
        default: c.keep = RD_KEEP_NONE; break;
        }
        if (data[1] & 0x80) {
            c.max_field_bytes = 1 + (data[1] & 0x0f);
            c.max_columns = (data[1] >> 4) & 7;
        }
        csv += 2;
        len -= 2;
    }
    struct rd_diff d = {0};
    compare(&d, csv, len, &c);
    c.block_size = len ? len : 1;
    c.keep = RD_KEEP_ALL;
    compare(&d, csv, len, &c);
    rd_diff_free(&d);
    return 0;
}
