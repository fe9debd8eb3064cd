/*
 * utf16.h - UTF-16 to UTF-8, for Excel "Unicode text" and other exports
 * that carry a UTF-16 byte-order mark (SPEC §7).  Streaming: call with
 * successive blocks; whatever is not consumed (half a code unit, a high
 * surrogate waiting for its pair) must be passed again with the next block.
 */
#ifndef CXCALC_UTF16_H
#define CXCALC_UTF16_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Decode in[0..len) (big- or little-endian) into out, which must hold
 * 2 * len + 4 bytes.  Unpaired surrogates become U+FFFD; at_end says no
 * more input follows, so a dangling half unit or high surrogate becomes
 * U+FFFD too.  Returns the bytes written; *consumed gets the bytes of in
 * that were used.
 */
size_t cx_utf16_to_utf8(const unsigned char *in, size_t len, bool big_endian,
                        bool at_end, unsigned char *out, size_t *consumed);

#endif
