/* report.c - the report model (see report.h). */
#include "cxcalc/report.h"

#include <stdio.h>
#include <string.h>

#include "table/cell.h"

#include "cxcalc/registry.h"
#include "util/alloc.h"
#include "util/text.h"

void cx_report_init(struct cx_report *rep)
{
    memset(rep, 0, sizeof *rep);
    cx_arena_init(&rep->arena, 64 * 1024);
}

void cx_report_release(struct cx_report *rep)
{
    cx_free(rep->groups);
    cx_free(rep->alerts);
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

int cx_report_group_room(struct cx_report *rep, struct cx_report_group *g,
                         size_t n)
{
    if (n <= g->cap)
        return 0;
    struct cx_metric_result *m = cx_arena_alloc(&rep->arena, n * sizeof *m);
    struct cx_mstate *s = rep->no_states
                              ? NULL : cx_arena_alloc(&rep->arena,
                                                      n * sizeof *s);
    if (!m || (!s && !rep->no_states))
        return -1;
    memset(m, 0, n * sizeof *m);
    if (s)
        memset(s, 0, n * sizeof *s);
    if (g->nmetrics) {
        memcpy(m, g->metrics, g->nmetrics * sizeof *m);
        if (s && g->state)
            memcpy(s, g->state, g->nmetrics * sizeof *s);
    }
    g->metrics = m;
    g->state = s;
    g->cap = n;
    return 0;
}

char *cx_report_strdup(struct cx_report *rep, const char *s, size_t len)
{
    return cx_arena_strndup(&rep->arena, s, len);
}

bool cx_report_keep(struct cx_report *rep, const char **s)
{
    return !*s || (*s = cx_report_strdup(rep, *s, strlen(*s))) != NULL;
}

bool cx_report_keep_sketches(struct cx_report *rep, struct cx_mstate *st,
                             size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct cx_sketch *sk = &st[i].u.aht.sketch;
        if (st[i].kind != CX_MK_AHT || !sk->nb)
            continue;
        int32_t *index = cx_arena_alloc(&rep->arena, sk->nb * sizeof *index);
        uint64_t *count = cx_arena_alloc(&rep->arena, sk->nb * sizeof *count);
        if (!index || !count)
            return false;
        memcpy(index, sk->index, sk->nb * sizeof *index);
        memcpy(count, sk->count, sk->nb * sizeof *count);
        sk->index = index;
        sk->count = count;
    }
    return true;
}

/* A metric and field the registry knows, with a number as value; else
 * false and why. */
static bool known_field(const struct cx_threshold *t, char *why,
                        size_t size)
{
    const struct cx_metric_def *d = cx_metric_find(t->metric);
    size_t o = 0;
    if (!d) {
        o = (size_t)snprintf(why, size, "no metric '%s'; metrics are",
                             t->metric);
        for (size_t i = 0; i < cx_metric_count() && o < size; i++)
            if (cx_metric_rank(cx_metric_at(i)->name) == i)
                o += (size_t)snprintf(why + o, size - o, "%s %s",
                                      i ? "," : "", cx_metric_at(i)->name);
        return false;
    }
    const struct cx_field_def *f = cx_metric_field(d, t->field);
    if (f && (f->type == CX_V_REAL || f->type == CX_V_COUNT))
        return true;
    o = (size_t)snprintf(why, size, "%s has no number '%s'; its fields are",
                         d->name, t->field);
    for (f = d->fields; f->name && o < size; f++)
        if (f->type == CX_V_REAL || f->type == CX_V_COUNT)
            o += (size_t)snprintf(why + o, size - o, "%s %s",
                                  f == d->fields ? "" : ",", f->name);
    return false;
}

/* The scope of a threshold: "any:" before the comparison means any group;
 * another prefix (text up to a colon before the comparison) is refused,
 * naming the two accepted forms.  *expr is the text after the prefix. */
static bool scope_prefix(const char *text, struct cx_threshold *out,
                         const char **expr, char *why, size_t size)
{
    const char *colon = NULL;
    for (const char *p = text; *p && *p != '<' && *p != '>'; p++)
        if (*p == ':')
            colon = p;
    out->any = false;
    *expr = text;
    if (!colon)
        return true;
    size_t plen = (size_t)(colon - text) + 1;
    if (plen == 4 && memcmp(text, "any:", 4) == 0) {
        out->any = true;
        *expr = text + 4;
        return true;
    }
    snprintf(why, size, "unknown prefix '%.*s'; the forms are "
             "METRIC[.FIELD]<N for the overall value and "
             "any:METRIC[.FIELD]<N for any group", (int)plen, text);
    return false;
}

bool cx_threshold_parse(const char *text, struct cx_threshold *out,
                        char *why, size_t size)
{
    const char *expr;
    if (!scope_prefix(text, out, &expr, why, size))
        return false;
    snprintf(why, size, "like 'nps<30', 'aht.p90>600' or 'any:nps<0'");
    const char *op = strpbrk(expr, "<>");
    if (!op || op == expr)
        return false;
    size_t name_len = (size_t)(op - expr);
    while (name_len && expr[name_len - 1] == ' ')   /* "nps < 30" */
        name_len--;
    const char *dot = memchr(expr, '.', name_len);
    size_t mlen = dot ? (size_t)(dot - expr) : name_len;
    size_t flen = dot ? name_len - mlen - 1 : 5;
    if (mlen == 0 || mlen >= sizeof out->metric || flen == 0
        || flen >= sizeof out->field)
        return false;
    memcpy(out->metric, expr, mlen);
    out->metric[mlen] = '\0';
    memcpy(out->field, dot ? dot + 1 : "value", flen);
    out->field[flen] = '\0';
    bool eq = op[1] == '=';
    out->cmp = op[0] == '<' ? (eq ? CX_LE : CX_LT) : (eq ? CX_GE : CX_GT);
    const char *num = op + 1 + eq;
    if (name_len == 0
        || cx_parse_number(num, strlen(num), false, &out->limit) != CX_CELL_OK)
        return false;
    out->text = text;
    return known_field(out, why, size);
}

static bool breached(enum cx_cmp cmp, double v, double limit)
{
    switch (cmp) {
    case CX_LT: return v < limit;
    case CX_LE: return v <= limit;
    case CX_GT: return v > limit;
    case CX_GE: return v >= limit;
    }
    return false;
}

/* The result of metric `name` among ms[0..n), or NULL. */
static const struct cx_metric_result *
find_metric(const struct cx_metric_result *ms, size_t n, const char *name)
{
    for (size_t m = 0; m < n; m++)
        if (strcmp(ms[m].metric, name) == 0)
            return &ms[m];
    return NULL;
}

/* Does value v (NULL: the run has no such field) breach t?  When it does,
 * `what` says why: "nps.value is 12", "… is null (no data)", "this run
 * has no …". */
static bool judge(const struct cx_threshold *t, const struct cx_value *v,
                  char *what, size_t size)
{
    if (!v) {
        snprintf(what, size, "this run has no %s.%s", t->metric, t->field);
        return true;
    }
    if (v->kind != CX_V_REAL && v->kind != CX_V_COUNT) {
        snprintf(what, size, "%s.%s is null (no data)", t->metric,
                 t->field);
        return true;
    }
    double x = v->kind == CX_V_REAL ? v->u.real : (double)v->u.count;
    if (!breached(t->cmp, x, t->limit))
        return false;
    snprintf(what, size, "%s.%s is %.10g", t->metric, t->field, x);
    return true;
}

/* A copy of msg added to rep's alerts; false when out of memory. */
static bool add_alert(struct cx_report *rep, const char *msg)
{
    size_t cap = rep->nalerts;
    if (cx_grow((void **)&rep->alerts, &cap, rep->nalerts + 1,
                sizeof *rep->alerts, 1) != 0)
        return false;
    char *copy = cx_report_strdup(rep, msg, strlen(msg));
    if (!copy)
        return false;
    rep->alerts[rep->nalerts++] = copy;
    return true;
}

/* Append ", NAME=VALUE" (no comma first) to buf[0..*o), VALUE escaped
 * and cut as in messages (a key is data); when the rest of buf cannot
 * hold it, "…" ends the text instead and false is returned. */
static bool append_pair(char *buf, size_t size, size_t *o, const char *name,
                        const char *value)
{
    char v[256];
    cx_escape(value, strlen(value), v, sizeof v, 60);
    size_t need = (*o ? 2 : 0) + strlen(name) + 1 + strlen(v);
    if (*o + need + 4 > size) {
        snprintf(buf + *o, size - *o, "\xe2\x80\xa6");
        return false;
    }
    *o += (size_t)snprintf(buf + *o, size - *o, "%s%s=%s", *o ? ", " : "",
                           name, v);
    return true;
}

/* Group g's key as alerts and warnings name it: "channel=phone,
 * period=2026-01" in the order of --by, then the period; a null key is
 * "(empty)", a row without a date "(no date)", as in the text report. */
static void group_name(const struct cx_report *rep,
                       const struct cx_report_group *g, char *buf,
                       size_t size)
{
    size_t o = 0;
    bool room = true;
    buf[0] = '\0';
    for (size_t k = 0; k < rep->nby && room; k++)
        if (!(g->absent >> k & 1))
            room = append_pair(buf, size, &o, rep->by_names[k],
                               g->key[k] ? g->key[k] : "(empty)");
    if (room && rep->has_period && !(g->absent & CX_ABSENT_PERIOD))
        append_pair(buf, size, &o, "period",
                    g->period ? g->period : "(no date)");
}

/* A plain threshold, or an any: one on a metric without groups: one
 * alert at most.  Returns the alerts added, -1 when out of memory. */
static long check_overall(struct cx_report *rep, const struct cx_threshold *t)
{
    const struct cx_metric_result *m =
        find_metric(rep->overall, rep->noverall, t->metric);
    char what[128], msg[512];
    if (!judge(t, m ? cx_result_get(m, t->field) : NULL, what, sizeof what))
        return 0;
    snprintf(msg, sizeof msg, "%s: %s", t->text, what);
    return add_alert(rep, msg) ? 1 : -1;
}

/* An any: threshold: one alert per breaching group that is not
 * suppressed.  Where the run has no such metric or field, or the metric
 * no group, it is checked as a plain threshold instead. */
static long check_groups(struct cx_report *rep, const struct cx_threshold *t)
{
    const struct cx_metric_result *om =
        find_metric(rep->overall, rep->noverall, t->metric);
    bool grouped = false;
    for (size_t i = 0; i < rep->ngroups && !grouped; i++)
        grouped = find_metric(rep->groups[i].metrics,
                              rep->groups[i].nmetrics, t->metric) != NULL;
    if (!om || !cx_result_get(om, t->field) || !grouped)
        return check_overall(rep, t);
    long added = 0;
    for (size_t i = 0; i < rep->ngroups; i++) {
        const struct cx_report_group *g = &rep->groups[i];
        const struct cx_metric_result *m =
            find_metric(g->metrics, g->nmetrics, t->metric);
        char what[128], name[1024], msg[2048];
        if (!m || cx_result_get(m, "suppressed")
            || !judge(t, cx_result_value(m, t->field), what, sizeof what))
            continue;
        group_name(rep, g, name, sizeof name);
        snprintf(msg, sizeof msg, "%s: %s in %s", t->text, what, name);
        if (!add_alert(rep, msg))
            return -1;
        added++;
    }
    return added;
}

long cx_report_check(struct cx_report *rep, const struct cx_threshold *t,
                     size_t n)
{
    long breaches = 0;
    for (size_t i = 0; i < n; i++) {
        long added = t[i].any ? check_groups(rep, &t[i])
                              : check_overall(rep, &t[i]);
        if (added < 0)
            return -1;
        breaches += added;
    }
    return breaches;
}

static void warn_results(const struct cx_metric_result *m, size_t n,
                         const char *scope, struct cx_warner *w)
{
    for (size_t i = 0; i < n; i++) {
        const struct cx_metric_def *d = cx_metric_find(m[i].metric);
        if (d && d->warn)
            d->warn(&m[i], scope, w);
    }
}

void cx_report_warn(const struct cx_report *rep, struct cx_warner *w)
{
    char scope[1024];
    warn_results(rep->overall, rep->noverall, "overall", w);
    for (size_t g = 0; g < rep->ngroups; g++) {
        group_name(rep, &rep->groups[g], scope, sizeof scope);
        if (!scope[0])
            snprintf(scope, sizeof scope, "(no key)");
        warn_results(rep->groups[g].metrics, rep->groups[g].nmetrics, scope,
                     w);
    }
}
