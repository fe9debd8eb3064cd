/*
 * manifest.h - what `cxcalc partition` leaves beside its parts
 * (DIR/cxcalc-partition.json): the column the records were split by and
 * each part's name and size.  A --partial run over parts listed there, of
 * the size listed, knows its input holds all rows of each key value
 * without being told (repeat-contact FCR needs that to merge).
 */
#ifndef CXCALC_MANIFEST_H
#define CXCALC_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cxcalc/error.h"

#define CX_MANIFEST_NAME "cxcalc-partition.json"

/* Write the manifest of parts names[0..n) (file names in the directory)
 * of sizes bytes[], split by `key` (NULL: in runs of records). */
enum cx_status cx_write_manifest(FILE *out, const char *source,
                                 const char *key, const char *const *names,
                                 const uint64_t *bytes, size_t n,
                                 struct cx_error *err);

/*
 * Whether manifest text[0..len) lists part `name` with size `bytes` and a
 * key; if so the key is copied into key[0..size) (false when it does not
 * fit).  Anything else, a manifest that does not parse included, is
 * false.
 */
bool cx_manifest_key(const char *text, size_t len, const char *name,
                     uint64_t bytes, char *key, size_t size);

#endif
