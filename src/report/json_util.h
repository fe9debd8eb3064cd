/*
 * json_util.h - the one file that includes cJSON: all JSON the library
 * writes or reads (reports, partial states, the partition manifest) is in
 * src/report and reaches cJSON through here.  The items below are shared;
 * each returns NULL (or false) when out of memory, and put/append free
 * the item they could not add.  Internal to the report layer.
 */
#ifndef CXCALC_JSON_UTIL_H
#define CXCALC_JSON_UTIL_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cxcalc/error.h"

/* A string item holding s repaired to valid UTF-8. */
cJSON *cx_json_utf8(const char *s);
/* An exact integer (printed from the uint64, not through a double). */
cJSON *cx_json_count(uint64_t v);
bool cx_json_put(cJSON *obj, const char *key, cJSON *item);
bool cx_json_append(cJSON *arr, cJSON *item);

/* obj[key] = {"ROLE": text, ...} for each role with a text (nothing when
 * none has): an input's answer labels or date layouts. */
bool cx_json_role_texts(cJSON *obj, const char *key,
                        const char *const texts[]);

/* Print root (cJSON's indentation when `formatted`, else one line) and a
 * newline to out, then delete root: CX_OK, CX_ERR_NOMEM, or CX_ERR_IO
 * with errno in err->sys_errno. */
enum cx_status cx_json_emit(cJSON *root, bool formatted, FILE *out,
                            struct cx_error *err);

#endif
