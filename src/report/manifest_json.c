/* manifest_json.c - the partition manifest through cJSON (see
 * manifest.h). */
#include <string.h>

#include "report/manifest.h"

#include "json_util.h"

enum cx_status cx_write_manifest(FILE *out, const char *source,
                                 const char *key, const char *const *names,
                                 const uint64_t *bytes, size_t n,
                                 struct cx_error *err)
{
    cJSON *root = cJSON_CreateObject(), *parts = NULL;
    bool ok = root
        && cx_json_put(root, "cxcalc_partition", cx_json_count(1))
        && cx_json_put(root, "source", cx_json_utf8(source))
        && cx_json_put(root, "key", key ? cx_json_utf8(key)
                                        : cJSON_CreateNull())
        && cx_json_put(root, "parts", parts = cJSON_CreateArray());
    for (size_t i = 0; ok && i < n; i++) {
        cJSON *p = cJSON_CreateObject();
        ok = cx_json_append(parts, p)
             && cx_json_put(p, "file", cx_json_utf8(names[i]))
             && cx_json_put(p, "bytes", cx_json_count(bytes[i]));
    }
    if (!ok) {
        cJSON_Delete(root);
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    }
    return cx_json_emit(root, true, out, err);
}

bool cx_manifest_key(const char *text, size_t len, const char *name,
                     uint64_t bytes, char *key, size_t size)
{
    cJSON *root = cJSON_ParseWithLength(text, len);
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(root, "key");
    const cJSON *parts = cJSON_GetObjectItemCaseSensitive(root, "parts");
    bool found = false;
    if (cJSON_IsString(k) && cJSON_IsArray(parts)) {
        for (const cJSON *p = parts->child; p && !found; p = p->next) {
            const cJSON *f = cJSON_GetObjectItemCaseSensitive(p, "file");
            const cJSON *b = cJSON_GetObjectItemCaseSensitive(p, "bytes");
            found = cJSON_IsString(f) && strcmp(f->valuestring, name) == 0
                    && cJSON_IsNumber(b) && b->valuedouble == (double)bytes;
        }
    }
    if (found) {
        size_t n = strlen(k->valuestring);
        found = n < size;
        if (found)
            memcpy(key, k->valuestring, n + 1);
    }
    cJSON_Delete(root);
    return found;
}
