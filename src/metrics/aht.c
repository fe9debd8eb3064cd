/* aht.c - average handle time: the mean, median and p90 of handle times of
 * handled contacts (SPEC §3; median and p90 interpolate like numpy's
 * default).  Durations are integer milliseconds, so sums are exact and do
 * not depend on row order; results are in seconds. */
#include "cxcalc/metrics.h"
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
