/*
 * split.h - cut a regular CSV file into parts at record boundaries, so
 * that the parts can be parsed at the same time.
 *
 * A boundary is the byte after an LF with an even number of quote bytes
 * before it: in CSV that libcsv accepts (strict mode), quotes come in
 * pairs around and inside quoted fields, so such an LF is outside quotes
 * and ends a record (or a blank line).  If the input before a boundary is
 * not valid CSV, parsing that part reports the error before reaching the
 * boundary, so a wrong guess is never silently used.
 */
#ifndef CXCALC_SPLIT_H
#define CXCALC_SPLIT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Fill offsets[0..n] with 0 = offsets[0] < offsets[1] < ... < offsets[n]
 * = size for n <= nparts parts of similar size, every inner boundary at
 * or after min_offset, and lines[0..n) with the physical line each part
 * starts on (LF, CRLF and lone CR each end a line, as the reader counts).
 * Returns n (1 when the file cannot be cut, or on a read error: the caller
 * then reads it whole).  fd is read with pread.
 */
size_t cx_split_file(int fd, uint64_t size, size_t nparts,
                     uint64_t min_offset, uint64_t *offsets,
                     uint64_t *lines);

#endif
