/* mstate.c - a metric's mergeable state and its result (see metrics.h):
 * each metric's own merge and finish, found in the registry. */
#include "cxcalc/registry.h"

const char *cx_mkind_name(enum cx_mkind k)
{
    const struct cx_metric_def *d = cx_metric_of_kind(k);
    return d ? d->name : NULL;
}

int cx_mstate_merge(struct cx_mstate *into, const struct cx_mstate *from,
                    struct cx_arena *arena)
{
    if (into->kind != from->kind)
        return 1;
    const struct cx_metric_def *d = cx_metric_of_kind(into->kind);
    return d ? d->merge(into, from, arena) : 0;
}

void cx_mstate_finish(const struct cx_mstate *s,
                      const struct cx_metric_opts *o,
                      const int64_t *sorted_ms, struct cx_metric_result *out)
{
    const struct cx_metric_def *d = cx_metric_of_kind(s->kind);
    if (d)
        d->finish(s, o, sorted_ms, out);
    else
        cx_result_init(out, "none");
}
