/* fcr.c - first contact resolution: the share of resolved-first flags, or
 * of one-contact episodes (SPEC §3; Wilson 1927 for the interval).  The
 * episodes themselves are built by the caller, who sees all of a
 * customer's contacts. */
#include "cxcalc/metrics.h"
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
