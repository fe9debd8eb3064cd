/* nps.c - Net Promoter Score (SPEC §3; Reichheld 2003 for the split,
 * R package NPS 1.1 `npvar` for the variance, Kish 1965 for the effective
 * sample size of weighted data). */
#include <math.h>

#include "cxcalc/metrics.h"
#include "cxcalc/stats.h"

void cx_nps_count(struct cx_nps_acc *a, int score)
{
    if (score >= 9)
        a->promoters++;
    else if (score >= 7)
        a->passives++;
    else
        a->detractors++;
}

void cx_nps_add(struct cx_nps_acc *a, int score, double weight)
{
    cx_nps_count(a, score);
    cx_xsum_add(score >= 9   ? &a->w_promoters
                : score >= 7 ? &a->w_passives
                             : &a->w_detractors,
                weight);
    cx_xsum_add(&a->w_sq, weight * weight);
}

void cx_nps_merge(struct cx_nps_acc *into, const struct cx_nps_acc *from)
{
    into->promoters += from->promoters;
    into->passives += from->passives;
    into->detractors += from->detractors;
    into->missing += from->missing;
    into->invalid += from->invalid;
    cx_xsum_merge(&into->w_promoters, &from->w_promoters);
    cx_xsum_merge(&into->w_passives, &from->w_passives);
    cx_xsum_merge(&into->w_detractors, &from->w_detractors);
    cx_xsum_merge(&into->w_sq, &from->w_sq);
}

void cx_nps_finish(const struct cx_nps_acc *a, const struct cx_nps_opts *o,
                   struct cx_metric_result *out)
{
    uint64_t n = a->promoters + a->passives + a->detractors;
    double total, p, pa, d, size;
    double wp = cx_xsum_value(&a->w_promoters);
    double wpa = cx_xsum_value(&a->w_passives);
    double wd = cx_xsum_value(&a->w_detractors);
    if (o->weighted) {
        total = wp + wpa + wd;
        p = wp / total;
        pa = wpa / total;
        d = wd / total;
        size = total * total / cx_xsum_value(&a->w_sq); /* Kish n */
    } else {
        total = (double)n;
        p = (double)a->promoters / total;
        pa = (double)a->passives / total;
        d = (double)a->detractors / total;
        size = total;
    }
    bool ok = n > 0 && total > 0;
    double value = o->weighted
        ? 100 * (wp - wd) / total
        : 100 * ((double)a->promoters - (double)a->detractors) / total;
    /* Var(y) for y in {-1, 0, 1}: p + d - (p - d)^2. */
    double var = p + d - (p - d) * (p - d);
    double margin = o->z * 100 * sqrt((var > 0 ? var : 0) / size);

    cx_result_init(out, "nps");
    cx_result_count(out, "n", n);
    cx_result_count(out, "promoters", a->promoters);
    cx_result_count(out, "passives", a->passives);
    cx_result_count(out, "detractors", a->detractors);
    cx_result_real(out, "promoters_pct", 100 * p, ok);
    cx_result_real(out, "passives_pct", 100 * pa, ok);
    cx_result_real(out, "detractors_pct", 100 * d, ok);
    cx_result_real(out, "value", value, ok);
    cx_result_real(out, "margin", margin, ok);
    cx_result_real(out, "ci_low", cx_clamp(value - margin, -100, 100), ok);
    cx_result_real(out, "ci_high", cx_clamp(value + margin, -100, 100), ok);
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
    if (o->weighted) {
        cx_result_real(out, "weighted_n", total, true);
        cx_result_real(out, "effective_n", size, ok);
    }
}
