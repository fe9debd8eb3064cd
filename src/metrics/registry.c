/* registry.c - the table of every metric (see registry.h). */
#include "cxcalc/registry.h"

#include <string.h>

/* Every metric: a new one is added at the end as X(name), its file
 * defining `cx_<name>_metric` (a metric's state kind is its place here,
 * and CX_MK_* name the first eight).  Reports list metrics by table, and
 * within a table in this order. */
#define CX_METRIC_LIST(X)                                                   \
    X(nps) X(csat) X(ces) X(aht) X(fcr) X(churn) X(churn_events) X(clv)   \
    X(abandon)

#define CX_DECLARE(name) extern const struct cx_metric_def cx_##name##_metric;
CX_METRIC_LIST(CX_DECLARE)
#undef CX_DECLARE

#define CX_ENTRY(name) &cx_##name##_metric,
static const struct cx_metric_def *const metrics[] = {
    CX_METRIC_LIST(CX_ENTRY)};
#undef CX_ENTRY

#define NMETRICS (sizeof metrics / sizeof metrics[0])

size_t cx_metric_count(void)
{
    return NMETRICS;
}

const struct cx_metric_def *cx_metric_at(size_t i)
{
    return i < NMETRICS ? metrics[i] : NULL;
}

size_t cx_metric_rank(const char *name)
{
    size_t i = 0;
    while (i < NMETRICS && strcmp(metrics[i]->name, name) != 0)
        i++;
    return i;
}

const struct cx_metric_def *cx_metric_find(const char *name)
{
    return cx_metric_at(cx_metric_rank(name));
}

const struct cx_metric_def *cx_metric_of_kind(enum cx_mkind k)
{
    return k > 0 ? cx_metric_at((size_t)k - 1) : NULL;
}

enum cx_mkind cx_metric_kind(const struct cx_metric_def *d)
{
    size_t i = 0;
    while (i < NMETRICS && metrics[i] != d)
        i++;
    return (enum cx_mkind)(i + 1);
}

unsigned cx_metric_bit(const struct cx_metric_def *d)
{
    return 1u << cx_metric_rank(d->name);
}

const struct cx_field_def *cx_metric_field(const struct cx_metric_def *d,
                                           const char *field)
{
    static const struct cx_field_def suppressed = {"suppressed", CX_V_BOOL,
                                                   ""};
    if (strcmp(field, suppressed.name) == 0)
        return &suppressed;
    for (const struct cx_field_def *f = d->fields; f->name; f++)
        if (strcmp(f->name, field) == 0)
            return f;
    return NULL;
}

bool cx_metric_takes(const struct cx_metric_def *d, const char *name)
{
    for (const char *const *o = d->options; o && *o; o++)
        if (strcmp(*o, name) == 0)
            return true;
    return false;
}
