/*
 * cxcalc.h - the library's public interface, for a program that links
 * libcxcalc: describe a run (struct cx_run_options, with the metrics of
 * the registry and struct cx_metric_opts), run it (cx_app_run,
 * cx_app_report, cx_app_customers, cx_app_merge...), read the report
 * (struct cx_report: inputs, overall and group results as named values,
 * alerts), write it (cx_app_write), and errors (struct cx_error).  The
 * headers under include/cxcalc/ are the ones these need; the layers' own
 * headers are beside their sources under src/.
 */
#ifndef CXCALC_H
#define CXCALC_H

#include "cxcalc/app.h"
#include "cxcalc/error.h"
#include "cxcalc/registry.h"
#include "cxcalc/report.h"
#include "cxcalc/result.h"

#endif
