/* churn.c - customer churn, snapshot and monthly-cohort methods (SPEC §3;
 * the cohort rule -- lost during the month over active at its start, new
 * customers of the month excluded -- follows the usual SaaS definition). */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cxcalc/registry.h"

/* Its registry entries (below): the accumulators merge by their states'
 * members. */
extern const struct cx_metric_def cx_churn_metric;
extern const struct cx_metric_def cx_churn_events_metric;

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
    cx_mstate_add(&cx_churn_metric, into, from, sizeof *into);
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
    cx_mstate_add(&cx_churn_events_metric, into, from, sizeof *into);
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

static void events_like(struct cx_mstate *s, const struct cx_mstate *like)
{
    s->u.events.last_month = like->u.events.last_month;
}

/* The two methods' states in a state file. */
#define ACC u.churn.acc
static const struct cx_state_field snapshot_fields[] = {
    CX_SU(ACC, customers), CX_SU(ACC, churned), CX_SU(ACC, missing),
    CX_SU(ACC, invalid), CX_SU(ACC, churned_with_tenure),
    CX_SX(ACC, tenure_sum), CX_SB(u.churn, has_tenure), CX_S_END};
#undef ACC

#define ACC u.events.acc
static const struct cx_state_field events_fields[] = {
    CX_SU(ACC, customers), CX_SU(ACC, missing), CX_SU(ACC, invalid),
    CX_SU(ACC, active_start), CX_SU(ACC, churned), CX_SU(ACC, added),
    CX_SFIELD(CX_SF_SAME_I64, "last_month", u.events.last_month), CX_S_END};
#undef ACC

/* ---- the registry entries: snapshot and events ------------------------ */

static void finish_snapshot(const struct cx_mstate *s,
                            const struct cx_metric_opts *o,
                            struct cx_metric_result *out)
{
    (void)o;
    cx_churn_finish(&s->u.churn.acc, s->u.churn.has_tenure, out);
}

static void finish_events(const struct cx_mstate *s,
                          const struct cx_metric_opts *o,
                          struct cx_metric_result *out)
{
    (void)o;
    cx_events_finish(&s->u.events.acc, out);
}

static void text_extra(const struct cx_metric_result *m, char *buf,
                       size_t size)
{
    char rate[24];
    if (strcmp(cx_result_text_of(m, "method"), "events") == 0) {
        snprintf(buf, size, "monthly; active %" PRIu64 ", churned %" PRIu64
                 ", new %" PRIu64, cx_result_count_of(m, "active_start"),
                 cx_result_count_of(m, "churned"),
                 cx_result_count_of(m, "new"));
    } else if (cx_result_get(m, "monthly_rate")) {
        cx_value_format(cx_result_value(m, "monthly_rate"), "%.2f%%", rate,
                        sizeof rate);
        snprintf(buf, size, "churned %" PRIu64 ", monthly %s",
                 cx_result_count_of(m, "churned"), rate);
    } else {
        snprintf(buf, size, "churned %" PRIu64,
                 cx_result_count_of(m, "churned"));
    }
}

/* Its own options (see registry.h). */
static const char *const options[] = {
    "churn-method", NULL};

/* The fields of both methods (`churn` names either). */
static const struct cx_field_def fields[] = {
    CX_F_TEXT(method), CX_F_COUNT(n), CX_F_COUNT(customers),
    CX_F_COUNT(active_start), CX_F_COUNT(churned), CX_F_COUNT(new),
    CX_F_REAL(value, "percent"), CX_F_REAL(monthly_rate, "percent"),
    CX_F_COUNT(missing), CX_F_COUNT(invalid), CX_F_END};

const struct cx_metric_def cx_churn_metric = {
    .name = "churn", .table = CX_TABLE_CUSTOMERS, .options = options,
    .summary = "customer churn, % of customers", .fields = fields,
    .text = {"Churn (% of customers)", "%.1f", "", text_extra},
    .finish = finish_snapshot,
    .state = {"churn", snapshot_fields, NULL, NULL, NULL}};

/* The event method's state: monthly cohorts need every customer's dates
 * before a month's active count is known. */
const struct cx_metric_def cx_churn_events_metric = {
    .name = "churn", .table = CX_TABLE_CUSTOMERS, .options = options,
    .summary = "customer churn, monthly cohorts from dates",
    .fields = fields, .needs_all_rows = true,
    .text = {"Churn (% of customers)", "%.1f", "", text_extra},
    .finish = finish_events,
    .state = {"churn_events", events_fields, NULL, events_like,
              "over month ranges that end in different months (the event "
              "method counts a customer still active up to the last month "
              "of the data)"}};
