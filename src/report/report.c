/* report.c - the report model (see report.h). */
#include "cxcalc/report.h"

#include <string.h>

#include "cxcalc/alloc.h"

void cx_report_init(struct cx_report *rep)
{
    memset(rep, 0, sizeof *rep);
    cx_arena_init(&rep->arena, 64 * 1024);
}

void cx_report_release(struct cx_report *rep)
{
    cx_free(rep->groups);
    cx_arena_release(&rep->arena);
    memset(rep, 0, sizeof *rep);
}

int cx_report_groups(struct cx_report *rep, size_t n)
{
    cx_free(rep->groups);
    rep->groups = cx_calloc(n ? n : 1, sizeof *rep->groups);
    rep->ngroups = rep->groups ? n : 0;
    return rep->groups ? 0 : -1;
}

char *cx_report_strdup(struct cx_report *rep, const char *s, size_t len)
{
    return cx_arena_strndup(&rep->arena, s, len);
}
