/* clv.c - customer lifetime value, formula method (SPEC §3):
 * ARPU · margin · (1 + d) / (d + c), margin received at the start of each
 * month (the current one included).  With d = 0 this is ARPU · margin / c;
 * the Gupta–Lehmann form m · r / (1 + d − r) is one month's margin less. */
#include "cxcalc/metrics.h"

void cx_clv_merge(struct cx_clv_acc *into, const struct cx_clv_acc *from)
{
    into->n += from->n;
    into->missing += from->missing;
    into->invalid += from->invalid;
    cx_xsum_merge(&into->revenue_sum, &from->revenue_sum);
}

void cx_clv_finish(const struct cx_clv_acc *a, const struct cx_clv_opts *o,
                   bool churn_ok, double churn, struct cx_metric_result *out)
{
    double arpu = o->has_arpu ? o->arpu : cx_xsum_value(&a->revenue_sum)
                                  / (double)a->n;
    bool arpu_ok = o->has_arpu || a->n > 0;
    double d = o->discount;
    bool ok = arpu_ok && churn_ok && d + churn > 0;
    cx_result_init(out, "clv");
    cx_result_text(out, "method", "formula");
    cx_result_count(out, "n", a->n);
    cx_result_real(out, "arpu", arpu, arpu_ok);
    cx_result_real(out, "margin", o->margin, true);
    cx_result_real(out, "churn_rate", 100 * churn, churn_ok);
    cx_result_real(out, "discount_rate", 100 * d, true);
    cx_result_real(out, "expected_lifetime_months", 1 / churn,
                   churn_ok && churn > 0);
    cx_result_real(out, "value", arpu * o->margin * (1 + d) / (d + churn), ok);
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
}
