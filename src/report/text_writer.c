/* text_writer.c - the report for people: aligned, at most 100 columns,
 * durations as m:ss, the NPS split drawn as a bar (SPEC §6). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cxcalc/report.h"
#include "cxcalc/text.h"

#define LABEL_CHARS 24
#define BAR_CHARS 16

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

static const struct cx_value *field(const struct cx_metric_result *m,
                                    const char *name)
{
    static const struct cx_value null = {.kind = CX_V_NULL};
    const struct cx_value *v = cx_result_get(m, name);
    return v ? v : &null;
}

static void fmt_real(const struct cx_value *v, const char *fmt, char *buf,
                     size_t size)
{
    if (v->kind == CX_V_REAL)
        snprintf(buf, size, fmt, v->u.real);
    else
        snprintf(buf, size, "-");
}

/* Seconds as m:ss (h:mm:ss from an hour), SPEC §6. */
static void fmt_duration(const struct cx_value *v, char *buf, size_t size)
{
    if (v->kind != CX_V_REAL) {
        snprintf(buf, size, "-");
        return;
    }
    long long s = llround(v->u.real);
    if (s >= 3600)
        snprintf(buf, size, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60,
                 s % 60);
    else
        snprintf(buf, size, "%lld:%02lld", s / 60, s % 60);
}

static uint64_t count_of(const struct cx_metric_result *m, const char *name)
{
    const struct cx_value *v = field(m, name);
    return v->kind == CX_V_COUNT ? v->u.count : 0;
}

/* The promoter/passive/detractor split as a bar of '+', '.', '-'. */
static void nps_bar(const struct cx_metric_result *m, char *bar)
{
    const struct cx_value *p = field(m, "promoters_pct");
    const struct cx_value *d = field(m, "detractors_pct");
    if (p->kind != CX_V_REAL || d->kind != CX_V_REAL) {
        bar[0] = '\0';
        return;
    }
    int np = (int)lround(p->u.real * BAR_CHARS / 100);
    int nd = (int)lround(d->u.real * BAR_CHARS / 100);
    if (np + nd > BAR_CHARS)
        nd = BAR_CHARS - np;
    int i = 0;
    bar[i++] = '[';
    for (int k = 0; k < BAR_CHARS; k++)
        bar[i++] = k < np ? '+' : k >= BAR_CHARS - nd ? '-' : '.';
    bar[i++] = ']';
    bar[i] = '\0';
}

static void metric_row(struct out *o, const char *label,
                       const struct cx_metric_result *m)
{
    char value[32], lo[32], hi[32], ci[80], extra[96];
    const char *vf = strcmp(m->metric, "ces") == 0
                     || strcmp(m->metric, "clv") == 0 ? "%.2f" : "%.1f";
    bool aht = strcmp(m->metric, "aht") == 0;
    if (aht)
        fmt_duration(field(m, "value"), value, sizeof value);
    else
        fmt_real(field(m, "value"), vf, value, sizeof value);
    fmt_real(field(m, "ci_low"), vf, lo, sizeof lo);
    fmt_real(field(m, "ci_high"), vf, hi, sizeof hi);
    if (strcmp(lo, "-") == 0)
        snprintf(ci, sizeof ci, "-");
    else
        snprintf(ci, sizeof ci, "%s .. %s", lo, hi);
    extra[0] = '\0';
    if (strcmp(m->metric, "nps") == 0) {
        char p[16], pa[16], d[16], bar[BAR_CHARS + 3];
        fmt_real(field(m, "promoters_pct"), "%.1f", p, sizeof p);
        fmt_real(field(m, "passives_pct"), "%.1f", pa, sizeof pa);
        fmt_real(field(m, "detractors_pct"), "%.1f", d, sizeof d);
        nps_bar(m, bar);
        snprintf(extra, sizeof extra, "%5s/%5s/%5s %s", p, pa, d, bar);
    } else if (strcmp(m->metric, "csat") == 0) {
        char mean[16];
        fmt_real(field(m, "mean"), "%.2f", mean, sizeof mean);
        snprintf(extra, sizeof extra, "mean %s", mean);
    } else if (strcmp(m->metric, "ces") == 0) {
        char e[16], d[16];
        fmt_real(field(m, "easy_pct"), "%.1f%%", e, sizeof e);
        fmt_real(field(m, "difficult_pct"), "%.1f%%", d, sizeof d);
        snprintf(extra, sizeof extra, "easy %s  difficult %s", e, d);
    } else if (aht) {
        char med[24], p90[24];
        fmt_duration(field(m, "median"), med, sizeof med);
        fmt_duration(field(m, "p90"), p90, sizeof p90);
        snprintf(extra, sizeof extra, "median %s  p90 %s", med, p90);
    } else if (strcmp(m->metric, "churn") == 0) {
        char rate[24];
        const struct cx_value *meth = field(m, "method");
        if (meth->kind == CX_V_TEXT && strcmp(meth->u.text, "events") == 0)
            snprintf(extra, sizeof extra, "monthly; active %" PRIu64
                     ", churned %" PRIu64 ", new %" PRIu64,
                     count_of(m, "active_start"), count_of(m, "churned"),
                     count_of(m, "new"));
        else if (cx_result_get(m, "monthly_rate")) {
            fmt_real(field(m, "monthly_rate"), "%.2f%%", rate, sizeof rate);
            snprintf(extra, sizeof extra, "churned %" PRIu64 ", monthly %s",
                     count_of(m, "churned"), rate);
        } else
            snprintf(extra, sizeof extra, "churned %" PRIu64,
                     count_of(m, "churned"));
    } else if (strcmp(m->metric, "clv") == 0 && cx_result_get(m, "r")) {
        char total[32];
        fmt_real(field(m, "total"), "%.2f", total, sizeof total);
        snprintf(extra, sizeof extra, "model; repeaters %" PRIu64
                 ", total %s", count_of(m, "repeaters"), total);
    } else if (strcmp(m->metric, "clv") == 0) {
        char arpu[24], life[24];
        fmt_real(field(m, "arpu"), "%.2f", arpu, sizeof arpu);
        fmt_real(field(m, "expected_lifetime_months"), "%.1f", life,
                 sizeof life);
        snprintf(extra, sizeof extra, "arpu %s, lifetime %s months", arpu,
                 life);
    } else if (strcmp(m->metric, "fcr") == 0) {
        const struct cx_value *meth = field(m, "method");
        if (cx_result_get(m, "repeat_contacts"))
            snprintf(extra, sizeof extra, "%s, repeat contacts %" PRIu64,
                     meth->kind == CX_V_TEXT ? meth->u.text : "",
                     count_of(m, "repeat_contacts"));
        else
            snprintf(extra, sizeof extra, "%s",
                     meth->kind == CX_V_TEXT ? meth->u.text : "");
    }
    char line[256];
    snprintf(line, sizeof line, "%9" PRIu64 " %8s  %-17s %s",
             count_of(m, "n"), value, ci, extra);
    emit(o, "  ");
    pad(o, label, LABEL_CHARS);
    emit(o, "%s\n", rtrim(line));
}

static const char *metric_title(const char *metric)
{
    if (strcmp(metric, "nps") == 0)
        return "NPS (-100..100)";
    if (strcmp(metric, "csat") == 0)
        return "CSAT (% satisfied)";
    if (strcmp(metric, "ces") == 0)
        return "CES (mean score)";
    if (strcmp(metric, "aht") == 0)
        return "AHT (mean handle time, m:ss)";
    if (strcmp(metric, "fcr") == 0)
        return "FCR (% resolved first time)";
    if (strcmp(metric, "churn") == 0)
        return "Churn (% of customers)";
    if (strcmp(metric, "clv") == 0)
        return "CLV (lifetime value per customer)";
    return metric;
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
        if (in->filtered_rows)
            emit(&o, ", %" PRIu64 " filtered out", in->filtered_rows);
        emit(&o, "\n");
    }
    for (size_t mi = 0; mi < rep->noverall; mi++) {
        const struct cx_metric_result *m = &rep->overall[mi];
        emit(&o, "\n%s   missing %" PRIu64 ", invalid %" PRIu64,
             metric_title(m->metric), count_of(m, "missing"),
             count_of(m, "invalid"));
        if (cx_result_get(m, "abandoned"))
            emit(&o, ", abandoned %" PRIu64, count_of(m, "abandoned"));
        emit(&o, "\n");
        char head[128];
        snprintf(head, sizeof head, "%9s %8s  %-17s %s", "n", "value",
                 "interval",
                 strcmp(m->metric, "nps") == 0 ? "  P%/ Pa%/  D%" : "");
        emit(&o, "  ");
        pad(&o, "", LABEL_CHARS);
        emit(&o, "%s\n", rtrim(head));
        metric_row(&o, "overall", m);
        for (size_t g = 0; g < rep->ngroups; g++) {
            const struct cx_report_group *grp = &rep->groups[g];
            char label[LABEL_CHARS * 4 + 8];
            group_label(rep, grp, label, sizeof label);
            for (size_t k = 0; k < grp->nmetrics; k++)
                if (strcmp(grp->metrics[k].metric, m->metric) == 0)
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
