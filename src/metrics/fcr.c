/* fcr.c - first contact resolution: the share of resolved-first flags, or
 * of one-contact episodes (SPEC §3; Wilson 1927 for the interval).  The
 * episodes themselves are built by the caller, who sees all of a
 * customer's contacts. */
#include <inttypes.h>
#include <stdio.h>

#include "cxcalc/registry.h"
#include "cxcalc/stats.h"

void cx_fcr_merge(struct cx_fcr_acc *into, const struct cx_fcr_acc *from)
{
    into->n += from->n;
    into->resolved += from->resolved;
    into->contacts += from->contacts;
    into->missing += from->missing;
    into->invalid += from->invalid;
    into->abandoned += from->abandoned;
}

void cx_fcr_finish(const struct cx_fcr_acc *a, const struct cx_fcr_opts *o,
                   struct cx_metric_result *out)
{
    bool ok = a->n > 0;
    double low = 0, high = 0;
    if (ok)
        cx_wilson(a->resolved, a->n, o->z, &low, &high);
    cx_result_init(out, "fcr");
    cx_result_text(out, "method", o->repeat ? "repeat" : "flag");
    cx_result_count(out, "n", a->n);
    cx_result_count(out, "resolved_first", a->resolved);
    if (o->repeat)
        cx_result_count(out, "repeat_contacts", a->contacts - a->n);
    cx_result_real(out, "value", 100 * (double)a->resolved / (double)a->n,
                   ok);
    cx_result_real(out, "ci_low", low, ok);
    cx_result_real(out, "ci_high", high, ok);
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
    cx_result_count(out, "abandoned", a->abandoned);
}

/* ---- the registry entry ------------------------------------------------ */

static int merge_state(struct cx_mstate *into, const struct cx_mstate *from,
                       struct cx_arena *arena)
{
    (void)arena;
    if (into->u.fcr.repeat != from->u.fcr.repeat)
        return 1;
    cx_fcr_merge(&into->u.fcr.acc, &from->u.fcr.acc);
    return 0;
}

static void finish_state(const struct cx_mstate *s,
                         const struct cx_finish_opts *o,
                         const int64_t *sorted_ms,
                         struct cx_metric_result *out)
{
    (void)sorted_ms;
    struct cx_fcr_opts fo = {s->u.fcr.repeat, o->z};
    cx_fcr_finish(&s->u.fcr.acc, &fo, out);
}

static void text_extra(const struct cx_metric_result *m, char *buf,
                       size_t size)
{
    const char *method = cx_result_text_of(m, "method");
    if (cx_result_get(m, "repeat_contacts"))
        snprintf(buf, size, "%s, repeat contacts %" PRIu64, method,
                 cx_result_count_of(m, "repeat_contacts"));
    else
        snprintf(buf, size, "%s", method);
}

/* Its own options (see registry.h). */
static const char *const options[] = {
    "confidence", "fcr-method", "fcr-window", NULL};

static const struct cx_field_def fields[] = {
    {"method", CX_V_TEXT, ""},
    {"n", CX_V_COUNT, "count"},
    {"resolved_first", CX_V_COUNT, "count"},
    {"repeat_contacts", CX_V_COUNT, "count"},
    {"value", CX_V_REAL, "percent"},
    {"ci_low", CX_V_REAL, "percent"},
    {"ci_high", CX_V_REAL, "percent"},
    {"missing", CX_V_COUNT, "count"},
    {"invalid", CX_V_COUNT, "count"},
    {"abandoned", CX_V_COUNT, "count"},
    {"suppressed", CX_V_BOOL, ""},
    {NULL, CX_V_NULL, NULL}};

const struct cx_metric_def cx_fcr_metric = {
    .name = "fcr",
    .kind = CX_MK_FCR,
    .bit = CX_METRIC_FCR,
    .table = CX_TABLE_INTERACTIONS,
    .summary = "first contact resolution, % resolved first time",
    .options = options,
    .fields = fields,
    .needs_all_rows = true,     /* repeat-contact episodes */
    .title = "FCR (% resolved first time)",
    .value_format = "%.1f",
    .text_head = "",
    .text_extra = text_extra,
    .merge = merge_state,
    .finish = finish_state,
};
