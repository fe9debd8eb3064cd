/* state_json.c - partial states as JSON, written and read back through
 * cJSON (see state.h).  Reading trusts nothing: every member is checked
 * for its type and range, and a file that is not a state says so. */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "cxcalc/registry.h"
#include "cxcalc/roles.h"
#include "report/state.h"
#include "util/alloc.h"

#include "json_util.h"

/* ---- writing --------------------------------------------------------- */

static cJSON *text_or_null(const char *s)
{
    return s ? cx_json_utf8(s) : cJSON_CreateNull();
}

static cJSON *int_item(int64_t v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    return cJSON_CreateRaw(buf);
}

static cJSON *texts(const char *const *s, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < n; i++)
        if (!cx_json_append(arr, cx_json_utf8(s[i]))) {
            cJSON_Delete(arr);
            return NULL;
        }
    return arr;
}

static cJSON *pair(int a, int b)
{
    cJSON *arr = cJSON_CreateArray();
    if (arr && (!cx_json_append(arr, int_item(a))
                || !cx_json_append(arr, int_item(b)))) {
        cJSON_Delete(arr);
        return NULL;
    }
    return arr;
}

static cJSON *options_object(const struct cx_state_opts *o)
{
    const struct cx_metric_opts *m = &o->m;
    cJSON *obj = cJSON_CreateObject();
    bool ok = obj
        && cx_json_put(obj, "command", cJSON_CreateString(o->command))
        && cx_json_put(obj, "by", texts(o->by, o->nby))
        && cx_json_put(obj, "period", text_or_null(cx_period_name(m->period)))
        && cx_json_put(obj, "weight", text_or_null(m->weight))
        && cx_json_put(obj, "z", cJSON_CreateNumber(m->z))
        && cx_json_put(obj, "csat_scale",
                       pair(m->csat.scale_lo, m->csat.scale_hi))
        && cx_json_put(obj, "csat_satisfied",
                       pair(m->csat.sat_lo, m->csat.sat_hi))
        && cx_json_put(obj, "ces_scale", pair(1, m->ces.scale_hi))
        && cx_json_put(obj, "ces_low_is_easy",
                       cJSON_CreateBool(m->ces.low_is_easy))
        && cx_json_put(obj, "fcr_method",
                       cJSON_CreateString(cx_fcr_methods[m->fcr_method]))
        && cx_json_put(obj, "fcr_window_ms", int_item(m->fcr_window_ms))
        && cx_json_put(obj, "handled", text_or_null(m->handled))
        && cx_json_put(obj, "abandoned", text_or_null(m->abandoned))
        && cx_json_put(obj, "churn_method",
                       cJSON_CreateString(cx_churn_methods[m->churn_method]))
        && cx_json_put(obj, "margin", cJSON_CreateNumber(m->clv.margin))
        && cx_json_put(obj, "discount_rate",
                       cJSON_CreateNumber(m->clv.discount))
        && cx_json_put(obj, "arpu", m->clv.has_arpu
                                        ? cJSON_CreateNumber(m->clv.arpu)
                                        : cJSON_CreateNull())
        && cx_json_put(obj, "churn_rate",
                       m->has_churn_rate ? cJSON_CreateNumber(m->churn_rate)
                                         : cJSON_CreateNull())
        && cx_json_put(obj, "horizon_months",
                       m->clv.horizon_months > 0
                           ? int_item(m->clv.horizon_months)
                           : cJSON_CreateNull())
        && cx_json_put(obj, "since_ms", o->has_since ? int_item(o->since_ms)
                                                    : cJSON_CreateNull())
        && cx_json_put(obj, "until_ms", o->has_until ? int_item(o->until_ms)
                                                    : cJSON_CreateNull())
        && cx_json_put(obj, "where", texts(o->where, o->nwhere))
        && (!o->zone_name
            || cx_json_put(obj, "time_zone", cx_json_utf8(o->zone_name)))
        && (!o->since || cx_json_put(obj, "since", cx_json_utf8(o->since)))
        && (!o->until || cx_json_put(obj, "until", cx_json_utf8(o->until)));
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static cJSON *facts_object(const struct cx_state_opts *o)
{
    cJSON *obj = cJSON_CreateObject();
    if (obj && !cx_json_put(obj, "partitioned_by",
                            text_or_null(o->m.partitioned_by))) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static cJSON *input_object(const struct cx_input_stats *in)
{
    cJSON *obj = cJSON_CreateObject();
    if (obj && (!cx_json_put(obj, "path", cx_json_utf8(in->path))
                || !cx_json_put(obj, "table", cJSON_CreateString(
                                    cx_table_kind_name(in->table)))
                || !cx_json_put(obj, "rows", cx_json_count(in->rows))
                || !cx_json_put(obj, "skipped_rows",
                                cx_json_count(in->skipped_rows))
                || (in->pad_short_rows
                    && !cx_json_put(obj, "padded_rows",
                                    cx_json_count(in->padded_rows)))
                || !cx_json_put(obj, "filtered_rows",
                                cx_json_count(in->filtered_rows))
                || !cx_json_role_texts(obj, "labels", in->labels)
                || !cx_json_role_texts(obj, "dates", in->dates))) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static cJSON *sketch_object(const struct cx_sketch *sk)
{
    cJSON *obj = cJSON_CreateObject(), *index = NULL, *count = NULL;
    bool ok = obj && cx_json_put(obj, "alpha",
                                 cJSON_CreateNumber(CX_SKETCH_ALPHA))
              && cx_json_put(obj, "zeros", cx_json_count(sk->zeros))
              && cx_json_put(obj, "index", index = cJSON_CreateArray())
              && cx_json_put(obj, "count", count = cJSON_CreateArray());
    for (size_t i = 0; ok && i < sk->nb; i++)
        ok = cx_json_append(index, int_item(sk->index[i]))
             && cx_json_append(count, cx_json_count(sk->count[i]));
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

/* An exact sum as its normalised limbs (null when unknown). */
static cJSON *xsum_item(const struct cx_xsum *x)
{
    if (x->overflow)
        return cJSON_CreateNull();
    struct cx_xsum n = *x;
    cx_xsum_normalise(&n);
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; arr && i < CX_XSUM_LIMBS; i++)
        if (!cx_json_append(arr, int_item(n.limb[i]))) {
            cJSON_Delete(arr);
            return NULL;
        }
    return arr;
}

/* One member of a state: its value as JSON. */
static cJSON *field_item(const struct cx_mstate *s,
                         const struct cx_state_field *f)
{
    const void *v = (const char *)s + f->off;
    switch (f->kind) {
    case CX_SF_U64: return cx_json_count(*(const uint64_t *)v);
    case CX_SF_I64:
    case CX_SF_SAME_I64: return int_item(*(const int64_t *)v);
    case CX_SF_BOOL:
    case CX_SF_SAME_BOOL: return cJSON_CreateBool(*(const bool *)v);
    case CX_SF_XSUM: return xsum_item(v);
    case CX_SF_ENUM: return cJSON_CreateString(f->names[*(const int *)v]);
    case CX_SF_SKETCH: return sketch_object(v);
    }
    return NULL;
}

/* A metric's state: its name, then its members as the registry lists
 * them. */
static cJSON *mstate_object(const struct cx_mstate *s)
{
    const struct cx_metric_def *d = cx_metric_of_kind(s->kind);
    if (!d || !d->state.name)
        return cJSON_CreateNull();
    cJSON *obj = cJSON_CreateObject();
    bool ok = obj && cx_json_put(obj, "state",
                                 cJSON_CreateString(d->state.name));
    for (const struct cx_state_field *f = d->state.fields; ok && f->name;
         f++)
        ok = cx_json_put(obj, f->name, field_item(s, f));
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

static cJSON *mstates(const struct cx_mstate *s, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < n; i++)
        if (!cx_json_append(arr, mstate_object(&s[i]))) {
            cJSON_Delete(arr);
            return NULL;
        }
    return arr;
}

static cJSON *group_object(const struct cx_report *rep,
                           const struct cx_report_group *g)
{
    cJSON *obj = cJSON_CreateObject(), *key = NULL, *absent = NULL;
    bool ok = obj && cx_json_put(obj, "key", key = cJSON_CreateArray())
              && cx_json_put(obj, "absent", absent = cJSON_CreateArray());
    for (size_t k = 0; ok && k < rep->nby; k++) {
        bool gone = g->absent >> k & 1;
        ok = cx_json_append(key, text_or_null(gone ? NULL : g->key[k]));
        if (ok && gone)
            ok = cx_json_append(absent, int_item((int64_t)k));
    }
    ok = ok
         && cx_json_put(obj, "period_absent",
                        cJSON_CreateBool((g->absent & CX_ABSENT_PERIOD) != 0))
         && cx_json_put(obj, "period", text_or_null(g->period))
         && cx_json_put(obj, "states", mstates(g->state, g->nmetrics));
    if (!ok) {
        cJSON_Delete(obj);
        return NULL;
    }
    return obj;
}

enum cx_status cx_write_state(const struct cx_report *rep,
                              const struct cx_state_opts *o, FILE *out,
                              struct cx_error *err)
{
    char gen[64];
    snprintf(gen, sizeof gen, "cxcalc %s", CXCALC_VERSION);
    cJSON *root = cJSON_CreateObject(), *inputs = NULL, *groups = NULL;
    bool ok = root
        && cx_json_put(root, "cxcalc_state", int_item(CX_STATE_SCHEMA))
        && cx_json_put(root, "generator", cJSON_CreateString(gen))
        && cx_json_put(root, "options", options_object(o))
        && cx_json_put(root, "facts", facts_object(o))
        && cx_json_put(root, "inputs", inputs = cJSON_CreateArray())
        && cx_json_put(root, "overall",
                       mstates(rep->overall_state, rep->noverall))
        && cx_json_put(root, "groups", groups = cJSON_CreateArray());
    for (size_t i = 0; ok && i < rep->ninputs; i++)
        ok = cx_json_append(inputs, input_object(&rep->inputs[i]));
    for (size_t i = 0; ok && i < rep->ngroups; i++)
        ok = cx_json_append(groups, group_object(rep, &rep->groups[i]));
    if (!ok) {
        cJSON_Delete(root);
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    }
    return cx_json_emit(root, false, out, err);    /* one line */
}


/* ---- reading --------------------------------------------------------- */

/* Integers read back exactly: JSON numbers go through a double. */
#define EXACT_MAX 9007199254740992.0    /* 2^53 */

struct rd {
    const char *display;
    struct cx_error *err;
    struct cx_arena *arena;
    enum cx_status st;
};

static bool fail(struct rd *r, const char *fmt, const char *what)
{
    if (r->st == CX_OK)
        r->st = cx_error_set(r->err, CX_ERR_STATE,
                             &(struct cx_loc){r->display, 0, 0}, fmt, what);
    return false;
}

static bool nomem(struct rd *r)
{
    if (r->st == CX_OK)
        r->st = cx_error_set(r->err, CX_ERR_NOMEM, NULL, "out of memory");
    return false;
}

static const cJSON *member(struct rd *r, const cJSON *obj, const char *name)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!it)
        fail(r, "not a cxcalc state: no member '%s'", name);
    return it;
}

static bool get_int(struct rd *r, const cJSON *it, const char *name,
                    double lo, int64_t *out)
{
    if (!it)
        return false;
    double v = it->valuedouble;
    if (!cJSON_IsNumber(it) || v != floor(v) || v < lo || v > EXACT_MAX)
        return fail(r, "not a cxcalc state: '%s' is not an integer in range",
                    name);
    *out = (int64_t)v;
    return true;
}

static bool get_u64(struct rd *r, const cJSON *obj, const char *name,
                    uint64_t *out)
{
    int64_t v;
    if (!get_int(r, member(r, obj, name), name, 0, &v))
        return false;
    *out = (uint64_t)v;
    return true;
}

static bool get_i64(struct rd *r, const cJSON *obj, const char *name,
                    int64_t *out)
{
    return get_int(r, member(r, obj, name), name, -EXACT_MAX, out);
}

static bool get_real(struct rd *r, const cJSON *obj, const char *name,
                     double *out)
{
    const cJSON *it = member(r, obj, name);
    if (!it)
        return false;
    if (!cJSON_IsNumber(it) || !isfinite(it->valuedouble))
        return fail(r, "not a cxcalc state: '%s' is not a number", name);
    *out = it->valuedouble;
    return true;
}

static bool get_xsum(struct rd *r, const cJSON *obj, const char *name,
                     struct cx_xsum *out)
{
    const cJSON *it = member(r, obj, name);
    memset(out, 0, sizeof *out);
    if (!it)
        return false;
    if (cJSON_IsNull(it)) {
        out->overflow = true;
        return true;
    }
    if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != CX_XSUM_LIMBS)
        return fail(r, "not a cxcalc state: '%s' is not an exact sum", name);
    int i = 0;
    for (const cJSON *e = it->child; e; e = e->next, i++) {
        bool top = i == CX_XSUM_LIMBS - 1;
        if (!get_int(r, e, name, top ? -2147483648.0 : 0, &out->limb[i]))
            return false;
        if (out->limb[i] > (top ? INT64_C(2147483647) : INT64_C(4294967295)))
            return fail(r, "not a cxcalc state: '%s' is not an exact sum",
                        name);
    }
    return true;
}

static bool get_bool(struct rd *r, const cJSON *obj, const char *name,
                     bool *out)
{
    const cJSON *it = member(r, obj, name);
    if (!it)
        return false;
    if (!cJSON_IsBool(it))
        return fail(r, "not a cxcalc state: '%s' is not true or false", name);
    *out = cJSON_IsTrue(it);
    return true;
}

/* A string (kept in the arena) or null; `nullable` false: must be text. */
static bool get_text(struct rd *r, const cJSON *it, const char *name,
                     bool nullable, const char **out)
{
    if (!it)
        return false;
    if (nullable && cJSON_IsNull(it)) {
        *out = NULL;
        return true;
    }
    if (!cJSON_IsString(it))
        return fail(r, "not a cxcalc state: '%s' is not text", name);
    const char *s = it->valuestring;
    if (!(*out = cx_arena_strndup(r->arena, s, strlen(s))))
        return nomem(r);
    return true;
}

/* A text member states written before it existed lack (NULL then). */
static bool get_opt_text(struct rd *r, const cJSON *obj, const char *name,
                         const char **out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, name);
    *out = NULL;
    return !it || get_text(r, it, name, true, out);
}

static bool get_texts(struct rd *r, const cJSON *it, const char *name,
                      const char ***out, size_t *n)
{
    if (!it)
        return false;
    if (!cJSON_IsArray(it))
        return fail(r, "not a cxcalc state: '%s' is not a list", name);
    *n = (size_t)cJSON_GetArraySize(it);
    const char **v = cx_arena_alloc(r->arena, (*n ? *n : 1) * sizeof *v);
    if (!v)
        return nomem(r);
    size_t i = 0;
    for (const cJSON *e = it->child; e; e = e->next)
        if (!get_text(r, e, name, false, &v[i++]))
            return false;
    *out = v;
    return true;
}

static bool get_pair(struct rd *r, const cJSON *obj, const char *name,
                     int *a, int *b)
{
    const cJSON *it = member(r, obj, name);
    int64_t x, y;
    if (!it)
        return false;
    if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 2)
        return fail(r, "not a cxcalc state: '%s' is not two numbers", name);
    if (!get_int(r, it->child, name, 0, &x)
        || !get_int(r, it->child->next, name, 0, &y))
        return false;
    if (x > 100 || y > 100)
        return fail(r, "not a cxcalc state: '%s' is out of range", name);
    *a = (int)x;
    *b = (int)y;
    return true;
}

/* An optional number: null or a finite number. */
static bool get_opt_real(struct rd *r, const cJSON *obj, const char *name,
                         bool *has, double *out)
{
    const cJSON *it = member(r, obj, name);
    if (!it)
        return false;
    *has = !cJSON_IsNull(it);
    return !*has || get_real(r, obj, name, out);
}

static bool get_opt_int(struct rd *r, const cJSON *obj, const char *name,
                        bool *has, int64_t *out)
{
    const cJSON *it = member(r, obj, name);
    if (!it)
        return false;
    *has = !cJSON_IsNull(it);
    return !*has || get_int(r, it, name, -EXACT_MAX, out);
}

/* The formula CLV's --horizon in months: null (every month) or 1 to
 * CX_HORIZON_MAX, as the command line takes it. */
static bool get_horizon(struct rd *r, const cJSON *o, int *months)
{
    bool has = false;
    int64_t v = 0;
    if (!get_opt_int(r, o, "horizon_months", &has, &v))
        return false;
    if (has && (v < 1 || v > CX_HORIZON_MAX))
        return fail(r, "not a cxcalc state: %s",
                    "'horizon_months' is out of range");
    *months = has ? (int)v : 0;
    return true;
}

static bool read_options(struct rd *r, const cJSON *o,
                         struct cx_state_opts *so)
{
    struct cx_metric_opts *m = &so->m;
    const char **by = NULL, **where = NULL;
    const char *period, *fcr, *churn;
    int lo, hi;
    cx_metric_opts_init(m);
    bool ok = cJSON_IsObject(o)
        && get_text(r, member(r, o, "command"), "command", false,
                    &so->command)
        && get_texts(r, member(r, o, "by"), "by", &by, &so->nby)
        && get_text(r, member(r, o, "period"), "period", true, &period)
        && get_text(r, member(r, o, "weight"), "weight", true, &m->weight)
        && get_real(r, o, "z", &m->z)
        && get_pair(r, o, "csat_scale", &m->csat.scale_lo, &m->csat.scale_hi)
        && get_pair(r, o, "csat_satisfied", &m->csat.sat_lo,
                    &m->csat.sat_hi)
        && get_pair(r, o, "ces_scale", &lo, &hi)
        && get_bool(r, o, "ces_low_is_easy", &m->ces.low_is_easy)
        && get_text(r, member(r, o, "fcr_method"), "fcr_method", false, &fcr)
        && get_i64(r, o, "fcr_window_ms", &m->fcr_window_ms)
        && get_opt_text(r, o, "handled", &m->handled)
        && get_opt_text(r, o, "abandoned", &m->abandoned)
        && get_text(r, member(r, o, "churn_method"), "churn_method", false,
                    &churn)
        && get_real(r, o, "margin", &m->clv.margin)
        && get_real(r, o, "discount_rate", &m->clv.discount)
        && get_opt_real(r, o, "arpu", &m->clv.has_arpu, &m->clv.arpu)
        && get_opt_real(r, o, "churn_rate", &m->has_churn_rate,
                        &m->churn_rate)
        && get_horizon(r, o, &m->clv.horizon_months)
        && get_opt_int(r, o, "since_ms", &so->has_since, &so->since_ms)
        && get_opt_int(r, o, "until_ms", &so->has_until, &so->until_ms)
        && get_opt_text(r, o, "time_zone", &so->zone_name)
        && get_opt_text(r, o, "since", &so->since)
        && get_opt_text(r, o, "until", &so->until)
        && get_texts(r, member(r, o, "where"), "where", &where, &so->nwhere);
    if (!ok)
        return cJSON_IsObject(o) ? false
                                 : fail(r, "not a cxcalc state: %s",
                                        "'options' is not an object");
    if (so->nby > CX_MAX_BY)
        return fail(r, "not a cxcalc state: %s", "more than 63 --by columns");
    bool command = strcmp(so->command, "report") == 0
                   || cx_metric_find(so->command);
    int fm = cx_name_index(fcr, cx_fcr_methods);
    int cm = cx_name_index(churn, cx_churn_methods);
    if (!command || (period && !cx_period_parse(period, &m->period))
        || fm < 0 || cm < 0)
        return fail(r, "not a cxcalc state: %s",
                    "an unknown command, period or method");
    m->fcr_method = (enum cx_fcr_method)fm;
    m->churn_method = (enum cx_churn_method)cm;
    if (m->csat.scale_lo > m->csat.scale_hi
        || m->csat.sat_lo > m->csat.sat_hi || lo != 1
        || (hi != 5 && hi != 7) || !(m->z > 0))
        return fail(r, "not a cxcalc state: %s", "a scale out of range");
    so->by = by;
    so->where = where;
    m->ces.scale_hi = hi;
    m->csat.z = m->ces.z = m->z;
    m->period = period ? m->period : CX_PERIOD_NONE;
    return true;
}

static bool read_facts(struct rd *r, const cJSON *f, struct cx_state_opts *so)
{
    if (!cJSON_IsObject(f))
        return fail(r, "not a cxcalc state: %s", "'facts' is not an object");
    return get_text(r, member(r, f, "partitioned_by"), "partitioned_by",
                    true, &so->m.partitioned_by);
}

static bool read_sketch(struct rd *r, const cJSON *obj, struct cx_sketch *sk)
{
    const cJSON *index = member(r, obj, "index");
    const cJSON *count = member(r, obj, "count");
    double alpha;
    if (!index || !count || !get_real(r, obj, "alpha", &alpha)
        || !get_u64(r, obj, "zeros", &sk->zeros))
        return false;
    if (alpha != CX_SKETCH_ALPHA)
        return fail(r, "the AHT sketch was made with another error bound "
                       "(alpha %s)", "differs");
    if (!cJSON_IsArray(index) || !cJSON_IsArray(count)
        || cJSON_GetArraySize(index) != cJSON_GetArraySize(count))
        return fail(r, "not a cxcalc state: %s",
                    "sketch 'index' and 'count' are not lists alike");
    size_t n = (size_t)cJSON_GetArraySize(index);
    int32_t *ix = cx_arena_alloc(r->arena, (n ? n : 1) * sizeof *ix);
    uint64_t *cn = cx_arena_alloc(r->arena, (n ? n : 1) * sizeof *cn);
    if (!ix || !cn)
        return nomem(r);
    sk->n = sk->zeros;
    size_t i = 0;
    for (const cJSON *a = index->child, *b = count->child; a && b;
         a = a->next, b = b->next, i++) {
        int64_t v, c;
        if (!get_int(r, a, "index", -100000, &v)
            || !get_int(r, b, "count", 1, &c))
            return false;
        if (v > 100000 || (i && v <= ix[i - 1]))
            return fail(r, "not a cxcalc state: %s",
                        "sketch buckets are not ascending");
        ix[i] = (int32_t)v;
        cn[i] = (uint64_t)c;
        if (__builtin_add_overflow(sk->n, (uint64_t)c, &sk->n))
            return fail(r, "not a cxcalc state: %s",
                        "the sketch counts pass 2^64");
    }
    sk->nb = n;
    sk->index = ix;
    sk->count = cn;
    return true;
}

/* An enum member: the name of one of its values. */
static bool get_enum(struct rd *r, const cJSON *obj,
                     const struct cx_state_field *f, int *out)
{
    const char *c;
    if (!get_text(r, member(r, obj, f->name), f->name, false, &c))
        return false;
    for (int i = 0; f->names[i]; i++)
        if (strcmp(f->names[i], c) == 0) {
            *out = i;
            return true;
        }
    return fail(r, "not a cxcalc state: unknown value '%s'", c);
}

static bool read_field(struct rd *r, const cJSON *obj,
                       const struct cx_state_field *f, struct cx_mstate *s)
{
    void *p = (char *)s + f->off;
    const cJSON *sk;
    switch (f->kind) {
    case CX_SF_U64: return get_u64(r, obj, f->name, p);
    case CX_SF_I64:
    case CX_SF_SAME_I64: return get_i64(r, obj, f->name, p);
    case CX_SF_BOOL:
    case CX_SF_SAME_BOOL: return get_bool(r, obj, f->name, p);
    case CX_SF_XSUM: return get_xsum(r, obj, f->name, p);
    case CX_SF_ENUM: return get_enum(r, obj, f, p);
    case CX_SF_SKETCH:
        sk = member(r, obj, f->name);
        return sk && read_sketch(r, sk, p);
    }
    return false;
}

/* A metric's state: the registry's metric of that state name, each of
 * its members, and the metric's own check. */
static bool read_mstate(struct rd *r, const cJSON *obj, struct cx_mstate *s)
{
    memset(s, 0, sizeof *s);
    const char *name;
    if (!cJSON_IsObject(obj))
        return fail(r, "not a cxcalc state: %s", "a metric state is not "
                                                 "an object");
    if (!get_text(r, member(r, obj, "state"), "state", false, &name))
        return false;
    const struct cx_metric_def *d = NULL;
    for (size_t i = 0; !d && i < cx_metric_count(); i++)
        if (cx_metric_at(i)->state.name
            && strcmp(cx_metric_at(i)->state.name, name) == 0)
            d = cx_metric_at(i);
    if (!d)
        return fail(r, "not a cxcalc state: unknown metric state '%s'",
                    name);
    s->kind = cx_metric_kind(d);
    for (const struct cx_state_field *f = d->state.fields; f->name; f++)
        if (!read_field(r, obj, f, s))
            return false;
    const char *why = d->state.check ? d->state.check(s) : NULL;
    return why ? fail(r, "not a cxcalc state: %s", why) : true;
}

static bool read_mstates(struct rd *r, const cJSON *arr, struct cx_mstate *s,
                         size_t *n)
{
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > CX_MAX_METRICS)
        return fail(r, "not a cxcalc state: %s",
                    "metric states are not a list of at most 8");
    *n = 0;
    for (const cJSON *e = arr->child; e; e = e->next) {
        if (!read_mstate(r, e, &s[*n]))
            return false;
        /* one state per metric, in the report's order (churn by flag or
         * by dates, not both) */
        const char *name = cx_mkind_name(s[*n].kind);
        for (size_t i = 0; i < *n; i++)
            if (s[i].kind >= s[*n].kind
                || strcmp(cx_mkind_name(s[i].kind), name) == 0)
                return fail(r, "not a cxcalc state: %s",
                            "metric states repeated or out of order");
        (*n)++;
    }
    return true;
}

/* An optional {"ROLE": text} member (labels, dates) into texts. */
static bool read_role_texts(struct rd *r, const cJSON *obj, const char *key,
                            const char **texts)
{
    const cJSON *map = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!map)
        return true;
    if (!cJSON_IsObject(map))
        return fail(r, "not a cxcalc state: '%s' is not an object", key);
    for (const cJSON *e = map->child; e; e = e->next) {
        enum cx_role role;
        if (!e->string || !cx_role_parse(e->string, &role))
            return fail(r, "not a cxcalc state: unknown role in '%s'", key);
        if (!get_text(r, e, key, false, &texts[role]))
            return false;
    }
    return true;
}

static bool read_input(struct rd *r, const cJSON *obj,
                       struct cx_input_stats *in)
{
    const char *table;
    memset(in, 0, sizeof *in);
    if (!cJSON_IsObject(obj))
        return fail(r, "not a cxcalc state: %s", "an input is not an object");
    if (!get_text(r, member(r, obj, "path"), "path", false, &in->path)
        || !get_text(r, member(r, obj, "table"), "table", false, &table)
        || !get_u64(r, obj, "rows", &in->rows)
        || !get_u64(r, obj, "skipped_rows", &in->skipped_rows)
        || !get_u64(r, obj, "filtered_rows", &in->filtered_rows)
        || !read_role_texts(r, obj, "labels", in->labels)
        || !read_role_texts(r, obj, "dates", in->dates))
        return false;
    /* padded_rows: only from a run with --pad-short-rows */
    in->pad_short_rows = cJSON_GetObjectItemCaseSensitive(obj, "padded_rows");
    if (in->pad_short_rows && !get_u64(r, obj, "padded_rows",
                                       &in->padded_rows))
        return false;
    int k = 0;
    while (k < CX_TABLE_KIND_COUNT
           && strcmp(cx_table_kind_name((enum cx_table_kind)k), table) != 0)
        k++;
    if (k == CX_TABLE_KIND_COUNT)
        return fail(r, "not a cxcalc state: unknown table kind '%s'", table);
    in->table = (enum cx_table_kind)k;
    return true;
}

static bool read_group(struct rd *r, const cJSON *obj, size_t nby,
                       struct cx_report *rep, struct cx_report_group *g)
{
    const cJSON *key = member(r, obj, "key"), *absent = member(r, obj,
                                                                "absent");
    bool period_absent;
    if (!key || !absent)
        return false;
    if (!cJSON_IsArray(key) || (size_t)cJSON_GetArraySize(key) != nby
        || !cJSON_IsArray(absent))
        return fail(r, "not a cxcalc state: %s",
                    "a group key does not have one value per --by column");
    g->key = cx_arena_alloc(r->arena, (nby ? nby : 1) * sizeof *g->key);
    if (!g->key)
        return nomem(r);
    size_t k = 0;
    for (const cJSON *e = key->child; e; e = e->next, k++)
        if (!get_text(r, e, "key", true, &g->key[k]))
            return false;
    for (const cJSON *e = absent->child; e; e = e->next) {
        int64_t v;
        if (!get_int(r, e, "absent", 0, &v))
            return false;
        if ((uint64_t)v >= nby)
            return fail(r, "not a cxcalc state: %s",
                        "an absent key position is out of range");
        g->absent |= UINT64_C(1) << v;
    }
    if (!get_bool(r, obj, "period_absent", &period_absent)
        || !get_text(r, member(r, obj, "period"), "period", true, &g->period))
        return false;
    if (period_absent)
        g->absent |= CX_ABSENT_PERIOD;
    const cJSON *st = member(r, obj, "states");
    if (!st)
        return false;
    int n = cJSON_GetArraySize(st);
    if (cx_report_group_room(rep, g, n > 0 && n <= CX_MAX_METRICS
                                         ? (size_t)n : 1) != 0)
        return nomem(r);
    return read_mstates(r, st, g->state, &g->nmetrics);
}

enum cx_status cx_read_state(const char *text, size_t len,
                             const char *display, struct cx_state *st,
                             size_t *used, struct cx_error *err)
{
    memset(st, 0, sizeof *st);
    cx_report_init(&st->rep);
    struct rd r = {display, err, &st->rep.arena, CX_OK};
    if (!(st->source = cx_arena_strndup(&st->rep.arena, display,
                                        strlen(display))))
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    const char *end = text;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
    /* Not JSON: *used 0 when the error is at the end (the text may be
     * cut short of its end), else past the error (it is not JSON). */
    *used = root ? (size_t)(end - text)
            : end && end >= text && end < text + len
                ? (size_t)(end - text) + 1
                : 0;
    if (!root || !cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return cx_error_set(err, CX_ERR_STATE,
                            &(struct cx_loc){display, 0, 0},
                            "not a cxcalc state (not a JSON object); make "
                            "states with --partial");
    }
    int64_t schema = 0;
    const cJSON *groups = NULL, *inputs = NULL, *options = NULL;
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root,
                                                            "cxcalc_state");
    if (!version) {
        fail(&r, "not a cxcalc state (%s); make states with --partial",
             cJSON_GetObjectItemCaseSensitive(root, "schema_version")
                 ? "a report, not a state" : "no 'cxcalc_state' member");
    } else if (get_int(&r, version, "cxcalc_state", 0, &schema)
               && schema != CX_STATE_SCHEMA) {
        fail(&r, "state format version %s: this cxcalc reads version 1 "
                 "(make the states again with this cxcalc)",
             schema > CX_STATE_SCHEMA ? "is newer" : "is older");
    }
    if (r.st == CX_OK && (options = member(&r, root, "options"))
        && read_options(&r, options, &st->opts)) {
        char *o = cJSON_PrintUnformatted(options);
        if (!o)
            nomem(&r);
        else if (!(st->options_json = cx_arena_strndup(&st->rep.arena, o,
                                                       strlen(o))))
            nomem(&r);
        cJSON_free(o);
    }
    if (r.st == CX_OK) {
        const cJSON *facts = member(&r, root, "facts");
        if (facts)
            read_facts(&r, facts, &st->opts);
    }
    if (r.st == CX_OK && (inputs = member(&r, root, "inputs"))
        && !cJSON_IsArray(inputs))
        fail(&r, "not a cxcalc state: %s", "'inputs' is not a list");
    if (r.st == CX_OK) {
        size_t n = (size_t)cJSON_GetArraySize(inputs);
        st->inputs = cx_arena_alloc(&st->rep.arena,
                                    (n ? n : 1) * sizeof *st->inputs);
        if (!st->inputs)
            nomem(&r);
        for (const cJSON *e = inputs->child; r.st == CX_OK && e; e = e->next)
            read_input(&r, e, &st->inputs[st->rep.ninputs++]);
        st->rep.inputs = st->inputs;
    }
    const cJSON *overall = r.st == CX_OK ? member(&r, root, "overall") : NULL;
    if (overall)
        read_mstates(&r, overall, st->rep.overall_state, &st->rep.noverall);
    if (r.st == CX_OK && (groups = member(&r, root, "groups"))
        && !cJSON_IsArray(groups))
        fail(&r, "not a cxcalc state: %s", "'groups' is not a list");
    if (r.st == CX_OK) {
        size_t n = (size_t)cJSON_GetArraySize(groups);
        if (cx_report_groups(&st->rep, n) != 0)
            nomem(&r);
        size_t i = 0;
        for (const cJSON *e = groups->child; r.st == CX_OK && e;
             e = e->next, i++) {
            if (!cJSON_IsObject(e))
                fail(&r, "not a cxcalc state: %s", "a group is not an "
                                                   "object");
            else
                read_group(&r, e, st->opts.nby, &st->rep,
                           &st->rep.groups[i]);
        }
    }
    st->rep.by_names = st->opts.by;
    st->rep.nby = st->opts.nby;
    st->rep.has_period = st->opts.m.period != CX_PERIOD_NONE;
    cJSON_Delete(root);
    return r.st;
}

void cx_state_release(struct cx_state *st)
{
    cx_report_release(&st->rep);
}

/* The command-line spelling of an option member. */
static const char *flag_name(const char *key)
{
    static const char *const map[][2] = {
        {"command", "the command"}, {"by", "--by"}, {"period", "--period"},
        {"weight", "--weight"}, {"z", "--confidence (as z)"},
        {"csat_scale", "--csat-scale"},
        {"csat_satisfied", "--csat-satisfied"},
        {"ces_scale", "--ces-scale"}, {"ces_low_is_easy", "--ces-low-is-easy"},
        {"fcr_method", "--fcr-method"}, {"fcr_window_ms", "--fcr-window (ms)"},
        {"handled", "--handled"}, {"abandoned", "--abandoned"},
        {"churn_method", "--churn-method"}, {"margin", "--margin"},
        {"discount_rate", "--discount-rate"}, {"arpu", "--arpu"},
        {"churn_rate", "--churn-rate"},
        {"horizon_months", "--horizon (months)"},
        {"since_ms", "--since (ms)"},
        {"until_ms", "--until (ms)"}, {"where", "--where"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(map[i][0], key) == 0)
            return map[i][1];
    return key;
}

bool cx_state_same_options(const char *a, const char *b, char *msg,
                           size_t size)
{
    if (strcmp(a, b) == 0)
        return true;
    cJSON *x = cJSON_Parse(a), *y = cJSON_Parse(b);
    snprintf(msg, size, "the options differ");
    for (const cJSON *e = x ? x->child : NULL; e && y; e = e->next) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(y, e->string);
        if (f && cJSON_Compare(e, f, true))
            continue;
        char *s = cJSON_PrintUnformatted(e);
        char *t = f ? cJSON_PrintUnformatted(f) : NULL;
        snprintf(msg, size, "%s is %.200s in this state and %.200s in that "
                 "one", flag_name(e->string), s ? s : "?", t ? t : "none");
        cJSON_free(s);
        cJSON_free(t);
        break;
    }
    cJSON_Delete(x);
    cJSON_Delete(y);
    return false;
}
