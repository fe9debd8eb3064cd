/* mstate.c - a metric's mergeable state and its result (see metrics.h):
 * each metric's own merge and finish, found in the registry. */
#include "cxcalc/registry.h"

#include <stddef.h>
#include <string.h>

const char *cx_mkind_name(enum cx_mkind k)
{
    const struct cx_metric_def *d = cx_metric_of_kind(k);
    return d ? d->name : NULL;
}

/* 1 when a member the states must share differs, 2 when a sum would
 * pass 2^63, else 0. */
static int mergeable(const struct cx_metric_def *d,
                     const struct cx_mstate *into,
                     const struct cx_mstate *from)
{
    for (const struct cx_state_field *f = d->state.fields; f->name; f++) {
        const char *a = (const char *)into + f->off;
        const char *b = (const char *)from + f->off;
        int64_t x, y, t;
        if ((f->kind == CX_SF_SAME_I64 && memcmp(a, b, sizeof x) != 0)
            || (f->kind == CX_SF_SAME_BOOL && *a != *b)
            || (f->kind == CX_SF_ENUM && memcmp(a, b, sizeof(int)) != 0))
            return 1;
        if (f->kind != CX_SF_I64)
            continue;
        memcpy(&x, a, sizeof x);
        memcpy(&y, b, sizeof y);
        if (__builtin_add_overflow(x, y, &t))
            return 2;
    }
    return 0;
}

void cx_mstate_add(const struct cx_metric_def *d, void *into,
                   const void *from, size_t size)
{
    size_t u = offsetof(struct cx_mstate, u);
    for (const struct cx_state_field *f = d->state.fields; f->name; f++) {
        if (f->off < u || f->off - u >= size)
            continue;
        void *a = (char *)into + (f->off - u);
        const void *b = (const char *)from + (f->off - u);
        if (f->kind == CX_SF_U64)
            *(uint64_t *)a += *(const uint64_t *)b;
        else if (f->kind == CX_SF_I64)
            *(int64_t *)a += *(const int64_t *)b;
        else if (f->kind == CX_SF_BOOL)
            *(bool *)a |= *(const bool *)b;
        else if (f->kind == CX_SF_XSUM)
            cx_xsum_merge(a, b);
    }
}

int cx_mstate_merge(struct cx_mstate *into, const struct cx_mstate *from,
                    struct cx_arena *arena)
{
    const struct cx_metric_def *d = cx_metric_of_kind(into->kind);
    if (into->kind != from->kind || !d)
        return 1;
    int rc = mergeable(d, into, from);
    for (const struct cx_state_field *f = d->state.fields; !rc && f->name;
         f++) {
        void *a = (char *)into + f->off;
        const void *b = (const char *)from + f->off;
        switch (f->kind) {
        case CX_SF_U64: *(uint64_t *)a += *(const uint64_t *)b; break;
        case CX_SF_I64: *(int64_t *)a += *(const int64_t *)b; break;
        case CX_SF_BOOL: *(bool *)a |= *(const bool *)b; break;
        case CX_SF_XSUM: cx_xsum_merge(a, b); break;
        case CX_SF_SKETCH:
            rc = cx_sketch_merge(a, a, b, arena) != 0 ? -1 : 0;
            break;
        default: break;     /* shared: checked above */
        }
    }
    return rc;
}

void cx_mstate_finish(const struct cx_mstate *s,
                      const struct cx_metric_opts *o,
                      const struct cx_exact *exact,
                      struct cx_metric_result *out)
{
    const struct cx_metric_def *d = cx_metric_of_kind(s->kind);
    struct cx_mstate with = *s;
    with.exact = exact;
    if (d)
        d->finish(&with, o, out);
    else
        cx_result_init(out, "none");
}
