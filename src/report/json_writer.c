/* json_writer.c - the report as JSON through cJSON (SPEC §6).
 *
 * Counts are printed from uint64 as raw integers, exact past 2^53; reals
 * go through cJSON (full precision); every echoed string is repaired to
 * valid UTF-8 first (cJSON passes bytes through) and cJSON escapes control
 * characters.  Keys come from fixed field lists, so none repeats.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cxcalc/report.h"
#include "cxcalc/roles.h"
#include "util/alloc.h"
#include "util/text.h"

#include "json_util.h"

static cJSON *value_item(const struct cx_value *v)
{
    switch (v->kind) {
    case CX_V_COUNT: return cx_json_count(v->u.count);
    case CX_V_REAL: return cJSON_CreateNumber(v->u.real);
    case CX_V_BOOL: return cJSON_CreateBool(v->u.flag);
    case CX_V_TEXT: return cx_json_utf8(v->u.text);
    case CX_V_NULL: break;
    }
    return cJSON_CreateNull();
}

static cJSON *metric_object(const struct cx_metric_result *m)
{
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return NULL;
    for (size_t i = 0; i < m->nfields; i++) {
        const struct cx_field *f = &m->fields[i];
        if (!cx_json_put(obj, f->name, value_item(&f->v))) {
            cJSON_Delete(obj);
            return NULL;
        }
    }
    return obj;
}

static bool add_metrics(cJSON *obj, const struct cx_metric_result *ms,
                        size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!cx_json_put(obj, ms[i].metric, metric_object(&ms[i])))
            return false;
    return true;
}

/* "time": the zone and the --since/--until bounds as resolved, when any
 * was given (a relative date names its day here). */
static bool add_time(cJSON *root, const struct cx_report *rep)
{
    if (!rep->zone_name && !rep->since && !rep->until)
        return true;
    cJSON *t = cJSON_CreateObject();
    return cx_json_put(root, "time", t)
           && cx_json_put(t, "time_zone", cx_json_utf8(
                              rep->zone_name ? rep->zone_name : "UTC"))
           && (!rep->since
               || cx_json_put(t, "since", cJSON_CreateString(rep->since)))
           && (!rep->until
               || cx_json_put(t, "until", cJSON_CreateString(rep->until)));
}

static cJSON *input_object(const struct cx_input_stats *in)
{
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return NULL;
    if (!cx_json_put(obj, "path", cx_json_utf8(in->path))
        || !cx_json_put(obj, "table",
                cJSON_CreateString(cx_table_kind_name(in->table)))
        || !cx_json_put(obj, "rows", cx_json_count(in->rows))
        || !cx_json_put(obj, "skipped_rows", cx_json_count(in->skipped_rows))
        || (in->pad_short_rows
            && !cx_json_put(obj, "padded_rows",
                            cx_json_count(in->padded_rows)))
        || !cx_json_put(obj, "filtered_rows",
                        cx_json_count(in->filtered_rows))
        || !cx_json_role_texts(obj, "labels", in->labels)
        || !cx_json_role_texts(obj, "dates", in->dates)) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static cJSON *group_object(const struct cx_report *rep,
                           const struct cx_report_group *g)
{
    cJSON *obj = cJSON_CreateObject();
    cJSON *key = cJSON_CreateObject();
    if (!obj || !key || !cx_json_put(obj, "key", key)) {
        cJSON_Delete(obj);
        return NULL;
    }
    for (size_t k = 0; k < rep->nby; k++) {
        if (g->absent >> k & 1)
            continue;
        cJSON *v = g->key[k] ? cx_json_utf8(g->key[k]) : cJSON_CreateNull();
        if (!cx_json_put(key, rep->by_names[k], v))
            goto fail;
    }
    if (rep->has_period && !(g->absent & CX_ABSENT_PERIOD)) {
        cJSON *v = g->period ? cJSON_CreateString(g->period)
                             : cJSON_CreateNull();
        if (!cx_json_put(key, "period", v))
            goto fail;
    }
    if (!add_metrics(obj, g->metrics, g->nmetrics))
        goto fail;
    return obj;
fail:
    cJSON_Delete(obj);
    return NULL;
}

/* The report's object up to its groups: schema, inputs, time, overall. */
static cJSON *build_head(const struct cx_report *rep)
{
    char gen[64];
    snprintf(gen, sizeof gen, "cxcalc %s", CXCALC_VERSION);
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON *inputs = NULL, *overall = NULL;
    bool ok = cx_json_put(root, "schema_version", cx_json_count(1))
           && cx_json_put(root, "generator", cJSON_CreateString(gen))
           && cx_json_put(root, "inputs", inputs = cJSON_CreateArray())
           && add_time(root, rep)
           && cx_json_put(root, "overall", overall = cJSON_CreateObject());
    for (size_t i = 0; i < rep->ninputs; i++)
        ok = ok && cx_json_append(inputs, input_object(&rep->inputs[i]));
    ok = ok && add_metrics(overall, rep->overall, rep->noverall);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

static cJSON *build_alerts(const struct cx_report *rep)
{
    cJSON *alerts = cJSON_CreateArray();
    bool ok = alerts != NULL;
    for (size_t i = 0; i < rep->nalerts; i++)
        ok = ok && cx_json_append(alerts, cx_json_utf8(rep->alerts[i]));
    if (!ok) {
        cJSON_Delete(alerts);
        return NULL;
    }
    return alerts;
}

/* A newline and two spaces per level of depth. */
static bool newline_indent(FILE *out, int depth)
{
    static const char spaces[] = "                                ";
    if (putc_unlocked('\n', out) == EOF)
        return false;
    for (size_t left = 2 * (size_t)(depth > 0 ? depth : 0); left;) {
        size_t k = left < sizeof spaces - 1 ? left : sizeof spaces - 1;
        if (fwrite(spaces, 1, k, out) != k)
            return false;
        left -= k;
    }
    return true;
}

/*
 * Compact cJSON text printed with two-space indentation (cJSON's own
 * formatter indents with tabs), fed in pieces: a newline after '{', '['
 * and ',' and before '}' and ']', a space after ':', nothing inside
 * strings; an empty container within one piece stays "{}" or "[]".
 */
struct indenter {
    FILE *out;
    int depth;
    bool in_str, ok;
};

static void feed(struct indenter *in, const char *s)
{
    FILE *out = in->out;
    bool ok = in->ok;
    for (const char *p = s; *p && ok; p++) {
        char c = *p;
        if (in->in_str) {
            /* the rest of the string up to a quote or backslash at once */
            size_t k = strcspn(p, "\\\"");
            if (k) {
                ok = fwrite(p, 1, k, out) == k;
                p += k - 1;
                continue;
            }
            ok = putc_unlocked(c, out) != EOF;
            if (c == '\\' && p[1])
                ok = ok && putc_unlocked(*++p, out) != EOF;
            else if (c == '"')
                in->in_str = false;
            continue;
        }
        switch (c) {
        case '"':
            in->in_str = true;
            ok = putc_unlocked(c, out) != EOF;
            break;
        case '{':
        case '[':
            if (p[1] == (c == '{' ? '}' : ']')) {
                ok = putc_unlocked(c, out) != EOF
                     && putc_unlocked(*++p, out) != EOF;
                break;
            }
            in->depth++;
            ok = putc_unlocked(c, out) != EOF
                 && newline_indent(out, in->depth);
            break;
        case '}':
        case ']':
            in->depth--;
            ok = newline_indent(out, in->depth) && putc_unlocked(c, out) != EOF;
            break;
        case ',':
            ok = putc_unlocked(c, out) != EOF
                 && newline_indent(out, in->depth);
            break;
        case ':':
            ok = fputs(": ", out) != EOF;
            break;
        default:
            ok = putc_unlocked(c, out) != EOF;
        }
    }
    in->ok = ok;
}

/* A cJSON item fed as compact text, then deleted; `strip` drops its last
 * character (the head object's closing brace, for the members after). */
static bool feed_item(struct indenter *in, cJSON *item, bool strip)
{
    char *text = item ? cJSON_PrintUnformatted(item) : NULL;
    cJSON_Delete(item);
    if (!text)
        return false;
    size_t len = strlen(text);
    if (strip && len)
        text[len - 1] = '\0';
    feed(in, text);
    cJSON_free(text);
    return true;
}

/* The report, its groups built, printed and freed one at a time, so memory
 * does not hold the text or the JSON tree of every group at once. */
static bool write_all(const struct cx_report *rep, struct indenter *in,
                      bool *nomem)
{
    *nomem = true;
    if (!feed_item(in, build_head(rep), true))
        return false;
    feed(in, rep->ngroups ? ",\"groups\":[" : ",\"groups\":[]");
    for (size_t i = 0; i < rep->ngroups && in->ok; i++) {
        if (i)
            feed(in, ",");
        if (!feed_item(in, group_object(rep, &rep->groups[i]), false))
            return false;
    }
    if (rep->ngroups)
        feed(in, "]");
    feed(in, ",\"alerts\":");
    if (!feed_item(in, build_alerts(rep), false))
        return false;
    feed(in, "}");
    *nomem = false;
    return in->ok && putc_unlocked('\n', in->out) != EOF;
}

enum cx_status cx_write_json(const struct cx_report *rep, FILE *out,
                             struct cx_error *err)
{
    struct indenter in = {out, 0, false, true};
    bool nomem;
    errno = 0;
    flockfile(out);
    bool ok = write_all(rep, &in, &nomem);
    funlockfile(out);
    int e = errno;
    if (nomem)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    if (!ok) {
        cx_error_set(err, CX_ERR_IO, NULL, "write error: %s",
                     strerror(e ? e : EIO));
        err->sys_errno = e ? e : EIO;
        return CX_ERR_IO;
    }
    return CX_OK;
}
