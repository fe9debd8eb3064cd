/* result.c - metric results as named values (see result.h). */
#include "cxcalc/result.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void cx_result_init(struct cx_metric_result *r, const char *metric)
{
    r->metric = metric;
    r->nfields = 0;
}

static struct cx_value *add(struct cx_metric_result *r, const char *name)
{
    if (r->nfields >= CX_MAX_FIELDS)
        return NULL;   /* a programming error; the field is dropped */
    struct cx_field *f = &r->fields[r->nfields++];
    f->name = name;
    return &f->v;
}

void cx_result_count(struct cx_metric_result *r, const char *name,
                     uint64_t v)
{
    struct cx_value *x = add(r, name);
    if (x)
        *x = (struct cx_value){.kind = CX_V_COUNT, .u.count = v};
}

void cx_result_real(struct cx_metric_result *r, const char *name, double v,
                    bool ok)
{
    struct cx_value *x = add(r, name);
    if (!x)
        return;
    if (!ok || !isfinite(v))
        *x = (struct cx_value){.kind = CX_V_NULL};
    else
        *x = (struct cx_value){.kind = CX_V_REAL, .u.real = v == 0 ? 0 : v};
}

void cx_result_null(struct cx_metric_result *r, const char *name)
{
    struct cx_value *x = add(r, name);
    if (x)
        *x = (struct cx_value){.kind = CX_V_NULL};
}

void cx_result_bool(struct cx_metric_result *r, const char *name, bool v)
{
    struct cx_value *x = add(r, name);
    if (x)
        *x = (struct cx_value){.kind = CX_V_BOOL, .u.flag = v};
}

void cx_result_text(struct cx_metric_result *r, const char *name,
                    const char *v)
{
    struct cx_value *x = add(r, name);
    if (x)
        *x = (struct cx_value){.kind = CX_V_TEXT, .u.text = v};
}

const struct cx_value *cx_result_get(const struct cx_metric_result *r,
                                     const char *name)
{
    for (size_t i = 0; i < r->nfields; i++)
        if (strcmp(r->fields[i].name, name) == 0)
            return &r->fields[i].v;
    return NULL;
}

void cx_result_suppress(struct cx_metric_result *r)
{
    /* Sums of weights are sizes, like counts: they stay. */
    for (size_t i = 0; i < r->nfields; i++)
        if (r->fields[i].v.kind == CX_V_REAL
            && strcmp(r->fields[i].name, "weighted_n") != 0
            && strcmp(r->fields[i].name, "effective_n") != 0)
            r->fields[i].v.kind = CX_V_NULL;
    cx_result_bool(r, "suppressed", true);
}

const struct cx_value *cx_result_value(const struct cx_metric_result *r,
                                       const char *name)
{
    static const struct cx_value null = {.kind = CX_V_NULL};
    const struct cx_value *v = cx_result_get(r, name);
    return v ? v : &null;
}

uint64_t cx_result_count_of(const struct cx_metric_result *r,
                            const char *name)
{
    const struct cx_value *v = cx_result_value(r, name);
    return v->kind == CX_V_COUNT ? v->u.count : 0;
}

const char *cx_result_text_of(const struct cx_metric_result *r,
                              const char *name)
{
    const struct cx_value *v = cx_result_value(r, name);
    return v->kind == CX_V_TEXT ? v->u.text : "";
}

void cx_value_format(const struct cx_value *v, const char *fmt, char *buf,
                     size_t size)
{
    if (v->kind == CX_V_REAL)
        snprintf(buf, size, fmt, v->u.real);
    else
        snprintf(buf, size, "-");
}

void cx_value_duration(const struct cx_value *v, char *buf, size_t size)
{
    if (v->kind != CX_V_REAL) {
        snprintf(buf, size, "-");
        return;
    }
    long long s = llround(v->u.real);
    if (s >= 3600)
        snprintf(buf, size, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60,
                 s % 60);
    else
        snprintf(buf, size, "%lld:%02lld", s / 60, s % 60);
}
