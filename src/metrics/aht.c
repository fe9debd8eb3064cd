/* aht.c - average handle time: the mean, median and p90 of handle times of
 * handled contacts (SPEC §3; median and p90 interpolate like numpy's
 * default).  Durations are integer milliseconds, so sums are exact and do
 * not depend on row order; results are in seconds. */
#include <stdio.h>

#include "cxcalc/registry.h"
#include "cxcalc/stats.h"

void cx_aht_add(struct cx_aht_acc *a, int64_t handle_ms, int64_t talk_ms,
                int64_t hold_ms, int64_t acw_ms)
{
    a->n++;
    a->sum_ms += handle_ms;
    a->talk_ms += talk_ms;
    a->hold_ms += hold_ms;
    a->acw_ms += acw_ms;
}

void cx_aht_merge(struct cx_aht_acc *into, const struct cx_aht_acc *from)
{
    into->n += from->n;
    into->missing += from->missing;
    into->invalid += from->invalid;
    into->abandoned += from->abandoned;
    into->sum_ms += from->sum_ms;
    into->talk_ms += from->talk_ms;
    into->hold_ms += from->hold_ms;
    into->acw_ms += from->acw_ms;
}

static double mean_s(int64_t sum_ms, uint64_t n)
{
    return (double)sum_ms / (double)n / 1000.0;
}

/* The q-quantile in seconds: exact from sorted_ms, else from the sketch. */
static double quantile_s(const int64_t *sorted_ms, const struct cx_sketch *s,
                         uint64_t n, double q)
{
    if (sorted_ms)
        return cx_quantile_sorted(sorted_ms, n, q) / 1000;
    return cx_sketch_quantile(s, q) / 1000;
}

void cx_aht_finish(const struct cx_aht_acc *a, const struct cx_aht_opts *o,
                   const int64_t *sorted_ms, const struct cx_sketch *sketch,
                   struct cx_metric_result *out)
{
    bool ok = a->n > 0 && (sorted_ms || sketch->n == a->n);
    cx_result_init(out, "aht");
    cx_result_count(out, "n", a->n);
    cx_result_real(out, "value", mean_s(a->sum_ms, a->n), a->n > 0);
    cx_result_real(out, "median",
                   ok ? quantile_s(sorted_ms, sketch, a->n, 0.5) : 0, ok);
    cx_result_real(out, "p90",
                   ok ? quantile_s(sorted_ms, sketch, a->n, 0.9) : 0, ok);
    if (o->has_talk)
        cx_result_real(out, "talk_mean", mean_s(a->talk_ms, a->n), ok);
    if (o->has_hold)
        cx_result_real(out, "hold_mean", mean_s(a->hold_ms, a->n), ok);
    if (o->has_acw)
        cx_result_real(out, "acw_mean", mean_s(a->acw_ms, a->n), ok);
    cx_result_count(out, "abandoned", a->abandoned);
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
    if (!sorted_ms)
        cx_result_bool(out, "percentiles_approximate", true);
}

/* ---- the registry entry ------------------------------------------------ */

static int merge_state(struct cx_mstate *into, const struct cx_mstate *from,
                       struct cx_arena *arena)
{
    /* Millisecond sums of states read from files could pass 2^63. */
    const struct cx_aht_acc *a = &into->u.aht.acc, *b = &from->u.aht.acc;
    int64_t t;
    if (__builtin_add_overflow(a->sum_ms, b->sum_ms, &t)
        || __builtin_add_overflow(a->talk_ms, b->talk_ms, &t)
        || __builtin_add_overflow(a->hold_ms, b->hold_ms, &t)
        || __builtin_add_overflow(a->acw_ms, b->acw_ms, &t))
        return 2;
    cx_aht_merge(&into->u.aht.acc, &from->u.aht.acc);
    /* A part without a talk column adds zeros to the talk sum, as its
     * rows do in one run over all parts. */
    into->u.aht.o.has_talk |= from->u.aht.o.has_talk;
    into->u.aht.o.has_hold |= from->u.aht.o.has_hold;
    into->u.aht.o.has_acw |= from->u.aht.o.has_acw;
    if (cx_sketch_merge(&into->u.aht.sketch, &into->u.aht.sketch,
                        &from->u.aht.sketch, arena) != 0)
        return -1;
    return 0;
}

static void finish_state(const struct cx_mstate *s,
                         const struct cx_finish_opts *o,
                         const int64_t *sorted_ms,
                         struct cx_metric_result *out)
{
    (void)o;
    cx_aht_finish(&s->u.aht.acc, &s->u.aht.o, sorted_ms, &s->u.aht.sketch,
                  out);
}

static void text_extra(const struct cx_metric_result *m, char *buf,
                       size_t size)
{
    char med[24], p90[24];
    cx_value_duration(cx_result_value(m, "median"), med, sizeof med);
    cx_value_duration(cx_result_value(m, "p90"), p90, sizeof p90);
    snprintf(buf, size, "median %s  p90 %s", med, p90);
}

/* Its own options (see registry.h). */
static const char *const options[] = {
    NULL};

static const struct cx_field_def fields[] = {
    {"n", CX_V_COUNT, "count"},
    {"value", CX_V_REAL, "seconds"},
    {"median", CX_V_REAL, "seconds"},
    {"p90", CX_V_REAL, "seconds"},
    {"talk_mean", CX_V_REAL, "seconds"},
    {"hold_mean", CX_V_REAL, "seconds"},
    {"acw_mean", CX_V_REAL, "seconds"},
    {"abandoned", CX_V_COUNT, "count"},
    {"missing", CX_V_COUNT, "count"},
    {"invalid", CX_V_COUNT, "count"},
    {"percentiles_approximate", CX_V_BOOL, ""},
    {"suppressed", CX_V_BOOL, ""},
    {NULL, CX_V_NULL, NULL}};

const struct cx_metric_def cx_aht_metric = {
    .name = "aht",
    .kind = CX_MK_AHT,
    .bit = CX_METRIC_AHT,
    .table = CX_TABLE_INTERACTIONS,
    .summary = "average handle time of handled contacts",
    .options = options,
    .fields = fields,
    .needs_all_rows = true,     /* exact median and p90 */
    .title = "AHT (mean handle time, m:ss)",
    .value_format = NULL,
    .text_head = "",
    .text_extra = text_extra,
    .merge = merge_state,
    .finish = finish_state,
};
