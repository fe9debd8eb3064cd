/* error.c - filling and formatting error records (see error.h). */
#include "cxcalc/error.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum cx_status cx_error_setv(struct cx_error *err, enum cx_status status,
                             const struct cx_loc *loc, const char *fmt,
                             va_list ap)
{
    if (!err)
        return status;
    err->status = status;
    if (loc)
        err->loc = *loc;
    else
        err->loc = (struct cx_loc){0};
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return status;
}

enum cx_status cx_error_set(struct cx_error *err, enum cx_status status,
                            const struct cx_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    cx_error_setv(err, status, loc, fmt, ap);
    va_end(ap);
    return status;
}

void cx_error_clear(struct cx_error *err)
{
    err->status = CX_OK;
    err->sys_errno = 0;
    err->loc = (struct cx_loc){0};
    err->msg[0] = '\0';
}

void cx_error_format(const struct cx_error *err, char *buf, size_t size)
{
    const struct cx_loc *l = &err->loc;
    if (l->file && l->line && l->column)
        snprintf(buf, size, "%s:%" PRIu64 ":%" PRIu64 ": %s", l->file,
                 l->line, l->column, err->msg);
    else if (l->file && l->line)
        snprintf(buf, size, "%s:%" PRIu64 ": %s", l->file, l->line,
                 err->msg);
    else if (l->file)
        snprintf(buf, size, "%s: %s", l->file, err->msg);
    else
        snprintf(buf, size, "%s", err->msg);
}

void cx_warn(struct cx_warner *w, const struct cx_loc *loc,
             const char *fmt, ...)
{
    w->count++;
    if (!w->fn || (w->deliver_max && w->count > w->deliver_max))
        return;
    struct cx_error rec;
    cx_error_clear(&rec);
    va_list ap;
    va_start(ap, fmt);
    cx_error_setv(&rec, CX_OK, loc, fmt, ap);
    va_end(ap);
    w->fn(w->ctx, &rec);
}
