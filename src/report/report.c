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
    struct cx_mstate *s = cx_arena_alloc(&rep->arena, n * sizeof *s);
    if (!m || !s)
        return -1;
    memset(m, 0, n * sizeof *m);
    memset(s, 0, n * sizeof *s);
    if (g->nmetrics) {
        memcpy(m, g->metrics, g->nmetrics * sizeof *m);
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

bool cx_threshold_parse(const char *text, struct cx_threshold *out,
                        char *why, size_t size)
{
    snprintf(why, size, "like 'nps<30' or 'aht.p90>600'");
    const char *op = strpbrk(text, "<>");
    if (!op || op == text)
        return false;
    size_t name_len = (size_t)(op - text);
    while (name_len && text[name_len - 1] == ' ')   /* "nps < 30" */
        name_len--;
    const char *dot = memchr(text, '.', name_len);
    size_t mlen = dot ? (size_t)(dot - text) : name_len;
    size_t flen = dot ? name_len - mlen - 1 : 5;
    if (mlen == 0 || mlen >= sizeof out->metric || flen == 0
        || flen >= sizeof out->field)
        return false;
    memcpy(out->metric, text, mlen);
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

long cx_report_check(struct cx_report *rep, const struct cx_threshold *t,
                     size_t n)
{
    long breaches = 0;
    for (size_t i = 0; i < n; i++) {
        const struct cx_value *v = NULL;
        for (size_t m = 0; m < rep->noverall && !v; m++)
            if (strcmp(rep->overall[m].metric, t[i].metric) == 0)
                v = cx_result_get(&rep->overall[m], t[i].field);
        char msg[256];
        double x = 0;
        if (!v)
            snprintf(msg, sizeof msg, "%s: this run has no %s.%s",
                     t[i].text, t[i].metric, t[i].field);
        else if (v->kind == CX_V_REAL || v->kind == CX_V_COUNT)
            x = v->kind == CX_V_REAL ? v->u.real : (double)v->u.count;
        else
            snprintf(msg, sizeof msg, "%s: %s.%s is null (no data)",
                     t[i].text, t[i].metric, t[i].field);
        bool numeric = v && (v->kind == CX_V_REAL || v->kind == CX_V_COUNT);
        if (numeric && !breached(t[i].cmp, x, t[i].limit))
            continue;
        if (numeric)
            snprintf(msg, sizeof msg, "%s: %s.%s is %.10g", t[i].text,
                     t[i].metric, t[i].field, x);
        size_t cap = rep->nalerts;
        if (cx_grow((void **)&rep->alerts, &cap, rep->nalerts + 1,
                    sizeof *rep->alerts, 1) != 0)
            return -1;
        char *copy = cx_report_strdup(rep, msg, strlen(msg));
        if (!copy)
            return -1;
        rep->alerts[rep->nalerts++] = copy;
        breaches++;
    }
    return breaches;
}

/* "COL=V, COL=V, period=P": how a warning names group g, each key value
 * as --where writes it; control characters escaped, cut to fit buf. */
static void scope_name(const struct cx_report *rep,
                       const struct cx_report_group *g, char *buf,
                       size_t size)
{
    char joined[512];
    size_t o = 0;
    joined[0] = '\0';
    for (size_t k = 0; k < rep->nby && o < sizeof joined; k++) {
        if (g->absent >> k & 1)
            continue;
        o += (size_t)snprintf(joined + o, sizeof joined - o, "%s%s=%s",
                              o ? ", " : "", rep->by_names[k],
                              g->key && g->key[k] ? g->key[k] : "(empty)");
    }
    if (rep->has_period && !(g->absent & CX_ABSENT_PERIOD)
        && o < sizeof joined)
        snprintf(joined + o, sizeof joined - o, "%speriod=%s",
                 o ? ", " : "", g->period ? g->period : "(no date)");
    const char *name = joined[0] ? joined : "(no key)";
    cx_escape(name, strlen(name), buf, size, 200);
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
        scope_name(rep, &rep->groups[g], scope, sizeof scope);
        warn_results(rep->groups[g].metrics, rep->groups[g].nmetrics, scope,
                     w);
    }
}
