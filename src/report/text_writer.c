/* text_writer.c - the report for people: aligned, at most 100 columns,
 * durations as m:ss, the NPS split drawn as a bar (SPEC §6). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cxcalc/registry.h"
#include "cxcalc/report.h"
#include "util/text.h"

#define LABEL_CHARS 24

struct out {
    FILE *f;
    bool failed;
};

static void emit(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void emit(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(o->f, fmt, ap) < 0)
        o->failed = true;
    va_end(ap);
}

/* Cut trailing spaces off s in place; returns s. */
static char *rtrim(char *s)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

/* Print s left-aligned in `chars` characters (s is UTF-8). */
static void pad(struct out *o, const char *s, size_t chars)
{
    emit(o, "%s", s);
    for (size_t w = cx_utf8_width(s); w < chars; w++)
        emit(o, " ");
}

/* One row: n, value, interval and the metric's own column. */
static void metric_row(struct out *o, const char *label,
                       const struct cx_metric_result *m)
{
    const struct cx_metric_def *d = cx_metric_find(m->metric);
    const char *vf = d && d->text.value_format ? d->text.value_format : "%.1f";
    char value[32], lo[32], hi[32], ci[80], extra[96] = "";
    if (d && !d->text.value_format)
        cx_value_duration(cx_result_value(m, "value"), value, sizeof value);
    else
        cx_value_format(cx_result_value(m, "value"), vf, value,
                        sizeof value);
    cx_value_format(cx_result_value(m, "ci_low"), vf, lo, sizeof lo);
    cx_value_format(cx_result_value(m, "ci_high"), vf, hi, sizeof hi);
    if (strcmp(lo, "-") == 0)
        snprintf(ci, sizeof ci, "-");
    else
        snprintf(ci, sizeof ci, "%s .. %s", lo, hi);
    if (d && d->text.cell)
        d->text.cell(m, extra, sizeof extra);
    char line[256];
    snprintf(line, sizeof line, "%9" PRIu64 " %8s  %-17s %s",
             cx_result_count_of(m, "n"), value, ci, extra);
    emit(o, "  ");
    pad(o, label, LABEL_CHARS);
    emit(o, "%s\n", rtrim(line));
}

/* "key1 / key2 / period", escaped and cut to the label width. */
static void group_label(const struct cx_report *rep,
                        const struct cx_report_group *g, char *buf,
                        size_t size)
{
    char joined[512];
    size_t o = 0;
    joined[0] = '\0';
    for (size_t k = 0; k < rep->nby && o < sizeof joined; k++) {
        if (g->absent >> k & 1)
            continue;
        o += (size_t)snprintf(joined + o, sizeof joined - o, "%s%s",
                              o ? " / " : "",
                              g->key[k] ? g->key[k] : "(empty)");
    }
    if (rep->has_period && !(g->absent & CX_ABSENT_PERIOD)
        && o < sizeof joined)
        snprintf(joined + o, sizeof joined - o, "%s%s", o ? " / " : "",
                 g->period ? g->period : "(no date)");
    /* Escape first, then cut to the width: an escaped control character
     * takes four columns. */
    char esc[2048];
    cx_escape(joined, strlen(joined), esc, sizeof esc, sizeof joined);
    size_t chars = 0, i = 0;
    for (; esc[i] && chars < LABEL_CHARS - 1; i++)
        if (((unsigned char)esc[i] & 0xC0) != 0x80)
            chars++;
    while (esc[i] && ((unsigned char)esc[i] & 0xC0) == 0x80)
        i++;
    snprintf(buf, size, "%.*s%s", (int)i, esc, esc[i] ? "\xe2\x80\xa6" : "");
}

enum cx_status cx_write_text(const struct cx_report *rep, FILE *f, int width,
                             struct cx_error *err)
{
    (void)width;    /* every line fits 100 columns already */
    struct out o = {f, false};
    for (size_t i = 0; i < rep->ninputs; i++) {
        const struct cx_input_stats *in = &rep->inputs[i];
        char path[256];
        cx_escape(in->path, strlen(in->path), path, sizeof path, 50);
        emit(&o, "%s: %" PRIu64 " rows", path, in->rows);
        if (in->skipped_rows)
            emit(&o, ", %" PRIu64 " malformed rows skipped",
                 in->skipped_rows);
        if (in->padded_rows)
            emit(&o, ", %" PRIu64 " short rows padded", in->padded_rows);
        if (in->filtered_rows)
            emit(&o, ", %" PRIu64 " filtered out", in->filtered_rows);
        emit(&o, "\n");
        for (int r = 0; r < CX_ROLE_COUNT; r++)
            if (in->labels[r])
                emit(&o, "  %s: answer labels read as %s\n",
                     cx_role_name((enum cx_role)r), in->labels[r]);
        for (int r = 0; r < CX_ROLE_COUNT; r++)
            if (in->dates[r] && strcmp(in->dates[r], "iso8601") != 0)
                emit(&o, "  %s: dates read as %s\n",
                     cx_role_name((enum cx_role)r), in->dates[r]);
    }
    if (rep->zone_name || rep->since || rep->until) {
        emit(&o, "dates in %s", rep->zone_name ? rep->zone_name : "UTC");
        if (rep->since)
            emit(&o, ", from %s", rep->since);
        if (rep->until)
            emit(&o, ", before %s", rep->until);
        emit(&o, "\n");
    }
    for (size_t mi = 0; mi < rep->noverall; mi++) {
        const struct cx_metric_result *m = &rep->overall[mi];
        const struct cx_metric_def *d = cx_metric_find(m->metric);
        emit(&o, "\n%s   missing %" PRIu64 ", invalid %" PRIu64,
             d ? d->text.title : m->metric, cx_result_count_of(m, "missing"),
             cx_result_count_of(m, "invalid"));
        if (cx_result_get(m, "abandoned"))
            emit(&o, ", abandoned %" PRIu64,
                 cx_result_count_of(m, "abandoned"));
        emit(&o, "\n");
        char head[128];
        snprintf(head, sizeof head, "%9s %8s  %-17s %s", "n", "value",
                 "interval", d ? d->text.head : "");
        emit(&o, "  ");
        pad(&o, "", LABEL_CHARS);
        emit(&o, "%s\n", rtrim(head));
        metric_row(&o, "overall", m);
        for (size_t g = 0; g < rep->ngroups; g++) {
            const struct cx_report_group *grp = &rep->groups[g];
            char label[LABEL_CHARS * 4 + 8];
            group_label(rep, grp, label, sizeof label);
            for (size_t k = 0; k < grp->nmetrics; k++)
                if (cx_metric_find(grp->metrics[k].metric) == d)
                    metric_row(&o, label, &grp->metrics[k]);
        }
    }
    for (size_t i = 0; i < rep->nalerts; i++)
        emit(&o, "%sALERT: %s\n", i ? "" : "\n", rep->alerts[i]);
    if (o.failed || fflush(f) == EOF || ferror(f)) {
        int e = errno ? errno : EIO;
        cx_error_set(err, CX_ERR_IO, NULL, "write error: %s", strerror(e));
        err->sys_errno = e;
        return CX_ERR_IO;
    }
    return CX_OK;
}
