/* churn.c - customer churn, snapshot and monthly-cohort methods (SPEC §3;
 * the cohort rule -- lost during the month over active at its start, new
 * customers of the month excluded -- follows the usual SaaS definition). */
#include "cxcalc/metrics.h"

void cx_churn_add(struct cx_churn_acc *a, bool churned, bool has_tenure,
                  double tenure)
{
    a->customers++;
    a->churned += churned;
    if (has_tenure) {
        cx_xsum_add(&a->tenure_sum, tenure);
        a->churned_with_tenure += churned;
    }
}

void cx_churn_merge(struct cx_churn_acc *into,
                    const struct cx_churn_acc *from)
{
    into->customers += from->customers;
    into->churned += from->churned;
    into->missing += from->missing;
    into->invalid += from->invalid;
    into->churned_with_tenure += from->churned_with_tenure;
    cx_xsum_merge(&into->tenure_sum, &from->tenure_sum);
}

bool cx_churn_monthly(const struct cx_churn_acc *a, double *rate)
{
    double months = cx_xsum_value(&a->tenure_sum);
    if (!(months > 0))
        return false;
    *rate = (double)a->churned_with_tenure / months;
    return true;
}

void cx_churn_finish(const struct cx_churn_acc *a, bool has_tenure,
                     struct cx_metric_result *out)
{
    cx_result_init(out, "churn");
    cx_result_text(out, "method", "snapshot");
    cx_result_count(out, "n", a->customers);
    cx_result_count(out, "customers", a->customers);
    cx_result_count(out, "churned", a->churned);
    cx_result_real(out, "value",
                   100 * (double)a->churned / (double)a->customers,
                   a->customers > 0);
    if (has_tenure) {
        double m = 0;
        bool ok = cx_churn_monthly(a, &m);
        cx_result_real(out, "monthly_rate", 100 * m, ok);
    }
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
}

void cx_events_merge(struct cx_events_acc *into,
                     const struct cx_events_acc *from)
{
    into->customers += from->customers;
    into->missing += from->missing;
    into->invalid += from->invalid;
    into->active_start += from->active_start;
    into->churned += from->churned;
    into->added += from->added;
}

bool cx_events_monthly(const struct cx_events_acc *a, double *rate)
{
    if (a->active_start == 0)
        return false;
    *rate = (double)a->churned / (double)a->active_start;
    return true;
}

void cx_events_finish(const struct cx_events_acc *a,
                      struct cx_metric_result *out)
{
    double m = 0;
    bool ok = cx_events_monthly(a, &m);
    cx_result_init(out, "churn");
    cx_result_text(out, "method", "events");
    cx_result_count(out, "n", a->customers);
    cx_result_count(out, "customers", a->customers);
    cx_result_count(out, "active_start", a->active_start);
    cx_result_count(out, "churned", a->churned);
    cx_result_count(out, "new", a->added);
    cx_result_real(out, "value", 100 * m, ok);
    cx_result_count(out, "missing", a->missing);
    cx_result_count(out, "invalid", a->invalid);
}
