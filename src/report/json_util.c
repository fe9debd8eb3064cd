/* json_util.c - cJSON items the writers share (see json_util.h). */
#include "json_util.h"

#include "cxcalc/roles.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/text.h"

cJSON *cx_json_utf8(const char *s)
{
    size_t len = strlen(s);
    char *fixed = cx_malloc(3 * len + 1);
    if (!fixed)
        return NULL;
    cx_utf8_repair(s, len, fixed);
    cJSON *item = cJSON_CreateString(fixed);
    cx_free(fixed);
    return item;
}

cJSON *cx_json_count(uint64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%" PRIu64, v);
    return cJSON_CreateRaw(buf);
}

bool cx_json_put(cJSON *obj, const char *key, cJSON *item)
{
    if (!item)
        return false;
    if (!cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        return false;
    }
    return true;
}

enum cx_status cx_json_emit(cJSON *root, bool formatted, FILE *out,
                            struct cx_error *err)
{
    char *text = formatted ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (!text)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    errno = 0;
    bool ok = fputs(text, out) != EOF && putc('\n', out) != EOF;
    int e = errno ? errno : EIO;
    cJSON_free(text);
    if (!ok) {
        cx_error_set(err, CX_ERR_IO, NULL, "write error: %s", strerror(e));
        err->sys_errno = e;
        return CX_ERR_IO;
    }
    return CX_OK;
}

bool cx_json_append(cJSON *arr, cJSON *item)
{
    if (!item)
        return false;
    if (!cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        return false;
    }
    return true;
}

bool cx_json_role_texts(cJSON *obj, const char *key,
                        const char *const texts[])
{
    cJSON *map = NULL;
    for (int r = 0; r < CX_ROLE_COUNT; r++) {
        if (!texts[r])
            continue;
        if (!map && !cx_json_put(obj, key, map = cJSON_CreateObject()))
            return false;
        if (!cx_json_put(map, cx_role_name((enum cx_role)r),
                         cx_json_utf8(texts[r])))
            return false;
    }
    return true;
}
