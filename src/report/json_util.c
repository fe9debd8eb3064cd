/* json_util.c - cJSON items the writers share (see json_util.h). */
#include "json_util.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cxcalc/alloc.h"
#include "cxcalc/text.h"

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
