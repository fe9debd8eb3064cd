/* csv_writer.c - the report as CSV for spreadsheets (SPEC §6): one row per
 * metric field of overall and of each group.  Text cells are quoted, and
 * those a spreadsheet would run as a formula (starting with = + - @ TAB
 * CR LF) get a leading ' (OWASP CSV injection: cx_csv_cell); computed
 * numbers are printed bare. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cxcalc/report.h"
#include "util/alloc.h"
#include "util/csvout.h"
#include "util/text.h"

/* Write one text cell, quoted, with the formula guard; false on error. */
static bool cell(FILE *f, const char *s, bool first)
{
    if (!first && fputc(',', f) == EOF)
        return false;
    if (!s)
        return true;                    /* null: empty cell */
    size_t len = strlen(s);
    char *fixed = cx_malloc(3 * len + 1);
    if (!fixed)
        return false;
    size_t n = cx_utf8_repair(s, len, fixed);
    bool ok = cx_csv_cell(f, fixed, n, ',', CX_CSV_QUOTE | CX_CSV_GUARD);
    cx_free(fixed);
    return ok;
}

static bool value_cell(FILE *f, const struct cx_value *v)
{
    switch (v->kind) {
    case CX_V_COUNT: return fprintf(f, ",%" PRIu64, v->u.count) > 0;
    case CX_V_REAL: return fprintf(f, ",%.17g", v->u.real) > 0;
    case CX_V_BOOL: return fprintf(f, ",%s", v->u.flag ? "true" : "false") > 0;
    case CX_V_TEXT: return cell(f, v->u.text, false);
    case CX_V_NULL: break;
    }
    return fputc(',', f) != EOF;
}

static bool rows(FILE *f, const struct cx_report *rep, const char *scope,
                 const struct cx_report_group *g,
                 const struct cx_metric_result *ms, size_t nm)
{
    for (size_t i = 0; i < nm; i++) {
        for (size_t k = 0; k < ms[i].nfields; k++) {
            bool ok = cell(f, scope, true);
            for (size_t b = 0; ok && b < rep->nby; b++)
                ok = cell(f, g ? g->key[b] : NULL, false);
            if (ok && rep->has_period)
                ok = cell(f, g ? g->period : NULL, false);
            ok = ok && cell(f, ms[i].metric, false)
                 && cell(f, ms[i].fields[k].name, false)
                 && value_cell(f, &ms[i].fields[k].v)
                 && fputc('\n', f) != EOF;
            if (!ok)
                return false;
        }
    }
    return true;
}

enum cx_status cx_write_csv(const struct cx_report *rep, FILE *f,
                            struct cx_error *err)
{
    bool ok = cell(f, "scope", true);
    for (size_t b = 0; ok && b < rep->nby; b++)
        ok = cell(f, rep->by_names[b], false);
    if (ok && rep->has_period)
        ok = cell(f, "period", false);
    ok = ok && cell(f, "metric", false) && cell(f, "field", false)
         && cell(f, "value", false) && fputc('\n', f) != EOF;
    ok = ok && rows(f, rep, "overall", NULL, rep->overall, rep->noverall);
    for (size_t g = 0; ok && g < rep->ngroups; g++)
        ok = rows(f, rep, "group", &rep->groups[g], rep->groups[g].metrics,
                  rep->groups[g].nmetrics);
    if (!ok || fflush(f) == EOF || ferror(f)) {
        int e = errno ? errno : EIO;
        cx_error_set(err, CX_ERR_IO, NULL, "write error: %s", strerror(e));
        err->sys_errno = e;
        return CX_ERR_IO;
    }
    return CX_OK;
}
