/* contact.c - abandoned contacts and handle times (see contact.h). */
#include "metrics/contact.h"

#include <string.h>

#include "util/alloc.h"
#include "util/text.h"

/* s, normalised as header names are, is one of words[0..n). */
static bool one_of(const char *s, size_t len, const char *const *words,
                   size_t n)
{
    char norm[64];
    cx_normalise(s, len, norm, sizeof norm);
    for (size_t w = 0; w < n; w++)
        if (strcmp(norm, words[w]) == 0)
            return true;
    return false;
}

bool cx_status_abandoned(const char *s, size_t len)
{
    /* hang, hangup, hung_up: the caller hung up before an agent took the
     * call (the outcome HANG of call-center logs such as the Anonymous
     * Bank's); phantom: a call that never reached anyone (PHANTOM there) */
    static const char *const words[] = {
        "abandoned", "abandon", "missed", "unanswered", "no_answer", "hang",
        "hangup", "hang_up", "hung_up", "dropped", "phantom", "voicemail",
        "timeout"};
    return one_of(s, len, words, sizeof words / sizeof words[0]);
}

bool cx_status_listed(const char *s, size_t len, const char *list)
{
    char want[64], item[64];
    cx_normalise(s, len, want, sizeof want);
    while (list && *list) {
        size_t n = strcspn(list, ",");
        cx_normalise(list, n, item, sizeof item);
        if (item[0] && strcmp(item, want) == 0)
            return true;
        list += n + (list[n] == ',');
    }
    return false;
}

bool cx_status_not_handled(const char *s, size_t len,
                           const struct cx_metric_opts *o)
{
    s = cx_trim(s, &len);
    if (len == 0)
        return false;
    if (o->handled)
        return !cx_status_listed(s, len, o->handled);
    bool yes;
    return cx_status_abandoned(s, len)
           || cx_status_listed(s, len, o->abandoned)
           || (cx_parse_flag(s, len, &yes) == CX_CELL_OK && !yes);
}

int cx_status_marks(uint8_t **marks, size_t *n, const struct cx_table *t,
                    const struct cx_metric_opts *o)
{
    size_t count = t->strings.count, cap = *n;
    if (count <= *n)
        return 0;
    if (cx_grow((void **)marks, &cap, count, 1, 64))
        return -1;
    for (size_t id = *n; id < count; id++) {
        size_t len;
        const char *s = cx_intern_get(&t->strings, (uint32_t)id, &len);
        (*marks)[id] = id != 0 && cx_status_not_handled(s, len, o);
    }
    *n = count;
    return 0;
}

bool cx_found(const struct cx_table *t, long col)
{
    return col >= 0 && t->cols[col].found;
}

/* A column of role `role`, read only from inputs without one of the
 * roles `unless` (others may need it from every input: table.h). */
static long need(struct cx_table *t, enum cx_role role,
                 enum cx_col_kind kind, uint32_t unless)
{
    return cx_table_add(t, &(struct cx_colspec){NULL, role, kind, 0, 0,
                                                false, unless});
}

int cx_contacts_plan(struct cx_contacts *c, struct cx_table *t,
                     const struct cx_metric_opts *o, bool handle_time)
{
    memset(c, 0, sizeof *c);
    c->o = o;
    c->handle = c->talk = c->hold = c->acw = c->start = c->end = -1;
    c->status = need(t, CX_ROLE_STATUS, CX_KIND_DIM, 0);
    if (!handle_time)
        return c->status >= 0 ? 0 : -1;
    /* Start and end give a handle time only where a file has no handle
     * column: from a file that has one they are not read (unless another
     * metric, or the date, reads the start). */
    uint32_t handle = CX_ROLE_BIT(CX_ROLE_HANDLE);
    c->start = need(t, CX_ROLE_START, CX_KIND_TIME, handle);
    c->end = need(t, CX_ROLE_END, CX_KIND_TIME, handle);
    c->talk = need(t, CX_ROLE_TALK, CX_KIND_DURATION, 0);
    c->hold = need(t, CX_ROLE_HOLD, CX_KIND_DURATION, 0);
    c->acw = need(t, CX_ROLE_ACW, CX_KIND_DURATION, 0);
    c->handle = need(t, CX_ROLE_HANDLE, CX_KIND_DURATION, 0);
    return c->status < 0 || c->start < 0 || c->end < 0 || c->talk < 0
           || c->hold < 0 || c->acw < 0 || c->handle < 0 ? -1 : 0;
}

enum cx_status cx_contacts_ready(struct cx_contacts *c,
                                 const struct cx_table *t,
                                 struct cx_error *err)
{
    if (cx_status_marks(&c->marks, &c->nmarks, t, c->o) != 0)
        return cx_error_set(err, CX_ERR_NOMEM, NULL, "out of memory");
    c->src = cx_handle_source_of(c, t);
    return CX_OK;
}

bool cx_handle_source_found(const struct cx_contacts *c,
                            const struct cx_table *t,
                            enum cx_handle_source src)
{
    switch (src) {
    case CX_HANDLE_COLUMN: return cx_found(t, c->handle);
    case CX_HANDLE_PARTS:
        return cx_found(t, c->talk) || cx_found(t, c->hold)
               || cx_found(t, c->acw);
    case CX_HANDLE_TIMES: return cx_found(t, c->start) && cx_found(t, c->end);
    case CX_HANDLE_NONE: break;
    }
    return false;
}

enum cx_handle_source cx_handle_source_of(const struct cx_contacts *c,
                                          const struct cx_table *t)
{
    static const enum cx_handle_source order[] = {
        CX_HANDLE_COLUMN, CX_HANDLE_PARTS, CX_HANDLE_TIMES};
    for (size_t i = 0; i < 3; i++)
        if (cx_handle_source_found(c, t, order[i]))
            return order[i];
    return CX_HANDLE_NONE;
}

void cx_contacts_release(struct cx_contacts *c)
{
    cx_free(c->marks);
    c->marks = NULL;
}

bool cx_contact_abandoned(const struct cx_contacts *c,
                          const struct cx_table *t, size_t r)
{
    return cx_found(t, c->status)
           && c->marks[t->cols[c->status].v.dim[r]];
}

int64_t cx_handle_part(const struct cx_table *t, long col, size_t r)
{
    if (!cx_found(t, col))
        return 0;
    const struct cx_column *c = &t->cols[col];
    return c->state[r] == CX_CELL_OK ? c->v.ms[r] : 0;
}

/* Talk + hold + acw: invalid when one is, missing when none is given. */
static enum cx_cell sum_of_parts(const struct cx_contacts *c,
                                 const struct cx_table *t, size_t r,
                                 int64_t *ms)
{
    const long parts[3] = {c->talk, c->hold, c->acw};
    bool any = false;
    *ms = 0;
    for (int i = 0; i < 3; i++) {
        if (!cx_found(t, parts[i]))
            continue;
        const struct cx_column *p = &t->cols[parts[i]];
        if (p->state[r] == CX_CELL_INVALID)
            return CX_CELL_INVALID;
        if (p->state[r] == CX_CELL_OK) {
            any = true;
            *ms += p->v.ms[r];
        }
    }
    return any ? CX_CELL_OK : CX_CELL_MISSING;
}

enum cx_cell cx_handle_time(const struct cx_contacts *c,
                            const struct cx_table *t, size_t r, int64_t *ms)
{
    return cx_handle_time_from(c, c->src, t, r, ms);
}

enum cx_cell cx_handle_time_from(const struct cx_contacts *c,
                                 enum cx_handle_source src,
                                 const struct cx_table *t, size_t r,
                                 int64_t *ms)
{
    if (src == CX_HANDLE_COLUMN) {
        const struct cx_column *h = &t->cols[c->handle];
        *ms = h->v.ms[r];
        return (enum cx_cell)h->state[r];
    }
    if (src == CX_HANDLE_PARTS)
        return sum_of_parts(c, t, r, ms);
    const struct cx_column *s = &t->cols[c->start], *e = &t->cols[c->end];
    if (s->state[r] == CX_CELL_INVALID || e->state[r] == CX_CELL_INVALID)
        return CX_CELL_INVALID;
    if (s->state[r] != CX_CELL_OK || e->state[r] != CX_CELL_OK)
        return CX_CELL_MISSING;
    *ms = e->v.ms[r] - s->v.ms[r];
    /* negative, or longer than any handle time (the cap of durations) */
    return *ms < 0 || *ms > CX_DURATION_MAX_MS ? CX_CELL_INVALID : CX_CELL_OK;
}
