/* opts.c - the defaults of what a run computes (see metrics.h). */
#include <string.h>

#include "cxcalc/metrics.h"
#include "metrics/stats.h"

void cx_metric_opts_init(struct cx_metric_opts *o)
{
    memset(o, 0, sizeof *o);
    cx_csat_scale("1-5", &o->csat);
    o->ces.scale_hi = 7;
    o->fcr_window_ms = CX_DEFAULT_FCR_WINDOW_MS;
    o->clv.margin = 1;
    cx_metric_opts_confidence(o, 0.95);
}

const char *const cx_fcr_methods[] = {"auto", "flag", "repeat", NULL};
const char *const cx_churn_methods[] = {"auto", "snapshot", "events", NULL};

int cx_name_index(const char *s, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

void cx_metric_opts_confidence(struct cx_metric_opts *o, double level)
{
    o->z = o->csat.z = o->ces.z = cx_z_for_confidence(level);
}
